import {
  assertFunction,
  assertInteger,
  assertOptions as assertOptionsObject,
  assertPositive,
  assertWorkBudget,
  createRng,
  InvalidArgumentError,
  NonFiniteError,
  SEED_RANGE,
  ShapeMismatchError,
  type TensorInput,
  type TensorTargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertModel } from '../internal/assert-model.js';
import { mlpSizes } from '../internal/mlp-work.js';
import { type MlpHessianOptions, mlpHessianOperator } from './hessian-vector-product.js';
import type { Mlp } from './mlp.js';

/** v ↦ H·v on a list of tensors shaped like the parameters (the result is disposed by the caller). */
export type HessianVectorProductFn = (
  v: readonly tf.Tensor[],
) => tf.Tensor[] | Promise<tf.Tensor[]>;

/** Options of {@link hessianTopEigenvalue} and {@link mlpSharpness}. Defaults in {@link SHARPNESS_DEFAULTS}. */
export interface SharpnessOptions {
  /**
   * Power iterations always done, whatever the tolerance. Default 20, or maxIterations when that
   * is lower (an explicit cap below 20 is a request for fewer products, not a conflict).
   */
  minIterations?: number;
  /** Iteration cap. Default 100. */
  maxIterations?: number;
  /** Stop (after minIterations) when ‖Hv − λv‖ ≤ tol·|λ|. Default 1e-3. */
  tol?: number;
  /** Seed of the random start vector (createRng). Default 0. */
  seed?: number;
  /**
   * A start vector (one array per parameter tensor), e.g. the `vector` of the previous
   * measurement: warm starts make a sharpness tracked along training converge in a few steps.
   */
  start?: readonly ArrayLike<number>[];
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the start vector is drawn: 16·P bytes of vectors and 2·maxIterations·10·P flops besides the
   * Hessian-vector products (two passes at most), P the total size of the shapes; mlpSharpness
   * adds the products, ~8·n·P flops each, and the forward state, 16·n·H bytes.
   */
  budget?: WorkBudget;
}

/** The defaults of {@link SharpnessOptions}, in one place. */
export const SHARPNESS_DEFAULTS = {
  minIterations: 20,
  maxIterations: 100,
  tol: 1e-3,
  seed: 0,
} as const;

/** Result of {@link hessianTopEigenvalue} / {@link mlpSharpness}. */
export interface SharpnessResult {
  /** λ_max(H), the sharpness S when H = ∇²L. */
  value: number;
  /** Power iterations done (both passes when a shift was needed). */
  iterations: number;
  /** ‖Hv − λv‖ for the final unit vector v. */
  residual: number;
  /** Whether residual ≤ tol·|λ| (λ of the shifted operator after a shift). */
  converged: boolean;
  /**
   * Whether the dominant eigenvalue was negative (|λ_min| > λ_max), so a second pass on H − λ_min·I
   * found λ_max.
   */
  shifted: boolean;
  /** The unit eigenvector estimate, one Float32Array per parameter tensor (a warm start). */
  vector: Float32Array[];
}

interface PassResult {
  value: number;
  converged: boolean;
  residual: number;
  iterations: number;
  vector: tf.Tensor[];
}

/** The power-iteration settings of {@link SharpnessOptions}, checked, defaults filled in. */
export type PowerSettings = Required<Omit<SharpnessOptions, 'start' | 'budget'>>;

/**
 * Checks the power-iteration options (an options object; minIterations, maxIterations integers
 * ≥ 1 with max ≥ min; tol > 0; a seed in [0, 2^32)) and fills in {@link SHARPNESS_DEFAULTS}
 * (minIterations: min(20, maxIterations)): only `undefined` means the default, so an explicit
 * null fails like any other bad value. Shared by hessianTopEigenvalue, mlpSharpness and
 * sharpnessMeasurement, which checks at creation.
 *
 * @throws InvalidArgumentError naming the first bad option.
 */
