import {
  assertInteger,
  assertPositive,
  createRng,
  InvalidArgumentError,
  NonFiniteError,
  ShapeMismatchError,
  type TensorInput,
  type TensorTargetsInput,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { type MlpHessianOptions, mlpHessianOperator } from './hessian-vector-product.js';
import type { Mlp } from './mlp.js';

/** v ↦ H·v on a list of tensors shaped like the parameters (the result is disposed by the caller). */
export type HessianVectorProductFn = (
  v: readonly tf.Tensor[],
) => tf.Tensor[] | Promise<tf.Tensor[]>;

/** Options of {@link hessianTopEigenvalue} and {@link mlpSharpness}. Defaults in {@link SHARPNESS_DEFAULTS}. */
export interface SharpnessOptions {
  /** Power iterations always done, whatever the tolerance. Default 20. */
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

function assertOptions(op: string, o: Required<Omit<SharpnessOptions, 'start'>>): void {
  for (const name of ['minIterations', 'maxIterations'] as const) {
    assertInteger(op, name, o[name], { min: 1 }, 'a number of power iterations');
  }
  if (o.maxIterations < o.minIterations) {
    throw new InvalidArgumentError(
      'maxIterations',
      o.maxIterations,
      `at least minIterations (${o.minIterations})`,
      op,
    );
  }
  assertPositive(op, 'tol', o.tol, 'e.g. 1e-3');
}

async function powerPass(
  op: string,
  hvp: HessianVectorProductFn,
  start: tf.Tensor[],
  shift: number,
  o: Required<Omit<SharpnessOptions, 'start'>>,
): Promise<PassResult> {
  let v = start;
  let value = Number.NaN;
  let residual = Number.POSITIVE_INFINITY;
  let iterations = 0;
  try {
    while (iterations < o.maxIterations) {
      const raw = await hvp(v);
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
 * The largest eigenvalue λ_max of a symmetric operator on parameter lists given as
 * Hessian-vector products: the sharpness S = λ_max(∇²L) of Cohen et al. ("Gradient descent on
 * neural networks typically occurs at the edge of stability", ICLR 2021; https://overparam.dev/docs/theory/sharpness#measuring-sharpness) when
 * `hvp` is v ↦ ∇²L·v. Power iteration with the Rayleigh quotient (Golub & Van Loan, Matrix
 * Computations, 4th ed., §7.3.1) on the concatenated parameter vector, normalized each step:
 * at least minIterations (20) products, then until ‖Hv − λv‖ ≤ tol·|λ| or maxIterations. The
 * error of λ falls like (|λ₂|/|λ₁|)^{2k}. Power iteration finds the eigenvalue of largest
 * magnitude; a Hessian can have a negative one larger than λ_max, so when the first pass ends
 * negative (λ_min), a second pass on H − λ_min·I (eigenvalues ≥ 0, the largest λ_max − λ_min)
 * returns λ_max. float32 tensors on the active backend; the vector comes back as Float32Arrays.
 *
 * @param shapes the parameter shapes (the shapes of v).
 * @throws NonFiniteError when H·v is NaN/±Inf; InvalidArgumentError for bad options;
 *   ShapeMismatchError for a start of the wrong sizes.
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
  const o = {
    minIterations: options.minIterations ?? SHARPNESS_DEFAULTS.minIterations,
    maxIterations: options.maxIterations ?? SHARPNESS_DEFAULTS.maxIterations,
    tol: options.tol ?? SHARPNESS_DEFAULTS.tol,
    seed: options.seed ?? SHARPNESS_DEFAULTS.seed,
  };
  assertOptions(op, o);
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
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
  return start.map((a, i) => {
    if (a.length !== sizes[i]) {
      throw new ShapeMismatchError(
        op,
        `start[${i}] has ${a.length} numbers`,
        `${sizes[i]} numbers (the size of parameter ${i})`,
      );
    }
    return Float32Array.from(a);
  });
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
  const H = mlpHessianOperator(net, X, y, options);
  try {
    const result = await hessianTopEigenvalue((v) => H.apply(v), net.paramShapes, options);
    const c = H.lossNormalization;
    return { ...result, lossNormalization: c, effectiveValue: c * result.value };
  } finally {
    H.dispose();
  }
}
