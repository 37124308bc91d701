// Degenerate but valid inputs give a documented number (or a typed error), never NaN: a zero
// matrix, one point, equal points, a zero row for the angle-based kernels, antipodal points, a
// zero kernel or a constant target in the alignment functions. Inputs whose squared norms would
// overflow (or, for the angle-based kernels, underflow) the arithmetic are refused with a typed
// error instead of NaN or a wrong angle.
import { InvalidArgumentError, NonFiniteError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  identityRows,
  TEST_BACKEND,
  zeroRows,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  arcCosineKernel,
  centeredKernelAlignment,
  directionalAlignment,
  fcKernel,
  fitKernelRidge,
  gramInfinityKernel,
  kernelRidgeGpu,
  kernelSpectrum,
  kernelTargetAlignment,
  laplaceKernel,
  laplaceL1Kernel,
  linearKernel,
  monteCarloKernel,
  polynomialKernel,
  rbfKernel,
} from '../../src/index.js';
import { FC_KERNELS, KERNELS } from './subjects.js';

const DEGENERATE: readonly (readonly [string, number[][]])[] = [
  [
    'a zero matrix',
    [
      [0, 0],
      [0, 0],
    ],
  ],
  ['one point', [[0.3, -1.2]]],
  [
    'equal points',
    [
      [1, 2],
      [1, 2],
    ],
  ],
  [
    'a zero row',
    [
      [0, 0],
      [1, 1],
    ],
  ],
  [
    'antipodal points',
    [
      [1, 1],
      [-1, -1],
    ],
  ],
  [
    'negative dot products (odd powers)',
    [
      [1, -2],
      [-3, 1],
    ],
  ],
];

const noNaN = (values: ArrayLike<number>) => Array.from(values).every((v) => !Number.isNaN(v));
const finite = (values: ArrayLike<number>) => Array.from(values).every(Number.isFinite);

const kernelCases = KERNELS.flatMap(([name, make]) =>
  DEGENERATE.map(([input, X]) => [name, input, make, X] as const),
);
const fcCases = FC_KERNELS.flatMap(([name, make]) =>
  DEGENERATE.map(([input, X]) => [name, input, make, X] as const),
);

describe(`[${TEST_BACKEND}] degenerate inputs give finite kernels, equal on the backend and in float64`, () => {
  it.each(kernelCases)(
    '%s on %s: finite in float64, the same in float32',
    async (_, __, make, X) => {
      const k = make();
      const K = k.f64(X);
      expect(finite(K.data)).toBe(true);
      expect(finite(k.diagF64(X))).toBe(true);
      const G = await k.gpu(X);
      const g = await G.data();
      G.dispose();
      expect(noNaN(g)).toBe(true);
      expectClose(g, K, { rtol: F32_RTOL });
    },
  );

  it.each(fcCases)(
    '%s on %s: finite NNGP and NTK in float64, the same in float32',
    async (_, __, make, X) => {
      const k = make();
      const want = k.f64(X);
      expect(finite(want.nngp.data) && finite(want.ntk.data)).toBe(true);
      for (const implementation of ['ops', 'fused'] as const) {
        const got = await k.gpu(X, undefined, { implementation });
        const [s, t] = [await got.nngp.data(), await got.ntk.data()];
        tf.dispose([got.nngp, got.ntk]);
        expect(noNaN(s) && noNaN(t)).toBe(true);
        expectClose(t, want.ntk, { rtol: F32_RTOL, label: `NTK (${implementation})` });
      }
    },
  );

  it('a zero row has θ = π/2 with every other point: arc-cosine k₀ = 1/2, k₁ = k₂ = 0, H^∞ = 0', () => {
    const X = [
      [0, 0],
      [3, 4],
    ];
    expect(Array.from(arcCosineKernel({ order: 0 }).f64(X).data)).toEqual([0.5, 0.5, 0.5, 1]);
    expect(arcCosineKernel({ order: 1 }).f64(X).data[1]).toBe(0);
    expect(arcCosineKernel({ order: 2 }).f64(X).data[1]).toBe(0);
    expect(gramInfinityKernel().f64(X).data[1]).toBe(0);
    // ReLU NNGP with σ_b = 0: E[φ(0)φ(v)] = 0, and E[φ'φ'] = 1/4 (φ'(0) = 1/2).
    expect(fcKernel({ depth: 1 }).f64(X).nngp.data[1]).toBe(0);
  });
});

