import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  InvalidArgumentError,
  resolveBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { dotKernel, type RangeOf } from './internal/dot-kernel.js';
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
 * Every entry is bounded by the diagonal, |k(x, x')| ≤ √(k(x, x)·k(x', x')) (Cauchy–Schwarz), so
 * rows with (γ‖x‖² + c₀)^p above 1e308 (float64) or 1e38 (float32), where the power would
 * overflow to Infinity, throw InvalidArgumentError too (rescale X, or lower the degree), and so
 * does every input when c₀^p alone is above that.
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
  const g = (d: number) => (gamma === undefined ? 1 / d : gamma);
  const entryRange = (limit: number, precision: string): RangeOf => {
    // The largest base |γ⟨x, x'⟩ + c₀| whose p-th power stays below `limit` (a margin under the
    // float range of ~1.8e308 / ~3.4e38 for the rounding of pow), and the ‖x‖² it allows.
    const base = limit ** (1 / degree);
    return (d, method) => {
      if (coef0 > base) {
        throw new InvalidArgumentError(
          'coef0',
          coef0,
          `c₀ ≤ ${base.toExponential(3)}: c₀^p = ${coef0}^${degree} overflows ${precision} (above ${limit.toExponential()}); lower coef0 or the degree`,
          method,
        );
      }
      return {
        lo: 0,
        hi: (base - coef0) / g(d),
        why: `${precision}: (γ‖x‖² + c₀)^p must stay below ${limit.toExponential()}`,
      };
    };
  };
  return dotKernel({
    name: `polynomial(degree=${degree}, gamma=${gamma === undefined ? '1/d' : gamma}, coef0=${coef0})`,
    entry: (_q1, _q2, c, d) => (g(d) * c + coef0) ** degree,
    entryTf: (_q1, _q2, c, d) => tf.pow(tf.add(tf.mul(c, g(d)), coef0), degree),
    range: { f64: F64_SUM, f32: F32_SUM },
    entryRange: { f64: entryRange(1e308, 'float64'), f32: entryRange(1e38, 'float32') },
    budget,
  });
}
