import { InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  nonEmpty,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  createMlp,
  DivergenceError,
  empiricalNtk,
  type Mlp,
  type MlpOptions,
  type TrainOptions,
  train,
} from '../src/index.js';
import { BUILTIN_MEASUREMENTS } from '../src/mlp/train-options.js';
import fixtures from './fixtures/train.json' with { type: 'json' };

/**
 * float32 training against the float64 reference over 20–25 steps: every step adds a rounding
 * error of about 1e-7 relative, GD on these small, well-conditioned problems does not amplify it
 * much, and the relative weight change is a difference of nearby weights (so it carries the
 * cancellation of ‖θ_t − θ₀‖ ≈ 1e-2·‖θ₀‖): 1e-3 leaves a factor ~10 of room over what we see.
 */
const TRAJECTORY_RTOL = 1e-3;

type Fixture = (typeof fixtures)[number];

function netFor(fx: Fixture): Mlp {
  const options: MlpOptions = {
    inputDim: fx.inputDim,
    width: fx.widths,
    depth: fx.widths.length,
    outputs: fx.outputs,
    activation: fx.activation as MlpOptions['activation'] & string,
    bias: fx.bias,
    parameterization: fx.parameterization as 'ntk' | 'standard',
    wStd: fx.wStd,
    bStd: fx.bStd,
    initSeed: 1,
  };
  const net = createMlp(options);
  net.setParams(
    fx.initialParams.map((p, i) =>
      tf.tensor(p as number[] | number[][], [...(net.paramShapes[i] as number[])]),
    ),
  );
  return net;
}

function optionsFor(fx: Fixture): TrainOptions {
  const f = fx as Fixture & { momentum?: number; schedule?: boolean; lazyScale?: number };
  return {
    steps: fx.steps,
    learningRate: fx.learningRate,
    lossNormalization: fx.lossNormalization as 'sum' | 'mean' | number,
    measureEvery: fx.measureEvery,
    measure: ['trainLoss', 'testLoss', 'weightChange', 'ntkChange', 'alignment'],
    ...(f.momentum !== undefined ? { momentum: f.momentum } : {}),
    ...(f.schedule ? { schedule: (t: number) => 0.5 ** Math.floor(t / 10) } : {}),
    ...(f.lazyScale !== undefined ? { lazyScale: f.lazyScale } : {}),
  };
}

describe(`[${TEST_BACKEND}] train against the numpy reference (test/fixtures/generate_train.py)`, () => {
  for (const fx of nonEmpty(fixtures, 'train.json')) {
    it(`follows the float64 trajectory step by step: ${fx.name}`, async () => {
      const net = netFor(fx);
      const data = { X: fx.X, y: fx.y, Xtest: fx.Xtest, ytest: fx.ytest };
      const run = await withLeakCheck(() => train(net, data, optionsFor(fx)));
      expectClose(Array.from(run.losses), fx.losses, { rtol: TRAJECTORY_RTOL });
      expect(run.trajectory.map((p) => p.step)).toEqual(fx.trajectory.map((p) => p.step));
      for (const name of ['trainLoss', 'testLoss', 'weightChange', 'alignment'] as const) {
        expectClose(
          run.trajectory.map((p) => p[name] as number),
          fx.trajectory.map((p) => p[name]),
          { rtol: TRAJECTORY_RTOL },
        );
      }
      // ntkChange starts at exactly 0; compare the rest.
      expect(run.trajectory[0]?.ntkChange).toBe(0);
      expectClose(
        run.trajectory.slice(1).map((p) => p.ntkChange as number),
        fx.trajectory.slice(1).map((p) => p.ntkChange),
        { rtol: TRAJECTORY_RTOL },
      );
      const params = await net.readParams();
      params.forEach((p, i) => {
        expectClose(Array.from(p), (fx.finalParams[i] as number[] | number[][]).flat(), {
          rtol: TRAJECTORY_RTOL,
        });
      });
      const K = empiricalNtk(net, fx.X);
      expectClose(await K.array(), fx.ntkFinal, { rtol: TRAJECTORY_RTOL });
      K.dispose();
      expect(run.lossNormalization).toBe(
        fx.lossNormalization === 'mean'
          ? fx.n
          : fx.lossNormalization === 'sum'
            ? 1
            : fx.lossNormalization,
      );
      expect(run.effectiveStep).toBeCloseTo(fx.learningRate / run.lossNormalization, 12);
      net.dispose();
    });
  }
});

