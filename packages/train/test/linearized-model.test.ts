import { fcKernel } from '@overparam/kernels';
import {
  createRng,
  eigh,
  InvalidArgumentError,
  NonFiniteError,
  NotSymmetricError,
  ShapeMismatchError,
} from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type LinearizedPrediction,
  type LossNormalization,
  linearizedGd,
  linearizedModel,
  stepSizeThresholds,
} from '../src/index.js';
import fixture from './fixtures/linearized.json' with { type: 'json' };

interface LinearizedCase {
  name: string;
  normalization: LossNormalization;
  learningRate: number;
  effectiveStep: number;
  eigenvalues: number[];
  ntkTrain: number[][];
  ntkTestTrain: number[][];
  f0Train: number[];
  f0Test: number[];
  yTrain: number[];
  steps: number[];
  train: number[][];
  test: number[][];
  loss: number[];
  times: number[];
  flowTrain: number[][];
  flowTest: number[][];
}

const cases = nonEmpty(fixture.cases as LinearizedCase[], 'linearized.json cases');

/** The case's kernels, outputs, targets and step, as options of linearizedModel and linearizedGd. */
function optionsOf(c: LinearizedCase) {
  return {
    ntkTrain: c.ntkTrain,
    ntkTestTrain: c.ntkTestTrain,
    f0Train: c.f0Train,
    f0Test: c.f0Test,
    yTrain: c.yTrain,
    learningRate: c.learningRate,
    lossNormalization: c.normalization,
  };
}

function modelOf(c: LinearizedCase) {
  return linearizedModel(optionsOf(c));
}

/** The train and the test predictions along a trajectory against the fixture's, to F64_RTOL. */
function expectPredictions(
  points: readonly LinearizedPrediction[],
  train: number[][],
  test: number[][],
  [trainLabel, testLabel]: [string, string],
): void {
  expectClose(
    points.map((p) => p.train),
    train,
    { rtol: F64_RTOL, label: trainLabel },
  );
  expectClose(
    points.map((p) => p.test as Float64Array),
    test,
    { rtol: F64_RTOL, label: testLabel },
  );
}