export function resolvePowerSettings(op: string, options: SharpnessOptions): PowerSettings {
  assertOptionsObject(op, 'options', options);
  const {
    maxIterations = SHARPNESS_DEFAULTS.maxIterations,
    tol = SHARPNESS_DEFAULTS.tol,
    seed = SHARPNESS_DEFAULTS.seed,
  } = options;
  assertInteger(op, 'maxIterations', maxIterations, { min: 1 }, 'a number of power iterations');
  const { minIterations = Math.min(SHARPNESS_DEFAULTS.minIterations, maxIterations) } = options;
  assertInteger(op, 'minIterations', minIterations, { min: 1 }, 'a number of power iterations');
  if (maxIterations < minIterations) {
    throw new InvalidArgumentError(
      'maxIterations',
      maxIterations,
      `at least minIterations (${minIterations})`,
      op,
    );
  }
  assertPositive(op, 'tol', tol, 'e.g. 1e-3');
  assertInteger(op, 'seed', seed, SEED_RANGE, 'the seed of the start vector');
  return { minIterations, maxIterations, tol, seed };
}

async function powerPass(
  op: string,
  hvp: HessianVectorProductFn,
  start: tf.Tensor[],
  shift: number,
  o: PowerSettings,
): Promise<PassResult> {
  let v = start;
  let value = Number.NaN;
  let residual = Number.POSITIVE_INFINITY;
  let iterations = 0;
  try {
    while (iterations < o.maxIterations) {
      const raw = checkProduct(op, await hvp(v), v);
      iterations++;
      const [next, stats] = tf.tidy(() => {
        const w =
          shift === 0 ? raw : raw.map((t, i) => tf.sub(t, tf.mul(shift, v[i] as tf.Tensor)));
        const lambda = tf.addN(w.map((t, i) => tf.sum(tf.mul(t, v[i] as tf.Tensor))));
        const res = tf.sqrt(
          tf.addN(w.map((t, i) => tf.sum(tf.square(tf.sub(t, tf.mul(lambda, v[i] as tf.Tensor)))))),
        );
        const nrm = tf.sqrt(tf.addN(w.map((t) => tf.sum(tf.square(t)))));
        return [w.map((t) => tf.div(t, nrm)), tf.stack([lambda, res, nrm])] as const;
      });
      tf.dispose(raw);
      const [lambda, res, nrm] = Array.from(await stats.data()) as [number, number, number];
      stats.dispose();
      if (!Number.isFinite(lambda) || !Number.isFinite(nrm) || !Number.isFinite(res)) {
        tf.dispose(next);
        throw new NonFiniteError(
          op,
          'H·v',
          iterations,
          0,
          Number.isFinite(lambda) ? nrm : lambda,
          `the Hessian-vector product at power iteration ${iterations}`,
        );
      }
      value = lambda;
      residual = res;
      if (nrm === 0 || (iterations >= o.minIterations && res <= o.tol * Math.abs(lambda))) {
        tf.dispose(next);
        break;
      }
      tf.dispose(v);
      v = [...next];
    }
  } catch (error) {
    tf.dispose(v);
    throw error;
  }
  return {
    value: value + shift,
    converged: residual <= o.tol * Math.abs(value),
    residual,
    iterations,
    vector: v,
  };
}

/**
 * Checks what a Hessian-vector product returned: a list of live tensors shaped like v. Anything
 * else is disposed (the tensors in it) before the ShapeMismatchError, so a buggy hvp leaks
 * nothing.
 */
function checkProduct(op: string, raw: unknown, v: readonly tf.Tensor[]): tf.Tensor[] {
  const fits =
    Array.isArray(raw) &&
    raw.length === v.length &&
    raw.every(
      (t, i) =>
        t instanceof tf.Tensor &&
        !t.isDisposed &&
        t.shape.length === (v[i] as tf.Tensor).shape.length &&
        t.shape.every((d: number, j: number) => d === (v[i] as tf.Tensor).shape[j]),
    );
  if (fits) return raw as tf.Tensor[];
  const tensors = Array.isArray(raw) ? raw.filter((t) => t instanceof tf.Tensor) : [];
  tf.dispose(tensors.filter((t) => !t.isDisposed && !v.includes(t)));
  throw new ShapeMismatchError(
    op,
    `hvp(v) returned ${Array.isArray(raw) ? `a list of ${raw.length} values` : raw === null ? 'null' : typeof raw}`,
    `a list of ${v.length} new tensors shaped like v ([${v.map((t) => `[${t.shape.join(', ')}]`).join(', ')}])`,
  );
}

