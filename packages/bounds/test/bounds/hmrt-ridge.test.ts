import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  HMRT_RIDGE_RTOL,
  hmrtOptimalLambda,
  hmrtRidgeBound,
  hmrtRidgelessRisk,
  hmrtRidgeRisk,
  InvalidBoundInputError,
} from '../../src/index.js';
import fixtureJson from '../fixtures/hmrt-ridge.json' with { type: 'json' };

interface Fixture {
  cases: {
    gamma: number;
    lambda: number;
    signal: number;
    noise: number;
    misspecification: number;
    bias: number;
    variance: number;
    risk: number;
  }[];
  optima: { gamma: number; signal: number; noise: number; lambdaStar: number }[];
  /** λ from 1e-6 down to 1e-300, by quadrature (no cancellation in the integrands). */
  small: Fixture['cases'];
}
const fixture = fixtureJson as Fixture;
/** Stieltjes closed form against scipy quadrature of the MP law. */
const FORMULA_RTOL = 1e-8;
/** λ* from a bounded scalar minimiser (xatol 1e-10, flat minimum). */
const OPTIMUM_RTOL = 1e-6;
/**
 * R(λ) = ∫ (r²λ² + σ²γx)/(x + λ)² dμ(x) (bias plus variance as one integral against the
 * Marchenko–Pastur law μ): the logarithmic derivative of each integrand in λ,
 * 2r²λ²/(r²λ² + σ²γx) − 2λ/(x + λ), lies in [−2, 2], so |log R(λ′) − log R(λ)| ≤ 2|log(λ′/λ)|.
 * The grid check allows this plus rounding.
 */
const LOG_SLOPE_MAX = 2;
const CONTINUITY_ROUNDING = 1e-12;
/** The ridgeless limit is reached to first order in λ: below λ = 1e-20 the gap is rounding. */
const RIDGELESS_RTOL = 1e-12;

