import type * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from './mlp.js';

/**
 * The measurements {@link train} knows by name (pass them in `measure`):
 * - 'trainLoss': L(θ_t) = (1/(2c))·Σ_i (h(x_i) − y_i)² on the whole training set.
 * - 'testLoss': the same sum over the test set with the same c (needs Xtest, ytest).
 * - 'weightChange': ‖θ_t − θ₀‖/‖θ₀‖ over all parameters (θ₀: the parameters when train began).
 *   From θ₀ = 0 (a zero network): 0 while θ_t = 0, +Infinity once it moved (never NaN).
 * - 'weightDistance': ‖θ_t − θ₀‖ (absolute; lazy training keeps α·‖θ_t − θ₀‖ constant in α).
 * - 'ntkChange': ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F, the empirical NTK of f on the NTK points. With Θ̂₀ = 0
 *   (e.g. all weights zero): 0 while Θ̂_t = 0, +Infinity once it is not (never NaN).
 * - 'alignment': kernel–target alignment yᵀΘ̂_ty/(‖Θ̂_t‖_F‖y‖²) on the NTK points (https://overparam.dev/docs/theory/kernel-alignment#kernel-target-alignment);
 *   0 when Θ̂_t = 0 or y = 0 (kernelTargetAlignment's convention).
 * Here h is the trained output: f, or α·(f − f₀) with lazy scaling; the losses are the squared
 * loss of h itself, not divided by α² (the optimized objective is, see {@link MeasurementContext.loss}),
 * so they compare across α.
 */
export type BuiltinMeasurement =
  | 'trainLoss'
  | 'testLoss'
  | 'weightChange'
  | 'weightDistance'
  | 'ntkChange'
  | 'alignment';

/** What a {@link Measurement} sees at a measured step t (before the update of step t). */
export interface MeasurementContext {
  /** t: the number of updates done so far. */
  readonly step: number;
  /** The model being trained; `model.params` is θ_t. */
  readonly model: Mlp;
  /** θ_t (the same tensors as model.params; owned by the model, do not dispose). */
  readonly params: readonly tf.Tensor[];
  /** θ₀, the parameters when this run began (owned by the trainer, do not dispose). */
  readonly initialParams: readonly tf.Tensor[];
  /** Training inputs (n×d) and targets (n×k) as float32 tensors (owned by the trainer). */
  readonly X: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  /** Test inputs and targets, when given. */
  readonly Xtest: tf.Tensor2D | undefined;
  readonly ytest: tf.Tensor2D | undefined;
  /** c, the full-batch loss normalization. */
  readonly lossNormalization: number;
  /** η_t, the step size at this step (after the schedule). */
  readonly learningRate: number;
  /** η_t/c, the step that every stability threshold is stated for (https://overparam.dev/docs/theory/conventions#effective-step). */
  readonly effectiveStep: number;
  /** α when training is lazily scaled, else undefined. */
  readonly lazyScale: number | undefined;
  /**
   * The optimized full-batch objective L(params) = (1/(2c))·Σ(h(params; X) − y)²/α² (α = 1
   * without lazy scaling), as a tfjs function of a parameter list: differentiable by tf.grads, twice for
   * Hessian-vector products. Returns a scalar the caller disposes (call it inside tf.tidy).
   */
  loss(params: readonly tf.Tensor[]): tf.Scalar;
  /** The trained output h(params; ·) on the training or test inputs (n×k); caller disposes. */
  output(params: readonly tf.Tensor[], on: 'train' | 'test'): tf.Tensor2D;
  /**
   * The empirical NTK of f at θ_t on the NTK points (n_ntk × n_ntk), computed once per step and
   * shared by every measurement; owned by the trainer (do not dispose).
   */
  ntk(): tf.Tensor2D;
  /** The values measured so far at this step (built-ins first, then custom ones in order). */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * A custom measurement: a number computed from the state at a measured step, e.g. sharpness
 * λ_max(∇²L) by power iteration on Hessian-vector products of `ctx.loss`. Pass it to
 * {@link train} as `measurements: { name: fn }`; its values appear under that name in the
 * trajectory. It must not leave tensors behind (wrap tensor work in tf.tidy, dispose the rest).
 *
 * @example
 * const paramNorm: Measurement = async (ctx) => {
 *   const s = tf.tidy(() => tf.addN(ctx.params.map((p) => tf.sum(tf.square(p)))));
 *   const v = (await s.data())[0]; s.dispose(); return Math.sqrt(v);
 * };
 * await train(net, data, { steps: 100, learningRate: 0.5, measurements: { paramNorm } });
 */
export type Measurement = (ctx: MeasurementContext) => number | Promise<number>;

/** One measured step of a trajectory: `step` and one value per measurement name. */
export interface TrajectoryPoint {
  readonly step: number;
  readonly [name: string]: number;
}
