import { type Matrix64, ShapeMismatchError } from '@overparam/tensor';
import type { TargetsInput } from '../kernel-ridge.js';
import { type MatrixInput, toMatrix64 } from './validate.js';

/** A square n×n float64 matrix (a kernel / Gram matrix). */
export function squareMatrix(op: string, name: string, input: MatrixInput): Matrix64 {
  const m = toMatrix64(op, name, input);
  if (m.rows !== m.cols) {
    throw new ShapeMismatchError(
      op,
      `${name} is ${m.rows}×${m.cols}`,
      'a square n×n kernel matrix',
    );
  }
  return m;
}

/** Targets as an n×k matrix: a vector becomes one column. */
export function targetMatrix(op: string, Y: TargetsInput, n: number): Matrix64 {
  const y =
    Array.isArray(Y) && (Y.length === 0 || typeof Y[0] === 'number')
      ? toMatrix64(
          op,
          'Y',
          (Y as readonly number[]).map((v) => [v]),
        )
      : toMatrix64(op, 'Y', Y as MatrixInput);
  if (y.rows !== n) {
    throw new ShapeMismatchError(
      op,
      `Y has ${y.rows} rows`,
      `${n} rows, one per point like K (${n}×${n})`,
    );
  }
  return y;
}
