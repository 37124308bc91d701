// Every export of @overparam/train against bad, huge and degenerate input: a typed error
// (OverparamError) naming the argument, or a finite documented value (null, 0, a documented
// Infinity); a work budget before every loop and allocation; no leaked tensor on any path.
import {
  fromArray,
  InvalidArgumentError,
  NotPositiveDefiniteError,
  OverparamError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import { constantRows, TEST_BACKEND, withLeakCheck, zeroRows } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  certificateRho,
  certifiedStepSize,
  compareWithLinearization,
  createMlp,
  empiricalNtk,
  empiricalNtkF64,
  hessianTopEigenvalue,
  imbalanceLowerBound,
  initLinearNetwork,
  linearizedGd,
  linearizedModel,
  linearNetworkCertificate,
  linearNetworkError,
  linearNetworkGd,
  linearNetworkGdStep,
  linearNetworkImbalance,
  linearNetworkLoss,
  linearNetworkProduct,
  linearNetworkTarget,
  type Mlp,
  ModelDisposedError,
  mlpHessianOperator,
  mlpHessianVectorProduct,
  mlpSharpness,
  sharpnessMeasurement,
  stepSizeThresholds,
  train,
  twoLayerReluGd,
  whitenedTarget,
} from '../src/index.js';

const BAD: unknown[] = [null, undefined, {}, 'x', Number.NaN];
const X = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const y = [1, -1, 0];
const K = [
  [2, 0.5],
  [0.5, 1],
];

const net = (extra: object = {}): Mlp =>
  createMlp({ inputDim: 2, width: 8, depth: 1, initSeed: 1, ...extra });

/** No NaN anywhere in a (nested) result; Infinity is checked separately where documented. */
function noNaN(value: unknown, depth = 0): boolean {
  if (depth > 6) return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value instanceof Float64Array || value instanceof Float32Array) {
    return !value.some(Number.isNaN);
  }
  if (Array.isArray(value)) return value.every((v) => noNaN(v, depth + 1));
  if (value !== null && typeof value === 'object' && !(value instanceof tf.Tensor)) {
    return Object.values(value).every((v) => noNaN(v, depth + 1));
  }
  return true;
}