/** Checks `shapes`: a non-empty list of shapes, each a list of integer sizes ≥ 1. Returns the sizes. */
function readShapes(op: string, shapes: readonly (readonly number[])[]): number[] {
  if (!Array.isArray(shapes) || shapes.length === 0) {
    throw new InvalidArgumentError(
      'shapes',
      shapes,
      'a non-empty list of parameter shapes, e.g. net.paramShapes',
      op,
    );
  }
  return shapes.map((shape, i) => {
    if (!Array.isArray(shape)) {
      throw new InvalidArgumentError(`shapes[${i}]`, shape, 'a shape, e.g. [784, 512]', op);
    }
    let size = 1;
    for (const [j, d] of shape.entries()) {
      assertInteger(op, `shapes[${i}][${j}]`, d, { min: 1 }, 'a dimension');
      size *= d;
    }
    return size;
  });
}

/**
 * The largest eigenvalue λ_max of a symmetric operator on parameter lists given as
 * Hessian-vector products: the sharpness S = λ_max(∇²L) of Cohen et al. ("Gradient descent on
 * neural networks typically occurs at the edge of stability", ICLR 2021; https://overparam.dev/docs/theory/sharpness#measuring-sharpness) when
 * `hvp` is v ↦ ∇²L·v. Power iteration with the Rayleigh quotient (Golub & Van Loan, Matrix
 * Computations, 4th ed., §7.3.1) on the concatenated parameter vector, normalized each step:
 * at least minIterations (20, or maxIterations when lower) products, then until ‖Hv − λv‖ ≤ tol·|λ| or maxIterations. The
 * error of λ falls like (|λ₂|/|λ₁|)^{2k}. Power iteration finds the eigenvalue of largest
 * magnitude; a Hessian can have a negative one larger than λ_max, so when the first pass ends
 * negative (λ_min), a second pass on H − λ_min·I (eigenvalues ≥ 0, the largest λ_max − λ_min)
 * returns λ_max. float32 tensors on the active backend; the vector comes back as Float32Arrays.
 *
 * @param shapes the parameter shapes (the shapes of v).
 * @throws NonFiniteError when H·v is NaN/±Inf; InvalidArgumentError for an hvp that is not a
 *   function, bad shapes or options, or a start vector of norm 0; ShapeMismatchError for a start
 *   of the wrong sizes or an hvp that returns anything but tensors shaped like v (disposed
 *   first); WorkBudgetError for sizes over the work budget.
 * @example
 * const A = tf.tensor2d([[2, 0], [0, 5]]);
 * const { value } = await hessianTopEigenvalue((v) => [tf.matMul(A, v[0] as tf.Tensor2D)], [[2, 1]]);
 * value // 5 (to float32 rounding)
 */
