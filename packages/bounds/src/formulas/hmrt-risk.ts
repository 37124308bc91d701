import { assertNonNegative, assertOptions, assertPositive } from '@overparam/tensor';

/** Parameters of the isotropic linear model of Hastie, Montanari, Rosset & Tibshirani. */
export interface HmrtModel {
  /** γ = p/n. */
  gamma: number;
  /** Signal energy r² = ‖β‖². */
  signal: number;
  /** Noise variance σ². */
  noise: number;
  /**
   * Energy s² of an unobserved part of the signal (misspecification). It acts as extra noise:
   * σ² → σ² + s² (HMRT §5.1). Default 0.
   */
  misspecification?: number;
}

/** Asymptotic excess risk E⟨x₀, β̂ − β⟩² and its split into bias and variance. */
export interface HmrtRisk {
  risk: number;
  bias: number;
  variance: number;
}

function effectiveNoise(op: string, model: HmrtModel): number {
  assertOptions(op, 'model', model, false);
  assertPositive(op, 'gamma', model.gamma, 'γ = p/n, e.g. { gamma: 2 }');
  assertNonNegative(op, 'signal', model.signal, 'r² = ‖β‖², e.g. { signal: 1 }');
  assertNonNegative(op, 'noise', model.noise, 'σ², e.g. { noise: 0.25 }');
  // Default 0 for a key left out only: an explicit null is a bad input, not "no misspecification".
  const s2 = model.misspecification === undefined ? 0 : model.misspecification;
  assertNonNegative(op, 'misspecification', s2, 's², e.g. { misspecification: 0 }');
  return model.noise + s2;
}

/**
 * Limiting excess risk of the minimum-norm least-squares estimator β̂ = X⁺y for x ~ N(0, I_p),
 * y = ⟨x, β⟩ + ε, p/n → γ (Hastie, Montanari, Rosset & Tibshirani, Ann. Stat. 2022, Thm 1
 * (γ < 1) and Thm 2 (γ > 1, isotropic)): R = σ²γ/(1 − γ) for γ < 1, and
 * R = r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1; σ² → σ² + s² under misspecification (§5.1).
 * At γ = 1 the risk is +∞ when σ² + s² > 0 (the interpolation peak: the mathematical value,
 * not an overflow) and 0 otherwise. Float64, closed form.
 *
 * @throws InvalidArgumentError for γ ≤ 0 or negative r², σ², s² (or any non-finite one).
 * @example
 * hmrtRidgelessRisk({ gamma: 2, signal: 1, noise: 0.25 }) // { risk: 0.75, bias: 0.5, variance: 0.25 }
 */
export function hmrtRidgelessRisk(model: HmrtModel): HmrtRisk {
  const s2 = effectiveNoise('hmrtRidgelessRisk', model);
  const { gamma, signal } = model;
  if (gamma < 1) {
    const variance = (s2 * gamma) / (1 - gamma);
    return { risk: variance, bias: 0, variance };
  }
  if (gamma === 1) {
    const variance = s2 > 0 ? Number.POSITIVE_INFINITY : 0;
    return { risk: variance, bias: 0, variance };
  }
  const bias = signal * (1 - 1 / gamma);
  const variance = s2 / (gamma - 1);
  return { risk: bias + variance, bias, variance };
}

/**
 * The over-parameterized minimizer of the ridgeless risk, γ* = √SNR/(√SNR − 1) with
 * SNR = r²/(σ² + s²), which exists when SNR > 1 (HMRT 2022, §3, after Thm 2); null otherwise
 * (then the risk decreases all the way to the null risk r² as γ → ∞), and null when
 * σ² + s² = 0.
 *
 * @example
 * hmrtOptimalGamma({ gamma: 2, signal: 4, noise: 1 }) // 2 (√SNR = 2)
 */
export function hmrtOptimalGamma(model: HmrtModel): number | null {
  const s2 = effectiveNoise('hmrtOptimalGamma', model);
  if (s2 === 0) return null;
  const snr = model.signal / s2;
  if (!(snr > 1)) return null;
  const r = Math.sqrt(snr);
  return r / (r - 1);
}

