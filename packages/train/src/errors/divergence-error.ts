import { formatNumber, OverparamError } from '@overparam/tensor';

/**
 * Training diverged: the loss became non-finite (NaN or ±Infinity), or a measured quantity of
 * the parameters did (`quantity`, e.g. the weight change once ‖θ_t − θ₀‖² overflows float32
 * while a dead ReLU layer keeps the loss finite). The message says at which
 * step, with which step size, and what to do: for the squared loss GD is stable on the
 * linearized model iff η/c < 2/λ_max(Θ) (https://overparam.dev/docs/theory/linearized-gd#stability) and on a quadratic iff η < 2/S with S =
 * λ_max(∇²L) the sharpness (https://overparam.dev/docs/theory/sharpness#quadratic-rule), so when either is known the error gives the bound on η.
 *
 * @example
 * await train(net, data, { steps: 100, learningRate: 50 });
 * // throws DivergenceError: the training loss became Infinity at step 12 (η = 50, c = 8, η/c = 6.25) ...
 */
export class DivergenceError extends OverparamError {
  override readonly name = 'DivergenceError';
  constructor(
    /** The step t at which L(θ_t) was first non-finite (θ_t: after t updates). */
    readonly step: number,
    /** The non-finite value: the training loss, or the quantity named by `quantity`. */
    readonly loss: number,
    /** η at that step (after any schedule). */
    readonly learningRate: number,
    /** The loss normalization c. */
    readonly lossNormalization: number,
    /**
     * An upper bound on η for stability when the trainer knew one: 2/S from a measurement named
     * 'sharpness' (S = λ_max(∇²L)), else 2c/λ_max(Θ̂₀) from the initial empirical NTK; else undefined.
     */
    readonly maxStableLearningRate: number | undefined,
    /** The formula and value behind `maxStableLearningRate`, for the message. */
    readonly boundSource = '',
    /** What became non-finite, for the message. Default 'training loss'. */
    readonly quantity = 'training loss',
  ) {
    const effective = learningRate / lossNormalization;
    const hint =
      maxStableLearningRate !== undefined
        ? `take η below ${formatNumber(maxStableLearningRate, 4)} (= ${boundSource})`
        : 'take a smaller η (halve it until training is stable; for the squared loss GD needs ' +
          "η/c < 2/λ_max, which measure: ['ntkChange'] or a sharpness measurement would report)";
    super(
      `the ${quantity} became ${loss} at step ${step} (η = ${formatNumber(learningRate, 4)}, c = ${formatNumber(lossNormalization, 4)}, ` +
        `η/c = ${formatNumber(effective, 4)}): gradient descent diverged; ${hint}.`,
    );
  }
}