export async function hessianTopEigenvalue(
  hvp: HessianVectorProductFn,
  shapes: readonly (readonly number[])[],
  options: SharpnessOptions = {},
): Promise<SharpnessResult> {
  const op = 'hessianTopEigenvalue';
  assertFunction(op, 'hvp', hvp, 'v => H·v on a list of tensors shaped like the parameters');
  const sizes = readShapes(op, shapes);
  const o = resolvePowerSettings(op, options);
  const P = sizes.reduce((a, b) => a + b, 0);
  assertWorkBudget(
    op,
    { flops: 20 * o.maxIterations * P, bytes: 16 * P },
    options.budget,
    'lower maxIterations or the number of parameters',
  );
  const startArrays = startVector(op, options.start, sizes, o.seed);
  const start = tf.tidy(() => {
    const parts = startArrays.map((a, i) => tf.tensor(a, shapes[i] as number[], 'float32'));
    const nrm = tf.sqrt(tf.addN(parts.map((t) => tf.sum(tf.square(t)))));
    return parts.map((t) => tf.div(t, nrm));
  });
  let pass = await powerPass(op, hvp, start, 0, o);
  let iterations = pass.iterations;
  let shifted = false;
  if (pass.value < 0) {
    // |λ_min| dominates: λ_max is the top of H − λ_min·I, shifted back.
    shifted = true;
    const shift = pass.value;
    const restart = tf.tidy(() => {
      const parts = startArrays.map((a, i) => tf.tensor(a, shapes[i] as number[], 'float32'));
      const nrm = tf.sqrt(tf.addN(parts.map((t) => tf.sum(tf.square(t)))));
      return parts.map((t) => tf.div(t, nrm));
    });
    tf.dispose(pass.vector);
    pass = await powerPass(op, hvp, restart, shift, o);
    iterations += pass.iterations;
  }
  const vector = await Promise.all(pass.vector.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(pass.vector);
  return {
    value: pass.value,
    iterations,
    residual: pass.residual,
    converged: pass.converged,
    shifted,
    vector,
  };
}

function startVector(
  op: string,
  start: readonly ArrayLike<number>[] | undefined,
  sizes: number[],
  seed: number,
): Float32Array[] {
  if (start === undefined) {
    const rng = createRng(seed);
    return sizes.map((n) => rng.fillNormal(new Float32Array(n)));
  }
  if (!Array.isArray(start) || start.length !== sizes.length) {
    throw new ShapeMismatchError(
      op,
      `start has ${Array.isArray(start) ? start.length : 'no'} arrays`,
      `${sizes.length} arrays, one per parameter tensor`,
    );
  }
  let norm2 = 0;
  const arrays = start.map((a: ArrayLike<number>, i) => {
    if (!Array.isArray(a) && !(ArrayBuffer.isView(a) && !(a instanceof DataView))) {
      throw new InvalidArgumentError(`start[${i}]`, a, 'an array of numbers (a Float32Array)', op);
    }
    if (a.length !== sizes[i]) {
      throw new ShapeMismatchError(
        op,
        `start[${i}] has ${a.length} numbers`,
        `${sizes[i]} numbers (the size of parameter ${i})`,
      );
    }
    const f = Float32Array.from(a as ArrayLike<number>);
    for (const [j, x] of f.entries()) {
      if (!Number.isFinite(x)) {
        throw new NonFiniteError(op, `start[${i}]`, j, 0, x, `start[${i}][${j}]`);
      }
      norm2 += x * x;
    }
    return f;
  });
  if (!(norm2 > 0)) {
    throw new InvalidArgumentError(
      'start',
      'a vector of norm 0',
      'a non-zero start vector (or none: a seeded random one)',
      op,
    );
  }
  return arrays;
}

/** Result of {@link mlpSharpness}: λ_max(∇²L) and its value on the effective-step scale. */
export interface MlpSharpnessResult extends SharpnessResult {
  /** c of the loss. */
  lossNormalization: number;
  /** c·λ_max(∇²L): the sharpness of (1/2)·Σ(f − y)², to compare with 2/η̃ (η̃ = η/c). */
  effectiveValue: number;
}

/**
 * The sharpness S = λ_max(∇²L(θ)) of an MLP's squared loss L = (1/(2c))·Σ(f − y)² (https://overparam.dev/docs/theory/sharpness#sharpness;
 * Cohen et al., ICLR 2021): {@link hessianTopEigenvalue} on the exact Hessian-vector products of
 * {@link mlpHessianOperator} (Pearlmutter's R-operator, no finite differences). On a quadratic,
 * GD with step η diverges iff S > 2/η (iff c·S > 2/η̃); full-batch GD on networks sharpens until
 * S ≈ 2/η (the edge of stability). `value` is S (compare with 2/η); `effectiveValue` is c·S
 * (compare with 2/η̃, the scale of every stability threshold: https://overparam.dev/docs/theory/conventions#effective-step); they coincide for lossNormalization 'sum'.
 *
 * @throws as {@link mlpHessianVectorProduct} and {@link hessianTopEigenvalue}.
 * @example
 * const net = createMlp({ inputDim: 2, width: 32, depth: 2, activation: 'tanh', initSeed: 1 });
 * const { value } = await mlpSharpness(net, X, y, { lossNormalization: 'mean' });
 * value // λ_max(∇²L) at the current parameters
 */
export async function mlpSharpness(
  net: Mlp,
  X: TensorInput,
  y: TensorTargetsInput,
  options: MlpHessianOptions & SharpnessOptions = {},
): Promise<MlpSharpnessResult> {
  const op = 'mlpSharpness';
  assertModel(op, 'model', net);
  // Before the forward pass and the work estimate (maxIterations 7n must not reach arithmetic).
  const { maxIterations } = resolvePowerSettings(op, options);
  const H = mlpHessianOperator(net, X, y, options);
  try {
    const s = mlpSizes(net.layers, net.config.bias);
    assertWorkBudget(
      op,
      { flops: 2 * maxIterations * 8 * H.points * s.params, bytes: 16 * H.points * s.hidden },
      options.budget,
      'use fewer points, a narrower network or lower maxIterations',
    );
    const result = await hessianTopEigenvalue((v) => H.apply(v), net.paramShapes, options);
    const c = H.lossNormalization;
    return { ...result, lossNormalization: c, effectiveValue: c * result.value };
  } finally {
    H.dispose();
  }
}
