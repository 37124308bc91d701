// Test inputs shared by the kernels tests.
import { createRng, eigvalsh, type Matrix64 } from '@overparam/tensor';
import { expect } from 'vitest';

/** n points in R^d (rows) with independent N(0, 1) coordinates from createRng(seed). */
export function randomMatrix(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

/**
 * Expects K to be exactly symmetric and positive semi-definite: λ_min ≥ −1e-10·‖K‖_F (rounding
 * of the eigenvalue solver).
 */
export function expectSymmetricPsd(K: Matrix64): void {
  const n = K.rows;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      expect(K.data[i * n + j]).toBe(K.data[j * n + i]);
      norm += (K.data[i * n + j] as number) ** 2;
    }
  }
  const min = eigvalsh(K)[0] as number;
  expect(min).toBeGreaterThanOrEqual(-1e-10 * Math.sqrt(norm));
}
