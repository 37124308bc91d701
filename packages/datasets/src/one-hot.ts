import { InvalidArgumentError } from '@overparam/tensor';
import type { DataMatrix } from './data-matrix.js';

/**
 * One-hot targets: row i has a 1 in column labels[i] and 0 elsewhere (n×K).
 *
 * @example
 * oneHot(Int32Array.of(2, 0), 3).data // Float64Array [0, 0, 1, 1, 0, 0]
 */
export function oneHot(labels: ArrayLike<number>, numClasses: number): DataMatrix {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new InvalidArgumentError('numClasses', numClasses, 'an integer >= 1');
  }
  const n = labels.length;
  const data = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new InvalidArgumentError(`labels[${i}]`, c, `an integer class in [0, ${numClasses})`);
    }
    data[i * numClasses + c] = 1;
  }
  return { rows: n, cols: numClasses, data };
}
