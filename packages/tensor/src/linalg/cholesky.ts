import { assertNonNegative, assertOptions } from '../input/assert.js';
import { choleskyInPlace, suggestJitter } from './internal/cholesky-core.js';
import {
  assertMatrix,
  assertSquare,
  assertSymmetric,
  DEFAULT_SYMMETRY_TOLERANCE,
} from './internal/validate.js';
import { NotPositiveDefiniteError } from './linalg-errors.js';
import type { Matrix64 } from './matrix64.js';

/** Options of {@link cholesky}. */
export interface CholeskyOptions {
  /** Added to the diagonal before factoring (absolute): factors A + jitter·I. Default 0. */
  jitter?: number;
  /**
   * Largest allowed |A[i][j] − A[j][i]| relative to max |A[i][j]|. Default 1e-10;
   * Infinity skips the check (only the lower triangle is read either way).
   */
  symmetryTolerance?: number;
}

/**
 * Float64 Cholesky factor on the CPU: lower-triangular L with LLᵀ = A (+ jitter·I) for a
 * symmetric positive definite A. Blocked right-looking algorithm (Golub & Van Loan, Matrix
 * Computations, 4th ed., §4.2.9; LAPACK dpotrf) with the trailing update on the lower triangle
 * by the matmul kernel. Backward error ‖LLᵀ − A‖_F/‖A‖_F is O(n·ε) (Higham, Accuracy and
 * Stability, Thm 10.3), tested ≤ 1e-14·n.
 *
 * @throws NotPositiveDefiniteError with the pivot index and value when A is not positive
 *   definite; NotSquareError, NotSymmetricError, NonFiniteError on bad input;
 *   InvalidArgumentError for options that are not an options object (null included) or a
 *   jitter/symmetryTolerance that is not a number ≥ 0.
 * @example
 * toArray(cholesky(fromArray([[4, 2], [2, 5]]))) // [[2, 0], [1, 2]]
 */
export function cholesky(A: Matrix64, options: CholeskyOptions = {}): Matrix64 {
  assertOptions('cholesky', 'options', options);
  const { jitter = 0, symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE } = options;
  assertMatrix('cholesky', 'A', A);
  assertSquare('cholesky', 'A', A);
  assertNonNegative('cholesky', 'jitter', jitter, 'pass e.g. { jitter: 1e-10 }');
  assertSymmetric('cholesky', 'A', A, symmetryTolerance);
  const n = A.rows;
  const L = Float64Array.from(A.data);
  const failure = choleskyInPlace(L, n, jitter);
  if (failure) {
    throw new NotPositiveDefiniteError(
      'cholesky',
      'A',
      failure.index,
      failure.value,
      jitter,
      suggestJitter(A.data, n, jitter),
    );
  }
  return { rows: n, cols: n, data: L };
}
