import { gramInfinityKernel } from '@overparam/kernels';
import {
  asMatrix64,
  assertInteger,
  assertNumber,
  assertOptions,
  assertWorkBudget,
  asVector,
  eigh,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { norm2 } from '../internal/float64.js';

/** Options of {@link gramInfinity}, {@link aroraComplexity} and {@link kernelRegimeResiduals}. */
export interface GramInfinityOptions {
  /** Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor (each function states its estimate). */
  budget?: WorkBudget;
}

/** H^∞ of a data set with its spectrum (see {@link gramInfinity}). */
export interface GramInfinity {
  /** H^∞(X, X), n×n. */
  H: Matrix64;
  /** Eigenvalues, ascending. */
  eigenvalues: Float64Array;
  /** Orthonormal eigenvectors as columns. */
  eigenvectors: Matrix64;
  /** λ₀ = λ_min(H^∞). */
  lambda0: number;
  lambdaMax: number;
}

/** Rows of X must have unit norm to this relative accuracy (‖x‖ = 1 in Du et al.). */
const UNIT_TOLERANCE = 1e-8;

/**
 * The quantities Du, Zhai, Póczos & Singh (ICLR 2019, Assumption 3.1 and Theorem 3.1) and Arora
 * et al. (ICML 2019, §3) state about the Gram matrix H^∞ of unit-norm training inputs: H^∞ itself
 * (the kernel H^∞(x, x') = ⟨x, x'⟩(π − θ)/(2π) of @overparam/kernels' gramInfinityKernel), its
 * eigendecomposition (float64, eigh of @overparam/tensor) and λ₀ = λ_min(H^∞), which is > 0 when
 * no two inputs are parallel (with duplicated or parallel inputs λ₀ is 0 up to rounding, so it
 * may come out as a tiny negative number: the spectrum is reported as computed). Checks the
 * theorems' premise ‖x_i‖ = 1. One point gives H^∞ = [[1/2]].
 *
 * Work budget: 2n²d + 10n³ flops (the kernel and eigh) and 24n² bytes, checked against
 * `options.budget` before anything is allocated.
 *
 * @throws InvalidArgumentError when a row of X is not of unit norm (normalize the inputs);
 *   ShapeMismatchError / NonFiniteError for a malformed X; WorkBudgetError for an n beyond the
 *   budget.
 * @example
 * gramInfinity(fromArray([[1, 0], [0, 1]])).H // [[0.5, 0], [0, 0.5]]
 */
export function gramInfinity(X: MatrixInput, options: GramInfinityOptions = {}): GramInfinity {
  const op = 'gramInfinity';
  const x = asMatrix64(op, 'X', X, { meaning: 'one unit-norm row per training point' });
  assertOptions(op, 'options', options);
  const { rows: n, cols: d } = x;
  assertWorkBudget(
    op,
    { flops: 2 * n * n * d + 10 * n ** 3, bytes: 24 * n * n },
    options.budget,
    'use fewer training points',
  );
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (x.data[i * d + k] as number) ** 2;
    if (!(Math.abs(Math.sqrt(s) - 1) <= UNIT_TOLERANCE)) {
      throw new InvalidArgumentError(
        `‖x_${i}‖`,
        Math.sqrt(s),
        '1: H^∞ is defined for unit-norm inputs (Du et al. assume ‖x‖ = 1); divide each row by its norm',
        op,
      );
    }
  }
  const H = gramInfinityKernel().f64(x);
  const { values, vectors } = eigh(H);
  return {
    H,
    eigenvalues: values,
    eigenvectors: vectors,
    lambda0: values[0] as number,
    lambdaMax: values[n - 1] as number,
  };
}

/** The shape of a {@link GramInfinity} (as gramInfinity returns it): n eigenvalues, n×n vectors. */
function checkGram(op: string, g: GramInfinity): number {
  assertOptions(op, 'g', g, false);
  const V = asMatrix64(op, 'g.eigenvectors', g.eigenvectors, {
    square: true,
    meaning: 'the eigenvectors of gramInfinity(X)',
  });
  asVector(op, 'g.eigenvalues', g.eigenvalues, { length: V.rows, meaning: 'one per point' });
  return V.rows;
}

/** Vᵀr: r in the eigenbasis of H^∞. */
function coefficients(g: GramInfinity, r: Float64Array): Float64Array {
  const n = r.length;
  const V = g.eigenvectors;
  const c = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (V.data[i * n + j] as number) * (r[i] as number);
    c[j] = s;
  }
  return c;
}

