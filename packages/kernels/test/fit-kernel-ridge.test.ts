import { InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, relativeError, TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fitKernelRidge, KERNEL_RIDGE_F64_MAX_N, kernelRidge, rbfKernel } from '../src/index.js';
import { randomMatrix } from './helpers.js';

// CG stops at a relative residual of 1e-5 (float32): the coefficients then differ from the
// float64 solve by at most ~κ·1e-5 ≈ 1e-4 here (κ ≈ 10); 1e-3 leaves room for float32 K.
const CG_RTOL = 1e-3;
// Lanczos (CG route) and power/inverse iteration (float64 route) both estimate κ(K + λI).
const COND_RTOL = 0.05;

describe(`fitKernelRidge (solver choice) [${TEST_BACKEND}]`, () => {
  // Small n: on webgpu (SwiftShader) every CG and Lanczos step waits for a read-back.
  const n = 24;
  const X = randomMatrix(n, 2, 3);
  const y = X.map((x) => Math.sin(2 * (x[0] as number)) - (x[1] as number));
  const rbf = rbfKernel({ lengthScale: 1.5 });
  const K = rbf.f64(X);
  const T = randomMatrix(5, 2, 4);
  const cross = rbf.f64(T, X);
  const ridge = 0.1;

  it("'auto' solves in float64 up to f64MaxN and by GPU conjugate gradient beyond", async () => {
    expect(KERNEL_RIDGE_F64_MAX_N).toBe(1500);
    const small = await fitKernelRidge(K, y, { ridge });
    expect(small.solver).toBe('f64');
    expect(small.reason).toBe('auto: n = 24 ≤ f64MaxN = 1500');
    const atThreshold = await fitKernelRidge(K, y, { ridge, f64MaxN: n });
    expect(atThreshold.solver).toBe('f64');
    const beyond = await withLeakCheck(() => fitKernelRidge(K, y, { ridge, f64MaxN: n - 1 }), {
      keep: true,
    });
    expect(beyond.solver).toBe('gpu-cg');
    expect(beyond.reason).toBe('auto: n = 24 > f64MaxN = 23');
    expect(beyond.n).toBe(n);
    expect(beyond.outputs).toBe(1);
    beyond.dispose();
    const forced = await fitKernelRidge(K, y, { ridge, solver: 'f64', f64MaxN: 1 });
    expect(forced.solver).toBe('f64');
    expect(forced.reason).toBe("solver: 'f64' requested");
  });

  it('both routes agree on a well-conditioned problem and report ridge, residual and cond', async () => {
    const exact = kernelRidge(K, y, { ridge });
    const f64 = await fitKernelRidge(K, y, { ridge, solver: 'f64' });
    expect(f64.solver).toBe('f64');
    if (f64.solver !== 'f64') throw new Error('unreachable');
    expect(f64.ridge).toBe(ridge);
    expect(f64.condMethod).toBe('power-inverse-iteration');
    expect(f64.condIsEstimate).toBe(true);
    expectClose(f64.model.alpha, exact.alpha, { rtol: 1e-14 });
    expect(f64.residual).toBe(exact.residual);

    const cg = await withLeakCheck(() => fitKernelRidge(K, y, { ridge, solver: 'gpu-cg' }), {
      keep: true,
    });
    expect(cg.solver).toBe('gpu-cg');
    if (cg.solver !== 'gpu-cg') throw new Error('unreachable');
    expect(cg.model.converged).toBe(true);
    expect(cg.ridge).toBe(ridge); // above the float32 floor 1e-6·tr(K)/n = 1e-6
    expect(cg.condMethod).toBe('lanczos');
    expect(cg.condIsEstimate).toBe(true);
    expect(relativeError(await cg.model.alpha.data(), exact.alpha)).toBeLessThan(CG_RTOL);
    expect(Math.abs(cg.residual - exact.residual)).toBeLessThan(CG_RTOL);
    expect(Math.abs(cg.cond / f64.cond - 1)).toBeLessThan(COND_RTOL);
    expect(cg.cond).toBeGreaterThan(1);

    // predict reads back float64 on both routes, from a float64 or a GPU cross-kernel.
    const want = exact.predict(cross);
    const crossGpu = tf.tensor2d(Float32Array.from(cross.data), [cross.rows, cross.cols]);
    for (const fit of [f64, cg]) {
      expectClose(await fit.predict(cross), want, { rtol: CG_RTOL });
      const p = await withLeakCheck(() => fit.predict(crossGpu));
      expectClose(p, want, { rtol: CG_RTOL });
      const g = await withLeakCheck(() => fit.predictGpu(crossGpu), { keep: true });
      expectClose(await g.data(), want, { rtol: CG_RTOL });
      g.dispose();
    }
    crossGpu.dispose();
    cg.dispose();
  });

  it('moves K and Y to the side the chosen solver needs (tensor K → float64, array K → GPU)', async () => {
    const Kg = tf.tensor2d(Float32Array.from(K.data), [n, n]);
    const Y = y.map((v) => [v, 2 * v]);
    const Yg = tf.tensor2d(Y.flat(), [n, 2]);
    const f64 = await withLeakCheck(() => fitKernelRidge(Kg, Yg, { ridge, solver: 'f64' }));
    expect(f64.solver).toBe('f64');
    expect(f64.outputs).toBe(2);
    // The float64 route solves the float32-rounded K exactly.
    const rounded = {
      rows: n,
      cols: n,
      data: Float64Array.from(Float32Array.from(K.data)),
    };
    if (f64.solver !== 'f64') throw new Error('unreachable');
    expectClose(f64.model.alpha, kernelRidge(rounded, Y, { ridge }).alpha, { rtol: 1e-5 });
    const cg = await withLeakCheck(() => fitKernelRidge(K, Y, { ridge, solver: 'gpu-cg' }), {
      keep: true,
    });
    if (cg.solver !== 'gpu-cg') throw new Error('unreachable');
    expect(cg.model.alpha.shape).toEqual([n, 2]);
    expect(Kg.isDisposed).toBe(false); // a caller's K is never disposed
    cg.dispose();
    tf.dispose([Kg, Yg]);
  });

  it('reports the raised ridge of the CG route for λ = 0', async () => {
    const cg = await fitKernelRidge(K, y, { solver: 'gpu-cg', ridgeFloor: 1e-4 });
    expect(cg.ridge).toBeCloseTo(1e-4, 10); // rbf: tr(K)/n = 1
    cg.dispose();
    const f64 = await fitKernelRidge(K, y);
    expect(f64.ridge).toBe(0);
    expect(f64.residual).toBeLessThan(1e-8);
  });

  it('throws typed errors naming the bad value, before any work', async () => {
    await expect(fitKernelRidge(K, y, { solver: 'cholesky' as 'f64' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(fitKernelRidge(K, y, { solver: 'cholesky' as 'f64' })).rejects.toThrow(
      /cholesky.*'auto', 'f64' or 'gpu-cg'/,
    );
    await expect(fitKernelRidge(K, y, { f64MaxN: -1 })).rejects.toThrow(InvalidArgumentError);
    await expect(fitKernelRidge(K, y, { f64MaxN: 2.5 })).rejects.toThrow(/f64MaxN.*2\.5/);
    const wide = tf.zeros([3, 4]) as tf.Tensor2D;
    for (const solver of ['auto', 'f64', 'gpu-cg'] as const) {
      await expect(fitKernelRidge(wide, [1, 2, 3], { solver })).rejects.toThrow(ShapeMismatchError);
      await expect(
        fitKernelRidge(
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
          [1, 2],
          { solver },
        ),
      ).rejects.toThrow(/2×3/);
      await expect(fitKernelRidge(K, y.slice(1), { solver })).rejects.toThrow(
        /Y has 23 rows.*24 rows/,
      );
      await expect(fitKernelRidge(K, y, { solver, ridge: -1 })).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    const badY = tf.zeros([n + 1]) as tf.Tensor1D;
    await expect(fitKernelRidge(K, badY)).rejects.toThrow(/Y has shape \[25\]/);
    tf.dispose([wide, badY]);
  });
});
