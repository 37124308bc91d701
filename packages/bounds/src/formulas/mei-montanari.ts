import {
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  InvalidArgumentError,
  OverparamError,
  type WorkBudget,
} from '@overparam/tensor';

/** Options of {@link meiMontanariFixedPoint}. */
export interface MeiMontanariFixedPointOptions {
  /** Damping ω of ν ← (1 − ω)ν + ω·F(ν), in (0, 1]. Default 0.5. */
  damping?: number;
  /** Stop when the relative change of (ν₁, ν₂) is below this, a number in (0, 1). Default 1e-14. */
  tolerance?: number;
  /** An integer in [1, 1e8]. Default 200,000. */
  maxIterations?: number;
  /** Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor (estimate: 20 flops per iteration). */
  budget?: WorkBudget;
}

/** The solution of the Mei–Montanari fixed point at ξ = i·√(ψ₁ψ₂λ̄). */
export interface MeiMontanariFixedPoint {
  /** Im ν₁ > 0 (Re ν₁ = 0 on the imaginary axis). */
  nu1Im: number;
  /** Im ν₂ > 0. */
  nu2Im: number;
  /** χ = ν₁ν₂ = −Im ν₁·Im ν₂ (real, < 0). */
  chi: number;
  iterations: number;
}

/** E₀, E₁, E₂ of Mei & Montanari (see {@link meiMontanariPolynomials}). */
export interface MeiMontanariPolynomials {
  E0: number;
  E1: number;
  E2: number;
}

/** Inputs of {@link meiMontanariRisk}. */
export interface MeiMontanariRiskParams {
  /** ψ₁ = N/d. */
  psi1: number;
  /** ψ₂ = n/d. */
  psi2: number;
  /** Ridge λ ≥ 0 of the penalty (Nλ/d)‖a‖²; 0 is the ridgeless (min-norm) limit. */
  lambda: number;
  /** ζ = μ₁/μ*. */
  zeta: number;
  /** μ*² (λ̄ = λ/μ*²). */
  muStar2: number;
  /** F₁², energy of the linear part of the target. */
  linearEnergy: number;
  /** F*², energy of the nonlinear part. */
  nonlinearEnergy: number;
  /** τ², noise variance. */
  noiseVariance: number;
}

/** What {@link meiMontanariRisk} returns. */
export interface MeiMontanariRisk extends MeiMontanariPolynomials {
  chi: number;
  /** B = E₁/E₀. */
  bias: number;
  /** V = E₂/E₀. */
  variance: number;
  /** F₁²B + (τ² + F*²)V + F*² (excess over the noise: the error against the noiseless target). */
  testError: number;
  /** 'fixed-point' (λ > 0) or 'ridgeless' (λ = 0, closed-form χ). */
  method: 'fixed-point' | 'ridgeless';
  iterations: number;
}

/** The fixed-point iteration did not converge within maxIterations. */
export class FixedPointNotConvergedError extends OverparamError {
  override readonly name = 'FixedPointNotConvergedError';
  constructor(
    readonly iterations: number,
    readonly change: number,
  ) {
    super(
      `the Mei–Montanari fixed point did not converge in ${iterations} iterations (last relative change ${change.toExponential(2)}); fix: lower the damping (e.g. 0.2) or raise maxIterations`,
    );
  }
}

/**
 * Solves the Mei–Montanari fixed point (CPAM 2022, Theorem 1; https://overparam.dev/docs/theory/rf-asymptotics#fixed-point) at
 * ξ = i·√(ψ₁ψ₂λ̄):
 *
 *   ν₁ = ψ₁/(−ξ − ν₂ − ζ²ν₂/(1 − ζ²ν₁ν₂)),  ν₂ = ψ₂/(−ξ − ν₁ − ζ²ν₁/(1 − ζ²ν₁ν₂)),  Im ν > 0.
 *
 * On the imaginary axis ν₁ = i·a, ν₂ = i·b with a, b > 0 (the map sends purely imaginary ν to
 * purely imaginary ν), so the damped iteration runs on the real pair (a, b):
 * a ← ψ₁/(s + b + ζ²b/(1 + ζ²ab)), b ← ψ₂/(s + a + ζ²a/(1 + ζ²ab)), s = |ξ|, started from
 * ν = i·ψ/(2s). χ = ν₁ν₂ = −ab. Float64. At most `maxIterations` iterations of ~20 flops,
 * checked against the work budget before the loop.
 *
 * @throws InvalidArgumentError for ψ or λ̄ not finite and > 0, ζ not finite, damping outside
 *   (0, 1], tolerance outside (0, 1) or maxIterations not an integer in [1, 1e8];
 *   FixedPointNotConvergedError; WorkBudgetError.
 * @example
 * meiMontanariFixedPoint({ psi1: 2, psi2: 3, zeta: 1.659, lambdaBar: 1.1 }).chi // -0.3659… (ReLU, λ = 0.1)
 */
