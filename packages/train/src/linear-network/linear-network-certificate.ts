import {
  assertNonNegative,
  eigvalsh,
  gram,
  type Matrix64,
  matmul,
  transpose,
} from '@overparam/tensor';
import type { LinearNetwork } from './linear-network.js';
import { imbalanceLowerBound, linearNetworkImbalance } from './linear-network-imbalance.js';
import {
  addScaled,
  assertLearningRate,
  frobenius,
  readProblem,
  spectralNorm,
} from './linear-network-math.js';

/** The four numbers the one-step certificate ρ(η) of https://overparam.dev/docs/theory/linear-networks#certificate depends on. */
export interface CertificateInputs {
  /** μ = λ_min(UUᵀ) + λ_min(VVᵀ). */
  mu: number;
  /** Λ = ‖U‖₂² + ‖V‖₂² = λ_max(UUᵀ) + λ_max(VVᵀ). */
  Lambda: number;
  /** ‖E‖₂, the spectral norm of E = UVᵀ − Y. */
  errorSpectralNorm: number;
  /** ‖UVᵀ‖₂. */
  productSpectralNorm: number;
}

/** Everything {@link linearNetworkCertificate} measures at one point (U, V) for a step η. */
export interface LinearNetworkCertificate extends CertificateInputs {
  /** The learning rate η the certificate is for (c = 1, so η̃ = η). */
  learningRate: number;
  /** L = ½‖E‖²_F. */
  loss: number;
  /** ‖E‖_F. */
  errorNorm: number;
  /** λ_min(UUᵀ). */
  muU: number;
  /** λ_min(VVᵀ). */
  muV: number;
  /** ‖D‖_F of the imbalance D = UᵀU − VᵀV. */
  imbalanceNorm: number;
  /** λ_n(D) (n-th largest). */
  lambdaN: number;
  /** λ_m(−D). */
  lambdaMNeg: number;
  /** [λ_n(D)]₊ + [λ_m(−D)]₊ ≤ μ. */
  muLowerBound: number;
  /** ρ = max(|1 − ημ|, |1 − ηΛ|) + η²‖E‖₂‖UVᵀ‖₂: ‖E_next‖_F ≤ ρ·‖E‖_F. */
  rho: number;
  /** The step that minimizes ρ at this point ({@link certifiedStepSize}). */
  certifiedStep: number;
}

/**
 * The one-step certificate of https://overparam.dev/docs/theory/linear-networks#certificate as a function of the step η:
 * ρ(η) = max(|1 − ημ|, |1 − ηΛ|) + η²·‖E‖₂·‖UVᵀ‖₂, so that one gradient step gives
 * ‖E_next‖_F ≤ ρ·‖E‖_F. Why: the step maps E to E − η(E·VVᵀ + UUᵀ·E) + η²·E·V·Uᵀ·E; the
 * linear part E ↦ E − η(E·VVᵀ + UUᵀ·E) is symmetric with eigenvalues 1 − η(α_i + β_j) (α, β the
 * eigenvalues of UUᵀ, VVᵀ), so its norm is at most max(|1 − ημ|, |1 − ηΛ|), and
 * ‖E·V·Uᵀ·E‖_F ≤ ‖E‖_F·‖UVᵀ‖₂·‖E‖₂. The derivation follows the one-step analysis of Xu, Min,
 * Tarmoun, Mallada & Vidal (AISTATS 2023); the constants here are the ones derived and checked in
 * https://overparam.dev/docs/theory/linear-networks#certificate, not the paper's.
 *
 * @throws InvalidArgumentError when η is not a finite number > 0 or an input is negative or
 * not finite.
 * @example
 * certificateRho(0.1, { mu: 2, Lambda: 4, errorSpectralNorm: 1, productSpectralNorm: 1 }) // 0.81
 */
export function certificateRho(learningRate: number, inputs: CertificateInputs): number {
  assertLearningRate('certificateRho', learningRate);
  assertCertificateInputs('certificateRho', inputs);
  const eta = learningRate;
  const { mu, Lambda, errorSpectralNorm, productSpectralNorm } = inputs;
  return (
    Math.max(Math.abs(1 - eta * mu), Math.abs(1 - eta * Lambda)) +
    eta * eta * errorSpectralNorm * productSpectralNorm
  );
}

