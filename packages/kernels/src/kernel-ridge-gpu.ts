import {
  assertNonNegative,
  assertOptions,
  assertPositive,
  asTargetsTensor,
  asTensor2D,
  conjugateGradient,
  extremeEigenvalues,
  InvalidArgumentError,
  type TensorInput,
  type TensorTargetsInput,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { KERNEL_MATRIX } from './internal/validate.js';

/** Options of {@link kernelRidgeGpu}. */
export interface KernelRidgeGpuOptions {
  /** λ ≥ 0. Default 0 (raised to the float32 floor, see {@link kernelRidgeGpu}). */
  ridge?: number;
  /** Smallest ridge used, relative to the mean diagonal tr(K)/n. Default 1e-6. */
  ridgeFloor?: number;
  /** Target relative residual of each CG solve. Default 1e-5. */
  tol?: number;
  /** CG iteration cap per output. Default max(2n, 50). */
  maxIterations?: number;
}

/** A kernel ridge regression fitted on the GPU; see {@link kernelRidgeGpu}. */
export interface KernelRidgeGpuModel {
  /** Dual coefficients α (n×k, float32, on the backend). Disposed by `dispose()`. */
  readonly alpha: tf.Tensor2D;
  /** The ridge actually used: max(λ, ridgeFloor·tr(K)/n). */
  readonly ridge: number;
  /** Relative training residual ‖Kα − Y‖_F/‖Y‖_F, in float32. */
  readonly residual: number;
  /** κ₂(K + ridge·I) from Lanczos estimates of λ_max and λ_min (a slight underestimate). */
  readonly cond: number;
  /** CG iterations per output column. */
  readonly iterations: number[];
  /** Whether every CG solve reached `tol`. */
  readonly converged: boolean;
  /** K(X*, X)·α on the backend (K(X*, X): m×n, a tensor or host data); the caller disposes the result. */
  predict(kTestTrain: TensorInput): tf.Tensor2D;
  /** Frees α. */
  dispose(): void;
}

/**
 * Kernel ridge regression on the active tfjs backend (float32) by conjugate gradient on
 * (K + λI)α = Y, one solve per output column, Jacobi-preconditioned (Hestenes & Stiefel 1952;
 * {@link conjugateGradient} of @overparam/tensor). For n beyond what the float64
 * {@link kernelRidge} handles (its Cholesky costs n³/3 flops on one core). float32 cannot
 * resolve eigenvalues below ~1e-6 of the largest, so the ridge is raised to at least
 * `ridgeFloor`·tr(K)/n and the value used is reported; for λ = 0 on small problems, and
 * for anything ill-conditioned, use {@link kernelRidge}. Each CG step is one n×n matvec.
 *
 * @param K the n×n kernel matrix: a float32 tensor on the backend (from kernel.gpu(X), used as
 *   it is) or host data (uploaded).
 * @param Y n targets or n×k (a tensor, arrays or a Matrix64).
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for negative or NaN options; NonFiniteError for NaN in host data.
 * @example
 * const K = await rbfKernel().gpu(X);                      // n×n on the GPU
 * const model = await kernelRidgeGpu(K, y, { ridge: 1e-3 });
 * model.converged // true; model.residual ≈ 0.01
 * const pred = model.predict(await rbfKernel().gpu(Xtest, X));
 */
export async function kernelRidgeGpu(
  K: TensorInput,
  Y: TensorTargetsInput,
  options: KernelRidgeGpuOptions = {},
): Promise<KernelRidgeGpuModel> {
  const op = 'kernelRidgeGpu';
  assertOptions(op, 'options', options);
  const { ridge = 0, ridgeFloor = 1e-6, tol = 1e-5, maxIterations } = options;
  assertNonNegative(op, 'ridge', ridge, 'the ridge λ');
  assertNonNegative(
    op,
    'ridgeFloor',
    ridgeFloor,
    'the smallest ridge relative to tr(K)/n, e.g. 1e-6',
  );
  assertPositive(op, 'tol', tol, 'the CG target relative residual, e.g. 1e-5');
  const held: tf.Tensor[] = [];
  try {
    const k = asTensor2D(op, 'K', K, KERNEL_MATRIX);
    if (k.owned) held.push(k.tensor);
    const kernel = k.tensor;
    const n = kernel.shape[0];
    const y = asTargetsTensor(op, 'Y', Y, { rows: n });
    if (y.owned) held.push(y.tensor);
    const targets = y.tensor;
    const diagonal = tf.tidy(
      () =>
        tf.gather(tf.reshape(kernel, [n * n]), tf.range(0, n * n, n + 1, 'int32')) as tf.Tensor1D,
    );
    held.push(diagonal);
    const meanDiagonal = await scalar(tf.tidy(() => tf.mean(diagonal)));
    const used = Math.max(ridge, ridgeFloor * meanDiagonal);
    if (!Number.isFinite(used))
      throw new InvalidArgumentError(
        'K',
        'a matrix with a non-finite diagonal',
        'finite entries',
        op,
      );
    const matvec = (v: tf.Tensor1D) =>
      tf.tidy(
        () =>
          tf.add(
            tf.squeeze(tf.matMul(kernel, tf.reshape(v, [n, 1])), [1]),
            tf.mul(v, used),
          ) as tf.Tensor1D,
      );
    const shifted = tf.add(diagonal, used) as tf.Tensor1D;
    held.push(shifted);
    const outputs = targets.shape[1];
    const columns: tf.Tensor1D[] = [];
    const iterations: number[] = [];
    let converged = true;
    try {
      for (let c = 0; c < outputs; c++) {
        const b = tf.tidy(() => tf.squeeze(tf.slice(targets, [0, c], [n, 1]), [1]) as tf.Tensor1D);
        try {
          const r = await conjugateGradient(matvec, b, {
            tol,
            ...(maxIterations === undefined ? {} : { maxIterations }),
            preconditioner: 'jacobi',
            diagonal: shifted,
          });
          columns.push(r.x);
          iterations.push(r.iterations);
          converged &&= r.converged;
        } finally {
          b.dispose();
        }
      }
    } catch (error) {
      tf.dispose(columns);
      throw error;
    }
    const alpha = tf.tidy(() => tf.stack(columns, 1) as tf.Tensor2D);
    tf.dispose(columns);
    const residual = await scalar(
      tf.tidy(() => {
        const r = tf.sub(tf.matMul(kernel, alpha), targets);
        return tf.div(tf.norm(r), tf.maximum(tf.norm(targets), 1e-30));
      }),
    );
    const eig = await extremeEigenvalues(matvec, n, { maxIterations: Math.min(n, 60) });
    return {
      alpha,
      ridge: used,
      residual,
      cond: eig.min > 0 ? eig.max / eig.min : Number.POSITIVE_INFINITY,
      iterations,
      converged,
      predict(kTestTrain) {
        const kt = asTensor2D('kernelRidgeGpu.predict', 'kTestTrain', kTestTrain, {
          cols: n,
          meaning: 'K(X*, X), one column per training point',
        });
        try {
          return tf.matMul(kt.tensor, alpha);
        } finally {
          if (kt.owned) kt.tensor.dispose();
        }
      },
      dispose() {
        alpha.dispose();
      },
    };
  } finally {
    tf.dispose(held);
  }
}

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}