export function meiMontanariFixedPoint(
  params: { psi1: number; psi2: number; zeta: number; lambdaBar: number },
  options: MeiMontanariFixedPointOptions = {},
): MeiMontanariFixedPoint {
  const op = 'meiMontanariFixedPoint';
  assertOptions(op, 'params', params, false);
  assertOptions(op, 'options', options);
  const { psi1, psi2, zeta, lambdaBar } = params;
  assertPositive(op, 'psi1', psi1, 'ψ₁ = N/d');
  assertPositive(op, 'psi2', psi2, 'ψ₂ = n/d');
  assertPositive(op, 'lambdaBar', lambdaBar, 'λ̄ = λ/μ*²');
  assertFinite(op, 'zeta', zeta, 'ζ = μ₁/μ*');
  // Defaults only for undefined: an explicit null is a bad option, refused by the checks below.
  const omega = options.damping === undefined ? 0.5 : options.damping;
  assertNumber(op, 'damping', omega, { min: 0, exclusiveMin: true, max: 1 }, 'e.g. 0.5');
  const tol = options.tolerance === undefined ? 1e-14 : options.tolerance;
  assertNumber(
    op,
    'tolerance',
    tol,
    { min: 0, exclusiveMin: true, max: 1, exclusiveMax: true },
    'e.g. 1e-14',
  );
  const maxIterations = options.maxIterations === undefined ? 200_000 : options.maxIterations;
  assertInteger(op, 'maxIterations', maxIterations, { min: 1, max: 1e8 }, 'e.g. 200000');
  assertWorkBudget(op, { flops: 20 * maxIterations }, options.budget, 'lower maxIterations');
  const z2 = zeta * zeta;
  const s = Math.sqrt(psi1 * psi2 * lambdaBar);
  let a = psi1 / (2 * s);
  let b = psi2 / (2 * s);
  let change = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    const d = 1 + z2 * a * b;
    const fa = psi1 / (s + b + (z2 * b) / d);
    const fb = psi2 / (s + a + (z2 * a) / d);
    change = (Math.abs(fa - a) + Math.abs(fb - b)) / (Math.abs(a) + Math.abs(b));
    a = (1 - omega) * a + omega * fa;
    b = (1 - omega) * b + omega * fb;
    if (change < tol) return { nu1Im: a, nu2Im: b, chi: -a * b, iterations: it };
  }
  throw new FixedPointNotConvergedError(maxIterations, change);
}

/**
 * χ in the ridgeless limit λ → 0 (Mei & Montanari 2022, ridgeless limit of Theorem 1;
 * https://overparam.dev/docs/theory/rf-asymptotics#ridgeless-limit), with ψ = min(ψ₁, ψ₂):
 * χ = −[(ψζ² − ζ² − 1) + √((ψζ² − ζ² − 1)² + 4ζ²ψ)]/(2ζ²). Float64.
 *
 * @example
 * meiMontanariRidgelessChi(2, 3, 1.659) // -1.2283… (ψ = 2)
 */
