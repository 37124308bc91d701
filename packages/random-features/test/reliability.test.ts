// Every export of @overparam/random-features against bad, huge and degenerate input: a typed
// error naming the argument, or a finite documented value; no leaked tensor, no raw TypeError.
import {
  InvalidArgumentError,
  OverparamError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import { TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  doubleDescent,
  type FitData,
  type FitPoint,
  featureGrid,
  fitPointsToCsv,
  leastSquaresFit,
  nonFiniteToString,
  randomFeatures,
  randomFeaturesFit,
  summarizeSweep,
} from '../src/index.js';
import { sweepWork } from '../src/internal/sweep-work.js';

const BAD: unknown[] = [null, undefined, {}, 'x', Number.NaN];

const small: FitData = {
  train: { X: [[0.1], [0.5], [0.9]], Y: [1, 2, 3] },
  test: { X: [[0.3]], Y: [2] },
};

function finiteOrInfinity(p: FitPoint): boolean {
  return Object.values(p).every((v) => typeof v !== 'number' || !Number.isNaN(v));
}

describe(`random-features reliability on ${TEST_BACKEND}: work budget`, () => {
  it('randomFeaturesFit refuses N = 1e9 with WorkBudgetError before drawing a feature', async () => {
    await withLeakCheck(async () => {
      await expect(
        randomFeaturesFit({ data: small, N: 1e9, featureSeed: 0, featureMap: { kind: 'relu' } }),
      ).rejects.toThrow(WorkBudgetError);
    });
  });

  it('doubleDescent refuses featureCounts [1e9] with WorkBudgetError before drawing a feature', async () => {
    await withLeakCheck(async () => {
      await expect(
        doubleDescent({ data: small, featureCounts: [1e9], featureMap: { kind: 'relu' } }),
      ).rejects.toThrow(WorkBudgetError);
      await expect(
        doubleDescent({
          data: small,
          featureCounts: [2, 4],
          featureMap: { kind: 'relu' },
          budget: { maxFlops: 10 },
        }),
      ).rejects.toThrow(/doubleDescent: this call would take/);
    });
  });

  it('the documented MNIST sweep (n = 1000, 40 N from 10 to 10⁴) fits inside the default budget', () => {
    const grid = featureGrid({ n: 1000, min: 10, max: 10_000, points: 40 });
    const w = sweepWork({ n: 1000, nTest: 1000, d: 784, k: 10 }, grid, 2 ** 22);
    expect(w.flops).toBeLessThan(2e11);
    expect(w.bytes).toBeLessThan(2 ** 31);
    // and the nonsense one does not
    expect(sweepWork({ n: 3, nTest: 1, d: 1, k: 1 }, [1e9], 2 ** 22).flops).toBeGreaterThan(2e11);
  });

  it('randomFeatures refuses N = 1e9, and f64/gpu refuse an n·N over the budget, with WorkBudgetError', () => {
    expect(() => randomFeatures({ kind: 'relu', d: 2, N: 1e9, featureSeed: 0 })).toThrow(
      WorkBudgetError,
    );
    const z = randomFeatures({
      kind: 'relu',
      d: 1,
      N: 4,
      featureSeed: 0,
      budget: { maxBytes: 100 },
    });
    expect(() => z.f64([[1], [2], [3], [4]])).toThrow(WorkBudgetError);
    expect(() => z.gpu([[1], [2], [3], [4]])).toThrow(WorkBudgetError);
    z.dispose();
  });

  it('featureGrid refuses points = 1e12 and leastSquaresFit a Φ over the budget with WorkBudgetError', () => {
    expect(() => featureGrid({ n: 10, min: 1, max: 100, points: 1e12 })).toThrow(WorkBudgetError);
    expect(() =>
      leastSquaresFit(
        [
          [1, 2],
          [3, 4],
        ],
        [1, 2],
        { budget: { maxFlops: 10 } },
      ),
    ).toThrow(WorkBudgetError);
  });
});

describe(`random-features reliability on ${TEST_BACKEND}: typed errors`, () => {
  it('randomFeaturesFit and doubleDescent name null, undefined, {}, strings and NaN in every option', async () => {
    const valid = { data: small, N: 2, featureSeed: 0, featureMap: { kind: 'relu' as const } };
    for (const bad of BAD) {
      await expect(randomFeaturesFit(bad as never)).rejects.toThrow(OverparamError);
      for (const key of Object.keys(valid)) {
        await expect(randomFeaturesFit({ ...valid, [key]: bad } as never)).rejects.toThrow(
          OverparamError,
        );
      }
      await expect(
        randomFeaturesFit({ ...valid, data: { ...small, train: bad } } as never),
      ).rejects.toThrow(OverparamError);
      await expect(
        randomFeaturesFit({ ...valid, data: { ...small, test: { X: bad, Y: [1] } } } as never),
      ).rejects.toThrow(OverparamError);
      await expect(
        doubleDescent({ data: small, featureCounts: bad, featureMap: { kind: 'relu' } } as never),
      ).rejects.toThrow(OverparamError);
      if (bad !== undefined) {
        await expect(randomFeaturesFit({ ...valid, signal: bad } as never)).rejects.toThrow(
          OverparamError,
        );
        await expect(
          randomFeaturesFit({
            ...valid,
            data: { train: { ...small.train, labels: bad }, test: small.test },
          } as never),
        ).rejects.toThrow(OverparamError);
      }
    }
  });

  it('a feature-map factory whose gpu returns the wrong shape is a ShapeMismatchError, leaking nothing', async () => {
    await withLeakCheck(async () => {
      await expect(
        randomFeaturesFit({
          data: small,
          N: 2,
          featureSeed: 0,
          featureMap: () => ({ gpu: () => tf.zeros([1, 1]) as tf.Tensor2D, dispose() {} }),
        }),
      ).rejects.toThrow(/featureMap\(…\)\.gpu\(X\) returned a tensor of shape \[1, 1\]/);
      await expect(
        randomFeaturesFit({
          data: small,
          N: 2,
          featureSeed: 0,
          featureMap: () => ({ gpu: 3, dispose() {} }) as never,
        }),
      ).rejects.toThrow(InvalidArgumentError);
    });
  });

  it('an empty test set is a ShapeMismatchError (its test MSE was NaN)', async () => {
    await expect(
      randomFeaturesFit({
        data: { train: small.train, test: { X: [], Y: [] } },
        N: 2,
        featureSeed: 0,
        featureMap: { kind: 'relu' },
      }),
    ).rejects.toThrow(ShapeMismatchError);
  });

  it('summarizeSweep names a value that is not an array of points (a string gave NaN)', () => {
    for (const bad of [...BAD, [null], [{ N: 'x' }]]) {
      expect(() => summarizeSweep(bad as never)).toThrow(InvalidArgumentError);
    }
    expect(summarizeSweep([])).toEqual([]);
  });

  it('randomFeatures, featureGrid, leastSquaresFit and the feature map methods name bad arguments', () => {
    const z = randomFeatures({ kind: 'relu', d: 1, N: 2, featureSeed: 0 });
    for (const bad of BAD) {
      expect(() => randomFeatures(bad as never)).toThrow(OverparamError);
      expect(() => featureGrid(bad as never)).toThrow(OverparamError);
      expect(() => leastSquaresFit(bad as never, [1])).toThrow(OverparamError);
      expect(() => leastSquaresFit([[1]], bad as never)).toThrow(OverparamError);
      // undefined and {} are valid options (the defaults).
      if (bad === null || (bad !== undefined && typeof bad !== 'object')) {
        expect(() => leastSquaresFit([[1]], [1], bad as never)).toThrow(OverparamError);
      }
      expect(() => z.f64(bad as never)).toThrow(OverparamError);
      expect(() => z.gpu(bad as never)).toThrow(OverparamError);
      expect(() => fitPointsToCsv(bad as never)).toThrow(OverparamError);
    }
    z.dispose();
  });
});

describe(`random-features reliability on ${TEST_BACKEND}: degenerate input and exports`, () => {
  it('one point, equal points, zero inputs and zero targets give no NaN (condition may be Infinity)', async () => {
    const cases: FitData[] = [
      { train: { X: [[0.5]], Y: [1] }, test: { X: [[0.3]], Y: [2] } },
      { train: { X: [[0.5], [0.5]], Y: [1, 1] }, test: { X: [[0.5]], Y: [1] } },
      { train: { X: [[0], [0], [0]], Y: [1, 2, 3] }, test: { X: [[0]], Y: [1] } },
      { train: { X: [[1], [2]], Y: [0, 0] }, test: { X: [[0]], Y: [0] } },
    ];
    for (const data of cases) {
      for (const N of [1, 2, 5]) {
        const p = await withLeakCheck(() =>
          randomFeaturesFit({ data, N, featureSeed: 0, featureMap: { kind: 'relu' } }),
        );
        expect(finiteOrInfinity(p), JSON.stringify(p, nonFiniteToString)).toBe(true);
      }
    }
    const sweep = await doubleDescent({
      data: cases[2] as FitData,
      featureCounts: [1, 2, 5],
      featureMap: { kind: 'fourier-gaussian' },
    });
    expect(sweep.points.every(finiteOrInfinity)).toBe(true);
    const fit = leastSquaresFit(
      [
        [0, 0],
        [0, 0],
      ],
      [1, 2],
    );
    expect(Array.from(fit.a.data)).toEqual([0, 0]);
  });

  it('CSV and JSON exports write a condition of Infinity as the string "Infinity"', async () => {
    const p = await randomFeaturesFit({
      data: { train: { X: [[0], [0], [0]], Y: [1, 2, 3] }, test: { X: [[0]], Y: [1] } },
      N: 1,
      featureSeed: 0,
      featureMap: { kind: 'relu' },
      precision: 'float64',
    });
    expect(p.condition).toBe(Number.POSITIVE_INFINITY);
    const csv = fitPointsToCsv([p]).split('\n');
    const col = csv[0]?.split(',').indexOf('condition') ?? -1;
    expect(csv[1]?.split(',')[col]).toBe('Infinity');
    expect(JSON.parse(JSON.stringify(p, nonFiniteToString)).condition).toBe('Infinity');
    expect(JSON.stringify({ a: Number.NaN, b: -Infinity }, nonFiniteToString)).toBe(
      '{"a":"NaN","b":"-Infinity"}',
    );
  });
});
