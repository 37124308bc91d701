// Test inputs shared by the kernels tests.
import { createRng } from '@overparam/tensor';

/** n points in R^d (rows) with independent N(0, 1) coordinates from createRng(seed). */
export function randomMatrix(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}
