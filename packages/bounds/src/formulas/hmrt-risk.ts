import { InvalidArgumentError } from '@overparam/tensor';
import { marchenkoPasturStieltjes } from './marchenko-pastur.js';

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

function positive(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new InvalidArgumentError(
      name,
      v,
      `a finite number ${allowZero ? '≥ 0' : '> 0'}; pass e.g. { ${name}: 1 }`,
    );
  }
}

function effectiveNoise(model: HmrtModel): number {
  positive('gamma', model.gamma);
  positive('signal', model.signal, true);
  positive('noise', model.noise, true);
  positive('misspecification', model.misspecification ?? 0, true);
  return model.noise + (model.misspecification ?? 0);
}

/**
 * Limiting excess risk of the minimum-norm least-squares estimator β̂ = X⁺y for x ~ N(0, I_p),
 * y = ⟨x, β⟩ + ε, p/n → γ (Hastie, Montanari, Rosset & Tibshirani, Ann. Stat. 2022, Thm 1
 * (γ < 1) and Thm 2 (γ > 1, isotropic)): R = σ²γ/(1 − γ) for γ < 1, and
 * R = r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1; σ² → σ² + s² under misspecification (§5.1).
 * At γ = 1 the risk is +∞ (σ² > 0). Float64, closed form.
 *
 * @example
 * hmrtRidgelessRisk({ gamma: 2, signal: 1, noise: 0.25 }) // { risk: 0.75, bias: 0.5, variance: 0.25 }
 */
export function hmrtRidgelessRisk(model: HmrtModel): HmrtRisk {
  const s2 = effectiveNoise(model);
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
 * (then the risk decreases all the way to the null risk r² as γ → ∞).
 *
 * @example
 * hmrtOptimalGamma({ gamma: 2, signal: 4, noise: 1 }) // 2 (√SNR = 2)
 */
export function hmrtOptimalGamma(model: HmrtModel): number | null {
  const s2 = effectiveNoise(model);
  if (s2 === 0) return null;
  const snr = model.signal / s2;
  if (!(snr > 1)) return null;
  const r = Math.sqrt(snr);
  return r / (r - 1);
}

/**
 * Limiting excess risk of ridge regression β̂ = (XᵀX/n + λI)⁻¹Xᵀy/n for x ~ N(0, I_p),
 * β of norm r (isotropic prior or worst case over the sphere, which coincide here):
 * R(λ) = r²λ²·m′(−λ) + σ²γ·(m(−λ) − λ·m′(−λ)), m the Marchenko–Pastur Stieltjes transform
 * (HMRT 2022, Thm 5 and Cor. 5; https://overparam.dev/docs/theory/least-squares-risk#ridge-risk). σ² → σ² + s² under misspecification.
 * Float64, closed form via {@link marchenkoPasturStieltjes}.
 *
 * @example
 * hmrtRidgeRisk({ gamma: 2, signal: 1, noise: 0.25 }, 0.5).risk // 0.6404… (= R at λ* = σ²γ/r²)
 */
export function hmrtRidgeRisk(model: HmrtModel, lambda: number): HmrtRisk {
  const s2 = effectiveNoise(model);
  positive('lambda', lambda);
  const { m, dm } = marchenkoPasturStieltjes(lambda, model.gamma);
  const bias = model.signal * lambda * lambda * dm;
  const variance = s2 * model.gamma * (m - lambda * dm);
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
  const s2 = effectiveNoise(model);
  if (model.signal === 0) return null;
  return (s2 * model.gamma) / model.signal;
}
