import {
  assertInteger,
  assertOptions,
  assertWorkBudget,
  InvalidArgumentError,
  type WorkBudget,
} from '@overparam/tensor';

/** Options of {@link featureGrid}. */
export interface FeatureGridOptions {
  /** Number of training samples: the grid passes through N = n exactly. */
  n: number;
  /** Smallest N. */
  min: number;
  /** Largest N. */
  max: number;
  /** Number of grid points (fewer when rounding makes small N coincide). */
  points: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): 24·points bytes. */
  budget?: WorkBudget;
}

/**
 * Log-spaced feature counts from `min` to `max` that include the interpolation threshold N = n
 * exactly: geometric from min to n and from n to max, with as many points on each side as a
 * single geometric grid would put there, rounded to integers and without repeats. When n lies
 * outside [min, max] it is added as an end point.
 *
 * @throws InvalidArgumentError for sizes that are not integers ≥ 1 or max < min; WorkBudgetError
 *   for a number of points over the work budget.
 * @example
 * featureGrid({ n: 1000, min: 10, max: 10_000, points: 40 })
 * // [10, 12, 14, 17, 20, 24, …, 838, 1000, 1194, …, 8377, 10000] (40 points, ratio 10^(3/39))
 */
export function featureGrid(options: FeatureGridOptions): number[] {
  const op = 'featureGrid';
  assertOptions(op, 'options', options, false);
  const { n, min, max, points } = options;
  assertInteger(op, 'n', n, { min: 1 }, 'the number of training samples');
  assertInteger(op, 'min', min, { min: 1 }, 'the smallest N');
  assertInteger(op, 'max', max, { min: 1 }, 'the largest N');
  assertInteger(op, 'points', points, { min: 1 }, 'the number of grid points');
  if (max < min) throw new InvalidArgumentError('max', max, `≥ min (${min})`, op);
  assertWorkBudget(op, { bytes: 24 * points, flops: 20 * points }, options.budget, 'fewer points');
  const lo = Math.min(min, n);
  const hi = Math.max(max, n);
  if (points < 2 || lo === hi) return [...new Set([lo, n, hi])].sort((a, b) => a - b);
  // Index of n on the single geometric grid lo … hi, then one geometric segment on each side.
  const steps = points - 1;
  let k = Math.round((steps * Math.log(n / lo)) / Math.log(hi / lo));
  if (n > lo) k = Math.max(1, k);
  if (n < hi) k = Math.min(steps - 1, k);
  const values: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const v =
      i <= k
        ? k === 0
          ? n
          : n * (lo / n) ** ((k - i) / k)
        : n * (hi / n) ** ((i - k) / (steps - k));
    values.push(i === k ? n : Math.round(v));
  }
  return [...new Set(values)].sort((a, b) => a - b);
}
