import { fcKernel } from '@overparam/kernels';
import { expectClose, F64_RTOL, TEST_BACKEND } from '@overparam/tensor/testing';
import { linearizedModel, stepSizeThresholds } from '@overparam/train';
import { describe, expect, it } from 'vitest';
import {
  InvalidBoundInputError,
  LINEARIZED_GD_THRESHOLD_RTOL,
  linearizedGdBound,
} from '../../src/index.js';
import fixture from '../fixtures/linearized-gd.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** Eigen route (train's linearizedModel) against matrix powers and a solve (numpy): κ(Θ) ≤ 1e3 here. */
const PREDICTION_RTOL = 1e-9;

describe(`[${TEST_BACKEND}] linearized-gd formulas (train's stepSizeThresholds and linearizedModel)`, () => {
  it('thresholds and k-step predictions on train and test match the numpy fixture', () => {
    for (const c of fixture.cases) {
      const k = fcKernel({ depth: c.depth, activation: 'relu', wStd: c.wStd, bStd: c.bStd });
      const ntk = k.f64(c.X).ntk;
      expectClose(ntk, c.ntk, { rtol: F64_RTOL, label: 'NTK' });
      // The bound's convention: L = ½Σ(f − y)², c = 1, so η = η̃.
      const t = stepSizeThresholds(ntk, { lossNormalization: 'sum' });
      expectClose(
        [t.lambdaMin, t.lambdaMax, t.maxStableEffectiveStep, t.leeEffectiveStep],
        [c.lambdaMin, c.lambdaMax, c.maxStableEffectiveStep, c.leeEffectiveStep],
        { rtol: F64_RTOL },
      );
      const lin = linearizedModel({
        ntkTrain: ntk,
        ntkTestTrain: k.f64(c.Xtest, c.X).ntk,
        yTrain: c.y,
        f0Train: c.f0,
        f0Test: c.f0Test,
        learningRate: c.stepRatio * t.maxStableEffectiveStep,
        lossNormalization: 'sum',
      });
      expectClose(lin.effectiveStep, c.effectiveStep, { rtol: F64_RTOL });
      const p = lin.at(c.steps);
      expectClose(p.train, c.train, { rtol: PREDICTION_RTOL, label: 'train' });
      expectClose(p.test!, c.test, { rtol: PREDICTION_RTOL, label: 'test' });
      expectClose(lin.contraction, c.contraction, { rtol: 1e-12 });
    }
  });
});

describe(`[${TEST_BACKEND}] linearized-gd bound`, () => {
  it('evaluate: value 2/λ_max, the Lee step below it, status ok at the defaults', () => {
    const r = linearizedGdBound.evaluate(linearizedGdBound.defaults);
    expect(r.status).toBe('ok');
    const t = Object.fromEntries(r.terms.map((x) => [x.id, x.value]));
    expectClose(r.value!, 2 / t['lambda-max']!, { rtol: 1e-15 });
    expect(t['lee-effective-step']!).toBeLessThan(r.value!);
    expectClose(t['max-stable-effective-step']!, r.value!, { rtol: 0 });
    expectClose(t['effective-step']!, 0.9 * r.value!, { rtol: 1e-15 });
    expect(t.contraction!).toBeLessThan(1);
  });

  it('reports a step above 2/λ_max, and one between the Lee step and 2/λ_max, as broken', () => {
    const above = linearizedGdBound.evaluate(linearizedGdBound.validate({ stepRatio: 1.2 }));
    expect(above.status).toBe('assumption-broken');
    expect(above.assumptions.find((a) => a.id === 'stable-step')!.holds).toBe(false);
    expect(above.terms.find((t) => t.id === 'contraction')!.value!).toBeGreaterThan(1);
    const between = linearizedGdBound.evaluate(linearizedGdBound.validate({ stepRatio: 0.999 }));
    expect(between.assumptions.find((a) => a.id === 'stable-step')!.holds).toBe(true);
    const lee = between.assumptions.find((a) => a.id === 'lee-step-size')!;
    expect(lee.holds).toBe(false);
    expect(lee.requirement).toMatch(/λ_max\/\(λ_min \+ λ_max\)/);
  });

  it('validate throws InvalidBoundInputError naming the key and range', () => {
    expect(() => linearizedGdBound.validate({ stepRatio: 0 })).toThrow(InvalidBoundInputError);
    expect(() => linearizedGdBound.validate({ n: 1000 })).toThrow(
      /'n' is 1000; expected an integer ≥ 2 and ≤ 128/,
    );
  });

  it('the empirical check: GD converges at 0.98×, diverges at 1.02×, the bisected threshold is 2/λ_max, GD = closed form', async () => {
    const r = await linearizedGdBound.empiricalCheck.run(linearizedGdBound.defaults);
    expect(r.passes, r.details).toBe(true);
    expect(Math.abs(r.measured - r.predicted) / r.predicted).toBeLessThan(
      LINEARIZED_GD_THRESHOLD_RTOL,
    );
    expect(r.details).toMatch(/0.98·2\/λ_max GD converged and at 1.02·2\/λ_max it diverged/);
    expect(r.series!.points.length).toBeGreaterThan(50);
    for (const p of r.series!.points) {
      expect(Math.abs(p.measured - p.predicted)).toBeLessThan(1e-9 * (1 + p.predicted));
    }
  });

  it('above the threshold the check still passes: the closed form predicts the divergence', async () => {
    const r = await linearizedGdBound.empiricalCheck.run(
      linearizedGdBound.validate({ stepRatio: 1.1, steps: 150, n: 16, nTest: 8 }),
    );
    expect(r.passes, r.details).toBe(true);
    const pts = r.series!.points;
    expect(pts.at(-1)!.measured).toBeGreaterThan(pts[0]!.measured);
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(linearizedGdBound, { n: 8, nTest: 4 }));
});
