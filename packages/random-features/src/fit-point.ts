import type { Precision } from './internal/sweep-engine.js';

/** One fit of a random-features model: which solve it took, and how well it did. */
export interface FitPoint {
  /** Number of features N. */
  N: number;
  /** Number of training samples n (the interpolation threshold is N = n). */
  n: number;
  /** The feature seed (`featureSeed`; one of doubleDescent's `featureSeeds`). */
  seed: number;
  /** Ridge λ of the fit (0: least squares, minimum-norm when N ≥ n). */
  ridge: number;
  /** (1/n)·Σ_i ‖ŷ(x_i) − y_i‖² over the training set: squared error summed over outputs. */
  trainMse: number;
  /** The same over the test set (which has at least one sample). */
  testMse: number;
  /** Fraction of training samples misclassified (argmax of the outputs), when labels are given. */
  trainError01: number | null;
  /** Fraction of test samples misclassified, when labels are given. */
  testError01: number | null;
  /** ‖a‖_F, the Frobenius norm of the N×K coefficients. */
  norm: number;
  /** 'float32-gram': Gram matrix from float32 backend products; 'float64': recomputed on the CPU. */
  precision: Precision;
  /** 'primal' (N < n): solve with ΦᵀΦ, N×N; 'dual' (N ≥ n): with ΦΦᵀ, n×n. */
  form: 'primal' | 'dual';
  /** 'cholesky', or 'eigh' for the pseudo-inverse with the eigenvalue cutoff. */
  solver: 'cholesky' | 'eigh';
  /** Eigenvalues of the Gram matrix (+ λI) kept: min(N, n) unless the cutoff removed some. */
  rank: number;
  /** Eigenvalues at or below this value were treated as zero (rcond·λ_max). */
  cutoff: number;
  /**
   * Condition number λ_max/λ_min of the Gram matrix (+ λI): estimated (Cholesky) or exact (eigh);
   * +Infinity for a singular one (λ_min ≤ 0, the mathematical value). CSV and JSON exports write
   * it as the string "Infinity".
   */
  condition: number;
  /** Wall-clock seconds of this fit. */
  seconds: number;
}
