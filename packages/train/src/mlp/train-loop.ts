// The update loop of train(): batches, gradient steps with momentum, batched read-back of the
// step losses, yields to the event loop (not exported from the package).
import { createRng } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainRecorder } from './train-measure.js';
import { learningRateAt, type ResolvedTrainOptions } from './train-options.js';
import type { TrainState } from './train-state.js';

/** Step losses are read back at least this often (and at every measured step). */
const LOSS_READ_EVERY = 16;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The SGD batch order: each call returns the next batch of indices, drawn without replacement
 * from a fresh permutation (Fisher–Yates on createRng(dataSeed)) each epoch. Full-batch GD
 * (batchSize = n) draws nothing and returns an empty batch, meaning "all points".
 */
function batchSampler(n: number, batchSize: number, dataSeed: number): () => Int32Array {
  const rng = batchSize < n ? createRng(dataSeed) : null;
  let order = new Int32Array(0);
  let cursor = n;
  return () => {
    if (!rng) return new Int32Array(0);
    if (cursor >= n) {
      order = new Int32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const tmp = order[i] as number;
        order[i] = order[j] as number;
        order[j] = tmp;
      }
      cursor = 0;
    }
    const batch = order.subarray(cursor, Math.min(cursor + batchSize, n));
    cursor += batch.length;
    return batch;
  };
}

/** The loss of step t's batch, θ_{t+1} and the new momentum buffer (empty without momentum). */
interface StepTensors {
  value: tf.Scalar;
  next: tf.Tensor[];
  velocity: tf.Tensor[];
}

/**
 * One update θ ← θ − η·v on the batch (all points when empty), v = ∇L_B (or βv + ∇L_B with
 * momentum), L_B the minibatch objective with normalization c·|B|/n.
 */
function gradientStep(
  s: TrainState,
  o: ResolvedTrainOptions,
  batch: Int32Array,
  velocity: readonly tf.Tensor[] | null,
  eta: number,
): StepTensors {
  const full = batch.length === 0;
  const c = o.lossNormalization;
  return tf.tidy(() => {
    const idx = full ? null : tf.tensor1d(batch, 'int32');
    const xb = idx ? tf.gather(s.X, idx) : s.X;
    const yb = idx ? tf.gather(s.Y, idx) : s.Y;
    const fb = idx && s.f0 ? tf.gather(s.f0, idx) : s.f0;
    const cb = full ? c : (c * batch.length) / s.n;
    const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => s.loss(ps, xb, yb, fb, cb))([
      ...s.model.params,
    ]);
    const v =
      o.momentum > 0
        ? grads.map((g, i) =>
            velocity ? tf.add(tf.mul(velocity[i] as tf.Tensor, o.momentum), g) : g,
          )
        : grads;
    const next = s.model.params.map((p, i) => tf.sub(p, tf.mul(v[i] as tf.Tensor, eta)));
    return { value: value as tf.Scalar, next, velocity: o.momentum > 0 ? v : [] };
  });
}

/**
 * Runs the T updates of train() on the model in place, measuring every `measureEvery` steps
 * through `recorder`, and writes each step's loss (times α²) into `losses`. Step losses are
 * read back in batches (every 16 steps and at every measured step), so the GPU queue stays full,
 * and a non-finite one throws the recorder's DivergenceError naming its exact step. Every tensor
 * the loop holds is disposed on any exit.
 */
export async function runTrainLoop(
  s: TrainState,
  o: ResolvedTrainOptions,
  recorder: TrainRecorder,
  losses: Float64Array,
): Promise<void> {
  const nextBatch = batchSampler(s.n, o.batchSize, o.dataSeed);
  // Tensors of a step not yet handed to the model, and the momentum buffer: disposed on any exit.
  let pending: tf.Tensor[] = [];
  let velocity: tf.Tensor[] | null = null;
  // Step losses not read back yet (steps firstUnread, firstUnread + 1, …).
  const unread: tf.Tensor[] = [];
  let firstUnread = 0;

  // Reading a loss back waits for the device; reading a batch of them at once keeps the GPU
  // queue full. Divergence is still located at its exact step.
  const readLosses = async (): Promise<void> => {
    if (unread.length === 0) return;
    const stacked = tf.stack(unread);
    tf.dispose(unread.splice(0));
    const values = await stacked.data();
    stacked.dispose();
    const first = firstUnread;
    firstUnread += values.length;
    for (let i = 0; i < values.length; i++) {
      const loss = s.alpha2 * (values[i] as number);
      if (!Number.isFinite(loss)) {
        throw await recorder.divergence(first + i, loss, learningRateAt(o, first + i));
      }
      losses[first + i] = loss;
    }
  };

  try {
    let lastYield = performance.now();
    for (let t = 0; t < o.steps; t++) {
      o.signal?.throwIfAborted();
      const eta = learningRateAt(o, t);
      const batch = nextBatch();
      const full = batch.length === 0;
      const step = gradientStep(s, o, batch, velocity, eta);
      pending = [...step.next, ...step.velocity];
      unread.push(step.value);
      const measured = t % o.measureEvery === 0;
      if (measured || unread.length >= LOSS_READ_EVERY) await readLosses();
      if (measured) await recorder.measure(t, full ? losses[t] : undefined);
      s.model.setParams(step.next);
      if (o.momentum > 0) {
        if (velocity) tf.dispose(velocity);
        velocity = step.velocity;
      }
      pending = [];
      if (performance.now() - lastYield >= o.yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    await readLosses();
  } finally {
    tf.dispose(unread);
    tf.dispose(pending);
    if (velocity) tf.dispose(velocity);
  }
}
