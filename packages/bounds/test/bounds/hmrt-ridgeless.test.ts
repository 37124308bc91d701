import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  HMRT_RIDGELESS_RTOL,
  hmrtOptimalGamma,
  hmrtRidgelessBound,
  hmrtRidgelessRisk,
  InvalidBoundInputError,
} from '../../src/index.js';
import fixture from '../fixtures/hmrt-ridgeless.json' with { type: 'json' };

/** Closed form against scipy quadrature of the MP law (1/x singular at the edge for γ near 1). */
const FORMULA_RTOL = 1e-8;
/** γ* from a bounded scalar minimiser (xatol 1e-10, flat minimum). */
const OPTIMUM_RTOL = 1e-6;

describe(`[${TEST_BACKEND}] hmrt-ridgeless formulas`, () => {
  it('bias, variance and risk match the integral over the Marchenko–Pastur law', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const r = hmrtRidgelessRisk(c);
      expectClose([r.bias, r.variance, r.risk], [c.bias, c.variance, c.risk], {
        rtol: FORMULA_RTOL,
      });
    }
  });

  it('γ* = √SNR/(√SNR − 1) is the numerical minimiser over γ > 1', () => {
    for (const o of nonEmpty(fixture.optima, 'fixture.optima')) {
      const star = hmrtOptimalGamma({ gamma: 2, signal: o.signal, noise: o.noise });
      expectClose(star!, o.gammaStar, { rtol: OPTIMUM_RTOL });
    }
    expect(hmrtOptimalGamma({ gamma: 2, signal: 1, noise: 2 })).toBeNull();
  });

  it('misspecification acts as noise: risk(σ², s²) = risk(σ² + s², 0)', () => {
    const a = hmrtRidgelessRisk({ gamma: 3, signal: 1, noise: 0.2, misspecification: 0.3 });
    const b = hmrtRidgelessRisk({ gamma: 3, signal: 1, noise: 0.5 });
    expectClose(a.risk, b.risk, { rtol: 1e-15 });
  });
});

