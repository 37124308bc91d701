import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import {
  assertFiniteTensor,
  assertPositive,
  assertPositiveInteger,
  assertSquareTensor,
  assertSymmetricValues,
  assertVector,
  type MatVec,
} from './internal/tensor-checks.js';
import { NonFiniteError, NotPositiveDefiniteError } from './linalg-errors.js';

export type { MatVec } from './internal/tensor-checks.js';

/** Options of {@link conjugateGradient}. */
export interface ConjugateGradientOptions {
  /** Target relative residual ‖b − Ax‖₂/‖b‖₂. Default 1e-5 (float32 reaches ~1e-6 at best). */
  tol?: number;
  /** Iteration cap. Default max(2n, 50): in exact arithmetic CG needs ≤ n, rounding adds some. */
  maxIterations?: number;
  /**
   * Preconditioner M⁻¹: 'jacobi' (divide by diag(A); needs A as a tensor, or `diagonal`),
   * a function r ↦ M⁻¹r (returns a new tensor), or undefined (none).
   */
  preconditioner?: 'jacobi' | ((r: tf.Tensor1D) => tf.Tensor1D);
  /** diag(A) for 'jacobi' when A is given as a matvec function. */
  diagonal?: tf.Tensor1D;
  /** Starting guess. Default 0. */
  x0?: tf.Tensor1D;
  /** Iterations between residual read-backs (each read waits for the device). Default 5. */
  checkEvery?: number;
  /** Relative symmetry tolerance when A is a tensor (max |A − Aᵀ| / max |A|). Default 1e-5. */
  symmetryTolerance?: number;
  /**
   * Read a tensor A back once to check that it is finite and symmetric (default true). Set
   * false to skip the O(n²) transfer when A is known to be valid.
   */
  validate?: boolean;
}

/** Result of {@link conjugateGradient}. The caller owns (and disposes) `x`. */
export interface ConjugateGradientResult {
  x: tf.Tensor1D;
  /** Iterations performed (matrix–vector products, not counting residual checks). */
  iterations: number;
  /** True relative residual ‖b − Ax‖₂/‖b‖₂ of the returned x, recomputed at the end. */
  relativeResidual: number;
  /** Whether relativeResidual ≤ tol. */
  converged: boolean;
}

/**
 * Preconditioned conjugate gradient for A·x = b with A symmetric positive definite, on tfjs
 * tensors (float32, any backend: cpu, wasm, webgl, webgpu). Hestenes & Stiefel 1952; Saad,
 * Iterative Methods for Sparse Linear Systems, 2nd ed., Alg. 9.1; Golub & Van Loan 4th ed.
 * §11.5. A is a Tensor2D or a matvec function v ↦ Av (e.g. a kernel or Hessian operator).
 * The step sizes stay on the device; the residual is read back every `checkEvery` iterations.
 * When the recurrence says it has converged, the true residual is recomputed and CG restarts
 * from it if rounding made the two drift apart (residual replacement). Error after k steps:
 * ‖x − x*‖_A ≤ 2((√κ − 1)/(√κ + 1))^k‖x₀ − x*‖_A. float32: for ill-conditioned systems
 * (κ ≳ 1e5) use the float64 {@link solveSpd} instead.
 *
 * @throws NotPositiveDefiniteError when pᵀAp ≤ 0 (or diag(A) has a non-positive entry with
 *   'jacobi'); NotSquareError, NotSymmetricError, ShapeMismatchError, NonFiniteError on bad input.
 * @example
 * const A = tf.tensor2d([[4, 1], [1, 3]]);
 * const b = tf.tensor1d([1, 2]);
 * const { x, iterations, converged } = await conjugateGradient(A, b, { checkEvery: 1 });
 * await x.data() // Float32Array [0.0909…, 0.6364…]; iterations 2, converged true
 */