describe(`linearizedModel against parameter-space GD in numpy [${TEST_BACKEND}]`, () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: discrete time, train and test', (_, c) => {
    const lin = modelOf(c);
    expect(lin.effectiveStep).toBeCloseTo(c.effectiveStep, 14);
    expectClose(lin.eigenvalues, c.eigenvalues, { rtol: F64_RTOL, label: 'eigenvalues' });
    const traj = lin.trajectory(c.steps);
    expectPredictions(traj, c.train, c.test, ['f_k(X)', 'f_k(x)']);
    expectClose(
      traj.map((p) => p.loss),
      c.loss,
      { rtol: F64_RTOL, label: 'loss' },
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: continuous time against expm', (_, c) => {
    const flow = modelOf(c).flowTrajectory(c.times);
    expectPredictions(flow, c.flowTrain, c.flowTest, ['train', 'test']);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: the closed form equals explicit GD at every step',
    (_, c) => {
      const lin = modelOf(c);
      const K = c.steps[c.steps.length - 1] as number;
      const run = linearizedGd({ ...optionsOf(c), steps: K });
      expect(run.steps).toEqual(Array.from({ length: K + 1 }, (_, k) => k));
      const closed = lin.trajectory(run.steps);
      expectClose(
        run.train,
        closed.map((p) => p.train),
        { rtol: F64_RTOL, label: 'train' },
      );
      expectClose(
        run.test as Float64Array[],
        closed.map((p) => p.test as Float64Array),
        {
          rtol: F64_RTOL,
          label: 'test',
        },
      );
      expectClose(
        run.loss,
        closed.map((p) => p.loss),
        { rtol: F64_RTOL, label: 'loss' },
      );
    },
  );

  it('thresholds are 2/λ_max and 2/(λ_min + λ_max), as effective steps and learning rates', () => {
    const c = cases[0] as LinearizedCase;
    const t = stepSizeThresholds(c.ntkTrain, { lossNormalization: c.normalization });
    const lmin = c.eigenvalues[0] as number;
    const lmax = c.eigenvalues[c.eigenvalues.length - 1] as number;
    expectClose(
      [t.lambdaMin, t.lambdaMax, t.maxStableEffectiveStep, t.leeEffectiveStep],
      [lmin, lmax, 2 / lmax, 2 / (lmin + lmax)],
      { rtol: F64_RTOL },
    );
    const n = c.yTrain.length;
    expect(t.lossNormalization).toBe(n);
    expect(t.maxStableLearningRate).toBeCloseTo((n * 2) / lmax, 12);
    const lin = modelOf(c);
    // eigh (model) and eigvalsh (thresholds) agree to rounding, not bitwise.
    expectClose(Object.values(lin.thresholds), Object.values(t), { rtol: F64_RTOL });
    expect(lin.converges).toBe(true);
    expect(cases[2]?.name).toContain('beyond');
    expect(modelOf(cases[2] as LinearizedCase).converges).toBe(false);
  });

  it('the TSDoc examples hold', () => {
    const opts = {
      ntkTrain: [
        [2, 0],
        [0, 1],
      ],
      f0Train: [0, 0],
      yTrain: [1, 1],
      learningRate: 0.5,
      lossNormalization: 'sum' as const,
    };
    expect(Array.from(linearizedModel(opts).at(1).train)).toEqual([1, 0.5]);
    expect(linearizedModel(opts).thresholds.maxStableEffectiveStep).toBe(1);
    const run = linearizedGd({ ...opts, steps: 2 });
    expect(Array.from(run.train[2] as Float64Array)).toEqual([1, 0.75]);
    expect(run.loss).toEqual([1, 0.125, 0.03125]);
    const t = stepSizeThresholds(
      [
        [3, 1],
        [1, 3],
      ],
      { lossNormalization: 'sum' },
    );
    expect([t.lambdaMin, t.lambdaMax, t.maxStableEffectiveStep]).toEqual([2, 4, 0.5]);
    expect(t.leeEffectiveStep).toBeCloseTo(1 / 3, 15);
  });

  it('no cancellation for tiny eigenvalues: the test gain tends to η̃k', () => {
    // Θ = diag(1, 1e-13): the second mode barely moves, and Θ(x,X)Θ⁻¹[I − (I − η̃Θ)^k] must
    // equal η̃·Σ_{j<k}(1 − η̃λ)^j ≈ η̃k there (the naive (1 − q^k)/λ loses every digit).
    const lambda = 1e-13;
    const lin = linearizedModel({
      ntkTrain: [
        [1, 0],
        [0, lambda],
      ],
      ntkTestTrain: [[0, 1]],
      f0Train: [0, 0],
      f0Test: [0],
      yTrain: [0, 1],
      learningRate: 0.5,
      lossNormalization: 'sum',
    });
    const k = 1000;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += (1 - 0.5 * lambda) ** j;
    expect(lin.at(k).test?.[0]).toBeCloseTo(0.5 * sum, 10);
    expect(lin.atTime(k).test?.[0]).toBeCloseTo(-Math.expm1(-0.5 * lambda * k) / lambda, 10);
  });
});