describe(`[${TEST_BACKEND}] hmrt-ridgeless bound`, () => {
  it('evaluates 0.75 at γ = 2, r² = 1, σ² = 1/4 with the γ* term', () => {
    const r = hmrtRidgelessBound.evaluate(hmrtRidgelessBound.defaults);
    expectClose(r.value!, 0.75, { rtol: 1e-15 });
    expect(r.status).toBe('ok');
    const star = r.terms.find((t) => t.id === 'gamma-star')!;
    expectClose(star.value!, 2, { rtol: 1e-15 });
  });

  it('reports γ = 1 as assumption-broken with a null (infinite) value, not a number', () => {
    const r = hmrtRidgelessBound.evaluate(hmrtRidgelessBound.validate({ gamma: 1 }));
    expect(r.status).toBe('assumption-broken');
    expect(r.value).toBeNull();
    const broken = r.assumptions.filter((a) => !a.holds).map((a) => a.id);
    expect(broken).toEqual(['not-at-threshold', 'check-away-from-threshold']);
    expect(r.assumptions.find((a) => a.id === 'not-at-threshold')!.explanation).toMatch(/diverges/);
  });

  it('at γ = 1 the variance and the prediction risk are terms marked infinite (null value, a note saying why), not "unspecified"', () => {
    const r = hmrtRidgelessBound.evaluate(hmrtRidgelessBound.validate({ gamma: 1 }));
    for (const id of ['variance', 'prediction-risk']) {
      const t = r.terms.find((x) => x.id === id)!;
      expect(t.value, id).toBeNull();
      expect(t.infinite, id).toBe(true);
      expect(t.note, id).toMatch(/^\+∞ at γ = 1.*diverges/);
    }
    // Finite elsewhere, and finite (0) at γ = 1 without noise: no infinite flag then.
    const quiet = hmrtRidgelessBound.evaluate(
      hmrtRidgelessBound.validate({ gamma: 1, noise: 0, misspecification: 0 }),
    );
    expect(quiet.terms.find((x) => x.id === 'variance')).toMatchObject({ value: 0 });
    expect(quiet.terms.find((x) => x.id === 'variance')!.infinite).toBeUndefined();
    const away = hmrtRidgelessBound.evaluate(hmrtRidgelessBound.defaults);
    expect(away.terms.every((t) => !t.infinite)).toBe(true);
  });

  it('at γ = 1.05 only the check’s |γ − 1| ≥ 0.2 condition fails: the value is given and the message says the check skips it, not that the theorem does not cover it', () => {
    const r = hmrtRidgelessBound.evaluate(hmrtRidgelessBound.validate({ gamma: 1.05 }));
    expect(r.status).toBe('ok');
    // R = r²(1 − 1/γ) + σ²/(γ − 1) with r² = 1, σ² = 1/4.
    expectClose(r.value!, 1 - 1 / 1.05 + 0.25 / 0.05, { rtol: 1e-12 });
    expect(r.formulaValue).toBe(r.value);
    const broken = r.assumptions.filter((a) => !a.holds);
    expect(broken.map((a) => [a.id, a.scope])).toEqual([['check-away-from-threshold', 'check']]);
    const skip = broken[0]!;
    expect(skip.requirement).toBe('|γ − 1| ≥ 0.2 for the empirical check');
    expect(skip.explanation).toMatch(/^The empirical check skips \|γ − 1\| < 0\.2 because/);
    expect(skip.explanation).toMatch(/finite-n simulation \(here n = 200\) is far from the limit/);
    expect(skip.explanation).toMatch(/The formula itself holds for every γ ≠ 1/);
    expect(skip.explanation).not.toMatch(/not covered|not an assumption/i);
    // The theorem's own assumptions all hold.
    expect(r.assumptions.filter((a) => a.scope === 'theorem').every((a) => a.holds)).toBe(true);
  });

  it('run at γ = 1.05 (a caller that runs it anyway) says in its details that the comparison is outside the check’s range', async () => {
    const r = await hmrtRidgelessBound.empiricalCheck.run(
      hmrtRidgelessBound.validate({ gamma: 1.05, seeds: 2 }),
    );
    expect(r.details).toMatch(/^Outside the check's range \(\|γ − 1\| < 0\.2\)/);
    expect(r.details).toMatch(/says nothing about the formula, which holds for every γ ≠ 1/);
    const inRange = await hmrtRidgelessBound.empiricalCheck.run(
      hmrtRidgelessBound.validate({ seeds: 2 }),
    );
    expect(inRange.details).toMatch(/^Min-norm least squares/);
  });

  it('validate rejects bad inputs with InvalidBoundInputError', () => {
    expect(() => hmrtRidgelessBound.validate({ noise: -1 })).toThrow(InvalidBoundInputError);
    expect(() => hmrtRidgelessBound.validate({ noise: -1 })).toThrow(
      /'noise' is -1; expected a finite number ≥ 0/,
    );
    expect(() => hmrtRidgelessBound.validate({ gamma: 10, n: 1000 })).toThrow(/n·p ≤ 1.6e6/);
  });

  it(`the simulation (n = 200, 20 seeds) matches the limit within ${HMRT_RIDGELESS_RTOL * 100}% on both sides of the threshold`, async () => {
    for (const raw of [{}, { gamma: 0.5 }, { gamma: 3, misspecification: 0.5 }]) {
      const r = await hmrtRidgelessBound.empiricalCheck.run(hmrtRidgelessBound.validate(raw));
      expect(r.passes, r.details).toBe(true);
      expect(Math.abs(r.measured - r.predicted) / r.predicted).toBeLessThanOrEqual(
        HMRT_RIDGELESS_RTOL,
      );
    }
  });

  it('the check fails against a wrong prediction: the simulated risk separates γ = 1.3 from γ = 2', async () => {
    const r = await hmrtRidgelessBound.empiricalCheck.run(
      hmrtRidgelessBound.validate({ gamma: 1.3 }),
    );
    const wrong = hmrtRidgelessRisk({ gamma: 2, signal: 1, noise: 0.25 }).risk;
    expect(Math.abs(r.measured - wrong) / wrong).toBeGreaterThan(HMRT_RIDGELESS_RTOL);
    // The curve has the double-descent shape: the largest simulated risk sits next to γ = 1.
    const peak = r.series!.points.reduce((a, b) => (b.measured > a.measured ? b : a));
    expect(Math.abs(peak.x - 1)).toBeLessThan(0.31);
  });
});
