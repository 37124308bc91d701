import { laplaceDistanceKernel } from './internal/classic-kernel.js';
import type { Kernel, KernelBudgetOptions } from './kernel.js';

/** Options of {@link laplaceKernel} and {@link laplaceL1Kernel}. */
export interface LaplaceKernelOptions extends KernelBudgetOptions {
  /** ℓ > 0. Default 1. */
  lengthScale?: number;
}

/**
 * The Laplace kernel with the Euclidean distance, k(x, x') = exp(−‖x − x'‖₂/ℓ) (the
 * exponential / Matérn-½ kernel; for the L1 distance see {@link laplaceL1Kernel}).
 * Float64 on the CPU from explicit differences (exact for close points); float32 on the
 * active backend from one matmul, where distances below ~1e-3 of the norms round to 0.
 *
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. In float32 (`gpu`) rows with
 * ‖x‖² above 1e37 (beyond float32's range once squared) throw InvalidArgumentError (rescale X);
 * float64 has no such limit (a distance that overflows gives k = 0, its limit). K(X, Y)
 * beyond the budget throws WorkBudgetError.
 *
 * @throws InvalidArgumentError for lengthScale ≤ 0 or NaN, or options that are not an object.
 * @example
 * toArray(laplaceKernel({ lengthScale: 1 }).f64([[0, 0]], [[3, 4]])) // [[0.006737…]] (e^-5)
 */
export function laplaceKernel(options: LaplaceKernelOptions = {}): Kernel {
  return laplaceDistanceKernel('laplaceKernel', 'laplace', 'l2', options);
}
