import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  resolveBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel } from './internal/dot-kernel.js';
import { F32_SUM, F64_SUM } from './internal/norm-range.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/** Options of {@link polynomialKernel}. Defaults as scikit-learn's. */
export interface PolynomialKernelOptions extends KernelBudgetOptions {
  /** p, an integer ≥ 1. Default 3. */
  degree?: number;
  /** γ > 0. Default 1/d (the input dimension). */
  gamma?: number;
  /** c₀ ≥ 0. Default 1. */
  coef0?: number;
}

/**
 * The polynomial kernel k(x, x') = (γ⟨x, x'⟩ + c₀)^p (Schölkopf & Smola, Learning with
 * Kernels, §2.3; positive semi-definite for c₀ ≥ 0 and integer p). Float64 on the CPU,
 * float32 on the active backend.
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Rows with ‖x‖² above 1e300
 * (float64) or 1e37 (float32), where ‖x‖² + ‖x'‖² − 2⟨x,x'⟩ would overflow, throw
 * InvalidArgumentError (rescale X); K(X, Y) beyond the budget throws WorkBudgetError.
 * An entry (γ⟨x, x'⟩ + c₀)^p beyond the float range (~1.8e308 in float64, ~3.4e38 in float32)
 * is ±Infinity: the power overflows.
 *
 * @throws InvalidArgumentError for a non-integer degree, gamma ≤ 0, negative coef0, NaN, or
 *   options that are not an object.
 * @example
 * toArray(polynomialKernel({ degree: 2, gamma: 1, coef0: 1 }).f64([[1, 2]], [[3, 4]])) // [[144]]
 */
export function polynomialKernel(options: PolynomialKernelOptions = {}): Kernel {
  const op = 'polynomialKernel';
  assertOptions(op, 'options', options);
  const { degree = 3, gamma, coef0 = 1, budget } = options;
  resolveBudget(budget, op);
  assertInteger(op, 'degree', degree, { min: 1 }, 'the polynomial degree p, e.g. 3');
  if (gamma !== undefined)
    assertPositive(op, 'gamma', gamma, 'the scale γ of ⟨x, x′⟩, default 1/d');
  assertNonNegative(op, 'coef0', coef0, 'the constant c₀, e.g. 1');
  const g = (d: number) => gamma ?? 1 / d;
  return dotKernel({
    name: `polynomial(degree=${degree}, gamma=${gamma ?? '1/d'}, coef0=${coef0})`,
    entry: (_q1, _q2, c, d) => (g(d) * c + coef0) ** degree,
    entryTf: (_q1, _q2, c, d) => tf.pow(tf.add(tf.mul(c, g(d)), coef0), degree),
    range: { f64: F64_SUM, f32: F32_SUM },
    budget,
  });
}
