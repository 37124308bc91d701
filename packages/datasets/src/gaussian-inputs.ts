import {
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asVector,
  createRng,
  type Matrix64,
  SEED_RANGE,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { DATASET_STREAMS } from './stream-ids.js';

/** The input distributions of {@link drawInputs}, in one place. */
export const INPUT_DISTRIBUTIONS = ['gaussian', 'sphere'] as const;

/** How inputs are drawn: N(0, I_d) or uniform on the sphere of radius √d. */
export type InputDistribution = (typeof INPUT_DISTRIBUTIONS)[number];

/** Options of {@link gaussianInputs}. */
export interface GaussianInputsOptions {
  /** Number of samples n. */
  n: number;
  /** Input dimension d. */
  d: number;
  dataSeed: number;
  /**
   * Covariance eigenvalues λ₁..λ_d of a diagonal Σ (x = Σ^{1/2} z). Default: identity.
   * Use a decaying spectrum for benign-overfitting experiments (Bartlett et al. 2020).
   */
  covariance?: VectorInput;
  /**
   * The createRng stream of `dataSeed` (different streams give independent draws). Default
   * `DATASET_STREAMS.inputs`; an explicit stream is passed to createRng as it is.
   */
  stream?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the draw: 8·n·d bytes and ~30·n·d flops (a normal costs a few dozen).
   */
  budget?: WorkBudget;
}

function checkSizes(
  op: string,
  n: number,
  d: number,
  dataSeed: number,
  stream: number,
  budget: WorkBudget | undefined,
): void {
  assertInteger(op, 'n', n, { min: 1 }, 'the number of samples');
  assertInteger(op, 'd', d, { min: 1 }, 'the input dimension');
  assertInteger(op, 'dataSeed', dataSeed, SEED_RANGE, 'a seed');
  assertInteger(op, 'stream', stream, SEED_RANGE, 'a createRng stream');
  assertWorkBudget(op, { bytes: 8 * n * d, flops: 30 * n * d }, budget, 'lower n or d');
}

/**
 * n samples x = Σ^{1/2} z with z ~ N(0, I_d) and diagonal Σ (float64, row-major n×d), drawn from
 * `createRng(dataSeed, stream)` (default stream `DATASET_STREAMS.inputs`).
 *
 * @throws InvalidArgumentError for n or d < 1, a bad seed, or a covariance that is not d
 *   finite eigenvalues ≥ 0; WorkBudgetError (before the draw) for n·d over the work budget.
 * @example
 * gaussianInputs({ n: 2, d: 3, dataSeed: 0 }).data.length // 6
 */
export function gaussianInputs(options: GaussianInputsOptions): Matrix64 {
  assertOptions('gaussianInputs', 'options', options, false);
  const { n, d, dataSeed, covariance, stream = DATASET_STREAMS.inputs, budget } = options;
  checkSizes('gaussianInputs', n, d, dataSeed, stream, budget);
  let scale: Float64Array | undefined;
  if (covariance !== undefined) {
    scale = asVector('gaussianInputs', 'covariance', covariance, {
      length: d,
      meaning: 'one eigenvalue per input dimension',
    });
    for (let j = 0; j < d; j++) {
      const v = scale[j] as number;
      assertNonNegative('gaussianInputs', `covariance[${j}]`, v, 'a covariance eigenvalue');
      scale[j] = Math.sqrt(v);
    }
  }
  const data = createRng(dataSeed, stream).fillNormal(new Float64Array(n * d));
  if (scale)
    for (let i = 0; i < n * d; i++) data[i] = (data[i] as number) * (scale[i % d] as number);
  return { rows: n, cols: d, data };
}

/** Options of {@link sphereInputs}. */
export interface SphereInputsOptions {
  /** Number of samples n. */
  n: number;
  /** Input dimension d. */
  d: number;
  dataSeed: number;
  /** Radius; default √d, the scaling of Mei & Montanari (2022). */
  radius?: number;
  /** The createRng stream of `dataSeed`, as in {@link gaussianInputs}. Default `DATASET_STREAMS.inputs`. */
  stream?: number;
  /** Overrides the work budget, as in {@link gaussianInputs}. */
  budget?: WorkBudget;
}

/**
 * n points uniform on the sphere of the given radius in R^d: the rows of
 * {@link gaussianInputs} (same seed and stream), normalized.
 *
 * @throws InvalidArgumentError for a radius that is not a finite number > 0, and the errors of gaussianInputs.
 * @example
 * const X = sphereInputs({ n: 10, d: 5, dataSeed: 1 }); // every row has norm √5
 */
export function sphereInputs(options: SphereInputsOptions): Matrix64 {
  assertOptions('sphereInputs', 'options', options, false);
  const { n, d, dataSeed, stream = DATASET_STREAMS.inputs, budget } = options;
  // d first: the default radius √d of a bad d would otherwise be reported as a bad radius.
  assertInteger('sphereInputs', 'd', d, { min: 1 }, 'the input dimension');
  const radius = options.radius === undefined ? Math.sqrt(d) : options.radius;
  assertPositive('sphereInputs', 'radius', radius, 'the sphere radius');
  const X = gaussianInputs({ n, d, dataSeed, stream, ...(budget ? { budget } : {}) });
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (X.data[i * d + j] as number) ** 2;
    const f = radius / Math.sqrt(s);
    for (let j = 0; j < d; j++) X.data[i * d + j] = (X.data[i * d + j] as number) * f;
  }
  return X;
}

/**
 * Draws inputs of either distribution: {@link gaussianInputs} or {@link sphereInputs}
 * (radius √d). An unknown distribution throws; it never falls back to a default.
 *
 * @throws InvalidArgumentError for an `input` other than 'gaussian' or 'sphere'.
 * @example
 * drawInputs('sphere', { n: 4, d: 3, dataSeed: 0 }).rows // 4
 * drawInputs('bogus' as 'sphere', { n: 4, d: 3, dataSeed: 0 }) // throws InvalidArgumentError: drawInputs: input is 'bogus'; expected one of 'gaussian', 'sphere'
 */
export function drawInputs(
  input: InputDistribution,
  options: { n: number; d: number; dataSeed: number; stream?: number; budget?: WorkBudget },
): Matrix64 {
  assertOneOf('drawInputs', 'input', input, INPUT_DISTRIBUTIONS);
  return input === 'sphere' ? sphereInputs(options) : gaussianInputs(options);
}
