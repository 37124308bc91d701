// Every function that allocates or iterates checks an estimate against its work budget before it
// starts (tensor's assertWorkBudget): an oversized call throws WorkBudgetError at once, with no
// allocation and no tensor created; a `budget` option raises or lowers the limits.
import { type Matrix64, WorkBudgetError } from '@overparam/tensor';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  centeredKernelAlignment,
  directionalAlignment,
  fcKernel,
  fitKernelRidge,
  kernelRidgeGpu,
  kernelSpectrum,
  kernelTargetAlignment,
  monteCarloKernel,
  randomArcCosineFeatures,
  rbfKernel,
} from '../../src/index.js';
import { FC_KERNELS, K3, KERNELS, X, y3 } from './subjects.js';

/** 1e5 points in R¹: K(X, X) would be 1e10 entries (80 GB in float64). */
const HUGE: Matrix64 = { rows: 1e5, cols: 1, data: new Float64Array(1e5) };

/** Runs `f`, which must throw WorkBudgetError without creating a tensor, within `ms`. */
async function expectRefused(f: () => unknown, ms = 2000): Promise<WorkBudgetError> {
  const before = tf.memory().numTensors;
  const start = performance.now();
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(WorkBudgetError);
  expect(performance.now() - start).toBeLessThan(ms);
  expect(tf.memory().numTensors).toBe(before);
  return error as WorkBudgetError;
}

