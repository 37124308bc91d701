// Test inputs and identities shared by the layers tests.
import { createRng, eigvalsh, type Matrix64 } from '@overparam/tensor';
import { expect } from 'vitest';

/** n points in R^d (rows) with independent N(0, 1) coordinates from createRng(seed). */
export function randomMatrix(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

/** ‖A‖_F of a Matrix64 or a flat array. */
export function frobenius(a: Matrix64 | ArrayLike<number>): number {
  const data = 'data' in a ? a.data : a;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i] as number) ** 2;
  return Math.sqrt(s);
}

/** A − B entrywise (same shapes). */
export function subtract(a: Matrix64, b: Matrix64): Matrix64 {
  return { rows: a.rows, cols: a.cols, data: a.data.map((v, i) => v - (b.data[i] as number)) };
}

/** The diagonal of a square Matrix64. */
export function diagonal(a: Matrix64): Float64Array {
  return Float64Array.from({ length: a.rows }, (_, i) => a.data[i * a.cols + i] as number);
}

/**
 * Expects K to be exactly symmetric and positive semi-definite: λ_min ≥ −1e-10·‖K‖_F (rounding
 * of the eigenvalue solver).
 */
export function expectSymmetricPsd(K: Matrix64, label = 'K'): void {
  const n = K.rows;
  expect(K.cols, `${label} is square`).toBe(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      expect(K.data[i * n + j], `${label}[${i}, ${j}] = ${label}[${j}, ${i}]`).toBe(
        K.data[j * n + i],
      );
    }
  }
  const min = eigvalsh(K)[0] as number;
  expect(min, `λ_min(${label})`).toBeGreaterThanOrEqual(-1e-10 * frobenius(K));
}
