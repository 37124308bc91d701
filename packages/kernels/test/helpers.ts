// Test inputs shared by the kernels tests.
import { createRng, eigvalsh, type Matrix64 } from '@overparam/tensor';
import { expectClose, F32_RTOL, type Numeric, withLeakCheck } from '@overparam/tensor/testing';
import type * as tf from '@tensorflow/tfjs-core';
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

/**
 * Runs `compute` (a float32 evaluation on the backend) under withLeakCheck, so that it creates no
 * tensor but its result, expects the result to match `expected` within F32_RTOL, then disposes it.
 */
export async function expectGpuClose(
  compute: () => tf.Tensor | Promise<tf.Tensor>,
  expected: Numeric,
  label: string,
): Promise<void> {
  const t = await withLeakCheck(compute, { keep: true });
  expectClose(await t.data(), expected, { rtol: F32_RTOL, label });
  t.dispose();
}

/** {@link expectGpuClose} for an evaluation that returns the NNGP and the NTK (fcKernel's). */
export async function expectGpuPairClose(
  compute: () => FcPair<tf.Tensor> | Promise<FcPair<tf.Tensor>>,
  expected: FcPair<Numeric>,
  label: (part: keyof FcPair<Numeric>) => string,
): Promise<void> {
  const r = await withLeakCheck(compute, { keep: true });
  expectClose(await r.nngp.data(), expected.nngp, { rtol: F32_RTOL, label: label('nngp') });
  expectClose(await r.ntk.data(), expected.ntk, { rtol: F32_RTOL, label: label('ntk') });
  r.nngp.dispose();
  r.ntk.dispose();
}

interface FcPair<T> {
  nngp: T;
  ntk: T;
}
