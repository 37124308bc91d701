import { InvalidArgumentError, NonFiniteError, ShapeMismatchError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  nonEmpty,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  createMlp,
  hessianTopEigenvalue,
  type Mlp,
  type MlpActivation,
  type MlpParameterization,
  mlpHessianOperator,
  mlpHessianVectorProduct,
  mlpSharpness,
  sharpnessMeasurement,
} from '../src/index.js';
import fixture from './fixtures/hessian.json' with { type: 'json' };

interface HessianCase {
  name: string;
  inputDim: number;
  width: number[];
  depth: number;
  outputs: number;
  activation: MlpActivation;
  parameterization: MlpParameterization;
  wStd: number;
  bStd: number;
  bias: boolean;
  normalization: 'sum' | 'mean';
  X: number[][];
  Y: number[][];
  params: (number[] | number[][])[];
  loss: number;
  gradient: number[];
  v: number[];
  Hv: number[];
  lambdaMax: number;
  lambdaMin: number;
  eigenvalues: number[];
}

const cases = nonEmpty(fixture.cases as HessianCase[], 'hessian.json cases');

/**
 * λ_max to float32 accuracy: the Rayleigh quotient's error is about residual²/gap (Golub & Van
 * Loan §8.2), so a residual of 1e-4·λ (tol) adds ~1e-8 relative to the ~1e-7 of float32 H·v
 * (measured: ≤ 3e-7 on every backend).
 */
const SHARPNESS_RTOL = F32_RTOL;

function netOf(c: HessianCase): Mlp {
  const net = createMlp({
    inputDim: c.inputDim,
    width: c.width,
    depth: c.depth,
    outputs: c.outputs,
    activation: c.activation,
    parameterization: c.parameterization,
    wStd: c.wStd,
    bStd: c.bStd,
    bias: c.bias,
    initSeed: 1,
  });
  net.setParams(c.params.map((p) => tf.tensor(p as number[])));
  return net;
}

/** Splits a flat vector into tensors shaped like the parameters. */
function split(net: Mlp, flat: readonly number[]): tf.Tensor[] {
  let k = 0;
  return net.paramShapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.slice(k, k + size), shape as number[]);
    k += size;
    return t;
  });
}

async function flatten(list: readonly tf.Tensor[]): Promise<number[]> {
  const parts = await Promise.all(list.map((t) => t.data()));
  return parts.flatMap((p) => Array.from(p));
}

describe(`mlpHessianVectorProduct (R-operator) against the complex-step Hessian in numpy [${TEST_BACKEND}]`, () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: H·v', async (_, c) => {
    const net = netOf(c);
    const v = split(net, c.v);
    const Hv = await withLeakCheck(
      () => mlpHessianVectorProduct(net, c.X, c.Y, v, { lossNormalization: c.normalization }),
      { keep: true },
    );
    expectClose(await flatten(Hv), c.Hv, { rtol: F32_RTOL, label: 'H·v' });
    tf.dispose([...Hv, ...v]);
    net.dispose();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: sharpness λ_max', async (_, c) => {
    const net = netOf(c);
    const result = await withLeakCheck(() =>
      mlpSharpness(net, c.X, c.Y, {
        lossNormalization: c.normalization,
        tol: 1e-4,
        maxIterations: 500,
      }),
    );
    expect(result.value).toBeGreaterThan(0);
    expect(Math.abs(result.value - c.lambdaMax) / c.lambdaMax).toBeLessThan(SHARPNESS_RTOL);
    expect(result.iterations).toBeGreaterThanOrEqual(20);
    expect(result.converged).toBe(true);
    const norm = c.normalization === 'sum' ? 1 : c.X.length;
    expect(result.lossNormalization).toBe(norm);
    expect(result.effectiveValue).toBeCloseTo(norm * result.value, 10);
    net.dispose();
  });
});

