import {
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asVector,
  type Matrix64,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';

/** Options of {@link oneHot}. */
export interface OneHotOptions {
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): 8·n·K bytes. */
  budget?: WorkBudget;
}

/**
 * One-hot targets: row i has a 1 in column labels[i] and 0 elsewhere (n×K).
 *
 * @throws InvalidArgumentError for K < 1, labels that are not an array of numbers, or a label
 *   that is not an integer in [0, K); WorkBudgetError for n·K over the work budget.
 * @example
 * oneHot(Int32Array.of(2, 0), 3).data // Float64Array [0, 0, 1, 1, 0, 0]
 */
export function oneHot(
  labels: VectorInput,
  numClasses: number,
  options: OneHotOptions = {},
): Matrix64 {
  assertInteger('oneHot', 'numClasses', numClasses, { min: 1 }, 'the number of classes K');
  assertOptions('oneHot', 'options', options);
  // Not an array: asVector throws its InvalidArgumentError naming labels (entries are checked
  // below as class indices, with their own message).
  if (!Array.isArray(labels) && !(ArrayBuffer.isView(labels) && !(labels instanceof DataView))) {
    asVector('oneHot', 'labels', labels);
  }
  const n = labels.length;
  assertWorkBudget(
    'oneHot',
    { bytes: 8 * n * numClasses },
    options.budget,
    'fewer labels or classes',
  );
  const data = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    assertInteger('oneHot', `labels[${i}]`, c, { min: 0, max: numClasses - 1 }, 'a class index');
    data[i * numClasses + c] = 1;
  }
  return { rows: n, cols: numClasses, data };
}
