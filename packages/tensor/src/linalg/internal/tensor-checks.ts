// Input checks for the float32 tensor routines. Each reads back one or two scalars computed on
// the device; only when a check fails is the whole tensor read to say where.
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import {
  NonFiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
} from '../linalg-errors.js';

/** Matrix–vector product of an operator: must return a new tensor and leave `v` alive. */
export type MatVec = (v: tf.Tensor1D) => tf.Tensor1D | Promise<tf.Tensor1D>;

export async function assertFiniteTensor(op: string, name: string, t: tf.Tensor): Promise<void> {
  const flag = tf.tidy(() => tf.all(tf.isFinite(t)));
  const ok = (await flag.data())[0];
  flag.dispose();
  if (ok) return;
  const values = await t.data();
  const cols = t.rank === 2 ? (t.shape[1] as number) : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteError(op, name, Math.floor(i / cols), i % cols, v);
  }
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

export async function assertSymmetricTensor(
  op: string,
  name: string,
  A: tf.Tensor2D,
  tol: number,
): Promise<void> {
  if (!(tol >= 0)) {
    throw new InvalidArgumentError('symmetryTolerance', tol, 'a number >= 0, or Infinity to skip');
  }
  if (tol === Number.POSITIVE_INFINITY) return;
  const stats = tf.tidy(() =>
    tf.stack([tf.max(tf.abs(A)), tf.max(tf.abs(tf.sub(A, tf.transpose(A))))]),
  );
  const [maxAbs, maxAsym] = Array.from(await stats.data());
  stats.dispose();
  const limit = tol * (maxAbs as number);
  if (!((maxAsym as number) > limit)) return;
  const n = A.shape[0];
  const a = await A.data();
  let worst = -1;
  let wi = 0;
  let wj = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.abs((a[i * n + j] as number) - (a[j * n + i] as number));
      if (d > worst) {
        worst = d;
        wi = i;
        wj = j;
      }
    }
  }
  throw new NotSymmetricError(op, name, worst, wi, wj, limit);
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
