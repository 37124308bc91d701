import { sphereInputs } from '@overparam/datasets';
import { fromArray, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  ARORA_RESIDUAL_TOLERANCE,
  arora2019GeneralizationBound,
  aroraComplexity,
  gramInfinity,
  InvalidBoundInputError,
  kernelRegimeResiduals,
} from '../../src/index.js';
import fixture from '../fixtures/arora-2019-generalization.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** Eigen route (ours) against numpy's solve and matrix powers; κ(H^∞) ≤ 1e3 here. */
const FORMULA_RTOL = 1e-10;

describe(`[${TEST_BACKEND}] arora-2019-generalization formulas`, () => {
  it('H^∞, the complexity yᵀ(H^∞)⁻¹y and the explicit term match the numpy fixture', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const g = gramInfinity(fromArray(c.X));
      expectClose(g.H, c.H, { rtol: 1e-12 });
      const comp = aroraComplexity(g, c.y);
      expectClose(
        [comp, aroraComplexity(g, c.yRandom), Math.sqrt((2 * comp) / c.X.length)],
        [c.complexity, c.complexityRandom, c.explicit],
        { rtol: FORMULA_RTOL },
      );
    }
  });

  it('‖(I − ηH^∞)^k y‖ matches matrix powers', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const g = gramInfinity(fromArray(c.X));
      const all = kernelRegimeResiduals(g, c.y, c.eta, 40);
      expectClose(
        c.residualSteps.map((k) => all[k] as number),
        c.residuals,
        { rtol: FORMULA_RTOL },
      );
    }
  });

  it('true labels y = ⟨β, x⟩ have complexity ≤ 9 (Corollary 6.2), permuted ones far more', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      expect(c.complexity).toBeLessThanOrEqual(9);
      expect(c.complexityRandom).toBeGreaterThan(c.complexity);
    }
  });

  it('aroraComplexity throws for singular H^∞ (parallel inputs) and a wrong label length', () => {
    const X = sphereInputs({ n: 6, d: 3, dataSeed: 0, stream: 1, radius: 1 });
    const h = gramInfinity(X);
    X.data.copyWithin(5 * 3, 0, 3); // the last row repeats the first
    const g = gramInfinity(X);
    expect(() => aroraComplexity(g, [1, 1, 1, 1, 1, 1])).toThrow(/parallel/);
    expect(() => aroraComplexity(h, [1, 2])).toThrow(ShapeMismatchError);
  });
});

describe(`[${TEST_BACKEND}] arora-2019-generalization bound`, () => {
  it('evaluate: the explicit term is the value, labelled partial, with null constants', () => {
    const r = arora2019GeneralizationBound.evaluate(arora2019GeneralizationBound.defaults);
    expect(r.status).toBe('ok');
    expect(r.valueLabel).toMatch(/partial/);
    const t = Object.fromEntries(r.terms.map((x) => [x.id, x.value]));
    expectClose(r.value!, Math.sqrt((2 * t.complexity!) / 50), { rtol: 1e-15 });
    expect(t['log-term-constant']).toBeNull();
    expect(t['width-requirement']).toBeNull();
    expect(t['complexity-random']!).toBeGreaterThan(3 * t.complexity!);
  });

  it('parallel inputs break non-degeneracy: no value, the reason given', () => {
    const r = arora2019GeneralizationBound.evaluate(
      arora2019GeneralizationBound.validate({ parallel: 3 }),
    );
    expect(r.status).toBe('assumption-broken');
    expect(r.value).toBeNull();
    expect(r.assumptions.find((a) => a.id === 'lambda0-positive')!.holds).toBe(false);
  });

  it('validate throws InvalidBoundInputError for bad or oversize inputs', () => {
    expect(() => arora2019GeneralizationBound.validate({ kappa: 0 })).toThrow(
      InvalidBoundInputError,
    );
    expect(() =>
      arora2019GeneralizationBound.validate({ n: 300, d: 100, width: 20_000, steps: 5000 }),
    ).toThrow(/multiply-adds/);
  });

  it('the empirical check passes at the defaults: residual curves, complexity order, test loss below the explicit term', async () => {
    const r = await arora2019GeneralizationBound.empiricalCheck.run(
      arora2019GeneralizationBound.defaults,
    );
    expect(r.passes, r.details).toBe(true);
    expect(r.measured).toBeLessThanOrEqual(r.predicted);
    const r0 = r.series!.points[0]!.predicted;
    for (const p of r.series!.points) {
      expect(Math.abs(p.measured - p.predicted)).toBeLessThanOrEqual(ARORA_RESIDUAL_TOLERANCE * r0);
    }
  });

  it('at width 2 the network leaves the kernel regime and the check fails', async () => {
    const r = await arora2019GeneralizationBound.empiricalCheck.run(
      arora2019GeneralizationBound.validate({ width: 2, steps: 100, n: 20, d: 5, nTest: 50 }),
    );
    expect(r.passes).toBe(false);
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(arora2019GeneralizationBound, {
      n: 10,
      d: 3,
      width: 50,
      steps: 10,
      nTest: 10,
    }));
});
