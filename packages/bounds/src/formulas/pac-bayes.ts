import {
  assertInteger,
  assertNumber,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asVector,
  InvalidArgumentError,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';

function probability(op: string, name: string, v: number): void {
  assertNumber(op, name, v, { min: 0, max: 1 }, 'a probability in [0, 1]');
}

function openProbability(op: string, name: string, v: number): void {
  assertNumber(
    op,
    name,
    v,
    { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
    'e.g. 0.05',
  );
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
  probability('binaryKl', 'p', p);
  probability('binaryKl', 'q', q);
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
  const op = 'klInverseUpper';
  probability(op, 'p', p);
  assertNumber(
    op,
    'bound',
    bound,
    { min: 0, allowInfinity: true },
    'a kl budget ≥ 0 (Infinity gives 1)',
  );
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

/** The smallest normal float64, 2^−1022: below it a product or ratio has lost digits. */
const MIN_NORMAL = 2 ** -1022;
/**
 * log1p(ratio − 1) is accurate to ~1.1e-16/ratio in absolute terms: from this ratio on, that
 * is below 2e-14 of the term ratio − 1 − log ratio; below it, log ratio is taken directly.
 */
const LOG1P_FROM = 1e-3;

/**
 * (w_i − w₀ᵢ)²/λ: the square is formed first (as always) when it stays in the normal range; a
 * gap whose square overflows or underflows (|d| = 2e150 against λ = 1e300) is divided by √λ
 * before squaring, so the term is finite whenever it is representable.
 */
function meanTerm(d: number, lambda: number): number {
  const sq = d * d;
  if (d === 0 || (sq >= MIN_NORMAL && sq < Number.POSITIVE_INFINITY)) return sq / lambda;
  return (d / Math.sqrt(lambda)) ** 2;
}

/** A diagonal Gaussian posterior N(w, diag s) against an isotropic prior N(w₀, λI). */
export interface GaussianKlInput {
  /** Posterior mean w. */
  mean: VectorInput;
  /** Posterior variances s_i (> 0). */
  variances: VectorInput;
  /** Prior mean w₀ (data-independent, e.g. the random initialization). */
  priorMean: VectorInput;
  /** Prior variance λ (> 0). */
  priorVariance: number;
  /** Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor (estimate: 10P flops, 24P bytes). */
  budget?: WorkBudget;
}

/**
 * KL(Q‖P) for Q = N(w, diag s), P = N(w₀, λI) in P dimensions (Dziugaite & Roy 2017, eq. (6)):
 * ½[Σs_i/λ + ‖w − w₀‖²/λ − P + P·log λ − Σ log s_i], summed term by term as
 * ½Σ[s_i/λ − 1 − log(s_i/λ) + (w_i − w₀ᵢ)²/λ] (each bracket ≥ 0, so the KL is ≥ 0 and no two
 * large sums cancel). P = 0 gives 0. Float64. Work: 10P flops (budget checked). Finite
 * whenever the KL is: a ratio s_i/λ below 1e-3 takes its log directly (log1p(ratio − 1)
 * would lose its digits), as log s_i − log λ once the ratio leaves the float64 range, and a
 * mean gap is scaled by √λ before squaring (s = 1e-300, λ = 1e300 and w − w₀ = 2e150 give
 * 692.3…, not +∞).
 *
 * @throws InvalidArgumentError for non-finite means, variances not finite and > 0, λ not
 *   finite and > 0, or a KL beyond float64 (~1.8e308); ShapeMismatchError for lengths that
 *   differ.
 * @example
 * gaussianKl({ mean: [1], variances: [1], priorMean: [0], priorVariance: 1 }) // 0.5
 */
export function gaussianKl(input: GaussianKlInput): number {
  const op = 'gaussianKl';
  assertOptions(op, 'input', input, false);
  const mean = asVector(op, 'mean', input.mean, { allowEmpty: true });
  const P = mean.length;
  const variances = asVector(op, 'variances', input.variances, {
    length: P,
    allowEmpty: true,
    meaning: 'one variance per entry of mean',
  });
  const priorMean = asVector(op, 'priorMean', input.priorMean, {
    length: P,
    allowEmpty: true,
    meaning: 'one entry per entry of mean',
  });
  const lambda = input.priorVariance;
  assertPositive(op, 'priorVariance', lambda, 'the prior variance λ');
  assertWorkBudget(op, { flops: 10 * P, bytes: 24 * P }, input.budget);
  let kl = 0;
  for (let i = 0; i < P; i++) {
    const s = variances[i] as number;
    if (!(s > 0)) throw new InvalidArgumentError(`variances[${i}]`, s, 'a finite number > 0', op);
    const ratio = s / lambda;
    // ratio − 1 − log ratio ≥ 0; for ratio near 1 it is ~(ratio − 1)²/2, kept by log1p. For a
    // small ratio, log1p(ratio − 1) loses the digits of ratio (u rounds to −1 below 1.1e-16:
    // log1p(−1) = −∞), so the log is taken directly, from the ratio while it is a normal float64,
    // else as log s − log λ (s = 1e-300, λ = 1e300: the ratio underflows to 0; an overflowed
    // ratio gives +∞ there, not ∞ − ∞).
    const u = ratio - 1;
    const normal = ratio >= MIN_NORMAL && ratio < Number.POSITIVE_INFINITY;
    let logTerm: number;
    if (normal && ratio >= LOG1P_FROM) logTerm = u - Math.log1p(u);
    else if (normal) logTerm = u - Math.log(ratio);
    else logTerm = u - (Math.log(s) - Math.log(lambda));
    kl += logTerm + meanTerm((mean[i] as number) - (priorMean[i] as number), lambda);
  }
  if (!Number.isFinite(kl)) {
    throw new InvalidArgumentError(
      'KL(Q‖P)',
      kl,
      'a KL within float64 (~1.8e308): the variance ratios s_i/λ or the mean gaps ‖w − w₀‖²/λ are too large; rescale the weights',
      op,
    );
  }
  return 0.5 * kl;
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
 * kl⁻¹(ê_N, log(2/δ')/N) (Langford & Caruana 2002), with probability ≥ 1 − δ'. Float64. The
 * prior variance λ underflows to 0 for j/b > 745; the union term is taken as 2·log j, its exact
 * value, so the bound stays finite.
 *
 * @throws InvalidArgumentError for m not an integer ≥ 2, KL not finite and ≥ 0, ê outside
 *   [0, 1], j not an integer ≥ 1, b or c not finite and > 0, δ (or δ' when N > 0) outside
 *   (0, 1), or N not an integer ≥ 0.
 * @example
 * pacBayesBound({ m: 55000, kl: 5144, empiricalError: 0.028, j: 460, samples: 150000 }).bound // 0.1637…
 */
export function pacBayesBound(input: PacBayesBoundInput): PacBayesBoundResult {
  const op = 'pacBayesBound';
  assertOptions(op, 'input', input, false);
  const { m, kl, empiricalError, j, b = 100, c = 0.1, delta = 0.025 } = input;
  const { samples = 0, deltaPrime = 0.01 } = input;
  assertInteger(op, 'm', m, { min: 2 }, 'the training-set size');
  assertNumber(op, 'kl', kl, { min: 0 }, 'KL(Q‖P) ≥ 0');
  probability(op, 'empiricalError', empiricalError);
  assertInteger(op, 'j', j, { min: 1 }, 'the prior grid index');
  assertPositive(op, 'b', b, 'the grid resolution');
  assertPositive(op, 'c', c, 'the grid top');
  openProbability(op, 'delta', delta);
  assertInteger(op, 'samples', samples, { min: 0 }, 'weight samples (0: ê exact)');
  if (samples > 0) openProbability(op, 'deltaPrime', deltaPrime);
  const lambda = c * Math.exp(-j / b);
  // 2·log(b·log(c/λ)) = 2·log j exactly: taken in that form so that a λ below float64 (j/b > 745)
  // still gives the union term.
  const unionTerm = 2 * Math.log(j);
  // log(π²m/(6δ)) = log(π²m/6) − log δ: finite for every δ > 0.
  const confidenceTerm = Math.log((Math.PI ** 2 * m) / 6) - Math.log(delta);
  const budget = (kl + unionTerm + confidenceTerm) / (m - 1);
  const empiricalBound =
    samples > 0
      ? klInverseUpper(empiricalError, (Math.LN2 - Math.log(deltaPrime)) / samples)
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
