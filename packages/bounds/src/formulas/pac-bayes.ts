import { InvalidArgumentError } from '@overparam/tensor';

function probability(name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new InvalidArgumentError(name, v, 'a number in [0, 1]');
}

/**
 * Binary relative entropy kl(p‖q) = p·log(p/q) + (1 − p)·log((1 − p)/(1 − q)), with 0·log 0 = 0;
 * +∞ when q ∈ {0, 1} and p ≠ q. Float64.
 *
 * @example
 * binaryKl(0.5, 0.5) // 0
 * binaryKl(0, 0.5)   // 0.6931… (= log 2)
 */
export function binaryKl(p: number, q: number): number {
  probability('p', p);
  probability('q', q);
  let out = 0;
  if (p > 0) out += q === 0 ? Number.POSITIVE_INFINITY : p * Math.log(p / q);
  if (p < 1) out += q === 1 ? Number.POSITIVE_INFINITY : (1 - p) * Math.log((1 - p) / (1 - q));
  return out;
}

/**
 * The upper inverse of the binary kl: kl⁻¹(p, B) = sup{q ∈ [p, 1] : kl(p‖q) ≤ B}
 * (Langford & Seeger 2001; Dziugaite & Roy, UAI 2017, §3). kl(p‖·) increases on [p, 1) and
 * tends to +∞ at 1 (for p < 1), so the supremum is found by bisection on [p, 1]: 200 halvings
 * or until the bracket stops shrinking in float64, keeping the side where kl ≤ B, so the result
 * never overstates the confidence. B = 0 gives p; p = 1 gives 1; B = +∞ gives 1.
 *
 * @example
 * klInverseUpper(0.028, 0.0940) // 0.1609…
 * klInverseUpper(0, Math.log(2)) // 0.5
 */
