// The one host-side matrix coercion of Overparam: every function that takes a float64 matrix
// reads it through asMatrix64, so a Matrix64 and nested arrays are accepted everywhere with the
// same checks and the same typed errors.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NonFiniteError, ShapeMismatchError } from '../linalg/linalg-errors.js';
import type { Matrix64 } from '../linalg/matrix64.js';
import { assertInteger } from './assert.js';

/**
 * A matrix given on the host: a float64 {@link Matrix64} (used as it is, not copied) or nested
 * arrays, one inner array per row (copied). The input type of every float64 routine.
 *
 * @example
 * const a: MatrixInput = [[1, 2], [3, 4]];
 * const b: MatrixInput = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
 */
export type MatrixInput = Matrix64 | readonly (readonly number[])[];

/** Shape requirements of {@link asMatrix64} and {@link asTensor2D}. */
export interface MatrixShape {
  /** Required number of rows. Default: any (at least 1 unless `allowEmpty`). */
  rows?: number | undefined;
  /** Required number of columns. Default: any (at least 1 unless `allowEmpty`). */
  cols?: number | undefined;
  /** The matrix must be square. Default false. */
  square?: boolean | undefined;
  /** Accept 0 rows or 0 columns. Default false. */
  allowEmpty?: boolean | undefined;
  /** What the rows and columns mean, for the message, e.g. 'one row per point of X'. */
  meaning?: string | undefined;
  /**
   * Scan the entries for NaN/±Infinity. Default true. Pass false only for a matrix the caller
   * has just checked (scipy.linalg's `check_finite=False`): the scan is O(rows·cols).
   */
  checkFinite?: boolean | undefined;
}

/**
 * True when `value` has the Matrix64 shape `{ rows, cols, data: Float64Array }` (the data length
 * is checked by {@link asMatrix64}, not here).
 *
 * @example
 * isMatrix64({ rows: 1, cols: 1, data: Float64Array.of(3) }) // true
 * isMatrix64([[3]])                                           // false
 */
export function isMatrix64(value: unknown): value is Matrix64 {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    (value as { data: unknown }).data instanceof Float64Array
  );
}

function isRow(row: unknown): row is ArrayLike<number> {
  return Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView));
}

function fromNested(op: string, name: string, input: readonly unknown[]): Matrix64 {
  const rows = input.length;
  const first = input[0];
  if (rows > 0 && !isRow(first)) {
    throw new InvalidArgumentError(
      name,
      input,
      'nested arrays with one inner array per row (a number[][]); wrap a single vector as [v] or pass it as a column [[v0], [v1], …]',
      op,
    );
  }
  const cols = rows > 0 ? (first as ArrayLike<number>).length : 0;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = input[i];
    if (!isRow(row) || row.length !== cols) {
      throw new ShapeMismatchError(
        op,
        `${name} row ${i} has ${isRow(row) ? row.length : 'no'} entries`,
        `${cols} entries like row 0 (a rectangular array, one row per point)`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new InvalidArgumentError(`${name}[${i}][${j}]`, v, 'a number', op);
      }
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

/**
 * Throws NonFiniteError at the first NaN or ±Infinity of `data` (read as rows of `cols`, for
 * the position in the message). `data` is an array or a typed array; anything else (null, {},
 * a number) is an InvalidArgumentError, not an empty array.
 *
 * @throws InvalidArgumentError when `data` is not an array or typed array, or `cols` is not an
 *   integer ≥ 0; NonFiniteError naming the row and column of the first non-finite entry (a
 *   non-number entry such as 'a' is reported there too).
 * @example
 * assertFiniteEntries('fit', 'X', Float64Array.of(1, 2, 3, 4), 2) // passes
 * assertFiniteEntries('fit', 'X', Float64Array.of(1, 2, 3, NaN), 2)
 * // throws NonFiniteError: fit: X[1][1] is NaN ...
 */
export function assertFiniteEntries(
  op: string,
  name: string,
  data: ArrayLike<number>,
  cols: number,
): void {
  if (!isRow(data)) {
    throw new InvalidArgumentError(name, data, 'an array or typed array of numbers', op);
  }
  assertInteger(op, `${name} columns`, cols, { min: 0 });
  // x·0 is 0 for finite x and NaN for NaN/±Infinity: one sum, and a search only on failure.
  let probe = 0;
  for (let i = 0; i < data.length; i++) probe += (data[i] as number) * 0;
  if (probe === 0) return;
  const c = Math.max(cols, 1);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v - v !== 0) throw new NonFiniteError(op, name, Math.floor(i / c), i % c, v);
  }
}

/** Checks rows/cols of an r×c matrix against `shape`; returns a message or null. */
export function checkShape(
  op: string,
  name: string,
  r: number,
  c: number,
  shape: MatrixShape,
): ShapeMismatchError | null {
  const { rows, cols, square = false, allowEmpty = false, meaning } = shape;
  const tail = meaning ? ` (${meaning})` : '';
  if (!allowEmpty && (r < 1 || c < 1)) {
    return new ShapeMismatchError(
      op,
      `${name} is ${r}×${c}`,
      `at least one row and one column${tail || ' (one row per point, one column per feature)'}`,
    );
  }
  if (square && r !== c) {
    return new ShapeMismatchError(op, `${name} is ${r}×${c}`, `a square matrix${tail}`);
  }
  if ((rows !== undefined && r !== rows) || (cols !== undefined && c !== cols)) {
    return new ShapeMismatchError(
      op,
      `${name} is ${r}×${c}`,
      `${rows ?? 'any'}×${cols ?? 'any'}${tail}`,
    );
  }
  return null;
}

/**
 * Reads `x` as a finite float64 matrix and checks its shape: the coercion at the top of every
 * float64 function (the habit of tfjs's `convertToTensor` and ml-matrix's `checkMatrix`). A
 * Matrix64 is returned as it is (not copied: do not mutate it); nested arrays are copied.
 *
 * @param op the public function, for messages ('kernelRidge').
 * @param name the argument, for messages ('K').
 * @throws InvalidArgumentError when `x` is neither a Matrix64 nor nested arrays;
 *   ShapeMismatchError for a ragged array, a data length ≠ rows × cols or a shape that breaks
 *   `shape`; NonFiniteError at the first NaN or ±Infinity entry.
 * @example
 * asMatrix64('fit', 'X', [[1, 2], [3, 4]]) // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * asMatrix64('fit', 'X', [[1, 2], [3]])    // throws ShapeMismatchError: fit: X row 1 has 1 entries ...
 */
export function asMatrix64(
  op: string,
  name: string,
  x: MatrixInput,
  shape: MatrixShape = {},
): Matrix64 {
  let m: Matrix64;
  if (isMatrix64(x)) {
    const { rows, cols, data } = x;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new InvalidArgumentError(
        name,
        `{ rows: ${rows}, cols: ${cols} }`,
        'a Matrix64 with non-negative integer rows and cols',
        op,
      );
    }
    if (data.length !== rows * cols) {
      throw new ShapeMismatchError(
        op,
        `${name}.data has ${data.length} entries`,
        `rows × cols = ${rows}×${cols} = ${rows * cols}`,
      );
    }
    m = x;
  } else if (Array.isArray(x)) {
    m = fromNested(op, name, x);
  } else {
    throw new InvalidArgumentError(
      name,
      x,
      'a Matrix64 { rows, cols, data: Float64Array } or a number[][] (one row per point)',
      op,
    );
  }
  const bad = checkShape(op, name, m.rows, m.cols, shape);
  if (bad) throw bad;
  if (shape.checkFinite !== false) assertFiniteEntries(op, name, m.data, m.cols);
  return m;
}
