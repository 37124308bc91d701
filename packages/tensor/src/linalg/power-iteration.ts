import * as tf from '@tensorflow/tfjs-core';
import { assertWorkBudget, type WorkBudget } from '../input/work-budget.js';
import { createRng } from '../rng.js';
import { assertOperatorOutput } from './conjugate-gradient.js';
import {
  assertFiniteMatvecStep,
  type MatVec,
  matvecSolverOptions,
} from './internal/tensor-checks.js';

/** Options of {@link powerIteration}. */
export interface PowerIterationOptions {
  /** Iteration cap. Default 100. */
  maxIterations?: number;
  /** Stop when ‖Av − λv‖ ≤ tol·|λ|. Default 1e-4 (float32). */
  tol?: number;
  /** Seed of the random start vector (createRng). Default 0. */
  seed?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET), checked before the start vector is
   * drawn: 16·n bytes and maxIterations·8·n flops besides the matvecs.
   */
  budget?: WorkBudget;
}

/** Result of {@link powerIteration}. The caller owns (and disposes) `vector`. */
export interface PowerIterationResult {
  /** Rayleigh quotient vᵀAv of the final unit vector: the eigenvalue of largest magnitude. */
  value: number;
  /** Unit-norm eigenvector estimate (float32 tensor). */
  vector: tf.Tensor1D;
  iterations: number;
  /** ‖Av − λv‖₂ at the end. */
  residual: number;
  converged: boolean;
}

/**
 * The eigenvalue of largest magnitude of a symmetric operator given as a matvec, and its
 * eigenvector, by power iteration with the Rayleigh quotient (Golub & Van Loan, Matrix
 * Computations, 4th ed., §7.3.1; for SPD operators this is λ_max). float32 tensors on the
 * active backend; the error falls like (|λ₂|/|λ₁|)^k, so prefer {@link extremeEigenvalues}
 * (Lanczos) when the top of the spectrum is clustered. This is the sharpness estimate of
 * Cohen et al. (ICLR 2021) when the matvec is a Hessian-vector product.
 *
 * @throws NonFiniteError when the operator returns NaN/±Inf; ShapeMismatchError when it returns
 *   anything but a 1-D tensor of length n (disposed first: nothing leaks); InvalidArgumentError for
 *   a matvec that is not a function or bad options; WorkBudgetError for an n or maxIterations
 *   over the work budget.
 * @example
 * const A = tf.tensor2d([[2, 0], [0, 5]]);
 * const { value, vector } = await powerIteration((v) => tf.dot(A, v) as tf.Tensor1D, 2);
 * value // 5 (to float32 rounding); vector ≈ [0, ±1]
 */
export async function powerIteration(
  matvec: MatVec,
  n: number,
  options: PowerIterationOptions = {},
): Promise<PowerIterationResult> {
  const op = 'powerIteration';
  const { maxIterations, tol, seed, budget } = matvecSolverOptions(
    op,
    matvec,
    n,
    options,
    () => 100,
  );
  assertWorkBudget(
    op,
    { flops: maxIterations * 8 * n, bytes: 16 * n },
    budget,
    'lower n or maxIterations',
  );
  const start = createRng(seed).fillNormal(new Float32Array(n));
  let v = tf.tidy(() => {
    const t = tf.tensor1d(start);
    return tf.div(t, tf.norm(t)) as tf.Tensor1D;
  });
  let value = Number.NaN;
  let residual = Number.POSITIVE_INFINITY;
  let iterations = 0;
  try {
    while (iterations < maxIterations) {
      const Av = assertOperatorOutput(op, 'matvec(v)', await matvec(v), n);
      iterations++;
      const [next, stats] = tf.tidy(() => {
        const lambda = tf.dot(v, Av);
        const res = tf.norm(tf.sub(Av, tf.mul(lambda, v)));
        const nrm = tf.norm(Av);
        return [tf.div(Av, nrm) as tf.Tensor1D, tf.stack([lambda, res, nrm])] as const;
      });
      Av.dispose();
      const [lambda, res, nrm] = Array.from(await stats.data()) as [number, number, number];
      stats.dispose();
      assertFiniteMatvecStep(op, [lambda, nrm], iterations, `iteration ${iterations}`, next);
      value = lambda;
      residual = res;
      if (res <= tol * Math.abs(lambda) || nrm === 0) {
        next.dispose();
        break;
      }
      v.dispose();
      v = next;
    }
  } catch (error) {
    v.dispose();
    throw error;
  }
  return {
    value,
    vector: v,
    iterations,
    residual,
    converged: residual <= tol * Math.abs(value),
  };
}
