import { assertSymmetric, DEFAULT_SYMMETRY_TOLERANCE } from '../linalg/internal/validate.js';
import type { Matrix64 } from '../linalg/matrix64.js';
import { asMatrix64, type MatrixInput } from './as-matrix64.js';
import { assertBoolean, assertOptions } from './assert.js';

/** Options of {@link asSymmetricMatrix64}. */
export interface SymmetricMatrixOptions {
  /** Largest allowed |A[i][j] − A[j][i]| relative to max |A|. Default 1e-10; Infinity skips it. */
  symmetryTolerance?: number | undefined;
  /** Scan for NaN/±Infinity (in the same pass as the symmetry check). Default true. */
  checkFinite?: boolean | undefined;
  /** What the matrix is, for messages. Default 'a symmetric n×n matrix'. */
  meaning?: string | undefined;
}

/**
 * Reads `x` as a finite, square, symmetric float64 matrix (a kernel, Gram or Hessian matrix):
 * {@link asMatrix64} with the finiteness scan folded into the symmetry check, so each entry is
 * read once. A Matrix64 is returned as it is (not copied).
 *
 * @throws InvalidArgumentError / ShapeMismatchError as asMatrix64, and for a non-square matrix;
 *   NonFiniteError at the first NaN/±Infinity; NotSymmetricError naming the worst pair;
 *   InvalidArgumentError for options that are not an options object, a symmetryTolerance that
 *   is not a number ≥ 0 (null and numeric strings included) or a non-boolean checkFinite.
 * @example
 * asSymmetricMatrix64('kernelRidge', 'K', [[2, 1], [1, 2]]) // { rows: 2, cols: 2, data: Float64Array [2, 1, 1, 2] }
 * asSymmetricMatrix64('kernelRidge', 'K', [[2, 1], [0, 2]]) // throws NotSymmetricError: kernelRidge: K is not symmetric ...
 */
export function asSymmetricMatrix64(
  op: string,
  name: string,
  x: MatrixInput,
  options: SymmetricMatrixOptions = {},
): Matrix64 {
  assertOptions(op, 'options', options);
  const {
    symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE,
    checkFinite = true,
    meaning = 'a symmetric n×n matrix',
  } = options;
  // symmetryTolerance (a number ≥ 0 or Infinity, no coercion) is checked by assertSymmetric.
  assertBoolean(op, 'checkFinite', checkFinite);
  const m = asMatrix64(op, name, x, { square: true, meaning, checkFinite: false });
  assertSymmetric(op, name, m, symmetryTolerance, checkFinite);
  return m;
}
