// @overparam/layers describes the same fully connected networks as fcKernel: its serial(dense,
// φ, …) must reproduce fcKernel's NNGP and NTK (the step before fcKernel becomes a preset over
// layers), and its networks are valid inputs of the predictions API.
import { dense, erf, leakyRelu, relu, serial } from '@overparam/layers';
import { nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { fcKernel, gradientDescentMseEnsemble } from '../src/index.js';
import { randomMatrix } from './helpers.js';

/** Two float64 routes through the same recursion: rounding only. */
const RTOL = 1e-12;

const ACTS = { relu: () => relu(), erf: () => erf(), leakyRelu: () => leakyRelu(0.2) } as const;

function layersNet(
  depth: number,
  activation: keyof typeof ACTS,
  wStd: number,
  bStd: number,
  parameterization: 'ntk' | 'standard' = 'ntk',
  width = 64,
) {
  const layers = [];
  for (let l = 0; l < depth; l++)
    layers.push(dense({ outputs: width, wStd, bStd, parameterization }), ACTS[activation]());
  layers.push(dense({ outputs: 1, wStd, bStd, parameterization }));
  return serial(...layers);
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs((a[i] as number) - (b[i] as number)));
  return e / scale;
}

describe(`layers' serial(dense, φ, …) = fcKernel [${TEST_BACKEND}]`, () => {
  const X = randomMatrix(6, 3, 11);
  const Y = randomMatrix(4, 3, 12);
  const cases = nonEmpty(
    (['relu', 'erf', 'leakyRelu'] as const).flatMap((activation) =>
      [1, 2, 4].flatMap((depth) =>
        [
          [1, 0],
          [Math.SQRT2, 0.3],
        ].map(([wStd, bStd]) => ({
          activation,
          depth,
          wStd: wStd as number,
          bStd: bStd as number,
        })),
      ),
    ),
    'cases',
  );

  it.each(cases)('$activation depth $depth wStd $wStd bStd $bStd: NNGP and NTK to 1e-12', (c) => {
    const net = layersNet(c.depth, c.activation, c.wStd, c.bStd);
    const fc = fcKernel({ depth: c.depth, activation: c.activation, wStd: c.wStd, bStd: c.bStd });
    for (const [a, b] of [
      [net.kernel.f64(X, Y), fc.f64(X, Y)],
      [net.kernel.f64(X), fc.f64(X)],
    ] as const) {
      expect(maxRel(a.nngp.data, b.nngp.data)).toBeLessThanOrEqual(RTOL);
      expect(maxRel(a.ntk.data, b.ntk.data)).toBeLessThanOrEqual(RTOL);
    }
    const da = net.kernel.diagF64(X);
    const db = fc.diagF64(X);
    expect(maxRel(da.ntk, db.ntk)).toBeLessThanOrEqual(RTOL);
  });

  it('standard parameterization with the finite widths', () => {
    const net = layersNet(2, 'relu', 1.2, 0.2, 'standard', 64);
    const fc = fcKernel({
      depth: 2,
      wStd: 1.2,
      bStd: 0.2,
      parameterization: 'standard',
      width: 64,
    });
    const a = net.kernel.f64(X, Y);
    const b = fc.f64(X, Y);
    expect(maxRel(a.nngp.data, b.nngp.data)).toBeLessThanOrEqual(RTOL);
    expect(maxRel(a.ntk.data, b.ntk.data)).toBeLessThanOrEqual(RTOL);
    // … and the standard NTK is not the NTK-parameterization one (the test can tell them apart).
    expect(
      maxRel(a.ntk.data, layersNet(2, 'relu', 1.2, 0.2).kernel.f64(X, Y).ntk.data),
    ).toBeGreaterThan(0.1);
  });

  it('a layers network is a NetworkKernel for gradientDescentMseEnsemble', () => {
    const net = layersNet(2, 'relu', Math.SQRT2, 0.1);
    const fc = fcKernel({ depth: 2, wStd: Math.SQRT2, bStd: 0.1 });
    const y = X.map((r) => Math.sin(r[0] as number));
    const a = gradientDescentMseEnsemble(net.kernel, X, y, { learningRate: 0.5 }).predict({
      xTest: Y,
      steps: 20,
    });
    const b = gradientDescentMseEnsemble(fc, X, y, { learningRate: 0.5 }).predict({
      xTest: Y,
      steps: 20,
    });
    expect(maxRel(a.mean.data, b.mean.data)).toBeLessThanOrEqual(1e-10);
    expect(maxRel(a.variance, b.variance)).toBeLessThanOrEqual(1e-10);
  });
});
