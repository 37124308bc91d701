import { asMatrix64, eigvalsh, InvalidArgumentError, type MatrixInput } from '@overparam/tensor';
import { type LossNormalization, resolveNormalization } from '../internal/loss-normalization.js';

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
 * @throws NotSquareError / NotSymmetricError / NonFiniteError for a bad Θ; InvalidArgumentError
 *   for a bad lossNormalization or a Θ whose largest eigenvalue is not positive.
 * @example
 * stepSizeThresholds([[3, 1], [1, 3]], { lossNormalization: 'sum' })
 * // { lambdaMin: 2, lambdaMax: 4, maxStableEffectiveStep: 0.5, leeEffectiveStep: 0.333…, … }
 */
export function stepSizeThresholds(
  ntk: MatrixInput,
  options: { lossNormalization?: LossNormalization } = {},
): StepSizeThresholds {
  const op = 'stepSizeThresholds';
  // Not checked for squareness here: eigvalsh throws NotSquareError, as documented.
  const K = asMatrix64(op, 'ntk', ntk);
  const c = resolveNormalization(op, options.lossNormalization ?? 'mean', K.rows);
  const values = eigvalsh(K);
  assertPositiveTop(op, values);
  return thresholdsFromEigenvalues(values, c);
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
