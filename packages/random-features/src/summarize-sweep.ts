import {
  assertInteger,
  assertNumber,
  assertOptions,
  InvalidArgumentError,
} from '@overparam/tensor';
import type { FitPoint } from './fit-point.js';

/** Mean and spread of one quantity over seeds. */
export interface SeedStats {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single seed. */
  std: number;
  min: number;
  max: number;
}

/** The points of one N, summarized over seeds. */
export interface SweepSummary {
  N: number;
  /** Number of seeds at this N. */
  count: number;
  trainMse: SeedStats;
  testMse: SeedStats;
  /** Over seeds, when the points carry 0–1 errors. */
  trainError01: SeedStats | null;
  testError01: SeedStats | null;
  norm: SeedStats;
  /** Which path the seeds took: one of them, or 'mixed'. */
  precision: FitPoint['precision'] | 'mixed';
}

function stats(values: number[]): SeedStats {
  const count = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = count > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1) : 0;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Groups sweep points by N (ascending) and summarizes each quantity over seeds: mean, sample
 * standard deviation, min and max.
 *
 * @throws InvalidArgumentError when points is not an array of FitPoints (N an integer ≥ 1,
 *   trainMse, testMse and norm numbers ≥ 0, not NaN).
 * @example
 * summarizeSweep(points)[0] // { N: 10, count: 3, testMse: { mean: 0.9, std: 0.01, … }, … }
 */
export function summarizeSweep(points: readonly FitPoint[]): SweepSummary[] {
  const op = 'summarizeSweep';
  if (!Array.isArray(points)) {
    throw new InvalidArgumentError(
      'points',
      points,
      'an array of FitPoints (doubleDescent().points)',
      op,
    );
  }
  for (const [i, p] of points.entries()) {
    assertOptions(op, `points[${i}]`, p as unknown, false);
    assertInteger(op, `points[${i}].N`, p.N, { min: 1 }, 'a number of features');
    for (const key of ['trainMse', 'testMse', 'norm'] as const) {
      assertNumber(
        op,
        `points[${i}].${key}`,
        p[key],
        { min: 0, allowInfinity: true },
        'a FitPoint value',
      );
    }
  }
  const byN = new Map<number, FitPoint[]>();
  for (const p of points) {
    const list = byN.get(p.N);
    if (list) list.push(p);
    else byN.set(p.N, [p]);
  }
  return [...byN.entries()]
    .sort(([a], [b]) => a - b)
    .map(([N, list]) => {
      const optional = (pick: (p: FitPoint) => number | null) => {
        const values = list.map(pick).filter((v): v is number => v !== null);
        return values.length === list.length ? stats(values) : null;
      };
      const kinds = new Set(list.map((p) => p.precision));
      return {
        N,
        count: list.length,
        trainMse: stats(list.map((p) => p.trainMse)),
        testMse: stats(list.map((p) => p.testMse)),
        trainError01: optional((p) => p.trainError01),
        testError01: optional((p) => p.testError01),
        norm: stats(list.map((p) => p.norm)),
        precision: kinds.size === 1 ? [...kinds][0]! : 'mixed',
      };
    });
}
