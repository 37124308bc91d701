import { assertPositive } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import type { Kernel } from './kernel.js';

/** Options of {@link rbfKernel}. */
export interface RbfKernelOptions {
  /** ℓ > 0. Default 1. */
  lengthScale?: number;
}

/**
 * The Gaussian (RBF) kernel k(x, x') = exp(−‖x − x'‖²/(2ℓ²)), the limit of random Fourier
 * features with W ~ N(0, 1/ℓ²) (Rahimi & Recht 2007; https://overparam.dev/docs/theory/random-features#fourier-features). ‖x − x'‖² is formed as
 * ‖x‖² + ‖x'‖² − 2⟨x, x'⟩ (one matmul) and clamped at 0; identical points give exactly 1.
 * Float64 on the CPU, float32 on the active backend.
 *
 * @throws InvalidArgumentError for lengthScale ≤ 0 or NaN.
 * @example
 * toArray(rbfKernel({ lengthScale: 1 }).f64([[0]], [[0], [1]])) // [[1, 0.6065…]]
 */
export function rbfKernel(options: RbfKernelOptions = {}): Kernel {
  const { lengthScale = 1 } = options;
  assertPositive('rbfKernel', 'lengthScale', lengthScale, 'the length scale ℓ, e.g. 1');
  const scale = -1 / (2 * lengthScale * lengthScale);
  return dotKernel({
    name: `rbf(lengthScale=${lengthScale})`,
    entry: (q1, q2, c) => Math.exp(scale * Math.max(q1 + q2 - 2 * c, 0)),
    entryTf: (q1, q2, c) => tf.exp(tf.mul(tf.relu(tf.sub(tf.add(q1, q2), tf.mul(c, 2))), scale)),
  });
}
