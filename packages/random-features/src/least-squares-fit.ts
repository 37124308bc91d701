import { gram, InvalidArgumentError, matmul, transpose } from '@overparam/tensor';
import type { Matrix } from './feature-map.js';
import { defaultRcond, gramSolve } from './internal/gram-solve.js';

/** Options of {@link leastSquaresFit}. */
export interface LeastSquaresFitOptions {
  /** Ridge λ ≥ 0: minimizes ‖Φa − Y‖²_F + λ‖a‖²_F. Default 0 (minimum-norm least squares). */
  ridge?: number;
  /** Relative eigenvalue cutoff of the Gram matrix's pseudo-inverse. Default 10·min(n, N)·ε. */
  rcond?: number;
}

/** Result of {@link leastSquaresFit}. */
export interface LeastSquaresFit {
  /** N×K coefficients a. */
  a: Matrix;
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
 * a = (ΦᵀΦ + λI)⁻¹ΦᵀY = Φᵀ(ΦΦᵀ + λI)⁻¹Y (Golub & Van Loan, 4th ed., §5.5; theory.md §2).
 *
 * The solver of the double-descent sweep, on a whole Φ: the smaller Gram matrix (ΦᵀΦ when
 * N < n, else ΦΦᵀ), Cholesky when its estimated condition number is at most 0.1/rcond, else
 * its eigendecomposition with eigenvalues ≤ rcond·λ_max dropped. Through the Gram matrix the
 * error grows like ε·κ(Φ)²: for ill-conditioned Φ held whole, prefer lstsqMinNorm of
 * @overparam/tensor (SVD, ε·κ(Φ)).
 *
 * @throws InvalidArgumentError when Φ and Y have different numbers of rows or λ < 0.
 * @example
 * const { a } = leastSquaresFit(
 *   { rows: 1, cols: 2, data: Float64Array.of(1, 1) },
 *   { rows: 1, cols: 1, data: Float64Array.of(2) },
 * );
 * a.data // Float64Array [1, 1]: the smallest a with a₁ + a₂ = 2
 */
export function leastSquaresFit(
  Phi: Matrix,
  Y: Matrix,
  options: LeastSquaresFitOptions = {},
): LeastSquaresFit {
  const { ridge = 0 } = options;
  if (Phi.rows !== Y.rows) {
    throw new InvalidArgumentError(
      'Y',
      `${Y.rows}×${Y.cols}`,
      `${Phi.rows} rows, one per row of Phi (${Phi.rows}×${Phi.cols})`,
    );
  }
  if (!(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new InvalidArgumentError('ridge', ridge, 'a finite number >= 0');
  }
  const n = Phi.rows;
  const N = Phi.cols;
  const rcond = options.rcond ?? defaultRcond(Math.min(n, N));
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
