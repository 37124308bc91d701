import { type LossNormalization, resolveLossNormalization } from '@overparam/kernels';
import {
  assertFunction,
  assertInteger,
  assertOptions,
  assertPositive,
  assertSignal,
  assertWorkBudget,
  asTargetsTensor,
  InvalidArgumentError,
  type Matrix64,
  type TensorInput,
  type TensorTargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertModel } from '../internal/assert-model.js';
import { assertObject } from '../internal/assert-object.js';
import { mlpSizes, ntkWork } from '../internal/mlp-work.js';
import { asModelInputs } from '../internal/model-inputs.js';
import {
  type LinearizedModel,
  type LinearizedPrediction,
  linearizedModel,
  linearizedModelWork,
} from '../linearized/linearized-model.js';
import { empiricalNtk } from './empirical-ntk.js';
import type { MeasurementContext, TrajectoryPoint } from './measurement.js';
import type { Mlp } from './mlp.js';
import { type TrainResult, train } from './train.js';

/** Data of {@link compareWithLinearization}: training points and, optionally, test inputs. */
export interface CompareLinearizationData {
  /** n×d training inputs. */
  X: TensorInput;
  /** n targets (the network must have one output). */
  y: TensorTargetsInput;
  /** m×d test inputs at which network and linearization are compared too (no targets needed). */
  Xtest?: TensorInput;
}

/** Options of {@link compareWithLinearization}: constant-step full-batch GD, as https://overparam.dev/docs/theory/linearized-gd#closeness. */
export interface CompareLinearizationOptions {
  /** T, the number of GD steps. */
  steps: number;
  /** η (the effective step is η/c). */
  learningRate: number;
  /** c in L = (1/(2c))·Σ(h − y)². Default 'mean'. */
  lossNormalization?: LossNormalization;
  /** Compare every k steps (and at the last). Default max(1, ⌊T/50⌋). */
  measureEvery?: number;
  /**
   * α: train h = α·(f − f₀) with the loss divided by α² (Chizat, Oyallon, Bach 2019). Its
   * linearization is α·J(θ − θ₀), whose dynamics do not depend on α (same Θ, h₀ = 0), so the gap
   * measures the O(1/α) distance to the kernel regime. Default: none (h = f).
   */
  lazyScale?: number;
  /** Called after each compared step. */
  onProgress?: (point: LinearizationGapPoint, progress: { step: number; steps: number }) => void;
  /** Aborts training (rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor) of the run and
   * of each of its parts: the empirical NTKs (train×train and test×train, see empiricalNtk), the
   * closed form (see LinearizedModelOptions.budget) and the training (see TrainOptions.budget).
   */
  budget?: WorkBudget;
}

/** One compared step. Gaps are root-mean-square over the points: ‖h_t − h^lin_t‖₂/√(#points). */
export interface LinearizationGapPoint {
  step: number;
  /** RMS gap on the training points. */
  trainGap: number;
  /** RMS gap on the test points, or null without Xtest (there is nothing to compare). */
  testGap: number | null;
  /** The network's training loss L(θ_t). */
  trainLoss: number;
  /** The linearized model's training loss. */
  linearizedTrainLoss: number;
}

/** Result of {@link compareWithLinearization}. */
export interface CompareLinearizationResult {
  /** The compared steps. */
  trajectory: LinearizationGapPoint[];
  /** sup_t of the RMS train gap over the compared steps. */
  supTrainGap: number;
  /** sup_t of the RMS test gap, or null without Xtest. */
  supTestGap: number | null;
  /** The linearization at θ₀ (Θ = empirical NTK at initialization, float64 closed form). */
  linearized: LinearizedModel;
  /** The network's training run (the model holds θ_T afterwards). */
  train: TrainResult;
}

async function readMatrix64(t: tf.Tensor2D, symmetrize: boolean): Promise<Matrix64> {
  const [rows, cols] = t.shape;
  const data = Float64Array.from(await t.data());
  if (symmetrize) {
    // float32 Gram sums are symmetric only up to rounding; Θ must be exactly symmetric for eigh.
    for (let i = 0; i < rows; i++) {
      for (let j = i + 1; j < cols; j++) {
        const s = 0.5 * ((data[i * cols + j] as number) + (data[j * cols + i] as number));
        data[i * cols + j] = s;
        data[j * cols + i] = s;
      }
    }
  }
  return { rows, cols, data };
}

function rmsGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(s / a.length);
}

/**
 * Trains an {@link Mlp} (one output) by full-batch GD with {@link train} and, on the same steps,
 * its linearization at initialization, f^lin_θ(x) = f₀(x) + ∇f₀(x)(θ − θ₀), in closed form
 * ({@link linearizedModel} with Θ = the empirical NTK Θ̂₀ from {@link empiricalNtk} and f₀ the
 * network's outputs at θ₀; https://overparam.dev/docs/theory/linearized-gd#closeness), and reports the gap ‖f_t − f^lin_t‖ on the training
 * points and on test points along the run. Lee et al. ("Wide neural networks of any depth evolve
 * as linear models under gradient descent", NeurIPS 2019, Thm 2.1) prove
 * sup_t‖f_t − f^lin_t‖ = O(1/√width) for η̃ = η/c < 2/(λ_min + λ_max) (NTK parameterization);
 * `linearized.withinLeeCondition` says whether the run satisfies that.
 *
 * The network trains in float32 on the active backend; Θ̂₀ and f₀ are read back once and the
 * linearization is evaluated in float64 on the CPU. The model is trained in place (it holds θ_T
 * afterwards). Gaps are root-mean-square over points, ‖·‖₂/√(#points).
 *
 * @throws InvalidArgumentError for a model that is not an Mlp or has more than one output, or bad
 *   options; ModelDisposedError; ShapeMismatchError for data of the wrong shape;
 *   NotPositiveDefiniteError when the float32 Θ̂₀ is indefinite beyond rounding; WorkBudgetError
 *   for a run over the work budget (`budget`); DivergenceError if the network diverges.
 * @example
 * const net = createMlp({ inputDim: 3, width: 1024, depth: 2, activation: 'erf', initSeed: 1 });
 * const cmp = await compareWithLinearization(net, { X, y, Xtest }, { steps: 50, learningRate: 1 });
 * cmp.supTrainGap // ≈ 1e-3: the wide network follows its linearization
 */
