import * as tf from '@tensorflow/tfjs-core';
import { kernelParameter, LENGTH_SCALE } from './internal/classic-kernel.js';
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
  const { value: lengthScale, budget } = kernelParameter('rbfKernel', options, LENGTH_SCALE);
  const scale = -1 / (2 * lengthScale * lengthScale);
  // A tiny ℓ (ℓ² underflows, below ~1e-154 in float64 or ~1e-19 as a float32 factor) makes the
  // scale −Infinity, and −Infinity·0 is NaN at zero distance: there the kernel is exactly 1
  // (and exp(scale·r²) is 0 for r² > 0, the limit ℓ → 0). A finite scale keeps the plain formula.
  const scale32 = Number.isFinite(Math.fround(scale));
  return dotKernel({
    name: `rbf(lengthScale=${lengthScale})`,
    entry: (q1, q2, c) => {
      const r2 = Math.max(q1 + q2 - 2 * c, 0);
      return r2 === 0 ? 1 : Math.exp(scale * r2);
    },
    entryTf: (q1, q2, c) => {
      const r2 = tf.relu(tf.sub(tf.add(q1, q2), tf.mul(c, 2)));
      return scale32 ? tf.exp(tf.mul(r2, scale)) : tf.cast(tf.equal(r2, 0), 'float32');
    },
    range: { f64: F64_SUM, f32: F32_SUM },
    budget,
  });
}
