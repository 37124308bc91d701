import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { asMatrix64 } from '../input/as-matrix64.js';
import { assertInteger, assertOptions } from '../input/assert.js';
import { assertWorkBudget, type WorkBudget } from '../input/work-budget.js';
import { ShapeMismatchError } from './linalg-errors.js';

/**
 * A dense float64 matrix in row-major order: entry (i, j) is `data[i * cols + j]`. The plain
 * type every float64 routine of this package takes and returns; build it with
 * {@link fromArray}, {@link zeros}, {@link identity} or {@link fromTensor}, or directly.
 *
 * @example
 * const A: Matrix64 = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) };
 * A.data[1 * A.cols + 0] // 3
 */
export interface Matrix64 {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * Copies nested arrays into a float64 {@link Matrix64}. A flat `number[]` becomes a column
 * vector (n×1), the shape right-hand sides take.
 *
 * @example
 * fromArray([[1, 2], [3, 4]]) // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * fromArray([5, 6])           // { rows: 2, cols: 1, data: Float64Array [5, 6] }
 */
export function fromArray(values: readonly (readonly number[])[] | readonly number[]): Matrix64 {
  const op = 'fromArray';
  if (!Array.isArray(values)) {
    throw new InvalidArgumentError('values', values, 'a number[][] or number[]', op);
  }
  if (values.length === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  if (!Array.isArray(values[0])) {
    const flat = values as readonly unknown[];
    const data = new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number') {
        throw new InvalidArgumentError(
          `values[${i}]`,
          v,
          'a number (a flat array is a column)',
          op,
        );
      }
      data[i] = v;
    }
    return { rows: flat.length, cols: 1, data };
  }
  const nested = values as readonly (readonly number[])[];
  const rows = nested.length;
  const cols = (nested[0] as readonly number[]).length;
  for (let i = 0; i < rows; i++) {
    const row = nested[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ShapeMismatchError(
        op,
        `row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`,
        `${cols} like row 0 (a rectangular array)`,
      );
    }
  }
  // Entries are checked to be numbers; NaN and ±Infinity are kept, as they always were.
  return asMatrix64(op, 'values', nested, { allowEmpty: true, checkFinite: false });
}

/**
 * Copies a {@link Matrix64} into nested arrays (one array per row).
 *
 * @throws InvalidArgumentError when A is not a Matrix64; ShapeMismatchError when its data do not
 *   hold rows × cols entries.
 * @example
 * toArray(identity(2)) // [[1, 0], [0, 1]]
 */
export function toArray(matrix: Matrix64): number[][] {
  const A = readMatrix64('toArray', matrix);
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) {
    out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  }
  return out;
}

/**
 * Reads a 1-D or 2-D tensor back to the CPU as a float64 {@link Matrix64} (a 1-D tensor of
 * length n becomes n×1). Asynchronous because it awaits `tensor.data()`, which works on every
 * backend (WebGPU included). Values are exactly the tensor's (float32 widened to float64).
 *
 * @example
 * await fromTensor(tf.tensor2d([[1, 2]])) // { rows: 1, cols: 2, data: Float64Array [1, 2] }
 */
export async function fromTensor(tensor: tf.Tensor1D | tf.Tensor2D): Promise<Matrix64> {
  if (!(tensor instanceof tf.Tensor) || tensor.isDisposed) {
    throw new InvalidArgumentError(
      'tensor',
      tensor instanceof tf.Tensor ? 'a disposed tensor' : tensor,
      'a live 1-D or 2-D tf.Tensor (keep it until fromTensor resolves)',
      'fromTensor',
    );
  }
  if (tensor.rank !== 1 && tensor.rank !== 2) {
    throw new ShapeMismatchError(
      'fromTensor',
      `the tensor has rank ${tensor.rank}`,
      'a 1-D or 2-D tensor',
    );
  }
  const [rows, cols = 1] = tensor.shape as number[];
  const values = await tensor.data();
  return { rows: rows as number, cols, data: Float64Array.from(values as ArrayLike<number>) };
}

