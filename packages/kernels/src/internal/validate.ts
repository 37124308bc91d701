// Argument checks of this package beyond @overparam/tensor's input layer (asMatrix64,
// asTensor2D, asTargets and the assert helpers, which every kernel uses directly).
import { type MatrixShape, ShapeMismatchError } from '@overparam/tensor';

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
