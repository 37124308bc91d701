import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { createRng } from './rng.js';

/** Options of {@link randomNormal}. */
export interface RandomNormalOptions {
  /** Seed (integer in [0, 2^32)); required so that every result is reproducible. */
  seed: number;
  /** Stream within the seed, for independent draws from one seed. Default 0. */
  stream?: number;
  mean?: number;
  std?: number;
}

/** Options of {@link randomUniform}. */
export interface RandomUniformOptions {
  seed: number;
  stream?: number;
  low?: number;
  high?: number;
}

function size(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) {
      throw new InvalidArgumentError(
        'shape',
        shape,
        'non-negative integer dimensions, e.g. [100, 10]',
      );
    }
    n *= s;
  }
  return n;
}

/**
 * A float32 tensor of normal samples drawn on the CPU by {@link createRng}, so the same seed
 * gives the same tensor on every backend (tfjs's own seeded ops differ between backends).
 *
 * @example
 * const x = randomNormal([2, 3], { seed: 1 }); // identical on cpu, wasm, webgl, webgpu
 */
export function randomNormal<R extends tf.Rank>(
  shape: readonly number[],
  options: RandomNormalOptions,
): tf.Tensor<R> {
  const { seed, stream = 0, mean = 0, std = 1 } = options;
  if (!(std >= 0) || !Number.isFinite(mean)) {
    throw new InvalidArgumentError('std', std, 'a finite mean and std >= 0');
  }
  const values = createRng(seed, stream).fillNormal(new Float32Array(size(shape)), mean, std);
  return tf.tensor(values, [...shape], 'float32') as tf.Tensor as tf.Tensor<R>;
}

/**
 * A float32 tensor of uniform samples on [low, high), the same on every backend.
 *
 * @example
 * const u = randomUniform([1000], { seed: 7, low: 0, high: 2 * Math.PI });
 */
export function randomUniform<R extends tf.Rank>(
  shape: readonly number[],
  options: RandomUniformOptions,
): tf.Tensor<R> {
  const { seed, stream = 0, low = 0, high = 1 } = options;
  if (!(high > low)) {
    throw new InvalidArgumentError('high', high, `a number greater than low (${low})`);
  }
  const values = createRng(seed, stream).fillUniform(new Float32Array(size(shape)), low, high);
  return tf.tensor(values, [...shape], 'float32') as tf.Tensor as tf.Tensor<R>;
}
