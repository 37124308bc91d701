// The float64 solver behind every fit: (A + λI)·X = B for a symmetric positive semi-definite
// Gram matrix A (ΦᵀΦ in the primal form, ΦΦᵀ in the dual), minimum-norm when A is singular.
// All of it is solvePsd of @overparam/tensor (Cholesky with a Lanczos condition estimate, or the
// eigh pseudo-inverse); this file only fixes the choices of the sweep.
import {
  type Matrix64,
  NotPositiveDefiniteError,
  type SolvePsdOptions,
  type SolvePsdResult,
  solvePsd,
} from '@overparam/tensor';

/** How a Gram system was solved. */
export interface GramSolve {
  /** m×k solution: (A + λI)⁻¹B, or (A + λI)⁺B with the eigenvalue cutoff. */
  x: Matrix64;
  solver: 'cholesky' | 'eigh';
  /** Eigenvalues of A + λI kept: m after a Cholesky solve. */
  rank: number;
  /** Eigenvalues of A + λI at or below this (absolute) value are treated as zero. */
  cutoff: number;
  /** λ_max/λ_min of A + λI: estimated after Cholesky, exact (of the computed A) after eigh. */
  condition: number;
}

/** Options of {@link choleskySolve} and {@link gramSolve}. */
export interface GramSolveOptions {
  /** Ridge λ ≥ 0, added to the diagonal. */
  ridge: number;
  /** Relative eigenvalue cutoff: eigenvalues ≤ rcond·λ_max count as zero. */
  rcond: number;
}

/** Default relative eigenvalue cutoff for an m×m Gram matrix: 10·m·ε. */
export function defaultRcond(m: number): number {
  return 10 * m * Number.EPSILON;
}

/**
 * The settings every Gram solve shares: the matrix is symmetric by construction (gram() or an
 * explicit symmetrization), so the check is skipped; and positive semi-definite by construction,
 * so a negative eigenvalue is rounding of the product (float32 block sums can reach ~1e-6·tr A)
 * to be dropped by the cutoff, never a reason to throw.
 */
function base(options: GramSolveOptions): SolvePsdOptions {
  return {
    ridge: options.ridge,
    rcond: options.rcond,
    symmetryTolerance: Number.POSITIVE_INFINITY,
    indefiniteTolerance: Number.POSITIVE_INFINITY,
  };
}

function toGramSolve(r: SolvePsdResult, rcond: number): GramSolve {
  const max = Math.max(0, r.lambdaMax);
  return {
    x: r.x,
    solver: r.method,
    rank: r.rank,
    cutoff: r.method === 'eigh' ? r.cutoff : rcond * max,
    condition: r.lambdaMin > 0 ? max / r.lambdaMin : Number.POSITIVE_INFINITY,
  };
}

/**
 * Cholesky solve of (A + λI)X = B with a condition estimate, or null when A + λI is not
 * numerically positive definite (a pivot ≤ 0). Only the lower triangle of A is read.
 */
export function choleskySolve(
  A: Matrix64,
  B: Matrix64,
  options: GramSolveOptions,
): GramSolve | null {
  try {
    return toGramSolve(solvePsd(A, B, { ...base(options), fallback: 'none' }), options.rcond);
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return null;
    throw error;
  }
}

/**
 * Solves (A + λI)X = B in float64: Cholesky when it factors and the estimated condition number
 * is at most 0.1/rcond (so the pseudo-inverse cutoff would not remove any eigenvalue, with a
 * 10× margin for the estimate), otherwise the eigendecomposition A + λI = VΛVᵀ with
 * X = V·Λ⁺·VᵀB, eigenvalues ≤ rcond·λ_max set to zero (the pseudo-inverse; Golub & Van Loan,
 * 4th ed., §5.5.2; ~9m³ flops against m³/3).
 */
export function gramSolve(A: Matrix64, B: Matrix64, options: GramSolveOptions): GramSolve {
  const maxCond = Math.max(1, 0.1 / options.rcond);
  const r = solvePsd(A, B, { ...base(options), fallback: 'eigh', maxCond });
  return toGramSolve(r, options.rcond);
}
