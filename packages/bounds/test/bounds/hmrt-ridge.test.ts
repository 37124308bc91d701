import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectClose, nonEmpty } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  HMRT_RIDGE_RTOL,
  hmrtOptimalLambda,
  hmrtRidgeBound,
  hmrtRidgelessRisk,
  hmrtRidgeRisk,
  InvalidBoundInputError,
} from '../../src/index.js';

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
}
const fixture: Fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/hmrt-ridge.json'), 'utf8'),
);
const backend = process.env.OVERPARAM_BACKEND ?? 'cpu';
/** Stieltjes closed form against scipy quadrature of the MP law. */
const FORMULA_RTOL = 1e-8;
/** λ* from a bounded scalar minimiser (xatol 1e-10, flat minimum). */
const OPTIMUM_RTOL = 1e-6;

describe(`[${backend}] hmrt-ridge formulas`, () => {
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
});

describe(`[${backend}] hmrt-ridge bound`, () => {
  it('evaluates R(λ) with its terms; at λ = λ* the value equals the λ* term', () => {
    const r = hmrtRidgeBound.evaluate(hmrtRidgeBound.defaults);
    expect(r.status).toBe('ok');
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms['lambda-star']!, 0.5, { rtol: 1e-15 });
    expectClose(r.value!, terms['risk-at-lambda-star']!, { rtol: 1e-15 });
    expectClose(r.value!, terms.bias! + terms.variance!, { rtol: 1e-15 });
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
