// The double descent itself. The full-size check (MNIST, n = 1000, 40 log-spaced N up to 10n,
// ~20 s) runs on wasm, the fastest CPU backend; cpu and webgpu (software SwiftShader in CI)
// run the same assertions on a small synthetic problem (n = 60, 3 seeds, ~2 s), so every
// backend proves the curve and none of them skips.
import { type Dataset, loadMnist, mnistSplit, nonlinearTeacher } from '@overparam/datasets';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DoubleDescentResult,
  doubleDescent,
  type FeatureMapSpec,
  type FitData,
  featureGrid,
} from '../src/index.js';

interface Plan {
  name: string;
  n: number;
  data: () => Promise<FitData>;
  featureMap: FeatureMapSpec;
  grid: number[];
  featureSeeds: number[];
  /** Ridge λ that removes the peak, and the (coarser) grid it is checked on. */
  ridge: number;
  ridgeGrid: number[];
}

const mnist1000: Plan = {
  name: 'MNIST digits (binary pixels), n = 1000, 1000 test, RFF σ = 5, 40 N from 10 to 10⁴',
  n: 1000,
  data: async () =>
    mnistSplit(await loadMnist(), { nTrain: 1000, nTest: 1000, dataSeed: 0, pixels: 'binary' }),
  featureMap: { kind: 'fourier-gaussian', lengthScale: 5 },
  grid: featureGrid({ n: 1000, min: 10, max: 10_000, points: 40 }),
  featureSeeds: [0],
  ridge: 1,
  ridgeGrid: featureGrid({ n: 1000, min: 100, max: 10_000, points: 12 }),
};

const teacher60: Plan = {
  name: 'nonlinear teacher (d = 10, F₁² = F*² = 1, τ = 0.3), n = 60, 500 test, RFF σ = 3, 3 seeds',
  n: 60,
  data: async () => {
    const t = nonlinearTeacher({
      d: 10,
      linearEnergy: 1,
      nonlinearEnergy: 1,
      noiseStd: 0.3,
      teacherSeed: 0,
    });
    const train: Dataset = t.sample({ n: 60, dataSeed: 1 });
    return { train, test: t.sample({ n: 500, dataSeed: 2 }) };
  },
  featureMap: { kind: 'fourier-gaussian', lengthScale: 3 },
  grid: featureGrid({ n: 60, min: 6, max: 600, points: 12 }),
  featureSeeds: [0, 1, 2],
  ridge: 0.1,
  ridgeGrid: featureGrid({ n: 60, min: 6, max: 600, points: 12 }),
};

const plan = TEST_BACKEND === 'wasm' ? mnist1000 : teacher60;

function nearestIndex(grid: readonly number[], N: number): number {
  let best = 0;
  for (let i = 1; i < grid.length; i++) {
    if (Math.abs(Math.log(grid[i]! / N)) < Math.abs(Math.log(grid[best]! / N))) best = i;
  }
  return best;
}

function argmax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
}

describe(`double descent on ${TEST_BACKEND}: ${plan.name}`, () => {
  let data: FitData;
  let sweep: DoubleDescentResult;
  let test: number[];
  let norm: number[];
  const at = plan.grid.indexOf(plan.n);

  beforeAll(async () => {
    data = await plan.data();
    sweep = await doubleDescent({
      data,
      featureCounts: plan.grid,
      featureSeeds: plan.featureSeeds,
      featureMap: plan.featureMap,
    });
    test = sweep.summary.map((s) => s.testMse.mean);
    norm = sweep.summary.map((s) => s.norm.mean);
  }, 120_000);

  it('the grid holds N = n exactly', () => {
    expect(at).toBeGreaterThan(0);
    expect(sweep.summary.map((s) => s.N)).toEqual(plan.grid);
  });

  it('the test-MSE peak lies within one grid step of N = n', () => {
    expect(Math.abs(argmax(test) - at)).toBeLessThanOrEqual(1);
  });

  it('test MSE at N = 10n is below the peak and below the value at N = n/2', () => {
    const tenN = test[nearestIndex(plan.grid, 10 * plan.n)]!;
    expect(tenN).toBeLessThan(Math.max(...test));
    expect(tenN).toBeLessThan(test[nearestIndex(plan.grid, plan.n / 2)]!);
  });

  it('‖a‖ peaks at the threshold too', () => {
    expect(Math.abs(argmax(norm) - at)).toBeLessThanOrEqual(1);
  });

  it('past the threshold every fit interpolates (train MSE ≈ 0); the threshold point is float64', () => {
    for (const s of sweep.summary.filter((x) => x.N > plan.n)) {
      expect(s.trainMse.max).toBeLessThan(1e-8);
    }
    expect(sweep.points.filter((p) => p.N === plan.n).map((p) => p.precision)).toEqual(
      plan.featureSeeds.map(() => 'float64'),
    );
  });

  it(`with ridge λ = ${plan.ridge} the peak disappears: test MSE falls monotonically in N`, async () => {
    const ridged = await doubleDescent({
      data,
      featureCounts: plan.ridgeGrid,
      featureSeeds: plan.featureSeeds,
      featureMap: plan.featureMap,
      ridge: plan.ridge,
    });
    const curve = ridged.summary.map((s) => s.testMse.mean);
    // Standard error of each mean over seeds (0 for one seed).
    const se = ridged.summary.map((s) => s.testMse.std / Math.sqrt(s.count));
    for (let i = 1; i < curve.length; i++) {
      // A rise within the Monte-Carlo wobble of a finite feature draw is not a peak: 1%, or two
      // standard errors of the difference of two means over seeds when that is larger (on the
      // synthetic plan, 3 seeds differ by 5–30% at one N).
      const slack = Math.max(0.01 * curve[i - 1]!, 2 * Math.hypot(se[i]!, se[i - 1]!));
      expect(curve[i]!, `N = ${plan.ridgeGrid[i]}`).toBeLessThanOrEqual(curve[i - 1]! + slack);
    }
    // No rise into the threshold, with no slack: without ridge the point N = n is 10²–10³ times
    // the one at n/2 (and its seeds spread so much that the check above alone could pass it).
    const atN = curve[plan.ridgeGrid.indexOf(plan.n)]!;
    expect(atN).toBeLessThan(curve[nearestIndex(plan.ridgeGrid, plan.n / 2)]!);
  }, 120_000);
});
