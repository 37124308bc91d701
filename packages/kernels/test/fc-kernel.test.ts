import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  F64_RTOL,
  nonEmpty,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type FcKernelOptions, fcKernel } from '../src/index.js';
import fixture from './fixtures/fc-kernels.json' with { type: 'json' };
import { expectGpuPairClose, expectSymmetricPsd, randomMatrix } from './helpers.js';

interface FcCase {
  depth: number;
  activation: 'relu' | 'erf' | 'leakyRelu';
  alpha?: number;
  wStd: number;
  bStd: number;
  parameterization?: 'standard';
  width?: number;
  nngp_xx: number[][];
  ntk_xx: number[][];
  nngp_xy: number[][];
  ntk_xy: number[][];
  nngp_diag: number[];
  ntk_diag: number[];
}

const cases = nonEmpty(fixture.cases as FcCase[], 'fc-kernels.json cases');
const { X, Y } = fixture;

function optionsOf(c: FcCase): FcKernelOptions {
  const o: FcKernelOptions = {
    depth: c.depth,
    activation: c.activation,
    wStd: c.wStd,
    bStd: c.bStd,
  };
  if (c.alpha !== undefined) o.alpha = c.alpha;
  if (c.parameterization) {
    o.parameterization = c.parameterization;
    o.width = c.width as number;
  }
  return o;
}

function label(c: FcCase): string {
  const act = c.activation === 'leakyRelu' ? `leakyRelu(${c.alpha})` : c.activation;
  const p = c.parameterization ? `, standard m=${c.width}` : '';
  return `L=${c.depth} ${act} wStd=${c.wStd.toFixed(3)} bStd=${c.bStd}${p}`;
}

describe(`fcKernel f64 against numpy fixtures [${TEST_BACKEND}]`, () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const k = fcKernel(optionsOf(c));
    const xx = k.f64(X);
    expectClose(xx.nngp, c.nngp_xx, { rtol: F64_RTOL, label: 'nngp K(X,X)' });
    expectClose(xx.ntk, c.ntk_xx, { rtol: F64_RTOL, label: 'ntk K(X,X)' });
    const xy = k.f64(X, Y);
    expectClose(xy.nngp, c.nngp_xy, { rtol: F64_RTOL, label: 'nngp K(X,Y)' });
    expectClose(xy.ntk, c.ntk_xy, { rtol: F64_RTOL, label: 'ntk K(X,Y)' });
    const diag = k.diagF64(X);
    expectClose(diag.nngp, c.nngp_diag, { rtol: F64_RTOL, label: 'nngp diag' });
    expectClose(diag.ntk, c.ntk_diag, { rtol: F64_RTOL, label: 'ntk diag' });
  });
});

describe(`fcKernel gpu (float32) against numpy fixtures [${TEST_BACKEND}]`, () => {
  for (const implementation of ['fused', 'ops'] as const) {
    it.each(cases.map((c) => [label(c), c] as const))(`${implementation}: %s`, async (_, c) => {
      const k = fcKernel(optionsOf(c));
      await expectGpuPairClose(
        () => k.gpu(X, undefined, { implementation }),
        { nngp: c.nngp_xx, ntk: c.ntk_xx },
        (part) => `${part} K(X,X)`,
      );
      await expectGpuPairClose(
        () => k.gpu(X, Y, { implementation }),
        { nngp: c.nngp_xy, ntk: c.ntk_xy },
        (part) => `${part} K(X,Y)`,
      );
    });
  }

  it('diagGpu matches the fixture diagonal', async () => {
    for (const c of cases) {
      await expectGpuPairClose(
        () => fcKernel(optionsOf(c)).diagGpu(X),
        { nngp: c.nngp_diag, ntk: c.ntk_diag },
        () => label(c),
      );
    }
  });
});

