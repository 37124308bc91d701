import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../linalg/linalg-errors.js';
import type { Matrix64 } from '../linalg/matrix64.js';
import { asMatrix64, isMatrix64 } from './as-matrix64.js';
import { asTensor2D, type Owned } from './as-tensor2d.js';
import { asVector } from './as-vector.js';

/**
 * Targets given on the host: n values (one output; a number[] or typed array) or an n×k
 * matrix (k outputs, e.g. one-hot classes; a Matrix64 or nested arrays).
 */
export type TargetsInput =
  | Matrix64
  | ArrayLike<number>
  | readonly number[]
  | readonly (readonly number[])[];

/** Targets for the tfjs paths: {@link TargetsInput} or a 1-D (n) or 2-D (n×k) tensor. */
export type TensorTargetsInput = tf.Tensor1D | tf.Tensor2D | TargetsInput;

/** Shape requirements of {@link asTargets} and {@link asTargetsTensor}. */
export interface TargetsShape {
  /** n: one target row per point. */
  rows: number;
  /** k: required number of outputs. Default: any (at least 1). */
  outputs?: number | undefined;
}

function isVector(y: unknown): y is ArrayLike<number> {
  if (ArrayBuffer.isView(y) && !(y instanceof DataView)) return true;
  return Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number');
}

function meaning(shape: TargetsShape): string {
  return `one row per point (${shape.rows}), one column per output${
    shape.outputs === undefined ? '' : ` (${shape.outputs})`
  }`;
}

/** The rows (points) and columns (outputs) of r×c targets against `shape`, with a plain message. */
function checkTargets(op: string, name: string, r: number, c: number, shape: TargetsShape): void {
  if (r !== shape.rows) {
    throw new ShapeMismatchError(op, `${name} has ${r} rows`, `${shape.rows} rows, one per point`);
  }
  if (c < 1 || (shape.outputs !== undefined && c !== shape.outputs)) {
    throw new ShapeMismatchError(
      op,
      `${name} has ${c} columns`,
      `${shape.outputs ?? 'at least 1'} (one column per output)`,
    );
  }
}

/**
 * Reads targets as a finite float64 n×k {@link Matrix64}: a vector becomes one column (n×1).
 * A Matrix64 is returned as it is (not copied).
 *
 * @throws InvalidArgumentError for an unsupported value; ShapeMismatchError when the rows are
 *   not `shape.rows` or the columns not `shape.outputs`; NonFiniteError for NaN/±Infinity.
 * @example
 * asTargets('fit', 'Y', [1, 2, 3], { rows: 3 }) // { rows: 3, cols: 1, data: Float64Array [1, 2, 3] }
 */
export function asTargets(
  op: string,
  name: string,
  y: TargetsInput,
  shape: TargetsShape,
): Matrix64 {
  if (isVector(y) && !isMatrix64(y)) {
    const data = asVector(op, name, y, { allowEmpty: true });
    checkTargets(op, name, data.length, 1, shape);
    return { rows: data.length, cols: 1, data };
  }
  if (!isMatrix64(y) && !Array.isArray(y)) {
    throw new InvalidArgumentError(
      name,
      y,
      'a number[] (one target per point), a number[][] or a Matrix64 (n×k)',
      op,
    );
  }
  const m = asMatrix64(op, name, y as Matrix64, { allowEmpty: true });
  checkTargets(op, name, m.rows, m.cols, shape);
  return m;
}

/**
 * Reads targets as a float32 n×k tensor (a vector or 1-D tensor becomes n×1). The caller
 * disposes the tensor when `owned`. A float32 2-D tensor is adopted as it is.
 *
 * @throws the errors of {@link asTargets}; ShapeMismatchError for a tensor of rank > 2.
 * @example
 * const { tensor, owned } = asTargetsTensor('train', 'Y', [1, 2], { rows: 2 }); // 2×1
 * if (owned) tensor.dispose();
 */
export function asTargetsTensor(
  op: string,
  name: string,
  y: TensorTargetsInput,
  shape: TargetsShape,
): Owned<tf.Tensor2D> {
  if (y instanceof tf.Tensor) {
    if (y.rank === 1) {
      if (y.isDisposed) return asTensor2D(op, name, y as unknown as tf.Tensor2D);
      checkTargets(op, name, y.shape[0] as number, 1, shape);
      return { tensor: tf.tidy(() => tf.reshape(tf.cast(y, 'float32'), [-1, 1])), owned: true };
    }
    if (y.rank !== 2) {
      throw new ShapeMismatchError(
        op,
        `${name} has shape [${y.shape.join(', ')}]`,
        `a vector of ${shape.rows} targets or a ${shape.rows}×k matrix`,
      );
    }
    if (!y.isDisposed) checkTargets(op, name, y.shape[0] as number, y.shape[1] as number, shape);
    return asTensor2D(op, name, y as tf.Tensor2D, {
      rows: shape.rows,
      cols: shape.outputs,
      meaning: meaning(shape),
    });
  }
  const m = asTargets(op, name, y, shape);
  return {
    tensor: tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32'),
    owned: true,
  };
}