describe(`issue test 1: GD on the linearized model at the edge 2/λ_max [${TEST_BACKEND}]`, () => {
  // The analytic NTK of a 2-hidden-layer ReLU network on 20 random points in R^5.
  const n = 20;
  const rng = createRng(11);
  const X = Array.from({ length: n }, () => Array.from(rng.fillNormal(new Float64Array(5))));
  const y = Array.from(rng.fillNormal(new Float64Array(n)));
  const f0 = Array.from(rng.fillNormal(new Float64Array(n)), (v) => 0.1 * v);
  const { ntk } = fcKernel({ depth: 2, activation: 'relu', wStd: Math.SQRT2, bStd: 0.1 }).f64(X);
  const { lambdaMax, lambdaMin } = stepSizeThresholds(ntk, { lossNormalization: 'mean' });
  const edge = (n * 2) / lambdaMax; // the learning rate η with η/c = 2/λ_max, c = n
  const run = (fraction: number) =>
    linearizedGd({
      ntkTrain: ntk,
      f0Train: f0,
      yTrain: y,
      learningRate: fraction * edge,
      lossNormalization: 'mean',
      steps: 4000,
      recordEvery: 100,
    });

  it('converges at 0.98 × 2/λ_max', () => {
    expect(lambdaMin / lambdaMax).toBeGreaterThan(1e-3); // so 4000 steps reach every mode
    const r = run(0.98);
    expect(r.diverged).toBe(false);
    const first = r.loss[0] as number;
    const last = r.loss[r.loss.length - 1] as number;
    expect(last).toBeLessThan(1e-16 * first);
    expect(
      linearizedModel({ ntkTrain: ntk, f0Train: f0, yTrain: y, learningRate: 0.98 * edge })
        .converges,
    ).toBe(true);
  });

  it('diverges at 1.02 × 2/λ_max, along the top eigenvector of Θ', () => {
    const r = run(1.02);
    expect(r.diverged).toBe(true);
    expect(r.divergedAtStep).toBeLessThan(4000);
    const last = r.train[r.train.length - 1] as Float64Array;
    const resid = last.map((v, i) => v - (y[i] as number));
    const { vectors } = eigh(ntk);
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      dot += (resid[i] as number) * (vectors.data[i * n + n - 1] as number);
      norm += (resid[i] as number) ** 2;
    }
    expect(Math.abs(dot) / Math.sqrt(norm)).toBeGreaterThan(0.999);
    const lin = linearizedModel({
      ntkTrain: ntk,
      f0Train: f0,
      yTrain: y,
      learningRate: 1.02 * edge,
    });
    expect(lin.converges).toBe(false);
    expect(lin.contraction).toBeCloseTo(1.04, 10);
  });
});

describe(`linearized model: typed errors [${TEST_BACKEND}]`, () => {
  const base = {
    ntkTrain: [
      [2, 1],
      [1, 2],
    ],
    f0Train: [0, 0],
    yTrain: [1, -1],
    learningRate: 0.1,
  };
  it('ShapeMismatchError names the argument and both sizes', () => {
    expect(() => linearizedModel({ ...base, yTrain: [1, 2, 3] })).toThrow(ShapeMismatchError);
    expect(() => linearizedModel({ ...base, yTrain: [1, 2, 3] })).toThrow(/yTrain has 3 entries/);
    expect(() => linearizedModel({ ...base, ntkTestTrain: [[1, 2, 3]], f0Test: [0] })).toThrow(
      /ntkTestTrain is 1×3/,
    );
    expect(() => linearizedGd({ ...base, ntkTrain: [[1, 2]], steps: 1 })).toThrow(
      ShapeMismatchError,
    );
  });
  it('NonFiniteError at the first NaN', () => {
    expect(() => linearizedModel({ ...base, f0Train: [0, Number.NaN] })).toThrow(NonFiniteError);
    expect(() => linearizedModel({ ...base, f0Train: [0, Number.NaN] })).toThrow(
      /f0Train\[1\] is NaN/,
    );
  });
  it('NotSymmetricError for a non-symmetric Θ', () => {
    expect(() =>
      linearizedModel({
        ...base,
        ntkTrain: [
          [2, 1],
          [0, 2],
        ],
      }),
    ).toThrow(NotSymmetricError);
  });
  it('InvalidArgumentError for bad options, with the value', () => {
    expect(() => linearizedModel({ ...base, learningRate: -1 })).toThrow(/learningRate is -1/);
    expect(() => linearizedModel({ ...base, lossNormalization: 0 })).toThrow(InvalidArgumentError);
    expect(() => linearizedModel({ ...base, f0Test: [1] })).toThrow(/ntkTestTrain/);
    expect(() => linearizedModel(base).at(1.5)).toThrow(/k is 1.5/);
    expect(() => linearizedModel(base).atTime(-1)).toThrow(/t is -1/);
    expect(() => linearizedGd({ ...base, steps: -2 })).toThrow(/steps is -2/);
    expect(() => linearizedGd({ ...base, steps: 3, recordEvery: 0 })).toThrow(/recordEvery/);
    expect(() => linearizedGd({ ...base, steps: 3, divergenceFactor: 1 })).toThrow(
      /divergenceFactor/,
    );
    expect(() =>
      stepSizeThresholds([
        [0, 0],
        [0, 0],
      ]),
    ).toThrow(/λ_max\(ntk\) is 0/);
  });
  it('test predictions without a test kernel are null', () => {
    expect(linearizedModel(base).at(3).test).toBeNull();
    expect(linearizedGd({ ...base, steps: 1 }).test).toBeNull();
  });
});
