import { explicitU, tallFactor } from './internal/tall-svd.js';
import { assertMatrix } from './internal/validate.js';
import type { Matrix64 } from './matrix64.js';

/** Thin SVD of an m×n matrix: A = U·diag(s)·Vᵀ with r = min(m, n). */
export interface SvdResult {
  /** m×r, orthonormal columns. */
  u: Matrix64;
  /** r singular values, descending, ≥ 0. */
  s: Float64Array;
  /** n×r, orthonormal columns. */
  v: Matrix64;
}

/**
 * Float64 thin singular value decomposition on the CPU, A = U·diag(s)·Vᵀ. Golub–Kahan–Reinsch:
 * Householder bidiagonalization then implicit-shift QR on the bidiagonal (Golub & Van Loan,
 * Matrix Computations, 4th ed., §8.6; LINPACK dsvdc), preceded by a Householder QR when one
 * side is ≥ 1.5× the other (Chan 1982). Backward stable: each σ_i carries an absolute error
 * O(ε·σ_max). Wide matrices are handled through Aᵀ.
 *
 * @throws NonFiniteError when an entry is NaN/±Inf.
 * @example
 * const { s } = svd(fromArray([[3, 0], [0, -4]]));
 * s // Float64Array [4, 3]
 */
export function svd(A: Matrix64): SvdResult {
  assertMatrix('svd', 'A', A);
  const { rows: m, cols: n } = A;
  const f = tallFactor(A.data, m, n);
  const r = f.cols;
  const tallU: Matrix64 = { rows: f.rows, cols: r, data: explicitU(f) };
  const tallV: Matrix64 = { rows: r, cols: r, data: f.v };
  return f.transposed ? { u: tallV, s: f.s, v: tallU } : { u: tallU, s: f.s, v: tallV };
}
