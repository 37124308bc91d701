import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { assertOptions } from '../input/assert.js';
import {
  assertFiniteTensor,
  assertPositive,
  assertPositiveInteger,
  assertSquareTensor,
  assertSymmetricValues,
  assertVector,
  type MatVec,
} from './internal/tensor-checks.js';
import { NonFiniteError, NotPositiveDefiniteError, ShapeMismatchError } from './linalg-errors.js';

export type { MatVec } from './internal/tensor-checks.js';

/**
 * Checks a tensor argument: a live tf.Tensor (not disposed), then a 1-D one of length n when n
 * is given. Not exported from the package.
 *
 * @throws InvalidArgumentError for a value that is not a live tensor; ShapeMismatchError for a
 *   wrong shape.
 */
export function assertLiveVector(op: string, name: string, v: unknown, n?: number): tf.Tensor1D {
  if (!(v instanceof tf.Tensor) || v.isDisposed) {
    throw new InvalidArgumentError(
      name,
      v instanceof tf.Tensor ? 'a disposed tensor' : v,
      'a live 1-D tf.Tensor (keep it alive until the call resolves)',
      op,
    );
  }
  if (n !== undefined) assertVector(op, name, v, n);
  else if (v.rank !== 1) {
    throw new ShapeMismatchError(op, `${name} has shape [${v.shape.join(', ')}]`, 'a 1-D tensor');
  }
  return v as tf.Tensor1D;
}

/**
 * Checks what a user operator (a matvec or a preconditioner) returned: a live 1-D tensor of
 * length n. A tensor of the wrong shape is disposed before the error is thrown, so a buggy
 * operator leaks nothing. Not exported from the package.
 *
 * @throws ShapeMismatchError naming the operator, what it returned and the length expected.
 */
