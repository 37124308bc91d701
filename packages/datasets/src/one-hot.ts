import { assertInteger, type Matrix64, type VectorInput } from '@overparam/tensor';

/**
 * One-hot targets: row i has a 1 in column labels[i] and 0 elsewhere (n×K).
 *
 * @throws InvalidArgumentError for K < 1 or a label that is not an integer in [0, K).
 * @example
 * oneHot(Int32Array.of(2, 0), 3).data // Float64Array [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: VectorInput, numClasses: number): Matrix64 {
  assertInteger('oneHot', 'numClasses', numClasses, { min: 1 }, 'the number of classes K');
  const n = labels.length;
  const data = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    assertInteger('oneHot', `labels[${i}]`, c, { min: 0, max: numClasses - 1 }, 'a class index');
    data[i * numClasses + c] = 1;
  }
  return { rows: n, cols: numClasses, data };
}
