import {
  cholesky,
  createRng,
  eigh,
  type Matrix64,
  matmul,
  NotPositiveDefiniteError,
  ShapeMismatchError,
  solveTriangular,
  transpose,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { targetMatrix } from './internal/square.js';
import { assertNonNegative, type MatrixInput, toMatrix64 } from './internal/validate.js';

/** Options of {@link kernelRidge}. */
export interface KernelRidgeOptions {
  /** λ ≥ 0. Default 0: the minimum-norm interpolant K⁺Y. */
  ridge?: number;
  /**
   * For λ = 0 on a singular K (Cholesky fails): eigenvalues ≤ rcond·λ_max count as zero.
   * Default n·ε (numpy's matrix_rank).
   */
  rcond?: number;
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
   * 'cholesky' an estimate by power iteration and inverse iteration through the Cholesky
   * factor (a slight underestimate). Infinity when singular.
   */
  readonly cond: number;
  /** 'cholesky' (K + λI positive definite) or 'eigh' (λ = 0 and K singular: K⁺Y). */
  readonly method: 'cholesky' | 'eigh';
  /** Numerical rank of K for method 'eigh'; n otherwise. */
  readonly rank: number;
  /** Predictions K(X*, X)·α for the m×n cross-kernel between test and training points. */
  predict(kTestTrain: MatrixInput): Matrix64;
  /** The same on the active tfjs backend (float32). The caller disposes the result. */
  predictGpu(kTestTrain: tf.Tensor2D): tf.Tensor2D;
}

/** Targets: a vector (one output) or an n×k matrix (k outputs, e.g. one-hot classes). */
export type TargetsInput = Matrix64 | readonly number[] | readonly (readonly number[])[];

function frobenius(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) ** 2;
  return Math.sqrt(s);
}

function matvec(A: Matrix64, v: Float64Array, ridge: number): Float64Array {
  const n = A.rows;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (A.data[i * n + j] as number) * (v[j] as number);
    out[i] = s + ridge * (v[i] as number);
  }
  return out;
}

function normalize(v: Float64Array): number {
  const norm = frobenius(v);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return norm;
}

/** λ_max by power iteration and λ_min by inverse iteration through L (LLᵀ = K + ridge·I). */
function condEstimate(K: Matrix64, ridge: number, L: Matrix64): number {
  const n = K.rows;
  const rng = createRng(0x5eed);
  let v: Float64Array = rng.fillNormal(new Float64Array(n));
  normalize(v);
  let max = 0;
  for (let it = 0; it < 100; it++) {
    v = matvec(K, v, ridge);
    const next = normalize(v);
    if (Math.abs(next - max) <= 1e-8 * next) {
      max = next;
      break;
    }
    max = next;
  }
  let w: Matrix64 = { rows: n, cols: 1, data: rng.fillNormal(new Float64Array(n)) };
  normalize(w.data);
  let invMin = 0;
  for (let it = 0; it < 100; it++) {
    w = solveTriangular(L, solveTriangular(L, w), { transpose: true });
    const next = normalize(w.data);
    if (Math.abs(next - invMin) <= 1e-8 * next) {
      invMin = next;
      break;
    }
    invMin = next;
  }
  return max * invMin;
}

/**
 * Kernel ridge regression in float64 on the CPU: α = (K + λI)⁻¹Y, and for λ = 0 the
 * minimum-norm interpolant α = K⁺Y (Schölkopf & Smola 2002, §4.3; for a neural tangent
 * kernel, the infinitely wide network trained to convergence by gradient descent from zero
 * output, Jacot et al. 2018). K + λI is factored by Cholesky; if that fails with λ > 0 the
 * smallest working jitter is added (reported in `ridge`); with λ = 0 on a singular K the
 * eigendecomposition gives K⁺Y with cutoff `rcond`. Y may have several columns (outputs).
 * Cost: n³/3 (Cholesky) or ~9n³ (eigh) flops; for n beyond a few thousand use the GPU
 * conjugate gradient.
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for a negative or NaN ridge, NaN entries.
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
  const { ridge = 0, rcond } = options;
  assertNonNegative('ridge', ridge, 'the ridge λ (0 for the minimum-norm interpolant)');
  if (rcond !== undefined)
    assertNonNegative('rcond', rcond, 'a relative eigenvalue cutoff (e.g. 1e-12)');
  const k = toMatrix64('kernelRidge', 'K', K);
  const n = k.rows;
  if (k.cols !== n) {
    throw new ShapeMismatchError(
      'kernelRidge',
      `K is ${k.rows}×${k.cols}`,
      'a square n×n kernel matrix K(X, X)',
    );
  }
  const y = targetMatrix('kernelRidge', Y, n);
  let alpha: Matrix64;
  let used = ridge;
  let cond: number;
  let method: 'cholesky' | 'eigh' = 'cholesky';
  let rank = n;
  let L: Matrix64 | null = null;
  try {
    L = cholesky(k, { jitter: ridge });
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    if (ridge > 0) {
      // Semi-definite up to rounding: the smallest of six growing jitters that factors.
      let jitter = error.suggestedJitter;
      for (let attempt = 0; L === null && attempt < 6; attempt++, jitter *= 10) {
        try {
          L = cholesky(k, { jitter: ridge + jitter });
          used = ridge + jitter;
        } catch (e) {
          if (!(e instanceof NotPositiveDefiniteError)) throw e;
        }
      }
    }
  }
  if (L !== null) {
    alpha = solveTriangular(L, solveTriangular(L, y), { transpose: true });
    cond = condEstimate(k, used, L);
  } else {
    method = 'eigh';
    const { values, vectors: V } = eigh(k);
    const top = Math.max(Math.abs(values[n - 1] as number), Math.abs(values[0] as number));
    const cut = (rcond ?? n * Number.EPSILON) * top;
    const VtY = matmul(transpose(V), y);
    const kOut = y.cols;
    rank = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const lam = (values[i] as number) + used;
      if (lam > cut) {
        rank++;
        min = Math.min(min, lam);
        for (let c = 0; c < kOut; c++)
          VtY.data[i * kOut + c] = (VtY.data[i * kOut + c] as number) / lam;
      } else {
        for (let c = 0; c < kOut; c++) VtY.data[i * kOut + c] = 0;
      }
    }
    alpha = matmul(V, VtY);
    cond = rank < n ? Number.POSITIVE_INFINITY : ((values[n - 1] as number) + used) / min;
  }
  const fitted = matmul(k, alpha);
  for (let i = 0; i < fitted.data.length; i++)
    fitted.data[i] = (fitted.data[i] as number) - (y.data[i] as number);
  const yNorm = frobenius(y.data);
  const residual = yNorm === 0 ? frobenius(fitted.data) : frobenius(fitted.data) / yNorm;
  const a = alpha;
  return {
    alpha: a,
    ridge: used,
    residual,
    cond,
    method,
    rank,
    predict(kTestTrain) {
      const kt = toMatrix64('kernelRidge.predict', 'kTestTrain', kTestTrain);
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
      if (kTestTrain.rank !== 2 || kTestTrain.shape[1] !== n) {
        throw new ShapeMismatchError(
          'kernelRidge.predictGpu',
          `kTestTrain has shape [${kTestTrain.shape.join(', ')}]`,
          `[m, ${n}] (K(X*, X), one column per training point)`,
        );
      }
      return tf.tidy(() =>
        tf.matMul(kTestTrain, tf.tensor2d(Float32Array.from(a.data), [n, a.cols])),
      );
    },
  };
}
