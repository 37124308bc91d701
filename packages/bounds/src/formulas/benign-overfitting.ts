import { InvalidArgumentError } from '@overparam/tensor';

/** The quantities of Bartlett, Long, Lugosi & Tsigler (2020) for one spectrum and sample size. */
export interface BenignOverfittingQuantities {
  /** r_k = Σ_{i>k} λ_i / λ_{k+1}, k = 0..p−1. */
  r: Float64Array;
  /** R_k = (Σ_{i>k} λ_i)² / Σ_{i>k} λ_i², k = 0..p−1. */
  R: Float64Array;
  /** k* = min{k ≥ 0 : r_k ≥ b·n}; null when no k < p qualifies. */
  kStar: number | null;
  /** r₀ = tr Σ/‖Σ‖, the effective rank that drives the bias term. */
  r0: number;
  /** k* / n (null without k*). */
  kRatio: number | null;
  /** n / R_{k*} (null without k*). */
  rRatio: number | null;
}

/**
 * Effective ranks and the critical index of benign overfitting (Bartlett, Long, Lugosi &
 * Tsigler, PNAS 2020, Definition 3 and Theorem 4; https://overparam.dev/docs/theory/benign-overfitting#critical-index): for covariance eigenvalues
 * λ₁ ≥ λ₂ ≥ … ≥ λ_p > 0, r_k = Σ_{i>k}λ_i/λ_{k+1}, R_k = (Σ_{i>k}λ_i)²/Σ_{i>k}λ_i² and
 * k* = min{k ≥ 0 : r_k ≥ b·n}. The min-norm interpolant's variance term is within constant
 * factors of σ²(k* / n + n / R_{k*}); b and those constants are universal but unspecified, so
 * `b` is the caller's choice and no numeric risk is returned. Suffix sums in float64.
 *
 * @example
 * const q = benignOverfitting([1, 1, 0.01, 0.01, 0.01, 0.01], { n: 3, b: 1 });
 * q.kStar  // 2 (r₀ = 2.04 and r₁ = 1.04 are < 3; r₂ = 4 ≥ 3)
 * q.kRatio // 0.6667 (= 2/3);  q.rRatio // 0.75 (R₂ = 4)
 */
export function benignOverfitting(
  eigenvalues: ArrayLike<number>,
  options: { n: number; b?: number },
): BenignOverfittingQuantities {
  const { n, b = 1 } = options;
  const p = eigenvalues.length;
  if (p === 0)
    throw new InvalidArgumentError('eigenvalues', [], 'a non-empty list of positive numbers');
  for (let i = 0; i < p; i++) {
    const v = eigenvalues[i]!;
    if (!(v > 0 && Number.isFinite(v))) {
      throw new InvalidArgumentError(`eigenvalues[${i}]`, v, 'a finite number > 0');
    }
    if (i > 0 && v > eigenvalues[i - 1]!) {
      throw new InvalidArgumentError(
        `eigenvalues[${i}]`,
        v,
        `≤ eigenvalues[${i - 1}] = ${eigenvalues[i - 1]} (sort the spectrum in decreasing order)`,
      );
    }
  }
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError('n', n, 'an integer ≥ 1');
  if (!(b > 0 && Number.isFinite(b))) throw new InvalidArgumentError('b', b, 'a finite number > 0');
  const r = new Float64Array(p);
  const R = new Float64Array(p);
  // Suffix sums from the smallest eigenvalue up, so small tails are summed first (less rounding).
  let s1 = 0;
  let s2 = 0;
  for (let k = p - 1; k >= 0; k--) {
    const v = eigenvalues[k]!;
    s1 += v;
    s2 += v * v;
    r[k] = s1 / v;
    R[k] = (s1 * s1) / s2;
  }
  let kStar: number | null = null;
  for (let k = 0; k < p; k++) {
    if (r[k]! >= b * n) {
      kStar = k;
      break;
    }
  }
  return {
    r,
    R,
    kStar,
    r0: r[0]!,
    kRatio: kStar === null ? null : kStar / n,
    rRatio: kStar === null ? null : n / R[kStar]!,
  };
}

/** Parameters of {@link spikedPowerSpectrum}. */
export interface SpikedPowerSpectrum {
  /** Dimension p. */
  p: number;
  /** Number s of spikes. */
  spikes: number;
  /** Value a of each spike. */
  spikeValue: number;
  /** Scale ε of the tail. */
  tailScale: number;
  /** Decay α of the tail: λ_{s+i} = ε·i^{−α} (α = 0: an isotropic tail). */
  alpha: number;
}

/**
 * A covariance spectrum with s spikes of size a over a tail ε·i^{−α}, i = 1..p − s, sorted in
 * decreasing order: the finite-dimensional family in which Bartlett et al. (2020, §3) show
 * benign overfitting (a few strong directions plus many weak ones that absorb the noise).
 *
 * @example
 * spikedPowerSpectrum({ p: 4, spikes: 1, spikeValue: 1, tailScale: 0.1, alpha: 0 }) // [1, 0.1, 0.1, 0.1]
 */
export function spikedPowerSpectrum(spec: SpikedPowerSpectrum): Float64Array {
  const { p, spikes, spikeValue, tailScale, alpha } = spec;
  if (!(Number.isInteger(p) && p >= 1)) throw new InvalidArgumentError('p', p, 'an integer ≥ 1');
  if (!(Number.isInteger(spikes) && spikes >= 0 && spikes <= p)) {
    throw new InvalidArgumentError('spikes', spikes, `an integer in [0, p = ${p}]`);
  }
  const out = new Float64Array(p);
  for (let i = 0; i < spikes; i++) out[i] = spikeValue;
  for (let i = spikes; i < p; i++) out[i] = tailScale * (i - spikes + 1) ** -alpha;
  return out.sort().reverse();
}
