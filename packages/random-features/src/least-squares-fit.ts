import {
  asMatrix64,
  assertNonNegative,
  assertNumber,
  assertOptions,
  assertWorkBudget,
  asTargets,
  gram,
  type Matrix64,
  type MatrixInput,
  matmul,
  type TargetsInput,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import { defaultRcond, gramSolve } from './internal/gram-solve.js';

/** Options of {@link leastSquaresFit}. */
export interface LeastSquaresFitOptions {
  /** Ridge λ ≥ 0: minimizes ‖Φa − Y‖²_F + λ‖a‖²_F. Default 0 (minimum-norm least squares). */
  ridge?: number;
  /** Relative eigenvalue cutoff of the Gram matrix's pseudo-inverse. Default 10·min(n, N)·ε. */
  rcond?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the Gram matrix is formed: with m = min(n, N), 2·n·N·m + 9m³ + 4·n·N·K flops and
   * 8·(n·N + 3m² + (n + N)·K) bytes.
   */
  budget?: WorkBudget;
}

/** Result of {@link leastSquaresFit}. */
export interface LeastSquaresFit {
  /** N×K coefficients a. */
  a: Matrix64;
  /** 'primal' (N < n, ΦᵀΦ) or 'dual' (N ≥ n, ΦΦᵀ). */
  form: 'primal' | 'dual';
  solver: 'cholesky' | 'eigh';
  /** Eigenvalues of the Gram matrix (+ λI) kept. */
  rank: number;
  /** Eigenvalues at or below this value were treated as zero. */
  cutoff: number;
  /** λ_max/λ_min of the Gram matrix (+ λI): estimated (Cholesky) or exact (eigh). */
  condition: number;
}

/**
 * Float64 least squares on the CPU for a given feature matrix Φ (n×N) and targets Y (n×K):
 * a = Φ⁺Y, the minimum-norm solution (the unique one when N < n and Φ has full column rank,
 * the minimum-norm interpolant Φᵀ(ΦΦᵀ)⁻¹Y when N ≥ n), or with ridge λ > 0,
 * a = (ΦᵀΦ + λI)⁻¹ΦᵀY = Φᵀ(ΦΦᵀ + λI)⁻¹Y (Golub & Van Loan, 4th ed., §5.5; https://overparam.dev/docs/theory/random-features#min-norm-fit).
 *
 * The solver of the double-descent sweep, on a whole Φ: the smaller Gram matrix (ΦᵀΦ when
 * N < n, else ΦΦᵀ), Cholesky when its estimated condition number is at most 0.1/rcond, else
 * its eigendecomposition with eigenvalues ≤ rcond·λ_max dropped. Through the Gram matrix the
 * error grows like ε·κ(Φ)²: for ill-conditioned Φ held whole, prefer lstsqMinNorm of
 * @overparam/tensor (SVD, ε·κ(Φ)).
 *
 * Φ is a {@link MatrixInput} (a Matrix64 or nested arrays); Y is n targets or an n×K matrix.
 *
 * @throws ShapeMismatchError when Y does not have one row per row of Φ; NonFiniteError for
 *   NaN/±Infinity entries; InvalidArgumentError for λ < 0 or rcond outside [0, 1);
 *   WorkBudgetError for a Φ whose solve exceeds the work budget.
 * @example
 * const { a } = leastSquaresFit(
 *   { rows: 1, cols: 2, data: Float64Array.of(1, 1) },
 *   { rows: 1, cols: 1, data: Float64Array.of(2) },
 * );
 * a.data // Float64Array [1, 1]: the smallest a with a₁ + a₂ = 2
 */
export function leastSquaresFit(
  PhiInput: MatrixInput,
  YInput: TargetsInput,
  options: LeastSquaresFitOptions = {},
): LeastSquaresFit {
  const op = 'leastSquaresFit';
  const Phi = asMatrix64(op, 'Phi', PhiInput, {
    meaning: 'n×N: one row per sample, one column per feature',
  });
  const Y = asTargets(op, 'Y', YInput, { rows: Phi.rows });
  assertOptions(op, 'options', options);
  const { ridge = 0, rcond: rcondOption } = options;
  assertNonNegative(op, 'ridge', ridge, 'the ridge λ (0: minimum-norm least squares)');
  if (rcondOption !== undefined)
    assertNumber(op, 'rcond', rcondOption, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  const n = Phi.rows;
  const N = Phi.cols;
  const rcond = rcondOption ?? defaultRcond(Math.min(n, N));
  const m = Math.min(n, N);
  const k = Y.cols;
  assertWorkBudget(
    op,
    {
      flops: 2 * n * N * m + 9 * m ** 3 + 4 * n * N * k,
      bytes: 8 * (n * N + 3 * m * m + (n + N) * k),
    },
    options.budget,
    'use a smaller Φ',
  );
  const Phit = transpose(Phi);
  if (N < n) {
    const solve = gramSolve(gram(Phi), matmul(Phit, Y), { ridge, rcond });
    return { a: solve.x, form: 'primal', ...rest(solve) };
  }
  const solve = gramSolve(gram(Phi, { form: 'AAt' }), Y, { ridge, rcond });
  return { a: matmul(Phit, solve.x), form: 'dual', ...rest(solve) };
}

function rest(solve: {
  solver: 'cholesky' | 'eigh';
  rank: number;
  cutoff: number;
  condition: number;
}) {
  const { solver, rank, cutoff, condition } = solve;
  return { solver, rank, cutoff, condition };
}