describe(`[${TEST_BACKEND}] inputs beyond the arithmetic's range are typed errors, not NaN`, () => {
  it('float64: ‖x‖² above 1e150 (angle-based) or 1e300 (others) is an InvalidArgumentError naming the row', () => {
    const big = [
      [1, 0],
      [1e100, 1e99],
    ];
    for (const k of [arcCosineKernel(), gramInfinityKernel()]) {
      expect(() => k.f64(big)).toThrow(InvalidArgumentError);
      expect(() => k.f64(big)).toThrow(
        /‖X\[1\]‖² is 1\.0\d*e\+200; expected 0 or a value in \[1e-150, 1e\+150\]/,
      );
      expect(() => k.diagF64(big)).toThrow(InvalidArgumentError);
    }
    // Sums of squared norms are fine at 1e200; beyond ~1.3e154 per entry ‖x‖² overflows.
    expect(finite(rbfKernel().f64(big).data)).toBe(true);
    const huge = [[1e200, 1e200]];
    for (const k of [rbfKernel(), linearKernel(), polynomialKernel()]) {
      expect(() => k.f64(huge)).toThrow(/‖X\[0\]‖² is Infinity; expected at most 1e\+300/);
    }
    // Distances by explicit differences overflow only to +∞, whose kernel value 0 is the limit.
    expect(Array.from(laplaceKernel().f64([[1e200]], [[-1e200]]).data)).toEqual([0]);
    expect(Array.from(laplaceL1Kernel().f64(huge, [[0, 0]]).data)).toEqual([0]);
  });

  it('a length scale so small that ℓ² (or 1/ℓ in float32) underflows gives 1 at zero distance and 0 elsewhere, not NaN', async () => {
    const X = [[0], [1], [0]];
    const want = [1, 0, 1, 0, 1, 0, 1, 0, 1];
    for (const lengthScale of [1e-300, 1e-160, 1e-40]) {
      for (const k of [
        rbfKernel({ lengthScale }),
        laplaceKernel({ lengthScale }),
        laplaceL1Kernel({ lengthScale }),
      ]) {
        expect(Array.from(k.f64(X).data), `${k.name} f64`).toEqual(want);
        expect(Array.from(k.diagF64(X)), `${k.name} diagF64`).toEqual([1, 1, 1]);
        const K = await k.gpu(X);
        expect(Array.from(await K.data()), `${k.name} gpu`).toEqual(want);
        K.dispose();
        const d = await k.diagGpu(X);
        expect(Array.from(await d.data()), `${k.name} diagGpu`).toEqual([1, 1, 1]);
        d.dispose();
      }
    }
  });

  it('polynomial: rows whose (γ‖x‖² + c₀)^p would overflow are an InvalidArgumentError, not Infinity', async () => {
    const k = polynomialKernel();
    // d = 1, γ = 1, c₀ = 1, p = 3: (‖x‖² + 1)³ ≤ 1e308 needs ‖x‖² ≤ 1e308^(1/3) − 1 ≈ 4.64e102.
    const big = [[2.4e51]];
    expect(() => k.diagF64(big)).toThrow(InvalidArgumentError);
    expect(() => k.diagF64(big)).toThrow(
      /polynomial\.diagF64: ‖X\[0\]‖² is 5\.7\d*e\+102; expected at most 4\.64\d*e\+102 \(float64: \(γ‖x‖² \+ c₀\)\^p must stay below 1e\+308\)/,
    );
    expect(() => k.f64(big)).toThrow(InvalidArgumentError);
    expect(() => k.f64([[1]], big)).toThrow(/‖Y\[0\]‖²/);
    // float32: (‖x‖² + 1)³ ≤ 1e38 needs ‖x‖² ≤ ~4.64e12.
    const big32 = [[0], [2.6e6]];
    await expect(k.diagGpu(big32)).rejects.toThrow(
      /polynomial\.diagGpu: ‖X\[1\]‖² is .*; expected at most 4\.64\d*e\+12 \(float32/,
    );
    await expect(k.gpu(big32)).rejects.toThrow(InvalidArgumentError);
    await expect(k.gpu([[1]], big32)).rejects.toThrow(/‖Y\[1\]‖²/);
    // Just inside the range the entries are finite, and equal to the float64 formula.
    const inside = [[2e51]];
    expect(finite(k.diagF64(inside))).toBe(true);
    expect(k.diagF64(inside)[0]).toBe((4e102 + 1) ** 3);
    // A c₀^p beyond the range alone refuses every input, naming coef0.
    expect(() => polynomialKernel({ coef0: 1e200, degree: 2 }).f64([[0]])).toThrow(
      /polynomial\.f64: coef0 is 1e\+200; expected c₀ ≤ 1\.000e\+154/,
    );
    await expect(polynomialKernel({ coef0: 1e20, degree: 2 }).diagGpu([[0]])).rejects.toThrow(
      /coef0 is 100000000000000000000/,
    );
    // A tiny γ allows any representable row.
    expect(finite(polynomialKernel({ gamma: 1e-300 }).diagF64([[1e150]]))).toBe(true);
  });

  it('float64: ‖x‖² below 1e-150 (nonzero) is refused by the angle-based kernels: the product would underflow', () => {
    const tiny = [
      [1e-100, 0],
      [2e-100, 0],
    ];
    expect(() => arcCosineKernel().f64(tiny)).toThrow(/‖X\[0\]‖² is 1e-200/);
    expect(() => fcKernel({ depth: 1 }).f64(tiny)).toThrow(/Σ1\(X\[0\], X\[0\]\)/);
    // A zero row is exactly 0 and fine; so are tiny rows for kernels that add norms.
    expect(finite(rbfKernel().f64(tiny).data)).toBe(true);
  });

  it('float32 (gpu): ‖x‖² above 1e18 (angle-based) or 1e37 is refused before the n·m work', async () => {
    const big = [
      [1, 0],
      [1e10, 0],
    ];
    await expect(arcCosineKernel().gpu(big)).rejects.toThrow(
      /arcCosine\.gpu: ‖X\[1\]‖² is 1\d{20}; expected 0 or a value in \[1e-18, 1e\+18\]/,
    );
    await expect(fcKernel({ depth: 2 }).gpu(big)).rejects.toThrow(InvalidArgumentError);
    await expect(rbfKernel().gpu([[1e20]])).rejects.toThrow(/at most 1e\+37 \(float32/);
    await expect(laplaceL1Kernel().gpu([[1e20]])).rejects.toThrow(InvalidArgumentError);
    const K = await rbfKernel().gpu(big);
    expect(noNaN(await K.data())).toBe(true);
    K.dispose();
  });

  it('float32 (gpu): NaN inside a tensor input is a NonFiniteError naming the row', async () => {
    const X = tf.tensor2d([
      [1, 0],
      [Number.NaN, 1],
    ]);
    await expect(rbfKernel().gpu(X)).rejects.toThrow(NonFiniteError);
    await expect(rbfKernel().gpu(X)).rejects.toThrow(/‖X\[1\]‖² is NaN/);
    await expect(laplaceKernel().gpu(X)).rejects.toThrow(NonFiniteError);
    await expect(fcKernel({ depth: 2 }).gpu(X)).rejects.toThrow(NonFiniteError);
    await expect(arcCosineKernel().diagGpu(X)).rejects.toThrow(NonFiniteError);
    X.dispose();
  });

  it('fcKernel: layer variances that grow out of range with depth (σ_w = 10, depth 100) are refused naming the layer', () => {
    // Σ grows by σ_w²/2 = 50 per ReLU layer: 50^89 > 1e150.
    const k = fcKernel({ depth: 100, wStd: 10 });
    expect(() => k.f64([[1, 0]])).toThrow(/Σ\d+\(X\[0\], X\[0\]\) is .*bring wStd closer to √2/);
    expect(() => fcKernel({ depth: 1, wStd: 1e200 })).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] alignment, spectra, Monte Carlo and ridge: documented values on degenerate input`, () => {
  const I = identityRows(2);
  const Z = zeroRows(2);

  it('kernelTargetAlignment is 0 for a zero kernel, zero targets, and (centered) a constant target or n = 1', () => {
    expect(kernelTargetAlignment(Z, [1, -1])).toBe(0);
    expect(kernelTargetAlignment(I, [0, 0])).toBe(0);
    expect(kernelTargetAlignment(I, [2, 2], { centered: true })).toBe(0);
    expect(kernelTargetAlignment([[3]], [1], { centered: true })).toBe(0);
    expect(kernelTargetAlignment([[3]], [1])).toBe(1);
  });

  it('centeredKernelAlignment is 0 for a zero or constant kernel and for n = 1', () => {
    expect(centeredKernelAlignment(Z, I)).toBe(0);
    expect(
      centeredKernelAlignment(
        [
          [1, 1],
          [1, 1],
        ],
        I,
      ),
    ).toBe(0);
    expect(centeredKernelAlignment([[1]], [[2]])).toBe(0);
  });

  it('directionalAlignment is 0 along a zero direction and for a zero kernel', () => {
    expect(Array.from(directionalAlignment(I, [[0], [0]]))).toEqual([0]);
    expect(Array.from(directionalAlignment(Z, [[1], [1]]))).toEqual([0]);
  });

  it('alignments of entries near the float64 maximum are exact, not Infinity/Infinity = NaN', () => {
    // Scaling by powers of two is exact: 2^600·I and 2^600·(1, 1) (whose yyᵀ, 2^1200,
    // overflows) give bit for bit the alignment of I and (1, 1).
    const s600 = 2 ** 600;
    expect(
      kernelTargetAlignment(
        [
          [s600, 0],
          [0, s600],
        ],
        [s600, s600],
      ),
    ).toBe(kernelTargetAlignment(I, [1, 1]));
    expect(
      kernelTargetAlignment(
        [
          [1e200, 0],
          [0, 1e200],
        ],
        [1e200, 1e200],
      ),
    ).toBeCloseTo(Math.SQRT1_2, 15);
    expect(
      centeredKernelAlignment(
        [
          [1e300, 0],
          [0, 1e300],
        ],
        I,
      ),
    ).toBe(1);
    expect(
      Array.from(
        directionalAlignment(
          [
            [2e300, 0],
            [0, 2e300],
          ],
          [[1e200], [1e200]],
        ),
      ),
    ).toEqual([2e300]);
    const s = kernelSpectrum(I, { targets: [1e200, 1e200] });
    expect(Array.from(s.targetEnergy ?? [])).toEqual([0.5, 0.5]);
  });

  it('kernelSpectrum with zero targets reports zero energy everywhere (not NaN)', () => {
    const s = kernelSpectrum(Z, { targets: [0, 0] });
    expect(Array.from(s.values)).toEqual([0, 0]);
    expect(Array.from(s.targetEnergy ?? [])).toEqual([0, 0]);
    expect(Array.from(s.cumulativeEnergy ?? [])).toEqual([0, 0]);
  });

  it('monteCarloKernel with one sample has standard error 0 (not NaN)', () => {
    const r = monteCarloKernel(() => [[1, 2]], { samples: 1 });
    expect(Array.from(r.stdError.data)).toEqual([0, 0]);
  });

  it('kernelRidgeGpu on a zero K: ridge 0 is an InvalidArgumentError naming ridge; ridge λ > 0 gives α = Y/λ', async () => {
    await expect(kernelRidgeGpu(Z, [1, 1])).rejects.toThrow(
      /kernelRidgeGpu: ridge is 0; expected > 0/,
    );
    await expect(fitKernelRidge(Z, [1, 1], { solver: 'gpu-cg' })).rejects.toThrow(
      InvalidArgumentError,
    );
    const model = await kernelRidgeGpu(Z, [1, 1], { ridge: 0.5 });
    expectClose(await model.alpha.data(), [2, 2], { rtol: F32_RTOL });
    model.dispose();
  });

  it('fitKernelRidge in float64 on a zero K gives the minimum-norm interpolant α = 0, with κ = Infinity (singular)', async () => {
    const fit = await fitKernelRidge(Z, [1, 1], { solver: 'f64' });
    expect(Array.from(fit.solver === 'f64' ? fit.model.alpha.data : [])).toEqual([0, 0]);
    expect(fit.cond).toBe(Number.POSITIVE_INFINITY);
    expect(fit.residual).toBe(1);
  });
});
