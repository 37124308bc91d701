import { createRng, InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  arcCosineKernel,
  type Kernel,
  laplaceKernel,
  laplaceL1Kernel,
  linearKernel,
  polynomialKernel,
  rbfKernel,
} from '../src/index.js';
import fixture from './fixtures/classic-kernels.json' with { type: 'json' };
import { expectGpuClose, expectSymmetricPsd } from './helpers.js';

interface ClassicCase {
  kernel: string;
  options: Record<string, number>;
  xx: number[][];
  xy: number[][];
  diag: number[];
}

const factories: Record<string, (o: never) => Kernel> = {
  linear: linearKernel,
  polynomial: polynomialKernel,
  rbf: rbfKernel,
  laplace: laplaceKernel,
  laplaceL1: laplaceL1Kernel,
  arcCosine: arcCosineKernel,
};

const cases = nonEmpty(fixture.cases as ClassicCase[], 'classic-kernels.json cases').map((c) => {
  const k = (factories[c.kernel] as (o: unknown) => Kernel)(c.options);
  return [k.name, k, c] as const;
});

describe(`classic kernels against numpy fixtures [${TEST_BACKEND}]`, () => {
  it.each(cases)('%s in float64', (_, k, c) => {
    expectClose(k.f64(fixture.X), c.xx, { rtol: F64_RTOL, label: 'K(X,X)' });
    expectClose(k.f64(fixture.X, fixture.Y), c.xy, { rtol: F64_RTOL, label: 'K(X,Y)' });
    expectClose(k.diagF64(fixture.X), c.diag, { rtol: F64_RTOL, label: 'diag' });
  });

  it.each(cases)('%s in float32 on the backend, leak-free', async (_, k, c) => {
    await expectGpuClose(() => k.gpu(fixture.X), c.xx, 'K(X,X)');
    // A tiny tile budget forces several row tiles.
    await expectGpuClose(() => k.gpu(fixture.X, fixture.Y, { maxTileElements: 7 }), c.xy, 'K(X,Y)');
    await expectGpuClose(() => k.diagGpu(fixture.X), c.diag, 'diag');
  });
});

describe(`classic kernels: identities and typed errors [${TEST_BACKEND}]`, () => {
  const rng = createRng(5);
  const X = Array.from({ length: 30 }, () => Array.from({ length: 4 }, () => rng.normal()));
  X.push(
    X[0]!.slice(),
    X[1]!.map((v) => -2 * v),
    [0, 0, 0, 0],
  );

  it.each(cases)('%s: K(X, X) is symmetric positive semi-definite', (_, k) => {
    expectSymmetricPsd(k.f64(X));
  });

  it('rejects bad parameters with InvalidArgumentError and mismatched dimensions with ShapeMismatchError', async () => {
    expect(() => rbfKernel({ lengthScale: 0 })).toThrow(InvalidArgumentError);
    expect(() => rbfKernel({ lengthScale: Number.NaN })).toThrow(/lengthScale is NaN/);
    expect(() => laplaceKernel({ lengthScale: -1 })).toThrow(InvalidArgumentError);
    expect(() => laplaceL1Kernel({ lengthScale: -1 })).toThrow(InvalidArgumentError);
    expect(() => polynomialKernel({ degree: 0 })).toThrow(InvalidArgumentError);
    expect(() => polynomialKernel({ degree: 2.5 })).toThrow(InvalidArgumentError);
    expect(() => polynomialKernel({ coef0: -1 })).toThrow(InvalidArgumentError);
    expect(() => linearKernel({ offset: -1 })).toThrow(InvalidArgumentError);
    expect(() => arcCosineKernel({ order: 3 as 1 })).toThrow(InvalidArgumentError);
    for (const [, k] of cases) {
      expect(() => k.f64([[1, 2]], [[1, 2, 3]])).toThrow(ShapeMismatchError);
      await expect(k.gpu([[1, 2]], [[1, 2, 3]])).rejects.toThrow(ShapeMismatchError);
    }
  });
});