/**
 * The pieces of the ridge risk at penalty λ for γ: the bias factor λ²m′ and the variance
 * σ²γ(m − λm′) for the effective noise σ² = `s2`, each in a form that subtracts no two nearly
 * equal numbers. With b = 1 − γ + λ, c = γ − 1 + λ and D = √(b² + 4γλ) (hypot, so
 * no overflow), the Marchenko–Pastur m = m(−λ) solves γλm² + bm − 1 = 0, so
 *   λm = (D − b)/(2γ) = 2λ/(D + b),                m′ = m(γm + 1)/D,
 *   λ²m′ = λm·(γ·λm + λ)/D,                          m − λm′ = m·(D − c)/(2D),
 * and D² − c² = 4λ gives D − c = 4λ/(D + c). Taking, in each case, the branch without a
 * cancellation:
 *   b ≤ 0 (γ ≥ 1 + λ):   m − λm′ = (D − b)/(γD(D + c)),
 *   b > 0, c > 0:        m − λm′ = 4λ/(D(D + b)(D + c)),
 *   c ≤ 0 (γ ≤ 1 − λ):   m − λm′ = (D − c)/(D(D + b)).
 * The textbook form m − λm′ subtracts two numbers of size (1 − 1/γ)/λ for γ > 1 and loses
 * every digit below λ ≈ 1e-8 (it returned −63.5 at γ = 2, λ = 1e-18).
 */
function ridgePieces(
  gamma: number,
  lambda: number,
  signal: number,
  s2: number,
): { bias: number; variance: number } {
  if (Math.max(gamma, lambda) > SCALED_ABOVE) return scaledRidgePieces(gamma, lambda, signal, s2);
  const b = 1 - gamma + lambda;
  const c = gamma - 1 + lambda;
  const D = Math.hypot(b, 2 * sqrtProduct(gamma, lambda));
  const lm = b > 0 ? (2 * lambda) / (D + b) : (D - b) / (2 * gamma);
  let varianceFactor: number;
  if (b <= 0) varianceFactor = (D - b) / D / (gamma * (D + c));
  else if (c > 0) varianceFactor = (4 * lambda) / D / ((D + b) * (D + c));
  else varianceFactor = (D - c) / D / (D + b);
  const biasFactor = (lm * (gamma * lm + lambda)) / D;
  return {
    bias: biasPart(signal, biasFactor, lm, (gamma * lm + lambda) / D),
    variance: s2 * gamma * varianceFactor,
  };
}

/**
 * r²·λ²m′ = r²·λm·(γλm + λ)/D: r² times the factor, unless the factor left the normal range
 * (λ²m′ ~ 1e-600 at γ = 0.5, λ = 1e-300), where r² (up to 1e300) multiplies λm first so that
 * a representable bias is not rounded to 0.
 */
function biasPart(signal: number, biasFactor: number, lm: number, rest: number): number {
  return biasFactor >= MIN_NORMAL ? signal * biasFactor : signal * lm * rest;
}

/** The smallest normal float64, 2^−1022. */
const MIN_NORMAL = 2 ** -1022;
/**
 * Up to this γ or λ every product above ((D + b)(D + c) ~ 16·max², γ(D + c)) stays in float64;
 * beyond it {@link scaledRidgePieces} works in units of a power of two.
 */
const SCALED_ABOVE = 2 ** 256;

/** √(γλ), from the product when it is a normal float64, else as √γ·√λ (no overflow to ∞ or underflow to 0). */
function sqrtProduct(gamma: number, lambda: number): number {
  const p = gamma * lambda;
  return p >= MIN_NORMAL && p < Number.POSITIVE_INFINITY
    ? Math.sqrt(p)
    : Math.sqrt(gamma) * Math.sqrt(lambda);
}

/**
 * {@link ridgePieces} for γ or λ above 2^256, in units of k = 2^⌊log₂ max(γ, λ)⌋: with
 * γ′ = γ/k, λ′ = λ/k, b′ = b/k, c′ = c/k and D′ = D/k (all exact: k is a power of two), λm and
 * the bias factor are unchanged (they are ratios), and the variance factor times γ is
 *   b ≤ 0:         (D′ − b′)/(D′(D′ + c′))/k,
 *   b > 0, c > 0:  4γ′λ′/(D′(D′ + b′)(D′ + c′))/k,
 *   c ≤ 0:         γ′(D′ − c′)/(D′(D′ + b′)),
 * so that no intermediate overflows: at γ = λ = r² = 1e300 the textbook pieces are ∞/∞ (NaN),
 * while the risk is r²·1 + σ²/(4·1e300).
 */
