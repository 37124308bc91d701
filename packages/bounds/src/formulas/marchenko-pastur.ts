import { InvalidArgumentError } from '@overparam/tensor';

function assertPositive(name: string, v: number): void {
  if (!(Number.isFinite(v) && v > 0)) {
    throw new InvalidArgumentError(name, v, `a finite number > 0; pass e.g. { ${name}: 0.5 }`);
  }
}

/** Edges and atom of the Marchenko–Pastur law (see {@link marchenkoPasturEdges}). */
export interface MarchenkoPasturEdges {
  /** λ₋ = s²(1 − √γ)². */
  lower: number;
  /** λ₊ = s²(1 + √γ)². */
  upper: number;
  /** Mass at 0: 1 − 1/γ when γ > 1, else 0. */
  atom: number;
}

/**
 * Support edges λ± = s²(1 ± √γ)² and the atom max(0, 1 − 1/γ) at 0 of the Marchenko–Pastur law:
 * the limit of the eigenvalue distribution of XᵀX/n for X n×p with i.i.d. entries of variance
 * s² and p/n → γ (Marchenko & Pastur 1967; Bai & Silverstein, Spectral Analysis of Large
 * Dimensional Random Matrices, 2010, Thm 3.6). Float64, closed form.
 *
 * @example
 * marchenkoPasturEdges(0.25) // { lower: 0.25, upper: 2.25, atom: 0 }
 */
export function marchenkoPasturEdges(gamma: number, variance = 1): MarchenkoPasturEdges {
  assertPositive('gamma', gamma);
  assertPositive('variance', variance);
  const r = Math.sqrt(gamma);
  return {
    lower: variance * (1 - r) ** 2,
    upper: variance * (1 + r) ** 2,
    atom: gamma > 1 ? 1 - 1 / gamma : 0,
  };
}

/**
 * Density of the continuous part of the Marchenko–Pastur law,
 * √((λ₊ − x)(x − λ₋))/(2π·s²·γ·x) on [λ₋, λ₊] and 0 outside (Bai & Silverstein 2010, Thm 3.6).
 * It integrates to min(1, 1/γ); the rest is the atom at 0. Float64.
 *
 * @example
 * marchenkoPasturDensity(1, 0.25) // 0.6164… (= √(1.25·0.75)/(2π·0.25))
 */
export function marchenkoPasturDensity(x: number, gamma: number, variance = 1): number {
  const { lower, upper } = marchenkoPasturEdges(gamma, variance);
  if (!(x > lower && x < upper) || x <= 0) return 0;
  return Math.sqrt((upper - x) * (x - lower)) / (2 * Math.PI * variance * gamma * x);
}

/**
 * Cumulative distribution F(x) of the Marchenko–Pastur law, atom included. The integral of the
 * density is taken in the angle x = c − h·cos θ (c, h the centre and half-width of the
 * support), where the integrand h²·sin²θ/(2π s²γ x) is smooth even at γ = 1; composite
 * Simpson with 512 panels (error far below 1e-10). Float64.
 *
 * @example
 * marchenkoPasturCdf(1, 1)  // 0.6090…;  marchenkoPasturCdf(10, 2) // 1
 */
export function marchenkoPasturCdf(x: number, gamma: number, variance = 1): number {
  const { lower, upper, atom } = marchenkoPasturEdges(gamma, variance);
  if (x < 0) return 0;
  if (x <= lower) return atom;
  if (x >= upper) return 1;
  const c = (upper + lower) / 2;
  const h = (upper - lower) / 2;
  const theta = Math.acos(Math.min(1, Math.max(-1, (c - x) / h)));
  const f = (t: number): number => {
    const s = Math.sin(t);
    const xt = c - h * Math.cos(t);
    // At γ = 1 (c = h) x(0) = 0 and the quotient is 0/0; h²sin²θ/(h(1 − cos θ)) = h(1 + cos θ).
    const num = xt > 0 ? (h * h * s * s) / xt : h * (1 + Math.cos(t));
    return num / (2 * Math.PI * variance * gamma);
  };
  const panels = 512;
  const step = theta / panels;
  let sum = f(0) + f(theta);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * step);
  return Math.min(1, atom + (sum * step) / 3);
}

/** The Stieltjes transform and its derivative at z = −λ (see {@link marchenkoPasturStieltjes}). */
export interface MarchenkoPasturStieltjes {
  /** m(−λ) = ∫ dμ(x)/(x + λ). */
  m: number;
  /** m′(−λ) = dm/dz at z = −λ = ∫ dμ(x)/(x + λ)². */
  dm: number;
}

/**
 * Stieltjes transform m(z) = ∫ dμ(x)/(x − z) of the Marchenko–Pastur law at z = −λ < 0, and its
 * derivative. For s² = 1 (https://overparam.dev/docs/theory/marchenko-pastur#stieltjes-transform; Hastie et al., Ann. Stat. 2022, §A):
 * m(−λ) = [−(1 − γ + λ) + √((1 − γ + λ)² + 4γλ)]/(2γλ), m′(z) = −(γm² + m)/(2γzm + z + γ − 1);
 * for variance s², m_{s²}(−λ) = m₁(−λ/s²)/s² and m′_{s²}(−λ) = m₁′(−λ/s²)/s⁴. The root is taken
 * in the cancellation-free form 2/(b + √(b² + 4γλ)) when b = 1 − γ + λ > 0. Float64.
 *
 * @example
 * marchenkoPasturStieltjes(1, 0.5) // { m: 0.5616…, dm: 0.3489… }
 */
export function marchenkoPasturStieltjes(
  lambda: number,
  gamma: number,
  variance = 1,
): MarchenkoPasturStieltjes {
  assertPositive('lambda', lambda);
  assertPositive('gamma', gamma);
  assertPositive('variance', variance);
  const l = lambda / variance;
  const b = 1 - gamma + l;
  const root = Math.sqrt(b * b + 4 * gamma * l);
  const m1 = b > 0 ? 2 / (b + root) : (root - b) / (2 * gamma * l);
  const z = -l;
  const dm1 = -(gamma * m1 * m1 + m1) / (2 * gamma * z * m1 + z + gamma - 1);
  return { m: m1 / variance, dm: dm1 / (variance * variance) };
}
