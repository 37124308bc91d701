import { InvalidArgumentError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  activationConstants,
  gaussHermiteRule,
  gaussianExpectation,
  InvalidBoundInputError,
  MM_RF_TOLERANCE,
  meiMontanariFixedPoint,
  meiMontanariPolynomials,
  meiMontanariRfBound,
  meiMontanariRidgelessChi,
  meiMontanariRisk,
  randomFeaturesSphereRisk,
} from '../../src/index.js';
import fixtureJson from '../fixtures/mei-montanari-rf.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

interface Constants {
  mu0: number;
  mu1: number;
  muStar2: number;
  zeta: number;
}
interface Fixture {
  activations: Record<'relu' | 'erf' | 'tanh', Constants>;
  cases: {
    activation: 'relu' | 'erf' | 'tanh';
    psi1: number;
    psi2: number;
    lambda: number;
    linearEnergy: number;
    nonlinearEnergy: number;
    noiseVariance: number;
    chi: number;
    E0: number;
    E1: number;
    E2: number;
    testError: number;
  }[];
  ridgeless: { psi1: number; psi2: number; zeta: number; chi: number }[];
}
const fixture = fixtureJson as Fixture;
/**
 * Quadrature (ours: Gauss–Hermite / split Gauss–Legendre; numpy: closed forms, scipy quad at
 * 1e-13). μ*² = Eσ² − μ₀² − μ₁² is a difference of O(1) numbers, so it carries ~1e-12.
 */
const QUADRATURE_RTOL = 1e-10;
/** The damped iteration and scipy's Newton continuation both stop near 1e-14 relative. */
const FIXED_POINT_RTOL = 1e-10;
/** https://overparam.dev/docs/theory/rf-asymptotics#ridgeless-limit: λ → 0 of the fixed point agrees with the ridgeless χ to ~1e-5. */
const RIDGELESS_RTOL = 1e-5;

