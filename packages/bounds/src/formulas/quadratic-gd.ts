import {
  asMatrix64,
  assertInteger,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asVector,
  eigvalsh,
  InvalidArgumentError,
  type MatrixInput,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { norm2, timesPow2 } from '../internal/float64.js';

/** Options of {@link quadraticGd}. */
export interface QuadraticGdOptions {
  /** A, d×d symmetric positive semi-definite: L(θ) = ½θᵀAθ. */
  A: MatrixInput;
  /** θ₀ (length d). */
  theta0: VectorInput;
  /** Learning rate η of θ ← θ − η∇L (no loss normalization here: η is also the effective step). */
  learningRate: number;
  /** GD steps k, an integer in [0, 1e8] (beyond, ‖θ_k‖ ≤ factor^k·‖θ₀‖ says what GD does). */
  steps: number;
  /**
   * Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor. The estimate is
   * 10d³ (eigvalsh) + 2d²·k flops and 8·(3d² + 4d) bytes, checked before anything runs.
   */
  budget?: WorkBudget;
}

/** The most steps one call runs (about 2–3 s at d = 2, whatever the budget). */
const MAX_STEPS = 1e8;

/** What {@link quadraticGd} returns. */
export interface QuadraticGdResult {
  /** S = λ_max(A), the sharpness of L(θ) = ½θᵀAθ. */
  sharpness: number;
  /** 2/S: the largest step for which GD does not diverge; +Infinity when S = 0 (A = 0: every step is stable). */
  threshold: number;
  /**
   * ‖θ_k‖/‖θ₀‖ after the steps; null when θ₀ = 0 (then θ_k = 0 for every k and the ratio is
   * 0/0). +Infinity only when the ratio itself exceeds float64 (beyond ~1.8e308, a run far
   * above the threshold) and 0 when it is below the smallest float64 (a long converging run):
   * {@link QuadraticGdResult.logGrowth} is finite in both cases.
   */
  growth: number | null;
  /**
   * log(‖θ_k‖/‖θ₀‖), finite however far GD diverged (the iterate is rescaled by exact powers
   * of two as it grows or shrinks); −Infinity only when θ_k is exactly 0 (e.g. A = I, η = 1);
   * null when θ₀ = 0.
   */
  logGrowth: number | null;
  /** max_i |1 − ηλ_i|: the per-step factor of the slowest-decaying (or fastest-growing) mode. */
  factor: number;
}

/**
 * Gradient descent on the quadratic L(θ) = ½θᵀAθ (A symmetric positive semi-definite):
 * θ_{t+1} = θ_t − η·Aθ_t = (I − ηA)θ_t. Each eigen-component is multiplied by 1 − ηλ_i per step,
 * so GD diverges iff the sharpness S = λ_max(A) exceeds 2/η (Cohen et al., ICLR 2021, §2): the
 * exact rule behind the edge-of-stability bound. Runs the iteration in float64 and returns the
 * measured growth with S and 2/S (eigvalsh). The iterate is rescaled by powers of two when it
 * leaves [2⁻⁵⁰⁰, 1] in max-norm, which changes no rounding, so a diverging run never overflows
 * to Infinity − Infinity = NaN.
 *
 * Work: k ≤ 1e8 steps, and 10d³ + 2d²·k flops and 8·(3d² + 4d) bytes against `budget` (default
 * `DEFAULT_WORK_BUDGET`, 2e11 flops), both checked before anything runs: steps = 1e9 is refused
 * at any d (the step cap), steps = 1e8 at d = 40 by the budget.
 *
 * @throws ShapeMismatchError for a non-square A or θ₀ of the wrong length; InvalidArgumentError
 *   for η ≤ 0, a step count that is not an integer in [0, 1e8], an A with a negative eigenvalue, or
 *   η·max|λ_i| beyond float64; WorkBudgetError when the run exceeds the budget.
 * @example
 * quadraticGd({ A: [[4, 0], [0, 1]], theta0: [1, 1], learningRate: 0.45, steps: 100 }).growth // < 1 (S = 4 < 2/0.45)
 * quadraticGd({ A: [[4, 0], [0, 1]], theta0: [1, 1], learningRate: 0.55, steps: 100 }).growth // ≫ 1 (S = 4 > 2/0.55)
 * quadraticGd({ A: [[4, 0], [0, 1]], theta0: [0, 0], learningRate: 0.45, steps: 100 }).growth // null (θ₀ = 0)
 */
export function quadraticGd(options: QuadraticGdOptions): QuadraticGdResult {
  const op = 'quadraticGd';
  assertOptions(op, 'options', options, false);
  const A = asMatrix64(op, 'A', options.A, { square: true });
  const n = A.rows;
  const theta0 = asVector(op, 'theta0', options.theta0, {
    length: n,
    meaning: 'one entry per row of A',
  });
  const { learningRate: eta, steps } = options;
  assertPositive(op, 'learningRate', eta, 'the GD step size η');
  assertInteger(op, 'steps', steps, { min: 0, max: MAX_STEPS }, 'the number of GD steps');
  assertWorkBudget(
    op,
    { flops: 10 * n ** 3 + 2 * n * n * steps, bytes: 8 * (3 * n * n + 4 * n) },
    options.budget,
    'lower steps or the size of A',
  );
  const values = eigvalsh(A);
  const lo = values[0] as number;
  const sharpness = values[n - 1] as number;
  const scale = Math.max(Math.abs(lo), Math.abs(sharpness));
  if (lo < -1e-12 * scale) {
    throw new InvalidArgumentError(
      'A',
      `a matrix with λ_min = ${lo.toPrecision(4)}`,
      'a symmetric positive semi-definite matrix (L(θ) = ½θᵀAθ must be bounded below); pass e.g. BᵀB',
      op,
    );
  }
  if (!Number.isFinite(eta * scale)) {
    throw new InvalidArgumentError(
      'learningRate',
      eta,
      `a step with η·max|λ_i(A)| finite in float64 (max|λ_i| = ${scale.toExponential(2)})`,
      op,
    );
  }
  let factor = 0;
  for (const v of values) factor = Math.max(factor, Math.abs(1 - eta * v));
  const threshold = sharpness > 0 ? 2 / sharpness : Number.POSITIVE_INFINITY;
  const norm0 = norm2(theta0);
  if (norm0 === 0) return { sharpness, threshold, growth: null, logGrowth: null, factor };
  let theta = Float64Array.from(theta0);
  let next = new Float64Array(n);
  const a = A.data;
  // θ is kept as θ_true·2^(−exponent): rescaling by a power of two is exact, so the iterate
  // stays in [2⁻⁵⁰⁰, 1] in max-norm and never overflows (or underflows) along the way.
  let exponent = 0;
  for (let t = 0; t < steps; t++) {
    let max = 0;
    for (let r = 0; r < n; r++) {
      let g = 0;
      for (let c = 0; c < n; c++) g += (a[r * n + c] as number) * (theta[c] as number);
      const v = (theta[r] as number) - eta * g;
      next[r] = v;
      if (v > max) max = v;
      else if (-v > max) max = -v;
    }
    const swap = theta;
    theta = next;
    next = swap;
    if (max > 1 || (max < 2 ** -500 && max > 0)) {
      const e = Math.ceil(Math.log2(max));
      const f = 2 ** -e;
      for (let r = 0; r < n; r++) theta[r] = (theta[r] as number) * f;
      exponent += e;
    }
  }
  const ratio = norm2(theta) / norm0;
  if (ratio === 0) return { sharpness, threshold, growth: 0, logGrowth: -Infinity, factor };
  return {
    sharpness,
    threshold,
    growth: timesPow2(ratio, exponent),
    logGrowth: Math.log(ratio) + exponent * Math.LN2,
    factor,
  };
}
