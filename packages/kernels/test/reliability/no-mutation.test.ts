// No function of @overparam/kernels writes into its inputs: nested arrays, Matrix64 data (which
// asMatrix64 adopts without a copy), tensors (adopted on the backend) and option objects
// (frozen here, so a write would throw) are the same after a representative call of each export.
import type { Matrix64 } from '@overparam/tensor';
import { TEST_BACKEND } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  centeredKernelAlignment,
  directionalAlignment,
  fitKernelRidge,
  kernelRidge,
  kernelRidgeGpu,
  kernelSpectrum,
  kernelTargetAlignment,
  monteCarloKernel,
  randomArcCosineFeatures,
  rbfKernel,
} from '../../src/index.js';
import { FC_KERNELS, KERNELS, tensorsIn } from './subjects.js';

const m64 = (rows: number[][]): Matrix64 => ({
  rows: rows.length,
  cols: (rows[0] as number[]).length,
  data: Float64Array.from(rows.flat()),
});

const Xa = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const Ya = [
  [0.5, 0.5],
  [2, -1],
];

/** Snapshots of every input a call sees; `check()` compares them after the call. */
function inputs() {
  const nested = { X: structuredClone(Xa), Y: structuredClone(Ya) };
  const matrix = { X: m64(Xa), Y: m64(Ya) };
  const tensor = { X: tf.tensor2d(Xa), Y: tf.tensor2d(Ya) };
  const before = structuredClone({ nested, matrix });
  return {
    nested,
    matrix,
    tensor,
    async check(label: string) {
      expect({ nested, matrix }, `${label}: host inputs changed`).toEqual(before);
      for (const [name, t] of Object.entries(tensor)) {
        expect(t.isDisposed, `${label}: tensor ${name} was disposed`).toBe(false);
        expect(await t.array(), `${label}: tensor ${name} changed`).toEqual(name === 'X' ? Xa : Ya);
      }
      tf.dispose([tensor.X, tensor.Y]);
    },
  };
}

async function settle(result: unknown): Promise<void> {
  const value = await result;
  for (const t of tensorsIn(value)) t.dispose();
}

const frozen = <T extends object>(o: T): T => Object.freeze(o);

describe(`[${TEST_BACKEND}] no export mutates its inputs`, () => {
  const all = [...KERNELS, ...FC_KERNELS] as const;
  it.each(all)(
    '%s: f64, diagF64, gpu and diagGpu leave X and Y as they were',
    async (name, make) => {
      const k = make();
      const io = inputs();
      const options = frozen({ maxTileElements: 2 });
      for (const kind of ['nested', 'matrix'] as const) {
        const { X, Y } = io[kind];
        await settle(k.f64(X, Y));
        await settle(k.f64(X));
        await settle(k.diagF64(X));
        await settle(k.gpu(X, Y, options));
        await settle(k.diagGpu(X));
      }
      await settle(k.gpu(io.tensor.X, io.tensor.Y, options));
      await settle(k.gpu(io.tensor.X));
      await settle(k.diagGpu(io.tensor.X));
      await io.check(name);
    },
  );

  it('the alignment functions, kernelSpectrum and monteCarloKernel leave K, Y and directions as they were', async () => {
    const K = rbfKernel().f64(Xa);
    const L = m64([
      [1, 0.5, 0],
      [0.5, 1, 0.5],
      [0, 0.5, 1],
    ]);
    const y = [1, -1, 0.5];
    const Ymat = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const snapshot = structuredClone({ K, L, y, Ymat });
    centeredKernelAlignment(K, L, frozen({}));
    kernelTargetAlignment(K, y, frozen({ centered: true }));
    kernelTargetAlignment(K, Ymat);
    directionalAlignment(K, Ymat, frozen({}));
    kernelSpectrum(K, frozen({ targets: y }));
    monteCarloKernel(() => K, frozen({ samples: 3 }));
    randomArcCosineFeatures(Ymat, frozen({ features: 16, featureSeed: 1 }));
    expect({ K, L, y, Ymat }).toEqual(snapshot);
  });

  it.each(['f64', 'gpu-cg'] as const)(
    "kernelRidge, kernelRidgeGpu and fitKernelRidge ({ solver: '%s' }) and their predictions leave K, Y and K(X*, X) as they were",
    async (solver) => {
      const K = rbfKernel().f64(Xa);
      const cross = rbfKernel().f64(Ya, Xa);
      const y = [1, -1, 0.5];
      const snapshot = structuredClone({ K, cross, y });
      const Kt = tf.tensor2d(Float32Array.from(K.data), [3, 3]);
      const yt = tf.tensor1d(y);
      const ct = tf.tensor2d(Float32Array.from(cross.data), [2, 3]);
      const model = kernelRidge(K, y, frozen({ ridge: 0.1 }));
      model.predict(cross);
      const gpu = await kernelRidgeGpu(Kt, yt, frozen({ ridge: 0.1 }));
      await settle(gpu.predict(ct));
      gpu.dispose();
      for (const [k, t] of [
        [K, y],
        [Kt, yt],
      ] as const) {
        const fit = await fitKernelRidge(k, t, frozen({ solver, ridge: 0.1 }));
        await fit.predict(cross);
        await fit.predict(ct);
        await settle(fit.predictGpu(ct));
        fit.dispose();
      }
      expect({ K, cross, y }).toEqual(snapshot);
      expect(await Kt.data()).toEqual(Float32Array.from(K.data));
      expect(Array.from(await yt.data())).toEqual(y);
      expect(await ct.data()).toEqual(Float32Array.from(cross.data));
      tf.dispose([Kt, yt, ct]);
    },
  );
});
