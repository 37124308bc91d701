import {
  asMatrix64,
  asSymmetricMatrix64,
  assertNonNegative,
  assertNumber,
  assertOptions,
  assertWorkBudget,
  asTargets,
  asTensor2D,
  type Matrix64,
  type MatrixInput,
  matmul,
  ShapeMismatchError,
  solvePsd,
  type TargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { KERNEL_MATRIX } from './internal/validate.js';

/** Options of {@link kernelRidge}. */
export interface KernelRidgeOptions {
  /** λ ≥ 0. Default 0: the minimum-norm interpolant K⁺Y. */
  ridge?: number;
  /**
   * For λ = 0 on a singular K (Cholesky fails): eigenvalues ≤ rcond·λ_max count as zero.
   * Default n·ε (numpy's matrix_rank).
   */
  rcond?: number;
  /**
   * Work limits of the fit, checked before it starts against n³/3 flops (Cholesky) and two
   * float64 n×n arrays (K and its factor): n ≈ 8000 fits the default, tensor's
   * DEFAULT_WORK_BUDGET (2e11 flops, 2 GiB).
   */
  budget?: WorkBudget;
}

/** A fitted kernel ridge regression; see {@link kernelRidge}. */
export interface KernelRidgeModel {
  /** Dual coefficients α (n×k): f(x) = Σ_i α_i k(x, x_i) = K(x, X)·α. */
  readonly alpha: Matrix64;
  /** The ridge actually used: λ, plus any jitter that Cholesky needed on a semi-definite K. */
  readonly ridge: number;
  /** Relative training residual ‖Kα − Y‖_F/‖Y‖_F (0 up to rounding for an interpolant). */
  readonly residual: number;
  /**
   * κ₂(K + ridge·I) = λ_max/λ_min. Exact (from the spectrum) for method 'eigh'; for
   * 'cholesky' an estimate from power and inverse iteration through the Cholesky factor, with
   * Lanczos acceleration (solvePsd of @overparam/tensor): never above κ, within ~1% of it.
   * Infinity when singular.
   */
  readonly cond: number;
  /** Whether `cond` is an estimate (method 'cholesky') rather than exact (method 'eigh'). */
  readonly condIsEstimate: boolean;
  /** 'cholesky' (K + λI positive definite) or 'eigh' (λ = 0 and K singular: K⁺Y). */
  readonly method: 'cholesky' | 'eigh';
  /** Numerical rank of K for method 'eigh'; n otherwise. */
  readonly rank: number;
  /** Predictions K(X*, X)·α for the m×n cross-kernel between test and training points. */
  predict(kTestTrain: MatrixInput): Matrix64;
  /** The same on the active tfjs backend (float32). The caller disposes the result. */
  predictGpu(kTestTrain: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Kernel ridge regression in float64 on the CPU: α = (K + λI)⁻¹Y, and for λ = 0 the
 * minimum-norm interpolant α = K⁺Y (Schölkopf & Smola 2002, §4.3; for a neural tangent
 * kernel, the infinitely wide network trained to convergence by gradient descent from zero
 * output, Jacot et al. 2018). The solve is `solvePsd` of @overparam/tensor: Cholesky of K + λI
 * (its trailing update in WebAssembly SIMD); if that fails with λ > 0 the smallest working
 * jitter of 1e-12 … 1e-6 × mean diagonal is added (reported in `ridge`); with λ = 0 on a
 * singular K the eigendecomposition gives K⁺Y with cutoff `rcond`; an indefinite K (an
 * eigenvalue below −1e-6·tr(K)) throws. Y may have several columns (outputs). The residual
 * takes one more pass over K. Cost: n³/3 (Cholesky) or ~9n³ (eigh) flops: ~0.04 s at
 * n = 1000, 0.2 s at 2000, 1.4 s at 4000 on one core (see the README benchmark); beyond that
 * consider the GPU conjugate gradient.
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for a negative or NaN ridge or rcond; NonFiniteError for NaN entries;
 *   NotSymmetricError; NotPositiveDefiniteError for an indefinite K.
 * @example
 * const K = rbfKernel().f64([[0], [1], [2]]);
 * const model = kernelRidge(K, [0, 1, 0]);
 * model.residual // ~1e-16: the interpolant
 * toArray(model.predict(rbfKernel().f64([[1]], [[0], [1], [2]]))) // [[1]]
 */
export function kernelRidge(
  K: MatrixInput,
  Y: TargetsInput,
  options: KernelRidgeOptions = {},
): KernelRidgeModel {
  const op = 'kernelRidge';
  assertOptions(op, 'options', options);
  const { ridge = 0, rcond } = options;
  assertNonNegative(op, 'ridge', ridge, 'the ridge λ, 0 for the minimum-norm interpolant');
  if (rcond !== undefined) {
    assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  }
  const k = asSymmetricMatrix64(op, 'K', K, { meaning: KERNEL_MATRIX.meaning });
  const n = k.rows;
  // The expected route: Cholesky (n³/3 flops) with K and its factor alive (an eigh fallback on a
  // singular K costs ~9n³ more and is not charged up front).
  assertWorkBudget(
    op,
    { flops: n ** 3 / 3, bytes: 2 * 8 * n * n },
    options.budget,
    "for large n use fitKernelRidge with solver: 'gpu-cg'",
  );
  const y = asTargets(op, 'Y', Y, { rows: n });
  // K and Y were just checked (finite, and K symmetric, in one pass): skip solvePsd's rescan.
  const solve = solvePsd(k, y, {
    ridge,
    checkFinite: false,
    symmetryTolerance: Number.POSITIVE_INFINITY,
    ...(rcond === undefined ? {} : { rcond }),
  });
  // solve.cond is ∞ when eigh cut an eigenvalue (K + ridge·I singular).
  const { x: alpha, method, rank, cond } = solve;
  const residual = relativeResidual(k, alpha, y);
  const a = alpha;
  return {
    alpha: a,
    ridge: solve.ridge,
    residual,
    cond,
    condIsEstimate: solve.condIsEstimate,
    method,
    rank,
    predict(kTestTrain) {
      const kt = asMatrix64('kernelRidge.predict', 'kTestTrain', kTestTrain);
      if (kt.cols !== n) {
        throw new ShapeMismatchError(
          'kernelRidge.predict',
          `kTestTrain has ${kt.cols} columns`,
          `${n} columns, one per training point (K(X*, X) is m×n)`,
        );
      }
      return matmul(kt, a);
    },
    predictGpu(kTestTrain) {
      const kt = asTensor2D('kernelRidge.predictGpu', 'kTestTrain', kTestTrain, {
        cols: n,
        meaning: 'K(X*, X), one column per training point',
      });
      try {
        return tf.tidy(() =>
          tf.matMul(kt.tensor, tf.tensor2d(Float32Array.from(a.data), [n, a.cols])),
        );
      } finally {
        if (kt.owned) kt.tensor.dispose();
      }
    },
  };
}

/** ‖Kα − Y‖_F/‖Y‖_F (‖Kα − Y‖_F when Y = 0), in one pass over the rows of K. */
function relativeResidual(K: Matrix64, alpha: Matrix64, Y: Matrix64): number {
  const n = K.rows;
  const k = alpha.cols;
  const kd = K.data;
  const a = alpha.data;
  const y = Y.data;
  let rr = 0;
  let yy = 0;
  if (k === 1) {
    for (let i = 0; i < n; i++) {
      const r = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        s0 += kd[r + j]! * a[j]!;
        s1 += kd[r + j + 1]! * a[j + 1]!;
        s2 += kd[r + j + 2]! * a[j + 2]!;
        s3 += kd[r + j + 3]! * a[j + 3]!;
      }
      for (; j < n; j++) s0 += kd[r + j]! * a[j]!;
      const d = s0 + s1 + (s2 + s3) - y[i]!;
      rr += d * d;
      yy += y[i]! * y[i]!;
    }
  } else {
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const r = i * n;
      row.fill(0);
      for (let j = 0; j < n; j++) {
        const kij = kd[r + j]!;
        const aj = j * k;
        for (let c = 0; c < k; c++) row[c]! += kij * a[aj + c]!;
      }
      for (let c = 0; c < k; c++) {
        const d = row[c]! - y[i * k + c]!;
        rr += d * d;
        yy += y[i * k + c]! ** 2;
      }
    }
  }
  return yy === 0 ? Math.sqrt(rr) : Math.sqrt(rr / yy);
}