export async function compareWithLinearization(
  net: Mlp,
  data: CompareLinearizationData,
  options: CompareLinearizationOptions,
): Promise<CompareLinearizationResult> {
  const op = 'compareWithLinearization';
  assertModel(op, 'model', net);
  if (net.config.outputs !== 1) {
    throw new InvalidArgumentError(
      'model outputs',
      net.config.outputs,
      '1: the linearization of a k-output network needs the nk×nk tangent kernel; compare one output at a time',
      op,
    );
  }
  assertObject(op, 'options', options, 'an object { steps, learningRate }');
  assertOptions(op, 'data', data, false);
  const { steps, lazyScale, budget } = options;
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps');
  // Defaults only for undefined (the option left out): an explicit null is a bad value.
  const { measureEvery = Math.max(1, Math.floor(steps / 50)), lossNormalization = 'mean' } =
    options;
  assertInteger(op, 'measureEvery', measureEvery, { min: 1 }, 'compare every k steps');
  if (lazyScale !== undefined) assertPositive(op, 'lazyScale', lazyScale, 'the lazy scale α');
  if (options.onProgress !== undefined) {
    assertFunction(op, 'onProgress', options.onProgress, '(point, { step, steps }) => void');
  }
  assertSignal(op, 'signal', options.signal);
  const x = asModelInputs(op, 'X', data.X, net.config.inputDim);
  const owned: tf.Tensor[] = x.owned ? [x.tensor] : [];
  try {
    const n = x.tensor.shape[0];
    // Checked before any NTK is computed (train and linearizedModel resolve it again).
    resolveLossNormalization(op, lossNormalization, n);
    const yT = asTargetsTensor(op, 'y', data.y, { rows: n, outputs: 1 });
    if (yT.owned) owned.push(yT.tensor);
    const xt =
      data.Xtest === undefined ? null : asModelInputs(op, 'Xtest', data.Xtest, net.config.inputDim);
    if (xt?.owned) owned.push(xt.tensor);
    const y = Float64Array.from(await yT.tensor.data());
    const m = xt ? xt.tensor.shape[0] : 0;
    const sizes = mlpSizes(net.layers, net.config.bias);
    for (const part of [ntkWork(sizes, n, n, 1, 4), ntkWork(sizes, m, n, 1, 4)]) {
      assertWorkBudget(op, part, budget, 'use fewer points or a narrower network');
    }
    assertWorkBudget(op, linearizedModelWork(n, m), budget, 'use fewer points');

    // Θ̂₀ on train×train and test×train, and h₀ (f₀, or 0 under lazy scaling), at θ₀.
    const theta = empiricalNtk(net, x.tensor, undefined, budget ? { budget } : {});
    owned.push(theta);
    const ntkTrain = await readMatrix64(theta, true);
    let ntkTestTrain: Matrix64 | undefined;
    let f0Test: Float64Array | undefined;
    let f0TestTensor: tf.Tensor2D | undefined;
    if (xt) {
      const cross = empiricalNtk(net, xt.tensor, x.tensor, budget ? { budget } : {});
      owned.push(cross);
      ntkTestTrain = await readMatrix64(cross, false);
      f0TestTensor = net.apply(net.params, xt.tensor);
      owned.push(f0TestTensor);
      f0Test =
        lazyScale === undefined
          ? Float64Array.from(await f0TestTensor.data())
          : new Float64Array(xt.tensor.shape[0]);
    }
    const f0 = net.apply(net.params, x.tensor);
    const f0Train =
      lazyScale === undefined ? Float64Array.from(await f0.data()) : new Float64Array(n);
    f0.dispose();

    const lin = linearizedModel({
      ntkTrain,
      f0Train,
      yTrain: y,
      learningRate: options.learningRate,
      lossNormalization,
      ...(ntkTestTrain && f0Test ? { ntkTestTrain, f0Test } : {}),
      ...(budget ? { budget } : {}),
    });
    const cache = new Map<number, LinearizedPrediction>();
    const linAt = (t: number) => {
      let p = cache.get(t);
      if (!p) {
        p = lin.at(t);
        cache.set(t, p);
      }
      return p;
    };
    const trajectory: LinearizationGapPoint[] = [];
    const run = await train(
      net,
      { X: x.tensor, y: yT.tensor },
      {
        steps,
        learningRate: options.learningRate,
        lossNormalization,
        measureEvery,
        measure: ['trainLoss'],
        ...(lazyScale !== undefined ? { lazyScale } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(budget ? { budget } : {}),
        measurements: {
          trainGap: async (ctx) => {
            const h = ctx.output(ctx.params, 'train');
            const values = await h.data();
            h.dispose();
            return rmsGap(values, linAt(ctx.step).train);
          },
          // Only with Xtest: without test points there is no test gap (the point says null).
          ...(xt && f0TestTensor
            ? {
                testGap: async (ctx: MeasurementContext) => {
                  const h = tf.tidy(() => {
                    const f = ctx.model.apply(ctx.params, xt.tensor);
                    return lazyScale === undefined ? f : tf.mul(tf.sub(f, f0TestTensor), lazyScale);
                  });
                  const values = await h.data();
                  h.dispose();
                  return rmsGap(values, linAt(ctx.step).test as Float64Array);
                },
              }
            : {}),
          linearizedTrainLoss: (ctx) => linAt(ctx.step).loss,
        },
        onProgress: (p: TrajectoryPoint, progress) => {
          const point: LinearizationGapPoint = {
            step: p.step,
            trainGap: p.trainGap as number,
            testGap: xt ? (p.testGap as number) : null,
            trainLoss: p.trainLoss as number,
            linearizedTrainLoss: p.linearizedTrainLoss as number,
          };
          trajectory.push(point);
          options.onProgress?.(point, progress);
        },
      },
    );
    let supTrainGap = 0;
    let supTestGap = 0;
    for (const p of trajectory) {
      supTrainGap = Math.max(supTrainGap, p.trainGap);
      supTestGap = Math.max(supTestGap, p.testGap ?? 0);
    }
    return {
      trajectory,
      supTrainGap,
      supTestGap: xt ? supTestGap : null,
      linearized: lin,
      train: run,
    };
  } finally {
    tf.dispose(owned);
  }
}
