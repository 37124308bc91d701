import * as tf from '@tensorflow/tfjs-core';
import { assertWorkBudget, type WorkBudget } from '../input/work-budget.js';
import { createRng } from '../rng.js';
import { assertOperatorOutput } from './conjugate-gradient.js';
import {
  assertFiniteMatvecStep,
  type MatVec,
  matvecSolverOptions,
} from './internal/tensor-checks.js';
import { tridiagonalEigen } from './internal/tridiagonal-dc.js';

/** Options of {@link extremeEigenvalues}. */
export interface ExtremeEigenvaluesOptions {
  /** Largest Krylov dimension. Default min(n, 100). */
  maxIterations?: number;
  /** Stop when both Ritz residuals are ≤ tol·max(|λ_max|, |λ_min|). Default 1e-4 (float32). */
  tol?: number;
  /** Seed of the random start vector (createRng). Default 0. */
  seed?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET), checked before anything is
   * allocated: with k = min(maxIterations, n) steps, 8·k·n bytes of Krylov vectors and
   * 8·k²·n flops of reorthogonalization besides the matvecs.
   */
  budget?: WorkBudget;
}

/** Result of {@link extremeEigenvalues}. */
export interface ExtremeEigenvaluesResult {
  /** Largest Ritz value, an estimate of λ_max from below. */
  max: number;
  /** Smallest Ritz value, an estimate of λ_min from above. */
  min: number;
  /** Lanczos steps taken (matrix–vector products). */
  iterations: number;
  /** Whether both residual bounds |β_k·s_k| met tol. */
  converged: boolean;
}

/**
 * λ_max and λ_min of a symmetric operator given as a matvec, by Lanczos with full
 * reorthogonalization (Lanczos 1950; Golub & Van Loan, Matrix Computations, 4th ed., §10.1;
 * Parlett, The Symmetric Eigenvalue Problem, §13). The Krylov vectors and matvecs are float32
 * tensors on the active backend; the small tridiagonal T_k is solved in float64 on the CPU
 * after every step, and the Ritz residual bounds |β_k·e_kᵀs| decide convergence. Extreme
 * eigenvalues converge first, typically in a few dozen steps. Use it for step-size thresholds
 * (GD on a quadratic is stable iff η < 2/λ_max) and sharpness (λ_max of a Hessian).
 *
 * @throws NonFiniteError when the operator returns NaN/±Inf; ShapeMismatchError when it returns
 *   anything but a 1-D tensor of length n (disposed first: nothing leaks); InvalidArgumentError for
 *   a matvec that is not a function or bad options; WorkBudgetError for n and maxIterations over
 *   the work budget.
 * @example
 * const A = tf.tensor2d([[2, 0, 0], [0, 5, 0], [0, 0, 9]]);
 * const { max, min } = await extremeEigenvalues((v) => tf.dot(A, v) as tf.Tensor1D, 3);
 * max // 9 (to float32 rounding); min // 2
 */
export async function extremeEigenvalues(
  matvec: MatVec,
  n: number,
  options: ExtremeEigenvaluesOptions = {},
): Promise<ExtremeEigenvaluesResult> {
  const op = 'extremeEigenvalues';
  const { maxIterations, tol, seed, budget } = matvecSolverOptions(op, matvec, n, options, (m) =>
    Math.min(m, 100),
  );
  const k = Math.min(maxIterations, n);
  assertWorkBudget(
    op,
    { flops: 8 * k * k * n, bytes: 8 * k * n },
    budget,
    'lower n or maxIterations (extreme eigenvalues converge in a few dozen steps)',
  );
  const start = createRng(seed).fillNormal(new Float32Array(n));
  let norm = 0;
  for (const v of start) norm += v * v;
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) start[i] = (start[i] as number) / norm;
  const basis: tf.Tensor1D[] = [tf.tensor1d(start)];
  let Q: tf.Tensor2D = tf.stack(basis) as tf.Tensor2D; // k×n, rows q_0..q_{k−1}
  const alpha: number[] = [];
  const beta: number[] = [];
  let result: ExtremeEigenvaluesResult = {
    max: Number.NaN,
    min: Number.NaN,
    iterations: 0,
    converged: false,
  };
  const steps = Math.min(maxIterations, n);
  try {
    for (let k = 0; k < steps; k++) {
      const q = basis[k]!;
      const w0 = assertOperatorOutput(op, 'matvec(v)', await matvec(q), n);
      // w ← Aq − αq, then full reorthogonalization against every q_j, twice ("twice is
      // enough", Parlett §6.9), which also removes the β_{k−1}q_{k−1} term.
      const [w, ab] = tf.tidy(() => {
        const a = tf.dot(w0, q);
        let v = w0 as tf.Tensor1D;
        for (let pass = 0; pass < 2; pass++) {
          const c = tf.matMul(Q, tf.reshape(v, [n, 1])); // k×1
          v = tf.sub(v, tf.reshape(tf.matMul(c, Q, true, false), [n])) as tf.Tensor1D;
        }
        return [v, tf.stack([a, tf.norm(v)])] as const;
      });
      w0.dispose();
      const [a, b] = Array.from(await ab.data()) as [number, number];
      ab.dispose();
      assertFiniteMatvecStep(op, [a, b], k, `step ${k}`, w);
      alpha.push(a);
      beta.push(b);
      // Ritz values of T_{k+1} in float64 and the residual bounds of the extreme ones.
      const size = k + 1;
      const { values, vectors } = tridiagonalEigen(
        Float64Array.from(alpha),
        Float64Array.from(beta.slice(0, size - 1).concat([0])),
      );
      const lo = values[0]!;
      const hi = values[size - 1]!;
      const resLo = Math.abs(b * vectors[(size - 1) * size]!);
      const resHi = Math.abs(b * vectors[(size - 1) * size + size - 1]!);
      const scale = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      const converged = resLo <= tol * scale && resHi <= tol * scale;
      result = { max: hi, min: lo, iterations: size, converged };
      // An invariant subspace (β ≈ 0) means T's eigenvalues are exact ones of A.
      const invariant = b <= 1e-6 * scale;
      if (converged || invariant || k === steps - 1) {
        if (invariant) result.converged = true;
        w.dispose();
        break;
      }
      const next = tf.tidy(() => tf.div(w, b) as tf.Tensor1D);
      w.dispose();
      basis.push(next);
      const grown = tf.tidy(() => tf.concat([Q, tf.reshape(next, [1, n])]) as tf.Tensor2D);
      Q.dispose();
      Q = grown;
    }
  } finally {
    for (const t of basis) t.dispose();
    Q.dispose();
  }
  return result;
}
