import {
  assertWorkBudget,
  asTargetsTensor,
  InvalidArgumentError,
  type Owned,
  type TensorInput,
  type TensorTargetsInput,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertModel } from '../internal/assert-model.js';
import { assertObject } from '../internal/assert-object.js';
import { addWork, mlpSizes, ntkWork } from '../internal/mlp-work.js';
import { asModelInputs } from '../internal/model-inputs.js';
import type { TrajectoryPoint } from './measurement.js';
import type { Mlp } from './mlp.js';
import { runTrainLoop } from './train-loop.js';
import { createRecorder } from './train-measure.js';
import {
  learningRateAt,
  type ResolvedTrainOptions,
  resolveTrainOptions,
  type TrainOptions,
} from './train-options.js';
import { createTrainState, type TrainTensors } from './train-state.js';

/** Training (and optionally test) data of {@link train}. */
export interface TrainData {
  /** n×d training inputs. */
  X: TensorInput;
  /** n targets (one output) or n×k. */
  y: TensorTargetsInput;
  /** Test inputs and targets, for 'testLoss'. */
  Xtest?: TensorInput;
  ytest?: TensorTargetsInput;
}

/** Result of {@link train}. The model itself holds the trained parameters. */
export interface TrainResult {
  /** The measured steps, in order. */
  trajectory: TrajectoryPoint[];
  /**
   * The loss of every step's batch at θ_t, t = 0..T−1 (full-batch GD: L(θ_t)), as the squared
   * loss of h (with lazy scaling: not divided by α²).
   */
  losses: Float64Array;
  /** T. */
  steps: number;
  /** c of the full-batch loss. */
  lossNormalization: number;
  /** η_0/c, the effective step at step 0 (https://overparam.dev/docs/theory/conventions#effective-step). */
  effectiveStep: number;
}

/**
 * Trains an {@link Mlp} in place on the squared loss (https://overparam.dev/docs/theory/conventions#loss-normalization)
 *
 *   L(θ) = (1/(2c))·Σ_i (h(x_i; θ) − y_i)²,   h = f, or h = α·(f − f₀) with lazy scaling (loss/α²),
 *
 * by full-batch gradient descent with a finite step (default), SGD (batchSize < n), heavy-ball
 * momentum and an optional step-size schedule, measuring the trajectory every k steps:
 * losses, relative weight change ‖θ_t − θ₀‖/‖θ₀‖, the empirical NTK's relative change
 * ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F and kernel–target alignment ({@link BuiltinMeasurement}), plus any
 * custom {@link Measurement} (e.g. sharpness). Gradients: tfjs autodiff (tf.valueAndGrads) of
 * `model.apply`, float32 on the active backend.
 *
 * The loop is async: it reads the step losses back in batches (every 16 steps and at every
 * measured step, so the GPU queue stays full, yet a divergence is reported at the exact step
 * where the loss became non-finite) and yields to the event loop every `yieldEveryMs`, so a page
 * stays responsive; `signal` cancels it. Every tensor it creates is disposed (leak-checked in
 * the tests).
 *
 * @throws InvalidArgumentError for bad options or a model that is not an Mlp; ModelDisposedError
 *   for a disposed model; WorkBudgetError (before anything is allocated) when the run would
 *   exceed the work budget (see TrainOptions.budget), e.g. steps: 1e12; ShapeMismatchError for
 *   data of the wrong shape;
 *   DivergenceError naming the step at which the loss became non-finite (the model then holds
 *   the parameters of the step at which it was detected, at most 16 steps later: not finite);
 *   the signal's reason when aborted (the model holds θ_t).
 * @example
 * const net = createMlp({ inputDim: 2, width: 256, depth: 2, initSeed: 1 });
 * const run = await train(net, { X: [[1, 0], [0, 1], [1, 1]], y: [1, -1, 0] }, {
 *   steps: 200, learningRate: 1, measure: ['trainLoss', 'weightChange', 'ntkChange'],
 * });
 * run.trajectory.at(-1) // { step: 200, trainLoss: ~1e-6, weightChange: ~0.01, ntkChange: ~0.01 }
 */
