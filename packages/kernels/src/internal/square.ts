// LEGACY, only for kernel-ridge.ts and fit-kernel-ridge.ts until they read their inputs through
// @overparam/tensor directly (asMatrix64 with KERNEL_MATRIX, asTargets). Delete with their last
// import.
import {
  asMatrix64,
  type Matrix64,
  type MatrixInput,
  ShapeMismatchError,
  type TargetsInput,
} from '@overparam/tensor';
import { KERNEL_MATRIX } from './validate.js';

/** @deprecated use asMatrix64(op, name, K, KERNEL_MATRIX). */
export function squareMatrix(op: string, name: string, input: MatrixInput): Matrix64 {
  return asMatrix64(op, name, input, KERNEL_MATRIX);
}

/** @deprecated use asTargets(op, 'Y', Y, { rows: n }) of @overparam/tensor. */
export function targetMatrix(op: string, Y: TargetsInput, n: number): Matrix64 {
  const y =
    Array.isArray(Y) && (Y.length === 0 || typeof Y[0] === 'number')
      ? asMatrix64(
          op,
          'Y',
          (Y as readonly number[]).map((v) => [v]),
        )
      : asMatrix64(op, 'Y', Y as MatrixInput);
  if (y.rows !== n) {
    throw new ShapeMismatchError(
      op,
      `Y has ${y.rows} rows`,
      `${n} rows, one per point like K (${n}×${n})`,
    );
  }
  return y;
}
