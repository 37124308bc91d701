import type { Matrix64, MatrixInput, TensorInput } from '@overparam/tensor';
import type * as tf from '@tensorflow/tfjs-core';
import type { GpuTileOptions } from './internal/gpu.js';

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
  /** K(X, Y) (K(X, X) if Y is omitted), float64 on the CPU; X n×d, Y m×d → n×m. */
  f64(X: MatrixInput, Y?: MatrixInput): Matrix64;
  /** k(x_i, x_i) for each row, float64. */
  diagF64(X: MatrixInput): Float64Array;
  /** K(X, Y) in float32 on the active tfjs backend, tiled over rows of X. The caller disposes. */
  gpu(X: TensorInput, Y?: TensorInput, options?: GpuTileOptions): Promise<tf.Tensor2D>;
  /** The diagonal in float32 on the active backend. The caller disposes. */
  diagGpu(X: TensorInput): Promise<tf.Tensor1D>;
}
