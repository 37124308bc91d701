import { formatNumber } from '../errors/format-number.js';
import { OverparamError } from '../errors/overparam-error.js';

/** Formats a number for an error message: short, but exact enough to recognize. */
/**
 * A matrix that must be square is not: the message names the argument and its shape.
 *
 * @example
 * cholesky(fromArray([[1, 2, 3], [4, 5, 6]]))
 * // throws NotSquareError: cholesky: A is 2×3; expected a square matrix ...
 */
export class NotSquareError extends OverparamError {
  override readonly name = 'NotSquareError';
  constructor(
    readonly operation: string,
    readonly argument: string,
    readonly rows: number,
    readonly cols: number,
  ) {
    super(
      `${operation}: ${argument} is ${rows}×${cols}; expected a square matrix (rows = cols). ` +
        'For a rectangular system use lstsqMinNorm.',
    );
  }
}

/**
 * A matrix that must be symmetric is not: the message gives the largest asymmetry
 * |A[i][j] − A[j][i]|, where it is, and the tolerance it exceeded.
 *
 * @example
 * eigh(fromArray([[1, 2], [0, 1]]))
 * // throws NotSymmetricError: eigh: A is not symmetric: |A[0][1] − A[1][0]| = 2 ...
 */
export class NotSymmetricError extends OverparamError {
  override readonly name = 'NotSymmetricError';
  constructor(
    readonly operation: string,
    readonly argument: string,
    /** Largest |A[i][j] − A[j][i]|. */
    readonly maxAsymmetry: number,
    readonly row: number,
    readonly col: number,
    /** Absolute tolerance it exceeded (symmetryTolerance · max |A[i][j]|). */
    readonly tolerance: number,
  ) {
    super(
      `${operation}: ${argument} is not symmetric: |${argument}[${row}][${col}] − ${argument}[${col}][${row}]| = ` +
        `${formatNumber(maxAsymmetry)} exceeds the tolerance ${formatNumber(tolerance)}. If the asymmetry is rounding, ` +
        `symmetrize with (${argument} + ${argument}ᵀ)/2 or raise { symmetryTolerance }; otherwise the ` +
        'matrix is not what this function expects.',
    );
  }
}

/**
 * Cholesky met a pivot that is not positive: the matrix (plus any jitter) is not positive
 * definite. The message gives the pivot index, its value and a jitter that would likely fix
 * a matrix that is only semi-definite by rounding.
 *
 * @example
 * cholesky(fromArray([[1, 2], [2, 1]]))
 * // throws NotPositiveDefiniteError: cholesky: A is not positive definite: Cholesky pivot 1 is -3 ...
 */
export class NotPositiveDefiniteError extends OverparamError {
  override readonly name = 'NotPositiveDefiniteError';
  constructor(
    readonly operation: string,
    readonly argument: string,
    /** Row/column (0-based) where the factorization broke down. */
    readonly pivotIndex: number,
    /** The pivot A[k][k] − Σ L[k][j]² that was ≤ 0 (or NaN). */
    readonly pivotValue: number,
    /** The jitter that was already on the diagonal. */
    readonly jitter: number,
    /** A jitter to try: about 1e-10 · mean diagonal, or 10× the one that failed. */
    readonly suggestedJitter: number,
    /** What the pivot is, for the message. Default `Cholesky pivot ${pivotIndex}`. */
    what = `Cholesky pivot ${pivotIndex}`,
  ) {
    super(
      `${operation}: ${argument}${jitter > 0 ? ` + ${formatNumber(jitter)}·I` : ''} is not positive definite: ` +
        `${what} is ${formatNumber(pivotValue)} (must be > 0). If ${argument} is ` +
        `positive semi-definite up to rounding (a kernel or Gram matrix), add jitter with ` +
        `{ jitter: ${formatNumber(suggestedJitter)} } (or { jitter: 'auto' } in solveSpd); otherwise it is ` +
        'indefinite: use eigh or lstsqMinNorm.',
    );
  }
}

/**
 * An input holds NaN or ±Infinity: the message names the first bad entry and its value.
 *
 * @example
 * matmul(fromArray([[1, NaN]]), fromArray([[1], [2]]))
 * // throws NonFiniteError: matmul: A[0][1] is NaN ...
 */
export class NonFiniteError extends OverparamError {
  override readonly name = 'NonFiniteError';
  constructor(
    readonly operation: string,
    readonly argument: string,
    readonly row: number,
    readonly col: number,
    readonly value: number,
    /** What was non-finite, for the message. Default `${argument}[${row}][${col}]`. */
    what = `${argument}[${row}][${col}]`,
  ) {
    super(
      `${operation}: ${what} is ${value}; every entry must be finite. ` +
        'Find where the NaN/Infinity came from (a division by zero, an overflow, a missing value) ' +
        'and remove or impute it before calling.',
    );
  }
}

/**
 * Shapes of two arguments do not fit together (or a matrix's data length does not match
 * its rows × cols): the message gives both shapes and the rule.
 *
 * @example
 * matmul(zeros(2, 3), zeros(2, 3))
 * // throws ShapeMismatchError: matmul: B is 2×3; expected 3 rows to match the columns of A (2×3).
 */
export class ShapeMismatchError extends OverparamError {
  override readonly name = 'ShapeMismatchError';
  constructor(
    readonly operation: string,
    /** What was received, e.g. 'B is 2×3'. */
    readonly received: string,
    /** What was expected, e.g. '3 rows to match A (2×3)'. */
    readonly expected: string,
  ) {
    super(`${operation}: ${received}; expected ${expected}.`);
  }
}

/**
 * A triangular matrix has a zero on its diagonal, so the system has no unique solution.
 *
 * @example
 * solveTriangular(fromArray([[1, 0], [1, 0]]), fromArray([[1], [1]]))
 * // throws SingularMatrixError: solveTriangular: T[1][1] is 0, so T is singular. ...
 */
export class SingularMatrixError extends OverparamError {
  override readonly name = 'SingularMatrixError';
  constructor(
    readonly operation: string,
    readonly argument: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      `${operation}: ${argument}[${index}][${index}] is ${formatNumber(value)}, so ${argument} is singular. ` +
        'Use lstsqMinNorm for the minimum-norm solution of a singular system.',
    );
  }
}
