import { sphereInputs } from '@overparam/datasets';
import { fromArray } from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { twoLayerReluGd } from '@overparam/train';
import { describe, expect, it } from 'vitest';
import { du2019GdRateBound, gramInfinity, InvalidBoundInputError } from '../../src/index.js';
import fixture from '../fixtures/du-2019-gd-rate.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** numpy's Kahan angle against kernels' atan2 angle: ~1e-13 off the diagonal. */
const GRAM_RTOL = 1e-12;
/** The same GD in float64, different summation order: drift over 15 steps stays ~1e-14. */
const TRAJECTORY_RTOL = 1e-11;

describe(`[${TEST_BACKEND}] du-2019-gd-rate formulas`, () => {
  it('H^∞, λ₀ and λ_max match the numpy fixture', () => {
    const g = gramInfinity(fromArray(fixture.X));
    expectClose(g.H, fixture.H, { rtol: GRAM_RTOL });
    expectClose([g.lambda0, g.lambdaMax], [fixture.lambda0, fixture.lambdaMax], { rtol: 1e-11 });
    // H^∞ is a kernel: symmetric with diagonal ⟨x, x⟩·π/(2π) = 1/2.
    for (let i = 0; i < g.H.rows; i++) expect(g.H.data[i * g.H.rows + i]).toBeCloseTo(0.5, 14);
  });

  it('GD on the two-layer ReLU network (train’s twoLayerReluGd) replays numpy’s run and obeys the rate', () => {
    const r = twoLayerReluGd({
      X: fromArray(fixture.X),
      y: fixture.y,
      width: fixture.width,
      learningRate: fixture.eta,
      steps: fixture.steps,
      initSeed: 0,
      init: { W0: fromArray(fixture.W0), a: fixture.a },
    });
    expectClose(r.residualNorms, fixture.residualNorms, { rtol: TRAJECTORY_RTOL });
    const r0sq = (r.residualNorms[0] as number) ** 2;
    const rate = 1 - (fixture.eta * fixture.lambda0) / 2;
    expectClose(
      fixture.rateBound.map((_, k) => rate ** k * r0sq),
      fixture.rateBound,
      { rtol: 1e-12 },
    );
    expect(
      nonEmpty(fixture.residualNorms, 'fixture.residualNorms').every(
        (v, k) => v * v <= (fixture.rateBound[k] as number),
      ),
    ).toBe(true);
  });

  it('the width scale n⁶/(λ₀⁴δ³) and the step scale λ₀/n² match the fixture', () => {
    const g = gramInfinity(fromArray(fixture.X));
    const n = fixture.X.length;
    expectClose(n ** 6 / (g.lambda0 ** 4 * fixture.delta ** 3), fixture.widthScale, {
      rtol: 1e-10,
    });
    expectClose(g.lambda0 / n ** 2, fixture.stepScale, { rtol: 1e-11 });
  });

  it('gramInfinity rejects non-unit inputs; parallel inputs make λ₀ = 0', () => {
    expect(() =>
      gramInfinity(
        fromArray([
          [2, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/‖x_0‖ is 2/);
    const X = sphereInputs({ n: 6, d: 3, dataSeed: 0, stream: 1, radius: 1 });
    X.data.copyWithin(4 * 3, 0, 2 * 3); // the last two rows repeat the first two
    const g = gramInfinity(X);
    expect(Math.abs(g.lambda0)).toBeLessThan(1e-14);
  });
});

describe(`[${TEST_BACKEND}] du-2019-gd-rate bound`, () => {
  it('evaluate: the rate bound, λ₀, and the width and step scalings with null constants', () => {
    const r = du2019GdRateBound.evaluate(du2019GdRateBound.defaults);
    expect(r.status).toBe('ok');
    const t = Object.fromEntries(r.terms.map((x) => [x.id, x.value]));
    expect(t['width-constant']).toBeNull();
    expect(t['step-constant']).toBeNull();
    expect(t.lambda0!).toBeGreaterThan(0);
    expectClose(t['width-scale']!, 20 ** 6 / (t.lambda0! ** 4 * 0.1 ** 3), { rtol: 1e-14 });
    expectClose(t['width-gap']!, 1000 / t['width-scale']!, { rtol: 1e-14 });
    expectClose(
      r.value!,
      (1 - (t['learning-rate']! * t.lambda0!) / 2) ** 300 * t['initial-residual']!,
      {
        rtol: F64_RTOL,
      },
    );
    expect(r.caveats.join(' ')).toMatch(/unspecified/);
  });

  it('parallel inputs break λ₀ > 0: reported with the value, and no bound is given', () => {
    const r = du2019GdRateBound.evaluate(du2019GdRateBound.validate({ parallel: 2 }));
    expect(r.status).toBe('assumption-broken');
    expect(r.value).toBeNull();
    const a = r.assumptions.find((x) => x.id === 'lambda0-positive')!;
    expect(a.holds).toBe(false);
    expect(a.explanation).toMatch(/parallel/);
  });

  it('validate throws InvalidBoundInputError for bad or oversize inputs', () => {
    expect(() => du2019GdRateBound.validate({ delta: 0 })).toThrow(InvalidBoundInputError);
    expect(() => du2019GdRateBound.validate({ parallel: 11 })).toThrow(/at most n\/2 = 10/);
    expect(() =>
      du2019GdRateBound.validate({ n: 200, d: 100, width: 20_000, steps: 5000 }),
    ).toThrow(/multiply-adds/);
  });

  it('the empirical check passes at the defaults: ‖u(k) − y‖² ≤ (1 − ηλ₀/2)^k‖u(0) − y‖² at every step', async () => {
    const r = await du2019GdRateBound.empiricalCheck.run(du2019GdRateBound.defaults);
    expect(r.passes, r.details).toBe(true);
    expect(r.measured).toBeLessThanOrEqual(r.predicted);
    for (const p of r.series!.points)
      expect(p.measured).toBeLessThanOrEqual(p.predicted * (1 + 1e-9));
    expect(r.details).toMatch(/the rate held at/);
  });

  it('the check fails when GD diverges (η·λ_max(H^∞) = 3 > 2, the broken stable-step assumption)', async () => {
    const inputs = du2019GdRateBound.validate({ stepRatio: 3, steps: 60, width: 200 });
    expect(du2019GdRateBound.evaluate(inputs).status).toBe('assumption-broken');
    const r = await du2019GdRateBound.empiricalCheck.run(inputs);
    expect(r.passes).toBe(false);
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(du2019GdRateBound, { width: 100, steps: 10 }));
});
