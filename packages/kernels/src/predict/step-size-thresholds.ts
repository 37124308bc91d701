import {
  asMatrix64,
  assertNonNegative,
  assertOptions,
  assertWorkBudget,
  eigvalsh,
  formatNumber,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  NotPositiveDefiniteError,
  type WorkBudget,
} from '@overparam/tensor';
import { type LossNormalization, resolveLossNormalization } from './loss-normalization.js';

/**
 * τ of the semi-definiteness check: Θ counts as indefinite when λ_min(Θ) < −τ·tr|Θ| (tr|Θ| the
 * sum of |Θ_ii|), the rule and default of @overparam/tensor's solvePsd: 1e-6 is ~16× the float32
 * rounding of a Gram matrix's entries (an NTK read back from a float32 backend passes), far
 * below any real negative eigenvalue.
 */
export const DEFAULT_INDEFINITE_TOLERANCE = 1e-6;

/** Options of {@link stepSizeThresholds}. */
export interface StepSizeThresholdsOptions {
  /** c in L = (1/(2c))·Σ(f − y)²: 'sum', 'mean' (default) or a number. */
  lossNormalization?: LossNormalization;
  /**
   * τ ≥ 0: Θ is rejected as indefinite (NotPositiveDefiniteError) when λ_min(Θ) < −τ·tr|Θ|.
   * Default 1e-6, as solvePsd.
   */
  indefiniteTolerance?: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET): ~4n³ flops, 16n² bytes. */
  budget?: WorkBudget;
}

/** Step-size thresholds of GD on a linearized model with tangent kernel Θ (n×n). */
export interface StepSizeThresholds {
  /** Smallest eigenvalue of Θ. */
  lambdaMin: number;
  /** Largest eigenvalue of Θ. */
  lambdaMax: number;
  /** The loss normalization c that turns effective steps η̃ = η/c into learning rates η. */
  lossNormalization: number;
  /** 2/λ_max: GD on the linearized model converges iff 0 < η̃ < this. */
  maxStableEffectiveStep: number;
  /** c·2/λ_max: the same threshold as a learning rate η. */
  maxStableLearningRate: number;
  /**
   * 2/(λ_min + λ_max): the step the Lee et al. (2019) closeness theorem assumes (η̃ below it);
   * it is also the step that minimizes the worst-case contraction max|1 − η̃λ|.
   */
  leeEffectiveStep: number;
  /** c·2/(λ_min + λ_max) as a learning rate η. */
  leeLearningRate: number;
}

/** Thresholds from eigenvalues already computed (ascending). */
export function thresholdsFromEigenvalues(values: Float64Array, c: number): StepSizeThresholds {
  const lambdaMin = values[0] as number;
  const lambdaMax = values[values.length - 1] as number;
  const maxStableEffectiveStep = 2 / lambdaMax;
  const leeEffectiveStep = 2 / (lambdaMin + lambdaMax);
  return {
    lambdaMin,
    lambdaMax,
    lossNormalization: c,
    maxStableEffectiveStep,
    maxStableLearningRate: c * maxStableEffectiveStep,
    leeEffectiveStep,
    leeLearningRate: c * leeEffectiveStep,
  };
}

/**
 * The step-size thresholds of gradient descent on the linearized model (https://overparam.dev/docs/theory/linearized-gd#stability; Lee et al.,
 * "Wide neural networks of any depth evolve as linear models under gradient descent", NeurIPS
 * 2019, Thm 2.1 and §2.3). With Θ the empirical NTK on the n training points and the squared loss
 * L = (1/(2c))·Σ(f − y)², one GD step maps the residual r = f(X) − y to (I − η̃Θ)r with the
 * effective step η̃ = η/c, so GD converges iff 0 < η̃ < 2/λ_max(Θ) and diverges along the top
 * eigenvector above it. The closeness of a wide network to its linearization is proved for
 * η̃ < 2/(λ_min + λ_max). Both are returned as effective steps and as learning rates η = c·η̃.
 * Eigenvalues in float64 on the CPU (eigvalsh); Θ must be symmetric.
 *
 * Θ must be positive semi-definite (a tangent kernel is JJᵀ): an eigenvalue below
 * −τ·tr|Θ| (τ = `indefiniteTolerance`, 1e-6, the rule of solvePsd) is not rounding, and the
 * thresholds of an indefinite "kernel" would be meaningless, so it is rejected.
 *
 * @throws NotSquareError / NotSymmetricError / NonFiniteError for a bad Θ; NotPositiveDefiniteError
 *   for an indefinite Θ (λ_min < −τ·tr|Θ|), naming λ_min; InvalidArgumentError for a bad
 *   lossNormalization or options, or a Θ whose largest eigenvalue is not positive (Θ = 0);
 *   WorkBudgetError for an n over the work budget.
 * @example
 * stepSizeThresholds([[1, 2], [2, 1]]) // throws NotPositiveDefiniteError: λ_min = −1 < −2e-6
 * stepSizeThresholds([[3, 1], [1, 3]], { lossNormalization: 'sum' })
 * // { lambdaMin: 2, lambdaMax: 4, maxStableEffectiveStep: 0.5, leeEffectiveStep: 0.333…, … }
 */