export function klInverseUpper(p: number, bound: number): number {
  probability('p', p);
  if (!(bound >= 0)) throw new InvalidArgumentError('bound', bound, 'a number ≥ 0 (a kl budget)');
  if (p === 1 || bound === Number.POSITIVE_INFINITY) return 1;
  if (bound === 0) return p;
  let lo = p;
  let hi = 1;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (binaryKl(p, mid) <= bound) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A diagonal Gaussian posterior N(w, diag s) against an isotropic prior N(w₀, λI). */
export interface GaussianKlInput {
  /** Posterior mean w. */
  mean: ArrayLike<number>;
  /** Posterior variances s_i (> 0). */
  variances: ArrayLike<number>;
  /** Prior mean w₀ (data-independent, e.g. the random initialization). */
  priorMean: ArrayLike<number>;
  /** Prior variance λ (> 0). */
  priorVariance: number;
}

/**
 * KL(Q‖P) for Q = N(w, diag s), P = N(w₀, λI) in P dimensions (Dziugaite & Roy 2017, eq. (6)):
 * ½[Σs_i/λ + ‖w − w₀‖²/λ − P + P·log λ − Σ log s_i]. Float64.
 *
 * @example
 * gaussianKl({ mean: [1], variances: [1], priorMean: [0], priorVariance: 1 }) // 0.5
 */
export function gaussianKl(input: GaussianKlInput): number {
  const { mean, variances, priorMean, priorVariance: lambda } = input;
  const P = mean.length;
  if (variances.length !== P || priorMean.length !== P) {
    throw new InvalidArgumentError(
      'variances/priorMean',
      `${variances.length}/${priorMean.length} entries`,
      `${P} entries each, like mean`,
    );
  }
  if (!(lambda > 0 && Number.isFinite(lambda))) {
    throw new InvalidArgumentError('priorVariance', lambda, 'a finite number > 0');
  }
  let trace = 0;
  let dist = 0;
  let logDet = 0;
  for (let i = 0; i < P; i++) {
    const s = variances[i]!;
    if (!(s > 0 && Number.isFinite(s))) {
      throw new InvalidArgumentError(`variances[${i}]`, s, 'a finite number > 0');
    }
    trace += s;
    dist += (mean[i]! - priorMean[i]!) ** 2;
    logDet += Math.log(s);
  }
  return 0.5 * (trace / lambda + dist / lambda - P + P * Math.log(lambda) - logDet);
}

/** Inputs of {@link pacBayesBound}. */
export interface PacBayesBoundInput {
  /** Training-set size m. */
  m: number;
  /** KL(Q‖P). */
  kl: number;
  /** Empirical error ê(Q) of the posterior on the training set (or its sampled estimate). */
  empiricalError: number;
  /** Grid index j ≥ 1 of the prior variance λ = c·e^{−j/b}. */
  j: number;
  /** Grid resolution b (default 100). */
  b?: number;
  /** Grid top c (default 0.1). */
  c?: number;
  /** Confidence δ of the PAC-Bayes bound (default 0.025). */
  delta?: number;
  /** Weight samples N used to estimate ê; 0 means ê is exact (default 0). */
  samples?: number;
  /** Confidence δ' of the sampling bound (default 0.01). */
  deltaPrime?: number;
}

/** What {@link pacBayesBound} returns. */
export interface PacBayesBoundResult {
  /** The prior variance λ = c·e^{−j/b}. */
  lambda: number;
  /** The union term 2·log(b·log(c/λ)) = 2·log j. */
  unionTerm: number;
  /** The confidence term log(π²m/(6δ)). */
  confidenceTerm: number;
  /** The kl budget B = [KL + union + confidence]/(m − 1). */
  budget: number;
  /** The upper bound on ê(Q) from the sampled estimate, kl⁻¹(ê_N, log(2/δ')/N); ê itself when N = 0. */
  empiricalBound: number;
  /** The bound on the true error: kl⁻¹(empiricalBound, B). Holds with probability ≥ 1 − δ − δ' (1 − δ when N = 0). */
  bound: number;
}

/**
 * The PAC-Bayes bound of Dziugaite & Roy (UAI 2017, eq. (7) and §4; https://overparam.dev/docs/theory/pac-bayes#bound): with
 * probability ≥ 1 − δ over the sample, for every posterior Q and every prior N(w₀, λI) with
 * λ = c·e^{−j/b} on the grid, kl(ê(Q)‖e(Q)) ≤ [KL(Q‖P) + 2·log(b·log(c/λ)) + log(π²m/(6δ))]/(m − 1),
 * so e(Q) ≤ kl⁻¹(ê, B). When ê is estimated from N weight samples, it is first bounded by
 * kl⁻¹(ê_N, log(2/δ')/N) (Langford & Caruana 2002), with probability ≥ 1 − δ'. Float64.
 *
 * @example
 * pacBayesBound({ m: 55000, kl: 5144, empiricalError: 0.028, j: 460, samples: 150000 }).bound // 0.1637…
 */
export function pacBayesBound(input: PacBayesBoundInput): PacBayesBoundResult {
  const { m, kl, empiricalError, j, b = 100, c = 0.1, delta = 0.025 } = input;
  const { samples = 0, deltaPrime = 0.01 } = input;
  if (!(Number.isInteger(m) && m >= 2)) throw new InvalidArgumentError('m', m, 'an integer ≥ 2');
  if (!(kl >= 0)) throw new InvalidArgumentError('kl', kl, 'a number ≥ 0');
  probability('empiricalError', empiricalError);
  if (!(Number.isInteger(j) && j >= 1)) throw new InvalidArgumentError('j', j, 'an integer ≥ 1');
  if (!(delta > 0 && delta < 1))
    throw new InvalidArgumentError('delta', delta, 'a number in (0, 1)');
  const lambda = c * Math.exp(-j / b);
  const unionTerm = 2 * Math.log(b * Math.log(c / lambda));
  const confidenceTerm = Math.log((Math.PI ** 2 * m) / (6 * delta));
  const budget = (kl + unionTerm + confidenceTerm) / (m - 1);
  const empiricalBound =
    samples > 0
      ? klInverseUpper(empiricalError, Math.log(2 / deltaPrime) / samples)
      : empiricalError;
  return {
    lambda,
    unionTerm,
    confidenceTerm,
    budget,
    empiricalBound,
    bound: klInverseUpper(empiricalBound, budget),
  };
}
