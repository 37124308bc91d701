import { InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, relativeError, TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fcKernel, kernelRidge, kernelRidgeGpu, rbfKernel } from '../src/index.js';
import { randomMatrix } from './helpers.js';

describe(`kernelRidgeGpu (conjugate gradient, float32) [${TEST_BACKEND}]`, () => {
  // Small n: on webgpu (SwiftShader in CI) every CG and Lanczos step waits for a read-back.
  const X = randomMatrix(24, 3, 1);
  const y = X.map((x) => Math.sin(2 * (x[0] as number)) + (x[1] as number) ** 2);
  const k = fcKernel({ depth: 2, wStd: Math.SQRT2, bStd: 0.1 });

  it('agrees with the float64 solve for a well-conditioned ridge, leak-free', async () => {
    const { nngp, ntk } = await k.gpu(X);
    nngp.dispose();
    const model = await withLeakCheck(() => kernelRidgeGpu(ntk, y, { ridge: 0.1 }), { keep: true });
    expect(model.ridge).toBe(0.1);
    expect(model.converged).toBe(true);
    const exact = kernelRidge(k.f64(X).ntk, y, { ridge: 0.1 });
    expect(relativeError(await model.alpha.data(), exact.alpha)).toBeLessThan(1e-3);
    expect(Math.abs(model.residual - exact.residual)).toBeLessThan(1e-3);
    expect(Math.abs(model.cond / exact.cond - 1)).toBeLessThan(0.05);
    const T = randomMatrix(7, 3, 9);
    const cross = await k.gpu(T, X);
    const pred = await withLeakCheck(() => model.predict(cross.ntk), { keep: true });
    expectClose(await pred.data(), exact.predict(k.f64(T, X).ntk), { rtol: 1e-3 });
    tf.dispose([ntk, cross.nngp, cross.ntk, pred]);
    model.dispose();
  });

  it('raises λ = 0 to the float32 floor and reports it; several outputs', async () => {
    const K = await rbfKernel({ lengthScale: 1 }).gpu(X);
    const Y = y.map((v) => [v, -v]);
    const model = await kernelRidgeGpu(K, Y, { ridgeFloor: 1e-4 });
    expect(model.ridge).toBeGreaterThan(0);
    expect(model.ridge).toBeCloseTo(1e-4, 10); // rbf: tr(K)/n = 1
    expect(model.alpha.shape).toEqual([24, 2]);
    expect(model.iterations).toHaveLength(2);
    const a = await model.alpha.data();
    for (let i = 0; i < 24; i++) expect(a[2 * i + 1]).toBeCloseTo(-(a[2 * i] as number), 2);
    model.dispose();
    K.dispose();
  });

  it('rejects a non-square K and mismatched targets', async () => {
    const K = tf.zeros([3, 4]) as tf.Tensor2D;
    await expect(kernelRidgeGpu(K, [1, 2, 3])).rejects.toThrow(ShapeMismatchError);
    const S = tf.eye(3) as tf.Tensor2D;
    await expect(kernelRidgeGpu(S, [1, 2])).rejects.toThrow(ShapeMismatchError);
    await expect(kernelRidgeGpu(S, [1, 2, 3], { ridge: -1 })).rejects.toThrow(InvalidArgumentError);
    tf.dispose([K, S]);
  });
});
