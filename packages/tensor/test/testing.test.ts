import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  constantRows,
  correlation,
  EmptyFixtureError,
  expectClose,
  F32_RTOL,
  F64_RTOL,
  identityRows,
  nonEmpty,
  relativeError,
  TensorLeakError,
  tolerance,
  withLeakCheck,
  zeroRows,
} from '../src/testing/index.js';

describe('test helpers', () => {
  it('nonEmpty returns a non-empty array as it is and throws on an empty or missing one', () => {
    const cases = [{ a: 1 }, { a: 2 }];
    expect(nonEmpty(cases)).toBe(cases);
    expect(() => nonEmpty([])).toThrow(EmptyFixtureError);
    expect(() => nonEmpty([], 'fixture.cases')).toThrow(/fixture.cases is empty/);
    expect(() => nonEmpty(undefined, 'fixture.optima')).toThrow(/fixture.optima is empty/);
    expect(() => nonEmpty({ length: 1 } as unknown as number[])).toThrow(EmptyFixtureError);
  });

  it('correlation is Pearson correlation: ±1 for affine copies, 0 for orthogonal centred vectors', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(correlation([1, 2, 3, 9], [-1, -2, -3, 0], 3)).toBeCloseTo(-1, 15);
    expect(correlation([1, -1, 1, -1], [1, 1, -1, -1])).toBe(0);
  });

  it('relativeError is the relative Frobenius norm', () => {
    expect(relativeError([[3, 4]], [[0, 0]])).toBe(5);
    expect(relativeError([1, 1], [1, 0])).toBe(1);
    expect(relativeError({ data: new Float64Array([2]) }, [1])).toBe(1);
  });

  it('expectClose passes within rtol and fails beyond it, naming the error', () => {
    expect(() => expectClose([1 + 1e-12], [1], { rtol: F64_RTOL })).not.toThrow();
    expect(() => expectClose([1.001], [1], { rtol: F32_RTOL, label: 'K' })).toThrow(
      /K: relative Frobenius error 1\.000e-3 exceeds rtol 1\.0e-4/,
    );
    expect(() => expectClose([Number.NaN], [1], { rtol: 1 })).toThrow();
  });

  it('tolerance follows the precision', () => {
    expect(tolerance(64)).toBe(F64_RTOL);
    expect(tolerance(32)).toBe(F32_RTOL);
  });

  it('withLeakCheck throws TensorLeakError when a tensor is left behind', async () => {
    const a = tf.scalar(1);
    await expect(
      withLeakCheck(() => {
        tf.add(a, 1); // leaked
        return tf.add(a, 2);
      }),
    ).rejects.toThrow(TensorLeakError);
    tf.disposeVariables();
  });

  it('withLeakCheck accepts returned tensors and disposes them', async () => {
    const before = tf.memory().numTensors;
    await withLeakCheck(() => ({ x: tf.scalar(1), y: [tf.scalar(2)] }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('identityRows, constantRows and zeroRows build fresh nested-array matrices', () => {
    expect(identityRows(2)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(zeroRows(2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(zeroRows(1, 3)).toEqual([[0, 0, 0]]);
    expect(constantRows(1, 2, 3)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(identityRows(2)).not.toBe(identityRows(2));
  });
});
