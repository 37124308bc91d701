import {
  assertInteger,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  InvalidArgumentError,
  SEED_RANGE,
  type WorkBudget,
} from '@overparam/tensor';
import type { Split } from './dataset.js';
import { assertDigits, MNIST_PIXELS, type MnistDigits } from './mnist.js';
import { oneHot } from './one-hot.js';
import { permutation } from './permutation.js';

/** The pixel encodings of {@link mnistSplit}, in one place. */
export const MNIST_PIXEL_ENCODINGS = ['unit', 'binary'] as const;

/** Options of {@link mnistSplit}. */
export interface MnistSplitOptions {
  nTrain: number;
  nTest: number;
  /** Seed of the shuffle that picks the train and test digits (disjoint): {@link permutation}'s seed. */
  dataSeed: number;
  /** Keep only these classes (relabelled 0..K−1 in this order). Default: all ten. */
  classes?: readonly number[];
  /** 'unit': grey level/255 in [0, 1] (default); 'binary': 1 where the grey level ≥ 128, else 0. */
  pixels?: (typeof MNIST_PIXEL_ENCODINGS)[number];
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the split is allocated: 8·(nTrain + nTest)·(784 + K) + 4·count bytes.
   */
  budget?: WorkBudget;
}

/**
 * A seeded train/test split of MNIST with one-hot targets: X n×784 (float64), Y n×K, labels.
 * Train and test are disjoint; the same seed gives the same split everywhere.
 *
 * @throws InvalidArgumentError for nTrain < 1, nTest < 0, more digits than the classes hold,
 *   a class twice or outside 0–9, an unknown `pixels` encoding, a bad seed, or digits that are
 *   not { count, labels, pixels } of matching sizes; WorkBudgetError over the memory budget.
 * @example
 * const { train, test } = mnistSplit(await loadMnist(), { nTrain: 1000, nTest: 1000, dataSeed: 0 });
 * train.X.cols // 784
 * train.Y.cols // 10
 */
export function mnistSplit(digits: MnistDigits, options: MnistSplitOptions): Split {
  const op = 'mnistSplit';
  assertDigits(op, digits);
  assertOptions(op, 'options', options, false);
  const {
    nTrain,
    nTest,
    dataSeed,
    classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    pixels = 'unit',
  } = options;
  assertInteger(op, 'nTrain', nTrain, { min: 1 }, 'the number of training digits');
  assertInteger(op, 'nTest', nTest, { min: 0 }, 'the number of test digits');
  assertInteger(op, 'dataSeed', dataSeed, SEED_RANGE, 'a seed');
  assertOneOf(op, 'pixels', pixels, MNIST_PIXEL_ENCODINGS);
  if (!Array.isArray(classes) || classes.length === 0) {
    throw new InvalidArgumentError('classes', classes, 'a non-empty array of digits 0–9', op);
  }
  const classIndex = new Map<number, number>();
  for (const [k, c] of classes.entries()) {
    if (!Number.isInteger(c) || c < 0 || c > 9 || classIndex.has(c)) {
      throw new InvalidArgumentError('classes', classes, 'distinct digits between 0 and 9', op);
    }
    classIndex.set(c, k);
  }
  assertWorkBudget(
    op,
    {
      bytes: 8 * (nTrain + nTest) * (MNIST_PIXELS + classes.length) + 4 * digits.count,
      flops: (nTrain + nTest) * MNIST_PIXELS + 4 * digits.count,
    },
    options.budget,
    'lower nTrain or nTest',
  );
  const order = permutation(
    digits.count,
    dataSeed,
    options.budget ? { budget: options.budget } : {},
  );
  const chosen: number[] = [];
  for (const i of order) {
    if (classIndex.has(digits.labels[i] as number)) chosen.push(i);
    if (chosen.length === nTrain + nTest) break;
  }
  if (chosen.length < nTrain + nTest) {
    throw new InvalidArgumentError(
      'nTrain + nTest',
      nTrain + nTest,
      `at most ${chosen.length}, the number of digits of classes [${classes.join(', ')}]; lower nTrain or nTest`,
      op,
    );
  }
  const take = (rows: number[]) => {
    const X = new Float64Array(rows.length * MNIST_PIXELS);
    const labels = new Int32Array(rows.length);
    for (const [r, i] of rows.entries()) {
      labels[r] = classIndex.get(digits.labels[i] as number) as number;
      for (let p = 0; p < MNIST_PIXELS; p++) {
        const v = digits.pixels[i * MNIST_PIXELS + p] as number;
        X[r * MNIST_PIXELS + p] = pixels === 'binary' ? (v >= 128 ? 1 : 0) : v / 255;
      }
    }
    return {
      X: { rows: rows.length, cols: MNIST_PIXELS, data: X },
      Y: oneHot(labels, classes.length),
      labels,
    };
  };
  return { train: take(chosen.slice(0, nTrain)), test: take(chosen.slice(nTrain)) };
}
