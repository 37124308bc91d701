import type { Matrix64 } from '@overparam/tensor';

/**
 * Mean over samples of the squared error summed over outputs: (1/n)·Σ_i ‖ŷ_i − y_i‖², the
 * convention of Belkin et al. (PNAS 2019) for one-hot targets.
 */
export function meanSquaredError(predictions: Float64Array, Y: Matrix64): number {
  const { rows, data } = Y;
  if (rows === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (predictions[i]! - data[i]!) ** 2;
  return s / rows;
}

/**
 * Fraction of misclassified samples: argmax over outputs for K ≥ 2 (one-hot targets); for one
 * output, class 1 when the prediction is > 0, else class 0 (±1 targets, as toy2d).
 */
export function zeroOneError(
  predictions: Float64Array,
  rows: number,
  labels: ArrayLike<number>,
): number {
  if (rows === 0) return Number.NaN;
  const k = predictions.length / rows;
  let wrong = 0;
  for (let i = 0; i < rows; i++) {
    let predicted: number;
    if (k === 1) {
      predicted = predictions[i]! > 0 ? 1 : 0;
    } else {
      predicted = 0;
      let best = predictions[i * k]!;
      for (let c = 1; c < k; c++) {
        const v = predictions[i * k + c]!;
        if (v > best) {
          best = v;
          predicted = c;
        }
      }
    }
    if (predicted !== labels[i]) wrong++;
  }
  return wrong / rows;
}
