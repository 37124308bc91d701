import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  InvalidArgumentError,
  type WorkBudget,
} from '@overparam/tensor';
import { timesPow2 } from '../internal/float64.js';

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
 * `b` is the caller's choice and no numeric risk is returned. Suffix sums in float64, in units
 * of λ₁ scaled by a power of two (exact), so a spectrum of any magnitude (1e-300 … 1e300) gives
 * finite r_k and R_k; where a tail's Σλ_i² would underflow even so (λ_{k+1}/λ₁ < 1e-145), R_k
 * comes from sums relative to λ_{k+1} instead. One eigenvalue (p = 1) gives r₀ = R₀ = 1.
 * Work: 6p flops and 16p bytes (budget checked).
 *
 * @throws InvalidArgumentError for an empty, unsorted or non-positive spectrum, n not an
 *   integer ≥ 1 or b not a finite number > 0.
 * @example
 * const q = benignOverfitting([1, 1, 0.01, 0.01, 0.01, 0.01], { n: 3, b: 1 });
 * q.kStar  // 2 (r₀ = 2.04 and r₁ = 1.04 are < 3; r₂ = 4 ≥ 3)
 * q.kRatio // 0.6667 (= 2/3);  q.rRatio // 0.75 (R₂ = 4)
 */
export function benignOverfitting(
  eigenvalues: ArrayLike<number>,
  options: { n: number; b?: number; budget?: WorkBudget },
): BenignOverfittingQuantities {
  const op = 'benignOverfitting';
  assertOptions(op, 'options', options, false);
  const { n, b = 1 } = options;
  if (eigenvalues === null || typeof eigenvalues !== 'object' || !('length' in eigenvalues)) {
    throw new InvalidArgumentError('eigenvalues', eigenvalues, 'an array of positive numbers', op);
  }
  const p = eigenvalues.length;
  if (p === 0)
    throw new InvalidArgumentError('eigenvalues', [], 'a non-empty list of positive numbers', op);
  for (let i = 0; i < p; i++) {
    const v = eigenvalues[i]!;
    assertPositive(op, `eigenvalues[${i}]`, v, 'a covariance eigenvalue');
    if (i > 0 && v > eigenvalues[i - 1]!) {
      throw new InvalidArgumentError(
        `eigenvalues[${i}]`,
        v,
        `≤ eigenvalues[${i - 1}] = ${eigenvalues[i - 1]} (sort the spectrum in decreasing order)`,
        op,
      );
    }
  }
  assertInteger(op, 'n', n, { min: 1 }, 'the number of samples');
  assertPositive(op, 'b', b, 'the constant of k* = min{k : r_k ≥ b·n}');
  assertWorkBudget(op, { flops: 6 * p, bytes: 16 * p }, options.budget);
  const r = new Float64Array(p);
  const R = new Float64Array(p);
  // Units of λ₁ rounded to a power of two: scaling is exact, so the sums are those of the
  // spectrum itself, and nothing overflows (every scaled λ_i ≤ 2).
  const exponent = -Math.floor(Math.log2(eigenvalues[0]!));
  // Suffix sums from the smallest eigenvalue up, so small tails are summed first (less rounding);
  // t1, t2 are the same sums relative to the current λ_{k+1}, for tails whose squares underflow.
  let s1 = 0;
  let s2 = 0;
  let t1 = 0;
  let t2 = 0;
  let previous = 0;
  for (let k = p - 1; k >= 0; k--) {
    const raw = eigenvalues[k]!;
    const v = timesPow2(raw, exponent);
    s1 += v;
    s2 += v * v;
    const q = previous / raw;
    t1 = t1 * q + 1;
    t2 = t2 * q * q + 1;
    previous = raw;
    const safe = v > 2 ** -480;
    r[k] = safe ? s1 / v : t1;
    R[k] = safe ? (s1 * s1) / s2 : (t1 * t1) / t2;
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
  /** Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor (estimate: 30p flops, 8p bytes). */
  budget?: WorkBudget;
}

/**
 * A covariance spectrum with s spikes of size a over a tail ε·i^{−α}, i = 1..p − s, sorted in
 * decreasing order: the finite-dimensional family in which Bartlett et al. (2020, §3) show
 * benign overfitting (a few strong directions plus many weak ones that absorb the noise).
 * A tail value below the float64 range (a huge α) is 0, which benignOverfitting rejects.
 * Work budget: 30p flops and 8p bytes, checked before the array is allocated.
 *
 * @throws InvalidArgumentError for p not an integer ≥ 1, spikes not an integer in [0, p],
 *   a spike value or tail scale not finite and > 0, or α not finite and ≥ 0; WorkBudgetError
 *   for a p beyond the budget.
 * @example
 * spikedPowerSpectrum({ p: 4, spikes: 1, spikeValue: 1, tailScale: 0.1, alpha: 0 }) // [1, 0.1, 0.1, 0.1]
 */
export function spikedPowerSpectrum(spec: SpikedPowerSpectrum): Float64Array {
  const op = 'spikedPowerSpectrum';
  assertOptions(op, 'spec', spec, false);
  const { p, spikes, spikeValue, tailScale, alpha } = spec;
  assertInteger(op, 'p', p, { min: 1 }, 'the dimension');
  assertInteger(op, 'spikes', spikes, { min: 0, max: p }, 'the number of spikes, at most p');
  assertPositive(op, 'spikeValue', spikeValue, 'the spike eigenvalue a');
  assertPositive(op, 'tailScale', tailScale, 'the tail scale ε');
  assertNonNegative(op, 'alpha', alpha, 'the tail decay α');
  assertWorkBudget(op, { flops: 30 * p, bytes: 8 * p }, spec.budget, 'lower p');
  const out = new Float64Array(p);
  for (let i = 0; i < spikes; i++) out[i] = spikeValue;
  for (let i = spikes; i < p; i++) out[i] = tailScale * (i - spikes + 1) ** -alpha;
  return out.sort().reverse();
}
