import {
  DEFAULT_INDEFINITE_TOLERANCE,
  type GdMsePrediction,
  type GradientDescentMse,
  gradientDescentMse,
  type LossNormalization,
  type StepSizeThresholds,
} from '@overparam/kernels';
import {
  assertNonNegative,
  assertWorkBudget,
  InvalidArgumentError,
  type MatrixInput,
  NotPositiveDefiniteError,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { assertStepCount, readLinearizedInputs } from './linearized-inputs.js';

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
 * Computed by @overparam/kernels' gradientDescentMse (this is its one-output form with f₀ given),
 * in float64 on the CPU through Θ = VΛVᵀ (eigh, once): (I − η̃Θ)^k = V·diag(q_i^k)·Vᵀ with
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
  const { K, n, f0, y, Kx, f0x, c } = readLinearizedInputs(op, options);
  const tolerance = options.indefiniteTolerance ?? DEFAULT_INDEFINITE_TOLERANCE;
  assertNonNegative(op, 'indefiniteTolerance', tolerance, 'τ in λ_min < −τ·tr|Θ|, e.g. 1e-6');
  assertWorkBudget(
    op,
    linearizedModelWork(n, Kx ? Kx.rows : 0),
    options.budget,
    'use fewer points',
  );
  // The closed form is kernels' gradientDescentMse (one eigendecomposition); this wrapper keeps
  // the one-output, f₀-given shape of the linearized network and its names in errors.
  let gd: GradientDescentMse;
  try {
    gd = gradientDescentMse(K, y, {
      learningRate: options.learningRate,
      lossNormalization: c,
      indefiniteTolerance: tolerance,
      ...(options.budget ? { budget: options.budget } : {}),
    });
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) {
      error.message = error.message
        .replace('gradientDescentMse: kTrainTrain', `${op}: ntkTrain`)
        .replaceAll('kTrainTrain', 'ntkTrain');
    }
    throw error;
  }
  if (!(gd.thresholds.lambdaMax > 0)) {
    throw new InvalidArgumentError(
      'λ_max(ntkTrain)',
      gd.thresholds.lambdaMax,
      'a positive largest eigenvalue: a tangent kernel is positive semi-definite and non-zero; check that ntkTrain is JJᵀ on the training points',
      op,
    );
  }
  // Vᵀ(f₀ − y) and Θ(x, X)·V once: each at(k) of a training loop's measurements is then O(n² + mn).
  const prepared = gd.prepare({
    fTrain0: f0,
    ...(Kx && f0x ? { kTestTrain: Kx, fTest0: f0x } : {}),
  });
  const toLinearized = (p: GdMsePrediction): LinearizedPrediction => ({
    time: p.at,
    train: p.train.data,
    test: p.test ? p.test.data : null,
    loss: p.loss,
  });
  const thresholds = gd.thresholds;
  const at = (k: number): LinearizedPrediction => {
    assertStepCount(op, 'k', k);
    return toLinearized(prepared.predict({ steps: k }));
  };
  const atTime = (t: number): LinearizedPrediction => {
    assertNonNegative(op, 't', t, 'a time in steps of η');
    return toLinearized(prepared.predict({ time: t }));
  };
  return {
    n,
    nTest: Kx ? Kx.rows : 0,
    effectiveStep: gd.effectiveStep,
    eigenvalues: gd.eigenvalues,
    thresholds,
    contraction: gd.contraction,
    converges: gd.converges && thresholds.lambdaMin >= 0,
    withinLeeCondition: gd.withinLeeCondition,
    at,
    trajectory: (steps) => {
      for (const [i, k] of list(op, 'steps', steps).entries())
        assertStepCount(op, `steps[${i}]`, k);
      return prepared.predict({ steps }).map(toLinearized);
    },
    atTime,
    flowTrajectory: (times) => {
      for (const [i, t] of list(op, 'times', times).entries())
        assertNonNegative(op, `times[${i}]`, t, 'a time in steps of η');
      return prepared.predict({ time: times }).map(toLinearized);
    },
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
