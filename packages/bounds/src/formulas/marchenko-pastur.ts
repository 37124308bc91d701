import { assertNumber, assertPositive } from '@overparam/tensor';

function checkLaw(op: string, gamma: number, variance: number): void {
  assertPositive(op, 'gamma', gamma, 'the aspect ratio γ = p/n, e.g. 0.5');
  assertPositive(op, 'variance', variance, 'the entry variance s², e.g. 1');
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
  checkLaw('marchenkoPasturEdges', gamma, variance);
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
 * It integrates to min(1, 1/γ); the rest is the atom at 0. Evaluated in units of s² (u = x/s²,
 * density ρ₁(u)/s²) so that a tiny or huge s² neither underflows nor gives 0/0. x = ±Infinity
 * gives 0. Float64.
 *
 * @throws InvalidArgumentError for x NaN, γ ≤ 0 or s² ≤ 0.
 * @example
 * marchenkoPasturDensity(1, 0.25) // 0.6164… (= √(1.25·0.75)/(2π·0.25))
 */
export function marchenkoPasturDensity(x: number, gamma: number, variance = 1): number {
  const op = 'marchenkoPasturDensity';
  assertNumber(op, 'x', x, { allowInfinity: true }, 'the point where the density is evaluated');
  checkLaw(op, gamma, variance);
  const { lower, upper } = marchenkoPasturEdges(gamma, 1);
  const u = x / variance;
  if (!(u > lower && u < upper) || u <= 0) return 0;
  return Math.sqrt((upper - u) * (u - lower)) / (2 * Math.PI * gamma * u) / variance;
}

/**
 * Cumulative distribution F(x) of the Marchenko–Pastur law, atom included. The integral of the
 * density is taken in the angle x = c − h·cos θ (c, h the centre and half-width of the
 * support), where the integrand h²·sin²θ/(2π s²γ x) is smooth even at γ = 1; composite
 * Simpson with 512 panels (error far below 1e-10). x = −Infinity gives 0 and +Infinity 1.
 * Float64.
 *
 * @throws InvalidArgumentError for x NaN, γ ≤ 0 or s² ≤ 0.
 * @example
 * marchenkoPasturCdf(1, 1)  // 0.6090…;  marchenkoPasturCdf(10, 2) // 1
 */
export function marchenkoPasturCdf(x: number, gamma: number, variance = 1): number {
  const op = 'marchenkoPasturCdf';
  assertNumber(op, 'x', x, { allowInfinity: true }, 'the point where the CDF is evaluated');
  checkLaw(op, gamma, variance);
  // In units of s² (u = x/s²): F does not depend on s² otherwise, and nothing underflows.
  const { lower, upper, atom } = marchenkoPasturEdges(gamma, 1);
  const u = x / variance;
  if (u < 0) return 0;
  if (u <= lower) return atom;
  if (u >= upper) return 1;
  const c = (upper + lower) / 2;
  const h = (upper - lower) / 2;
  const theta = Math.acos(Math.min(1, Math.max(-1, (c - u) / h)));
  const f = (t: number): number => {
    const s = Math.sin(t);
    const xt = c - h * Math.cos(t);
    // At γ = 1 (c = h) x(0) = 0 and the quotient is 0/0; h²sin²θ/(h(1 − cos θ)) = h(1 + cos θ).
    const num = xt > 0 ? (h * h * s * s) / xt : h * (1 + Math.cos(t));
    return num / (2 * Math.PI * gamma);
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
 * in the cancellation-free form 2/(b + √(b² + 4γλ)) when b = 1 − γ + λ > 0, the square root as
 * hypot(b, 2√(γλ)) = D, and the derivative as m′ = m(γm + 1)/D (the same quotient: the
 * denominator 2γzm + z + γ − 1 equals −D). For γ > 1 the atom at 0 makes m ≈ (1 − 1/γ)/λ and
 * m′ ≈ (1 − 1/γ)/λ²: m′ overflows float64 to +Infinity below λ ≈ 1e-154·s² (and m below
 * λ ≈ 1e-308·s²); those are the only non-finite results. Float64.
 *
 * @throws InvalidArgumentError for λ ≤ 0, γ ≤ 0 or s² ≤ 0 (or any non-finite one).
 * @example
 * marchenkoPasturStieltjes(1, 0.5) // { m: 0.5616…, dm: 0.3489… }
 */
export function marchenkoPasturStieltjes(
  lambda: number,
  gamma: number,
  variance = 1,
): MarchenkoPasturStieltjes {
  const op = 'marchenkoPasturStieltjes';
  assertPositive(op, 'lambda', lambda, 'the point z = −λ < 0, e.g. 1');
  checkLaw(op, gamma, variance);
  const l = lambda / variance;
  const b = 1 - gamma + l;
  const root = Math.hypot(b, 2 * Math.sqrt(gamma * l));
  const m1 = b > 0 ? 2 / (b + root) : (root - b) / (2 * gamma * l);
  const dm1 = (m1 / root) * (gamma * m1 + 1);
  return { m: m1 / variance, dm: dm1 / variance / variance };
}
