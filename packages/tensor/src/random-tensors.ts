import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { assertFinite, assertNonNegative, assertOptions } from './input/assert.js';
import { assertWorkBudget, type WorkBudget } from './input/work-budget.js';
import { createRng, type Rng } from './rng.js';

/** Options of {@link randomNormal}. */
export interface RandomNormalOptions {
  /** Seed (integer in [0, 2^32)); required so that every result is reproducible. */
  seed: number;
  /** Stream within the seed, for independent draws from one seed. Default 0. */
  stream?: number;
  /** Mean of the normal. Default 0. */
  mean?: number;
  /** Standard deviation, a finite number ≥ 0. Default 1. */
  std?: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET: 2 GiB of memory at once). */
  budget?: WorkBudget;
}

/** Options of {@link randomUniform}. */
export interface RandomUniformOptions {
  /** Seed (integer in [0, 2^32)); required so that every result is reproducible. */
  seed: number;
  /** Stream within the seed, for independent draws from one seed. Default 0. */
  stream?: number;
  /** Lower end of [low, high). Default 0. */
  low?: number;
  /** Upper end of [low, high), greater than low. Default 1. */
  high?: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET: 2 GiB of memory at once). */
  budget?: WorkBudget;
}

// Work per entry, for the budget: a uniform is one xoshiro128** step pair and a scale (~10
// flops); a normal adds Box–Muller's log, sqrt and cos/sin (~40).
const UNIFORM_FLOPS = 10;
const NORMAL_FLOPS = 40;

/**
 * The number of entries of `shape`, checked before anything is allocated: an array of integers
 * ≥ 0, and 8 bytes per entry (the float32 samples on the host and the backend's copy) within
 * the work budget.
 */
function checkedSize(
  op: string,
  shape: unknown,
  flopsPerEntry: number,
  budget: WorkBudget | undefined,
): number {
  const expected = 'an array of non-negative integer dimensions, e.g. [100, 10]';
  if (!Array.isArray(shape)) throw new InvalidArgumentError('shape', shape, expected, op);
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new InvalidArgumentError('shape', shape, expected, op);
    n *= s;
  }
  assertWorkBudget(
    op,
    { bytes: 8 * n, flops: flopsPerEntry * n },
    budget,
    `shape [${shape.join(', ')}] has ${n} entries; draw fewer`,
  );
  return n;
}

/**
 * A float32 tensor of normal samples drawn on the CPU by {@link createRng}, so the same seed
 * gives the same tensor on every backend (tfjs's own seeded ops differ between backends).
 * Checked against the work budget (8 bytes and ~40 flops per entry) before it allocates.
 *
 * @throws InvalidArgumentError for a shape that is not an array of integers ≥ 0, options that
 *   are not an options object (they are required: the seed), a bad seed or stream, a mean that
 *   is not finite or a std that is not a finite number ≥ 0; WorkBudgetError for a shape over
 *   the budget.
 * @example
 * const x = randomNormal([2, 3], { seed: 1 }); // identical on cpu, wasm, webgl, webgpu
 */
export function randomNormal<R extends tf.Rank>(
  shape: readonly number[],
  options: RandomNormalOptions,
): tf.Tensor<R> {
  const op = 'randomNormal';
  return seededTensor(op, shape, NORMAL_FLOPS, options, ({ mean = 0, std = 1 }) => {
    assertFinite(op, 'mean', mean);
    assertNonNegative(op, 'std', std, 'the standard deviation');
    return (rng, out) => rng.fillNormal(out, mean, std);
  });
}

/**
 * What {@link randomNormal} and {@link randomUniform} share: the options object checked, then
 * `sampler` checks the distribution's parameters and returns the fill, then the shape and its
 * budget, then the seeded stream filling a float32 buffer of that size, returned as a tensor of
 * `shape`.
 */
function seededTensor<R extends tf.Rank, O extends RandomNormalOptions | RandomUniformOptions>(
  op: string,
  shape: readonly number[],
  flopsPerEntry: number,
  options: O,
  sampler: (options: O) => (rng: Rng, out: Float32Array) => Float32Array,
): tf.Tensor<R> {
  assertOptions(op, 'options', options, false);
  const fill = sampler(options);
  const { seed, stream = 0, budget } = options;
  const n = checkedSize(op, shape, flopsPerEntry, budget);
  const values = fill(createRng(seed, stream), new Float32Array(n));
  return tf.tensor(values, [...shape], 'float32') as tf.Tensor as tf.Tensor<R>;
}

/**
 * A float32 tensor of uniform samples on [low, high), the same on every backend. Checked
 * against the work budget (8 bytes and ~10 flops per entry) before it allocates.
 *
 * @throws InvalidArgumentError for a bad shape, options, seed or stream (as
 *   {@link randomNormal}), or low/high that are not finite numbers with high > low;
 *   WorkBudgetError for a shape over the budget.
 * @example
 * const u = randomUniform([1000], { seed: 7, low: 0, high: 2 * Math.PI });
 */
export function randomUniform<R extends tf.Rank>(
  shape: readonly number[],
  options: RandomUniformOptions,
): tf.Tensor<R> {
  const op = 'randomUniform';
  return seededTensor(op, shape, UNIFORM_FLOPS, options, ({ low = 0, high = 1 }) => {
    assertFinite(op, 'low', low);
    assertFinite(op, 'high', high);
    if (!(high > low)) {
      throw new InvalidArgumentError('high', high, `a number greater than low (${low})`, op);
    }
    return (rng, out) => rng.fillUniform(out, low, high);
  });
}
