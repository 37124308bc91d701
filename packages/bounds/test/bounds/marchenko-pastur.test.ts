import { InvalidArgumentError, OverparamError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  InvalidBoundInputError,
  MP_KS_TOLERANCE,
  marchenkoPasturBound,
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturStieltjes,
} from '../../src/index.js';
import fixture from '../fixtures/marchenko-pastur.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** Closed forms against quadrature (scipy quad at 1e-13): agreement to ~1e-10. */
const FORMULA_RTOL = 1e-9;
/** The CDF's Simpson rule and the quadrature of the √ singularities agree to this, absolutely. */
const CDF_ATOL = 1e-8;

describe(`[${TEST_BACKEND}] marchenko-pastur formulas`, () => {
  it('edges, atom and density match the numpy fixture', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const e = marchenkoPasturEdges(c.gamma, c.variance);
      expectClose([e.lower, e.upper, e.atom], [c.lower, c.upper, c.atom], { rtol: FORMULA_RTOL });
      const dens = c.points.map((pt) => marchenkoPasturDensity(pt.x, c.gamma, c.variance));
      expectClose(
        dens,
        c.points.map((pt) => pt.density),
        { rtol: FORMULA_RTOL },
      );
    }
  });

  it('the CDF matches the quadrature of the density (atom included)', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      for (const pt of nonEmpty(c.points, 'case points')) {
        const F = marchenkoPasturCdf(pt.x, c.gamma, c.variance);
        expect(Math.abs(F - pt.cdf), `γ=${c.gamma}, s²=${c.variance}, x=${pt.x}`).toBeLessThan(
          CDF_ATOL,
        );
      }
    }
  });

  it('the Stieltjes transform m(−λ) and m′(−λ) match ∫ρ(x)/(x+λ) and ∫ρ(x)/(x+λ)²', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      for (const s of nonEmpty(c.stieltjes, 'case stieltjes')) {
        const { m, dm } = marchenkoPasturStieltjes(s.lambda, c.gamma, c.variance);
        expectClose([m, dm], [s.m, s.dm], { rtol: FORMULA_RTOL });
      }
    }
  });

  it('m solves γzm² + (z + γ − 1)m + 1 = 0 at z = −λ (s² = 1), also for tiny λ', () => {
    for (const gamma of [0.3, 1, 3]) {
      for (const lambda of [1e-8, 1e-3, 2]) {
        const { m } = marchenkoPasturStieltjes(lambda, gamma);
        const z = -lambda;
        const residual = gamma * z * m * m + (z + gamma - 1) * m + 1;
        expect(Math.abs(residual) / Math.max(1, Math.abs(m))).toBeLessThan(1e-9);
        expect(m).toBeGreaterThan(0);
      }
    }
  });

  it('formula helpers throw InvalidArgumentError for γ ≤ 0', () => {
    expect(() => marchenkoPasturEdges(0)).toThrow(InvalidArgumentError);
    expect(() => marchenkoPasturStieltjes(1, -2)).toThrow(/gamma is -2/);
  });
});