describe(`[${TEST_BACKEND}] work budgets: oversized calls are refused before they allocate`, () => {
  it.each(KERNELS)(
    '%s.f64 and .gpu on 1e5 × 1 points (1e10 entries) throw WorkBudgetError at once',
    async (_, make) => {
      const k = make();
      const f64 = await expectRefused(() => k.f64(HUGE));
      expect(f64.message).toMatch(
        /\.f64: this call would take .*bytes, over the budget of 2\.15e\+9/,
      );
      expect(f64.message).toMatch(/fewer points/);
      await expectRefused(() => k.gpu(HUGE));
      await expectRefused(() => k.gpu(HUGE, undefined, { maxTileElements: 64 }));
    },
  );

  it.each(FC_KERNELS)(
    '%s.f64 and .gpu on 1e5 × 1 points throw WorkBudgetError at once',
    async (_, make) => {
      const k = make();
      await expectRefused(() => k.f64(HUGE));
      await expectRefused(() => k.gpu(HUGE));
      await expectRefused(() => k.gpu(HUGE, undefined, { implementation: 'ops' }));
    },
  );

  it('fcKernel({ depth: 1e9 }) is refused when it is built (depth × 16 bytes of coefficients)', async () => {
    await expectRefused(() => fcKernel({ depth: 1e9 }));
    expect(() => fcKernel({ depth: 1e9, budget: { maxBytes: 1e3 } })).toThrow(WorkBudgetError);
  });

  it('a tight kernel budget refuses a moderate K(X, X); a generous one lets it through; gpu overrides it per call', async () => {
    const X = Array.from({ length: 50 }, (_, i) => [i / 50]);
    const tight = rbfKernel({ budget: { maxBytes: 1e3 } });
    await expectRefused(() => tight.f64(X));
    await expectRefused(() => tight.gpu(X));
    const generous = rbfKernel({ budget: { maxBytes: 1e6, maxFlops: 1e9 } });
    expect(generous.f64(X).data).toHaveLength(2500);
    const K = await tight.gpu(X, undefined, { budget: { maxBytes: 1e6 } });
    expect(K.shape).toEqual([50, 50]);
    K.dispose();
    const fc = fcKernel({ depth: 2, budget: { maxFlops: 10 } });
    await expectRefused(() => fc.f64(X));
    const pair = await fc.gpu(X, undefined, { budget: { maxFlops: 1e9 } });
    tf.dispose([pair.nngp, pair.ntk]);
  });

  it('randomArcCosineFeatures: features 1e9 (N·d floats of W) is refused before W is drawn', async () => {
    const error = await expectRefused(() =>
      randomArcCosineFeatures(X, { features: 1e9, featureSeed: 1 }),
    );
    expect(error.message).toMatch(/fewer features N/);
    await expectRefused(() =>
      randomArcCosineFeatures(X, { features: 64, featureSeed: 1, budget: { maxBytes: 100 } }),
    );
    const Phi = randomArcCosineFeatures(X, {
      features: 64,
      featureSeed: 1,
      budget: { maxBytes: 1e5 },
    });
    expect(Phi.cols).toBe(64);
  });

  it('monteCarloKernel: samples × the work per sample is checked after the first estimate', async () => {
    let calls = 0;
    const estimate = () => {
      calls++;
      return [[1, 2]];
    };
    await expectRefused(() => monteCarloKernel(estimate, { samples: 1e12 }));
    expect(calls).toBe(1);
    await expectRefused(() => monteCarloKernel(estimate, { samples: 2, flopsPerSample: 1e12 }));
    const ok = monteCarloKernel(estimate, {
      samples: 2,
      flopsPerSample: 1e12,
      budget: { maxFlops: 1e13 },
    });
    expect(Array.from(ok.mean.data)).toEqual([1, 2]);
  });

  it('kernelRidgeGpu: an explicit maxIterations beyond the budget is refused; a generous budget lets it run', async () => {
    // 1e10 CG steps of a 3×3 matvec ≈ 5e11 flops: over the default budget, though CG would
    // stop after 3 steps. The estimate counts the cap, so the caller raises the budget.
    await expectRefused(() => kernelRidgeGpu(K3, y3, { ridge: 0.1, maxIterations: 1e10 }));
    const model = await kernelRidgeGpu(K3, y3, {
      ridge: 0.1,
      maxIterations: 1e10,
      budget: { maxFlops: 1e13 },
    });
    expect(model.converged).toBe(true);
    model.dispose();
    await expectRefused(() => kernelRidgeGpu(K3, y3, { budget: { maxBytes: 10 } }));
  });

  it('kernelRidgeGpu: the default iteration cap is lowered to what the budget allows', async () => {
    // One step of n = 3 is 2·9 + 30 = 48 flops; 3 Lanczos steps and the residual add 4 steps:
    // a budget of 48·(2 + 4) flops leaves a cap of 2 CG iterations.
    const model = await kernelRidgeGpu(K3, y3, { ridge: 1e-3, budget: { maxFlops: 48 * 6 } });
    expect(model.iterations[0]).toBeLessThanOrEqual(2);
    model.dispose();
    await expectRefused(() => kernelRidgeGpu(K3, y3, { budget: { maxFlops: 48 } }));
  });

  it.each(['f64', 'gpu-cg'] as const)(
    "fitKernelRidge({ solver: '%s' }) checks its route's estimate before K is moved",
    async (solver) => {
      await expectRefused(() => fitKernelRidge(K3, y3, { solver, budget: { maxFlops: 10 } }));
      const Kt = tf.tensor2d(Float32Array.from(K3.data), [3, 3]);
      await expectRefused(() => fitKernelRidge(Kt, y3, { solver, budget: { maxBytes: 10 } }));
      Kt.dispose();
      const fit = await fitKernelRidge(K3, y3, { solver, ridge: 0.1, budget: { maxFlops: 1e9 } });
      expect(fit.solver).toBe(solver);
      fit.dispose();
    },
  );

  it('kernelSpectrum (9n³), kernelTargetAlignment, centeredKernelAlignment, directionalAlignment (n²) honour their budgets', async () => {
    const K = rbfKernel().f64(Array.from({ length: 10 }, (_, i) => [i]));
    const y = Array.from({ length: 10 }, (_, i) => i);
    await expectRefused(() => kernelSpectrum(K, { budget: { maxFlops: 1e3 } }));
    expect(kernelSpectrum(K, { budget: { maxFlops: 1e5 } }).values).toHaveLength(10);
    await expectRefused(() => kernelTargetAlignment(K, y, { budget: { maxBytes: 100 } }));
    await expectRefused(() => centeredKernelAlignment(K, K, { budget: { maxBytes: 100 } }));
    const ones = y.map(() => [1]);
    await expectRefused(() => directionalAlignment(K, ones, { budget: { maxFlops: 10 } }));
    expect(centeredKernelAlignment(K, K, { budget: { maxBytes: 1e4 } })).toBeCloseTo(1, 12);
  });
});
