import { assertNonNegative, assertOptions } from '../input/assert.js';
import { gemmAcc } from './internal/gemm.js';
import { applyU, applyUt, tallFactor } from './internal/tall-svd.js';
import { assertMatrix, assertSameRows } from './internal/validate.js';
import type { Matrix64 } from './matrix64.js';

/** Options of {@link lstsqMinNorm} and {@link pinv}. */
export interface LstsqOptions {
  /**
   * Relative cutoff: singular values σ_i ≤ rcond·σ_max are treated as zero. Default
   * max(m, n)·ε (numpy.linalg.lstsq and matrix_rank; numpy.linalg.pinv defaults to 1e-15).
   * Near an interpolation threshold, an explicit cutoff is what keeps ‖x‖ finite.
   */
  rcond?: number;
}

/** Result of {@link lstsqMinNorm}. */
export interface LstsqResult {
  /** n×k minimum-norm least-squares solution, x = A⁺B. */
  x: Matrix64;
  /** Effective rank: the number of σ_i > rcond·σ_max. */
  rank: number;
  /** All min(m, n) singular values of A, descending. */
  singularValues: Float64Array;
}

/**
 * Float64 minimum-norm least-squares solution on the CPU: x = A⁺B = V·Σ⁺·UᵀB, the x of least
 * ‖x‖₂ among the minimizers of ‖Ax − B‖₂ (Golub & Van Loan, Matrix Computations, 4th ed.,
 * §5.5.4). Works for tall (unique solution when full rank), wide (the minimum-norm
 * interpolant Aᵀ(AAᵀ)⁻¹B) and rank-deficient A; x lies in the row space of A, orthogonal to its
 * null space. SVD by Golub–Kahan–Reinsch (see {@link svd}), never the normal equations, so the
 * error grows like ε·cond(A), not ε·cond(A)²; matches numpy.linalg.pinv(A) @ B to 1e-10.
 *
 * @throws ShapeMismatchError when B.rows ≠ A.rows; NonFiniteError for NaN/±Inf entries;
 *   InvalidArgumentError for a bad rcond or options that are not an options object.
 * @example
 * const { x, rank } = lstsqMinNorm(fromArray([[1, 1]]), fromArray([[2]]));
 * toArray(x) // [[1], [1]]  (the smallest x with x₁ + x₂ = 2)
 * rank       // 1
 */
export function lstsqMinNorm(A: Matrix64, B: Matrix64, options: LstsqOptions = {}): LstsqResult {
  assertOptions('lstsqMinNorm', 'options', options);
  assertMatrix('lstsqMinNorm', 'A', A);
  assertMatrix('lstsqMinNorm', 'B', B);
  assertSameRows('lstsqMinNorm', A, B);
  return solveMinNorm('lstsqMinNorm', A, B, options);
}

/** Shared by lstsqMinNorm and pinv once the inputs (and that options is an object) are checked. */
export function solveMinNorm(
  op: string,
  A: Matrix64,
  B: Matrix64,
  options: LstsqOptions,
): LstsqResult {
  const { rows: m, cols: n } = A;
  const k = B.cols;
  const { rcond = Math.max(m, n) * 2 ** -52 } = options;
  assertNonNegative(op, 'rcond', rcond, 'e.g. { rcond: 1e-12 }');
  const f = tallFactor(A.data, m, n);
  const r = f.cols;
  const s = f.s;
  const cutoff = rcond * (s[0] ?? 0);
  let rank = 0;
  while (rank < r && s[rank]! > cutoff) rank++;
  let x: Float64Array;
  if (!f.transposed) {
    // x = V·Σ⁺·(UᵀB).
    const y = applyUt(f, B.data, k);
    scaleRows(y, s, rank, k);
    x = new Float64Array(n * k);
    gemmAcc(n, k, r, f.v, 0, r, y, 0, k, x, 0, k);
  } else {
    // A = V_T·Σ·U_Tᵀ with T = Aᵀ, so x = U_T·Σ⁺·(V_TᵀB).
    const Vt = new Float64Array(r * r);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) Vt[j * r + i] = f.v[i * r + j]!;
    const y = new Float64Array(r * k);
    gemmAcc(r, k, m, Vt, 0, r, B.data, 0, k, y, 0, k);
    scaleRows(y, s, rank, k);
    x = applyU(f, y, k);
  }
  return { x: { rows: n, cols: k, data: x }, rank, singularValues: Float64Array.from(s) };
}

// y[j][:] ← y[j][:]/σ_j for j < rank, 0 beyond (Σ⁺ with the cutoff).
function scaleRows(y: Float64Array, s: Float64Array, rank: number, k: number): void {
  for (let j = 0; j < s.length; j++) {
    const g = j < rank ? 1 / s[j]! : 0;
    for (let c = 0; c < k; c++) y[j * k + c]! *= g;
  }
}
