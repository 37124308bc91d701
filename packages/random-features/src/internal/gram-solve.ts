// The float64 solver behind every fit: (A + λI)·X = B for a symmetric positive semi-definite
// Gram matrix A (ΦᵀΦ in the primal form, ΦΦᵀ in the dual), minimum-norm when A is singular.
import {
  cholesky,
  createRng,
  eigh,
  type Matrix64,
  NotPositiveDefiniteError,
  solveTriangular,
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

/** Options of {@link choleskySolve} and {@link eighSolve}. */
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

/** Adds λ to the diagonal of a copy of A (A is not changed). */
function withRidge(A: Matrix64, ridge: number): Matrix64 {
  const m = A.rows;
  const data = Float64Array.from(A.data);
  if (ridge > 0) for (let i = 0; i < m; i++) data[i * m + i]! += ridge;
  return { rows: m, cols: m, data };
}

function matvec(A: Matrix64, x: Float64Array, out: Float64Array): void {
  const m = A.rows;
  const a = A.data;
  for (let i = 0; i < m; i++) {
    let s = 0;
    const r = i * m;
    for (let j = 0; j < m; j++) s += a[r + j]! * x[j]!;
    out[i] = s;
  }
}

function normalize(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < x.length; i++) x[i]! /= norm;
  return norm;
}

const ITERATIONS = 30;
const SETTLED = 1e-3;

/**
 * λ_max and λ_min of a positive definite A = LLᵀ, by power iteration on A and inverse iteration
 * with L (Golub & Van Loan, Matrix Computations, 4th ed., §7.3.1 and §7.6.1): at most 30 steps
 * each, stopped when the Rayleigh quotient settles to 1e-3. Both are Rayleigh quotients, so
 * λ_max is never over- and λ_min never under-estimated: the condition estimate can only be low,
 * by the slow convergence of clustered end eigenvalues (a factor of a few at most in practice).
 * A fixed start vector keeps the estimate deterministic.
 */
export function conditionEstimate(A: Matrix64, L: Matrix64): { max: number; min: number } {
  const m = A.rows;
  const rng = createRng(0x5eed, m);
  let x = rng.fillUniform(new Float64Array(m), 0.5, 1.5);
  normalize(x);
  let max = 0;
  for (let t = 0; t < ITERATIONS; t++) {
    const y = new Float64Array(m);
    matvec(A, x, y);
    const next = normalize(y);
    x = y;
    const settled = Math.abs(next - max) <= SETTLED * next;
    max = next;
    if (settled) break;
  }
  // Inverse iteration: w = A⁻¹v = L⁻ᵀL⁻¹v, and ‖A⁻¹v‖ → 1/λ_min for unit v.
  let v: Matrix64 = { rows: m, cols: 1, data: rng.fillUniform(new Float64Array(m), -1, 1) };
  normalize(v.data);
  let inv = 0;
  for (let t = 0; t < ITERATIONS; t++) {
    const w = solveTriangular(L, solveTriangular(L, v), { transpose: true });
    const next = normalize(w.data);
    v = w;
    const settled = Math.abs(next - inv) <= SETTLED * next;
    inv = next;
    if (settled) break;
  }
  return { max, min: inv > 0 ? 1 / inv : 0 };
}

/**
 * Cholesky solve of (A + λI)X = B with a condition estimate, or null when A + λI is not
 * numerically positive definite (a pivot ≤ 0). Symmetric input is assumed (only the lower
 * triangle is read).
 */
export function choleskySolve(
  A: Matrix64,
  B: Matrix64,
  options: GramSolveOptions,
): GramSolve | null {
  const Ar = withRidge(A, options.ridge);
  let L: Matrix64;
  try {
    L = cholesky(Ar, { symmetryTolerance: Number.POSITIVE_INFINITY });
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) return null;
    throw error;
  }
  const { max, min } = conditionEstimate(Ar, L);
  const x = solveTriangular(L, solveTriangular(L, B), { transpose: true });
  return {
    x,
    solver: 'cholesky',
    rank: A.rows,
    cutoff: options.rcond * max,
    condition: min > 0 ? max / min : Number.POSITIVE_INFINITY,
  };
}

/**
 * Minimum-norm solve by the eigendecomposition A + λI = VΛVᵀ: X = V·Λ⁺·VᵀB with eigenvalues
 * ≤ rcond·λ_max set to zero (the pseudo-inverse; Golub & Van Loan, 4th ed., §5.5.2). About 9m³
 * flops against m³/3 for Cholesky: only used when Cholesky fails or the condition estimate
 * says the cutoff would bite.
 */
export function eighSolve(A: Matrix64, B: Matrix64, options: GramSolveOptions): GramSolve {
  const Ar = withRidge(A, options.ridge);
  const m = A.rows;
  const k = B.cols;
  const { values, vectors } = eigh(Ar, { symmetryTolerance: Number.POSITIVE_INFINITY });
  const lmax = Math.max(0, values[m - 1] ?? 0);
  const cutoff = options.rcond * lmax;
  const V = vectors.data;
  const kept = values.map((lambda) => (lambda > cutoff ? 1 / lambda : 0));
  const rank = kept.reduce((count, g) => count + (g > 0 ? 1 : 0), 0);
  // y = Λ⁺VᵀB, then X = V·y; both loops run along rows of V (row-major).
  const y = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const r = i * m;
    for (let j = 0; j < m; j++) {
      const v = V[r + j]!;
      if (kept[j] === 0) continue;
      for (let c = 0; c < k; c++) y[j * k + c]! += v * B.data[i * k + c]!;
    }
  }
  for (let j = 0; j < m; j++) for (let c = 0; c < k; c++) y[j * k + c]! *= kept[j]!;
  const x = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const r = i * m;
    for (let j = 0; j < m; j++) {
      if (kept[j] === 0) continue;
      const v = V[r + j]!;
      for (let c = 0; c < k; c++) x[i * k + c]! += v * y[j * k + c]!;
    }
  }
  const lmin = values[0] ?? 0;
  return {
    x: { rows: m, cols: k, data: x },
    solver: 'eigh',
    rank,
    cutoff,
    condition: lmin > 0 ? lmax / lmin : Number.POSITIVE_INFINITY,
  };
}

/**
 * Solves (A + λI)X = B in float64: Cholesky when it factors and the estimated condition number
 * is at most 0.1/rcond (so the pseudo-inverse cutoff would not remove any eigenvalue, with a
 * 10× margin for the estimate), otherwise the eigendecomposition with the cutoff.
 */
export function gramSolve(A: Matrix64, B: Matrix64, options: GramSolveOptions): GramSolve {
  const fast = choleskySolve(A, B, options);
  if (fast && fast.condition <= 0.1 / options.rcond) return fast;
  return eighSolve(A, B, options);
}