/**
 * Copies a {@link Matrix64} into a new float32 `tf.Tensor2D` on the active backend. The
 * caller owns (and disposes) the tensor. Values are rounded to float32.
 *
 * @throws InvalidArgumentError when A is not a Matrix64; ShapeMismatchError when its data do not
 *   hold rows × cols entries.
 * @example
 * toTensor(identity(2)).arraySync() // [[1, 0], [0, 1]]
 */
export function toTensor(matrix: Matrix64): tf.Tensor2D {
  const A = readMatrix64('toTensor', matrix);
  return tf.tensor2d(Float32Array.from(A.data), [A.rows, A.cols], 'float32');
}

/** Options of {@link zeros} and {@link identity}. */
export interface AllocationOptions {
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET: 2 GiB of memory at once). */
  budget?: WorkBudget;
}

/**
 * A rows×cols float64 matrix of zeros. Checked against the work budget (8·rows·cols bytes)
 * before it allocates.
 *
 * @throws InvalidArgumentError for sizes that are not integers ≥ 0 or options that are not an
 *   options object (null included); WorkBudgetError for a matrix over the memory budget.
 * @example
 * zeros(1, 2) // { rows: 1, cols: 2, data: Float64Array [0, 0] }
 */
export function zeros(rows: number, cols: number, options: AllocationOptions = {}): Matrix64 {
  return allocate('zeros', rows, cols, options);
}

/**
 * The n×n float64 identity matrix (8·n² bytes, checked against the work budget).
 *
 * @throws InvalidArgumentError for n not an integer ≥ 0 or options that are not an options
 *   object; WorkBudgetError for n² over the budget.
 * @example
 * toArray(identity(2)) // [[1, 0], [0, 1]]
 */
export function identity(n: number, options: AllocationOptions = {}): Matrix64 {
  assertInteger('identity', 'n', n, { min: 0 }, 'the size');
  const I = allocate('identity', n, n, options);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
}

/** The checks of {@link zeros} and {@link identity}, named after the function called. */
function allocate(op: string, rows: number, cols: number, options: AllocationOptions): Matrix64 {
  assertOptions(op, 'options', options);
  assertInteger(op, 'rows', rows, { min: 0 }, 'a row count');
  assertInteger(op, 'cols', cols, { min: 0 }, 'a column count');
  assertWorkBudget(op, { bytes: 8 * rows * cols }, options.budget, 'use smaller sizes');
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * The transpose Aᵀ as a new float64 matrix, copied in 32×32 tiles for cache locality.
 *
 * @throws InvalidArgumentError when A is not a Matrix64; ShapeMismatchError when its data do not
 *   hold rows × cols entries.
 * @example
 * toArray(transpose(fromArray([[1, 2, 3]]))) // [[1], [2], [3]]
 */
export function transpose(matrix: Matrix64): Matrix64 {
  const { rows: m, cols: n, data: a } = readMatrix64('transpose', matrix);
  const t = new Float64Array(m * n);
  const T = 32;
  for (let i0 = 0; i0 < m; i0 += T) {
    const i1 = Math.min(m, i0 + T);
    for (let j0 = 0; j0 < n; j0 += T) {
      const j1 = Math.min(n, j0 + T);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) t[j * m + i] = a[i * n + j] as number;
      }
    }
  }
  return { rows: n, cols: m, data: t };
}

/**
 * The structural check of a Matrix64 argument (the input layer's asMatrix64: integer rows and
 * cols, data.length = rows × cols), without the finiteness scan: these functions move entries,
 * NaN included, and never compute with them.
 */
function readMatrix64(op: string, A: Matrix64): Matrix64 {
  return asMatrix64(op, 'A', A, { allowEmpty: true, checkFinite: false });
}
