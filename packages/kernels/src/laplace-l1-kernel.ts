import { laplaceDistanceKernel } from './internal/classic-kernel.js';
import type { Kernel } from './kernel.js';
import type { LaplaceKernelOptions } from './laplace-kernel.js';

/**
 * The Laplace kernel with the L1 distance, k(x, x') = exp(−‖x − x'‖₁/ℓ) = Π_k exp(−|x_k − x'_k|/ℓ),
 * the limit of random Fourier features with Cauchy frequencies (Rahimi & Recht 2007).
 * Float64 on the CPU; float32 on the active backend from explicit differences, tiled so that
 * the t×n×d intermediate stays within `maxTileElements`.
 *
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. In float32 (`gpu`) rows with
 * ‖x‖² above 1e37 (beyond float32's range once squared) throw InvalidArgumentError (rescale X);
 * float64 has no such limit (a distance that overflows gives k = 0, its limit). K(X, Y)
 * beyond the budget throws WorkBudgetError.
 *
 * @throws InvalidArgumentError for lengthScale ≤ 0 or NaN, or options that are not an object.
 * @example
 * toArray(laplaceL1Kernel({ lengthScale: 1 }).f64([[0, 0]], [[3, 4]])) // [[0.000911…]] (e^-7)
 */
export function laplaceL1Kernel(options: LaplaceKernelOptions = {}): Kernel {
  return laplaceDistanceKernel('laplaceL1Kernel', 'laplaceL1', 'l1', options);
}