export function meiMontanariRidgelessChi(psi1: number, psi2: number, zeta: number): number {
  const op = 'meiMontanariRidgelessChi';
  assertPositive(op, 'psi1', psi1, 'ψ₁ = N/d');
  assertPositive(op, 'psi2', psi2, 'ψ₂ = n/d');
  assertFinite(op, 'zeta', zeta, 'ζ = μ₁/μ*');
  if (zeta === 0) {
    throw new InvalidArgumentError(
      'zeta',
      zeta,
      'ζ ≠ 0: the ridgeless χ divides by ζ² (μ₁ = 0)',
      op,
    );
  }
  const psi = Math.min(psi1, psi2);
  const z2 = zeta * zeta;
  const c = psi * z2 - z2 - 1;
  const root = Math.sqrt(c * c + 4 * z2 * psi);
  // −(c + root)/(2ζ²) loses digits when c ≪ 0; (c + root) = 4ζ²ψ/(root − c) there.
  const sum = c >= 0 ? c + root : (4 * z2 * psi) / (root - c);
  return -sum / (2 * z2);
}

/**
 * The polynomials E₀, E₁, E₂ in χ of Mei & Montanari (CPAM 2022, Theorem 1; https://overparam.dev/docs/theory/rf-asymptotics#test-error):
 *
 *   E₀ = −χ⁵ζ⁶ + 3χ⁴ζ⁴ + (ψ₁ψ₂ − ψ₁ − ψ₂ + 1)χ³ζ⁶ − 2χ³ζ⁴ − 3χ³ζ²
 *        + (ψ₁ + ψ₂ − 3ψ₁ψ₂ + 1)χ²ζ⁴ + 2χ²ζ² + χ² + 3ψ₁ψ₂χζ² − ψ₁ψ₂,
 *   E₁ = ψ₂χ³ζ⁴ − ψ₂χ²ζ² + ψ₁ψ₂χζ² − ψ₁ψ₂,
 *   E₂ = χ⁵ζ⁶ − 3χ⁴ζ⁴ + (ψ₁ − 1)χ³ζ⁶ + 2χ³ζ⁴ + 3χ³ζ² − (ψ₁ + 1)χ²ζ⁴ − 2χ²ζ² − χ².
 *
 * @throws InvalidArgumentError for χ, ζ not finite, ψ not finite and > 0, or a χ so large
 *   that a polynomial overflows float64 (|χ|⁵ζ⁶ beyond ~1e308).
 * @example
 * meiMontanariPolynomials(-1, 1, 1, 1) // { E0: 8, E1: -4, E2: -14 }
 */
export function meiMontanariPolynomials(
  chi: number,
  psi1: number,
  psi2: number,
  zeta: number,
): MeiMontanariPolynomials {
  const op = 'meiMontanariPolynomials';
  assertFinite(op, 'chi', chi, 'χ = ν₁ν₂ (negative)');
  assertPositive(op, 'psi1', psi1, 'ψ₁ = N/d');
  assertPositive(op, 'psi2', psi2, 'ψ₂ = n/d');
  assertFinite(op, 'zeta', zeta, 'ζ = μ₁/μ*');
  const z2 = zeta * zeta;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const c2 = chi * chi;
  const c3 = c2 * chi;
  const c4 = c3 * chi;
  const c5 = c4 * chi;
  const p = psi1 * psi2;
  const E0 =
    -c5 * z6 +
    3 * c4 * z4 +
    (p - psi1 - psi2 + 1) * c3 * z6 -
    2 * c3 * z4 -
    3 * c3 * z2 +
    (psi1 + psi2 - 3 * p + 1) * c2 * z4 +
    2 * c2 * z2 +
    c2 +
    3 * p * chi * z2 -
    p;
  const E1 = psi2 * c3 * z4 - psi2 * c2 * z2 + p * chi * z2 - p;
  const E2 =
    c5 * z6 -
    3 * c4 * z4 +
    (psi1 - 1) * c3 * z6 +
    2 * c3 * z4 +
    3 * c3 * z2 -
    (psi1 + 1) * c2 * z4 -
    2 * c2 * z2 -
    c2;
  if (!(Number.isFinite(E0) && Number.isFinite(E1) && Number.isFinite(E2))) {
    throw new InvalidArgumentError(
      'chi',
      chi,
      'a χ whose powers χ⁵ζ⁶ stay within float64 (the fixed point gives |χ| of order ψ)',
      op,
    );
  }
  return { E0, E1, E2 };
}

