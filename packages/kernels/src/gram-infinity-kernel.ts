import { assertOptions, resolveBudget } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import { angle, SNAP32, SNAP64 } from './internal/moments.js';
import { F32_PRODUCT, F64_PRODUCT } from './internal/norm-range.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/**
 * The kernel H^∞ of the infinitely wide two-layer ReLU network whose first layer is trained and
 * whose output weights a_r = ±1 are fixed (Du, Zhai, Póczos & Singh, ICLR 2019, eq. (3);
 * Arora, Du, Hu, Li & Wang, ICML 2019, eq. (4)):
 *
 *   H^∞(x, x') = E_{w~N(0,I)}[⟨x, x'⟩·1{⟨w, x⟩ ≥ 0}·1{⟨w, x'⟩ ≥ 0}] = ⟨x, x'⟩(π − θ)/(2π)
 *             = ½·⟨x, x'⟩·k₀(x, x'),
 *
 * with θ the angle between x and x' and k₀ the order-0 arc-cosine kernel of
 * {@link arcCosineKernel} (same angle routine: θ = atan2(s, c), the root snapped to 0 below
 * rounding noise, so parallel inputs give θ = 0 exactly). It is the NTK of
 * f(x) = (1/√m)·Σ_r a_r·ReLU(⟨w_r, x⟩) with respect to W as m → ∞. Du et al. and Arora et al.
 * state it for ‖x‖ = 1 (then H^∞(x, x) = ½); the formula holds for any x. Float64 on the CPU,
 * float32 on the active backend.
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Rows whose ‖x‖² is neither 0 nor
 * in [1e-150, 1e150] (float64) or [1e-18, 1e18] (float32), where the product ‖x‖²‖x'‖² would
 * overflow or underflow (and give NaN or a wrong angle), throw InvalidArgumentError (rescale X);
 * K(X, Y) beyond the budget throws WorkBudgetError.
 *
 * @param options `budget`: the work budget of each call (see {@link KernelBudgetOptions}).
 * @throws InvalidArgumentError for options that are not an object.
 * @example
 * toArray(gramInfinityKernel().f64([[1, 0], [0, 1]])) // [[0.5, 0], [0, 0.5]]
 * toArray(gramInfinityKernel().f64([[1, 0]], [[Math.SQRT1_2, Math.SQRT1_2]])) // [[0.2651…]] = (1/√2)(3/4)/2
 */
export function gramInfinityKernel(options: KernelBudgetOptions = {}): Kernel {
  assertOptions('gramInfinityKernel', 'options', options);
  const { budget } = options;
  resolveBudget(budget, 'gramInfinityKernel');
  const m = new Float64Array(2);
  return dotKernel({
    name: 'gramInfinity()',
    entry(q1, q2, c) {
      angle(q1, q2, c, SNAP64, m);
      return (c * (Math.PI - (m[0] as number))) / (2 * Math.PI);
    },
    entryTf(q1, q2, c) {
      const p = tf.mul(q1, q2);
      const s2 = tf.sub(p, tf.square(c));
      const s = tf.sqrt(tf.where(tf.greater(s2, tf.mul(p, SNAP32)), s2, 0));
      const theta = tf.where(tf.greater(p, 0), tf.atan2(s, c), Math.PI / 2);
      return tf.div(tf.mul(c, tf.sub(Math.PI, theta)), 2 * Math.PI);
    },
    range: { f64: F64_PRODUCT, f32: F32_PRODUCT },
    budget,
  });
}
