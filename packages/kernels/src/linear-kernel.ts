import { assertNonNegative } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import type { Kernel } from './kernel.js';

/** Options of {@link linearKernel}. */
export interface LinearKernelOptions {
  /** c ≥ 0 added to every entry. Default 0. */
  offset?: number;
}

/**
 * The linear kernel k(x, x') = ⟨x, x'⟩ + c (c ≥ 0 keeps it positive semi-definite).
 * Float64 on the CPU (`f64`), float32 on the active backend (`gpu`).
 *
 * @throws InvalidArgumentError for a negative or NaN offset.
 * @example
 * toArray(linearKernel().f64([[1, 2], [3, 4]])) // [[5, 11], [11, 25]]
 * toArray(linearKernel({ offset: 1 }).f64([[1, 2]], [[3, 4]])) // [[12]]
 */
export function linearKernel(options: LinearKernelOptions = {}): Kernel {
  const { offset = 0 } = options;
  assertNonNegative('linearKernel', 'offset', offset, 'the constant added to ⟨x, x′⟩, e.g. 0');
  return dotKernel({
    name: `linear(offset=${offset})`,
    entry: (_q1, _q2, c) => c + offset,
    entryTf: (_q1, _q2, c) => tf.add(c, offset),
  });
}
