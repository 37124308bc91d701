import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
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
  if (!Array.isArray(values)) {
    throw new InvalidArgumentError('values', typeof values, 'a number[][] or number[]');
  }
  if (values.length === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  if (typeof values[0] === 'number') {
    const flat = values as readonly number[];
    return { rows: flat.length, cols: 1, data: Float64Array.from(flat) };
  }
  const nested = values as readonly (readonly number[])[];
  const rows = nested.length;
  const cols = (nested[0] as readonly number[]).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = nested[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new ShapeMismatchError(
        'fromArray',
        `row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries`,
        `${cols} like row 0 (a rectangular array)`,
      );
    }
    data.set(row, i * cols);
  }
  return { rows, cols, data };
}

/**
 * Copies a {@link Matrix64} into nested arrays (one array per row).
 *
 * @example
 * toArray(identity(2)) // [[1, 0], [0, 1]]
 */
export function toArray(A: Matrix64): number[][] {
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
 * @example
 * toTensor(identity(2)).arraySync() // [[1, 0], [0, 1]]
 */
export function toTensor(A: Matrix64): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(A.data), [A.rows, A.cols], 'float32');
}

/**
 * A rows×cols float64 matrix of zeros.
 *
 * @example
 * zeros(1, 2) // { rows: 1, cols: 2, data: Float64Array [0, 0] }
 */
export function zeros(rows: number, cols: number): Matrix64 {
  for (const [name, v] of [
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new InvalidArgumentError(name, v, 'a non-negative integer');
    }
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * The n×n float64 identity matrix.
 *
 * @example
 * toArray(identity(2)) // [[1, 0], [0, 1]]
 */
export function identity(n: number): Matrix64 {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
  return I;
}

/**
 * The transpose Aᵀ as a new float64 matrix, copied in 32×32 tiles for cache locality.
 *
 * @example
 * toArray(transpose(fromArray([[1, 2, 3]]))) // [[1], [2], [3]]
 */
export function transpose(A: Matrix64): Matrix64 {
  const { rows: m, cols: n, data: a } = A;
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
