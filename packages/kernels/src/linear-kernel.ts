import * as tf from '@tensorflow/tfjs-core';
import { kernelParameter, OFFSET } from './internal/classic-kernel.js';
import { dotKernel } from './internal/dot-kernel.js';
import { F32_SUM, F64_SUM } from './internal/norm-range.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/** Options of {@link linearKernel}. */
export interface LinearKernelOptions extends KernelBudgetOptions {
  /** c ≥ 0 added to every entry. Default 0. */
  offset?: number;
}

/**
 * The linear kernel k(x, x') = ⟨x, x'⟩ + c (c ≥ 0 keeps it positive semi-definite).
 * Float64 on the CPU (`f64`), float32 on the active backend (`gpu`).
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Rows with ‖x‖² above 1e300
 * (float64) or 1e37 (float32), where ‖x‖² + ‖x'‖² − 2⟨x,x'⟩ would overflow, throw
 * InvalidArgumentError (rescale X); K(X, Y) beyond the budget throws WorkBudgetError.
 *
 * @throws InvalidArgumentError for a negative or NaN offset, or options that are not an object.
 * @example
 * toArray(linearKernel().f64([[1, 2], [3, 4]])) // [[5, 11], [11, 25]]
 * toArray(linearKernel({ offset: 1 }).f64([[1, 2]], [[3, 4]])) // [[12]]
 */
export function linearKernel(options: LinearKernelOptions = {}): Kernel {
  const { value: offset, budget } = kernelParameter('linearKernel', options, OFFSET);
  return dotKernel({
    name: `linear(offset=${offset})`,
    entry: (_q1, _q2, c) => c + offset,
    entryTf: (_q1, _q2, c) => tf.add(c, offset),
    range: { f64: F64_SUM, f32: F32_SUM },
    budget,
  });
}
