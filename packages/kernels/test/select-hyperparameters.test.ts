import { cholesky, createRng, InvalidArgumentError, WorkBudgetError } from '@overparam/tensor';
import { nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { fcKernel, gpInference, rbfKernel, selectHyperparameters } from '../src/index.js';

/** Draws y ~ N(0, K + σ²I) for an RBF kernel of length scale ℓ on 40 points of [−3, 3]. */
function gpSample(ell: number, noise: number, seed: number) {
  const rng = createRng(seed);
  const X = Array.from({ length: 40 }, () => [6 * rng.uniform() - 3]);
  const K = rbfKernel({ lengthScale: ell }).f64(X);
  const n = K.rows;
  for (let i = 0; i < n; i++) K.data[i * n + i] = (K.data[i * n + i] as number) + noise + 1e-10;
  const L = cholesky(K);
  const z = Array.from({ length: n }, () => rng.normal());
  const y = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j <= i; j++) s += (L.data[i * n + j] as number) * (z[j] as number);
    return s;
  });
  return { X, y };
}

describe(`selectHyperparameters [${TEST_BACKEND}]`, () => {
  it('the marginal likelihood finds the length scale the data were drawn with (5 of 5 seeds)', () => {
    const seeds = nonEmpty([1, 2, 3, 4, 5], 'seeds');
    for (const seed of seeds) {
      const { X, y } = gpSample(0.7, 0.01, seed);
      const sel = selectHyperparameters({
        kernel: (s) => rbfKernel({ lengthScale: s.lengthScale as number }),
        data: { xTrain: X, yTrain: y },
        grid: { lengthScale: [0.1, 0.7, 5], diagReg: [0.01] },
        criterion: 'marginal-likelihood',
      });
      expect(sel.table).toHaveLength(3);
      expect(sel.best?.setting.lengthScale, `seed ${seed}`).toBe(0.7);
    }
  });

  it('table rows are gpInference of each setting; best is the argmax / argmin of the criterion', () => {
    const { X, y } = gpSample(0.7, 0.01, 9);
    const grid = { depth: [1, 3], wStd: [1, 1.5, 2], diagReg: [1e-3, 1e-1] };
    for (const criterion of ['marginal-likelihood', 'loo', 'gcv'] as const) {
      const sel = selectHyperparameters({
        kernel: (s) => fcKernel({ depth: s.depth as number, wStd: s.wStd as number, bStd: 0.5 }),
        data: { xTrain: X.map((r) => [r[0] as number, 1]), yTrain: y },
        grid,
        criterion,
      });
      const rows = nonEmpty(sel.table, 'table');
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        const k = fcKernel({
          depth: row.setting.depth as number,
          wStd: row.setting.wStd as number,
          bStd: 0.5,
        });
        const gp = gpInference(k.f64(X.map((r) => [r[0] as number, 1])).nngp, y, {
          diagReg: row.setting.diagReg as number,
        });
        expect(row.logMarginalLikelihood).toBeCloseTo(gp.logMarginalLikelihood as number, 9);
        expect(row.looMse).toBeCloseTo(gp.looMse as number, 12);
        expect(row.gcv).toBeCloseTo(gp.gcv as number, 12);
      }
      const scores = rows.map((r) => r.score as number);
      const target =
        criterion === 'marginal-likelihood' ? Math.max(...scores) : Math.min(...scores);
      expect(sel.best?.score).toBe(target);
    }
  });

  it("'validation' scores the posterior mean on held-out data; random search is seeded", () => {
    const { X, y } = gpSample(0.7, 0.01, 11);
    const data = {
      xTrain: X.slice(0, 30),
      yTrain: y.slice(0, 30),
      xValidation: X.slice(30),
      yValidation: y.slice(30),
    };
    const run = (seed: number) =>
      selectHyperparameters({
        kernel: (s) => rbfKernel({ lengthScale: s.lengthScale as number }),
        data,
        search: {
          space: { lengthScale: { min: 0.05, max: 20, log: true }, diagReg: [1e-3, 1e-2] },
          samples: 8,
          seed,
        },
        criterion: 'validation',
      });
    const a = run(3);
    expect(a.table).toHaveLength(8);
    expect(run(3).table.map((r) => r.setting)).toEqual(a.table.map((r) => r.setting));
    expect(run(4).table.map((r) => r.setting)).not.toEqual(a.table.map((r) => r.setting));
    for (const row of a.table) {
      const ell = row.setting.lengthScale as number;
      expect(ell).toBeGreaterThanOrEqual(0.05);
      expect(ell).toBeLessThanOrEqual(20);
      const k = rbfKernel({ lengthScale: ell });
      const mean = gpInference(k.f64(data.xTrain), data.yTrain, {
        diagReg: row.setting.diagReg as number,
      }).posterior(k.f64(data.xValidation, data.xTrain)).mean.data;
      let sq = 0;
      mean.forEach((v, i) => {
        sq += (v - (data.yValidation[i] as number)) ** 2;
      });
      expect(row.validationMse).toBeCloseTo(sq / mean.length, 12);
    }
  });

  it('a singular K + σ²I gets null scores with the diagnosis, never NaN, and is not chosen', () => {
    const X = [[0], [0], [1], [2]];
    const sel = selectHyperparameters({
      kernel: () => rbfKernel({ lengthScale: 1 }),
      data: { xTrain: X, yTrain: [1, 1, 0, 0] },
      grid: { diagReg: [0, 0.1] },
      criterion: 'loo',
    });
    const [singular, regular] = sel.table;
    expect(singular?.score).toBeNull();
    expect(singular?.diagnosis).toMatch(/numerical rank 3 of 4/);
    expect(regular?.score).toBeGreaterThan(0);
    expect(sel.best).toBe(regular);
  });

  it('typed errors', () => {
    const data = { xTrain: [[0], [1]], yTrain: [0, 1] };
    const kernel = () => rbfKernel();
    // biome-ignore lint/suspicious/noExplicitAny: wrong calls on purpose.
    const bad = (o: any) => () => selectHyperparameters(o);
    expect(bad({ kernel, data, criterion: 'loo' })).toThrow(/grid/);
    expect(bad({ kernel, data, grid: { a: [] }, criterion: 'loo' })).toThrow(/grid.a/);
    expect(bad({ kernel, data, grid: { a: [1] }, criterion: 'aic' })).toThrow(InvalidArgumentError);
    expect(bad({ kernel, data, grid: { a: [1] }, criterion: 'validation' })).toThrow(/xValidation/);
    expect(bad({ kernel: 3, data, grid: { a: [1] }, criterion: 'loo' })).toThrow(/kernel/);
    expect(bad({ kernel: () => 3, data, grid: { a: [1] }, criterion: 'loo' })).toThrow(/factory/);
    expect(
      bad({
        kernel,
        data,
        search: { space: { a: { min: 2, max: 1 } }, samples: 3 },
        criterion: 'loo',
      }),
    ).toThrow(/search.space.a/);
    expect(
      bad({ kernel, data, grid: { a: [1, 2, 3] }, criterion: 'loo', budget: { maxFlops: 10 } }),
    ).toThrow(WorkBudgetError);
  });
});
