/**
 * A row-major float64 matrix: one sample per row. Structurally the same as
 * `Matrix64` of @overparam/tensor, so data sets feed its linear algebra directly.
 */
export interface DataMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A supervised data set: inputs X (n×d), targets Y (n×k), and class labels when there are classes. */
export interface Dataset {
  X: DataMatrix;
  Y: DataMatrix;
  /** Class index of each row, for classification sets. */
  labels?: Int32Array;
}

/** A train/test pair drawn from one distribution. */
export interface Split {
  train: Dataset;
  test: Dataset;
}
