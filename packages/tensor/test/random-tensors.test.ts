import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, randomNormal, randomUniform } from '../src/index.js';
import { withLeakCheck } from '../src/testing/index.js';

describe(`random tensors on ${process.env.OVERPARAM_BACKEND}`, () => {
  it('randomNormal equals createRng rounded to float32, on every backend', async () => {
    const t = await withLeakCheck(
      () => randomNormal<tf.Rank.R2>([3, 4], { seed: 11, mean: 1, std: 2 }),
      {
        keep: true,
      },
    );
    expect(t.shape).toEqual([3, 4]);
    expect(t.dtype).toBe('float32');
    const expected = createRng(11).fillNormal(new Float32Array(12), 1, 2);
    expect(Array.from(await t.data())).toEqual(Array.from(expected));
    t.dispose();
  });

  it('same seed gives the same tensor; another seed another', async () => {
    const a = randomUniform([50], { seed: 3 });
    const b = randomUniform([50], { seed: 3 });
    const c = randomUniform([50], { seed: 4 });
    expect(await a.data()).toEqual(await b.data());
    expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
    tf.dispose([a, b, c]);
  });

  it('randomUniform respects [low, high)', async () => {
    const u = randomUniform([1000], { seed: 1, low: 2, high: 3 });
    const v = await u.data();
    u.dispose();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...v)).toBeLessThan(3);
  });

  it('rejects bad shapes and parameters with InvalidArgumentError', () => {
    expect(() => randomNormal([2, -1], { seed: 0 })).toThrow(InvalidArgumentError);
    expect(() => randomNormal([2], { seed: 0, std: -1 })).toThrow(/std is -1/);
    expect(() => randomUniform([2], { seed: 0, low: 1, high: 1 })).toThrow(
      /high is 1; expected a number greater than low/,
    );
  });
});
