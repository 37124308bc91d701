import { createRng, eigvalsh, type Matrix64 } from '@overparam/tensor';
import { expectClose, F64_RTOL, MC_RTOL, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { arcCosineKernel, gramInfinityKernel, linearKernel } from '../src/index.js';
import { expectGpuClose } from './helpers.js';

function gaussian(n: number, d: number, seed: number): Matrix64 {
  return { rows: n, cols: d, data: createRng(seed).fillNormal(new Float64Array(n * d)) };
}

function unitRows(X: Matrix64): Matrix64 {
  const data = Float64Array.from(X.data);
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let k = 0; k < X.cols; k++) s += (data[i * X.cols + k] as number) ** 2;
    for (let k = 0; k < X.cols; k++) data[i * X.cols + k]! /= Math.sqrt(s);
  }
  return { rows: X.rows, cols: X.cols, data };
}

describe(`gramInfinityKernel (H^∞ of Du et al. 2019) [${TEST_BACKEND}]`, () => {
  it('is ½·⟨x, x′⟩·k₀(x, x′), the order-0 arc-cosine kernel times the linear kernel', () => {
    const X = gaussian(9, 4, 1);
    const Y = gaussian(5, 4, 2);
    for (const [H, lin, k0] of [
      [gramInfinityKernel().f64(X), linearKernel().f64(X), arcCosineKernel({ order: 0 }).f64(X)],
      [
        gramInfinityKernel().f64(X, Y),
        linearKernel().f64(X, Y),
        arcCosineKernel({ order: 0 }).f64(X, Y),
      ],
    ] as const) {
      expectClose(
        H,
        lin.data.map((v, i) => 0.5 * v * (k0.data[i] as number)),
        { rtol: F64_RTOL },
      );
    }
  });

  it('on unit inputs: ⟨x, x′⟩(π − θ)/(2π) with Kahan’s angle, diagonal ½, positive semi-definite', () => {
    const X = unitRows(gaussian(12, 3, 3));
    const H = gramInfinityKernel().f64(X);
    const n = X.rows;
    const expected = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        // θ = 2·atan2(‖x − x′‖, ‖x + x′‖) for unit vectors (Kahan): accurate near 0 and π,
        // where arccos⟨x, x′⟩ loses half the digits; an independent route to the kernel's atan2.
        let c = 0;
        let minus = 0;
        let plus = 0;
        for (let k = 0; k < 3; k++) {
          const a = X.data[i * 3 + k] as number;
          const b = X.data[j * 3 + k] as number;
          c += a * b;
          minus += (a - b) ** 2;
          plus += (a + b) ** 2;
        }
        const theta = 2 * Math.atan2(Math.sqrt(minus), Math.sqrt(plus));
        expected[i * n + j] = (c * (Math.PI - theta)) / (2 * Math.PI);
      }
    }
    expectClose(H, expected, { rtol: 1e-12 });
    for (let i = 0; i < n; i++) expect(H.data[i * n + i]).toBeCloseTo(0.5, 15);
    expect(eigvalsh(H)[0] as number).toBeGreaterThan(-1e-14);
  });

  it('parallel inputs give θ = 0 exactly, so H^∞ with a repeated input is singular', () => {
    const X = unitRows(gaussian(5, 3, 4));
    X.data.copyWithin(4 * 3, 0, 3); // row 4 repeats row 0
    const H = gramInfinityKernel().f64(X);
    expect(H.data[0 * 5 + 4]).toBe(H.data[0]);
    expect(Math.abs(eigvalsh(H)[0] as number)).toBeLessThan(1e-14);
  });

  it('matches the Monte-Carlo mean of ⟨x, x′⟩·1{w·x ≥ 0}·1{w·x′ ≥ 0} over w ~ N(0, I)', () => {
    const X = gaussian(4, 3, 5);
    const draws = 40_000;
    const rng = createRng(6);
    const w = new Float64Array(3);
    const counts = new Float64Array(16);
    for (let t = 0; t < draws; t++) {
      rng.fillNormal(w);
      const on = Array.from({ length: 4 }, (_, i) => {
        let z = 0;
        for (let k = 0; k < 3; k++) z += (w[k] as number) * (X.data[i * 3 + k] as number);
        return z >= 0;
      });
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) if (on[i] && on[j]) counts[i * 4 + j]! += 1;
    }
    const lin = linearKernel().f64(X);
    const mc = counts.map((c, k) => ((lin.data[k] as number) * c) / draws);
    expectClose(gramInfinityKernel().f64(X), mc, { rtol: MC_RTOL });
  });

  it('float32 on the backend matches float64, leak-free (K(X, X), K(X, Y), diagonal)', async () => {
    const X = gaussian(10, 4, 7);
    const Y = gaussian(6, 4, 8);
    const k = gramInfinityKernel();
    await expectGpuClose(() => k.gpu(X), k.f64(X), 'K(X,X)');
    await expectGpuClose(() => k.gpu(X, Y, { maxTileElements: 7 }), k.f64(X, Y), 'K(X,Y)');
    await expectGpuClose(() => k.diagGpu(X), k.diagF64(X), 'diag');
  });
});