function scaledRidgePieces(
  gamma: number,
  lambda: number,
  signal: number,
  s2: number,
): { bias: number; variance: number } {
  const k = 2 ** Math.floor(Math.log2(Math.max(gamma, lambda)));
  const g = gamma / k;
  const l = lambda / k;
  const b = (1 - gamma) / k + l;
  const c = (gamma - 1) / k + l;
  const D = Math.hypot(b, 2 * (sqrtProduct(gamma, lambda) / k));
  const lm = b > 0 ? (2 * l) / (D + b) : (D - b) / (2 * g);
  let gammaVarianceFactor: number;
  if (b <= 0) gammaVarianceFactor = (D - b) / D / (D + c) / k;
  else if (c > 0) gammaVarianceFactor = (4 * g * l) / D / ((D + b) * (D + c)) / k;
  else gammaVarianceFactor = (g * (D - c)) / D / (D + b);
  const rest = (g * lm + l) / D;
  return { bias: biasPart(signal, lm * rest, lm, rest), variance: s2 * gammaVarianceFactor };
}

/**
 * Limiting excess risk of ridge regression β̂ = (XᵀX/n + λI)⁻¹Xᵀy/n for x ~ N(0, I_p),
 * β of norm r (isotropic prior or worst case over the sphere, which coincide here):
 * R(λ) = r²λ²·m′(−λ) + σ²γ·(m(−λ) − λ·m′(−λ)), m the Marchenko–Pastur Stieltjes transform
 * (HMRT 2022, Thm 5 and Cor. 5; https://overparam.dev/docs/theory/least-squares-risk#ridge-risk). σ² → σ² + s² under misspecification.
 *
 * Evaluated in a cancellation-free closed form (with b = 1 − γ + λ, c = γ − 1 + λ,
 * D = √(b² + 4γλ): λm = (D − b)/(2γ) = 2λ/(D + b), λ²m′ = λm(γλm + λ)/D and
 * m − λm′ = m(D − c)/(2D) with D − c = 4λ/(D + c)), so the risk is finite, ≥ 0 and accurate
 * to rounding for every λ > 0 down to the smallest float64 (and, past γ or λ = 2^256, in units
 * of a power of two, so γ = λ = 1e300 gives r², not NaN), and tends to
 * {@link hmrtRidgelessRisk} as λ → 0 (at γ = 1 it grows like σ²/(2√λ)). Float64.
 *
 * @throws InvalidArgumentError for λ ≤ 0, γ ≤ 0 or negative r², σ², s² (or any non-finite one).
 * @example
 * hmrtRidgeRisk({ gamma: 2, signal: 1, noise: 0.25 }, 0.5).risk   // 0.6404… (= R at λ* = σ²γ/r²)
 * hmrtRidgeRisk({ gamma: 2, signal: 1, noise: 0.25 }, 1e-18).risk // 0.75 (the ridgeless limit)
 */
export function hmrtRidgeRisk(model: HmrtModel, lambda: number): HmrtRisk {
  const op = 'hmrtRidgeRisk';
  const s2 = effectiveNoise(op, model);
  assertPositive(op, 'lambda', lambda, 'the ridge penalty λ; use hmrtRidgelessRisk for λ → 0');
  const { bias, variance } = ridgePieces(model.gamma, lambda, model.signal, s2);
  return { risk: bias + variance, bias, variance };
}

/**
 * The optimal ridge penalty λ* = (σ² + s²)γ/r² (HMRT 2022, Thm 5: the Bayes-optimal penalty
 * for an isotropic prior); null when r² = 0 (then λ → ∞ is optimal).
 *
 * @example
 * hmrtOptimalLambda({ gamma: 2, signal: 1, noise: 0.25 }) // 0.5
 */
export function hmrtOptimalLambda(model: HmrtModel): number | null {
  const s2 = effectiveNoise('hmrtOptimalLambda', model);
  if (model.signal === 0) return null;
  return (s2 * model.gamma) / model.signal;
}
