import { assertOptions, asVector, erf, InvalidArgumentError } from '@overparam/tensor';
import { type GaussianExpectationOptions, gaussianExpectation } from './gaussian-expectation.js';

/**
 * The activations known by name; any other is passed as a function. The spellings are those of
 * every package: @overparam/train's MlpActivation ('relu' | 'erf' | 'tanh' | 'linear') and
 * @overparam/kernels' fcKernel ('relu' | 'erf' | 'leakyRelu') use the same names for the same
 * functions. 'linear' is left out on purpose: it has no nonlinear part (μ*² = 0, ζ undefined).
 */
export type ActivationName = 'relu' | 'erf' | 'tanh';

/** The names of {@link ActivationName}, in one place (the order a form lists them). */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['relu', 'erf', 'tanh'];

/** An activation σ: a name, or a function with its kinks (points where it is not smooth). */
export type Activation =
  | ActivationName
  | { fn: (u: number) => number; kinks?: readonly number[]; label?: string };

/** The Gaussian moments of an activation (see {@link activationConstants}). */
export interface ActivationConstants {
  /** μ₀ = E σ(G). */
  mu0: number;
  /** μ₁ = E[G σ(G)]. */
  mu1: number;
  /** μ*² = E σ(G)² − μ₀² − μ₁² (the energy of σ beyond its linear part). */
  muStar2: number;
  /** ζ = μ₁/μ*. */
  zeta: number;
}

/**
 * The function and kinks of an activation: ReLU has a kink at 0; erf (tensor's float64 erf) and
 * tanh are smooth.
 *
 * @throws InvalidArgumentError for an unknown name or a malformed object (fn not a function,
 *   kinks not a list of finite numbers, label not a string).
 * @example
 * resolveActivation('relu').fn(-1) // 0
 */
export function resolveActivation(activation: Activation): {
  fn: (u: number) => number;
  kinks: readonly number[];
} {
  if (activation === 'relu') return { fn: (u) => Math.max(u, 0), kinks: [0] };
  if (activation === 'erf') return { fn: erf, kinks: [] };
  if (activation === 'tanh') return { fn: Math.tanh, kinks: [] };
  if (
    typeof activation === 'object' &&
    activation !== null &&
    typeof activation.fn === 'function'
  ) {
    const op = 'resolveActivation';
    const { fn, kinks, label } = activation;
    if (label !== undefined && typeof label !== 'string') {
      throw new InvalidArgumentError('activation.label', label, 'a string naming σ, or none', op);
    }
    // undefined means "no kinks"; null, a string or non-finite entries are refused here, so
    // the quadrature never sees them.
    if (kinks === undefined) return { fn, kinks: [] };
    const checked = asVector(op, 'activation.kinks', kinks, {
      allowEmpty: true,
      meaning: 'the points where σ is not smooth, e.g. [0] for ReLU',
    });
    return { fn, kinks: Array.from(checked) };
  }
  throw new InvalidArgumentError(
    'activation',
    activation,
    "'relu', 'erf', 'tanh' or { fn: (u) => number, kinks?: number[] }",
    'resolveActivation',
  );
}

/**
 * The Gaussian moments of an activation that enter random-features asymptotics
 * (Mei & Montanari, CPAM 2022, §2; https://overparam.dev/docs/theory/rf-asymptotics#activation-constants), with G ~ N(0, 1):
 * μ₀ = E σ(G), μ₁ = E[G σ(G)], μ*² = E σ(G)² − μ₀² − μ₁², ζ = μ₁/μ*.
 * By quadrature in float64 ({@link gaussianExpectation}): Gauss–Hermite for smooth σ,
 * piecewise Gauss–Legendre split at the kinks for ReLU or a function given with `kinks`.
 * ReLU has the closed forms μ₀ = 1/√(2π), μ₁ = 1/2, μ*² = 1/4 − 1/(2π).
 *
 * @throws InvalidArgumentError for an unknown activation, options that are not an options
 *   object (or a bad kinks, nodes or budget in it), or μ*² ≤ 0 (σ linear: no nonlinear part,
 *   ζ undefined).
 * @example
 * activationConstants('relu') // { mu0: 0.3989…, mu1: 0.5, muStar2: 0.0908…, zeta: 1.659… }
 */
export function activationConstants(
  activation: Activation,
  options: GaussianExpectationOptions = {},
): ActivationConstants {
  assertOptions('activationConstants', 'options', options);
  const { fn, kinks } = resolveActivation(activation);
  // options.kinks, when given (null included), replaces the activation's and is checked by
  // gaussianExpectation; so are options.nodes and options.budget.
  const opts = { ...options, kinks: options.kinks === undefined ? kinks : options.kinks };
  const mu0 = gaussianExpectation(fn, opts);
  const mu1 = gaussianExpectation((u) => u * fn(u), opts);
  const second = gaussianExpectation((u) => fn(u) ** 2, opts);
  const muStar2 = second - mu0 * mu0 - mu1 * mu1;
  if (!(muStar2 > 1e-12 * Math.max(second, 1e-300))) {
    throw new InvalidArgumentError(
      'activation',
      typeof activation === 'string' ? activation : (activation.label ?? 'function'),
      `a nonlinear σ: μ*² = E σ² − μ₀² − μ₁² is ${muStar2}, so σ is (numerically) affine and ζ = μ₁/μ* is undefined`,
      'activationConstants',
    );
  }
  return { mu0, mu1, muStar2, zeta: mu1 / Math.sqrt(muStar2) };
}
