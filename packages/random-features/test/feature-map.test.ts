import { arcCosineKernel, laplaceKernel, laplaceL1Kernel, rbfKernel } from '@overparam/kernels';
import {
  InvalidArgumentError,
  type Matrix64,
  ShapeMismatchError,
  toArray,
} from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  F32_TRIG_RTOL,
  MC_RTOL,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FeatureKind, randomFeatures } from '../src/index.js';

// A few inputs with different norms and angles, including a repeated point and a zero vector.
function inputs(d: number): Matrix64 {
  const rows = [
    [1, 0, 0.5, -0.2],
    [0.3, -0.8, 0.1, 0.4],
    [1, 0, 0.5, -0.2],
    [-0.6, 0.2, 0.9, 0],
    [0, 0, 0, 0],
    [2, 1, -1, 0.5],
  ].map((r) => r.slice(0, d));
  return { rows: rows.length, cols: d, data: Float64Array.from(rows.flat()) };
}

function gramOf(Z: Matrix64): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < Z.rows; i++) {
    out.push([]);
    for (let j = 0; j < Z.rows; j++) {
      let s = 0;
      for (let k = 0; k < Z.cols; k++)
        s += (Z.data[i * Z.cols + k] as number) * (Z.data[j * Z.cols + k] as number);
      out[i]?.push(s);
    }
  }
  return out;
}

// The kernel each kind converges to, from @overparam/kernels (https://overparam.dev/docs/theory/fully-connected-kernels#arc-cosine-kernels and https://overparam.dev/docs/theory/random-features#fourier-features). ReLU features
// draw W_ij ~ N(0, 1/d): the order-1 arc-cosine kernel of x/√d, i.e. k₁(x, x')/d.
function limitKernel(kind: FeatureKind, sigma: number, X: Matrix64, d: number): number[][] {
  const rows = toArray(X);
  switch (kind) {
    case 'fourier-gaussian':
      return toArray(rbfKernel({ lengthScale: sigma }).f64(rows));
    case 'fourier-laplace':
      return toArray(laplaceKernel({ lengthScale: sigma }).f64(rows));
    case 'fourier-laplace-l1':
      return toArray(laplaceL1Kernel({ lengthScale: sigma }).f64(rows));
    case 'relu':
      return toArray(arcCosineKernel({ order: 1 }).f64(rows)).map((r) => r.map((v) => v / d));
  }
}