describe(`fcKernel identities and edge cases [${TEST_BACKEND}]`, () => {
  const special = [
    [0.3, -1.2, 0.5],
    [0.6, -2.4, 1.0], // parallel to row 0
    [-0.3, 1.2, -0.5], // antipodal to row 0
    [0.3, -1.2, 0.5], // identical to row 0
    [0, 0, 0], // zero vector
    [1e-3, 2e-3, -1e-3], // tiny norm
    [40, -10, 25], // large norm
  ];
  const configs: FcKernelOptions[] = [
    { depth: 1, activation: 'relu', wStd: Math.SQRT2 },
    { depth: 6, activation: 'relu', wStd: Math.SQRT2, bStd: 0 },
    { depth: 4, activation: 'erf', wStd: 2, bStd: 0.3 },
    { depth: 3, activation: 'leakyRelu', alpha: -0.7, wStd: 1.3, bStd: 0.1 },
    { depth: 2, activation: 'relu', parameterization: 'standard', width: 32, wStd: 1, bStd: 0 },
  ];

  it.each(configs.map((c) => [JSON.stringify(c), c] as const))(
    'never returns NaN or Infinity for identical, parallel, antipodal and zero inputs: %s',
    async (_, c) => {
      const k = fcKernel(c);
      const f = k.f64(special);
      const fy = k.f64(special, special.slice(0, 5));
      for (const v of [...f.nngp.data, ...f.ntk.data, ...fy.nngp.data, ...fy.ntk.data]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      const g = await k.gpu(special);
      for (const v of [...(await g.nngp.data()), ...(await g.ntk.data())]) {
        expect(Number.isFinite(v)).toBe(true);
      }
      tf.dispose([g.nngp, g.ntk]);
    },
  );

  it('gives identical and parallel pairs exactly the values of the diagonal (θ = 0)', () => {
    const k = fcKernel({ depth: 3, activation: 'relu', wStd: Math.SQRT2, bStd: 0 });
    const { ntk } = k.f64(special);
    const n = special.length;
    expect(ntk.data[3]).toBe(ntk.data[0]); // K(x0, x0 copy) = K(x0, x0)
    // ReLU without bias is positively homogeneous: K(x, 2x) = 2·K(x, x) exactly.
    expect(ntk.data[1]).toBe(2 * (ntk.data[0] as number));
    expect(ntk.data[n + 1]).toBe(4 * (ntk.data[0] as number));
  });

  it('uses θ = π/2 for zero vectors: the ReLU moment with φ′(0) = 1/2', () => {
    // Standard parameterization, σ_b = 0, x = 0: Θ¹ = ⟨0,0⟩ + 1 = 1 and
    // Θ² = m·E[φφ] + 1 + Θ¹·σ_w²·E[φ′φ′] = 0 + 1 + 1·(1/4).
    const k = fcKernel({
      depth: 1,
      activation: 'relu',
      parameterization: 'standard',
      width: 10,
      wStd: 1,
    });
    const { nngp, ntk } = k.f64([[0, 0]]);
    expect(nngp.data[0]).toBe(0);
    expect(ntk.data[0]).toBe(1.25);
    // Leaky ReLU: φ′(0) = (1 + a)/2, so Θ² = 1 + ((1 + a)/2)².
    const leaky = fcKernel({ ...k.options, activation: 'leakyRelu', alpha: 0.5, width: 10 });
    expect(leaky.f64([[0, 0]]).ntk.data[0]).toBeCloseTo(1 + 0.75 ** 2, 14);
    // With x' ≠ 0: E[φ′(0)φ′(v)] = (1/2)·(1/2).
    expect(k.f64([[0, 0]], [[1, 2]]).ntk.data[0]).toBe(1.25);
  });

  it.each(configs.map((c) => [JSON.stringify(c), c] as const))(
    'K(X, X) is symmetric positive semi-definite: %s',
    (_, c) => {
      const X = randomMatrix(30, 5, 7);
      const { nngp, ntk } = fcKernel(c).f64([...X, ...special.map((r) => [...r, 0, 0])]);
      for (const K of [nngp, ntk]) {
        expectSymmetricPsd(K);
      }
    },
  );

  it.each([
    ['erf', { depth: 3, activation: 'erf', wStd: 1.2, bStd: 0.2 }],
    ['relu', { depth: 3, activation: 'relu', wStd: Math.SQRT2, bStd: 0.2 }],
    ['leakyRelu', { depth: 2, activation: 'leakyRelu', alpha: 0.1, wStd: 1.3, bStd: 0.1 }],
  ] as const)(
    'gpu matches f64 on random inputs, in several row tiles, both implementations (%s)',
    async (_, options) => {
      const X = randomMatrix(37, 6, 3);
      const Y = randomMatrix(11, 6, 4);
      const k = fcKernel(options);
      const exact = k.f64(X, Y);
      const exactXX = k.f64(X);
      for (const implementation of ['fused', 'ops'] as const) {
        const r = await withLeakCheck(() => k.gpu(X, Y, { implementation, maxTileElements: 100 }), {
          keep: true,
        });
        expectClose(await r.ntk.data(), exact.ntk, { rtol: F32_RTOL });
        expectClose(await r.nngp.data(), exact.nngp, { rtol: F32_RTOL });
        tf.dispose([r.nngp, r.ntk]);
        // 150 entries per tile: 4 rows, so K(X, X) has 10 tiles and the fused path copies the
        // lower-left block of each from the earlier ones.
        const s = await withLeakCheck(
          () => k.gpu(X, undefined, { implementation, maxTileElements: 150 }),
          { keep: true },
        );
        const sNtk = await s.ntk.data();
        const sNngp = await s.nngp.data();
        expectClose(sNtk, exactXX.ntk, { rtol: F32_RTOL });
        expectClose(sNngp, exactXX.nngp, { rtol: F32_RTOL });
        if (implementation === 'fused') {
          // The JavaScript loop (cpu, wasm) mirrors one triangle, so K(X, X) is exactly
          // symmetric there; the WGSL shader computes both triangles from the float32 dots.
          const transposed = (a: ArrayLike<number>) =>
            Float64Array.from(
              { length: 37 * 37 },
              (_, k) => a[(k % 37) * 37 + Math.floor(k / 37)] as number,
            );
          for (const K of [sNtk, sNngp]) {
            if (TEST_BACKEND === 'webgpu') expectClose(K, transposed(K), { rtol: F32_RTOL });
            else expect(Array.from(K)).toEqual(Array.from(transposed(K)));
          }
        }
        tf.dispose([s.nngp, s.ntk]);
      }
    },
  );

  it('gpu accepts tensors, reports progress per tile and stops on abort', async () => {
    const X = tf.tensor2d(randomMatrix(20, 4, 5));
    const k = fcKernel({ depth: 2, wStd: Math.SQRT2 });
    const seen: number[] = [];
    const r = await withLeakCheck(
      () => k.gpu(X, undefined, { maxTileElements: 100, onProgress: (f) => seen.push(f) }),
      { keep: true },
    );
    expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
    expect(r.ntk.shape).toEqual([20, 20]);
    tf.dispose([r.nngp, r.ntk]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const before = tf.memory().numTensors;
    await expect(k.gpu(X, undefined, { signal: controller.signal })).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
    X.dispose();
  });

  it('rejects depth < 1, negative or NaN parameters and unknown options with InvalidArgumentError', () => {
    const bad: unknown[] = [
      { depth: 0 },
      { depth: 1.5 },
      { depth: 2, wStd: -1 },
      { depth: 2, bStd: Number.NaN },
      { depth: 2, wStd: Number.POSITIVE_INFINITY },
      { depth: 2, activation: 'tanh' },
      { depth: 2, activation: 'leakyRelu', alpha: Number.NaN },
      { depth: 2, width: 10 },
      { depth: 2, parameterization: 'standard' },
      { depth: 2, parameterization: 'standard', width: [10] },
      { depth: 2, parameterization: 'standard', width: 0 },
      { depth: 2, parameterization: 'mean-field' },
    ];
    for (const o of bad)
      expect(() => fcKernel(o as FcKernelOptions), JSON.stringify(o)).toThrow(InvalidArgumentError);
    expect(() => fcKernel({ depth: 0 })).toThrow(/depth is 0; expected an integer ≥ 1/);
  });

  it('rejects mismatched dimensions and NaN inputs, naming them', async () => {
    const k = fcKernel({ depth: 2 });
    expect(() => k.f64([[1, 2]], [[1, 2, 3]])).toThrow(ShapeMismatchError);
    expect(() => k.f64([[1, 2]], [[1, 2, 3]])).toThrow(/Y has 3 columns; expected 2 columns/);
    expect(() => k.f64([[1, 2], [3]])).toThrow(ShapeMismatchError);
    expect(() => k.f64([[1, Number.NaN]])).toThrow(NonFiniteError);
    expect(() => k.f64([[1, Number.NaN]])).toThrow(/X\[0\]\[1\] is NaN/);
    await expect(k.gpu([[1, 2]], [[1, 2, 3]])).rejects.toThrow(ShapeMismatchError);
    const before = tf.memory().numTensors;
    await expect(k.gpu(tf.tensor1d([1, 2]) as unknown as tf.Tensor2D)).rejects.toThrow(
      ShapeMismatchError,
    );
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});