export function assertOperatorOutput(
  op: string,
  name: string,
  value: unknown,
  n: number,
): tf.Tensor1D {
  const ok =
    value instanceof tf.Tensor && !value.isDisposed && value.rank === 1 && value.shape[0] === n;
  if (ok) return value as tf.Tensor1D;
  const got =
    value instanceof tf.Tensor
      ? value.isDisposed
        ? 'a disposed tensor'
        : `a tensor of shape [${value.shape.join(', ')}]`
      : `${value === null ? 'null' : typeof value}`;
  if (value instanceof tf.Tensor && !value.isDisposed) value.dispose();
  throw new ShapeMismatchError(
    op,
    `${name} returned ${got}`,
    `a new 1-D tensor of length ${n} (the operator must map length-${n} vectors to length-${n} vectors)`,
  );
}

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
  assertOptions(op, 'options', options);
  const n = assertLiveVector(op, 'b', b).shape[0];
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
    if (A.isDisposed) {
      throw new InvalidArgumentError('A', 'a disposed tensor', 'a live tf.Tensor2D', op);
    }
    const size = assertSquareTensor(op, 'A', A);
    if (size !== n) assertVector(op, 'b', b, size);
    if (validate) {
      const values = await assertFiniteTensor(op, 'A', A);
      assertSymmetricValues(op, 'A', values, n, symmetryTolerance);
    }
  } else if (typeof A !== 'function') {
    throw new InvalidArgumentError('A', A, 'a tf.Tensor2D or a function v => A·v', op);
  }
  await assertFiniteTensor(op, 'b', b);
  if (x0 !== undefined) {
    assertLiveVector(op, 'x0', x0, n);
    await assertFiniteTensor(op, 'x0', x0);
  }
  const userMatvec: MatVec = A instanceof tf.Tensor ? denseMatVec(A) : A;
  const matvec = async (v: tf.Tensor1D): Promise<tf.Tensor1D> =>
    assertOperatorOutput(op, 'A(v)', await userMatvec(v), n);

  // M⁻¹ as a function returning a new tensor.
  let invDiag: tf.Tensor1D | null = null;
  let precondition: (r: tf.Tensor1D) => tf.Tensor1D = (r) => r.clone();
  if (preconditioner === 'jacobi') {
    let diag: tf.Tensor1D;
    if (diagonal !== undefined) {
      assertLiveVector(op, 'diagonal', diagonal, n);
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
    precondition = (r) => assertOperatorOutput(op, 'preconditioner(r)', preconditioner(r), n);
  } else if (preconditioner !== undefined) {
    throw new InvalidArgumentError(
      'preconditioner',
      preconditioner,
      "'jacobi', a function or undefined",
      op,
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
  // Every tensor the loop holds is in `held` while it is alive, so any exit (a converged
  // return, a typed error, a buggy operator) disposes exactly what is left.
  const held = new Set<tf.Tensor>();
  const hold = <T extends tf.Tensor>(t: T): T => {
    held.add(t);
    return t;
  };
  const release = (t: tf.Tensor): void => {
    held.delete(t);
    t.dispose();
  };
  let iterations = 0;
  let relativeResidual = Number.POSITIVE_INFINITY;
  let restarts = 0;
  try {
    let r = hold(x0 ? await trueResidual(x) : b.clone());
    while (true) {
      // Only p, rz and the running minimum of pᵀAp/pᵀp stay alive between iterations.
      let p = hold(precondition(r));
      const rStart = r;
      let rz = hold(tf.tidy(() => tf.dot(rStart, p) as tf.Scalar));
      let minCurvature = hold(tf.scalar(Number.POSITIVE_INFINITY));
      let sinceCheck = 0;
      while (iterations < maxIterations) {
        const Ap = hold(await matvec(p));
        const [pNow, rNow, rzNow, curvNow, xNow] = [p, r, rz, minCurvature, x];
        const [xNext, rNext, curvature] = tf.tidy(() => {
          const pAp = tf.dot(pNow, Ap) as tf.Scalar;
          const pp = tf.dot(pNow, pNow) as tf.Scalar;
          // divNoNan: after exact convergence (r = p = 0) the step is 0, not 0/0.
          const alpha = tf.divNoNan(rzNow, pAp);
          // Curvature pᵀAp/pᵀp of this direction; p = 0 and NaN (reported through the
          // residual) do not count.
          const c = tf.where(
            tf.greater(pp, 0),
            tf.div(pAp, pp),
            tf.scalar(Number.POSITIVE_INFINITY),
          );
          const cSafe = tf.where(tf.isNaN(c), tf.scalar(Number.POSITIVE_INFINITY), c);
          return [
            tf.add(xNow, tf.mul(alpha, pNow)) as tf.Tensor1D,
            tf.sub(rNow, tf.mul(alpha, Ap)) as tf.Tensor1D,
            tf.minimum(curvNow, cSafe) as tf.Scalar,
          ] as const;
        });
        release(Ap);
        x.dispose();
        x = xNext;
        release(r);
        r = hold(rNext);
        release(minCurvature);
        minCurvature = hold(curvature);
        iterations++;
        sinceCheck++;
        if (sinceCheck >= checkEvery || iterations >= maxIterations) {
          sinceCheck = 0;
          const [rCheck, curvCheck] = [r, minCurvature];
          const stats = tf.tidy(() => tf.stack([tf.dot(rCheck, rCheck), curvCheck]));
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
        const z = hold(precondition(r));
        const [pOld, rzOld, rCur] = [p, rz, r];
        const [pNext, rzNext] = tf.tidy(() => {
          const rzN = tf.dot(rCur, z) as tf.Scalar;
          const beta = tf.divNoNan(rzN, rzOld);
          return [tf.add(z, tf.mul(beta, pOld)) as tf.Tensor1D, rzN] as const;
        });
        release(z);
        release(pOld);
        release(rzOld);
        p = hold(pNext);
        rz = hold(rzNext);
      }
      release(p);
      release(rz);
      release(minCurvature);
      // The recurrence for r drifts from b − Ax in float32: recompute, restart if needed.
      release(r);
      r = hold(await trueResidual(x));
      const rFinal = r;
      const rr = tf.tidy(() => tf.dot(rFinal, rFinal));
      relativeResidual = Math.sqrt((await rr.data())[0] as number) / bNorm;
      rr.dispose();
      if (relativeResidual <= tol || iterations >= maxIterations || restarts >= 3) break;
      restarts++;
    }
  } catch (error) {
    x.dispose();
    throw error;
  } finally {
    for (const t of held) t.dispose();
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
