import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  asMatrix64,
  assertBoolean,
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOneOf,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asTargets,
  asTargetsTensor,
  asTensor2D,
  asVector,
  DEFAULT_WORK_BUDGET,
  formatNumber,
  InvalidArgumentError,
  isMatrix64,
  NonFiniteError,
  OverparamError,
  resolveBudget,
  ShapeMismatchError,
  WorkBudgetError,
} from '../../src/index.js';
import { TEST_BACKEND, withLeakCheck } from '../../src/testing/index.js';

describe(`[${TEST_BACKEND}] asMatrix64`, () => {
  it('copies nested arrays into a row-major Matrix64', () => {
    const m = asMatrix64('op', 'X', [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('returns a Matrix64 as it is, without copying', () => {
    const A = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
    expect(asMatrix64('op', 'A', A)).toBe(A);
    expect(isMatrix64(A)).toBe(true);
    expect(isMatrix64([[1]])).toBe(false);
  });

  it('throws ShapeMismatchError naming op, argument and row for a ragged array', () => {
    expect(() => asMatrix64('fit', 'X', [[1, 2], [3]])).toThrow(ShapeMismatchError);
    expect(() => asMatrix64('fit', 'X', [[1, 2], [3]])).toThrow(/fit: X row 1 has 1 entries/);
  });

  it('throws ShapeMismatchError when data.length ≠ rows × cols', () => {
    const bad = { rows: 2, cols: 2, data: new Float64Array(3) };
    expect(() => asMatrix64('op', 'A', bad)).toThrow(
      /A.data has 3 entries; expected rows × cols = 2×2 = 4/,
    );
  });

  it('throws NonFiniteError at the first NaN with its position', () => {
    const call = () =>
      asMatrix64('op', 'X', [
        [1, 2],
        [3, Number.NaN],
      ]);
    expect(call).toThrow(NonFiniteError);
    expect(call).toThrow(/X\[1\]\[1\] is NaN/);
  });

  it('throws InvalidArgumentError for a flat vector, a string or a non-number entry', () => {
    expect(() => asMatrix64('op', 'X', [1, 2] as never)).toThrow(InvalidArgumentError);
    expect(() => asMatrix64('op', 'X', 'abc' as never)).toThrow(/op: X is 'abc'/);
    expect(() => asMatrix64('op', 'X', [['a']] as never)).toThrow(/X\[0\]\[0\] is 'a'/);
  });

  it('checks the required shape: rows, cols, square and non-empty', () => {
    expect(() => asMatrix64('op', 'X', [])).toThrow(/X is 0×0/);
    expect(asMatrix64('op', 'X', [], { allowEmpty: true }).rows).toBe(0);
    expect(() => asMatrix64('op', 'K', [[1, 2]], { square: true })).toThrow(/a square matrix/);
    expect(() => asMatrix64('op', 'X', [[1, 2]], { cols: 3, meaning: 'd = 3' })).toThrow(
      /X is 1×2; expected any×3 \(d = 3\)/,
    );
  });

  it('every error it throws is an OverparamError', () => {
    for (const bad of [[[1], [1, 2]], [[Number.POSITIVE_INFINITY]], 3, null]) {
      expect(() => asMatrix64('op', 'X', bad as never)).toThrow(OverparamError);
    }
  });
});

describe(`[${TEST_BACKEND}] asTensor2D`, () => {
  it('adopts a float32 tensor and owns nothing', async () => {
    await withLeakCheck(() => {
      const x = tf.zeros([2, 3]) as tf.Tensor2D;
      const r = asTensor2D('op', 'X', x);
      expect(r.tensor).toBe(x);
      expect(r.owned).toBe(false);
      x.dispose();
    });
  });

  it('uploads host data as float32 and owns it', async () => {
    await withLeakCheck(async () => {
      const r = asTensor2D('op', 'X', [[1.5, 2]]);
      expect(r.owned).toBe(true);
      expect(r.tensor.dtype).toBe('float32');
      expect(await r.tensor.array()).toEqual([[1.5, 2]]);
      r.tensor.dispose();
    });
  });

  it('casts an int32 tensor (owned) and checks rank and shape', async () => {
    await withLeakCheck(() => {
      const x = tf.tensor2d([[1, 2]], [1, 2], 'int32');
      const r = asTensor2D('op', 'X', x);
      expect(r.owned).toBe(true);
      expect(r.tensor.dtype).toBe('float32');
      r.tensor.dispose();
      expect(() => asTensor2D('op', 'X', x, { cols: 3 })).toThrow(ShapeMismatchError);
      const v = tf.zeros([3]);
      expect(() => asTensor2D('op', 'X', v as never)).toThrow(/X has shape \[3\]/);
      v.dispose();
      x.dispose();
    });
  });

  it('rejects a disposed tensor with a typed error', () => {
    const x = tf.zeros([1, 1]) as tf.Tensor2D;
    x.dispose();
    expect(() => asTensor2D('op', 'X', x)).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] asTargets and asTargetsTensor`, () => {
  it('turns a vector into one column and keeps an n×k matrix', () => {
    expect(asTargets('op', 'Y', [1, 2, 3], { rows: 3 })).toEqual({
      rows: 3,
      cols: 1,
      data: Float64Array.of(1, 2, 3),
    });
    expect(asTargets('op', 'Y', Float64Array.of(1, 2), { rows: 2 }).cols).toBe(1);
    const m = asTargets(
      'op',
      'Y',
      [
        [1, 0],
        [0, 1],
      ],
      { rows: 2, outputs: 2 },
    );
    expect(m.cols).toBe(2);
  });

  it('names the rows it expected when the count is wrong', () => {
    expect(() => asTargets('fit', 'Y', [1, 2], { rows: 3 })).toThrow(
      /fit: Y has 2 rows; expected 3 rows, one per point/,
    );
    expect(() => asTargets('fit', 'Y', [1, Number.NaN], { rows: 2 })).toThrow(NonFiniteError);
  });

  it('reshapes a 1-D tensor to n×1 without leaking', async () => {
    await withLeakCheck(async () => {
      const y = tf.tensor1d([1, 2]);
      const r = asTargetsTensor('op', 'Y', y, { rows: 2 });
      expect(r.owned).toBe(true);
      expect(r.tensor.shape).toEqual([2, 1]);
      r.tensor.dispose();
      expect(() => asTargetsTensor('op', 'Y', y, { rows: 3 })).toThrow(ShapeMismatchError);
      y.dispose();
      const h = asTargetsTensor('op', 'Y', [3, 4], { rows: 2, outputs: 1 });
      expect(await h.tensor.array()).toEqual([[3], [4]]);
      h.tensor.dispose();
    });
  });
});

describe(`[${TEST_BACKEND}] asVector`, () => {
  it('copies into a Float64Array of the required length', () => {
    const src = [1, 2];
    const v = asVector('op', 'y', src, { length: 2 });
    expect(v).toEqual(Float64Array.of(1, 2));
    expect(() => asVector('op', 'y', [1], { length: 2, meaning: 'one per point' })).toThrow(
      /y has 1 entries; expected 2 \(one per point\)/,
    );
    expect(() => asVector('op', 'y', [])).toThrow(ShapeMismatchError);
    expect(() => asVector('op', 'y', [Number.NaN])).toThrow(NonFiniteError);
    expect(() => asVector('op', 'y', 5 as never)).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] assert helpers`, () => {
  it('assertInteger takes an inclusive range and names op and argument', () => {
    expect(() => assertInteger('zeros', 'rows', 3, { min: 0 })).not.toThrow();
    expect(() => assertInteger('zeros', 'rows', 2.5)).toThrow(
      /zeros: rows is 2.5; expected an integer ≥ 0/,
    );
    expect(() => assertInteger('f', 'k', 11, { min: 1, max: 10 }, 'outputs')).toThrow(
      /expected an integer in \[1, 10\] \(outputs\)/,
    );
    expect(() => assertInteger('f', 'k', '3')).toThrow(InvalidArgumentError);
  });

  it('assertNumber rejects NaN always and Infinity unless allowed', () => {
    expect(() => assertNumber('f', 'x', Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => assertNumber('f', 'x', Number.POSITIVE_INFINITY)).toThrow(/a finite number/);
    expect(() =>
      assertNumber('f', 'steps', Number.POSITIVE_INFINITY, { min: 0, allowInfinity: true }),
    ).not.toThrow();
    expect(() => assertNumber('f', 'p', 1, { min: 0, max: 1, exclusiveMax: true })).toThrow(
      /expected a finite number ≥ 0 and < 1/,
    );
  });

  it('assertPositive, assertNonNegative and assertFinite', () => {
    expect(() => assertPositive('f', 'ell', 0)).toThrow(/> 0/);
    expect(() => assertNonNegative('f', 'ridge', -1e-300)).toThrow(/≥ 0/);
    expect(() => assertNonNegative('f', 'ridge', 0)).not.toThrow();
    expect(() => assertFinite('f', 'shift', Number.NEGATIVE_INFINITY)).toThrow(
      InvalidArgumentError,
    );
  });

  it('assertOneOf never falls back to a default', () => {
    expect(() => assertOneOf('drawInputs', 'kind', 'bogus', ['gaussian', 'sphere'])).toThrow(
      /drawInputs: kind is 'bogus'; expected one of 'gaussian', 'sphere'/,
    );
    expect(() => assertOneOf('f', 'kind', 'sphere', ['gaussian', 'sphere'])).not.toThrow();
  });

  it('assertBoolean and assertOptions', () => {
    expect(() => assertBoolean('f', 'bias', 1)).toThrow(/true or false/);
    expect(() => assertOptions('f', 'options', undefined)).not.toThrow();
    expect(() => assertOptions('f', 'options', [1])).toThrow(/an options object/);
    expect(() => assertOptions('f', 'options', undefined, false)).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] assertWorkBudget`, () => {
  it('passes within the default budget and refuses beyond it with the estimate', () => {
    expect(() => assertWorkBudget('train', { flops: 1e9, bytes: 8e6 })).not.toThrow();
    expect(() => assertWorkBudget('linearizedGd', { flops: 1e15 })).toThrow(WorkBudgetError);
    expect(() => assertWorkBudget('linearizedGd', { flops: 1e15 })).toThrow(
      /linearizedGd: this call would take ~1.00e\+15 flops, over the budget of 2.00e\+11/,
    );
    expect(() => assertWorkBudget('f', { bytes: 2 ** 40 }, undefined, 'lower N')).toThrow(
      /bytes, over the budget .* lower N; or raise the limit/,
    );
  });

  it('refuses NaN and Infinity estimates (a size of Infinity) and honours a per-call budget', () => {
    expect(() => assertWorkBudget('f', { flops: Number.POSITIVE_INFINITY })).toThrow(
      WorkBudgetError,
    );
    expect(() => assertWorkBudget('f', { bytes: Number.NaN })).toThrow(WorkBudgetError);
    expect(() => assertWorkBudget('f', { flops: 1e12 }, { maxFlops: 1e13 })).not.toThrow();
    expect(resolveBudget({ maxBytes: 10 })).toEqual({
      maxFlops: DEFAULT_WORK_BUDGET.maxFlops,
      maxBytes: 10,
    });
  });
});

describe(`[${TEST_BACKEND}] options bags, budgets and the float32 range`, () => {
  it('assertOptions rejects arrays, tensors and class instances that would read as defaults', async () => {
    await withLeakCheck(() => {
      const t = tf.zeros([1, 1]);
      expect(() => assertOptions('f', 'options', t)).toThrow(/options is a Tensor/);
      t.dispose();
    });
    expect(() => assertOptions('f', 'options', new Map())).toThrow(InvalidArgumentError);
    expect(() => assertOptions('f', 'options', Float64Array.of(1))).toThrow(InvalidArgumentError);
    expect(() => assertOptions('f', 'options', Object.create(null))).not.toThrow();
    expect(() => assertOptions('f', 'options', { ridge: 1 })).not.toThrow();
  });

  it('assertWorkBudget checks the budget object itself', () => {
    expect(() => assertWorkBudget('f', { flops: 1 }, { maxFlops: -1 })).toThrow(
      /f: budget.maxFlops is -1; expected a number \(Infinity allowed\) ≥ 0/,
    );
    expect(() => assertWorkBudget('f', { flops: 1 }, 3 as never)).toThrow(InvalidArgumentError);
    expect(() =>
      assertWorkBudget('f', { flops: 1e300 }, { maxFlops: Number.POSITIVE_INFINITY }),
    ).not.toThrow();
  });

  it('asTensor2D refuses host values that overflow float32 instead of uploading Infinity', () => {
    expect(() => asTensor2D('gram', 'X', [[1, 1e39]])).toThrow(
      /gram: X\[0\]\[1\] is 1e\+39; expected a value within the float32 range/,
    );
  });
});

describe(`[${TEST_BACKEND}] formatNumber`, () => {
  it('prints numbers for error messages with a fixed number of significant digits', () => {
    expect(formatNumber(2 / 3)).toBe('0.666667');
    expect(formatNumber(1e-20, 4)).toBe('1e-20');
    expect(formatNumber(123456789, 4)).toBe('123500000');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(() => formatNumber('1' as never)).toThrow(InvalidArgumentError);
    expect(() => formatNumber(1, 0)).toThrow(
      /formatNumber: digits is 0; expected an integer in \[1, 21\]/,
    );
  });
});
