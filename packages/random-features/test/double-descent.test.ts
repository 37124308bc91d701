import { expectClose, F32_RTOL, TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  doubleDescent,
  type FeatureMapFactory,
  type FitPoint,
  randomFeatures,
  randomFeaturesFit,
} from '../src/index.js';
import { teacherData } from './helpers.js';

const featureMap = { kind: 'fourier-gaussian' as const, lengthScale: 3 };

function withoutTime(points: FitPoint[]) {
  return points.map(({ seconds: _seconds, ...rest }) => rest);
}

describe(`doubleDescent on ${TEST_BACKEND}`, () => {
  const data = teacherData(24, 30, 8);

  it('streams every point as it is computed, N ascending and all seeds at one N first', async () => {
    const streamed: [number, number, number, number][] = [];
    const result = await doubleDescent({
      data,
      featureCounts: [48, 6, 24, 12, 24],
      featureSeeds: [3, 5],
      featureMap,
      onPoint: (p, { done, total }) => streamed.push([p.N, p.seed, done, total]),
    });
    expect(streamed).toEqual([
      [6, 3, 1, 8],
      [6, 5, 2, 8],
      [12, 3, 3, 8],
      [12, 5, 4, 8],
      [24, 3, 5, 8],
      [24, 5, 6, 8],
      [48, 3, 7, 8],
      [48, 5, 8, 8],
    ]);
    expect(result.points.map((p) => [p.N, p.seed])).toEqual(streamed.map(([N, s]) => [N, s]));
    expect(result.n).toBe(24);
  });

  it('summarizes each N over seeds: mean, sample standard deviation, min and max', async () => {
    const { points, summary } = await doubleDescent({
      data,
      featureCounts: [6, 48],
      featureSeeds: [0, 1, 2],
      featureMap,
    });
    expect(summary.map((s) => [s.N, s.count])).toEqual([
      [6, 3],
      [48, 3],
    ]);
    const tests = points.filter((p) => p.N === 48).map((p) => p.testMse);
    const mean = (tests[0]! + tests[1]! + tests[2]!) / 3;
    const std = Math.sqrt(tests.reduce((s, v) => s + (v - mean) ** 2, 0) / 2);
    const s48 = summary[1]!;
    expect(s48.testMse.mean).toBeCloseTo(mean, 12);
    expect(s48.testMse.std).toBeCloseTo(std, 12);
    expect([s48.testMse.min, s48.testMse.max]).toEqual([Math.min(...tests), Math.max(...tests)]);
    expect(s48.testError01).toBeNull(); // regression: no labels
  });

  it('same seeds give the same curve on the same backend; other seeds another', async () => {
    const run = (seeds: number[]) =>
      doubleDescent({ data, featureCounts: [6, 24, 96], featureSeeds: seeds, featureMap });
    const a = await run([7]);
    const b = await run([7]);
    const c = await run([8]);
    expect(withoutTime(b.points)).toEqual(withoutTime(a.points));
    expect(c.points[0]!.testMse).not.toBe(a.points[0]!.testMse);
  });

  for (const precision of ['auto', 'float64'] as const) {
    it(`accumulates the over-parameterized Gram matrices along the sweep (${precision}): same fits as one by one`, async () => {
      const counts = [24, 40, 100, 250];
      const { points } = await doubleDescent({
        data,
        featureCounts: counts,
        featureSeeds: [4],
        featureMap,
        precision,
        blockFloats: 54 * 16, // several blocks per point
      });
      for (const [i, N] of counts.entries()) {
        const single = await randomFeaturesFit({ data, N, featureSeed: 4, featureMap, precision });
        const p = points[i]!;
        expect(p.precision).toBe(single.precision);
        expectClose(
          [p.trainMse + p.testMse, p.norm],
          [single.trainMse + single.testMse, single.norm],
          { rtol: F32_RTOL, label: `N = ${N}` },
        );
      }
    });
  }

  it('cancel from onPoint: rejects with the reason and emits no further point', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = doubleDescent({
      data,
      featureCounts: [6, 12, 24, 48, 96],
      featureMap,
      signal: controller.signal,
      onPoint: (p) => {
        seen.push(p.N);
        controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(seen).toEqual([6]);
  });

  it('cancel in the middle of a point stops within that point, and frees every tensor', async () => {
    const controller = new AbortController();
    let blocks = 0;
    // Count feature blocks; abort during the second point (N = 48, many small blocks).
    const factory: FeatureMapFactory = (o) => {
      const map = randomFeatures({ kind: 'relu', ...o });
      return {
        gpu: (X) => {
          blocks++;
          if (o.N + o.offset > 6 && blocks === 4) controller.abort(new Error('mid-point'));
          return map.gpu(X);
        },
        dispose: () => map.dispose(),
      };
    };
    const seen: number[] = [];
    await withLeakCheck(async () => {
      await expect(
        doubleDescent({
          data,
          featureCounts: [6, 48, 96],
          featureMap: factory,
          blockFloats: 54 * 4, // 4 features per block over the 54 rows
          signal: controller.signal,
          onPoint: (p) => seen.push(p.N),
        }),
      ).rejects.toThrow('mid-point');
    });
    expect(seen).toEqual([6]);
  });

  it('leaves no tensors behind', async () => {
    await withLeakCheck(() =>
      doubleDescent({ data, featureCounts: [6, 24, 60], featureSeeds: [0, 1], featureMap }),
    );
  });

  it('rejects an empty sweep or no seeds with InvalidArgumentError', async () => {
    await expect(doubleDescent({ data, featureCounts: [], featureMap })).rejects.toThrow(
      /featureCounts is \[\]/,
    );
    await expect(
      doubleDescent({ data, featureCounts: [4], featureSeeds: [], featureMap }),
    ).rejects.toThrow(/doubleDescent: featureSeeds is \[\]/);
    await expect(doubleDescent({ data, featureCounts: [4, 2.5], featureMap })).rejects.toThrow(
      /featureCounts\[1\] is 2.5/,
    );
    await expect(
      doubleDescent({ data, featureCounts: [4], featureMap: { kind: 'bogus' as 'relu' } }),
    ).rejects.toThrow(/randomFeatures: kind is 'bogus'; expected one of 'fourier-gaussian'/);
    await expect(
      doubleDescent({ data, featureCounts: [4], featureSeeds: [-1], featureMap }),
    ).rejects.toThrow(/featureSeeds\[0\] is -1/);
  });
});
