import {
  eigvalsh,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  ShapeMismatchError,
} from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fcKernel, kernelRidge, linearKernel, rbfKernel } from '../src/index.js';
import { randomMatrix } from './helpers.js';

function addRidge(K: Matrix64, ridge: number): Matrix64 {
  const data = Float64Array.from(K.data);
  for (let i = 0; i < K.rows; i++) data[i * K.rows + i] = (data[i * K.rows + i] as number) + ridge;
  return { rows: K.rows, cols: K.cols, data };
}

describe(`kernelRidge [${TEST_BACKEND}]`, () => {
  const X = randomMatrix(40, 3, 1);
  const y = X.map((x) => Math.sin(2 * (x[0] as number)) + (x[1] as number) ** 2);
  const K = fcKernel({ depth: 2, wStd: Math.SQRT2, bStd: 0.1 }).f64(X).ntk;

  it('interpolates at λ = 0 for a positive definite K: Kα = y', () => {
    const model = kernelRidge(K, y);
    expect(model.method).toBe('cholesky');
    expect(model.ridge).toBe(0);
    expect(model.rank).toBe(40);
    expect(model.residual).toBeLessThan(1e-10);
    expectClose(matmul(K, model.alpha), y, { rtol: 1e-10 });
    expectClose(model.predict(K), y, { rtol: 1e-10 });
  });

  it('solves (K + λI)α = Y for several outputs with λ > 0', () => {
    const Y = y.map((v, i) => [v, i % 2 === 0 ? 1 : -1, 0.5]);
    const model = kernelRidge(K, Y, { ridge: 0.3 });
    expect(model.alpha.cols).toBe(3);
    expect(model.ridge).toBe(0.3);
    expectClose(matmul(addRidge(K, 0.3), model.alpha), Y, { rtol: 1e-12 });
    expect(model.residual).toBeGreaterThan(0.01); // a ridge fit does not interpolate
  });

  it('reports the condition number of K + λI (within 1% of the exact one)', () => {
    for (const ridge of [0, 1e-3, 1]) {
      const model = kernelRidge(K, y, { ridge });
      const ev = eigvalsh(addRidge(K, ridge));
      const exact = (ev[ev.length - 1] as number) / (ev[0] as number);
      expect(Math.abs(model.cond / exact - 1)).toBeLessThan(0.01);
    }
  });

  it('gives the minimum-norm interpolant on a singular K (linear kernel, n > d)', () => {
    const Xs = randomMatrix(12, 3, 2);
    const Ks = linearKernel().f64(Xs);
    // y = K z lies in the range of K: the fit reproduces it with ‖α‖ ≤ ‖z‖.
    const z = randomMatrix(12, 1, 3);
    const ys = matmul(Ks, { rows: 12, cols: 1, data: Float64Array.from(z.flat()) });
    const model = kernelRidge(Ks, ys);
    expect(model.method).toBe('eigh');
    expect(model.rank).toBe(3);
    expect(model.cond).toBe(Number.POSITIVE_INFINITY);
    expect(model.residual).toBeLessThan(1e-10);
    const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a));
    expect(norm(model.alpha.data)).toBeLessThanOrEqual(norm(z.flat()));
    // α is orthogonal to the null space of K: α = K⁺y = K⁺K z is the projection of z.
    const again = kernelRidge(Ks, matmul(Ks, model.alpha));
    expect(relativeError(again.alpha, model.alpha)).toBeLessThan(1e-8);
  });

  it('adds the smallest jitter that factors a semi-definite K when λ > 0 is tiny, and says so', () => {
    const Xs = randomMatrix(12, 3, 2);
    const Ks = linearKernel().f64(Xs);
    const model = kernelRidge(Ks, randomMatrix(12, 1, 5), { ridge: 1e-300 });
    expect(model.ridge).toBeGreaterThan(1e-300);
    expect(model.method).toBe('cholesky');
  });

  it('predicts on new points, on the CPU and on the backend (leak-free)', async () => {
    const k = rbfKernel({ lengthScale: 0.8 });
    const model = kernelRidge(k.f64(X), y, { ridge: 1e-6 });
    const T = randomMatrix(9, 3, 8);
    const cross = k.f64(T, X);
    const p = model.predict(cross);
    expect(p.rows).toBe(9);
    const crossT = await k.gpu(T, X);
    const pg = await withLeakCheck(() => model.predictGpu(crossT), { keep: true });
    expectClose(await pg.data(), p, { rtol: F32_RTOL * 10 });
    tf.dispose([crossT, pg]);
  });

  it('rejects non-square K, mismatched targets and bad ridges', () => {
    expect(() => kernelRidge([[1, 0]], [1])).toThrow(ShapeMismatchError);
    expect(() => kernelRidge(K, [1, 2, 3])).toThrow(/Y has 3 rows; expected 40 rows/);
    expect(() => kernelRidge(K, y, { ridge: -1 })).toThrow(InvalidArgumentError);
    expect(() => kernelRidge(K, y, { ridge: Number.NaN })).toThrow(/ridge is NaN/);
    const model = kernelRidge(K, y);
    expect(() => model.predict([[1, 2]])).toThrow(ShapeMismatchError);
  });
});