export async function conjugateGradient(
  A: tf.Tensor2D | MatVec,
  b: tf.Tensor1D,
  options: ConjugateGradientOptions = {},
): Promise<ConjugateGradientResult> {
  const op = 'conjugateGradient';
  const n = b.shape[0];
  const {
    tol = 1e-5,
    maxIterations = Math.max(2 * n, 50),
    preconditioner,
    diagonal,
    x0,
    checkEvery = 5,
    symmetryTolerance = 1e-5,
    validate = true,
  } = options;
  assertVector(op, 'b', b, n);
  assertPositive('tol', tol);
  assertPositiveInteger('maxIterations', maxIterations);
  assertPositiveInteger('checkEvery', checkEvery);
  if (A instanceof tf.Tensor) {
    const size = assertSquareTensor(op, 'A', A);
    if (size !== n) assertVector(op, 'b', b, size);
    if (validate) {
      const values = await assertFiniteTensor(op, 'A', A);
      assertSymmetricValues(op, 'A', values, n, symmetryTolerance);
    }
  } else if (typeof A !== 'function') {
    throw new InvalidArgumentError('A', typeof A, 'a tf.Tensor2D or a function v => A·v');
  }
  await assertFiniteTensor(op, 'b', b);
  if (x0) {
    assertVector(op, 'x0', x0, n);
    await assertFiniteTensor(op, 'x0', x0);
  }
  const matvec: MatVec = A instanceof tf.Tensor ? denseMatVec(A) : A;

  // M⁻¹ as a function returning a new tensor.
  let invDiag: tf.Tensor1D | null = null;
  let precondition: (r: tf.Tensor1D) => tf.Tensor1D = (r) => r.clone();
  if (preconditioner === 'jacobi') {
    let diag: tf.Tensor1D;
    if (diagonal) {
      assertVector(op, 'diagonal', diagonal, n);
      diag = diagonal.clone();
    } else if (A instanceof tf.Tensor) {
      diag = tf.tidy(() => {
        const idx = tf.range(0, n * n, n + 1, 'int32');
        return tf.gather(tf.reshape(A, [-1]), idx) as tf.Tensor1D;
      });
    } else {
      throw new InvalidArgumentError(
        'preconditioner',
        'jacobi',
        "A as a tf.Tensor2D, or { diagonal } holding diag(A), for 'jacobi'",
      );
    }
    const values = await diag.data();
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (!(v > 0)) {
        diag.dispose();
        throw new NotPositiveDefiniteError(op, 'A', i, v, 0, 0, `diagonal entry A[${i}][${i}]`);
      }
    }
    invDiag = tf.tidy(() => tf.reciprocal(diag));
    diag.dispose();
    const inv = invDiag;
    precondition = (r) => tf.mul(r, inv);
  } else if (typeof preconditioner === 'function') {
    precondition = preconditioner;
  } else if (preconditioner !== undefined) {
    throw new InvalidArgumentError(
      'preconditioner',
      preconditioner,
      "'jacobi', a function or undefined",
    );
  }

  const bNorm2 = tf.tidy(() => tf.dot(b, b));
  const bNorm = Math.sqrt((await bNorm2.data())[0] as number);
  bNorm2.dispose();
  const zero = (): ConjugateGradientResult => ({
    x: tf.zeros([n]) as tf.Tensor1D,
    iterations: 0,
    relativeResidual: 0,
    converged: true,
  });
  if (bNorm === 0) {
    invDiag?.dispose();
    return zero();
  }

  const trueResidual = async (x: tf.Tensor1D): Promise<tf.Tensor1D> => {
    const Ax = await matvec(x);
    const r = tf.tidy(() => tf.sub(b, Ax) as tf.Tensor1D);
    Ax.dispose();
    return r;
  };

  let x: tf.Tensor1D = x0 ? x0.clone() : (tf.zeros([n]) as tf.Tensor1D);
  let r: tf.Tensor1D = x0 ? await trueResidual(x) : b.clone();
  let iterations = 0;
  let relativeResidual = Number.POSITIVE_INFINITY;
  let restarts = 0;
  try {
    while (true) {
      // Only p, rz and the running minimum of pᵀAp/pᵀp stay alive between iterations.
      let p = precondition(r);
      let rz: tf.Scalar = tf.tidy(() => tf.dot(r, p) as tf.Scalar);
      let minCurvature: tf.Scalar = tf.scalar(Number.POSITIVE_INFINITY);
      let sinceCheck = 0;
      try {
        while (iterations < maxIterations) {
          const Ap = await matvec(p);
          assertVector(op, 'A·p', Ap, n);
          const [xNext, rNext, curvature] = tf.tidy(() => {
            const pAp = tf.dot(p, Ap) as tf.Scalar;
            const pp = tf.dot(p, p) as tf.Scalar;
            // divNoNan: after exact convergence (r = p = 0) the step is 0, not 0/0.
            const alpha = tf.divNoNan(rz, pAp);
            // Curvature pᵀAp/pᵀp of this direction; p = 0 and NaN (reported through the
            // residual) do not count.
            const c = tf.where(
              tf.greater(pp, 0),
              tf.div(pAp, pp),
              tf.scalar(Number.POSITIVE_INFINITY),
            );
            const cSafe = tf.where(tf.isNaN(c), tf.scalar(Number.POSITIVE_INFINITY), c);
            return [
              tf.add(x, tf.mul(alpha, p)) as tf.Tensor1D,
              tf.sub(r, tf.mul(alpha, Ap)) as tf.Tensor1D,
              tf.minimum(minCurvature, cSafe) as tf.Scalar,
            ] as const;
          });
          Ap.dispose();
          x.dispose();
          r.dispose();
          minCurvature.dispose();
          x = xNext;
          r = rNext;
          minCurvature = curvature;
          iterations++;
          sinceCheck++;
          if (sinceCheck >= checkEvery || iterations >= maxIterations) {
            sinceCheck = 0;
            const stats = tf.tidy(() => tf.stack([tf.dot(r, r), minCurvature]));
            const [rr, curv] = Array.from(await stats.data()) as [number, number];
            stats.dispose();
            if (!(curv > 0)) {
              throw new NotPositiveDefiniteError(
                op,
                'A',
                iterations,
                curv,
                0,
                0,
                `the curvature pᵀAp/pᵀp at iteration ${iterations}`,
              );
            }
            if (!Number.isFinite(rr)) {
              throw new NonFiniteError(
                op,
                'r',
                iterations,
                0,
                rr,
                `the squared residual ‖r‖² at iteration ${iterations}`,
              );
            }
            if (Math.sqrt(rr) / bNorm <= tol) break;
          }
          const z = precondition(r);
          const pOld = p;
          const rzOld = rz;
          [p, rz] = tf.tidy(() => {
            const rzN = tf.dot(r, z) as tf.Scalar;
            const beta = tf.divNoNan(rzN, rzOld);
            return [tf.add(z, tf.mul(beta, pOld)) as tf.Tensor1D, rzN] as const;
          });
          z.dispose();
          pOld.dispose();
          rzOld.dispose();
        }
      } finally {
        p.dispose();
        rz.dispose();
        minCurvature.dispose();
      }
      // The recurrence for r drifts from b − Ax in float32: recompute, restart if needed.
      r.dispose();
      r = await trueResidual(x);
      const rr = tf.tidy(() => tf.dot(r, r));
      relativeResidual = Math.sqrt((await rr.data())[0] as number) / bNorm;
      rr.dispose();
      if (relativeResidual <= tol || iterations >= maxIterations || restarts >= 3) break;
      restarts++;
    }
  } catch (error) {
    x.dispose();
    throw error;
  } finally {
    r.dispose();
    invDiag?.dispose();
  }
  return { x, iterations, relativeResidual, converged: relativeResidual <= tol };
}

/**
 * v ↦ A·v for a dense tensor. On WebGPU a broadcast multiply and a row sum beat the matmul
 * kernel for a single column (≈4× on SwiftShader); elsewhere tf.dot's matmul is fastest.
 */
function denseMatVec(A: tf.Tensor2D): MatVec {
  if (tf.getBackend() === 'webgpu')
    return (v) => tf.tidy(() => tf.sum(tf.mul(A, v), 1) as tf.Tensor1D);
  return (v) => tf.dot(A, v) as tf.Tensor1D;
}
