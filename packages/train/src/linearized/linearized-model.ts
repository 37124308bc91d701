import {
  assertNonNegative,
  assertWorkBudget,
  eigh,
  InvalidArgumentError,
  type MatrixInput,
  matmul,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import type { LossNormalization } from '../internal/loss-normalization.js';
import { assertStepCount, readLinearizedInputs } from './linearized-inputs.js';
import {
  assertPositiveSemiDefinite,
  readIndefiniteTolerance,
  type StepSizeThresholds,
  thresholdsFromEigenvalues,
} from './linearized-thresholds.js';

/** Options of {@link linearizedModel}. */
export interface LinearizedModelOptions {
  /** Θ on the training set (n×n): the empirical NTK at initialization, JJᵀ. */
  ntkTrain: MatrixInput;
  /** Network outputs at initialization on the training points, f₀(X) (length n). */
  f0Train: VectorInput;
  /** Training targets y (length n). */
  yTrain: VectorInput;
  /** Θ(x, X) between m test points and the n training points (m×n). Needed for test predictions. */
  ntkTestTrain?: MatrixInput;
  /** Network outputs at initialization on the test points, f₀(x) (length m). */
  f0Test?: VectorInput;
  /** GD learning rate η on L = (1/(2c))·Σ(f − y)². */
  learningRate: number;
  /** Loss normalization c: 'sum' (c = 1), 'mean' (c = n, the default) or a number. */
  lossNormalization?: LossNormalization;
  /**
   * τ ≥ 0: Θ is rejected as indefinite (NotPositiveDefiniteError) when λ_min(Θ) < −τ·tr|Θ|.
   * Default 1e-6, the rule of @overparam/tensor's solvePsd (float32 rounding of an NTK passes).
   */
  indefiniteTolerance?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the eigendecomposition: 9n³ + 2mn² flops and 8·(3n² + 2mn) bytes for n training and m test
   * points (linearizedGd adds its own run).
   */
  budget?: WorkBudget;
}

/** Predictions of the linearized model at one time. */
export interface LinearizedPrediction {
  /** Steps k (discrete) or time t in units of η (continuous). */
  time: number;
  /** f(X) on the training points. */
  train: Float64Array;
  /** f(x) on the test points, or null when no test kernel was given. */
  test: Float64Array | null;
  /** Training loss (1/(2c))·‖f(X) − y‖². */
  loss: number;
}

/** The linearized model of {@link linearizedModel}, diagonalized once. */
export interface LinearizedModel {
  /** Number of training points n. */
  readonly n: number;
  /** Number of test points m (0 without a test kernel). */
  readonly nTest: number;
  /** Effective step η̃ = η/c. */
  readonly effectiveStep: number;
  /** Eigenvalues of Θ, ascending (float64). */
  readonly eigenvalues: Float64Array;
  /** Stability thresholds 2/λ_max and 2/(λ_min + λ_max) (Lee et al. 2019). */
  readonly thresholds: StepSizeThresholds;
  /** max_i |1 − η̃λ_i|: the residual contracts per step by at most this (diverges if > 1). */
  readonly contraction: number;
  /**
   * Whether GD converges: η̃ < 2/λ_max and λ_min ≥ 0. The residual then tends to its component
   * in the null space of Θ (to zero when λ_min > 0).
   */
  readonly converges: boolean;
  /** Whether η̃ < 2/(λ_min + λ_max), the step size Lee et al. assume. */
  readonly withinLeeCondition: boolean;
  /** Discrete time: f_k after k GD steps (k a non-negative integer). */
  at(k: number): LinearizedPrediction;
  /** Discrete time for a list of step counts. */
  trajectory(steps: readonly number[]): LinearizedPrediction[];
  /** Continuous time (gradient flow with rate η̃): exp(−η̃Θt) in place of (I − η̃Θ)^k. */
  atTime(t: number): LinearizedPrediction;
  /** Continuous time for a list of times. */
  flowTrajectory(times: readonly number[]): LinearizedPrediction[];
}

/**
 * The linearized model f^lin_θ(x) = f₀(x) + ∇f₀(x)(θ − θ₀) trained by gradient descent on the
 * squared loss L = (1/(2c))·Σ(f − y)², in closed form (https://overparam.dev/docs/theory/linearized-gd#discrete-time; Lee et al., "Wide neural
 * networks of any depth evolve as linear models under gradient descent", NeurIPS 2019, eqs. (8)–(11),
 * there in continuous time; the discrete-time version is exact for the linear model). With
 * η̃ = η/c and r₀ = f₀(X) − y:
 *
 * - train: f_k(X) = y + (I − η̃Θ)^k·r₀,
 * - test: f_k(x) = f₀(x) − Θ(x,X)·Θ⁻¹·[I − (I − η̃Θ)^k]·r₀,
 * - continuous time: (I − η̃Θ)^k → exp(−η̃Θt).
 *
 * Computed in float64 on the CPU through Θ = VΛVᵀ (eigh, once): (I − η̃Θ)^k = V·diag(q_i^k)·Vᵀ with
 * q_i = 1 − η̃λ_i, and Θ⁻¹[I − (I − η̃Θ)^k] = V·diag(g_i)·Vᵀ with g_i = (1 − q_i^k)/λ_i =
 * η̃·Σ_{j<k} q_i^j, evaluated as −expm1(k·log1p(−η̃λ_i))/λ_i when |η̃λ_i| < 1/2 (no cancellation
 * for small or zero eigenvalues; g = η̃k at λ = 0), so Θ may be singular: the formula is then the
 * exact GD iterate, not a pseudo-inverse. Each prediction costs O(n² + mn) after an O(n³ + mn²)
 * setup. Beyond 2/λ_max the predictions grow like |q_max|^k and overflow to ±Infinity, as GD does.
 *
 * Θ must be positive semi-definite, as a tangent kernel JJᵀ is: λ_min(Θ) < −τ·tr|Θ|
 * (τ = `indefiniteTolerance`, 1e-6, the rule of solvePsd) is rejected, since (I − η̃Θ)^k of an
 * indefinite "kernel" is not GD on any model.
 *
 * @throws ShapeMismatchError for inconsistent sizes; NonFiniteError for NaN/±Inf inputs;
 *   NotSymmetricError for a non-symmetric Θ; NotPositiveDefiniteError for an indefinite Θ;
 *   InvalidArgumentError for a bad learning rate, lossNormalization, options, step count or a
 *   test query without a test kernel; WorkBudgetError for sizes over the work budget.
 * @example
 * const lin = linearizedModel({ ntkTrain: [[2, 0], [0, 1]], f0Train: [0, 0], yTrain: [1, 1],
 *   learningRate: 0.5, lossNormalization: 'sum' });
 * lin.at(1).train        // Float64Array [1, 0.5]  (modes contract by 1 − η̃λ = 0, 0.5)
 * lin.thresholds.maxStableEffectiveStep // 1
 */
export function linearizedModel(options: LinearizedModelOptions): LinearizedModel {
  const op = 'linearizedModel';
  const { K, n, f0, y, Kx, f0x, c, effectiveStep: eta } = readLinearizedInputs(op, options);
  const tolerance = readIndefiniteTolerance(op, options.indefiniteTolerance);
  assertWorkBudget(
    op,
    linearizedModelWork(n, Kx ? Kx.rows : 0),
    options.budget,
    'use fewer points',
  );

  const { values, vectors: V } = eigh(K);
  assertPositiveSemiDefinite(op, 'ntkTrain', values, K, tolerance);
  // a = Vᵀ r₀: the initial residual in the eigenbasis of Θ.
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = (f0[i] as number) - (y[i] as number);
    for (let j = 0; j < n; j++) a[j] = (a[j] as number) + (V.data[i * n + j] as number) * r;
  }
  // B = Θ(x,X)·V (m×n), so a test prediction is one matvec.
  const B = Kx ? matmul(Kx, V) : null;
  const thresholds = thresholdsFromEigenvalues(values, c);
  let contraction = 0;
  for (const lambda of values) contraction = Math.max(contraction, Math.abs(1 - eta * lambda));

  const predict = (
    time: number,
    decay: (lambda: number) => number,
    gain: (lambda: number) => number,
  ) => {
    const train = Float64Array.from(y);
    const coefTrain = new Float64Array(n);
    const coefTest = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const lambda = values[j] as number;
      coefTrain[j] = decay(lambda) * (a[j] as number);
      if (B) coefTest[j] = gain(lambda) * (a[j] as number);
    }
    let sq = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (V.data[i * n + j] as number) * (coefTrain[j] as number);
      train[i] = (train[i] as number) + s;
      sq += s * s;
    }
    let test: Float64Array | null = null;
    if (B && f0x) {
      const m = B.rows;
      test = Float64Array.from(f0x);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (B.data[i * n + j] as number) * (coefTest[j] as number);
        test[i] = (test[i] as number) - s;
      }
    }
    return { time, train, test, loss: sq / (2 * c) };
  };

  const at = (k: number): LinearizedPrediction => {
    assertStepCount(op, 'k', k);
    return predict(
      k,
      (lambda) => (1 - eta * lambda) ** k,
      (lambda) => discreteGain(eta, lambda, k),
    );
  };
  const atTime = (t: number): LinearizedPrediction => {
    assertNonNegative(op, 't', t, 'a time in steps of η');
    return predict(
      t,
      (lambda) => Math.exp(-eta * lambda * t),
      (lambda) => (lambda === 0 ? eta * t : -Math.expm1(-eta * lambda * t) / lambda),
    );
  };
  const lambdaMin = thresholds.lambdaMin;
  return {
    n,
    nTest: B ? B.rows : 0,
    effectiveStep: eta,
    eigenvalues: values,
    thresholds,
    contraction,
    converges: eta < thresholds.maxStableEffectiveStep && lambdaMin >= 0,
    withinLeeCondition: eta < thresholds.leeEffectiveStep,
    at,
    trajectory: (steps) => list(op, 'steps', steps).map((k) => at(k)),
    atTime,
    flowTrajectory: (times) => list(op, 'times', times).map((t) => atTime(t)),
  };
}

/** The work of the closed form's setup (see LinearizedModelOptions.budget). */
export function linearizedModelWork(n: number, m: number): { flops: number; bytes: number } {
  return { flops: 9 * n ** 3 + 2 * m * n * n, bytes: 8 * (3 * n * n + 2 * m * n) };
}

function list(op: string, name: string, values: readonly number[]): readonly number[] {
  if (!Array.isArray(values)) {
    throw new InvalidArgumentError(name, values, 'an array of step counts or times', op);
  }
  return values;
}

/** g = (1 − (1 − η̃λ)^k)/λ = η̃·Σ_{j<k}(1 − η̃λ)^j, without cancellation for small η̃λ. */
function discreteGain(eta: number, lambda: number, k: number): number {
  const x = eta * lambda;
  if (x === 0) return eta * k;
  if (Math.abs(x) < 0.5) return -Math.expm1(k * Math.log1p(-x)) / lambda;
  return (1 - (1 - x) ** k) / lambda;
}
