import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gemmBenchmark, InvalidArgumentError } from '../src/index.js';
import { withLeakCheck } from '../src/testing/index.js';

describe(`gemmBenchmark on ${process.env.OVERPARAM_BACKEND}`, () => {
  it('times the product, checks sampled entries, and leaks nothing', async () => {
    const seen: number[] = [];
    const results = await withLeakCheck(() =>
      gemmBenchmark({ sizes: [16, 64], repeats: 1, onResult: (r) => seen.push(r.n) }),
    );
    expect(seen).toEqual([16, 64]);
    for (const r of results) {
      expect(r.backend).toBe(tf.getBackend());
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.gflops).toBeCloseTo((2 * r.n ** 3) / r.seconds / 1e9, 6);
      // float32 dot products of length <= 64: rounding error well below 1e-5 of Σ|a·b|.
      expect(r.sampledRelError).toBeLessThan(1e-5);
    }
  });

  it('stops when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await expect(gemmBenchmark({ sizes: [8], signal: controller.signal })).rejects.toThrow(
      'cancelled by test',
    );
  });

  it('rejects a non-integer size or repeat count', async () => {
    await expect(gemmBenchmark({ sizes: [0] })).rejects.toThrow(InvalidArgumentError);
    await expect(gemmBenchmark({ repeats: 0 })).rejects.toThrow(
      /repeats is 0; expected an integer >= 1/,
    );
  });
});
