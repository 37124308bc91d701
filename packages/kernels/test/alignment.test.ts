import { createRng, matmul, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, F64_RTOL, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  centeredKernelAlignment,
  directionalAlignment,
  fcKernel,
  kernelSpectrum,
  kernelTargetAlignment,
  rbfKernel,
} from '../src/index.js';

const rng = createRng(11);
const X = Array.from({ length: 25 }, () => [rng.normal(), rng.normal(), rng.normal()]);
const y = X.map((x) => Math.sign(x[0] as number));
const K = fcKernel({ depth: 2, wStd: Math.SQRT2 }).f64(X).ntk;

describe(`kernel alignment [${TEST_BACKEND}]`, () => {
  it('kernelTargetAlignment is yᵀKy/(‖K‖_F‖y‖²)', () => {
    let yKy = 0;
    let kk = 0;
    for (let i = 0; i < 25; i++) {
      for (let j = 0; j < 25; j++) {
        yKy += (y[i] as number) * (K.data[i * 25 + j] as number) * (y[j] as number);
        kk += (K.data[i * 25 + j] as number) ** 2;
      }
    }
    expect(kernelTargetAlignment(K, y)).toBeCloseTo(yKy / (Math.sqrt(kk) * 25), 14);
    expect(
      kernelTargetAlignment(
        [
          [1, -1],
          [-1, 1],
        ],
        [1, -1],
      ),
    ).toBeCloseTo(1, 15);
  });

  it('is scale-free, and one-hot columns count as k outputs', () => {
    const scaled = { ...K, data: K.data.map((v) => 7 * v) };
    expect(kernelTargetAlignment(scaled, y)).toBeCloseTo(kernelTargetAlignment(K, y), 14);
    const single = kernelTargetAlignment(K, y);
    expect(
      kernelTargetAlignment(
        K,
        y.map((v) => [v]),
      ),
    ).toBeCloseTo(single, 14);
  });

  it('centered alignment ignores constant offsets and equals CKA with yyᵀ', () => {
    const shifted = { ...K, data: K.data.map((v) => v + 5) };
    const a = kernelTargetAlignment(K, y, { centered: true });
    expect(kernelTargetAlignment(shifted, y, { centered: true })).toBeCloseTo(a, 12);
    const yyT = y.map((a1) => y.map((b) => a1 * b));
    expect(centeredKernelAlignment(K, yyT)).toBeCloseTo(a, 14);
    expect(centeredKernelAlignment(K, K)).toBeCloseTo(1, 14);
    expect(centeredKernelAlignment(K, shifted)).toBeCloseTo(1, 12);
  });

  it('kernelSpectrum: K V = V Λ, descending, target energy sums to 1', () => {
    const s = kernelSpectrum(K, { targets: y });
    const n = 25;
    for (let j = 1; j < n; j++) expect(s.values[j]).toBeLessThanOrEqual(s.values[j - 1] as number);
    const VL = {
      ...s.vectors,
      data: s.vectors.data.map((v, k) => v * (s.values[k % n] as number)),
    };
    expectClose(matmul(K, s.vectors), VL, { rtol: 1e-12 });
    expect(s.cumulativeEnergy?.[n - 1]).toBeCloseTo(1, 14);
    // A target along the top eigenvector puts all its energy there.
    const top = Array.from({ length: n }, (_, i) => s.vectors.data[i * n] as number);
    expect(kernelSpectrum(K, { targets: top }).targetEnergy?.[0]).toBeCloseTo(1, 12);
  });

  it('directionalAlignment of the eigenvectors gives the eigenvalues', () => {
    const s = kernelSpectrum(K);
    expectClose(directionalAlignment(K, s.vectors), s.values, { rtol: F64_RTOL });
    expect(
      Array.from(
        directionalAlignment(
          [
            [2, 1],
            [1, 2],
          ],
          [
            [1, 1],
            [1, -1],
          ],
        ),
      ),
    ).toEqual([3, 1]);
  });

  it('rejects mismatched sizes', () => {
    const R = rbfKernel().f64(X.slice(0, 5));
    expect(() => centeredKernelAlignment(K, R)).toThrow(ShapeMismatchError);
    expect(() => kernelTargetAlignment(K, [1, 2])).toThrow(ShapeMismatchError);
    expect(() => directionalAlignment(K, [[1]])).toThrow(ShapeMismatchError);
    expect(() => kernelSpectrum([[1, 2, 3]])).toThrow(ShapeMismatchError);
  });
});
