import { InvalidArgumentError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import { featureGrid } from '../src/index.js';

describe('featureGrid', () => {
  it('n = 1000, 10 … 10⁴, 40 points: numpy.geomspace(10, 1e4, 40) rounded (it holds 1000)', () => {
    // np.unique(np.round(np.geomspace(10, 10000, 40)).astype(int))
    expect(featureGrid({ n: 1000, min: 10, max: 10_000, points: 40 })).toEqual([
      10, 12, 14, 17, 20, 24, 29, 35, 41, 49, 59, 70, 84, 100, 119, 143, 170, 203, 242, 289, 346,
      412, 492, 588, 702, 838, 1000, 1194, 1425, 1701, 2031, 2424, 2894, 3455, 4125, 4924, 5878,
      7017, 8377, 10000,
    ]);
  });

  it('puts n exactly on the grid when a plain geometric grid would miss it', () => {
    for (const [n, min, max, points] of [
      [60, 6, 600, 12],
      [200, 10, 2000, 20],
      [777, 5, 60_000, 40],
    ] as const) {
      const grid = featureGrid({ n, min, max, points });
      expect(grid).toContain(n);
      expect(grid[0]).toBe(min);
      expect(grid.at(-1)).toBe(max);
      expect(grid.length).toBeLessThanOrEqual(points);
      for (let i = 1; i < grid.length; i++) expect(grid[i]!).toBeGreaterThan(grid[i - 1]!);
    }
  });

  it('adds n as an end point when it lies outside [min, max]', () => {
    expect(featureGrid({ n: 5, min: 10, max: 1000, points: 3 })).toEqual([5, 71, 1000]);
    expect(featureGrid({ n: 50, min: 1, max: 10, points: 2 })).toEqual([1, 50]);
  });

  it('rejects non-integer or non-positive sizes with InvalidArgumentError', () => {
    expect(() => featureGrid({ n: 0, min: 1, max: 10, points: 5 })).toThrow(InvalidArgumentError);
    expect(() => featureGrid({ n: 10, min: 20, max: 10, points: 5 })).toThrow(/max is 10/);
  });
});