describe(`hessianTopEigenvalue [${TEST_BACKEND}]`, () => {
  it('finds λ_max of a diagonal operator, also when |λ_min| > λ_max (shifted pass)', async () => {
    const diag = tf.tensor1d([-9, 1, 2, 4, 0.5]);
    const hvp = (v: readonly tf.Tensor[]) => [tf.mul(diag, v[0] as tf.Tensor)];
    const r = await withLeakCheck(() =>
      hessianTopEigenvalue(hvp, [[5]], { tol: 1e-6, maxIterations: 400 }),
    );
    expect(r.shifted).toBe(true);
    expect(r.value).toBeCloseTo(4, 3);
    expect(r.vector).toHaveLength(1);
    expect(Math.abs(r.vector[0]?.[3] as number)).toBeGreaterThan(0.999);
    const plain = await hessianTopEigenvalue(
      (v) => [tf.mul(tf.abs(diag), v[0] as tf.Tensor)],
      [[5]],
      {
        tol: 1e-6,
        maxIterations: 400,
      },
    );
    expect(plain.shifted).toBe(false);
    expect(plain.value).toBeCloseTo(9, 3);
    diag.dispose();
  });

  it('does at least minIterations products and a warm start converges at once', async () => {
    const A = tf.tensor2d([
      [2, 0],
      [0, 5],
    ]);
    let calls = 0;
    const hvp = (v: readonly tf.Tensor[]) => {
      calls++;
      return [tf.matMul(A, v[0] as tf.Tensor2D)];
    };
    const r = await hessianTopEigenvalue(hvp, [[2, 1]], { minIterations: 25, tol: 1e-2 });
    expect(calls).toBe(25);
    expect(r.iterations).toBe(25);
    expect(r.value).toBeCloseTo(5, 4);
    calls = 0;
    const warm = await hessianTopEigenvalue(hvp, [[2, 1]], { minIterations: 1, start: r.vector });
    expect(calls).toBe(1);
    expect(warm.converged).toBe(true);
    A.dispose();
  });

  it('typed errors: bad options, bad start, non-finite products', async () => {
    const hvp = (v: readonly tf.Tensor[]) => [tf.clone(v[0] as tf.Tensor)];
    await expect(hessianTopEigenvalue(hvp, [[3]], { minIterations: 0 })).rejects.toThrow(
      /minIterations is 0/,
    );
    await expect(
      hessianTopEigenvalue(hvp, [[3]], { minIterations: 30, maxIterations: 10 }),
    ).rejects.toThrow(/maxIterations is 10; expected at least minIterations \(30\)/);
    await expect(hessianTopEigenvalue(hvp, [[3]], { tol: -1 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(hessianTopEigenvalue(hvp, [[3]], { start: [[1, 2]] })).rejects.toThrow(
      /start\[0\] has 2 numbers; expected 3 numbers/,
    );
    const before = tf.memory().numTensors;
    await expect(
      hessianTopEigenvalue((v) => [tf.mul(v[0] as tf.Tensor, Number.NaN)], [[3]]),
    ).rejects.toThrow(NonFiniteError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an explicit maxIterations below 20 lowers the default minIterations instead of failing', async () => {
    let calls = 0;
    const hvp = (v: readonly tf.Tensor[]) => {
      calls++;
      return [tf.mul(v[0] as tf.Tensor, 2)];
    };
    const r = await hessianTopEigenvalue(hvp, [[3]], { maxIterations: 5, tol: 1e-12 });
    expect(r.iterations).toBe(calls);
    expect(calls).toBeLessThanOrEqual(5);
    expect(r.value).toBeCloseTo(2, 5);
  });
});

describe(`sharpness options are checked up front, null is not the default [${TEST_BACKEND}]`, () => {
  it('sharpnessMeasurement checks every option at creation, not at the first measured step', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ tol: 0 }, /sharpnessMeasurement: tol is 0; expected a finite number > 0/],
      [{ tol: -1 }, /tol is -1/],
      [{ tol: '1' }, /tol is '1'/],
      [{ tol: null }, /tol is null/],
      [{ maxIterations: null }, /maxIterations is null/],
      [{ minIterations: 1.5 }, /minIterations is 1.5/],
      [{ minIterations: 30, maxIterations: 10 }, /expected at least minIterations \(30\)/],
      [{ seed: -1 }, /seed is -1/],
      [{ budget: null }, /budget is null/],
    ];
    for (const [options, message] of bad) {
      expect(() => sharpnessMeasurement(options as never)).toThrow(InvalidArgumentError);
      expect(() => sharpnessMeasurement(options as never)).toThrow(message);
    }
    expect(typeof sharpnessMeasurement({ maxIterations: 5 })).toBe('function');
  });

  it('mlpSharpness refuses a BigInt maxIterations and null options with InvalidArgumentError', async () => {
    const net = createMlp({ inputDim: 2, width: 3, depth: 1, initSeed: 0 });
    await withLeakCheck(async () => {
      for (const options of [{ maxIterations: 7n }, { tol: null }, { lossNormalization: null }]) {
        await expect(mlpSharpness(net, [[1, 2]], [1], options as never)).rejects.toThrow(
          InvalidArgumentError,
        );
      }
    });
    net.dispose();
  });
});