export async function train(
  model: Mlp,
  data: TrainData,
  options: TrainOptions,
): Promise<TrainResult> {
  assertModel('train', 'model', model);
  const owned: Owned<tf.Tensor>[] = [];
  const disposables: tf.Tensor[] = [];
  try {
    const tensors = readTrainData(model, data, owned);
    const o = resolveTrainOptions(options, tensors.X.shape[0], tensors.xTest !== undefined);
    assertWorkBudget(
      'train',
      trainWork(model, o, tensors.X.shape[0], tensors.xTest?.shape[0] ?? 0),
      o.budget,
      'lower steps, the width or the number of points, or measure less often',
    );
    const state = createTrainState(model, tensors, o, disposables);
    const recorder = await createRecorder(state, o, disposables);
    const losses = new Float64Array(o.steps);
    await runTrainLoop(state, o, recorder, losses);
    o.signal?.throwIfAborted();
    await recorder.measure(o.steps, undefined);
    const lastLoss = recorder.trajectory.at(-1)?.trainLoss;
    if (lastLoss !== undefined && !Number.isFinite(lastLoss))
      throw await recorder.divergence(
        o.steps,
        lastLoss,
        learningRateAt(o, Math.max(o.steps - 1, 0)),
      );
    return {
      trajectory: recorder.trajectory,
      losses,
      steps: o.steps,
      lossNormalization: o.lossNormalization,
      effectiveStep: learningRateAt(o, 0) / o.lossNormalization,
    };
  } finally {
    tf.dispose(disposables);
    for (const t of owned) if (t.owned) t.tensor.dispose();
  }
}

/**
 * The work of a run (documented at TrainOptions.budget): the updates, the measured steps' losses
 * and NTKs, and the memory of the parameters, activations, losses and trajectory.
 */
function trainWork(model: Mlp, o: ResolvedTrainOptions, n: number, nTest: number) {
  const s = mlpSizes(model.layers, model.config.bias);
  const P = s.params;
  const k = model.config.outputs;
  const measured = Math.floor(Math.max(o.steps - 1, 0) / o.measureEvery) + 2;
  const needNtk = o.measure.includes('ntkChange') || o.measure.includes('alignment');
  const ntk = needNtk ? ntkWork(s, o.ntkPoints, o.ntkPoints, k, 4) : { flops: 0, bytes: 0 };
  const perMeasure = 2 * (n + nTest) * P + 4 * P + ntk.flops;
  return addWork(
    { flops: 6 * o.batchSize * P * o.steps, bytes: 24 * P + 16 * o.batchSize * (s.hidden + k) },
    { flops: measured * perMeasure, bytes: ntk.bytes },
    { bytes: 8 * o.steps + measured * 64 * (o.measure.length + o.measurements.length + 1) },
  );
}

/**
 * The data of {@link train} as float32 tensors, checked against the model (d columns, k outputs)
 * and each other; the tensors it creates are pushed onto `owned`.
 */
function readTrainData(model: Mlp, data: TrainData, owned: Owned<tf.Tensor>[]): TrainTensors {
  const op = 'train';
  assertObject(op, 'data', data, 'an object { X, y } (and optionally Xtest, ytest)');
  if ((data.Xtest === undefined) !== (data.ytest === undefined)) {
    throw new InvalidArgumentError(
      'data',
      'Xtest without ytest (or the reverse)',
      'both Xtest and ytest, or neither',
      op,
    );
  }
  const d = model.config.inputDim;
  const k = model.config.outputs;
  const x = asModelInputs(op, 'X', data.X, d);
  owned.push(x);
  const y = asTargetsTensor(op, 'y', data.y, { rows: x.tensor.shape[0], outputs: k });
  owned.push(y);
  if (data.Xtest === undefined || data.ytest === undefined) {
    return { X: x.tensor, Y: y.tensor, xTest: undefined, yTest: undefined };
  }
  const xt = asModelInputs(op, 'Xtest', data.Xtest, d);
  owned.push(xt);
  const yt = asTargetsTensor(op, 'ytest', data.ytest, { rows: xt.tensor.shape[0], outputs: k });
  owned.push(yt);
  return { X: x.tensor, Y: y.tensor, xTest: xt.tensor, yTest: yt.tensor };
}