describe(`[${TEST_BACKEND}] mei-montanari-rf formulas`, () => {
  it('gaussHermiteRule integrates polynomials exactly and is symmetric', () => {
    const { nodes, weights } = gaussHermiteRule(10);
    const moment = (k: number) => nodes.reduce((s, x, i) => s + (weights[i] as number) * x ** k, 0);
    // E G^{2k} = (2k − 1)!!: 1, 1, 3, 15, 105.
    expectClose([0, 2, 4, 6, 8].map(moment), [1, 1, 3, 15, 105], { rtol: 1e-13 });
    expect(Math.abs(moment(3))).toBeLessThan(1e-14);
    expect(() => gaussHermiteRule(0)).toThrow(InvalidArgumentError);
  });

  it('activation constants match closed forms (ReLU, erf) and scipy quad (tanh)', () => {
    for (const name of ['relu', 'erf', 'tanh'] as const) {
      const c = activationConstants(name);
      const e = fixture.activations[name];
      expect(Math.abs(c.mu0 - e.mu0), `${name} μ₀`).toBeLessThan(1e-13);
      expectClose([c.mu1, c.muStar2, c.zeta], [e.mu1, e.muStar2, e.zeta], {
        rtol: QUADRATURE_RTOL,
      });
    }
    // A supplied function with its kink: |u| has μ₀ = √(2/π), μ₁ = 0, μ*² = 1 − 2/π.
    const abs = activationConstants({ fn: Math.abs, kinks: [0] });
    expectClose([abs.mu0, abs.muStar2], [Math.sqrt(2 / Math.PI), 1 - 2 / Math.PI], {
      rtol: QUADRATURE_RTOL,
    });
    // Gauss–Hermite on the kink converges only like 1/n: the split rule is why ReLU is exact.
    const naive = gaussianExpectation((u) => Math.max(u, 0), { nodes: 100 });
    expect(Math.abs(naive - 1 / Math.sqrt(2 * Math.PI))).toBeGreaterThan(1e-4);
  });

  it('activationConstants rejects an affine σ and an unknown name with InvalidArgumentError', () => {
    expect(() => activationConstants({ fn: (u) => 2 * u + 1, label: 'affine' })).toThrow(
      /affine.*μ\*² = E σ² − μ₀² − μ₁²/,
    );
    expect(() => activationConstants('gelu' as 'relu')).toThrow(InvalidArgumentError);
    expect(() => activationConstants({ fn: () => Number.NaN })).toThrow(/finite value/);
  });

  it('χ, E₀, E₁, E₂ and the test error match the numpy fixture (fixed point and ridgeless)', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const a = fixture.activations[c.activation];
      const r = meiMontanariRisk({ ...c, zeta: a.zeta, muStar2: a.muStar2 });
      const label = `${c.activation} ψ₁=${c.psi1} ψ₂=${c.psi2} λ=${c.lambda}`;
      expectClose(r.chi, c.chi, { rtol: FIXED_POINT_RTOL, label: `χ ${label}` });
      expectClose([r.E0, r.E1, r.E2], [c.E0, c.E1, c.E2], { rtol: FIXED_POINT_RTOL, label });
      expectClose(r.testError, c.testError, { rtol: FIXED_POINT_RTOL, label });
      expect(r.method).toBe(c.lambda === 0 ? 'ridgeless' : 'fixed-point');
    }
  });

  it('the fixed point at λ → 0 agrees with the ridgeless χ to 1e-5 (ψ₁ ≠ ψ₂)', () => {
    for (const c of nonEmpty(fixture.ridgeless, 'fixture.ridgeless')) {
      const closed = meiMontanariRidgelessChi(c.psi1, c.psi2, c.zeta);
      expectClose(closed, c.chi, { rtol: 1e-13 });
      const relu = activationConstants('relu');
      const fp = meiMontanariFixedPoint({
        psi1: c.psi1,
        psi2: c.psi2,
        zeta: c.zeta,
        lambdaBar: 1e-7 / relu.muStar2,
      });
      expectClose(fp.chi, closed, { rtol: RIDGELESS_RTOL });
    }
  });

  it('the ridgeless limit is +∞ at ψ₁ = ψ₂ (E₀ = 0), finite on both sides', () => {
    const { zeta, muStar2 } = activationConstants('relu');
    const base = {
      psi2: 2,
      lambda: 0,
      zeta,
      muStar2,
      linearEnergy: 1,
      nonlinearEnergy: 0,
      noiseVariance: 0.1,
    };
    expect(meiMontanariRisk({ ...base, psi1: 2 }).testError).toBe(Number.POSITIVE_INFINITY);
    const chi = meiMontanariRidgelessChi(2, 2, zeta);
    expect(Math.abs(meiMontanariPolynomials(chi, 2, 2, zeta).E0)).toBeLessThan(1e-12);
    const left = meiMontanariRisk({ ...base, psi1: 1.9 }).testError;
    const right = meiMontanariRisk({ ...base, psi1: 2.1 }).testError;
    const far = meiMontanariRisk({ ...base, psi1: 20 }).testError;
    expect(left).toBeGreaterThan(far);
    expect(right).toBeGreaterThan(far);
  });

  it('formula helpers throw InvalidArgumentError naming the bad value', () => {
    const { zeta, muStar2 } = activationConstants('relu');
    const base = {
      psi1: 1,
      psi2: 1,
      lambda: 0.1,
      zeta,
      muStar2,
      linearEnergy: 1,
      nonlinearEnergy: 0,
      noiseVariance: 0,
    };
    expect(() => meiMontanariRisk({ ...base, psi1: -1 })).toThrow(/psi1 is -1/);
    expect(() => meiMontanariRisk({ ...base, lambda: -0.5 })).toThrow(/lambda is -0.5/);
    expect(() =>
      meiMontanariFixedPoint({ psi1: 1, psi2: 1, zeta, lambdaBar: 1 }, { damping: 0 }),
    ).toThrow(/damping is 0/);
    expect(() => randomFeaturesSphereRisk({ d: 0, N: 1, n: 1, lambda: 0, seed: 0 })).toThrow(
      /d is 0/,
    );
  });
});