describe(`mlpHessianOperator: typed errors and ownership [${TEST_BACKEND}]`, () => {
  const c = cases[0] as HessianCase;
  it('throws ShapeMismatchError for v, X or y of the wrong shape', () => {
    const net = netOf(c);
    const bad = net.params.map((p) => tf.zeros([p.size + 1]));
    expect(() => mlpHessianVectorProduct(net, c.X, c.Y, bad)).toThrow(ShapeMismatchError);
    expect(() => mlpHessianVectorProduct(net, c.X, c.Y, bad)).toThrow(/v\[0\] \(W1\) has shape/);
    const v = net.params.map((p) => tf.zerosLike(p));
    expect(() => mlpHessianVectorProduct(net, [[1, 2]], c.Y, v)).toThrow(ShapeMismatchError);
    expect(() => mlpHessianVectorProduct(net, c.X, [1, 2], v)).toThrow(ShapeMismatchError);
    expect(() => mlpHessianVectorProduct(net, c.X, c.Y, v, { lossNormalization: -2 })).toThrow(
      /lossNormalization is -2/,
    );
    expect(() => mlpHessianVectorProduct(net, c.X, c.Y, v, { lazyScale: 4 })).toThrow(
      /initialParams/,
    );
    tf.dispose([...bad, ...v]);
    net.dispose();
  });

  it('an operator is reusable until disposed and leaks nothing', async () => {
    const net = netOf(c);
    const v = split(net, c.v);
    await withLeakCheck(async () => {
      const H = mlpHessianOperator(net, c.X, c.Y, { lossNormalization: c.normalization });
      const a = H.apply(v);
      const b = H.apply(v);
      expectClose(await flatten(a), await flatten(b), { rtol: 0 });
      tf.dispose([...a, ...b]);
      H.dispose();
      expect(() => H.apply(v)).toThrow(/disposed/);
    });
    tf.dispose(v);
    net.dispose();
  });

  it('lazy scaling: the Hessian of (1/(2cα²))Σ(α(f − f₀) − y)² is that of (1/(2c))Σ(f − f₀ − y/α)²', async () => {
    const net = netOf(c);
    const init = net.params.map((p) => tf.add(p, 0.05));
    const alpha = 3;
    const f0 = net.apply(init, tf.tensor2d(c.X));
    const shifted = tf.tidy(() => tf.add(f0, tf.div(tf.tensor2d(c.Y), alpha)));
    const v = split(net, c.v);
    const lazy = mlpHessianVectorProduct(net, c.X, c.Y, v, {
      lossNormalization: 'mean',
      lazyScale: alpha,
      initialParams: init,
    });
    const plain = mlpHessianVectorProduct(net, c.X, shifted as tf.Tensor2D, v, {
      lossNormalization: 'mean',
    });
    expectClose(await flatten(lazy), await flatten(plain), { rtol: F32_RTOL });
    tf.dispose([...init, f0, shifted, ...v, ...lazy, ...plain]);
    net.dispose();
  });
});
