import type { FitPoint } from './random-features-fit.js';

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
 * @example
 * summarizeSweep(points)[0] // { N: 10, count: 3, testMse: { mean: 0.9, std: 0.01, … }, … }
 */
export function summarizeSweep(points: readonly FitPoint[]): SweepSummary[] {
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
