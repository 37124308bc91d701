import type { Matrix64 } from '@overparam/tensor';

/**
 * A supervised data set: inputs X (n×d), targets Y (n×k), and class labels when there are
 * classes. X and Y are float64 row-major {@link Matrix64}s (one sample per row), so they feed
 * the linear algebra of @overparam/tensor directly.
 *
 * @example
 * const { X, Y } = toy1d({ n: 3, dataSeed: 0 }); // X 3×1, Y 3×1
 */
export interface Dataset {
  X: Matrix64;
  Y: Matrix64;
  /** Class index of each row, for classification sets. */
  labels?: Int32Array;
}

/**
 * A train/test pair drawn from one distribution.
 *
 * @example
 * const { train, test } = mnistSplit(digits, { nTrain: 100, nTest: 50, dataSeed: 0 });
 */
export interface Split {
  train: Dataset;
  test: Dataset;
}
