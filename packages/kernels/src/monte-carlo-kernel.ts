import { InvalidArgumentError, type Matrix64, ShapeMismatchError } from '@overparam/tensor';
import { assertInteger } from './internal/validate.js';

/** Options of {@link monteCarloKernel}. */
export interface MonteCarloKernelOptions {
  /** Number of independent estimates to average (e.g. 100 networks). */
  samples: number;
}

/** Result of {@link monteCarloKernel}. */
export interface MonteCarloKernelResult {
  /** Entrywise mean of the estimates. */
  mean: Matrix64;
  /** Entrywise standard error of the mean, sd/√samples (0 for one sample). */
  stdError: Matrix64;
}

/**
 * Averages independent random estimates of a kernel matrix — the kernels of random
 * finite networks ({@link fcEmpiricalKernel}) or of random features
 * ({@link randomArcCosineFeatures}) — and reports the standard error of each entry, to check
 * an analytic limit within Monte-Carlo tolerance (theory.md §0: width 1024, ≥ 100 samples,
 * rtol ≈ 0.04). `estimate(s)` gets the sample index; derive its seed from it.
 * Welford's running mean and variance, float64.
 *
 * @throws InvalidArgumentError for samples < 1; ShapeMismatchError when estimates differ in shape.
 * @example
 * const { mean } = monteCarloKernel(
 *   (s) => fcEmpiricalKernel(X, undefined, { depth: 2, width: 1024, seed: s, wStd: Math.SQRT2 }).ntk,
 *   { samples: 100 },
 * );
 * relativeError(mean, fcKernel({ depth: 2, wStd: Math.SQRT2 }).f64(X).ntk) // ≈ 0.01
 */
export function monteCarloKernel(
  estimate: (sample: number) => Matrix64,
  options: MonteCarloKernelOptions,
): MonteCarloKernelResult {
  const { samples } = options;
  assertInteger('samples', samples, 1, 'the number of estimates to average (e.g. 100)');
  if (typeof estimate !== 'function') {
    throw new InvalidArgumentError(
      'estimate',
      typeof estimate,
      'a function (sample index) => Matrix64',
    );
  }
  let mean: Float64Array | null = null;
  let m2: Float64Array | null = null;
  let rows = 0;
  let cols = 0;
  for (let s = 0; s < samples; s++) {
    const K = estimate(s);
    if (mean === null || m2 === null) {
      rows = K.rows;
      cols = K.cols;
      mean = new Float64Array(rows * cols);
      m2 = new Float64Array(rows * cols);
    } else if (K.rows !== rows || K.cols !== cols) {
      throw new ShapeMismatchError(
        'monteCarloKernel',
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