describe(`[${TEST_BACKEND}] hmrt-ridge formulas`, () => {
  it('bias, variance and risk match ∫ against the Marchenko–Pastur law', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const r = hmrtRidgeRisk(c, c.lambda);
      expectClose([r.bias, r.variance, r.risk], [c.bias, c.variance, c.risk], {
        rtol: FORMULA_RTOL,
      });
    }
  });

  it('λ* = σ²γ/r² is the numerical minimiser of R(λ)', () => {
    for (const o of nonEmpty(fixture.optima, 'fixture.optima')) {
      expectClose(hmrtOptimalLambda(o)!, o.lambdaStar, { rtol: OPTIMUM_RTOL });
    }
  });

  it('R(λ) → the ridgeless risk as λ → 0 (γ ≠ 1)', () => {
    for (const gamma of [0.5, 2]) {
      const model = { gamma, signal: 1, noise: 0.25 };
      expectClose(hmrtRidgeRisk(model, 1e-7).risk, hmrtRidgelessRisk(model).risk, { rtol: 1e-5 });
    }
  });

  it('hmrtRidgeRisk at γ = 2 is the ridgeless 0.75 at λ = 1e-14, 1e-16, 1e-18 and 1e-300 (was 0.758, 1e-16, −63.5, NaN)', () => {
    const model = { gamma: 2, signal: 1, noise: 0.25 };
    for (const lambda of [1e-14, 1e-16, 1e-18, 1e-300, Number.MIN_VALUE]) {
      const r = hmrtRidgeRisk(model, lambda);
      expectClose([r.risk, r.bias, r.variance], [0.75, 0.5, 0.25], { rtol: 1e-12 });
    }
  });

  it('bias, variance and risk match quadrature of the MP law for λ from 1e-6 down to 1e-300', () => {
    for (const c of nonEmpty(fixture.small, 'fixture.small')) {
      const r = hmrtRidgeRisk(c, c.lambda);
      const label = `γ = ${c.gamma}, λ = ${c.lambda}`;
      expectClose([r.variance, r.risk], [c.variance, c.risk], { rtol: FORMULA_RTOL, label });
      // The bias is ~r²λ²∫dμ/x² for γ < 1 (1e-600 at λ = 1e-300): compared on the scale of R.
      expect(Math.abs(r.bias - c.bias), label).toBeLessThanOrEqual(FORMULA_RTOL * c.risk);
    }
  });

  it('on a log grid λ = 1e-300 … 100 the risk is finite, ≥ 0, continuous and tends to the ridgeless risk (γ < 1, > 1, near 1)', () => {
    const lambdas: number[] = [];
    for (let e = -300; e <= 2; e += 0.25) lambdas.push(10 ** e);
    const step = Math.log(10 ** 0.25);
    const problems: string[] = [];
    let checked = 0;
    for (const gamma of [0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 2, 5, 10]) {
      for (const [signal, noise, misspecification] of [
        [1, 0.25, 0],
        [0, 1, 0],
        [4, 0.1, 0.2],
      ] as const) {
        const model = { gamma, signal, noise, misspecification };
        const ridgeless = hmrtRidgelessRisk(model).risk;
        let previous = Number.NaN;
        for (const lambda of lambdas) {
          const r = hmrtRidgeRisk(model, lambda);
          const at = `γ = ${gamma}, r² = ${signal}, σ² = ${noise}, s² = ${misspecification}, λ = ${lambda}`;
          if (!(Number.isFinite(r.risk) && r.bias >= 0 && r.variance > 0)) {
            problems.push(`${at}: bias ${r.bias}, variance ${r.variance}`);
          }
          const jump = Math.abs(Math.log(r.risk / previous));
          if (jump > LOG_SLOPE_MAX * step + CONTINUITY_ROUNDING) {
            problems.push(`${at}: jump ${jump} from ${previous} to ${r.risk}`);
          }
          if (lambda <= 1e-20 && !(Math.abs(r.risk - ridgeless) <= RIDGELESS_RTOL * ridgeless)) {
            problems.push(`${at}: ${r.risk} against the ridgeless ${ridgeless}`);
          }
          previous = r.risk;
          checked++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(9 * 3 * lambdas.length);
  });

  it('at γ = 1 the risk is finite for every λ > 0 and grows like σ²/(2√λ) as λ → 0 (the ridgeless risk is +∞)', () => {
    const model = { gamma: 1, signal: 1, noise: 0.25 };
    let previous = 0;
    for (const lambda of [1e-2, 1e-10, 1e-100, 1e-300, Number.MIN_VALUE]) {
      const r = hmrtRidgeRisk(model, lambda).risk;
      expect(Number.isFinite(r)).toBe(true);
      expect(r).toBeGreaterThan(previous);
      previous = r;
    }
    expectClose(hmrtRidgeRisk(model, 1e-300).risk, 0.25 / (2 * Math.sqrt(1e-300)), { rtol: 1e-12 });
  });
});

describe(`[${TEST_BACKEND}] hmrt-ridge bound`, () => {
  it('evaluates R(λ) with its terms; at λ = λ* the value equals the λ* term', () => {
    const r = hmrtRidgeBound.evaluate(hmrtRidgeBound.defaults);
    expect(r.status).toBe('ok');
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms['lambda-star']!, 0.5, { rtol: 1e-15 });
    expectClose(r.value!, terms['risk-at-lambda-star']!, { rtol: 1e-15 });
    expectClose(r.value!, terms.bias! + terms.variance!, { rtol: 1e-15 });
  });

  it('evaluates λ = 1e-18 and 1e-300 at γ = 2 to the ridgeless 0.75; m′(−λ), beyond float64 at 1e-300, is a null term with a note', () => {
    for (const lambda of [1e-18, 1e-300]) {
      const r = hmrtRidgeBound.evaluate({ lambda });
      expect(r.status).toBe('ok');
      expectClose(r.value!, 0.75, { rtol: 1e-12 });
    }
    const dm = hmrtRidgeBound
      .evaluate({ lambda: 1e-300 })
      .terms.find((t) => t.id === 'stieltjes-derivative')!;
    expect(dm.value).toBeNull();
    expect(dm.note).toMatch(/beyond float64/);
  });

  it('reports a too-small problem as assumption-broken and rejects λ ≤ 0', () => {
    const r = hmrtRidgeBound.evaluate(hmrtRidgeBound.validate({ gamma: 0.05, n: 200 }));
    expect(r.status).toBe('assumption-broken');
    expect(r.assumptions.find((a) => !a.holds)!.value).toBe(10);
    expect(() => hmrtRidgeBound.validate({ lambda: 0 })).toThrow(InvalidBoundInputError);
    expect(() => hmrtRidgeBound.validate({ lambda: 0 })).toThrow(
      /'lambda' is 0; expected a finite number > 0/,
    );
  });

  it(`the simulation (n = 200, 20 seeds) matches R(λ) within ${HMRT_RIDGE_RTOL * 100}%, at γ = 1 too`, async () => {
    for (const raw of [{}, { gamma: 0.5, lambda: 0.05 }, { gamma: 1, lambda: 0.3, noise: 1 }]) {
      const r = await hmrtRidgeBound.empiricalCheck.run(hmrtRidgeBound.validate(raw));
      expect(r.passes, r.details).toBe(true);
    }
  });

  it('the simulated risk is smallest near λ* and separates λ* from λ = 10', async () => {
    const r = await hmrtRidgeBound.empiricalCheck.run(hmrtRidgeBound.validate({}));
    const best = r.series!.points.reduce((a, b) => (b.measured < a.measured ? b : a));
    expect(best.x).toBeGreaterThanOrEqual(0.3);
    expect(best.x).toBeLessThanOrEqual(1);
    const far = hmrtRidgeRisk({ gamma: 2, signal: 1, noise: 0.25 }, 10).risk;
    expect(Math.abs(r.measured - far) / far).toBeGreaterThan(HMRT_RIDGE_RTOL);
  });
});
