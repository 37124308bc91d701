import { assertBoolean, assertOptions } from '../input/assert.js';
import { triangularSolveInPlace } from './internal/triangular-core.js';
import { assertMatrix, assertSameRows, assertSquare } from './internal/validate.js';
import { SingularMatrixError } from './linalg-errors.js';
import type { Matrix64 } from './matrix64.js';

/** Options of {@link solveTriangular}. */
export interface SolveTriangularOptions {
  /** T is lower triangular (default true); otherwise upper. The other triangle is ignored. */
  lower?: boolean;
  /** Solve Tᵀ·X = B instead of T·X = B (default false). */
  transpose?: boolean;
  /** Assume a unit diagonal without reading it (default false). */
  unitDiagonal?: boolean;
}

/**
 * Float64 triangular solve on the CPU: X with T·X = B (or Tᵀ·X = B) by forward or back
 * substitution (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 3.1.1–3.1.2), row-oriented
 * so every inner loop runs along a contiguous row of T or X. Backward stable: the computed X
 * solves (T + δT)X = B with |δT| ≤ nε|T| (Higham, Accuracy and Stability, Thm 8.5).
 * O(n²·k) for B n×k.
 *
 * @throws SingularMatrixError when a diagonal entry is 0; NotSquareError, ShapeMismatchError,
 *   NonFiniteError on bad input; InvalidArgumentError for lower/transpose/unitDiagonal that are
 *   not booleans, or options that are not an options object (null included).
 * @example
 * toArray(solveTriangular(fromArray([[2, 0], [1, 1]]), fromArray([[2], [3]]))) // [[1], [2]]
 */
export function solveTriangular(
  T: Matrix64,
  B: Matrix64,
  options: SolveTriangularOptions = {},
): Matrix64 {
  const op = 'solveTriangular';
  assertOptions(op, 'options', options);
  const { lower = true, transpose = false, unitDiagonal = false } = options;
  assertBoolean(op, 'lower', lower);
  assertBoolean(op, 'transpose', transpose);
  assertBoolean(op, 'unitDiagonal', unitDiagonal);
  assertMatrix(op, 'T', T);
  assertMatrix(op, 'B', B);
  assertSquare(op, 'T', T);
  assertSameRows(op, T, B, 'T', 'B');
  const n = T.rows;
  const t = T.data;
  if (!unitDiagonal) {
    for (let i = 0; i < n; i++) {
      if (t[i * n + i] === 0) throw new SingularMatrixError(op, 'T', i, 0);
    }
  }
  const X = Float64Array.from(B.data);
  triangularSolveInPlace(t, n, X, B.cols, lower !== transpose, lower, unitDiagonal);
  return { rows: n, cols: B.cols, data: X };
}
