// What one run of train() shares between its loop and its measurements: the data as tensors,
// θ₀, f₀ and the optimized objective (not exported from the package).
import * as tf from '@tensorflow/tfjs-core';
import type { Mlp } from './mlp.js';
import type { ResolvedTrainOptions } from './train-options.js';

/** The data of a run as float32 tensors (owned by the caller of {@link createTrainState}). */
export interface TrainTensors {
  /** n×d training inputs. */
  readonly X: tf.Tensor2D;
  /** n×k training targets. */
  readonly Y: tf.Tensor2D;
  readonly xTest: tf.Tensor2D | undefined;
  readonly yTest: tf.Tensor2D | undefined;
}

/** The state of one run of train(): its data, θ₀, f₀ and the objective. */
export interface TrainState extends TrainTensors {
  readonly model: Mlp;
  /** n, the number of training points. */
  readonly n: number;
  /** θ₀, copies of the parameters when the run began. */
  readonly initialParams: readonly tf.Tensor[];
  /** f(θ₀; X) and f(θ₀; Xtest) under lazy scaling (h = α(f − f₀)), else undefined. */
  readonly f0: tf.Tensor2D | undefined;
  readonly f0Test: tf.Tensor2D | undefined;
  /** α² (1 without lazy scaling): the reported losses are the objective times α². */
  readonly alpha2: number;
  /** h(ps; inputs): f, or α·(f − base) under lazy scaling. Call inside tf.tidy or dispose. */
  output(ps: readonly tf.Tensor[], inputs: tf.Tensor2D, base: tf.Tensor2D | undefined): tf.Tensor2D;
  /** The optimized objective (1/(2c))·Σ(h − y)²/α² on the given points, as a scalar tensor. */
  loss(
    ps: readonly tf.Tensor[],
    inputs: tf.Tensor2D,
    targets: tf.Tensor2D,
    base: tf.Tensor2D | undefined,
    c: number,
  ): tf.Scalar;
}

/**
 * Copies θ₀, computes f₀ under lazy scaling and builds the objective. The tensors it creates
 * are pushed onto `disposables`, for the caller to dispose when the run ends.
 */
export function createTrainState(
  model: Mlp,
  data: TrainTensors,
  o: ResolvedTrainOptions,
  disposables: tf.Tensor[],
): TrainState {
  const { X, xTest } = data;
  const alpha = o.lazyScale;
  const initialParams = model.params.map((p) => tf.clone(p));
  disposables.push(...initialParams);
  // f₀ on the training and test inputs, for lazy scaling: h = α(f(θ) − f(θ₀)).
  const f0 = alpha !== undefined ? model.apply(initialParams, X) : undefined;
  const f0Test = alpha !== undefined && xTest ? model.apply(initialParams, xTest) : undefined;
  if (f0) disposables.push(f0);
  if (f0Test) disposables.push(f0Test);

  const output = (ps: readonly tf.Tensor[], inputs: tf.Tensor2D, base: tf.Tensor2D | undefined) =>
    tf.tidy(() => {
      const f = model.apply(ps, inputs);
      return alpha !== undefined && base ? (tf.mul(tf.sub(f, base), alpha) as tf.Tensor2D) : f;
    });
  // The optimized objective (1/(2c))·Σ(h − y)²/α² (α = 1 without lazy scaling); the reported
  // losses are this times α², the squared loss of h itself, comparable across α.
  const alpha2 = (alpha ?? 1) ** 2;
  const loss = (
    ps: readonly tf.Tensor[],
    inputs: tf.Tensor2D,
    targets: tf.Tensor2D,
    base: tf.Tensor2D | undefined,
    c: number,
  ): tf.Scalar =>
    tf.tidy(() => {
      const r = tf.sub(output(ps, inputs, base), targets);
      return tf.div(tf.sum(tf.square(r)), 2 * c * alpha2) as tf.Scalar;
    });

  return {
    ...data,
    model,
    n: X.shape[0],
    initialParams,
    f0,
    f0Test,
    alpha2,
    output,
    loss,
  };
}
