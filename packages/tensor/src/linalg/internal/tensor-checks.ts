// Input checks for the float32 tensor routines. Each reads back one or two scalars computed on
// the device; only when a check fails is the whole tensor read to say where.
import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { assertFunction, assertOptions } from '../../input/assert.js';
import type { WorkBudget } from '../../input/work-budget.js';
import {
  NonFiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
} from '../linalg-errors.js';

/**
 * A symmetric operator as its matrix–vector product v ↦ A·v (float32 tensors). It must return
 * a new tensor (the caller disposes it) and leave `v` alive; it may be async.
 *
 * @example
 * const matvec: MatVec = (v) => tf.dot(A, v) as tf.Tensor1D; // a dense A
 * const hvp: MatVec = async (v) => hessianVectorProduct(params, v); // a Hessian, matrix-free
 */
export type MatVec = (v: tf.Tensor1D) => tf.Tensor1D | Promise<tf.Tensor1D>;

/** Reads `t` back and throws NonFiniteError at its first NaN/±Inf. Returns the values. */
export async function assertFiniteTensor(
  op: string,
  name: string,
  t: tf.Tensor,
): Promise<ArrayLike<number>> {
  const values = (await t.data()) as ArrayLike<number>;
  const cols = t.rank === 2 ? (t.shape[1] as number) : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v !== 0) throw new NonFiniteError(op, name, Math.floor(i / cols), i % cols, v);
  }
  return values;
}

export function assertVector(op: string, name: string, v: tf.Tensor, n: number): void {
  if (v.rank !== 1 || v.shape[0] !== n) {
    throw new ShapeMismatchError(
      op,
      `${name} has shape [${v.shape.join(', ')}]`,
      `a 1-D tensor of length ${n}`,
    );
  }
}

export function assertSquareTensor(op: string, name: string, A: tf.Tensor): number {
  if (A.rank !== 2) {
    throw new ShapeMismatchError(op, `${name} has rank ${A.rank}`, 'a 2-D tensor');
  }
  const [rows, cols] = A.shape as [number, number];
  if (rows !== cols) throw new NotSquareError(op, name, rows, cols);
  return rows;
}

/**
 * Symmetry check of an n×n matrix read back from a tensor: max |A[i][j] − A[j][i]| against
 * tol · max |A|, in 32×32 tiles. (Reading back and checking on the CPU is far cheaper than a
 * transpose on some WebGPU adapters.)
 */
export function assertSymmetricValues(
  op: string,
  name: string,
  a: ArrayLike<number>,
  n: number,
  tol: number,
): void {
  if (!(tol >= 0)) {
    throw new InvalidArgumentError('symmetryTolerance', tol, 'a number >= 0, or Infinity to skip');
  }
  if (tol === Number.POSITIVE_INFINITY) return;
  let maxAbs = 0;
  for (let i = 0; i < n * n; i++) maxAbs = Math.max(maxAbs, Math.abs(a[i] as number));
  let worst = 0;
  let wi = 0;
  let wj = 0;
  const T = 32;
  for (let i0 = 0; i0 < n; i0 += T) {
    for (let j0 = i0; j0 < n; j0 += T) {
      for (let i = i0; i < Math.min(n, i0 + T); i++) {
        for (let j = Math.max(j0, i + 1); j < Math.min(n, j0 + T); j++) {
          const d = Math.abs((a[i * n + j] as number) - (a[j * n + i] as number));
          if (d > worst) {
            worst = d;
            wi = i;
            wj = j;
          }
        }
      }
    }
  }
  const limit = tol * maxAbs;
  if (worst > limit) throw new NotSymmetricError(op, name, worst, wi, wj, limit);
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, value, 'an integer >= 1');
  }
}

export function assertPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(name, value, 'a finite number > 0');
  }
}

/** The options every matvec eigen solver takes (powerIteration, extremeEigenvalues). */
interface MatvecSolverOptions {
  maxIterations?: number;
  tol?: number;
  seed?: number;
  budget?: WorkBudget;
}

/**
 * The argument checks a matvec eigen solver starts with, in this order: matvec a function,
 * n an integer ≥ 1, options an object; then maxIterations (default `defaultMaxIterations(n)`)
 * an integer ≥ 1 and tol (default 1e-4, float32) finite and > 0. Returns the options with
 * their defaults (seed 0).
 */
export function matvecSolverOptions(
  op: string,
  matvec: MatVec,
  n: number,
  options: MatvecSolverOptions,
  defaultMaxIterations: (n: number) => number,
): { maxIterations: number; tol: number; seed: number; budget: WorkBudget | undefined } {
  assertFunction(op, 'matvec', matvec, 'v => A·v returning a new 1-D tensor');
  assertPositiveInteger('n', n);
  assertOptions(op, 'options', options);
  const { maxIterations = defaultMaxIterations(n), tol = 1e-4, seed = 0, budget } = options;
  assertPositiveInteger('maxIterations', maxIterations);
  assertPositive('tol', tol);
  return { maxIterations, tol, seed, budget };
}

/**
 * Throws NonFiniteError naming `where` (after disposing `pending`, so nothing leaks) when one
 * of the two scalars a solver read back from matvec's result at `step` is NaN or ±Infinity.
 */
export function assertFiniteMatvecStep(
  op: string,
  [a, b]: readonly [number, number],
  step: number,
  where: string,
  pending: tf.Tensor,
): void {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    pending.dispose();
    throw new NonFiniteError(
      op,
      'matvec(v)',
      step,
      0,
      Number.isFinite(a) ? b : a,
      `the result of matvec(v) at ${where}`,
    );
  }
}