/**
 * The asymptotic test error of random-features ridge regression (Mei & Montanari, CPAM 2022,
 * Theorem 1; https://overparam.dev/docs/theory/rf-asymptotics#test-error): x and θ_j uniform on the sphere of radius √d, features
 * σ(⟨θ_j, x⟩/√d), penalty (Nλ/d)‖a‖², N/d → ψ₁, n/d → ψ₂, target with linear energy F₁²,
 * nonlinear energy F*² and noise τ²:
 *
 *   R → F₁²·E₁/E₀ + (τ² + F*²)·E₂/E₀ + F*²,
 *
 * with χ from the fixed point at λ̄ = λ/μ*² ({@link meiMontanariFixedPoint}) or, at λ = 0, the
 * ridgeless closed form ({@link meiMontanariRidgelessChi}). At λ = 0 and ψ₁ = ψ₂, E₀ = 0 and
 * the error is +∞ (the interpolation peak). R is the error against the noiseless target;
 * add τ² for the error on noisy test labels. Float64.
 *
 * @throws InvalidArgumentError for ψ ≤ 0, λ < 0, μ*² ≤ 0, negative energies (or any non-finite
 *   one), λ/μ*² beyond float64, or options that are not an options object (null included);
 *   FixedPointNotConvergedError; WorkBudgetError (options.budget).
 * @example
 * meiMontanariRisk({ psi1: 2, psi2: 3, lambda: 0.1, zeta: 1.659, muStar2: 0.0908,
 *   linearEnergy: 1, nonlinearEnergy: 1, noiseVariance: 0.09 }).testError // 1.6004…
 */
export function meiMontanariRisk(
  params: MeiMontanariRiskParams,
  options: MeiMontanariFixedPointOptions = {},
): MeiMontanariRisk {
  const op = 'meiMontanariRisk';
  assertOptions(op, 'params', params, false);
  // Checked here too: the ridgeless branch (λ = 0) never reaches the fixed point, which would
  // otherwise be the only place options are read.
  assertOptions(op, 'options', options);
  const { psi1, psi2, lambda, zeta, muStar2 } = params;
  assertPositive(op, 'psi1', psi1, 'ψ₁ = N/d');
  assertPositive(op, 'psi2', psi2, 'ψ₂ = n/d');
  assertNonNegative(op, 'lambda', lambda, 'the ridge λ (0: ridgeless)');
  assertPositive(op, 'muStar2', muStar2, 'μ*² of the activation');
  assertFinite(op, 'zeta', zeta, 'ζ = μ₁/μ*');
  assertNonNegative(op, 'linearEnergy', params.linearEnergy, 'F₁²');
  assertNonNegative(op, 'nonlinearEnergy', params.nonlinearEnergy, 'F*²');
  assertNonNegative(op, 'noiseVariance', params.noiseVariance, 'τ²');
  let chi: number;
  let iterations = 0;
  let method: MeiMontanariRisk['method'];
  if (lambda === 0) {
    chi = meiMontanariRidgelessChi(psi1, psi2, zeta);
    method = 'ridgeless';
  } else {
    const fp = meiMontanariFixedPoint({ psi1, psi2, zeta, lambdaBar: lambda / muStar2 }, options);
    chi = fp.chi;
    iterations = fp.iterations;
    method = 'fixed-point';
  }
  const { E0, E1, E2 } = meiMontanariPolynomials(chi, psi1, psi2, zeta);
  // E₀ = 0 only at the ridgeless peak ψ₁ = ψ₂ (exactly, or to rounding next to it).
  const peak = lambda === 0 && (psi1 === psi2 || E0 === 0);
  const bias = peak ? Number.POSITIVE_INFINITY : E1 / E0;
  const variance = peak ? Number.POSITIVE_INFINITY : E2 / E0;
  const energy = params.linearEnergy + params.noiseVariance + params.nonlinearEnergy;
  // At the peak 0·∞ must not give NaN: with no signal and no noise the fit is exact (0).
  const testError = peak
    ? energy > 0
      ? Number.POSITIVE_INFINITY
      : 0
    : params.linearEnergy * bias +
      (params.noiseVariance + params.nonlinearEnergy) * variance +
      params.nonlinearEnergy;
  return { chi, E0, E1, E2, bias, variance, testError, method, iterations };
}
