import { assertOptions, assertPositive, resolveBudget } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import { F32_SUM, F64_SUM } from './internal/norm-range.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/** Options of {@link rbfKernel}. */
export interface RbfKernelOptions extends KernelBudgetOptions {
  /** ℓ > 0. Default 1. */
  lengthScale?: number;
}

/**
 * The Gaussian (RBF) kernel k(x, x') = exp(−‖x − x'‖²/(2ℓ²)), the limit of random Fourier
 * features with W ~ N(0, 1/ℓ²) (Rahimi & Recht 2007; https://overparam.dev/docs/theory/random-features#fourier-features). ‖x − x'‖² is formed as
 * ‖x‖² + ‖x'‖² − 2⟨x, x'⟩ (one matmul) and clamped at 0; identical points give exactly 1.
 * Float64 on the CPU, float32 on the active backend.
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Rows with ‖x‖² above 1e300
 * (float64) or 1e37 (float32), where ‖x‖² + ‖x'‖² − 2⟨x,x'⟩ would overflow, throw
 * InvalidArgumentError (rescale X); K(X, Y) beyond the budget throws WorkBudgetError.
 *
 * @throws InvalidArgumentError for lengthScale ≤ 0 or NaN, or options that are not an object.
 * @example
 * toArray(rbfKernel({ lengthScale: 1 }).f64([[0]], [[0], [1]])) // [[1, 0.6065…]]
 */
export function rbfKernel(options: RbfKernelOptions = {}): Kernel {
  assertOptions('rbfKernel', 'options', options);
  const { lengthScale = 1, budget } = options;
  resolveBudget(budget, 'rbfKernel');
  assertPositive('rbfKernel', 'lengthScale', lengthScale, 'the length scale ℓ, e.g. 1');
  const scale = -1 / (2 * lengthScale * lengthScale);
  return dotKernel({
    name: `rbf(lengthScale=${lengthScale})`,
    entry: (q1, q2, c) => Math.exp(scale * Math.max(q1 + q2 - 2 * c, 0)),
    entryTf: (q1, q2, c) => tf.exp(tf.mul(tf.relu(tf.sub(tf.add(q1, q2), tf.mul(c, 2))), scale)),
    range: { f64: F64_SUM, f32: F32_SUM },
    budget,
  });
}