/**
 * Arora et al.'s data-dependent complexity yᵀ(H^∞)⁻¹y (ICML 2019, Theorem 5.1), solved through
 * the eigendecomposition of {@link gramInfinity} (tensor's eigh): Σ_i (v_iᵀy)²/λ_i. Small for
 * labels a smooth function explains (≤ 9‖β‖² for y = ⟨β, x⟩, their Corollary 6.2), of order n
 * for random labels; 0 for y = 0. Float64. Work: 2n² flops, 16n bytes (budget checked).
 * A square (v_iᵀy)² that overflows is avoided (the sum is rescaled), so the result is finite
 * whenever yᵀ(H^∞)⁻¹y is representable; beyond float64 it is a typed error, never +∞.
 *
 * @throws InvalidArgumentError when λ₀ ≤ 1e-12·λ_max (parallel inputs: H^∞ singular), or when
 *   yᵀ(H^∞)⁻¹y exceeds float64 (|y| ~ 1e300 with λ_i ~ 1 gives ~1e600; rescale y);
 *   ShapeMismatchError when y has the wrong length or g is not a gramInfinity result.
 * @example
 * aroraComplexity(gramInfinity(fromArray([[1, 0], [0, 1]])), [1, 1]) // 4
 */
export function aroraComplexity(
  g: GramInfinity,
  y: VectorInput,
  options: GramInfinityOptions = {},
): number {
  const op = 'aroraComplexity';
  const n = checkGram(op, g);
  const labels = asVector(op, 'y', y, { length: n, meaning: 'one label per training point' });
  assertOptions(op, 'options', options);
  assertWorkBudget(op, { flops: 2 * n * n, bytes: 16 * n }, options.budget);
  if (!(g.lambda0 > 1e-12 * g.lambdaMax)) {
    throw new InvalidArgumentError(
      'λ₀ = λ_min(H^∞)',
      g.lambda0,
      `> 1e-12·λ_max = ${(1e-12 * g.lambdaMax).toExponential(2)}: H^∞ is singular when two inputs are parallel; remove duplicated or parallel inputs`,
      op,
    );
  }
  const c = coefficients(g, labels);
  let s = 0;
  for (let j = 0; j < n; j++)
    s += ((c[j] as number) * (c[j] as number)) / (g.eigenvalues[j] as number);
  if (Number.isFinite(s)) return s;
  // A square c_j² overflowed: Σ (c_j/√λ_j)² scaled as in dnrm2 is finite whenever the sum is.
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) t[j] = (c[j] as number) / Math.sqrt(g.eigenvalues[j] as number);
  const root = norm2(t);
  const scaled = root * root;
  if (Number.isFinite(scaled)) return scaled;
  throw new InvalidArgumentError(
    'yᵀ(H^∞)⁻¹y',
    scaled,
    `a value within float64 (~1.8e308), but ‖(H^∞)^(−1/2)y‖ = ${root.toExponential(2)}: the labels are too large; rescale y (the complexity scales as |y|²)`,
    op,
  );
}

/**
 * ‖(I − ηH^∞)^k r‖ for k = 0..steps: the residual of GD with learning rate η on the loss
 * ½Σ(y_i − u_i)² of the two-layer ReLU network in the kernel regime (Arora et al., ICML 2019,
 * Theorem 4.1, with r = y − u(0)). Computed in the eigenbasis of {@link gramInfinity},
 * √Σ_i ((1 − ηλ_i)^k·v_iᵀr)², each norm scaled as in dnrm2 so that no square overflows.
 * Float64. r = 0 gives zeros at every step; a step far above 2/λ_max gives norms that grow
 * geometrically and reach +Infinity only where the norm itself exceeds float64 (~1.8e308).
 *
 * Work budget: (k + 1)·n·30 + 2n² flops and 8·(k + 1) + 24n bytes, checked against
 * `options.budget` before the output is allocated: steps = 1e9 is refused with WorkBudgetError.
 *
 * @throws ShapeMismatchError when r has the wrong length; InvalidArgumentError for a learning
 *   rate that is not a finite number or a step count that is not an integer ≥ 0 (Infinity
 *   included); WorkBudgetError when (k + 1)·n exceeds the budget.
 * @example
 * kernelRegimeResiduals(gramInfinity(fromArray([[1, 0], [0, 1]])), [1, 1], 1, 2) // [1.414…, 0.707…, 0.353…]
 */
export function kernelRegimeResiduals(
  g: GramInfinity,
  r: VectorInput,
  learningRate: number,
  steps: number,
  options: GramInfinityOptions = {},
): number[] {
  const op = 'kernelRegimeResiduals';
  const n = checkGram(op, g);
  const residual = asVector(op, 'r', r, { length: n, meaning: 'one residual per training point' });
  assertNumber(op, 'learningRate', learningRate, {}, 'the GD step size η');
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps');
  assertOptions(op, 'options', options);
  assertWorkBudget(
    op,
    { flops: (steps + 1) * n * 30 + 2 * n * n, bytes: 8 * (steps + 1) + 24 * n },
    options.budget,
    'lower steps',
  );
  const c = coefficients(g, residual);
  const out: number[] = [];
  const terms = new Float64Array(n);
  for (let k = 0; k <= steps; k++) {
    for (let j = 0; j < n; j++) {
      const cj = c[j] as number;
      // 0·(1 − ηλ)^k is 0 even when the power overflows (0·Infinity would be NaN).
      terms[j] = cj === 0 ? 0 : (1 - learningRate * (g.eigenvalues[j] as number)) ** k * cj;
    }
    out.push(norm2(terms));
  }
  return out;
}
