import { sphereInputs } from '@overparam/datasets';
import { gramInfinityKernel } from '@overparam/kernels';
import { eigh, InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { type LossNormalization, twoLayerReluGd } from '../src/index.js';
import fixture from './fixtures/two_layer_relu.json' with { type: 'json' };

/** The same float64 GD as numpy, another summation order: drift over 15 steps stays ~1e-14. */
const TRAJECTORY_RTOL = 1e-11;

describe(`twoLayerReluGd (Du et al. 2019) [${TEST_BACKEND}]`, () => {
  it('replays numpy’s run from the same init (loss ½Σ and the mean loss)', () => {
    for (const c of nonEmpty(fixture.cases, 'two_layer_relu.json cases')) {
      const r = twoLayerReluGd({
        X: c.X,
        y: c.y,
        width: c.width,
        learningRate: c.learningRate,
        lossNormalization: c.lossNormalization as LossNormalization,
        steps: c.steps,
        initSeed: 0,
        init: { W0: c.W0, a: c.a },
      });
      expectClose(r.residualNorms, c.residualNorms, { rtol: TRAJECTORY_RTOL });
      expectClose(r.weightChange, c.weightChange, { rtol: TRAJECTORY_RTOL });
      expectClose(r.predict(c.Xtest), c.predict, { rtol: TRAJECTORY_RTOL });
      expect(r.effectiveStep).toBe(
        c.learningRate / (c.lossNormalization === 'sum' ? 1 : c.X.length),
      );
    }
  });

  it('in the kernel regime the residual follows (I − ηH^∞)^k(y − u(0)) (m = 4000, within 3%)', () => {
    const X = sphereInputs({ n: 12, d: 4, dataSeed: 1, radius: 1 });
    const y = Float64Array.from({ length: 12 }, (_, i) => X.data[4 * i] as number);
    const H = gramInfinityKernel().f64(X);
    const { values, vectors: V } = eigh(H);
    const eta = 0.5 / (values[11] as number);
    const steps = 60;
    const r = twoLayerReluGd({ X, y, width: 4000, learningRate: eta, steps, initSeed: 3 });
    const r0 = y.map((v, i) => v - (r.u0[i] as number));
    const coef = Array.from({ length: 12 }, (_, j) =>
      r0.reduce((s, v, i) => s + (V.data[i * 12 + j] as number) * v, 0),
    );
    for (const k of [0, 10, 30, 60]) {
      const predicted = Math.sqrt(
        coef.reduce((s, cj, j) => s + ((1 - eta * (values[j] as number)) ** k * cj) ** 2, 0),
      );
      expect(Math.abs((r.residualNorms[k] as number) - predicted)).toBeLessThan(
        0.03 * (r.residualNorms[0] as number),
      );
    }
    expect(r.residualNorms[steps] as number).toBeLessThan(0.5 * (r.residualNorms[0] as number));
  });

  it('is seeded: the same initSeed gives the same run; κ scales the init and u(0)', () => {
    const X = sphereInputs({ n: 5, d: 3, dataSeed: 2, radius: 1 });
    const y = [1, -1, 0.5, 0, 0.2];
    const opts = { X, y, width: 50, learningRate: 0.2, steps: 5, initSeed: 4 };
    expect(twoLayerReluGd(opts).residualNorms).toEqual(twoLayerReluGd(opts).residualNorms);
    // ReLU is positively homogeneous: u(0) with κ is κ·u(0) with κ = 1.
    const small = twoLayerReluGd({ ...opts, kappa: 0.01, steps: 0 }).u0;
    expectClose(
      small,
      twoLayerReluGd({ ...opts, steps: 0 }).u0.map((v) => 0.01 * v),
      { rtol: F64_RTOL },
    );
  });

  it('onStep returning false stops the run (an abort)', () => {
    const X = sphereInputs({ n: 4, d: 2, dataSeed: 0, radius: 1 });
    const r = twoLayerReluGd({
      X,
      y: [1, 2, 3, 4],
      width: 10,
      learningRate: 0.1,
      steps: 50,
      initSeed: 0,
      onStep: (k) => k < 3,
    });
    expect(r.residualNorms).toHaveLength(4);
  });

  it('throws typed errors naming the argument: width, learningRate, y, init and predict shapes', () => {
    const X = sphereInputs({ n: 4, d: 2, dataSeed: 0, radius: 1 });
    const base = { X, y: [1, 2, 3, 4], width: 3, learningRate: 0.1, steps: 1, initSeed: 0 };
    expect(() => twoLayerReluGd({ ...base, width: 0 })).toThrow(/width is 0/);
    expect(() => twoLayerReluGd({ ...base, learningRate: -1 })).toThrow(/learningRate is -1/);
    expect(() => twoLayerReluGd({ ...base, learningRate: -1 })).toThrow(InvalidArgumentError);
    expect(() => twoLayerReluGd({ ...base, steps: 1.5 })).toThrow(/steps is 1.5/);
    expect(() => twoLayerReluGd({ ...base, y: [1, 2] })).toThrow(ShapeMismatchError);
    expect(() => twoLayerReluGd({ ...base, init: { W0: [[1, 0]], a: [1, -1, 1] } })).toThrow(
      ShapeMismatchError,
    );
    expect(() => twoLayerReluGd(base).predict([[1, 2, 3]])).toThrow(ShapeMismatchError);
  });
});
