import { describe, expect, it } from 'vitest';
import { type FitPoint, summarizeSweep } from '../src/index.js';

function point(N: number, seed: number, testMse: number, error: number | null): FitPoint {
  return {
    N,
    n: 10,
    seed,
    ridge: 0,
    trainMse: 0,
    testMse,
    trainError01: error === null ? null : 0,
    testError01: error,
    norm: 2 * testMse,
    precision: seed === 0 ? 'float64' : 'float32-gram',
    form: 'dual',
    solver: 'cholesky',
    rank: 10,
    cutoff: 0,
    condition: 1,
    seconds: 0,
  };
}

describe('summarizeSweep', () => {
  it('groups by N, ascending, with mean, sample std, min and max over seeds', () => {
    const s = summarizeSweep([point(20, 0, 1, 0.1), point(10, 0, 5, 0.3), point(20, 1, 3, 0.2)]);
    expect(s.map((r) => [r.N, r.count])).toEqual([
      [10, 1],
      [20, 2],
    ]);
    expect(s[1]!.testMse).toEqual({ mean: 2, std: Math.SQRT2, min: 1, max: 3 });
    expect(s[1]!.norm.mean).toBe(4);
    expect(s[0]!.testMse.std).toBe(0);
    expect(s[1]!.testError01!.mean).toBeCloseTo(0.15, 15);
  });

  it("says 'mixed' when seeds took different paths, and null 0–1 errors without labels", () => {
    const s = summarizeSweep([point(20, 0, 1, null), point(20, 1, 3, null)]);
    expect(s[0]!.precision).toBe('mixed');
    expect(s[0]!.testError01).toBeNull();
  });
});