export function stepSizeThresholds(
  ntk: MatrixInput,
  options: StepSizeThresholdsOptions = {},
): StepSizeThresholds {
  const op = 'stepSizeThresholds';
  assertOptions(op, 'options', options);
  // Not checked for squareness here: eigvalsh throws NotSquareError, as documented.
  const K = asMatrix64(op, 'ntk', ntk);
  const c = resolveLossNormalization(op, options.lossNormalization, K.rows);
  const tolerance = readIndefiniteTolerance(op, options.indefiniteTolerance);
  const n = K.rows;
  assertWorkBudget(op, { flops: 4 * n ** 3, bytes: 16 * n * n }, options.budget, 'use a smaller Θ');
  const values = eigvalsh(K);
  assertPositiveSemiDefinite(op, 'ntk', values, K, tolerance);
  return thresholdsFromEigenvalues(values, c);
}

/** Checks an indefiniteTolerance option (default {@link DEFAULT_INDEFINITE_TOLERANCE}). */
export function readIndefiniteTolerance(op: string, value: number | undefined): number {
  const tolerance = value === undefined ? DEFAULT_INDEFINITE_TOLERANCE : value;
  assertNonNegative(op, 'indefiniteTolerance', tolerance, 'τ in λ_min < −τ·tr|Θ|, e.g. 1e-6');
  return tolerance;
}

/**
 * A tangent kernel's spectrum (ascending) must be that of a non-zero positive semi-definite
 * matrix: λ_min ≥ −τ·tr|Θ| (the solvePsd rule) and λ_max > 0.
 *
 * @throws NotPositiveDefiniteError for an indefinite Θ; InvalidArgumentError for λ_max ≤ 0.
 */
export function assertPositiveSemiDefinite(
  op: string,
  name: string,
  values: Float64Array,
  K: Matrix64,
  tolerance: number,
  requirePositiveTop = true,
): void {
  const n = K.rows;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += Math.abs(K.data[i * n + i] as number);
  const lambdaMin = values[0] as number;
  const limit = tolerance * trace;
  if (lambdaMin < -limit) {
    const error = new NotPositiveDefiniteError(op, name, 0, lambdaMin, 0, 0, 'λ_min');
    error.message =
      `${op}: ${name} is indefinite: its smallest eigenvalue is ${formatNumber(lambdaMin)} < ` +
      `−indefiniteTolerance·tr|${name}| = ${formatNumber(-limit)} (τ = ${tolerance}). A tangent kernel ` +
      `is positive semi-definite (JJᵀ): pass the NTK on the training points, symmetrized if it ` +
      'was computed in float32; or raise { indefiniteTolerance } if its errors are larger.';
    throw error;
  }
  if (requirePositiveTop) assertPositiveTop(op, values);
}

/** λ_max(Θ) must be positive for a threshold to exist. */
export function assertPositiveTop(op: string, values: Float64Array): void {
  const top = values[values.length - 1] as number;
  if (!(top > 0)) {
    throw new InvalidArgumentError(
      'λ_max(ntk)',
      top,
      'a positive largest eigenvalue: a tangent kernel is positive semi-definite and non-zero; ' +
        'check that ntk is JJᵀ on the training points',
      op,
    );
  }
}
