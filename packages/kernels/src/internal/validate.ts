// Argument checks of this package beyond @overparam/tensor's input layer (asMatrix64,
// asTensor2D, asTargets and the assert helpers, which every kernel uses directly).
import {
  asMatrix64,
  asTensor2D,
  type Matrix64,
  type MatrixInput,
  type MatrixShape,
  ShapeMismatchError,
  type TensorInput,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';

/** The shape of a kernel (Gram) matrix K(X, X), for asMatrix64 and asTensor2D. */
export const KERNEL_MATRIX: MatrixShape = {
  square: true,
  meaning: 'an n×n kernel matrix K(X, X)',
};

/** X and Y must have the same number of columns (input dimension d). */
export function assertSameCols(op: string, xCols: number, yCols: number): void {
  if (xCols !== yCols) {
    throw new ShapeMismatchError(
      op,
      `Y has ${yCols} columns`,
      `${xCols} columns like X (both are n×d with the same input dimension d)`,
    );
  }
}

/** The float64 X and optional Y of a kernel call (Y defaults to X), with equal column counts. */
export function asMatrixPair(
  op: string,
  X: MatrixInput,
  Y: MatrixInput | undefined,
): { x: Matrix64; y: Matrix64 } {
  const x = asMatrix64(op, 'X', X);
  const y = Y === undefined ? x : asMatrix64(op, 'Y', Y);
  assertSameCols(op, x.cols, y.cols);
  return { x, y };
}

/** The work-budget hint of the classic kernels' K(X, Y). */
export const KERNEL_HINT = 'pass fewer points, or compute K(X, Y) in blocks of rows of X';
/** The fix for row norms beyond the float range. */
export const NORM_FIX = 'rescale X (and Y), e.g. divide by the largest row norm';

/**
 * A matrix given to a GPU solver, checked before anything is uploaded: a live tensor of the
 * right shape is adopted as it is (validation only), host data is read once as float64.
 */
export function matrixInput(
  op: string,
  name: string,
  value: TensorInput,
  shape: MatrixShape,
): { rows: number; input: tf.Tensor2D | Matrix64 } {
  if (value instanceof tf.Tensor) {
    const { tensor, owned } = asTensor2D(op, name, value, shape);
    if (owned) tensor.dispose();
    return { rows: tensor.shape[0], input: value as tf.Tensor2D };
  }
  const m = asMatrix64(op, name, value, shape);
  return { rows: m.rows, input: m };
}

/** n of an n×n kernel matrix K given to a GPU solver ({@link matrixInput}). */
export function kernelInput(
  op: string,
  K: TensorInput,
): { n: number; input: tf.Tensor2D | Matrix64 } {
  const { rows, input } = matrixInput(op, 'K', K, KERNEL_MATRIX);
  return { n: rows, input };
}