async function expectTyped(f: () => unknown): Promise<void> {
  let thrown: unknown;
  try {
    await f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a typed error').toBeInstanceOf(OverparamError);
}

describe(`train reliability on ${TEST_BACKEND}: every loop and allocation has a work budget`, () => {
  it('linearizedGd refuses steps = 1e9 with WorkBudgetError before allocating', () => {
    const options = { ntkTrain: K, f0Train: [0, 0], yTrain: [1, 1], learningRate: 0.5 };
    expect(() => linearizedGd({ ...options, steps: 1e9 })).toThrow(WorkBudgetError);
    expect(() => linearizedGd({ ...options, steps: 1e9 })).toThrow(
      /linearizedGd: this call would take/,
    );
    // recordEvery shrinks the records, not the work; a raised budget lets a long run through.
    expect(linearizedGd({ ...options, steps: 10, budget: { maxFlops: 1e3 } }).loss.length).toBe(11);
    expect(() => linearizedGd({ ...options, steps: 1000, budget: { maxFlops: 1e3 } })).toThrow(
      WorkBudgetError,
    );
  });

  it('linearNetworkGd refuses steps = 1e12 with WorkBudgetError before the first step', async () => {
    const init = { U: fromArray([[1, 0]]), V: fromArray([[1, 0]]) };
    await expect(
      linearNetworkGd({ target: fromArray([[2]]), init, learningRate: 0.1, steps: 1e12 }),
    ).rejects.toThrow(WorkBudgetError);
  });

  it('empiricalNtkF64 refuses width = 1e9 with WorkBudgetError before drawing a weight', () => {
    const t0 = performance.now();
    expect(() => empiricalNtkF64({ inputDim: 2, width: 1e9, depth: 1, initSeed: 1 }, X)).toThrow(
      WorkBudgetError,
    );
    expect(() => empiricalNtkF64({ inputDim: 2, width: 2, depth: 1e9, initSeed: 1 }, X)).toThrow(
      WorkBudgetError,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(() =>
      empiricalNtkF64({ inputDim: 2, width: 8, depth: 1, initSeed: 1 }, X, undefined, {
        budget: { maxFlops: 10 },
      }),
    ).toThrow(WorkBudgetError);
  });

  it('createMlp refuses width = 1e9 and depth = 1e9 with WorkBudgetError before allocating', () => {
    expect(() => createMlp({ inputDim: 2, width: 1e9, depth: 1, initSeed: 1 })).toThrow(
      WorkBudgetError,
    );
    expect(() => createMlp({ inputDim: 2, width: 4, depth: 1e9, initSeed: 1 })).toThrow(
      WorkBudgetError,
    );
    expect(() =>
      createMlp({ inputDim: 2, width: [4, 4], depth: 2, initSeed: 1, budget: { maxBytes: 100 } }),
    ).toThrow(WorkBudgetError);
  });

  it('train refuses steps = 1e12 with WorkBudgetError before allocating, leaking nothing', async () => {
    const m = net();
    await withLeakCheck(async () => {
      await expect(train(m, { X, y }, { steps: 1e12, learningRate: 0.1 })).rejects.toThrow(
        WorkBudgetError,
      );
      await expect(
        train(m, { X, y }, { steps: 10, learningRate: 0.1, budget: { maxFlops: 100 } }),
      ).rejects.toThrow(/train: this call would take/);
    });
    m.dispose();
  });

  it('empiricalNtk, mlpHessianOperator, mlpSharpness and hessianTopEigenvalue check the budget first', async () => {
    const m = net();
    await withLeakCheck(async () => {
      expect(() => empiricalNtk(m, X, undefined, { budget: { maxFlops: 10 } })).toThrow(
        WorkBudgetError,
      );
      expect(() => mlpHessianOperator(m, X, y, { budget: { maxBytes: 10 } })).toThrow(
        WorkBudgetError,
      );
      await expect(mlpSharpness(m, X, y, { maxIterations: 1e12 })).rejects.toThrow(WorkBudgetError);
      await expect(
        hessianTopEigenvalue((v) => [...v].map((t) => t.clone()), [[1e12]]),
      ).rejects.toThrow(WorkBudgetError);
    });
    m.dispose();
  });

  it('twoLayerReluGd, compareWithLinearization and the linear-network generators refuse huge sizes', async () => {
    const base = { X, y, width: 4, learningRate: 0.1, steps: 2, initSeed: 0 };
    expect(() => twoLayerReluGd({ ...base, width: 1e9 })).toThrow(WorkBudgetError);
    expect(() => twoLayerReluGd({ ...base, steps: 1e12 })).toThrow(WorkBudgetError);
    expect(() =>
      initLinearNetwork({ n: 1, m: 1, h: 1e9, init: { kind: 'gaussian' }, initSeed: 0 }),
    ).toThrow(WorkBudgetError);
    expect(() => linearNetworkTarget({ n: 1e6, m: 1e6, dataSeed: 0 })).toThrow(WorkBudgetError);
    const m = net();
    await withLeakCheck(async () => {
      await expect(
        compareWithLinearization(
          m,
          { X, y },
          { steps: 2, learningRate: 0.1, budget: { maxFlops: 10 } },
        ),
      ).rejects.toThrow(WorkBudgetError);
    });
    m.dispose();
  });
});

describe(`train reliability on ${TEST_BACKEND}: an indefinite kernel is not a tangent kernel`, () => {
  const indefinite = [
    [1, 2],
    [2, 1],
  ];

  it('stepSizeThresholds rejects the indefinite kernel [[1, 2], [2, 1]] with NotPositiveDefiniteError naming λ_min', () => {
    expect(() => stepSizeThresholds(indefinite)).toThrow(NotPositiveDefiniteError);
    expect(() => stepSizeThresholds(indefinite)).toThrow(
      /stepSizeThresholds: ntk is indefinite: its smallest eigenvalue is -1 < −indefiniteTolerance·tr\|ntk\| = -0.000002/,
    );
    // τ = Infinity turns the check off; a negative or NaN τ is an error.
    expect(() => stepSizeThresholds(indefinite, { indefiniteTolerance: -1 })).toThrow(
      InvalidArgumentError,
    );
  });

  it('linearizedModel rejects the indefinite kernel [[1, 2], [2, 1]] with NotPositiveDefiniteError', () => {
    const options = { ntkTrain: indefinite, f0Train: [0, 0], yTrain: [1, 1], learningRate: 0.1 };
    expect(() => linearizedModel(options)).toThrow(NotPositiveDefiniteError);
    expect(() => linearizedModel(options)).toThrow(/linearizedModel: ntkTrain is indefinite/);
  });

  it('a positive semi-definite kernel with float32 rounding still passes (τ·tr = 1e-6·tr, the solvePsd rule)', () => {
    // Rank one, with an eigenvalue of −1e-8·tr from rounding: inside the tolerance.
    const e = 2e-8;
    const singular = [
      [1, 1 + e],
      [1 + e, 1],
    ];
    const t = stepSizeThresholds(singular);
    expect(t.lambdaMin).toBeLessThan(0);
    expect(t.lambdaMax).toBeCloseTo(2, 6);
    expect(
      linearizedModel({ ntkTrain: singular, f0Train: [0, 0], yTrain: [1, 1], learningRate: 0.1 })
        .converges,
    ).toBe(false);
  });
});

describe(`train reliability on ${TEST_BACKEND}: degenerate input gives a documented value, never NaN`, () => {
  it('ntkChange and weightChange are 0, not NaN, for a zero network (initial NTK and θ₀ zero)', async () => {
    const zero = net({ wStd: 0, bias: false });
    const run = await withLeakCheck(() =>
      train(
        zero,
        { X, y },
        {
          steps: 3,
          learningRate: 0.1,
          measureEvery: 1,
          measure: ['trainLoss', 'weightChange', 'weightDistance', 'ntkChange', 'alignment'],
        },
      ),
    );
    for (const p of run.trajectory) {
      expect(p.ntkChange).toBe(0);
      expect(p.weightChange).toBe(0);
      expect(p.alignment).toBe(0);
    }
    zero.dispose();
  });

  it('compareWithLinearization reports testGap null, not NaN, without test points', async () => {
    const m = net();
    const r = await compareWithLinearization(m, { X, y }, { steps: 2, learningRate: 0.1 });
    expect(r.supTestGap).toBeNull();
    expect(r.trajectory.every((p) => p.testGap === null)).toBe(true);
    expect(Number.isFinite(r.supTrainGap)).toBe(true);
    const withTest = await compareWithLinearization(
      m,
      { X, y, Xtest: [[1, 1]] },
      { steps: 2, learningRate: 0.1 },
    );
    expect(Number.isFinite(withTest.supTestGap)).toBe(true);
    m.dispose();
  });

  it('driftResidual and errorUpdateResidual are 0, not NaN, from U = V = 0', async () => {
    const zeroNet = { U: fromArray([[0, 0]]), V: fromArray([[0, 0]]) };
    for (const schedule of ['constant', 'certified'] as const) {
      const r = await linearNetworkGd({
        target: fromArray([[2]]),
        init: zeroNet,
        learningRate: 0.1,
        steps: 3,
        schedule,
      });
      expect(r.history.length).toBe(3);
      for (const s of r.history) {
        expect(s.driftResidual).toBe(0);
        expect(s.errorUpdateResidual).toBe(0);
      }
      expect(noNaN(r)).toBe(true);
    }
  });

  it('linearNetworkGd with no measured step reports maxExcess −Infinity (the max over no steps)', async () => {
    const init = { U: fromArray([[1, 0]]), V: fromArray([[1, 0]]) };
    const r = await linearNetworkGd({
      target: fromArray([[2]]),
      init,
      learningRate: 0.1,
      steps: 0,
    });
    expect(r.maxExcess).toBe(Number.NEGATIVE_INFINITY);
    expect(r.history).toEqual([]);
  });

  it('one point, equal points, zero inputs and zero kernels give finite values or typed errors', async () => {
    const m = net();
    const results: unknown[] = [];
    results.push(
      (
        await train(
          m,
          { X: [[1, 1]], y: [1] },
          {
            steps: 2,
            learningRate: 0.1,
            measure: ['trainLoss', 'ntkChange', 'alignment', 'weightChange'],
          },
        )
      ).trajectory,
    );
    results.push(
      (
        await train(
          m,
          { X: zeroRows(2), y: [0, 0] },
          { steps: 2, learningRate: 0.1, measure: ['trainLoss', 'ntkChange', 'alignment'] },
        )
      ).trajectory,
    );
    results.push(
      (
        await compareWithLinearization(
          m,
          { X: constantRows(1, 2), y: [1, 1], Xtest: [[1, 1]] },
          { steps: 2, learningRate: 0.1 },
        )
      ).trajectory,
    );
    results.push(await mlpSharpness(m, [[0, 0]], [0]));
    results.push(empiricalNtkF64({ inputDim: 2, width: 4, depth: 2, wStd: 0, initSeed: 1 }, X));
    results.push(
      linearizedGd({ ntkTrain: [[0]], f0Train: [0], yTrain: [1], learningRate: 0.1, steps: 3 }),
    );
    results.push(
      linearizedGd({ ntkTrain: [[1]], f0Train: [1], yTrain: [1], learningRate: 0.1, steps: 3 }),
    );
    const lin = linearizedModel({
      ntkTrain: constantRows(1, 2),
      f0Train: [0, 0],
      yTrain: [1, 1],
      learningRate: 0.1,
      ntkTestTrain: [[1, 1]],
      f0Test: [0],
    });
    results.push([lin.at(5), lin.atTime(3), lin.thresholds, lin.contraction]);
    results.push(stepSizeThresholds([[1]]));
    results.push(
      twoLayerReluGd({ X: [[0, 0]], y: [0], width: 2, learningRate: 0.1, steps: 3, initSeed: 0 }),
    );
    const zeroUV = { U: fromArray([[0, 0]]), V: fromArray([[0, 0]]) };
    results.push(linearNetworkCertificate(zeroUV, fromArray([[0]]), 0.1));
    results.push(imbalanceLowerBound(fromArray(zeroRows(2)), 1, 1));
    results.push(
      certifiedStepSize({ mu: 0, Lambda: 0, errorSpectralNorm: 0, productSpectralNorm: 0 }),
    );
    results.push(
      initLinearNetwork({
        n: 1,
        m: 1,
        h: 2,
        init: { kind: 'spectral' },
        initSeed: 0,
        target: fromArray([[0]]),
      }),
    );
    results.push(
      whitenedTarget({
        X: fromArray([
          [1, 0],
          [0, 1],
        ]),
        Y: fromArray([[0], [0]]),
      }),
    );
    results.push(await hessianTopEigenvalue((v) => v.map((t) => tf.zerosLike(t)), [[2]]));
    for (const [i, r] of results.entries()) expect(noNaN(r), `result ${i}`).toBe(true);
    // A zero kernel has no threshold: a typed error, not 2/0.
    expect(() => stepSizeThresholds(zeroRows(2))).toThrow(InvalidArgumentError);
    m.dispose();
  });
});

describe(`train reliability on ${TEST_BACKEND}: null, undefined, {}, strings and NaN give typed errors`, () => {
  it('the MLP functions name a model that is not an Mlp, a disposed model and bad arguments', async () => {
    const m = net();
    const gone = net();
    gone.dispose();
    await withLeakCheck(async () => {
      for (const bad of BAD) {
        await expectTyped(() => train(bad as never, { X, y }, { steps: 1, learningRate: 0.1 }));
        await expectTyped(() => train(m, bad as never, { steps: 1, learningRate: 0.1 }));
        await expectTyped(() => train(m, { X, y }, bad as never));
        await expectTyped(() => train(m, { X: bad as never, y }, { steps: 1, learningRate: 0.1 }));
        await expectTyped(() => empiricalNtk(bad as never, X));
        await expectTyped(() => empiricalNtk(m, bad as never));
        await expectTyped(() => mlpHessianOperator(bad as never, X, y));
        await expectTyped(() => mlpHessianVectorProduct(bad as never, X, y, []));
        await expectTyped(() => mlpHessianVectorProduct(m, X, y, bad as never));
        await expectTyped(() => mlpSharpness(bad as never, X, y));
        await expectTyped(() =>
          compareWithLinearization(bad as never, { X, y }, { steps: 1, learningRate: 0.1 }),
        );
        await expectTyped(() =>
          compareWithLinearization(m, bad as never, { steps: 1, learningRate: 0.1 }),
        );
        await expectTyped(() => hessianTopEigenvalue(bad as never, [[2]]));
        await expectTyped(() => hessianTopEigenvalue((v) => [...v], bad as never));
        await expectTyped(() => createMlp(bad as never));
        await expectTyped(() =>
          createMlp({ inputDim: 2, width: bad, depth: 1, initSeed: 1 } as never),
        );
        await expectTyped(() => empiricalNtkF64(bad as never, X));
        // undefined and {} are valid options bags (the defaults).
        const isBag = bad === undefined || (typeof bad === 'object' && bad !== null);
        if (!isBag) {
          await expectTyped(() => empiricalNtk(m, X, undefined, bad as never));
          await expectTyped(() => mlpSharpness(m, X, y, bad as never));
          await expectTyped(() => sharpnessMeasurement(bad as never));
        }
        if (bad !== undefined) {
          await expectTyped(() =>
            train(m, { X, y }, { steps: 1, learningRate: 0.1, onProgress: bad as never }),
          );
          await expectTyped(() =>
            train(m, { X, y }, { steps: 1, learningRate: 0.1, signal: bad as never }),
          );
          await expectTyped(() =>
            train(m, { X, y }, { steps: 1, learningRate: 0.1, measure: bad as never }),
          );
          await expectTyped(() =>
            train(m, { X, y }, { steps: 1, learningRate: 0.1, measurements: { a: bad as never } }),
          );
        }
      }
      await expect(train(gone, { X, y }, { steps: 1, learningRate: 0.1 })).rejects.toThrow(
        ModelDisposedError,
      );
      expect(() => empiricalNtk(gone, X)).toThrow(ModelDisposedError);
      const disposed = tf.tensor2d(X);
      disposed.dispose();
      await expect(train(m, { X: disposed, y }, { steps: 1, learningRate: 0.1 })).rejects.toThrow(
        /X is 'a disposed tensor'/,
      );
      expect(() => m.apply(m.params, disposed)).toThrow(InvalidArgumentError);
      await expect(
        train(m, { X, y }, { steps: 1, learningRate: 0.1, measure: ['bogus' as never] }),
      ).rejects.toThrow(/measure is 'bogus'/);
    });
    m.dispose();
  });

  it('an hvp that returns the wrong shapes is a ShapeMismatchError, and its tensors are disposed', async () => {
    await withLeakCheck(async () => {
      await expect(hessianTopEigenvalue(() => [tf.zeros([3])], [[2]])).rejects.toThrow(
        /hvp\(v\) returned a list of 1 values; expected a list of 1 new tensors shaped like v/,
      );
      await expect(hessianTopEigenvalue(() => null as never, [[2]])).rejects.toThrow(
        ShapeMismatchError,
      );
      await expect(
        hessianTopEigenvalue((v) => v.map((t) => t.clone()), [[2]], { start: [[0, 0]] }),
      ).rejects.toThrow(/start is 'a vector of norm 0'/);
    });
  });

  it('the linearized-model functions name bad options and fields', () => {
    const valid = { ntkTrain: K, f0Train: [0, 0], yTrain: [1, 1], learningRate: 0.5 };
    for (const bad of BAD) {
      expect(() => linearizedModel(bad as never)).toThrow(OverparamError);
      expect(() => linearizedGd(bad as never)).toThrow(OverparamError);
      expect(() => stepSizeThresholds(bad as never)).toThrow(OverparamError);
      for (const key of Object.keys(valid)) {
        expect(() => linearizedModel({ ...valid, [key]: bad } as never)).toThrow(OverparamError);
        expect(() => linearizedGd({ ...valid, steps: 2, [key]: bad } as never)).toThrow(
          OverparamError,
        );
      }
      expect(() => linearizedGd({ ...valid, steps: bad } as never)).toThrow(OverparamError);
      const lin = linearizedModel(valid);
      expect(() => lin.at(bad as never)).toThrow(OverparamError);
      expect(() => lin.atTime(bad as never)).toThrow(OverparamError);
      expect(() => lin.trajectory(bad as never)).toThrow(OverparamError);
      expect(() => lin.flowTrajectory(bad as never)).toThrow(OverparamError);
    }
    expect(() => stepSizeThresholds(K, null as never)).toThrow(/options is null/);
  });

  it('the linear-network functions name bad networks, targets, options and callbacks', async () => {
    const good = { U: fromArray([[1, 0]]), V: fromArray([[1, 0]]) };
    const Y = fromArray([[2]]);
    for (const bad of BAD) {
      expect(() => linearNetworkProduct(bad as never)).toThrow(OverparamError);
      expect(() => linearNetworkProduct({ U: bad, V: good.V } as never)).toThrow(OverparamError);
      expect(() => linearNetworkImbalance(bad as never)).toThrow(OverparamError);
      expect(() => linearNetworkError(bad as never, Y)).toThrow(OverparamError);
      expect(() => linearNetworkLoss(good, bad as never)).toThrow(OverparamError);
      expect(() => linearNetworkGdStep(good, Y, bad as never)).toThrow(OverparamError);
      expect(() => linearNetworkCertificate(good, Y, bad as never)).toThrow(OverparamError);
      expect(() =>
        certificateRho(bad as never, {
          mu: 1,
          Lambda: 1,
          errorSpectralNorm: 0,
          productSpectralNorm: 0,
        }),
      ).toThrow(OverparamError);
      expect(() => certifiedStepSize(bad as never)).toThrow(OverparamError);
      expect(() => imbalanceLowerBound(bad as never, 1, 1)).toThrow(OverparamError);
      expect(() => initLinearNetwork(bad as never)).toThrow(OverparamError);
      expect(() =>
        initLinearNetwork({ n: 1, m: 1, h: 2, init: bad, initSeed: 0 } as never),
      ).toThrow(OverparamError);
      expect(() => linearNetworkTarget(bad as never)).toThrow(OverparamError);
      expect(() => whitenedTarget(bad as never)).toThrow(OverparamError);
      await expectTyped(() => linearNetworkGd(bad as never));
      await expectTyped(() =>
        linearNetworkGd({ target: Y, init: bad, learningRate: 0.1, steps: 1 } as never),
      );
      if (bad !== undefined) {
        const valid = { target: Y, init: good, learningRate: 0.1, steps: 1 };
        await expectTyped(() => linearNetworkGd({ ...valid, onStep: bad as never }));
        await expectTyped(() => linearNetworkGd({ ...valid, signal: bad as never }));
      }
    }
  });

  it('twoLayerReluGd names bad options, init and callbacks', () => {
    const base = { X, y, width: 2, learningRate: 0.1, steps: 2, initSeed: 0 };
    for (const bad of BAD) {
      expect(() => twoLayerReluGd(bad as never)).toThrow(OverparamError);
      for (const key of Object.keys(base)) {
        expect(() => twoLayerReluGd({ ...base, [key]: bad } as never)).toThrow(OverparamError);
      }
      if (bad !== undefined) {
        expect(() => twoLayerReluGd({ ...base, init: bad } as never)).toThrow(OverparamError);
        expect(() => twoLayerReluGd({ ...base, onStep: bad } as never)).toThrow(OverparamError);
      }
      expect(() => twoLayerReluGd(base).predict(bad as never)).toThrow(OverparamError);
    }
  });
});

describe(`train reliability on ${TEST_BACKEND}: an explicit null is a bad value, not the default`, () => {
  const ntk = { ntkTrain: K, f0Train: [0, 0], yTrain: [1, 1], learningRate: 0.5 };

  it('train, compareWithLinearization and the NTK and Hessian functions refuse null options', async () => {
    const m = net();
    await withLeakCheck(async () => {
      const base = { steps: 2, learningRate: 0.1 };
      for (const key of ['yieldEveryMs', 'measureEvery', 'ntkPoints', 'lossNormalization']) {
        await expect(train(m, { X, y }, { ...base, [key]: null } as never)).rejects.toThrow(
          new RegExp(`train: ${key} is null`),
        );
      }
      for (const key of ['measureEvery', 'lossNormalization']) {
        await expect(
          compareWithLinearization(m, { X, y }, { ...base, [key]: null } as never),
        ).rejects.toThrow(new RegExp(`compareWithLinearization: ${key} is null`));
      }
      expect(() => empiricalNtk(m, X, undefined, { output: null } as never)).toThrow(
        /empiricalNtk: output is null/,
      );
      expect(() => empiricalNtk(m, X, undefined, { params: null } as never)).toThrow(
        ShapeMismatchError,
      );
      expect(() => mlpHessianOperator(m, X, y, { lossNormalization: null } as never)).toThrow(
        /mlpHessianOperator: lossNormalization is null/,
      );
      expect(() => mlpHessianOperator(m, X, y, { params: null } as never)).toThrow(
        ShapeMismatchError,
      );
      for (const key of ['tol', 'maxIterations', 'minIterations', 'seed']) {
        await expect(mlpSharpness(m, X, y, { [key]: null } as never)).rejects.toThrow(
          new RegExp(`mlpSharpness: ${key} is null`),
        );
      }
    });
    m.dispose();
    const config = { inputDim: 2, width: 4, depth: 1, initSeed: 1 };
    expect(() => createMlp({ ...config, wStd: null } as never)).toThrow(/createMlp: wStd is null/);
    expect(() => empiricalNtkF64(config, X, undefined, { output: null } as never)).toThrow(
      /empiricalNtkF64: output is null/,
    );
    expect(() => empiricalNtkF64(config, X, undefined, { budget: null } as never)).toThrow(
      InvalidArgumentError,
    );
  });

  it('the linearized model, the step-size thresholds, twoLayerReluGd and initLinearNetwork refuse null options', () => {
    expect(() => linearizedModel({ ...ntk, lossNormalization: null } as never)).toThrow(
      /linearizedModel: lossNormalization is null/,
    );
    expect(() => linearizedGd({ ...ntk, steps: 2, lossNormalization: null } as never)).toThrow(
      /linearizedGd: lossNormalization is null/,
    );
    expect(() => stepSizeThresholds(K, { lossNormalization: null } as never)).toThrow(
      /stepSizeThresholds: lossNormalization is null/,
    );
    expect(() => stepSizeThresholds(K, { indefiniteTolerance: null } as never)).toThrow(
      /stepSizeThresholds: indefiniteTolerance is null/,
    );
    const base = { X, y, width: 2, learningRate: 0.1, steps: 2, initSeed: 0 };
    for (const key of ['kappa', 'lossNormalization']) {
      expect(() => twoLayerReluGd({ ...base, [key]: null } as never)).toThrow(
        new RegExp(`twoLayerReluGd: ${key} is null`),
      );
    }
    const sizes = { n: 1, m: 2, h: 3, initSeed: 0 };
    expect(() =>
      initLinearNetwork({ ...sizes, init: { kind: 'gaussian', scale: null } } as never),
    ).toThrow(/initLinearNetwork: init.scale is null/);
    expect(() =>
      initLinearNetwork({ ...sizes, init: { kind: 'imbalanced', imbalance: null } } as never),
    ).toThrow(/initLinearNetwork: init.imbalance is null/);
  });

  it('the defaults still apply when an option is left out or undefined', async () => {
    const m = net();
    await withLeakCheck(async () => {
      const run = await train(m, { X, y }, {
        steps: 2,
        learningRate: 0.1,
        yieldEveryMs: undefined,
        lossNormalization: undefined,
      } as never);
      expect(run.lossNormalization).toBe(3);
      expect(run.trajectory.map((p) => p.step)).toEqual([0, 1, 2]);
      empiricalNtk(m, X, undefined, { output: undefined } as never).dispose();
    });
    m.dispose();
    // c = n = 2 ('mean'): η̃ = η/c = 0.25.
    expect(linearizedModel({ ...ntk, lossNormalization: undefined } as never).effectiveStep).toBe(
      0.25,
    );
  });
});
