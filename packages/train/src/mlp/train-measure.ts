// Measurement dispatch of train(): the built-in measurements, the custom ones, and the bound
// on η a DivergenceError quotes (not exported from the package).
import { kernelTargetAlignment } from '@overparam/kernels';
import { eigvalsh, InvalidArgumentError } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { DivergenceError } from '../errors/divergence-error.js';
import { empiricalNtk } from './empirical-ntk.js';
import type { BuiltinMeasurement, MeasurementContext, TrajectoryPoint } from './measurement.js';
import { learningRateAt, type ResolvedTrainOptions } from './train-options.js';
import type { TrainState } from './train-state.js';

/** Records the trajectory of a run and diagnoses its divergence. */
export interface TrainRecorder {
  /** The measured steps so far, in order. */
  readonly trajectory: TrajectoryPoint[];
  /**
   * Measures θ_t (before the update of step t) and reports it to onProgress. `stepLoss` is the
   * full-batch loss of step t when it was already read back (it then serves as 'trainLoss').
   */
  measure(t: number, stepLoss: number | undefined): Promise<void>;
  /**
   * The DivergenceError for a non-finite loss (or the named `quantity`) at step t with step size
   * η, with a bound on η when known.
   */
  divergence(t: number, loss: number, eta: number, quantity?: string): Promise<DivergenceError>;
}

/** One built-in measurement at a step: its value from the context and the step's loss. */
type BuiltinFn = (ctx: MeasurementContext, stepLoss: number | undefined) => Promise<number>;

async function scalar(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}

async function readMatrix(t: tf.Tensor2D) {
  const [rows, cols] = t.shape;
  return { rows, cols, data: Float64Array.from(await t.data()) };
}

/** ‖a − b‖² and ‖b‖² over parameter lists, read back. */
async function squaredDistances(
  a: readonly tf.Tensor[],
  b: readonly tf.Tensor[],
): Promise<[number, number]> {
  const both = tf.tidy(() =>
    tf.stack([
      tf.addN(a.map((p, i) => tf.sum(tf.square(tf.sub(p, b[i] as tf.Tensor))))),
      tf.addN(b.map((p) => tf.sum(tf.square(p)))),
    ]),
  );
  const [dist2, norm2] = await both.data();
  both.dispose();
  return [dist2 as number, norm2 as number];
}

/**
 * ‖x_t − x₀‖/‖x₀‖ with its limits at ‖x₀‖ = 0 (a zero network, a zero NTK): 0 when nothing
 * moved, +Infinity when something moved away from zero (the relative change is unbounded), never
 * the NaN of 0/0.
 */
