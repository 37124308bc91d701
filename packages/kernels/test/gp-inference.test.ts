import {
  InvalidArgumentError,
  NotPositiveDefiniteError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import { nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { gpInference, rbfKernel } from '../src/index.js';
import fixture from './fixtures/gp-inference.json' with { type: 'json' };

/** Against the scipy/numpy fixture (independent routes: see gp_inference.py). */
const RTOL = 1e-10;

function close(actual: ArrayLike<number>, expected: readonly number[], rtol = RTOL) {
  const e = nonEmpty(expected, 'fixture values');
  expect(actual.length).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs), 1e-300);
  for (let i = 0; i < e.length; i++)
    expect(Math.abs((actual[i] as number) - (e[i] as number))).toBeLessThanOrEqual(rtol * scale);
}

describe(`gpInference [${TEST_BACKEND}]`, () => {
  const gp = gpInference(fixture.K, fixture.Y, { diagReg: fixture.diagReg });

  it('log marginal likelihood equals scipy multivariate_normal.logpdf summed over outputs', () => {
    expect(gp.diagnosis).toBeNull();
    expect(gp.rank).toBe(fixture.K.length);
    expect(
      Math.abs((gp.logMarginalLikelihood as number) - fixture.logMarginalLikelihood),
    ).toBeLessThan(RTOL * Math.abs(fixture.logMarginalLikelihood));
  });

  it('closed-form leave-one-out equals brute-force refits without each point', () => {
    close(gp.looPredictions?.data ?? [], fixture.looPredictions.flat());
    close(gp.looVariances ?? [], fixture.looVariances);
    expect(Math.abs((gp.looMse as number) - fixture.looMse)).toBeLessThan(RTOL * fixture.looMse);
  });

  it('GCV equals the hat-matrix formula', () => {
    expect(Math.abs((gp.gcv as number) - fixture.gcv)).toBeLessThan(RTOL * fixture.gcv);
  });

  it('posterior mean and covariance equal numpy solves; the variances are its diagonal', () => {
    const full = gp.posterior(fixture.kTestTrain, fixture.kTestTest);
    close(full.mean.data, fixture.mean.flat());
    close(full.covariance?.data ?? [], fixture.covariance.flat());
    const diag = fixture.kTestTest.map((row, i) => row[i] as number);
    const onlyVar = gp.posterior(fixture.kTestTrain, diag);
    expect(onlyVar.covariance).toBeNull();
    close(
      onlyVar.variance ?? [],
      fixture.covariance.map((row, i) => row[i] as number),
    );
    expect(gp.posterior(fixture.kTestTrain).variance).toBeNull();
  });

  it('at a training point with no noise the posterior variance is 0 (clipped rounding counted), never NaN', () => {
    const X = [[0], [0.5], [1.3], [2]];
    const kernel = rbfKernel({ lengthScale: 0.7 });
    const g = gpInference(kernel.f64(X), [0, 1, 0, 1]);
    const p = g.posterior(kernel.f64([[0.5], [1.3]], X), [1, 1]);
    for (const v of p.variance ?? []) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1e-8);
    }
    expect(p.clippedVariances).toBeGreaterThanOrEqual(0);
    expect(p.mean.data[0]).toBeCloseTo(1, 8);
  });

  it('a singular K (duplicate point, no noise): min-norm mean, typed diagnosis, nulls instead of NaN', () => {
    const s = gpInference(fixture.singular.K, fixture.Y);
    expect(s.rank).toBeLessThan(fixture.K.length);
    expect(s.diagnosis).not.toBeNull();
    expect(s.diagnosis?.numericalRank).toBe(s.rank);
    expect(s.diagnosis?.suggestedDiagReg).toBeGreaterThan(0);
    expect(s.diagnosis?.message).toMatch(/diagReg/);
    expect(s.logMarginalLikelihood).toBeNull();
    expect(s.looPredictions).toBeNull();
    expect(s.gcv).toBeNull();
    close(s.posterior(fixture.singular.kTestTrain).mean.data, fixture.singular.mean.flat(), 1e-6);
    // The suggested diagReg makes it invertible.
    const fixed = gpInference(fixture.singular.K, fixture.Y, {
      diagReg: s.diagnosis?.suggestedDiagReg as number,
    });
    expect(fixed.diagnosis).toBeNull();
    expect(Number.isFinite(fixed.logMarginalLikelihood)).toBe(true);
  });

  it('GCV is null for σ² = 0 (an interpolant), the rest is defined when K is invertible', () => {
    const g = gpInference(fixture.K, fixture.Y);
    expect(g.gcv).toBeNull();
    expect(Number.isFinite(g.logMarginalLikelihood)).toBe(true);
    // Noiseless LOO is the kernel interpolant on the other points: finite.
    expect((g.looPredictions?.data ?? []).every(Number.isFinite)).toBe(true);
  });

  it('typed errors name the argument', () => {
    expect(() => gpInference([[1, 0]], [1])).toThrow(ShapeMismatchError);
    expect(() => gpInference(fixture.K, [1, 2])).toThrow(ShapeMismatchError);
    expect(() => gpInference(fixture.K, fixture.Y, { diagReg: -1 })).toThrow(/diagReg/);
    expect(() =>
      gpInference(
        [
          [1, 2],
          [2, 1],
        ],
        [1, 1],
      ),
    ).toThrow(NotPositiveDefiniteError);
    expect(() => gpInference(fixture.K, fixture.Y, { rcond: 2 })).toThrow(InvalidArgumentError);
    expect(() => gpInference(fixture.K, fixture.Y, { rcond: null as never })).toThrow(
      InvalidArgumentError,
    );
    expect(() => gp.posterior([[1, 2]])).toThrow(ShapeMismatchError);
    expect(() => gp.posterior(fixture.kTestTrain, [1, 2])).toThrow(ShapeMismatchError);
    // A test kernel from another kernel: variances far below zero are refused, not clipped.
    expect(() =>
      gp.posterior(
        fixture.kTestTrain,
        fixture.kTestTrain.map(() => -1),
      ),
    ).toThrow(InvalidArgumentError);
    expect(() => gpInference(fixture.K, fixture.Y, { budget: { maxFlops: 10 } })).toThrow(
      WorkBudgetError,
    );
  });
});
