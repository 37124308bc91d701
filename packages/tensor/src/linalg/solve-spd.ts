import { assertNonNegative, assertOptions } from '../input/assert.js';
import { choleskyInPlace, meanDiagonal, suggestJitter } from './internal/cholesky-core.js';
import { triangularSolveInPlace } from './internal/triangular-core.js';
import {
  assertMatrix,
  assertSameRows,
  assertSquare,
  assertSymmetric,
  DEFAULT_SYMMETRY_TOLERANCE,
} from './internal/validate.js';
import { NotPositiveDefiniteError } from './linalg-errors.js';
import type { Matrix64 } from './matrix64.js';

/** Options of {@link solveSpd}. */
export interface SolveSpdOptions {
  /**
   * Diagonal jitter. A number (default 0) is added as is: A + jitter·I is factored. 'auto'
   * tries 0, then 1e-12, 1e-11, …, 1e-6 times the mean diagonal, and keeps the first that
   * factors; the result reports which.
   */
  jitter?: number | 'auto';
  /** Relative symmetry tolerance (see {@link cholesky}). Default 1e-10. */
  symmetryTolerance?: number;
}

/** Result of {@link solveSpd}. */
export interface SolveSpdResult {
  /** n×k solution of (A + jitter·I)·X = B. */
  x: Matrix64;
  /** The jitter that was added to the diagonal (0 when none was needed). */
  jitter: number;
}

const AUTO_STEPS = [0, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6];

/**
 * Float64 solve of A·X = B for symmetric positive definite A on the CPU: blocked Cholesky
 * A = LLᵀ then two triangular solves (Golub & Van Loan, Matrix Computations, 4th ed., §4.2).
 * Backward stable without pivoting (Higham, Accuracy and Stability, Thm 10.4). With
 * { jitter: 'auto' } a matrix that is semi-definite up to rounding (a kernel or Gram matrix)
 * is regularized by the smallest jitter that works, and the result says how much.
 *
 * @throws NotPositiveDefiniteError naming the pivot index and value (and a jitter to try);
 *   NotSquareError, NotSymmetricError, ShapeMismatchError, NonFiniteError on bad input;
 *   InvalidArgumentError for a bad jitter or symmetryTolerance, or options that are not an
 *   options object (null included).
 * @example
 * const { x, jitter } = solveSpd(fromArray([[4, 2], [2, 5]]), fromArray([[2], [1]]));
 * toArray(x) // [[0.5], [0]]
 * jitter     // 0
 */
export function solveSpd(A: Matrix64, B: Matrix64, options: SolveSpdOptions = {}): SolveSpdResult {
  const op = 'solveSpd';
  assertOptions(op, 'options', options);
  const { jitter = 0, symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE } = options;
  assertMatrix(op, 'A', A);
  assertMatrix(op, 'B', B);
  assertSquare(op, 'A', A);
  assertSameRows(op, A, B);
  if (jitter !== 'auto') assertNonNegative(op, 'jitter', jitter, "or 'auto'");
  assertSymmetric(op, 'A', A, symmetryTolerance);
  const n = A.rows;
  const scale = meanDiagonal(A.data, n) || 1;
  const tries = jitter === 'auto' ? AUTO_STEPS.map((t) => t * scale) : [jitter];
  let L = new Float64Array(0);
  let used = 0;
  let failure: { index: number; value: number } | null = null;
  for (const t of tries) {
    L = Float64Array.from(A.data);
    failure = choleskyInPlace(L, n, t);
    used = t;
    if (!failure) break;
  }
  if (failure) {
    throw new NotPositiveDefiniteError(
      op,
      'A',
      failure.index,
      failure.value,
      used,
      suggestJitter(A.data, n, used),
    );
  }
  const k = B.cols;
  const X = Float64Array.from(B.data);
  triangularSolveInPlace(L, n, X, k, true, true, false);
  triangularSolveInPlace(L, n, X, k, false, true, false);
  return { x: { rows: n, cols: k, data: X }, jitter: used };
}
