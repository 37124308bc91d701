import { fromArray, InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  EOS_TOLERANCE,
  edgeOfStabilityBound,
  InvalidBoundInputError,
  quadraticGd,
} from '../../src/index.js';
import fixture from '../fixtures/edge-of-stability.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/**
 * The MLP check trains 300 full-batch steps with tfjs: ~6 s on wasm, ~13 s on cpu, but ~0.5 s per
 * step on the webgpu project's SwiftShader (a GPU emulated on the CPU), i.e. minutes. It is
 * registered in the cpu and wasm projects only (as kernels registers its float64 Monte-Carlo
 * specs in the cpu project), so the webgpu project neither runs nor reports it as skipped.
 */
const notOnSoftwareGpu = (name: string, body: () => Promise<void>): void => {
  if (TEST_BACKEND !== 'webgpu') it(name, body);
};
/** k GD steps (ours) against matrix powers (numpy): growth up to 1e8 amplifies rounding to ~1e-12. */
const GROWTH_RTOL = 1e-9;

describe(`[${TEST_BACKEND}] edge-of-stability formulas`, () => {
  it('S, 2/S and the GD growth on quadratics match the numpy fixture; divergence iff S > 2/η', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const r = quadraticGd({
        A: fromArray(c.A),
        theta0: c.theta0,
        learningRate: c.learningRate,
        steps: c.steps,
      });
      expectClose([r.sharpness, r.threshold, r.factor], [c.sharpness, c.threshold, c.factor], {
        rtol: 1e-12,
      });
      expectClose(r.growth!, c.growth, { rtol: GROWTH_RTOL });
      expect(r.growth! > 1).toBe(c.diverges);
      expect(c.learningRate > r.threshold).toBe(c.diverges);
    }
  });

  it('quadraticGd throws typed errors', () => {
    const ok = { A: [[1]], theta0: [1], learningRate: 0.1, steps: 1 };
    expect(() => quadraticGd({ ...ok, A: [[1, 0]] })).toThrow(ShapeMismatchError);
    expect(() => quadraticGd({ ...ok, theta0: [1, 2] })).toThrow(ShapeMismatchError);
    expect(() => quadraticGd({ ...ok, learningRate: -0.1 })).toThrow(/learningRate is -0.1/);
    expect(() => quadraticGd({ ...ok, steps: -1 })).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] edge-of-stability bound`, () => {
  it('evaluate: 2/η̃, the empirical prediction labelled so, status ok at the defaults', () => {
    const r = edgeOfStabilityBound.evaluate(edgeOfStabilityBound.defaults);
    expect(r.value).toBe(20);
    expect(r.status).toBe('ok');
    expect(r.terms.find((t) => t.id === 'eos-prediction')!.note).toMatch(/empirical/);
  });

  it('a run too short to sharpen breaks the sharpening-time assumption, with the reason', () => {
    const r = edgeOfStabilityBound.evaluate(edgeOfStabilityBound.validate({ steps: 50 }));
    expect(r.status).toBe('assumption-broken');
    const a = r.assumptions.find((x) => x.id === 'sharpening-time')!;
    expect(a.holds).toBe(false);
    expect(a.value).toBe(5);
  });

  it('validate throws InvalidBoundInputError for bad or oversize inputs', () => {
    expect(() => edgeOfStabilityBound.validate({ effectiveStep: 0 })).toThrow(
      InvalidBoundInputError,
    );
    // The old name is rejected, not silently ignored.
    expect(() => edgeOfStabilityBound.validate({ eta: 0.1 })).toThrow(/'eta'/);
    expect(() =>
      edgeOfStabilityBound.validate({ width: 512, depth: 6, n: 1000, steps: 5000 }),
    ).toThrow(/steps·width²/);
  });

  notOnSoftwareGpu(
    'the empirical check: the quadratic rule holds exactly and the tanh MLP sharpens to 2/η̃ (η̃ = 0.1)',
    async () => {
      const r = await edgeOfStabilityBound.empiricalCheck.run(edgeOfStabilityBound.defaults);
      expect(r.passes, r.details).toBe(true);
      expect(Math.abs(r.measured - 20) / 20).toBeLessThanOrEqual(EOS_TOLERANCE);
      // Progressive sharpening: the run starts well below the edge.
      expect(r.series!.points[0]!.measured).toBeLessThan(0.8 * 20);
    },
  );

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(edgeOfStabilityBound, { steps: 20, measureEvery: 10, n: 10, width: 4 }));
});
