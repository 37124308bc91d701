import type { Matrix64, MatrixInput, TensorInput, WorkBudget } from '@overparam/tensor';
import type * as tf from '@tensorflow/tfjs-core';
import type { GpuTileOptions } from './internal/gpu.js';

/** The option every kernel factory takes: the work budget of its calls. */
export interface KernelBudgetOptions {
  /**
   * Work budget of each `f64`, `diagF64`, `gpu` and `diagGpu` call (default tensor's
   * DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB); `gpu(X, Y, { budget })` overrides it for one
   * call. A K(X, Y) of n·m entries is estimated at 8·n·m bytes (float64) or 8·n·m (float32,
   * the tiles and their concatenation) and ~2·n·m·d flops, and refused with WorkBudgetError
   * before anything is allocated: `rbfKernel().f64(X)` for n = 10⁵ points (10¹⁰ entries,
   * 80 GB) throws at once.
   */
  budget?: WorkBudget;
}

/**
 * A positive semi-definite kernel k(x, x') on R^d with a float64 CPU path and a float32 tfjs
 * path. Every classic kernel of this package ({@link linearKernel}, {@link rbfKernel}, ...)
 * returns one.
 *
 * @example
 * const k = rbfKernel({ lengthScale: 1 });
 * toArray(k.f64([[0], [1]])) // [[1, 0.6065…], [0.6065…, 1]]
 */
export interface Kernel {
  /** Name and options, e.g. 'rbf(lengthScale=1)'. */
  readonly name: string;
  /**
   * K(X, Y) (K(X, X) if Y is omitted), float64 on the CPU; X n×d, Y m×d → n×m. One point
   * (n = 1) is fine.
   *
   * @throws InvalidArgumentError, ShapeMismatchError, NonFiniteError for bad X or Y;
   *   WorkBudgetError when n·m entries exceed the kernel's budget.
   */
  f64(X: MatrixInput, Y?: MatrixInput): Matrix64;
  /** k(x_i, x_i) for each row, float64. */
  diagF64(X: MatrixInput): Float64Array;
  /**
   * K(X, Y) in float32 on the active tfjs backend, tiled over rows of X. The caller disposes.
   *
   * @throws the errors of `f64`, and InvalidArgumentError for a disposed tensor or bad options
   *   (maxTileElements, signal, onProgress, budget).
   */
  gpu(X: TensorInput, Y?: TensorInput, options?: GpuTileOptions): Promise<tf.Tensor2D>;
  /** The diagonal in float32 on the active backend. The caller disposes. */
  diagGpu(X: TensorInput): Promise<tf.Tensor1D>;
}
