import {
  conjugateGradient,
  extremeEigenvalues,
  InvalidArgumentError,
  type Matrix64,
  ShapeMismatchError,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { targetMatrix } from './internal/square.js';
import { assertNonNegative, assertPositive } from './internal/validate.js';
import type { TargetsInput } from './kernel-ridge.js';

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
  /** K(X*, X)·α on the backend; the caller disposes the result. */
  predict(kTestTrain: tf.Tensor2D): tf.Tensor2D;
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
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for negative or NaN options.
 * @example
 * const K = await rbfKernel().gpu(X);                      // n×n on the GPU
 * const model = await kernelRidgeGpu(K, y, { ridge: 1e-3 });
 * model.converged // true; model.residual ≈ 0.01
 * const pred = model.predict(await rbfKernel().gpu(Xtest, X));
 */
export async function kernelRidgeGpu(
  K: tf.Tensor2D,
  Y: TargetsInput | tf.Tensor1D | tf.Tensor2D,
  options: KernelRidgeGpuOptions = {},
): Promise<KernelRidgeGpuModel> {
  const op = 'kernelRidgeGpu';
  const { ridge = 0, ridgeFloor = 1e-6, tol = 1e-5, maxIterations } = options;
  assertNonNegative('ridge', ridge, 'the ridge λ');
  assertNonNegative('ridgeFloor', ridgeFloor, 'the smallest ridge relative to tr(K)/n (e.g. 1e-6)');
  assertPositive('tol', tol, 'the CG target relative residual (e.g. 1e-5)');
  if (!(K instanceof tf.Tensor) || K.rank !== 2 || K.shape[0] !== K.shape[1]) {
    throw new ShapeMismatchError(
      op,
      `K has shape [${K instanceof tf.Tensor ? K.shape.join(', ') : typeof K}]`,
      'a square n×n tf.Tensor2D (from kernel.gpu(X))',
    );
  }
  const n = K.shape[0];
  let targets: tf.Tensor2D;
  if (Y instanceof tf.Tensor) {
    if (Y.shape[0] !== n || Y.rank > 2) {
      throw new ShapeMismatchError(
        op,
        `Y has shape [${Y.shape.join(', ')}]`,
        `[${n}] or [${n}, k]`,
      );
    }
    targets = Y.rank === 1 ? tf.reshape(Y, [n, 1]) : tf.clone(Y as tf.Tensor2D);
  } else {
    const y: Matrix64 = targetMatrix(op, Y, n);
    targets = tf.tensor2d(Float32Array.from(y.data), [y.rows, y.cols]);
  }
  const diagonal = tf.tidy(
    () => tf.gather(tf.reshape(K, [n * n]), tf.range(0, n * n, n + 1, 'int32')) as tf.Tensor1D,
  );
  const held: tf.Tensor[] = [targets, diagonal];
  try {
    const meanDiagonal = await scalar(tf.tidy(() => tf.mean(diagonal)));
    const used = Math.max(ridge, ridgeFloor * meanDiagonal);
    if (!Number.isFinite(used))
      throw new InvalidArgumentError('K', 'a matrix with a non-finite diagonal', 'finite entries');
    const matvec = (v: tf.Tensor1D) =>
      tf.tidy(
        () =>
          tf.add(
            tf.squeeze(tf.matMul(K, tf.reshape(v, [n, 1])), [1]),
            tf.mul(v, used),
          ) as tf.Tensor1D,
      );
    const shifted = tf.add(diagonal, used) as tf.Tensor1D;
    held.push(shifted);
    const k = targets.shape[1];
    const columns: tf.Tensor1D[] = [];
    const iterations: number[] = [];
    let converged = true;
    try {
      for (let c = 0; c < k; c++) {
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
        const r = tf.sub(tf.matMul(K, alpha), targets);
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
        if (kTestTrain.rank !== 2 || kTestTrain.shape[1] !== n) {
          throw new ShapeMismatchError(
            'kernelRidgeGpu.predict',
            `kTestTrain has shape [${kTestTrain.shape.join(', ')}]`,
            `[m, ${n}] (K(X*, X), one column per training point)`,
          );
        }
        return tf.matMul(kTestTrain, alpha);
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
