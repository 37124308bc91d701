import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asTargetsTensor,
  asTensor2D,
  conjugateGradient,
  extremeEigenvalues,
  InvalidArgumentError,
  resolveBudget,
  type TensorInput,
  type TensorTargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { KERNEL_MATRIX, kernelInput } from './internal/validate.js';
import { F32 } from './internal/work.js';

/** Options of {@link kernelRidgeGpu}. */
export interface KernelRidgeGpuOptions {
  /** λ ≥ 0. Default 0 (raised to the float32 floor, see {@link kernelRidgeGpu}). */
  ridge?: number;
  /** Smallest ridge used, relative to the mean diagonal tr(K)/n. Default 1e-6. */
  ridgeFloor?: number;
  /** Target relative residual of each CG solve. Default 1e-5. */
  tol?: number;
  /**
   * CG iteration cap per output. Default max(2n, 50), lowered (to no fewer than 1) so that
   * outputs × cap × 2n² stays within the budget: only for n in the thousands, where CG
   * converges in far fewer iterations (40–75 at κ ≈ 10³–10⁴); `converged` says if it did.
   */
  maxIterations?: number;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB). Estimated before
   * anything is uploaded: outputs × maxIterations CG steps and ≤ 60 Lanczos steps of one n×n
   * matvec (2n² flops) each, and K on the backend plus its read-back for the symmetry check
   * (8·n² bytes). An explicit `maxIterations` beyond it throws WorkBudgetError.
   */
  budget?: WorkBudget;
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
 * One point (n = 1) is fine. A K with zero trace (K = 0) and ridge 0 cannot be solved by CG
 * (K + λI is singular): it throws InvalidArgumentError (ridge) saying to pass a ridge > 0 or use the
 * float64 {@link kernelRidge} (which gives K⁺Y = 0).
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for negative or NaN options, options that are not an object or a
 *   disposed tensor; NonFiniteError for NaN in host data or in K's diagonal; WorkBudgetError when
 *   the CG iterations (outputs × maxIterations × 2n²) or K (4·n² bytes) are beyond the budget.
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
  const { ridge = 0, ridgeFloor = 1e-6, tol = 1e-5, maxIterations, budget } = options;
  assertNonNegative(op, 'ridge', ridge, 'the ridge λ');
  assertNonNegative(
    op,
    'ridgeFloor',
    ridgeFloor,
    'the smallest ridge relative to tr(K)/n, e.g. 1e-6',
  );
  assertPositive(op, 'tol', tol, 'the CG target relative residual, e.g. 1e-5');
  if (maxIterations !== undefined) {
    assertInteger(op, 'maxIterations', maxIterations, { min: 1 }, 'the CG iteration cap, e.g. 200');
  }
  resolveBudget(budget, op);
  const { n, input } = kernelInput(op, K);
  const held: tf.Tensor[] = [];
  try {
    const y = asTargetsTensor(op, 'Y', Y, { rows: n });
    if (y.owned) held.push(y.tensor);
    const targets = y.tensor;
    const outputs = targets.shape[1];
    // One CG or Lanczos step is one n×n matvec plus a few vectors: 2n² + 10n flops.
    const step = 2 * n * n + 10 * n;
    const lanczos = Math.min(n, 60);
    const fits = Math.floor(
      (resolveBudget(budget).maxFlops / step - lanczos - 1) / Math.max(outputs, 1),
    );
    const cap = maxIterations ?? Math.max(1, Math.min(Math.max(2 * n, 50), fits));
    assertWorkBudget(
      op,
      // K on the backend (uploaded, or given) and its read-back for the symmetry check.
      {
        flops: step * (outputs * cap + lanczos + 1),
        bytes: 2 * F32 * n * n + 8 * F32 * n * outputs,
      },
      budget,
      'fewer points n, a smaller maxIterations, or the float64 kernelRidge for n ≲ 4000',
    );
    const k = asTensor2D(op, 'K', input, KERNEL_MATRIX);
    if (k.owned) held.push(k.tensor);
    const kernel = k.tensor;
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
    if (!(used > 0)) {
      throw new InvalidArgumentError(
        'ridge',
        ridge,
        `> 0 for this K, whose mean diagonal tr(K)/n is ${meanDiagonal} (conjugate gradient ` +
          'needs K + ridge·I positive definite); or use the float64 kernelRidge (K⁺Y, 0 for K = 0)',
        op,
      );
    }
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
    const columns: tf.Tensor1D[] = [];
    const iterations: number[] = [];
    let converged = true;
    try {
      for (let c = 0; c < outputs; c++) {
        const b = tf.tidy(() => tf.squeeze(tf.slice(targets, [0, c], [n, 1]), [1]) as tf.Tensor1D);
        try {
          const r = await conjugateGradient(matvec, b, {
            tol,
            maxIterations: cap,
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
    const eig = await extremeEigenvalues(matvec, n, { maxIterations: lanczos });
    return {
      alpha,
      ridge: used,
      residual,
      cond: eig.min > 0 ? eig.max / eig.min : Number.POSITIVE_INFINITY,
      iterations,
      converged,
      predict(kTestTrain) {
        if (alpha.isDisposed) {
          throw new InvalidArgumentError(
            'model',
            'a disposed model',
            'predict before dispose() (dispose frees α)',
            'kernelRidgeGpu.predict',
          );
        }
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