describe(`[${TEST_BACKEND}] train`, () => {
  const X = [
    [0.2, -0.5],
    [0.9, 0.1],
    [-0.4, 0.7],
    [0.5, 0.5],
    [-0.8, -0.2],
    [0.1, 0.9],
  ];
  const y = [0.5, -0.3, 0.8, 0.1, -0.6, 0.4];

  it('lazy training: α·‖w_T − w₀‖ stays within a factor 2 across α ∈ {1, 4, 16, 64} (https://overparam.dev/docs/theory/sharpness#lazy-training)', async () => {
    const scaled: number[] = [];
    const finalLoss: number[] = [];
    // A smooth target that the top of the NTK spectrum carries, so that 20 steps fit it.
    const yLazy = X.map((x) => (x[0] as number) - 0.5 * (x[1] as number));
    const initialLoss = yLazy.reduce((s, v) => s + v * v, 0) / 2; // h = α(f − f₀) starts at 0
    for (const alpha of [1, 4, 16, 64]) {
      const net = createMlp({ inputDim: 2, width: 32, depth: 2, activation: 'tanh', initSeed: 5 });
      const run = await train(
        net,
        { X, y: yLazy },
        {
          // η·λ_max(Θ̂₀) ≈ 0.8·2.0 < 2: stable, and the two leading NTK directions, which carry
          // this target, contract by ≥ 0.6 per step.
          steps: 20,
          learningRate: 0.8,
          lossNormalization: 'sum',
          lazyScale: alpha,
          measure: ['weightDistance', 'trainLoss'],
          measureEvery: 20,
        },
      );
      scaled.push(alpha * (run.trajectory.at(-1)?.weightDistance as number));
      finalLoss.push(run.trajectory.at(-1)?.trainLoss as number);
      net.dispose();
    }
    // ‖w_T − w₀‖ itself spans a factor 64; α·‖w_T − w₀‖ stays put.
    expect(Math.max(...scaled) / Math.min(...scaled)).toBeLessThan(2);
    // Training did something, for every α: the loss fell by at least half.
    for (const loss of finalLoss) expect(loss).toBeLessThan(initialLoss / 2);
  });

  it('SGD, momentum, schedule and lazy scaling leave no tensors behind; SGD is reproducible by dataSeed', async () => {
    const runs: Float64Array[] = [];
    for (let i = 0; i < 2; i++) {
      const net = createMlp({ inputDim: 2, width: 8, depth: 2, initSeed: 2 });
      const run = await withLeakCheck(() =>
        train(
          net,
          { X, y, Xtest: X.slice(0, 2), ytest: y.slice(0, 2) },
          {
            steps: 12,
            learningRate: 0.3,
            batchSize: 4,
            dataSeed: 7,
            momentum: 0.5,
            schedule: (t) => 1 / (1 + t),
            lazyScale: 2,
            measureEvery: 3,
            measure: [...BUILTIN_MEASUREMENTS],
            ntkPoints: 4,
          },
        ),
      );
      runs.push(run.losses);
      expect(run.trajectory.map((p) => p.step)).toEqual([0, 3, 6, 9, 12]);
      net.dispose();
    }
    expect(Array.from(runs[0] as Float64Array)).toEqual(Array.from(runs[1] as Float64Array));
  });

  it('SGD batches differ with the dataSeed', async () => {
    const losses = [];
    for (const dataSeed of [1, 2]) {
      const net = createMlp({ inputDim: 2, width: 8, depth: 1, initSeed: 2 });
      losses.push(
        (await train(net, { X, y }, { steps: 4, learningRate: 0.3, batchSize: 2, dataSeed }))
          .losses,
      );
      net.dispose();
    }
    expect(relativeError(losses[0] as Float64Array, losses[1] as Float64Array)).toBeGreaterThan(
      F32_RTOL,
    );
  });

  it('calls custom measurements with the loss, the NTK and the values measured so far', async () => {
    const net = createMlp({ inputDim: 2, width: 8, depth: 1, initSeed: 3 });
    const seen: number[] = [];
    const run = await withLeakCheck(() =>
      train(
        net,
        { X, y },
        {
          steps: 4,
          learningRate: 0.5,
          measureEvery: 2,
          measure: ['trainLoss'],
          measurements: {
            lossAgain: async (ctx) => {
              seen.push(ctx.values.trainLoss as number);
              const l = ctx.loss(ctx.params);
              const v = (await l.data())[0] as number;
              l.dispose();
              return v;
            },
            ntkTrace: async (ctx) => {
              const t = tf.tidy(() => tf.sum(tf.mul(ctx.ntk(), tf.eye(6))));
              const v = (await t.data())[0] as number;
              t.dispose();
              return v;
            },
          },
        },
      ),
    );
    for (const p of run.trajectory) expect(p.lossAgain).toBeCloseTo(p.trainLoss as number, 5);
    expect(seen).toHaveLength(3);
    const K = empiricalNtk(net, X);
    const diag = await tf.tidy(() => tf.sum(tf.mul(K, tf.eye(6)))).data();
    expect(run.trajectory.at(-1)?.ntkTrace).toBeCloseTo(diag[0] as number, 3);
    K.dispose();
    net.dispose();
  });

  it('throws DivergenceError naming the step and a stable step size, and leaks nothing', async () => {
    const net = createMlp({ inputDim: 2, width: 16, depth: 1, activation: 'linear', initSeed: 1 });
    let error: unknown;
    await withLeakCheck(async () => {
      try {
        await train(net, { X, y }, { steps: 200, learningRate: 50, measure: ['ntkChange'] });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(DivergenceError);
    const e = error as DivergenceError;
    expect(e.step).toBeGreaterThan(0);
    expect(e.step).toBeLessThan(200);
    expect(e.message).toMatch(new RegExp(`at step ${e.step} \\(η = 50, c = 6, η/c = 8.333\\)`));
    // The linearized model's threshold 2c/λ_max(Θ₀): a linear network is its own linearization
    // up to the weight products, so the bound is well below 50.
    expect(e.maxStableLearningRate).toBeGreaterThan(0);
    expect(e.maxStableLearningRate).toBeLessThan(50);
    expect(e.message).toMatch(/take η below [\d.]+ \(= 2c\/λ_max\(Θ̂₀\) with λ_max = /);
    // With a measurement named 'sharpness' (S = λ_max(∇²L)) the bound is 2/S.
    const net2 = createMlp({ inputDim: 2, width: 16, depth: 1, activation: 'linear', initSeed: 1 });
    await expect(
      train(
        net2,
        { X, y },
        { steps: 200, learningRate: 50, measureEvery: 1, measurements: { sharpness: () => 8 } },
      ),
    ).rejects.toThrow(
      /take η below 0.25 \(= 2\/S with S = λ_max\(∇²L\) = 8.000, the sharpness at step \d+\)/,
    );
    net2.dispose();
    net.dispose();
  });

  it('throws DivergenceError when the weights overflow float32 though a dead ReLU layer keeps the loss finite', async () => {
    // η = 1e6 kills every ReLU after one step: the loss falls back to a finite constant while
    // ‖θ_t − θ₀‖² overflows float32, so weightChange would be Infinity.
    const net = createMlp({ inputDim: 2, width: 3, depth: 1, initSeed: 0 });
    const data = {
      X: [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      y: [1, 0, 1],
    };
    let error: unknown;
    await withLeakCheck(async () => {
      try {
        await train(net, data, { steps: 3, learningRate: 1e6 });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(DivergenceError);
    const e = error as DivergenceError;
    expect(e.quantity).toBe('squared weight distance ‖θ_t − θ₀‖² (float32)');
    expect(e.loss).toBe(Number.POSITIVE_INFINITY);
    expect(e.message).toMatch(
      new RegExp(`the squared weight distance .* became Infinity at step ${e.step} \\(η = 1000000`),
    );
    net.dispose();
  });

  it('checks a dataSeed given with full batches (batchSize = n) too', async () => {
    const net = createMlp({ inputDim: 2, width: 4, depth: 1, initSeed: 1 });
    for (const dataSeed of ['1', 1.5, -1, null]) {
      await expect(
        train(net, { X, y }, { steps: 1, learningRate: 0.1, dataSeed } as never),
      ).rejects.toThrow(/train: dataSeed is .*; expected an integer in \[0, 4294967295\]/);
    }
    // A valid seed with full batches is unused: the same run as without one.
    const a = net.clone();
    const b = net.clone();
    const ra = await train(a, { X, y }, { steps: 3, learningRate: 0.1, dataSeed: 7 });
    const rb = await train(b, { X, y }, { steps: 3, learningRate: 0.1 });
    expect(Array.from(ra.losses)).toEqual(Array.from(rb.losses));
    a.dispose();
    b.dispose();
    net.dispose();
  });

  it('stops with the signal’s reason when aborted, keeping θ_t and leaking nothing', async () => {
    const net = createMlp({ inputDim: 2, width: 8, depth: 1, initSeed: 1 });
    const controller = new AbortController();
    await withLeakCheck(async () => {
      await expect(
        train(
          net,
          { X, y },
          {
            steps: 1000,
            learningRate: 0.1,
            measureEvery: 1,
            momentum: 0.9,
            onProgress: (p) => {
              if (p.step === 5) controller.abort(new Error('stop here'));
            },
            signal: controller.signal,
          },
        ),
      ).rejects.toThrow('stop here');
    });
    expect(net.params).toHaveLength(4);
    net.dispose();
  });

  it('rejects bad options and data with typed errors that say what to pass', async () => {
    const net = createMlp({ inputDim: 2, width: 4, depth: 1, initSeed: 1 });
    const data = { X, y };
    const bad: [Partial<TrainOptions>, RegExp][] = [
      [{ learningRate: 0 }, /learningRate is 0; expected a finite number > 0/],
      [{ steps: 1.5 }, /steps is 1.5; expected an integer ≥ 0/],
      [{ momentum: 1 }, /momentum is 1; expected β in \[0, 1\)/],
      [{ batchSize: 7 }, /batchSize is 7; expected an integer in \[1, 6\]/],
      [{ batchSize: 3 }, /dataSeed is undefined; expected a seed for the SGD batch order/],
      [{ lossNormalization: -1 }, /lossNormalization is -1/],
      [{ lazyScale: 0 }, /lazyScale is 0/],
      [{ measure: ['sharpness' as 'trainLoss'] }, /pass custom ones in \{ measurements \}/],
      [{ measure: ['testLoss'] }, /pass \{ Xtest, ytest \}/],
      [{ ntkPoints: 0 }, /ntkPoints is 0/],
    ];
    for (const [options, message] of bad) {
      await expect(train(net, data, { steps: 2, learningRate: 0.1, ...options })).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(train(net, data, { steps: 2, learningRate: 0.1, ...options })).rejects.toThrow(
        message,
      );
    }
    await expect(
      train(net, data, { steps: 3, learningRate: 0.1, schedule: () => Number.NaN }),
    ).rejects.toThrow(/schedule\(0\) is NaN/);
    await expect(train(net, { X, y: y.slice(1) }, { steps: 1, learningRate: 0.1 })).rejects.toThrow(
      ShapeMismatchError,
    );
    await expect(train(net, { X, y: y.slice(1) }, { steps: 1, learningRate: 0.1 })).rejects.toThrow(
      /y (is 5×1; expected 6×1|has 5 rows; expected 6 rows)/,
    );
    await expect(
      train(net, { X: [[1, 2, 3]], y: [1] }, { steps: 1, learningRate: 0.1 }),
    ).rejects.toThrow(/X is 1×3; expected 2 columns/);
    await expect(
      train(net, { X: [[1, Number.NaN]], y: [1] }, { steps: 1, learningRate: 0.1 }),
    ).rejects.toThrow(/X\[0\]\[1\] is NaN/);
    net.dispose();
  });
});
