import {
  asMatrix64,
  assertInteger,
  assertOptions,
  assertPositive,
  asVector,
  eigvalsh,
  type MatrixInput,
  type VectorInput,
} from '@overparam/tensor';

/** Options of {@link quadraticGd}. */
export interface QuadraticGdOptions {
  /** A, d×d symmetric positive semi-definite: L(θ) = ½θᵀAθ. */
  A: MatrixInput;
  /** θ₀ (length d). */
  theta0: VectorInput;
  /** Learning rate η of θ ← θ − η∇L (no loss normalization here: η is also the effective step). */
  learningRate: number;
  /** GD steps k (an integer ≥ 0). */
  steps: number;
}

/** What {@link quadraticGd} returns. */
export interface QuadraticGdResult {
  /** S = λ_max(A), the sharpness of L(θ) = ½θᵀAθ. */
  sharpness: number;
  /** 2/S: the largest step for which GD does not diverge. */
  threshold: number;
  /** ‖θ_k‖/‖θ₀‖ after the steps. */
  growth: number;
  /** max_i |1 − ηλ_i|: the per-step factor of the slowest-decaying (or fastest-growing) mode. */
  factor: number;
}

/**
 * Gradient descent on the quadratic L(θ) = ½θᵀAθ (A symmetric positive semi-definite):
 * θ_{t+1} = θ_t − η·Aθ_t = (I − ηA)θ_t. Each eigen-component is multiplied by 1 − ηλ_i per step,
 * so GD diverges iff the sharpness S = λ_max(A) exceeds 2/η (Cohen et al., ICLR 2021, §2): the
 * exact rule behind the edge-of-stability bound. Runs the iteration in float64 and returns the
 * measured growth with S and 2/S (eigvalsh).
 *
 * @throws ShapeMismatchError for a non-square A or θ₀ of the wrong length; InvalidArgumentError
 *   for η ≤ 0 or a step count that is not an integer ≥ 0.
 * @example
 * quadraticGd({ A: [[4, 0], [0, 1]], theta0: [1, 1], learningRate: 0.45, steps: 100 }).growth // < 1 (S = 4 < 2/0.45)
 * quadraticGd({ A: [[4, 0], [0, 1]], theta0: [1, 1], learningRate: 0.55, steps: 100 }).growth // ≫ 1 (S = 4 > 2/0.55)
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
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps');
  const values = eigvalsh(A);
  const sharpness = values[n - 1] as number;
  let factor = 0;
  for (const v of values) factor = Math.max(factor, Math.abs(1 - eta * v));
  let theta = theta0;
  const norm0 = Math.hypot(...theta);
  const next = new Float64Array(n);
  for (let t = 0; t < steps; t++) {
    for (let r = 0; r < n; r++) {
      let g = 0;
      for (let c = 0; c < n; c++) g += (A.data[r * n + c] as number) * (theta[c] as number);
      next[r] = (theta[r] as number) - eta * g;
    }
    theta = Float64Array.from(next);
  }
  return { sharpness, threshold: 2 / sharpness, growth: Math.hypot(...theta) / norm0, factor };
}
