import { assertBoolean, assertOneOf, assertOptions, resolveBudget } from '@overparam/tensor';
import { mlpHessianOperator } from './hessian-vector-product.js';
import type { Measurement } from './measurement.js';
import { hessianTopEigenvalue, resolvePowerSettings, type SharpnessOptions } from './sharpness.js';

/** Options of {@link sharpnessMeasurement}: the power iteration's, plus the scale. */
export interface SharpnessMeasurementOptions extends Omit<SharpnessOptions, 'start'> {
  /**
   * 'loss' (default): S = λ_max(∇²L) of the loss L = (1/(2c))·Σ(h − y)² that GD steps on with η,
   * to compare with 2/η (the scale {@link train}'s DivergenceError reads from a measurement named
   * 'sharpness'). 'effective': c·S, the sharpness of (1/2)·Σ(h − y)², to compare with 2/η̃ where
   * η̃ = η/c is the effective step every stability threshold is stated for (https://overparam.dev/docs/theory/conventions#effective-step). With c = 1 ('sum')
   * both are the same number.
   */
  scale?: 'loss' | 'effective';
  /**
   * Start each measurement from the previous one's eigenvector (kept on the CPU as Float32Arrays,
   * so nothing is left on the backend). Default true: along a trajectory the top eigenvector moves
   * slowly, so the tolerance is met after the minimum number of iterations.
   */
  warmStart?: boolean;
}

/**
 * A {@link Measurement} for {@link train} that records the sharpness λ_max(∇²L(θ_t)) of the
 * full-batch training loss at each measured step (Cohen, Kaur, Li, Kolter, Talwalkar, "Gradient
 * descent on neural networks typically occurs at the edge of stability", ICLR 2021; https://overparam.dev/docs/theory/sharpness#measuring-sharpness).
 * Hessian-vector products are exact, by Pearlmutter's R-operator written out for the MLP
 * ({@link mlpHessianOperator}; lazy scaling included), and λ_max comes from power iteration
 * ({@link hessianTopEigenvalue}: ≥ 20 products, tolerance `tol`, a shifted second pass if a
 * negative eigenvalue dominates). Register it (with scale 'loss') under the name 'sharpness' so
 * that a DivergenceError can quote the stable bound 2c/S; give an 'effective' one another name.
 *
 * On a quadratic, GD with step η diverges iff S > 2/η (equivalently c·S > 2/η̃); full-batch GD on
 * a network typically sharpens until S ≈ 2/η and then hovers there while the loss keeps falling,
 * non-monotonically.
 *
 * @throws InvalidArgumentError for bad options or scale (at creation); NonFiniteError from the
 *   power iteration when θ_t is not finite; WorkBudgetError (at a measured step) for a Hessian
 *   over the work budget (`budget`, see SharpnessOptions.budget).
 * @example
 * const run = await train(net, { X, y }, {
 *   steps: 300, learningRate: 0.1, lossNormalization: 'sum', measureEvery: 20,
 *   measurements: { sharpness: sharpnessMeasurement() },
 * });
 * run.trajectory.map((p) => p.sharpness) // rises to ≈ 2/η = 20 and hovers there
 */
export function sharpnessMeasurement(options: SharpnessMeasurementOptions = {}): Measurement {
  const op = 'sharpnessMeasurement';
  assertOptions(op, 'options', options);
  const { scale = 'loss', warmStart = true, ...power } = options;
  assertOneOf(op, 'scale', scale, ['loss', 'effective'] as const);
  assertBoolean(op, 'warmStart', warmStart);
  // Every option is checked here, at creation, not at the first measured step of a run.
  const settings = {
    ...resolvePowerSettings(op, power),
    ...(power.budget !== undefined ? { budget: power.budget } : {}),
  };
  if (power.budget !== undefined) resolveBudget(power.budget, op);
  let previous: Float32Array[] | undefined;
  return async (ctx) => {
    const H = mlpHessianOperator(ctx.model, ctx.X, ctx.y, {
      params: ctx.params,
      lossNormalization: ctx.lossNormalization,
      ...(power.budget !== undefined ? { budget: power.budget } : {}),
      ...(ctx.lazyScale !== undefined
        ? { lazyScale: ctx.lazyScale, initialParams: ctx.initialParams }
        : {}),
    });
    try {
      const result = await hessianTopEigenvalue((v) => H.apply(v), ctx.model.paramShapes, {
        ...settings,
        ...(warmStart && previous ? { start: previous } : {}),
      });
      previous = result.vector;
      return scale === 'loss' ? result.value : ctx.lossNormalization * result.value;
    } finally {
      H.dispose();
    }
  };
}
