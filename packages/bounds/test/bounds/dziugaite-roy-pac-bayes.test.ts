import { InvalidArgumentError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  binaryKl,
  dziugaiteRoyPacBayesBound,
  gaussianKl,
  InvalidBoundInputError,
  klInverseUpper,
  pacBayesBound,
} from '../../src/index.js';
import fixture from '../fixtures/dziugaite-roy-pac-bayes.json' with { type: 'json' };

/** Bisection against brentq: both converge to the float64 root (kl is flat near q = p for tiny B). */
const INVERSE_ATOL = 1e-12;
const FORMULA_RTOL = 1e-12;

describe(`[${TEST_BACKEND}] dziugaite-roy-pac-bayes formulas`, () => {
  it('kl⁻¹ by bisection matches brentq on kl(p‖q) = B over p ∈ [0, 0.999], B ∈ [1e-8, 3]', () => {
    for (const c of nonEmpty(fixture.inverses, 'fixture.inverses')) {
      const q = klInverseUpper(c.p, c.B);
      expect(Math.abs(q - c.q), `p=${c.p}, B=${c.B}`).toBeLessThan(INVERSE_ATOL);
      expect(binaryKl(c.p, q)).toBeLessThanOrEqual(c.B); // never overstates the confidence
    }
  });

  it('kl⁻¹ handles the edges: B = 0 → p, p = 1 → 1, B = ∞ → 1, p = 0 → 1 − e^{−B}', () => {
    expect(klInverseUpper(0.3, 0)).toBe(0.3);
    expect(klInverseUpper(1, 0.5)).toBe(1);
    expect(klInverseUpper(0.2, Number.POSITIVE_INFINITY)).toBe(1);
    expectClose(klInverseUpper(0, 0.7), 1 - Math.exp(-0.7), { rtol: 1e-14 });
    expect(() => klInverseUpper(1.5, 0.1)).toThrow(InvalidArgumentError);
    expect(() => klInverseUpper(0.1, -1)).toThrow(/bound is -1/);
  });

  it('the Gaussian KL matches the matrix formula of the multivariate normal KL', () => {
    for (const c of nonEmpty(fixture.gaussianKl, 'fixture.gaussianKl'))
      expectClose(gaussianKl(c), c.kl, { rtol: FORMULA_RTOL });
  });

  it('the bound matches the fixture; the worked example (m = 55 000, KL = 5144, ê = 0.028) gives ≈ 0.16', () => {
    for (const c of nonEmpty(fixture.bounds, 'fixture.bounds')) {
      const r = pacBayesBound(c);
      expectClose([r.lambda, r.budget], [c.lambda, c.budget], { rtol: FORMULA_RTOL });
      expect(Math.abs(r.empiricalBound - c.empiricalBound)).toBeLessThan(INVERSE_ATOL);
      expect(Math.abs(r.bound - c.bound)).toBeLessThan(INVERSE_ATOL);
    }
    const example = pacBayesBound(fixture.bounds[0]!);
    expect(example.bound).toBeGreaterThan(0.155);
    expect(example.bound).toBeLessThan(0.165);
  });
});

describe(`[${TEST_BACKEND}] dziugaite-roy-pac-bayes bound`, () => {
  it('evaluates the worked example with its terms (union 2·log j, the sampling correction)', () => {
    const r = dziugaiteRoyPacBayesBound.evaluate(dziugaiteRoyPacBayesBound.defaults);
    expect(r.status).toBe('ok');
    expect(Math.abs(r.value! - fixture.bounds[0]!.bound)).toBeLessThan(INVERSE_ATOL);
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms.union!, 2 * Math.log(460), { rtol: 1e-12 });
    expect(terms['single-inverse']!).toBeLessThan(r.value!);
  });

  it('flags a vacuous bound in the caveats and δ + δ′ ≥ 1 as assumption-broken', () => {
    const vacuous = dziugaiteRoyPacBayesBound.evaluate(
      dziugaiteRoyPacBayesBound.validate({ m: 100, kl: 500 }),
    );
    expect(vacuous.caveats.join(' ')).toMatch(/vacuous/);
    const broken = dziugaiteRoyPacBayesBound.evaluate(
      dziugaiteRoyPacBayesBound.validate({ delta: 0.5, deltaPrime: 0.5 }),
    );
    expect(broken.status).toBe('assumption-broken');
    expect(broken.assumptions.find((a) => !a.holds)!.id).toBe('confidence');
  });

  it('validate throws InvalidBoundInputError for an error rate outside [0, 1]', () => {
    expect(() => dziugaiteRoyPacBayesBound.validate({ empiricalError: 1.2 })).toThrow(
      InvalidBoundInputError,
    );
    expect(() => dziugaiteRoyPacBayesBound.validate({ empiricalError: 1.2 })).toThrow(
      /'empiricalError' is 1.2; expected a finite number ≥ 0 and ≤ 1/,
    );
  });

  it('the empirical check: every sampled posterior’s measured test error lies below its bound, and the bound is non-vacuous', async () => {
    const r = await dziugaiteRoyPacBayesBound.empiricalCheck.run(
      dziugaiteRoyPacBayesBound.defaults,
    );
    expect(r.passes, r.details).toBe(true);
    expect(r.series!.points.length).toBe(5);
    for (const pt of r.series!.points) {
      expect(pt.predicted).toBeGreaterThanOrEqual(pt.measured);
      expect(pt.measured).toBeGreaterThan(0.1); // the 10% label noise is a floor: the measurement is real
    }
    expect(r.predicted).toBeLessThan(0.5);
  });
});
