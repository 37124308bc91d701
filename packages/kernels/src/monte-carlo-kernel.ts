import {
  asMatrix64,
  assertFunction,
  assertInteger,
  assertNumber,
  assertOptions,
  assertWorkBudget,
  type Matrix64,
  type MatrixInput,
  resolveBudget,
  ShapeMismatchError,
  type WorkBudget,
} from '@overparam/tensor';
import { F64 } from './internal/work.js';

/** Options of {@link monteCarloKernel}. */
export interface MonteCarloKernelOptions {
  /** Number of independent estimates to average (e.g. 100 networks). */
  samples: number;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB). The averaging is
   * estimated from the first estimate's r×c shape, samples·r·c·(10 + c_est) flops with the
   * estimate's own cost c_est taken as `flopsPerSample` (default 0: only the averaging is
   * counted) and 24·r·c bytes, and checked before the second estimate is drawn.
   */
  budget?: WorkBudget;
  /** Flops of one call of `estimate`, if known, for the budget (e.g. N·n·d for random features). Default 0. */
  flopsPerSample?: number;
}

/** Result of {@link monteCarloKernel}. */
export interface MonteCarloKernelResult {
  /** Entrywise mean of the estimates. */
  mean: Matrix64;
  /** Entrywise standard error of the mean, sd/√samples (0 for one sample). */
  stdError: Matrix64;
}

/**
 * Averages independent random estimates of a kernel matrix — the Gram matrices of random
 * features ({@link randomArcCosineFeatures}) or the empirical kernels of random finite networks
 * (@overparam/train's `empiricalNtkF64`) — and reports the standard error of each entry, to
 * check an analytic limit within Monte-Carlo tolerance (https://overparam.dev/docs/theory/conventions#monte-carlo-tolerance: width 1024, ≥ 100
 * samples, rtol ≈ 0.04). `estimate(s)` gets the sample index s = 0, 1, …; derive its seed
 * from it. Each estimate is read by asMatrix64 (finite, the same shape as estimate 0).
 * Welford's running mean and variance, float64.
 *
 * One sample gives stdError 0 (no spread to measure), not NaN.
 *
 * @throws InvalidArgumentError for samples < 1, an estimate that is not a function or options
 *   that are not an object; ShapeMismatchError when estimates differ in shape; NonFiniteError for
 *   a NaN/±Infinity entry; WorkBudgetError when samples × the work per sample exceeds the budget
 *   (checked after the first estimate, when its size is known).
 * @example
 * const { mean } = monteCarloKernel(
 *   (s) => gram(randomArcCosineFeatures(X, { features: 1024, featureSeed: 100 + s }), { form: 'AAt' }),
 *   { samples: 32 },
 * );
 * relativeError(mean, arcCosineKernel({ order: 1 }).f64(X)) // ≈ 0.01
 */
export function monteCarloKernel(
  estimate: (sample: number) => MatrixInput,
  options: MonteCarloKernelOptions,
): MonteCarloKernelResult {
  const op = 'monteCarloKernel';
  assertFunction(op, 'estimate', estimate, 'from the sample index to a kernel matrix');
  assertOptions(op, 'options', options, false);
  const { samples, budget, flopsPerSample = 0 } = options;
  assertInteger(op, 'samples', samples, { min: 1 }, 'the number of estimates to average, e.g. 100');
  resolveBudget(budget, op);
  assertNumber(
    op,
    'flopsPerSample',
    flopsPerSample,
    { min: 0 },
    'the flops of one estimate, e.g. N·n·d',
  );
  let mean: Float64Array | null = null;
  let m2: Float64Array | null = null;
  let rows = 0;
  let cols = 0;
  for (let s = 0; s < samples; s++) {
    const K = asMatrix64(op, `estimate(${s})`, estimate(s));
    if (mean === null || m2 === null) {
      rows = K.rows;
      cols = K.cols;
      assertWorkBudget(
        op,
        { flops: samples * (10 * rows * cols + flopsPerSample), bytes: 3 * F64 * rows * cols },
        budget,
        'fewer samples, or a smaller matrix per estimate',
      );
      mean = new Float64Array(rows * cols);
      m2 = new Float64Array(rows * cols);
    } else if (K.rows !== rows || K.cols !== cols) {
      throw new ShapeMismatchError(
        op,
        `estimate ${s} is ${K.rows}×${K.cols}`,
        `${rows}×${cols} like estimate 0`,
      );
    }
    for (let k = 0; k < mean.length; k++) {
      const v = K.data[k] as number;
      const delta = v - (mean[k] as number);
      mean[k] = (mean[k] as number) + delta / (s + 1);
      m2[k] = (m2[k] as number) + delta * (v - (mean[k] as number));
    }
  }
  const se = (m2 as Float64Array).map((v) =>
    samples > 1 ? Math.sqrt(v / (samples - 1) / samples) : 0,
  );
  return { mean: { rows, cols, data: mean as Float64Array }, stdError: { rows, cols, data: se } };
}
