import { assertNumber, assertOptions, assertPositive } from '@overparam/tensor';

/**
 * The trace bound on the empirical Rademacher complexity of a kernel class
 * F_B = {x ↦ ⟨w, φ(x)⟩ : ‖w‖_H ≤ B}: R̂_S(F_B) = (B/m)·E_σ√(σᵀKσ) ≤ (B/m)·√(tr K)
 * (Bartlett & Mendelson, JMLR 2002, Lemma 22; Mohri, Rostamizadeh & Talwalkar, Foundations
 * of Machine Learning, 2nd ed. 2018, Theorem 6.12). Float64.
 *
 * @throws InvalidArgumentError for m, tr K or B not finite and > 0.
 * @example
 * kernelRademacher({ m: 100, traceK: 100, normBound: 2 }) // 0.2 (= 2·√100/100)
 */
export function kernelRademacher(input: { m: number; traceK: number; normBound: number }): number {
  const op = 'kernelRademacher';
  assertOptions(op, 'input', input, false);
  assertPositive(op, 'm', input.m, 'the sample size');
  assertPositive(op, 'traceK', input.traceK, 'tr K of the training Gram matrix');
  assertPositive(op, 'normBound', input.normBound, 'the RKHS norm bound B');
  return (input.normBound * Math.sqrt(input.traceK)) / input.m;
}

/**
 * The ρ-margin (ramp) loss Φ_ρ(u) = min(1, max(0, 1 − u/ρ)) of a margin u = y·h(x), in [0, 1];
 * u = +Infinity gives 0 and −Infinity gives 1.
 *
 * @throws InvalidArgumentError for a NaN margin or ρ not finite and > 0.
 * @example
 * rampLoss(0.1, 0.5) // 0.8
 */
export function rampLoss(margin: number, rho: number): number {
  assertNumber('rampLoss', 'margin', margin, { allowInfinity: true }, 'the margin y·h(x)');
  assertPositive('rampLoss', 'rho', rho, 'the margin ρ');
  return Math.min(1, Math.max(0, 1 - margin / rho));
}

/** Inputs of {@link marginBound}. */
export interface MarginBoundInput {
  /** Sample size m. */
  m: number;
  /** Empirical ρ-margin loss R̂_{S,ρ}(h) = (1/m)Σ Φ_ρ(y_i h(x_i)). */
  marginLoss: number;
  /** Margin ρ > 0. */
  rho: number;
  /** Empirical Rademacher complexity R̂_S(H) (or its bound, e.g. {@link kernelRademacher}). */
  rademacher: number;
  /** Failure probability δ. */
  delta: number;
}

/** What {@link marginBound} returns: the bound and its three terms. */
export interface MarginBoundResult {
  bound: number;
  /** (2/ρ)·R̂_S(H). */
  complexity: number;
  /** 3·√(log(2/δ)/(2m)). */
  confidence: number;
}

/**
 * The margin bound with the empirical Rademacher complexity (Mohri, Rostamizadeh & Talwalkar,
 * Foundations of Machine Learning, 2nd ed. 2018, Theorem 5.8; Koltchinskii & Panchenko 2002):
 * for a fixed ρ > 0, with probability ≥ 1 − δ over S, for every h ∈ H,
 * R(h) ≤ E[Φ_ρ(y h(x))] ≤ R̂_{S,ρ}(h) + (2/ρ)·R̂_S(H) + 3·√(log(2/δ)/(2m)),
 * R(h) the 0–1 error. The 1/ρ comes from Talagrand's contraction (Φ_ρ is 1/ρ-Lipschitz), the 2
 * and the 3√· from the symmetrization and McDiarmid steps. Float64.
 *
 * @throws InvalidArgumentError for m or ρ not finite and > 0, a margin loss outside [0, 1], a
 *   Rademacher complexity not finite and ≥ 0, or δ outside (0, 1).
 * @example
 * marginBound({ m: 1000, marginLoss: 0.1, rho: 0.5, rademacher: 0.0316, delta: 0.05 }).bound // 0.3552…
 */
export function marginBound(input: MarginBoundInput): MarginBoundResult {
  const op = 'marginBound';
  assertOptions(op, 'input', input, false);
  const { m, marginLoss, rho, rademacher, delta } = input;
  assertPositive(op, 'm', m, 'the sample size');
  assertPositive(op, 'rho', rho, 'the margin ρ');
  assertNumber(op, 'marginLoss', marginLoss, { min: 0, max: 1 }, 'the empirical ramp loss');
  assertNumber(op, 'rademacher', rademacher, { min: 0 }, 'a Rademacher complexity ≥ 0');
  assertNumber(
    op,
    'delta',
    delta,
    { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
    'e.g. 0.05',
  );
  const complexity = (2 / rho) * rademacher;
  // log(2/δ) as log 2 − log δ: finite for every δ > 0 (2/δ overflows below δ ≈ 1e-308).
  const confidence = 3 * Math.sqrt((Math.LN2 - Math.log(delta)) / (2 * m));
  return { bound: marginLoss + complexity + confidence, complexity, confidence };
}
