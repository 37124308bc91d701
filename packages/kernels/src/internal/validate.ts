// Argument checks shared by every kernel. Each throws a typed error naming the function,
// the argument, the value received and what to pass instead.
import { InvalidArgumentError, type Matrix64, ShapeMismatchError } from '@overparam/tensor';

/** A float64 matrix or nested arrays (one inner array per row). */
export type MatrixInput = Matrix64 | readonly (readonly number[])[];

function isMatrix64(value: unknown): value is Matrix64 {
  return (
    typeof value === 'object' &&
    value !== null &&
    'data' in value &&
    (value as { data: unknown }).data instanceof Float64Array
  );
}

/**
 * Reads `input` as a finite float64 matrix (nested arrays are copied; a Matrix64 is used as
 * is) and checks its shape.
 */
export function toMatrix64(op: string, name: string, input: MatrixInput): Matrix64 {
  let m: Matrix64;
  if (isMatrix64(input)) {
    const { rows, cols, data } = input;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || data.length !== rows * cols) {
      throw new ShapeMismatchError(
        op,
        `${name} is ${rows}×${cols} with ${data.length} entries`,
        'data.length = rows × cols',
      );
    }
    m = input;
  } else if (Array.isArray(input)) {
    const rows = input.length;
    const first = input[0];
    const cols = rows > 0 && Array.isArray(first) ? first.length : 0;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = input[i];
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ShapeMismatchError(
          op,
          `${name} row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`,
          `${cols} entries like row 0 (a rectangular n×d array)`,
        );
      }
      for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] as number;
    }
    m = { rows, cols, data };
  } else {
    throw new InvalidArgumentError(
      name,
      typeof input,
      'a Matrix64 { rows, cols, data: Float64Array } or a number[][] (one row per point)',
    );
  }
  if (m.rows < 1 || m.cols < 1) {
    throw new ShapeMismatchError(
      op,
      `${name} is ${m.rows}×${m.cols}`,
      'at least one row (point) and one column (feature)',
    );
  }
  assertFiniteData(op, name, m.data, m.cols);
  return m;
}

/** Throws InvalidArgumentError at the first NaN or ±Infinity. */
export function assertFiniteData(op: string, name: string, data: ArrayLike<number>, cols: number) {
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v - v !== 0) {
      throw new InvalidArgumentError(
        `${op}: ${name}[${Math.floor(i / cols)}][${i % cols}]`,
        v,
        'a finite number; remove or impute missing values first',
      );
    }
  }
}

/** X and Y must have the same number of columns (input dimension d). */
export function assertSameCols(op: string, xCols: number, yCols: number): void {
  if (xCols !== yCols) {
    throw new ShapeMismatchError(
      op,
      `Y has ${yCols} columns`,
      `${xCols} columns like X (both are n×d with the same input dimension d)`,
    );
  }
}

/** A finite number ≥ 0 (NaN fails). */
export function assertNonNegative(name: string, value: number, hint: string): void {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
    throw new InvalidArgumentError(name, value, `a finite number >= 0, ${hint}`);
  }
}

/** A finite number > 0 (NaN fails). */
export function assertPositive(name: string, value: number, hint: string): void {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new InvalidArgumentError(name, value, `a finite number > 0, ${hint}`);
  }
}

/** A finite number (NaN and ±Infinity fail). */
export function assertFinite(name: string, value: number, hint: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value))) {
    throw new InvalidArgumentError(name, value, `a finite number, ${hint}`);
  }
}

/** An integer ≥ min. */
export function assertInteger(name: string, value: number, min: number, hint: string): void {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new InvalidArgumentError(name, value, `an integer >= ${min}, ${hint}`);
  }
}