describe(`[${TEST_BACKEND}] mei-montanari-rf bound`, () => {
  it('evaluate at the defaults: the limit, its terms, status ok', () => {
    const r = meiMontanariRfBound.evaluate(meiMontanariRfBound.defaults);
    const c = fixture.cases.find((x) => x.activation === 'relu' && x.psi1 === 2 && x.psi2 === 3)!;
    expect(r.status).toBe('ok');
    // The fixture case has F*² = 0.5, τ² = 0.09, F₁² = 1: the defaults.
    expectClose(r.value!, c.testError, { rtol: FIXED_POINT_RTOL });
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms.mu1!, 0.5, { rtol: 1e-13 });
    expectClose(terms.chi!, c.chi, { rtol: FIXED_POINT_RTOL });
  });

  it('reports the ridgeless peak and a small d as broken assumptions, with reasons', () => {
    const peak = meiMontanariRfBound.evaluate(
      meiMontanariRfBound.validate({ psi1: 3, psi2: 3, lambda: 0 }),
    );
    expect(peak.status).toBe('assumption-broken');
    expect(peak.value).toBeNull();
    const a = peak.assumptions.find((x) => x.id === 'ridge-or-off-peak')!;
    expect(a.holds).toBe(false);
    expect(a.explanation).toMatch(/E₀ = 0/);
    const small = meiMontanariRfBound.evaluate(meiMontanariRfBound.validate({ d: 20 }));
    const b = small.assumptions.find((x) => x.id === 'proportional-regime')!;
    expect(b.holds).toBe(false);
    expect(b.value).toBe(20);
  });

  it('validate throws InvalidBoundInputError for bad inputs and oversize checks', () => {
    expect(() => meiMontanariRfBound.validate({ psi1: 0 })).toThrow(InvalidBoundInputError);
    expect(() => meiMontanariRfBound.validate({ activation: 3 })).toThrow(
      /'activation' is 3; expected one of 'relu', 'erf', 'tanh'/,
    );
    // No fallback for an unknown name, and no old numeric codes.
    expect(() => meiMontanariRfBound.validate({ activation: 'gelu' })).toThrow(
      /'activation' is 'gelu'; expected one of 'relu', 'erf', 'tanh'/,
    );
    expect(meiMontanariRfBound.validate({ activation: 'tanh' }).activation).toBe('tanh');
    expect(() => meiMontanariRfBound.validate({ psi1: 40, psi2: 40, d: 400 })).toThrow(
      /multiply-adds per instance/,
    );
  });

  it('the empirical check passes at the defaults (ReLU, d = 80, 4 seeds)', async () => {
    const r = await meiMontanariRfBound.empiricalCheck.run(meiMontanariRfBound.defaults);
    expect(r.passes, r.details).toBe(true);
    expect(Math.abs(r.measured - r.predicted) / r.predicted).toBeLessThanOrEqual(MM_RF_TOLERANCE);
    expect(r.series!.points.length).toBe(7);
    // Every point of the ψ₁ series is within the same tolerance of the limit.
    for (const p of r.series!.points) {
      expect(Math.abs(p.measured - p.predicted) / p.predicted, `ψ₁ = ${p.x}`).toBeLessThan(
        MM_RF_TOLERANCE,
      );
    }
  });

  it('the empirical check passes for erf with small ridge off the peak (ψ₁ = 1, ψ₂ = 2)', async () => {
    const r = await meiMontanariRfBound.empiricalCheck.run(
      meiMontanariRfBound.validate({
        activation: 'erf',
        psi1: 1,
        psi2: 2,
        lambda: 1e-3,
        d: 60,
        seeds: 3,
      }),
    );
    expect(r.passes, r.details).toBe(true);
  });

  it('the check detects a wrong limit: the simulation is not the λ = 10 curve', async () => {
    const r = await meiMontanariRfBound.empiricalCheck.run(
      meiMontanariRfBound.validate({ seeds: 2 }),
    );
    const wrong = meiMontanariRfBound.evaluate(meiMontanariRfBound.validate({ lambda: 10 })).value!;
    expect(Math.abs(r.measured - wrong) / wrong).toBeGreaterThan(MM_RF_TOLERANCE);
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(meiMontanariRfBound, { d: 50, seeds: 1 }));
});