/**
 * The step η* that minimizes the certificate ρ(η) of {@link certificateRho}:
 * η* = min(μ / (2‖E‖₂‖UVᵀ‖₂), 2/(μ + Λ)). Why: for η ≤ 2/(μ + Λ) the max is 1 − ημ and
 * ρ = 1 − ημ + cη² (c = ‖E‖₂‖UVᵀ‖₂) is a parabola with its minimum at μ/(2c); beyond, ρ grows.
 * So ρ(η*) < 1 whenever μ > 0, and η* grows as the loss falls (c ∝ ‖E‖₂) up to 2/(μ + Λ), the
 * best step of the linearized problem. Returns 0 when μ = 0 (no step is certified).
 *
 * @throws InvalidArgumentError when an input is negative or not finite.
 * @example
 * certifiedStepSize({ mu: 2, Lambda: 4, errorSpectralNorm: 1, productSpectralNorm: 1 }) // 1/3
 * certifiedStepSize({ mu: 2, Lambda: 4, errorSpectralNorm: 10, productSpectralNorm: 1 }) // 0.1
 */
export function certifiedStepSize(inputs: CertificateInputs): number {
  assertCertificateInputs('certifiedStepSize', inputs);
  const { mu, Lambda, errorSpectralNorm, productSpectralNorm } = inputs;
  if (!(mu > 0)) return 0;
  const c = errorSpectralNorm * productSpectralNorm;
  const linear = 2 / (mu + Lambda);
  return c > 0 ? Math.min(mu / (2 * c), linear) : linear;
}

/**
 * Measures the certificate of https://overparam.dev/docs/theory/linear-networks#certificate at one point (U, V) for a step η (Xu, Min, Tarmoun, Mallada & Vidal,
 * AISTATS 2023): the error E = UVᵀ − Y and the loss ½‖E‖²_F; μ = λ_min(UUᵀ) + λ_min(VVᵀ) and
 * Λ = ‖U‖₂² + ‖V‖₂²; the imbalance D = UᵀU − VᵀV and its lower bound
 * [λ_n(D)]₊ + [λ_m(−D)]₊ ≤ μ; the one-step certificate
 * ρ = max(|1 − ημ|, |1 − ηΛ|) + η²‖E‖₂‖UVᵀ‖₂ (‖E_next‖_F ≤ ρ‖E‖_F) and the step η* that
 * minimizes it. Float64 on the CPU: eigvalsh of UUᵀ (n×n), VVᵀ (m×m) and D (h×h), SVDs of E
 * and UVᵀ (n×m).
 *
 * @throws ShapeMismatchError (U n×h, V m×h, Y n×m, h ≥ max(n, m)); NonFiniteError;
 * InvalidArgumentError when η is not a finite number > 0.
 * @example
 * const net = { U: fromArray([[1, 0]]), V: fromArray([[1, 0]]) };  // n = m = 1, h = 2
 * const c = linearNetworkCertificate(net, fromArray([[2]]), 0.1);
 * c.mu   // 2 (UUᵀ = VVᵀ = 1)
 * c.rho  // max(|1 − 0.2|, |1 − 0.2|) + 0.01·1·1 = 0.81
 * c.muLowerBound // 0: D = 0 (balanced) guarantees nothing
 */
export function linearNetworkCertificate(
  network: LinearNetwork,
  target: Matrix64,
  learningRate: number,
): LinearNetworkCertificate {
  const op = 'linearNetworkCertificate';
  const { net, Y, n, m } = readProblem(op, network, target);
  assertLearningRate(op, learningRate);
  const product = matmul(net.U, transpose(net.V));
  const E = addScaled(product, -1, Y);
  const errorNorm = frobenius(E);
  const eu = eigvalsh(gram(net.U, { form: 'AAt' }));
  const ev = eigvalsh(gram(net.V, { form: 'AAt' }));
  // eigvalsh of a PSD Gram matrix can return −O(ε‖U‖²) for a zero eigenvalue; λ_min ≥ 0 exactly.
  const muU = Math.max(eu[0]!, 0);
  const muV = Math.max(ev[0]!, 0);
  const inputs: CertificateInputs = {
    mu: muU + muV,
    Lambda: eu[n - 1]! + ev[m - 1]!,
    errorSpectralNorm: spectralNorm(E),
    productSpectralNorm: spectralNorm(product),
  };
  const D = linearNetworkImbalance(net);
  const bound = imbalanceLowerBound(D, n, m);
  return {
    learningRate,
    loss: 0.5 * errorNorm * errorNorm,
    errorNorm,
    ...inputs,
    muU,
    muV,
    imbalanceNorm: frobenius(D),
    lambdaN: bound.lambdaN,
    lambdaMNeg: bound.lambdaMNeg,
    muLowerBound: bound.lowerBound,
    rho: certificateRho(learningRate, inputs),
    certifiedStep: certifiedStepSize(inputs),
  };
}

/** Checks the four inputs of the certificate: finite numbers ≥ 0. */
function assertCertificateInputs(op: string, inputs: CertificateInputs): void {
  for (const key of ['mu', 'Lambda', 'errorSpectralNorm', 'productSpectralNorm'] as const) {
    assertNonNegative(op, key, inputs?.[key]);
  }
}
