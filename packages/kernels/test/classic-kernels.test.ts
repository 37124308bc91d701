import { expectClose, F32_RTOL, F64_RTOL, withLeakCheck } from '@overparam/tensor/testing';
import { describe, it } from 'vitest';
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

const backend = process.env.OVERPARAM_BACKEND ?? 'cpu';

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

const cases = (fixture.cases as ClassicCase[]).map((c) => {
  const k = (factories[c.kernel] as (o: unknown) => Kernel)(c.options);
  return [k.name, k, c] as const;
});

describe(`classic kernels against numpy fixtures [${backend}]`, () => {
  it.each(cases)('%s in float64', (_, k, c) => {
    expectClose(k.f64(fixture.X), c.xx, { rtol: F64_RTOL, label: 'K(X,X)' });
    expectClose(k.f64(fixture.X, fixture.Y), c.xy, { rtol: F64_RTOL, label: 'K(X,Y)' });
    expectClose(k.diagF64(fixture.X), c.diag, { rtol: F64_RTOL, label: 'diag' });
  });

  it.each(cases)('%s in float32 on the backend, leak-free', async (_, k, c) => {
    const xx = await withLeakCheck(() => k.gpu(fixture.X), { keep: true });
    expectClose(await xx.data(), c.xx, { rtol: F32_RTOL, label: 'K(X,X)' });
    xx.dispose();
    // A tiny tile budget forces several row tiles.
    const xy = await withLeakCheck(() => k.gpu(fixture.X, fixture.Y, { maxTileElements: 7 }), {
      keep: true,
    });
    expectClose(await xy.data(), c.xy, { rtol: F32_RTOL, label: 'K(X,Y)' });
    xy.dispose();
    const diag = await withLeakCheck(() => k.diagGpu(fixture.X), { keep: true });
    expectClose(await diag.data(), c.diag, { rtol: F32_RTOL, label: 'diag' });
    diag.dispose();
  });
});
