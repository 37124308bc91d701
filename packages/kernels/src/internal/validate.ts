// Argument checks of this package beyond @overparam/tensor's input layer (asMatrix64,
// asTensor2D, asTargets and the assert helpers, which every kernel uses directly).
import {
  asMatrix64,
  assertInteger as assertIntegerIn,
  assertNumber,
  type MatrixShape,
  ShapeMismatchError,
} from '@overparam/tensor';

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

// LEGACY, only for kernel-ridge.ts and fit-kernel-ridge.ts until they read their inputs through
// @overparam/tensor directly (they are being rebuilt on tensor's solvePsd): the old call shapes,
// on tensor's input layer. Delete with their last import.
export type { MatrixInput } from '@overparam/tensor';
/** @deprecated use asMatrix64 of @overparam/tensor. */
export const toMatrix64 = asMatrix64;
/** @deprecated use assertNonNegative(op, name, value, hint) of @overparam/tensor. */
export function assertNonNegative(name: string, value: number, hint: string): void {
  assertNumber('', name, value, { min: 0 }, hint);
}
/** @deprecated use assertInteger(op, name, value, { min }, hint) of @overparam/tensor. */
export function assertInteger(name: string, value: number, min: number, hint: string): void {
  assertIntegerIn('', name, value, { min }, hint);
}
