import { assertInteger, createRng } from '@overparam/tensor';
import { DATASET_STREAMS, SEED_RANGE } from './stream-ids.js';

/**
 * A seeded uniformly random permutation of 0..n−1 (Fisher–Yates with the uniforms of
 * `createRng(seed, DATASET_STREAMS.permutation)`).
 *
 * @throws InvalidArgumentError for n < 0 or a bad seed.
 * @example
 * permutation(5, 1) // the same order of 0..4 on every machine
 */
export function permutation(n: number, seed: number): Int32Array {
  assertInteger('permutation', 'n', n, { min: 0 }, 'the number of items');
  assertInteger('permutation', 'seed', seed, SEED_RANGE, 'a seed');
  const rng = createRng(seed, DATASET_STREAMS.permutation);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}