describe(`randomFeatures on ${TEST_BACKEND}`, () => {
  const d = 4;
  const X = inputs(d);

  for (const kind of [
    'fourier-gaussian',
    'fourier-laplace',
    'fourier-laplace-l1',
    'relu',
  ] as const) {
    it(`${kind}: ZZᵀ converges to its @overparam/kernels kernel within Monte-Carlo tolerance (N = 8192)`, () => {
      const sigma = 1.5;
      const z = randomFeatures({ kind, d, N: 8192, lengthScale: sigma, featureSeed: 1 });
      const K = limitKernel(kind, sigma, X, d);
      expect(relativeError(gramOf(z.f64(X)), K)).toBeLessThan(MC_RTOL);
    });
  }

  it('the Monte-Carlo error falls like 1/√N (N = 256 → 16384, Gaussian features, 8 seeds)', () => {
    const K = limitKernel('fourier-gaussian', 1, X, d);
    const mean = (N: number) => {
      let s = 0;
      for (let seed = 0; seed < 8; seed++) {
        s += relativeError(
          gramOf(randomFeatures({ kind: 'fourier-gaussian', d, N, featureSeed: seed }).f64(X)),
          K,
        );
      }
      return s / 8;
    };
    const ratio = mean(256) / mean(16384);
    // √(16384/256) = 8; allow the Monte-Carlo spread of an 8-seed average.
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(16);
  });

  it('nests features: the first N columns do not depend on the total', () => {
    const small = randomFeatures({ kind: 'fourier-gaussian', d, N: 10, featureSeed: 3 }).f64(X);
    const large = randomFeatures({ kind: 'fourier-gaussian', d, N: 50, featureSeed: 3 }).f64(X);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < 10; j++) {
        // Same W and b; only the √(2/N) amplitude differs.
        expect((large.data[i * 50 + j] as number) * Math.sqrt(50)).toBeCloseTo(
          (small.data[i * 10 + j] as number) * Math.sqrt(10),
          12,
        );
      }
    }
  });

  it('a block { offset, N, total } equals those columns of the whole map', () => {
    for (const kind of ['fourier-laplace', 'relu'] as const) {
      const whole = randomFeatures({ kind, d, N: 30, lengthScale: 2, featureSeed: 4 }).f64(X);
      const block = randomFeatures({
        kind,
        d,
        N: 12,
        offset: 10,
        total: 30,
        lengthScale: 2,
        featureSeed: 4,
      }).f64(X);
      for (let i = 0; i < X.rows; i++) {
        for (let j = 0; j < 12; j++) {
          expect(block.data[i * 12 + j]).toBe(whole.data[i * 30 + 10 + j]);
        }
      }
    }
  });

  it('total defaults to offset + N (the tail of the map of the first offset + N features)', () => {
    const z = randomFeatures({ kind: 'relu', d, N: 5, offset: 3, featureSeed: 0 });
    expect([z.offset, z.total]).toEqual([3, 8]);
    expect(randomFeatures({ kind: 'relu', d, N: 5, featureSeed: 0 }).total).toBe(5);
  });

  for (const kind of ['fourier-gaussian', 'relu'] as const) {
    it(`${kind}: the GPU map equals the float64 map to float32 precision, without leaks`, async () => {
      const z = randomFeatures({ kind, d, N: 300, lengthScale: 2, featureSeed: 5 });
      const x = tf.tensor2d(Float32Array.from(X.data), [X.rows, d]);
      z.gpu(x).dispose(); // uploads W and b, which the map keeps until dispose()
      const Z = await withLeakCheck(() => z.gpu(x), { keep: true });
      z.dispose();
      expect(Z.shape).toEqual([X.rows, 300]);
      // WGSL bounds cos only to 2^-11 absolute: Fourier features on webgpu get the trig tolerance.
      const rtol = TEST_BACKEND === 'webgpu' && kind !== 'relu' ? F32_TRIG_RTOL : F32_RTOL;
      expectClose(await Z.data(), z.f64(X), { rtol, label: kind });
      tf.dispose([x, Z]);
    });
  }

  it('dispose() frees the uploaded weights', async () => {
    const before = tf.memory().numTensors;
    const z = randomFeatures({ kind: 'fourier-gaussian', d, N: 8, featureSeed: 0 });
    const x = tf.zeros([2, d]) as tf.Tensor2D;
    z.gpu(x).dispose();
    z.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options and mismatched inputs with InvalidArgumentError', () => {
    expect(() => randomFeatures({ kind: 'rbf' as FeatureKind, d, N: 4, featureSeed: 0 })).toThrow(
      /kind is 'rbf'/,
    );
    expect(() => randomFeatures({ kind: 'relu', d, N: 0, featureSeed: 0 })).toThrow(
      /randomFeatures: N is 0; expected an integer in \[1, /,
    );
    expect(() =>
      randomFeatures({ kind: 'fourier-gaussian', d, N: 4, lengthScale: -1, featureSeed: 0 }),
    ).toThrow(InvalidArgumentError);
    expect(() => randomFeatures({ kind: 'relu', d, N: 4, offset: -1, featureSeed: 0 })).toThrow(
      /offset is -1/,
    );
    expect(() =>
      randomFeatures({ kind: 'relu', d, N: 4, offset: 2, total: 5, featureSeed: 0 }),
    ).toThrow(/total is 5; expected an integer in \[6, \d+\] \(offset \+ N or more/);
    const z = randomFeatures({ kind: 'relu', d: 3, N: 4, featureSeed: 0 });
    expect(() => z.f64(X)).toThrow(ShapeMismatchError);
    expect(() => z.f64(X)).toThrow(/FeatureMap.f64: X is 6×4; expected any×3/);
    expect(() => z.gpu([[1, 2]])).toThrow(/FeatureMap.gpu: X is 1×2; expected any×3/);
  });
});
