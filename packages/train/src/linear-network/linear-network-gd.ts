import {
  assertFunction,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertOptions,
  assertSignal,
  assertWorkBudget,
  eigvalsh,
  gram,
  type Matrix64,
  matmul,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import { DivergenceError } from '../errors/divergence-error.js';
import type { LinearNetwork } from './linear-network.js';
import {
  certificateRho,
  type LinearNetworkCertificate,
  linearNetworkCertificate,
} from './linear-network-certificate.js';
import { linearNetworkImbalance } from './linear-network-imbalance.js';
import {
  addScaled,
  assertLearningRate,
  errorMatrix,
  frobenius,
  readProblem,
  spectralNorm,
} from './linear-network-math.js';

/**
 * One gradient-descent step on L(U, V) = ½‖UVᵀ − Y‖²_F (https://overparam.dev/docs/theory/linear-networks#error-update):
 * U ← U − η·E·V, V ← V − η·Eᵀ·U with E = UVᵀ − Y (both from the same point). Float64 on the CPU.
 *
 * @throws ShapeMismatchError, NonFiniteError (see {@link linearNetworkError}); InvalidArgumentError
 * when η is not a finite number > 0.
 * @example
 * const next = linearNetworkGdStep({ U: fromArray([[1, 0]]), V: fromArray([[1, 0]]) }, fromArray([[2]]), 0.1);
 * toArray(next.U) // [[1.1, 0]]  (E = −1, so U − η·E·V = U + 0.1·V)
 */
export function linearNetworkGdStep(
  network: LinearNetwork,
  target: Matrix64,
  learningRate: number,
): LinearNetwork {
  const op = 'linearNetworkGdStep';
  const { net, Y } = readProblem(op, network, target);
  assertLearningRate(op, learningRate);
  return takeStep(net, Y, learningRate).next;
}

/** The step and the pieces the measurements reuse: E, E·V and Eᵀ·U. */
function takeStep(net: LinearNetwork, Y: Matrix64, eta: number) {
  const E = errorMatrix(net, Y);
  const gradU = matmul(E, net.V); // ∂L/∂U = E·V  (n×h)
  const gradV = matmul(transpose(E), net.U); // ∂L/∂V = Eᵀ·U  (m×h)
  const next = { U: addScaled(net.U, -eta, gradU), V: addScaled(net.V, -eta, gradV) };
  return { E, gradU, gradV, next };
}

/**
 * Rounding allowance of the certificate check, in units of ε·(h + n + m)·(scale of the terms):
 * the computed iterate differs from the exact one by O((h + n + m)·ε) relative to ‖U‖‖V‖ and
 * ‖Y‖, and ρ by O((h + n + m)·ε·(1 + ηΛ)) (float64 matmul and eigvalsh error bounds, Higham,
 * Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.5 and §8.7 of Golub & Van Loan).
 * 16 leaves room for the constants those bounds hide.
 */
export const CERTIFICATE_ROUNDING_FACTOR = 16;

/** One measured step of {@link linearNetworkGd}: the certificate at (U_t, V_t) and what happened. */
export interface LinearNetworkStep extends LinearNetworkCertificate {
  /** Step index t (the state before the step; t = 0 is the initialization). */
  t: number;
  /** ‖E_{t+1}‖_F after the step. */
  nextErrorNorm: number;
  /** The actual ratio ‖E_{t+1}‖_F/‖E_t‖_F, to compare with `rho`. */
  ratio: number;
  /**
   * Rounding allowance on ‖E_{t+1}‖_F: CERTIFICATE_ROUNDING_FACTOR·ε·(h + n + m)·
   * (‖U_{t+1}‖_F‖V_{t+1}‖_F + ‖Y‖_F + (1 + ηΛ + η²‖E‖₂‖UVᵀ‖₂)·‖E_t‖_F).
   */
  slack: number;
  /** ‖E_{t+1}‖_F > ρ·‖E_t‖_F + slack: a violation beyond rounding (never seen; tested). */
  violated: boolean;
  /** ‖D_{t+1} − D_t‖_F: the drift of the imbalance in one step. */
  imbalanceDrift: number;
  /**
   * ‖D_{t+1} − (D_t + η²(VᵀEᵀEV − UᵀEEᵀU))‖_F/(‖U_{t+1}‖²_F + ‖V_{t+1}‖²_F): the drift formula
   * checked against the actual update (rounding, ~1e-16). 0 when the scale is 0 and the identity
   * holds exactly (U = V = 0), never the NaN of 0/0.
   */
  driftResidual: number;
  /**
   * ‖E_{t+1} − (E − η(E·VVᵀ + UUᵀ·E) + η²·E·V·Uᵀ·E)‖_F/(‖U_{t+1}‖_F‖V_{t+1}‖_F + ‖Y‖_F): the
   * error-update identity checked against the actual update (rounding, ~1e-16). 0 when the scale
   * is 0 and the identity holds exactly.
   */
  errorUpdateResidual: number;
}

/** Options of {@link linearNetworkGd}. */
export interface LinearNetworkGdOptions {
  /** The target Y (n×m). */
  target: Matrix64;
  /** The initialization (U₀, V₀), e.g. from initLinearNetwork. Not modified. */
  init: LinearNetwork;
  /** The learning rate η > 0 (the base step of the 'certified' schedule; c = 1, so η̃ = η). */
  learningRate: number;
  /** Number of steps, ≥ 0. */
  steps: number;
  /**
   * 'constant' (default): η_t = η. 'certified': η_t = max(η, η*_t) with η*_t =
   * min(μ_t/(2‖E_t‖₂‖U_tV_tᵀ‖₂), 2/(μ_t + Λ_t)) the step that minimizes the certificate ρ_t
   * (certifiedStepSize): it grows as the loss falls, and never certifies less than η does.
   */
  schedule?: 'constant' | 'certified';
  /** Measure (certificate, drift, residuals) every k steps; default 1 (every step). */
  measureEvery?: number;
  /** Stop once ‖E_t‖_F ≤ tolerance·‖Y‖_F. Default 0 (run all steps). */
  tolerance?: number;
  /** Called after each measured step, with the progress in steps. */
  onStep?: (step: LinearNetworkStep, progress: { done: number; total: number }) => void;
  /** Aborting rejects with the signal's reason at the next step. */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the first step: 6·n·m·h flops per step, plus 10h³ + 8h²(n + m) + 20nmh per certified or
   * measured step (every step with schedule 'certified', else ⌈steps/measureEvery⌉), and 400
   * bytes per recorded step besides the matrices (8·(8h² + 4(n + m)h) bytes).
   */
  budget?: WorkBudget;
}

/** Result of {@link linearNetworkGd}. */
export interface LinearNetworkGdResult {
  /** The weights after the last step. */
  network: LinearNetwork;
  /** The measured steps, in order. */
  history: LinearNetworkStep[];
  /** Steps taken. */
  stepsTaken: number;
  /** ½‖E‖²_F after the last step. */
  finalLoss: number;
  /** 'steps' when all steps ran, 'tolerance' when ‖E‖ reached the tolerance first. */
  stopReason: 'steps' | 'tolerance';
  /** Measured steps with ‖E_{t+1}‖ > ρ‖E_t‖ + slack (violations beyond rounding). */
  violations: number;
  /** Measured steps with ‖E_{t+1}‖ > ρ‖E_t‖, rounding allowance or not. */
  rawViolations: number;
  /**
   * max over measured steps of (‖E_{t+1}‖ − ρ‖E_t‖)/slack: below 0 the certificate held
   * strictly, up to 1 within rounding, above 1 it was violated. −Infinity when no step was
   * measured (steps: 0, or the tolerance met at t = 0): the maximum over an empty set.
   */
  maxExcess: number;
}

const EPS = 2 ** -52;
/** Yield to the event loop after this much work, so that abort signals and the page respond. */
const YIELD_MS = 25;

/**
 * Full-batch gradient descent with a finite step on the two-layer linear network
 * L(U, V) = ½‖UVᵀ − Y‖²_F of https://overparam.dev/docs/theory/linear-networks#setting (Xu, Min, Tarmoun, Mallada & Vidal, AISTATS 2023),
 * from any initialization and at any width h ≥ max(n, m), with the measurements of that page at every
 * measured step t: the loss, μ_t = λ_min(U_tU_tᵀ) + λ_min(V_tV_tᵀ), Λ_t, the imbalance
 * D_t = U_tᵀU_t − V_tᵀV_t with its lower bound [λ_n(D_t)]₊ + [λ_m(−D_t)]₊ ≤ μ_t, the one-step
 * certificate ρ_t = max(|1 − η_tμ_t|, |1 − η_tΛ_t|) + η_t²‖E_t‖₂‖U_tV_tᵀ‖₂ against the actual
 * ratio ‖E_{t+1}‖_F/‖E_t‖_F (flagging violations beyond a rounding allowance), and the residuals
 * of the error update E_{t+1} = E − η(E·VVᵀ + UUᵀ·E) + η²·E·V·Uᵀ·E and of the imbalance drift
 * D_{t+1} = D_t + η²(VᵀEᵀEV − UᵀEEᵀU) against the actual update. Loss normalization c = 1
 * (https://overparam.dev/docs/theory/conventions#loss-normalization; see LinearNetwork for data with c = N). Float64 on the CPU.
 *
 * Step-size schedule: the paper proves a time-varying step that grows as the loss falls. The
 * 'certified' option is this package's rule in that spirit, derived from the one-step certificate
 * rather than the paper's constants: η_t = max(η, η*_t), η*_t the minimizer of ρ_t.
 *
 * Runs asynchronously, yielding to the event loop every 25 ms of work; `onStep` streams the
 * measured steps and aborting `signal` rejects with its reason at the next step.
 *
 * @throws InvalidArgumentError for bad options (η ≤ 0, steps < 0, …); ShapeMismatchError for
 * shapes that do not fit or h < max(n, m); NonFiniteError for NaN/±Inf inputs;
 * DivergenceError (with the step and a bound on η) when the loss or the weights stop being finite;
 * the signal's reason when aborted.
 * @example
 * const Y = linearNetworkTarget({ n: 3, m: 4, dataSeed: 0 });
 * const init = initLinearNetwork({ n: 3, m: 4, h: 8, init: { kind: 'imbalanced', imbalance: 0.5 }, initSeed: 0 });
 * const run = await linearNetworkGd({ target: Y, init, learningRate: 0.2, steps: 100 });
 * run.violations                               // 0
 * run.history.every((s) => s.rho < 1)          // true: every step certified to decrease the loss
 * run.finalLoss < 1e-10 * run.history[0].loss  // true
 */
export async function linearNetworkGd(
  options: LinearNetworkGdOptions,
): Promise<LinearNetworkGdResult> {
  const op = 'linearNetworkGd';
  assertOptions(op, 'options', options, false);
  const {
    target,
    learningRate: eta,
    steps,
    schedule = 'constant',
    measureEvery = 1,
    tolerance = 0,
    onStep,
    signal,
  } = options;
  const { net: init, Y, n, m, h } = readProblem(op, options.init, target);
  assertLearningRate(op, eta);
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps');
  assertInteger(op, 'measureEvery', measureEvery, { min: 1 }, 'measure every k steps');
  assertOneOf(op, 'schedule', schedule, ['constant', 'certified'] as const);
  assertNonNegative(op, 'tolerance', tolerance, '0: run all steps');
  if (onStep !== undefined) assertFunction(op, 'onStep', onStep, '(step, { done, total }) => void');
  assertSignal(op, 'signal', signal);
  const checked = schedule === 'certified' ? steps : Math.ceil(steps / measureEvery) + 1;
  assertWorkBudget(
    op,
    {
      flops: 6 * n * m * h * steps + checked * (10 * h ** 3 + 8 * h * h * (n + m) + 20 * n * m * h),
      bytes: 400 * Math.ceil(steps / measureEvery) + 8 * (8 * h * h + 4 * (n + m) * h),
    },
    options.budget,
    'lower steps, or measure less often with { measureEvery }',
  );
  signal?.throwIfAborted();

  const normY = frobenius(Y);
  const dims = h + n + m;
  let net: LinearNetwork = init;
  let initialLambda = Number.NaN;
  // Curvature near the minimum GD heads for, for the divergence hint: there UVᵀ ≈ Y and D ≈ D₀
  // (invariant under gradient flow), so the top singular pair has a² − b² = d, ab = σ₁(Y) and
  // a² + b² = √(d² + 4σ₁²) ≤ √(‖D₀‖₂² + 4‖Y‖₂²).
  const minimumLambda = () => {
    const d = eigvalsh(linearNetworkImbalance(init));
    const dNorm = Math.max(Math.abs(d[0] ?? 0), Math.abs(d[d.length - 1] ?? 0));
    return Math.hypot(dNorm, 2 * spectralNorm(Y));
  };
  const history: LinearNetworkStep[] = [];
  let violations = 0;
  let rawViolations = 0;
  let maxExcess = Number.NEGATIVE_INFINITY;
  let stopReason: 'steps' | 'tolerance' = 'steps';
  let finalLoss = Number.NaN;
  let t = 0;
  let lastYield = performance.now();

  for (; ; t++) {
    const E = errorMatrix(net, Y);
    const errorNorm = frobenius(E);
    finalLoss = 0.5 * errorNorm * errorNorm;
    if (!Number.isFinite(finalLoss)) {
      throw diverged(t, finalLoss, eta, initialLambda, minimumLambda());
    }
    if (t === steps) break;
    if (errorNorm <= tolerance * normY) {
      stopReason = 'tolerance';
      break;
    }
    signal?.throwIfAborted();
    const measured = t % measureEvery === 0;
    let cert: LinearNetworkCertificate | null = null;
    let stepSize = eta;
    if (measured || schedule === 'certified' || t === 0) {
      cert = linearNetworkCertificate(net, Y, eta);
      if (t === 0) initialLambda = cert.Lambda;
      if (schedule === 'certified' && cert.certifiedStep > eta) {
        stepSize = cert.certifiedStep;
        cert = { ...cert, learningRate: stepSize, rho: certificateRho(stepSize, cert) };
      }
    }
    const { gradU, gradV, next } = takeStep(net, Y, stepSize);
    if (!allFinite(next.U) || !allFinite(next.V)) {
      throw diverged(t + 1, Number.NaN, stepSize, initialLambda, minimumLambda());
    }
    if (measured && cert) {
      const step = measure(cert, t, net, next, E, gradU, gradV, Y, normY, dims);
      if (step.violated) violations++;
      if (step.nextErrorNorm > step.rho * step.errorNorm) rawViolations++;
      maxExcess = Math.max(
        maxExcess,
        scaledExcess(step.nextErrorNorm - step.rho * step.errorNorm, step.slack),
      );
      history.push(step);
      onStep?.(step, { done: t + 1, total: steps });
    }
    net = next;
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  signal?.throwIfAborted();
  return {
    network: net,
    history,
    stepsTaken: t,
    finalLoss,
    stopReason,
    violations,
    rawViolations,
    maxExcess,
  };
}

/** The step record: the certificate against the actual update, and the two identities. */
function measure(
  cert: LinearNetworkCertificate,
  t: number,
  net: LinearNetwork,
  next: LinearNetwork,
  E: Matrix64,
  gradU: Matrix64,
  gradV: Matrix64,
  Y: Matrix64,
  normY: number,
  dims: number,
): LinearNetworkStep {
  const eta = cert.learningRate;
  const nextE = errorMatrix(next, Y);
  const nextErrorNorm = frobenius(nextE);
  const normU1 = frobenius(next.U);
  const normV1 = frobenius(next.V);
  const scaleE = normU1 * normV1 + normY;

  // E·VVᵀ = gradU·Vᵀ, UUᵀ·E = U·gradVᵀ, E·V·Uᵀ·E = gradU·gradVᵀ (gradU = E·V, gradV = Eᵀ·U).
  const gradVt = transpose(gradV);
  const linear = addScaled(matmul(gradU, transpose(net.V)), 1, matmul(net.U, gradVt));
  const predictedE = addScaled(addScaled(E, -eta, linear), eta * eta, matmul(gradU, gradVt));
  const errorUpdateResidual = scaledResidual(frobenius(addScaled(nextE, -1, predictedE)), scaleE);

  // D' = D + η²(VᵀEᵀEV − UᵀEEᵀU) = D + η²(gradUᵀgradU − gradVᵀgradV).
  const D0 = addScaled(gram(net.U), -1, gram(net.V));
  const D1 = addScaled(gram(next.U), -1, gram(next.V));
  const predictedD = addScaled(D0, eta * eta, addScaled(gram(gradU), -1, gram(gradV)));
  const driftResidual = scaledResidual(
    frobenius(addScaled(D1, -1, predictedD)),
    normU1 * normU1 + normV1 * normV1,
  );

  const slack =
    CERTIFICATE_ROUNDING_FACTOR *
    EPS *
    dims *
    (scaleE +
      (1 + eta * cert.Lambda + eta * eta * cert.errorSpectralNorm * cert.productSpectralNorm) *
        cert.errorNorm);
  return {
    ...cert,
    t,
    nextErrorNorm,
    ratio: cert.errorNorm > 0 ? nextErrorNorm / cert.errorNorm : 0,
    slack,
    violated: nextErrorNorm > cert.rho * cert.errorNorm + slack,
    imbalanceDrift: frobenius(addScaled(D1, -1, D0)),
    driftResidual,
    errorUpdateResidual,
  };
}

/**
 * residual/scale, with the limit the identity checks give at scale 0: 0 when the residual is 0
 * too (the identity holds exactly: U = V = 0), +Infinity otherwise (never the NaN of 0/0).
 */
function scaledResidual(residual: number, scale: number): number {
  if (scale > 0) return residual / scale;
  return residual === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/**
 * The package's DivergenceError (c = 1 in the UVᵀ form) with 2/Λ as the bound on η, Λ the larger
 * of Λ₀ = ‖U₀‖₂² + ‖V₀‖₂² and the estimate √(‖D₀‖₂² + 4‖Y‖₂²) of Λ near a minimum: the linear
 * part of the error update has eigenvalues down to 1 − ηΛ, so steps beyond 2/Λ overshoot.
 */
function diverged(
  step: number,
  loss: number,
  eta: number,
  initialLambda: number,
  minimumLambda: number,
): DivergenceError {
  const lambda = Math.max(initialLambda, minimumLambda);
  return new DivergenceError(
    step,
    loss,
    eta,
    1,
    2 / lambda,
    `Λ = ‖U‖₂² + ‖V‖₂², ${initialLambda.toPrecision(3)} at the start and about ` +
      `√(‖D₀‖₂² + 4‖Y‖₂²) = ${minimumLambda.toPrecision(3)} near a minimum`,
  );
}

/** excess/slack; with slack 0 (all of U, V, Y zero) the sign of the excess, never 0/0. */
function scaledExcess(excess: number, slack: number): number {
  if (slack > 0) return excess / slack;
  return excess > 0 ? Number.POSITIVE_INFINITY : excess < 0 ? Number.NEGATIVE_INFINITY : 0;
}

function allFinite(A: Matrix64): boolean {
  let probe = 0;
  for (const v of A.data) probe += v * 0;
  return probe === 0;
}
