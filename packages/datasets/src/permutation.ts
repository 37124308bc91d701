import {
  assertInteger,
  assertOptions,
  assertWorkBudget,
  createRng,
  SEED_RANGE,
  type WorkBudget,
} from '@overparam/tensor';
import { DATASET_STREAMS } from './stream-ids.js';

/** Options of {@link permutation}. */
export interface PermutationOptions {
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): 4n bytes, 10n flops. */
  budget?: WorkBudget;
}

/**
 * A seeded uniformly random permutation of 0..n−1 (Fisher–Yates with the uniforms of
 * `createRng(seed, DATASET_STREAMS.permutation)`).
 *
 * @throws InvalidArgumentError for an n that is not an integer in [0, 2³¹ − 1] (NaN included)
 *   or a bad seed; WorkBudgetError for an n over the work budget.
 * @example
 * permutation(5, 1) // the same order of 0..4 on every machine
 * permutation(Number.NaN, 0) // throws InvalidArgumentError: permutation: n is NaN; expected an integer …
 */
export function permutation(n: number, seed: number, options: PermutationOptions = {}): Int32Array {
  const op = 'permutation';
  // Int32Array indices: n ≤ 2³¹ − 1.
  assertInteger(op, 'n', n, { min: 0, max: 2 ** 31 - 1 }, 'the number of items');
  assertInteger(op, 'seed', seed, SEED_RANGE, 'a seed');
  assertOptions(op, 'options', options);
  assertWorkBudget(op, { bytes: 4 * n, flops: 10 * n }, options.budget, 'lower n');
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
