import { assertOneOf, assertOptions, resolveBudget } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import { angle, SNAP32, SNAP64 } from './internal/moments.js';
import { F32_PRODUCT, F64_PRODUCT } from './internal/norm-range.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/** Options of {@link arcCosineKernel}. */
export interface ArcCosineKernelOptions extends KernelBudgetOptions {
  /** n ∈ {0, 1, 2}: the step, ReLU and squared-ReLU kernels. Default 1. */
  order?: 0 | 1 | 2;
}

/**
 * The arc-cosine kernel of order n (Cho & Saul, NIPS 2009):
 * k_n(x, x') = 2·E_{w~N(0,I)}[Θ(w·x)Θ(w·x')(w·x)ⁿ(w·x')ⁿ] = (1/π)‖x‖ⁿ‖x'‖ⁿ J_n(θ), with
 * J₀ = π − θ, J₁ = sin θ + (π − θ)cos θ, J₂ = 3 sin θ cos θ + (π − θ)(1 + 2cos²θ).
 * Written with s = ‖x‖‖x'‖sin θ and c = ⟨x, x'⟩ so that no norm is divided by:
 * k₀ = (π − θ)/π, k₁ = (s + (π − θ)c)/π, k₂ = (3sc + (π − θ)(‖x‖²‖x'‖² + 2c²))/π.
 * θ = atan2(s, c) with the root snapped to 0 below rounding noise; a zero vector gets θ = π/2
 * (k₀ = 1/2, k₁ = k₂ = 0). Random features √(2/N)·Θ(Wx)(Wx)ⁿ converge to it
 * ({@link randomArcCosineFeatures}). Order 1 is 2× the one-layer ReLU NNGP moment E[φφ].
 * Float64 on the CPU, float32 on the active backend.
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Rows whose ‖x‖² is neither 0 nor
 * in [1e-150, 1e150] (float64) or [1e-18, 1e18] (float32), where the product ‖x‖²‖x'‖² would
 * overflow or underflow (and give NaN or a wrong angle), throw InvalidArgumentError (rescale X);
 * K(X, Y) beyond the budget throws WorkBudgetError.
 *
 * @throws InvalidArgumentError for an order other than 0, 1, 2, or options that are not an object.
 * @example
 * toArray(arcCosineKernel({ order: 1 }).f64([[1, 0]], [[0, 1], [1, 0]])) // [[0.3183…, 1]]
 */
export function arcCosineKernel(options: ArcCosineKernelOptions = {}): Kernel {
  assertOptions('arcCosineKernel', 'options', options);
  const { order = 1, budget } = options;
  resolveBudget(budget, 'arcCosineKernel');
  assertOneOf('arcCosineKernel', 'order', order, [0, 1, 2], 'the order n of k_n');
  const m = new Float64Array(2);
  return dotKernel({
    name: `arcCosine(order=${order})`,
    entry(q1, q2, c) {
      angle(q1, q2, c, SNAP64, m);
      const piMinus = Math.PI - (m[0] as number);
      const s = m[1] as number;
      if (order === 0) return piMinus / Math.PI;
      if (order === 1) return (s + piMinus * c) / Math.PI;
      return (3 * s * c + piMinus * (q1 * q2 + 2 * c * c)) / Math.PI;
    },
    entryTf(q1, q2, c) {
      const p = tf.mul(q1, q2);
      const s2 = tf.sub(p, tf.square(c));
      const s = tf.sqrt(tf.where(tf.greater(s2, tf.mul(p, SNAP32)), s2, 0));
      const theta = tf.where(tf.greater(p, 0), tf.atan2(s, c), Math.PI / 2);
      const piMinus = tf.sub(Math.PI, theta);
      if (order === 0) return tf.div(piMinus, Math.PI);
      if (order === 1) return tf.div(tf.add(s, tf.mul(piMinus, c)), Math.PI);
      const head = tf.mul(tf.mul(s, c), 3);
      return tf.div(tf.add(head, tf.mul(piMinus, tf.add(p, tf.mul(tf.square(c), 2)))), Math.PI);
    },
    range: { f64: F64_PRODUCT, f32: F32_PRODUCT },
    budget,
  });
}