describe(`[${TEST_BACKEND}] marchenko-pastur bound`, () => {
  it('evaluate gives λ₊ as the value, the terms, and status ok at the defaults', () => {
    const r = marchenkoPasturBound.evaluate(marchenkoPasturBound.validate({ gamma: 0.25 }));
    expectClose(r.value!, 2.25, { rtol: 1e-15 });
    expect(r.status).toBe('ok');
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms['lower-edge']!, 0.25, { rtol: 1e-15 });
    expect(terms.atom).toBe(0);
    expect(r.assumptions.map((a) => a.id)).toEqual(['iid-entries', 'proportional-regime']);
  });

  it('reports proportional-regime as broken (with the value) when min(n, p) < 50', () => {
    const r = marchenkoPasturBound.evaluate(marchenkoPasturBound.validate({ gamma: 0.1, n: 200 }));
    expect(r.status).toBe('assumption-broken');
    const a = r.assumptions.find((x) => x.id === 'proportional-regime')!;
    expect(a.holds).toBe(false);
    expect(a.value).toBe(20);
    expect(a.requirement).toMatch(/≥ 50/);
  });

  it('validate fills defaults, accepts numeric strings and throws InvalidBoundInputError naming key, value and range', () => {
    expect(marchenkoPasturBound.validate({})).toEqual(marchenkoPasturBound.defaults);
    expect(marchenkoPasturBound.validate({ gamma: '2' }).gamma).toBe(2);
    const bad = (): unknown => marchenkoPasturBound.validate({ gamma: -1 });
    expect(bad).toThrow(InvalidBoundInputError);
    expect(bad).toThrow(OverparamError);
    expect(bad).toThrow(
      "marchenko-pastur: input 'gamma' is -1; expected a finite number > 0 and ≤ 20. Fix: pass e.g. { gamma: 0.5 }",
    );
    expect(() => marchenkoPasturBound.validate({ n: 10.5 })).toThrow(
      /'n' is 10.5; expected an integer/,
    );
    expect(() => marchenkoPasturBound.validate({ gama: 1 })).toThrow(/'gama'.*remove 'gama'/);
    expect(() => marchenkoPasturBound.validate({ gamma: 20, n: 5000 })).toThrow(
      /min\(n,p\)²·max\(n,p\)/,
    );
    expect(() => marchenkoPasturBound.validate(7)).toThrow(InvalidBoundInputError);
  });

  it('the empirical check passes at the defaults (γ = 1/2, n = 400) and for γ = 2 (atom at 0)', async () => {
    for (const raw of [{}, { gamma: 2, n: 150, variance: 2 }]) {
      const r = await marchenkoPasturBound.empiricalCheck.run(marchenkoPasturBound.validate(raw));
      expect(r.passes, r.details).toBe(true);
      expect(r.series!.points.length).toBe(24);
      // The histogram integrates to the continuous mass min(1, 1/γ).
      const pts = r.series!.points;
      const width = pts[1]!.x - pts[0]!.x;
      const mass = pts.reduce((s, pt) => s + pt.measured * width, 0);
      const gamma = marchenkoPasturBound.validate(raw).gamma;
      expectClose(mass, Math.min(1, 1 / gamma), { rtol: 1e-12 });
    }
  });

  it('the check can fail: the γ = 1/2 sample sits within the KS tolerance of its own law but not of the γ = 0.8 law', async () => {
    const r = await marchenkoPasturBound.empiricalCheck.run(marchenkoPasturBound.validate({}));
    const ksMatch = /Kolmogorov distance to the Marchenko–Pastur CDF ([0-9.]+)/.exec(r.details);
    expect(Number(ksMatch![1])).toBeLessThan(MP_KS_TOLERANCE);
    // The sample's CDF at the histogram's bin edges, against the right and a wrong law.
    const pts = r.series!.points;
    const w = pts[1]!.x - pts[0]!.x;
    let mass = 0;
    let own = 0;
    let wrong = 0;
    for (const pt of pts) {
      mass += pt.measured * w;
      const edge = pt.x + w / 2;
      own = Math.max(own, Math.abs(mass - marchenkoPasturCdf(edge, 0.5)));
      wrong = Math.max(wrong, Math.abs(mass - marchenkoPasturCdf(edge, 0.8)));
    }
    expect(own).toBeLessThan(MP_KS_TOLERANCE);
    expect(wrong).toBeGreaterThan(MP_KS_TOLERANCE);
  });

  it('the empirical check reports progress and throws CheckAbortedError when aborted', async () => {
    const fractions: number[] = [];
    await marchenkoPasturBound.empiricalCheck.run(marchenkoPasturBound.validate({ n: 100 }), {
      onProgress: (f) => fractions.push(f),
    });
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    await expectCheckAborts(marchenkoPasturBound, {});
  });
});
