import { assertOptions } from '../input/assert.js';
import { assertMatrix } from './internal/validate.js';
import { type LstsqOptions, solveMinNorm } from './lstsq-min-norm.js';
import { identity, type Matrix64 } from './matrix64.js';

/**
 * Float64 Moore–Penrose pseudo-inverse A⁺ = V·Σ⁺·Uᵀ (n×m) on the CPU, singular values
 * σ_i ≤ rcond·σ_max treated as zero (Golub & Van Loan, Matrix Computations, 4th ed., §5.5.2).
 * Computed as the minimum-norm least-squares solution of A·X = I_m; to solve a system prefer
 * {@link lstsqMinNorm}, which never forms A⁺.
 *
 * @throws NonFiniteError for NaN/±Inf entries; InvalidArgumentError for a bad rcond or options
 *   that are not an options object (null included).
 * @example
 * toArray(pinv(fromArray([[1, 0], [0, 2], [0, 0]]))) // [[1, 0, 0], [0, 0.5, 0]]
 */
export function pinv(A: Matrix64, options: LstsqOptions = {}): Matrix64 {
  assertOptions('pinv', 'options', options);
  assertMatrix('pinv', 'A', A);
  return solveMinNorm('pinv', A, identity(A.rows), options).x;
}
