import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../linalg/linalg-errors.js';
import { asMatrix64, checkShape, type MatrixInput, type MatrixShape } from './as-matrix64.js';

/**
 * A matrix for the tfjs (float32) paths: a 2-D tensor on the active backend (adopted, not
 * copied) or host data ({@link MatrixInput}), which is checked and uploaded.
 *
 * @example
 * const a: TensorInput = tf.zeros([2, 3]);
 * const b: TensorInput = [[1, 2, 3]];
 */
export type TensorInput = tf.Tensor2D | MatrixInput;

/** A tensor and whether the callee created it, and so must dispose it. */
export interface Owned<T extends tf.Tensor> {
  readonly tensor: T;
  /** True when the tensor was created here (uploaded or cast): dispose it when done. */
  readonly owned: boolean;
}

/**
 * Reads `x` as a float32 2-D tensor. A float32 tensor is adopted (`owned: false`; not checked
 * for NaN, which would need a read-back); a tensor of another dtype is cast (`owned: true`);
 * host data goes through {@link asMatrix64} (finite, rectangular) and is uploaded
 * (`owned: true`). The caller disposes the tensor when `owned`.
 *
 * @throws InvalidArgumentError for a disposed tensor or an unsupported value; ShapeMismatchError
 *   for a tensor that is not 2-D or a shape that breaks `shape`; NonFiniteError for host data
 *   with NaN/±Infinity.
 * @example
 * const { tensor, owned } = asTensor2D('gram', 'X', [[1, 2]]); // tensor [1, 2] (1×2), owned true
 * if (owned) tensor.dispose();
 */
export function asTensor2D(
  op: string,
  name: string,
  x: TensorInput,
  shape: MatrixShape = {},
): Owned<tf.Tensor2D> {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) {
      throw new InvalidArgumentError(
        name,
        'a disposed tensor',
        'a live tensor; keep it until the call returns (or pass nested arrays)',
        op,
      );
    }
    if (x.rank !== 2) {
      throw new ShapeMismatchError(
        op,
        `${name} has shape [${x.shape.join(', ')}]`,
        'a 2-D tensor [n, d] (one row per point)',
      );
    }
    const bad = checkShape(op, name, x.shape[0], x.shape[1], shape);
    if (bad) throw bad;
    if (x.dtype === 'float32') return { tensor: x, owned: false };
    return { tensor: tf.cast(x, 'float32'), owned: true };
  }
  const m = asMatrix64(op, name, x, shape);
  const data = Float32Array.from(m.data);
  // A finite float64 beyond ±3.4e38 rounds to ±Infinity in float32: say so instead.
  let probe = 0;
  for (let i = 0; i < data.length; i++) probe += data[i]! * 0;
  if (probe !== 0) {
    const i = data.findIndex((v) => !Number.isFinite(v));
    throw new InvalidArgumentError(
      `${name}[${Math.floor(i / m.cols)}][${i % m.cols}]`,
      m.data[i],
      'a value within the float32 range ±3.4e38 (the tfjs backends compute in float32); rescale the data or use the float64 route',
      op,
    );
  }
  return { tensor: tf.tensor2d(data, [m.rows, m.cols], 'float32'), owned: true };
}
