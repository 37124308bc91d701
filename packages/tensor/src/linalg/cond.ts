import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { tallFactor } from './internal/tall-svd.js';
import { assertMatrix } from './internal/validate.js';
import type { Matrix64 } from './matrix64.js';

/**
 * Float64 2-norm condition number κ₂(A) = σ_max/σ_min on the CPU, over the min(m, n) singular
 * values of the SVD (Golub & Van Loan, Matrix Computations, 4th ed., §2.6.2). Infinity when
 * A is singular (σ_min = 0). A relative perturbation of A or b can change the solution of
 * Ax = b by up to κ₂ times as much; float32 stops being meaningful near κ₂ ≈ 1e7.
 *
 * @throws NonFiniteError for NaN/±Inf entries; InvalidArgumentError for an empty matrix.
 * @example
 * cond(fromArray([[2, 0], [0, 0.5]])) // 4
 */
export function cond(A: Matrix64): number {
  assertMatrix('cond', 'A', A);
  if (A.rows === 0 || A.cols === 0) {
    throw new InvalidArgumentError('A', `${A.rows}×${A.cols}`, 'a non-empty matrix');
  }
  const { s } = tallFactor(A.data, A.rows, A.cols);
  const max = s[0]!;
  const min = s[s.length - 1]!;
  if (max === 0) return Number.POSITIVE_INFINITY;
  return min === 0 ? Number.POSITIVE_INFINITY : max / min;
}