function relativeChange(distance: number, base: number): number {
  if (base > 0) return distance / base;
  return distance === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/**
 * Prepares the measurements of a run: the NTK points, Θ̂₀ and its norm when an NTK measurement
 * is on, y on the NTK points for the alignment. Tensors it creates go onto `disposables`.
 */
export async function createRecorder(
  s: TrainState,
  o: ResolvedTrainOptions,
  disposables: tf.Tensor[],
): Promise<TrainRecorder> {
  const { model, n, X, Y, initialParams } = s;
  const c = o.lossNormalization;
  const ntkIdx = o.ntkPoints < n ? tf.range(0, o.ntkPoints, 1, 'int32') : undefined;
  const xNtk = ntkIdx ? tf.gather(X, ntkIdx) : X;
  const yNtk = ntkIdx ? tf.gather(Y, ntkIdx) : Y;
  if (ntkIdx) disposables.push(ntkIdx, xNtk, yNtk);
  const needNtk = o.measure.includes('ntkChange') || o.measure.includes('alignment');
  // The run's budget covers its NTKs (train checked their estimate with it).
  const budget = o.budget ? { budget: o.budget } : {};
  const ntk0 = needNtk
    ? empiricalNtk(model, xNtk, undefined, { params: initialParams, ...budget })
    : undefined;
  if (ntk0) disposables.push(ntk0);
  const ntk0Norm = ntk0 ? await scalar(tf.norm(ntk0)) : 0;
  const yNtk64 = o.measure.includes('alignment') ? await readMatrix(yNtk) : undefined;

  /**
   * A quantity of θ_t that must be finite (a test loss, ‖θ_t − θ₀‖², ‖Θ̂_t − Θ̂₀‖_F): when it is
   * not, the parameters have diverged (e.g. a dead ReLU layer keeps the training loss finite
   * while the weights grow past the float32 range), and the run ends with a DivergenceError
   * naming it. A non-finite training loss of the same step is left to train's own check.
   */
  const finite = async (ctx: MeasurementContext, quantity: string, value: number) => {
    const loss = ctx.values.trainLoss;
    if (Number.isFinite(value) || (loss !== undefined && !Number.isFinite(loss))) return value;
    throw await divergence(ctx.step, value, ctx.learningRate, quantity);
  };

  // resolveTrainOptions guarantees test data for 'testLoss'; Θ̂₀ and y_ntk exist when needed.
  const builtins: Record<BuiltinMeasurement, BuiltinFn> = {
    trainLoss: async (_, stepLoss) =>
      stepLoss ?? s.alpha2 * (await scalar(s.loss(model.params, X, Y, s.f0, c))),
    testLoss: async (ctx) =>
      finite(
        ctx,
        'test loss',
        s.alpha2 *
          (await scalar(
            s.loss(model.params, s.xTest as tf.Tensor2D, s.yTest as tf.Tensor2D, s.f0Test, c),
          )),
      ),
    weightChange: async (ctx) => {
      const [dist2, norm2] = await squaredDistances(model.params, initialParams);
      await finite(ctx, 'squared weight distance ‖θ_t − θ₀‖² (float32)', dist2);
      return relativeChange(Math.sqrt(dist2), Math.sqrt(norm2));
    },
    weightDistance: async (ctx) => {
      const [dist2] = await squaredDistances(model.params, initialParams);
      return Math.sqrt(await finite(ctx, 'squared weight distance ‖θ_t − θ₀‖² (float32)', dist2));
    },
    ntkChange: async (ctx) =>
      relativeChange(
        await finite(
          ctx,
          'NTK change ‖Θ̂_t − Θ̂₀‖_F (float32)',
          await scalar(tf.tidy(() => tf.norm(tf.sub(ctx.ntk(), ntk0 as tf.Tensor2D)))),
        ),
        ntk0Norm,
      ),
    alignment: async (ctx) =>
      kernelTargetAlignment(
        await readMatrix(ctx.ntk()),
        yNtk64 as Awaited<ReturnType<typeof readMatrix>>,
      ),
  };

  const trajectory: TrajectoryPoint[] = [];

  const measure = async (t: number, stepLoss: number | undefined): Promise<void> => {
    const values: Record<string, number> = {};
    let ntkT: tf.Tensor2D | undefined;
    const eta = learningRateAt(o, Math.min(t, Math.max(o.steps - 1, 0)));
    const ctx: MeasurementContext = {
      step: t,
      model,
      params: model.params,
      initialParams,
      X,
      y: Y,
      Xtest: s.xTest,
      ytest: s.yTest,
      lossNormalization: c,
      learningRate: eta,
      effectiveStep: eta / c,
      lazyScale: o.lazyScale,
      loss: (ps) => s.loss(ps, X, Y, s.f0, c),
      output: (ps, on) => {
        if (on === 'test') {
          if (!s.xTest)
            throw new InvalidArgumentError('on', on, "'train' (no test data was given)");
          return s.output(ps, s.xTest, s.f0Test);
        }
        return s.output(ps, X, s.f0);
      },
      ntk: () => {
        // tf.keep: a measurement may call this inside its own tf.tidy.
        ntkT ??= tf.keep(empiricalNtk(model, xNtk, undefined, budget));
        return ntkT;
      },
      values,
    };
    try {
      for (const name of o.measure) values[name] = await builtins[name](ctx, stepLoss);
      for (const [name, fn] of o.measurements) values[name] = await fn(ctx);
    } finally {
      ntkT?.dispose();
    }
    const point = { step: t, ...values } as TrajectoryPoint;
    trajectory.push(point);
    o.onProgress?.(point, { step: t, steps: o.steps });
  };

  const divergence = async (
    t: number,
    loss: number,
    eta: number,
    quantity?: string,
  ): Promise<DivergenceError> => {
    // A bound on η when one is known. GD with step η on L is stable near a minimum iff
    // η·λ_max(∇²L) < 2, so a measurement named 'sharpness' (S = λ_max(∇²L), as
    // sharpnessMeasurement reports it) gives η < 2/S; else the linearized model's threshold
    // η/c < 2/λ_max(Θ̂₀) (https://overparam.dev/docs/theory/linearized-gd#stability; ∇²L ≈ JᵀJ/c, with or without lazy scaling), exact only
    // when the NTK used all n points and there is one output.
    const last = trajectory.at(-1);
    const sharpness = last?.sharpness;
    if (sharpness !== undefined && sharpness > 0) {
      return new DivergenceError(
        t,
        loss,
        eta,
        c,
        2 / sharpness,
        `2/S with S = λ_max(∇²L) = ${sharpness.toPrecision(4)}, the sharpness at step ${last?.step}`,
        quantity,
      );
    }
    if (ntk0 && o.ntkPoints === n && model.config.outputs === 1) {
      const values = eigvalsh(await readMatrix(ntk0), { symmetryTolerance: 1e-5 });
      const lambda = values[values.length - 1] as number;
      // A zero Θ̂₀ gives no bound (2c/0): fall through to the error without one.
      if (lambda > 0)
        return new DivergenceError(
          t,
          loss,
          eta,
          c,
          (2 * c) / lambda,
          `2c/λ_max(Θ̂₀) with λ_max = ${lambda.toPrecision(4)}, the initial empirical NTK: the linearized model's threshold`,
          quantity,
        );
    }
    return new DivergenceError(t, loss, eta, c, undefined, '', quantity);
  };

  return { trajectory, measure, divergence };
}
