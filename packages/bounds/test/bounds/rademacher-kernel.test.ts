import { rbfKernel } from '@overparam/kernels';
import { InvalidArgumentError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  InvalidBoundInputError,
  kernelRademacher,
  marginBound,
  rademacherKernelBound,
  rampLoss,
} from '../../src/index.js';
import fixture from '../fixtures/rademacher-kernel.json' with { type: 'json' };

const FORMULA_RTOL = 1e-12;

describe(`[${TEST_BACKEND}] rademacher-kernel formulas`, () => {
  it('the margin bound and its terms match the fixture', () => {
    for (const c of nonEmpty(fixture.margin, 'fixture.margin')) {
      const r = marginBound(c);
      expectClose([r.bound, r.complexity, r.confidence], [c.bound, c.complexity, c.confidence], {
        rtol: FORMULA_RTOL,
      });
    }
  });

  it('the trace bound B√(tr K)/m dominates the exact Rademacher average of the ball (all 2^10 sign vectors)', () => {
    const f = fixture.rademacher;
    const K = rbfKernel({ lengthScale: f.lengthScale }).f64(f.X);
    expectClose(Array.from(K.data), f.K.flat(), { rtol: 1e-14 });
    let trace = 0;
    for (let i = 0; i < K.rows; i++) trace += K.data[i * K.rows + i]!;
    const bound = kernelRademacher({ m: K.rows, traceK: trace, normBound: f.normBound });
    expectClose(bound, f.traceBound, { rtol: FORMULA_RTOL });
    expect(f.exact).toBeLessThanOrEqual(bound);
    expect(f.exact).toBeGreaterThan(0.5 * bound); // Jensen's gap is modest: the bound is not loose by orders
  });

  it('the ramp loss is 1 at margin ≤ 0, 0 at margin ≥ ρ, linear between', () => {
    expect(rampLoss(-1, 0.5)).toBe(1);
    expect(rampLoss(0.25, 0.5)).toBe(0.5);
    expect(rampLoss(0.7, 0.5)).toBe(0);
  });

  it('bad arguments throw InvalidArgumentError naming them', () => {
    expect(() => kernelRademacher({ m: 0, traceK: 1, normBound: 1 })).toThrow(InvalidArgumentError);
    expect(() => marginBound({ m: 10, marginLoss: 2, rho: 1, rademacher: 0, delta: 0.1 })).toThrow(
      /marginLoss is 2/,
    );
  });
});

describe(`[${TEST_BACKEND}] rademacher-kernel bound`, () => {
  it('evaluates the bound with its terms at the defaults', () => {
    const r = rademacherKernelBound.evaluate(rademacherKernelBound.defaults);
    expect(r.status).toBe('ok');
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expectClose(terms.rademacher!, 1 / Math.sqrt(1000), { rtol: FORMULA_RTOL });
    expectClose(r.value!, 0.37 + terms.complexity! + terms.confidence!, { rtol: FORMULA_RTOL });
  });

  it('flags a vacuous bound and rejects ρ ≤ 0 with InvalidBoundInputError', () => {
    const r = rademacherKernelBound.evaluate(
      rademacherKernelBound.validate({ m: 50, traceK: 50, normBound: 5 }),
    );
    expect(r.caveats.join(' ')).toMatch(/vacuous/);
    expect(() => rademacherKernelBound.validate({ rho: 0 })).toThrow(InvalidBoundInputError);
    expect(() => rademacherKernelBound.validate({ rho: 0 })).toThrow(
      /'rho' is 0; expected a finite number > 0/,
    );
  });

  it('the empirical check: kernel ridge (@overparam/kernels) on a seeded task stays below the bound for every B', async () => {
    const r = await rademacherKernelBound.empiricalCheck.run(
      rademacherKernelBound.validate({ m: 600 }),
    );
    expect(r.passes, r.details).toBe(true);
    for (const pt of r.series!.points) expect(pt.predicted).toBeGreaterThanOrEqual(pt.measured);
    // The classifier is real: better than chance, worse than the 5% label-noise floor.
    expect(r.measured).toBeGreaterThan(0.05);
    expect(r.measured).toBeLessThan(0.3);
    expect(r.details).toMatch(/Monte Carlo .* ≤ trace bound/);
  });
});
