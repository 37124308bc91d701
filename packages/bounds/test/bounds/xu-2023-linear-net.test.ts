import { fromArray } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { linearNetworkCertificate, linearNetworkGdStep } from '@overparam/train';
import { describe, expect, it } from 'vitest';
import { InvalidBoundInputError, xu2023LinearNetBound } from '../../src/index.js';
import fixture from '../fixtures/xu-2023-linear-net.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** eigvalsh/SVD (ours, @overparam/tensor) against numpy's LAPACK on well-conditioned 3×8 problems. */
const FORMULA_RTOL = 1e-11;

describe(`[${TEST_BACKEND}] xu-2023-linear-net formulas`, () => {
  it('μ, Λ, ‖E‖₂, ‖UVᵀ‖₂, ρ and the imbalance bound match the numpy fixture', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const net = { U: fromArray(c.U), V: fromArray(c.V) };
      const cert = linearNetworkCertificate(net, fromArray(c.Y), c.eta);
      expectClose(
        [cert.mu, cert.Lambda, cert.errorSpectralNorm, cert.productSpectralNorm, cert.rho],
        [c.mu, c.Lambda, c.errorSpectralNorm, c.productSpectralNorm, c.rho],
        { rtol: FORMULA_RTOL },
      );
      expect(Math.abs(cert.muLowerBound - c.muLowerBound)).toBeLessThan(1e-12);
      expect(Math.abs(cert.lambdaN - c.lambdaN)).toBeLessThan(1e-12);
      expect(Math.abs(cert.lambdaMNeg - c.lambdaMNeg)).toBeLessThan(1e-12);
      // One GD step: ‖E'‖_F as numpy computed it, and within the certificate.
      const next = linearNetworkGdStep(net, fromArray(c.Y), c.eta);
      const after = linearNetworkCertificate(next, fromArray(c.Y), c.eta);
      expectClose(after.errorNorm, c.nextErrorNorm, { rtol: FORMULA_RTOL });
      expect(c.nextErrorNorm).toBeLessThanOrEqual(c.rho * c.errorNorm);
      expect(c.mu).toBeGreaterThanOrEqual(c.muLowerBound);
    }
  });
});

describe(`[${TEST_BACKEND}] xu-2023-linear-net bound`, () => {
  it('evaluate at the defaults (imbalanced init): ρ < 1, a positive imbalance bound ≤ μ, status ok', () => {
    const r = xu2023LinearNetBound.evaluate(xu2023LinearNetBound.defaults);
    expect(r.status).toBe('ok');
    const t = Object.fromEntries(r.terms.map((x) => [x.id, x.value]));
    expect(r.value!).toBeLessThan(1);
    expect(t['mu-lower-bound']!).toBeGreaterThan(0);
    expect(t['mu-lower-bound']!).toBeLessThanOrEqual(t.mu!);
    // The imbalanced init has D's nonzero eigenvalues ±δ: n = 3 < m = 4, so the bound is δ.
    expectClose(t['mu-lower-bound']!, 0.5, { rtol: 1e-10 });
  });

  it('a balanced init (D = 0) loses the imbalance guarantee: reported broken, with the reason', () => {
    const r = xu2023LinearNetBound.evaluate(xu2023LinearNetBound.validate({ init: 1 }));
    expect(r.status).toBe('assumption-broken');
    const a = r.assumptions.find((x) => x.id === 'imbalance-margin')!;
    expect(a.holds).toBe(false);
    expect(a.explanation).toMatch(/balanced init \(D = 0\)/);
  });

  it('h < max(n, m) breaks the width assumption: no value, and the check reports no run', async () => {
    const inputs = xu2023LinearNetBound.validate({ h: 3 });
    const r = xu2023LinearNetBound.evaluate(inputs);
    expect(r.status).toBe('assumption-broken');
    expect(r.value).toBeNull();
    const check = await xu2023LinearNetBound.empiricalCheck.run(inputs);
    expect(check.passes).toBe(false);
    expect(check.details).toMatch(/width assumption is broken/);
  });

  it('validate throws InvalidBoundInputError for bad or oversize inputs', () => {
    expect(() => xu2023LinearNetBound.validate({ init: 4 })).toThrow(InvalidBoundInputError);
    expect(() => xu2023LinearNetBound.validate({ learningRate: 0 })).toThrow(/'learningRate' is 0/);
    expect(() => xu2023LinearNetBound.validate({ h: 100, steps: 5000, runs: 1000 })).toThrow(
      /runs/,
    );
  });

  it('the certificate is never violated over 200 seeded runs (imbalanced, gaussian and balanced inits)', async () => {
    for (const init of [2, 0, 1]) {
      const r = await xu2023LinearNetBound.empiricalCheck.run(
        xu2023LinearNetBound.validate({ init, runs: init === 2 ? 100 : 50, steps: 60 }),
      );
      expect(r.passes, r.details).toBe(true);
      expect(r.measured).toBeLessThanOrEqual(1 + 1e-9);
      expect(r.details).toMatch(/0 certificate violations/);
    }
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(xu2023LinearNetBound, { runs: 5, steps: 10 }));
});
