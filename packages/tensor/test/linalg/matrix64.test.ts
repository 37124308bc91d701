import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  fromArray,
  fromTensor,
  InvalidArgumentError,
  identity,
  ShapeMismatchError,
  toArray,
  toTensor,
  transpose,
  WorkBudgetError,
  zeros,
} from '../../src/index.js';
import { withLeakCheck } from '../../src/testing/index.js';
import { randomMatrix } from './helpers.js';

describe(`Matrix64 converters on ${process.env.OVERPARAM_BACKEND}`, () => {
  it('fromArray copies nested arrays row-major and toArray gives them back', () => {
    const A = fromArray([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(A.rows).toBe(2);
    expect(A.cols).toBe(3);
    expect(Array.from(A.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toArray(A)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('fromArray turns a flat array into a column vector', () => {
    const b = fromArray([5, 6, 7]);
    expect([b.rows, b.cols]).toEqual([3, 1]);
  });

  it('fromArray throws ShapeMismatchError naming a ragged row', () => {
    expect(() => fromArray([[1, 2], [3]])).toThrow(ShapeMismatchError);
    expect(() => fromArray([[1, 2], [3]])).toThrow(/row 1 has 1 entries; expected 2/);
  });

  it('zeros, identity and transpose build what they say', () => {
    expect(toArray(zeros(1, 2))).toEqual([[0, 0]]);
    expect(toArray(identity(2))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const A = randomMatrix(37, 53, 1);
    const T = transpose(A);
    expect([T.rows, T.cols]).toEqual([53, 37]);
    for (let i = 0; i < 37; i++) {
      for (let j = 0; j < 53; j++) expect(T.data[j * 37 + i]).toBe(A.data[i * 53 + j]);
    }
    expect(toArray(transpose(transpose(A)))).toEqual(toArray(A));
  });

  it('zeros rejects a negative or fractional size with InvalidArgumentError', () => {
    expect(() => zeros(-1, 2)).toThrow(InvalidArgumentError);
    expect(() => zeros(2, 1.5)).toThrow(/cols is 1.5/);
  });

  it('toTensor and fromTensor round-trip through the backend at float32, leak-free', async () => {
    const A = fromArray([
      [1, 2.5],
      [-3, 0.1],
    ]);
    const t = await withLeakCheck(() => toTensor(A), { keep: true });
    expect(t.shape).toEqual([2, 2]);
    expect(t.dtype).toBe('float32');
    const back = await fromTensor(t);
    t.dispose();
    expect(back.rows).toBe(2);
    expect(Array.from(back.data)).toEqual(Array.from(Float32Array.from(A.data)));
  });

  it('fromTensor reads a 1-D tensor as a column vector and rejects rank 3', async () => {
    const v = tf.tensor1d([1, 2, 3]);
    const m = await fromTensor(v);
    v.dispose();
    expect([m.rows, m.cols]).toEqual([3, 1]);
    const cube = tf.zeros([1, 1, 1]);
    await expect(fromTensor(cube as unknown as tf.Tensor2D)).rejects.toThrow(ShapeMismatchError);
    cube.dispose();
  });

  it('toArray and transpose throw ShapeMismatchError for data of the wrong length', () => {
    const short = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3) };
    expect(() => toArray(short)).toThrow(ShapeMismatchError);
    expect(() => toArray(short)).toThrow(/A.data has 3 entries; expected rows × cols = 2×2 = 4/);
    expect(() => transpose(short)).toThrow(ShapeMismatchError);
    expect(() => toTensor(short)).toThrow(ShapeMismatchError);
    const long = { rows: 1, cols: 1, data: Float64Array.of(1, 2) };
    expect(() => transpose(long)).toThrow(ShapeMismatchError);
  });

  it('toArray, transpose and toTensor name A with InvalidArgumentError for null, undefined, {} and strings', () => {
    for (const bad of [
      null,
      undefined,
      {},
      'A',
      Number.NaN,
      { rows: Number.NaN, cols: 1, data: Float64Array.of(1) },
    ]) {
      for (const f of [toArray, transpose, toTensor]) {
        expect(() => f(bad as never)).toThrow(InvalidArgumentError);
      }
    }
  });

  it('transpose keeps NaN entries (it moves numbers, never computes with them)', () => {
    const T = transpose({ rows: 1, cols: 2, data: Float64Array.of(Number.NaN, 1) });
    expect(Array.from(T.data)).toEqual([Number.NaN, 1]);
  });

  it('fromArray names a non-number entry and fromTensor a value that is not a live tensor', async () => {
    expect(() => fromArray(['a'] as unknown as number[])).toThrow(/values\[0\] is 'a'/);
    expect(() => fromArray([[1, 'b']] as unknown as number[][])).toThrow(InvalidArgumentError);
    expect(() => fromArray(null as unknown as number[])).toThrow(InvalidArgumentError);
    await expect(fromTensor(null as unknown as tf.Tensor2D)).rejects.toThrow(InvalidArgumentError);
    const t = tf.zeros([1, 1]) as tf.Tensor2D;
    t.dispose();
    await expect(fromTensor(t)).rejects.toThrow(/disposed/);
  });

  it('zeros and identity refuse 1e6 × 1e6 with WorkBudgetError before allocating', () => {
    expect(() => zeros(1e6, 1e6)).toThrow(WorkBudgetError);
    expect(() => identity(1e6)).toThrow(WorkBudgetError);
    expect(zeros(2, 2, { budget: { maxBytes: 64 } }).data.length).toBe(4);
    expect(() => zeros(2, 2, { budget: { maxBytes: 8 } })).toThrow(WorkBudgetError);
  });
});
