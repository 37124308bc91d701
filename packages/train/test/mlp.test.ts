import { createRng, InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  MC_RTOL,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMlp, type MlpInit, type MlpOptions, ModelDisposedError } from '../src/index.js';

function moments(values: Float32Array): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
  }
  const mean = s / values.length;
  return { mean, variance: s2 / values.length - mean * mean };
}

/** The effective weight matrix s·W of layer l (fan_in × fan_out). */
async function effective(net: ReturnType<typeof createMlp>, l: number): Promise<Float32Array> {
  const layer = net.layers[l];
  if (!layer) throw new Error(`no layer ${l}`);
  const raw = (await net.readParams())[layer.weightIndex] as Float32Array;
  return raw.map((v) => v * layer.weightScale);
}

describe(`[${TEST_BACKEND}] createMlp`, () => {
  it('fills the defaults and lays out [W1, b1, …] with W_l of shape [fan_in, fan_out]', () => {
    const net = createMlp({ inputDim: 2, width: 512, depth: 2, initSeed: 1 });
    expect(net.config).toMatchObject({
      widths: [512, 512],
      outputs: 1,
      activation: 'relu',
      bias: true,
      parameterization: 'ntk',
      init: 'gaussian',
      wStd: 1,
      bStd: 0,
    });
    expect(net.paramNames).toEqual(['W1', 'b1', 'W2', 'b2', 'W3', 'b3']);
    expect(net.paramShapes).toEqual([[2, 512], [512], [512, 512], [512], [512, 1], [1]]);
    expect(net.paramCount).toBe(264705);
    expect(net.layers[1]?.weightScale).toBeCloseTo(1 / Math.sqrt(512), 15);
    net.dispose();
    expect(net.isDisposed).toBe(true);
    expect(() => net.predict([[1, 2]])).toThrow(ModelDisposedError);
  });

  it('draws the weights from createRng(initSeed) on the CPU: the same numbers on every backend', async () => {
    const net = createMlp({ inputDim: 3, width: 4, depth: 1, initSeed: 42 });
    const [W1, b1] = await net.readParams();
    // The stream: W1 as fan_out × fan_in row-major, then b1; stored transposed.
    const rng = createRng(42);
    const g = rng.fillNormal(new Float64Array(12));
    const b = rng.fillNormal(new Float64Array(4));
    const expected = new Float32Array(12);
    for (let o = 0; o < 4; o++)
      for (let i = 0; i < 3; i++) expected[i * 4 + o] = g[o * 3 + i] as number;
    expect(Array.from(W1 as Float32Array)).toEqual(Array.from(expected));
    expect(Array.from(b1 as Float32Array)).toEqual(Array.from(Float32Array.from(b)));
    const again = createMlp({ inputDim: 3, width: 4, depth: 1, initSeed: 42 });
    const other = createMlp({ inputDim: 3, width: 4, depth: 1, initSeed: 43 });
    expect((await again.readParams()).map((p) => Array.from(p))).toEqual(
      (await net.readParams()).map((p) => Array.from(p)),
    );
    expect(Array.from((await other.readParams())[0] as Float32Array)).not.toEqual(
      Array.from(W1 as Float32Array),
    );
    tf.dispose([]);
    for (const m of [net, again, other]) m.dispose();
  });

  it("computes the same function at initialization under 'ntk' and 'standard' (https://overparam.dev/docs/theory/conventions#parameterization)", async () => {
    const X = [
      [0.5, -1, 2],
      [1, 0, -0.5],
    ];
    for (const init of ['gaussian', 'he', 'glorot', 'orthogonal'] as MlpInit[]) {
      const common = {
        inputDim: 3,
        width: [16, 8],
        depth: 2,
        activation: 'tanh',
        bStd: 0.4,
        init,
        initSeed: 7,
      } as const;
      const a = createMlp({ ...common, parameterization: 'ntk' });
      const b = createMlp({ ...common, parameterization: 'standard' });
      const fa = await withLeakCheck(() => a.predict(X), { keep: true });
      const fb = b.predict(X);
      expectClose(await fa.array(), await fb.array(), { rtol: F32_RTOL });
      tf.dispose([fa, fb]);
      a.dispose();
      b.dispose();
    }
  });

  it('He, LeCun and Glorot give effective weight variances 2/fan_in, 1/fan_in, 2/(fan_in + fan_out)', async () => {
    // fan_in 300, fan_out 100: 30000 weights, so the sample variance has relative sd √(2/30000) ≈ 0.8%.
    const expected: Record<string, number> = { he: 2 / 300, lecun: 1 / 300, glorot: 2 / 400 };
    for (const parameterization of ['ntk', 'standard'] as const) {
      for (const [init, variance] of Object.entries(expected)) {
        const net = createMlp({
          inputDim: 300,
          width: 100,
          depth: 1,
          init: init as MlpInit,
          parameterization,
          initSeed: 11,
        });
        const m = moments(await effective(net, 0));
        expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(variance / 30000));
        expect(Math.abs(m.variance / variance - 1)).toBeLessThan(MC_RTOL);
        net.dispose();
      }
    }
  });

  it('orthogonal init: WᵀW = gain²·I (fan_out ≤ fan_in) and WWᵀ = gain²·I (fan_out > fan_in)', async () => {
    for (const parameterization of ['ntk', 'standard'] as const) {
      const net = createMlp({
        inputDim: 12,
        width: 20,
        depth: 2,
        outputs: 3,
        init: 'orthogonal',
        wStd: 1.5,
        parameterization,
        initSeed: 3,
      });
      for (const l of [0, 1, 2]) {
        const layer = net.layers[l];
        if (!layer) throw new Error('missing layer');
        const W = tf.tensor2d(await effective(net, l), [layer.fanIn, layer.fanOut]);
        const wide = layer.fanOut > layer.fanIn;
        const gram = tf.tidy(() =>
          wide ? tf.matMul(W, W, false, true) : tf.matMul(W, W, true, false),
        );
        const size = wide ? layer.fanIn : layer.fanOut;
        expectClose(
          await gram.array(),
          (await tf.tidy(() => tf.mul(tf.eye(size), 2.25)).array()) as number[][],
          {
            rtol: F32_RTOL,
          },
        );
        tf.dispose([W, gram]);
      }
      net.dispose();
    }
  });

  it('predict, clone and setParams leave no tensors behind; clone is independent', async () => {
    const net = createMlp({ inputDim: 2, width: 8, depth: 2, outputs: 2, initSeed: 1 });
    const f = await withLeakCheck(() => net.predict([[1, 2]]), { keep: true });
    expect(f.shape).toEqual([1, 2]);
    f.dispose();
    const before = tf.memory().numTensors;
    const copy = net.clone();
    expect(tf.memory().numTensors - before).toBe(copy.params.length); // exactly its own parameters
    await withLeakCheck(() => copy.setParams(copy.params.map((p) => tf.zerosLike(p))));
    const [W1] = await net.readParams();
    expect(Array.from(W1 as Float32Array).some((v) => v !== 0)).toBe(true);
    expect(() => copy.setParams([tf.zeros([2, 8])])).toThrow(/a list of 6 tensors/);
    const wrong = copy.params.map((p) => tf.zerosLike(p));
    wrong[0] = tf.zeros([3, 8]);
    expect(() => copy.setParams(wrong)).toThrow(/W1 has shape \[3, 8\]; expected shape \[2, 8\]/);
    tf.dispose(wrong);
    copy.dispose();
    net.dispose();
  });

  it('apply names a disposed or misshapen parameter instead of failing inside tfjs', () => {
    const net = createMlp({ inputDim: 2, width: 3, depth: 1, initSeed: 0 });
    const X = tf.tensor2d([[1, 2]]);
    const disposed = net.params.map((p) => tf.zerosLike(p));
    (disposed[0] as tf.Tensor).dispose();
    expect(() => net.apply(disposed, X)).toThrow(InvalidArgumentError);
    expect(() => net.apply(disposed, X)).toThrow(
      /apply: params\[0\] \(W1\) is 'a disposed tensor'; expected a live tensor of shape \[2, 3\]/,
    );
    const misshapen = net.params.map((p) => tf.zerosLike(p));
    const wrong = misshapen[0] as tf.Tensor;
    misshapen[0] = tf.zeros([7, 7]);
    expect(() => net.apply(misshapen, X)).toThrow(ShapeMismatchError);
    expect(() => net.apply(misshapen, X)).toThrow(/W1 has shape \[7, 7\]; expected shape \[2, 3\]/);
    expect(() => net.apply([...net.params.slice(0, 3), 'x'] as never, X)).toThrow(
      InvalidArgumentError,
    );
    tf.dispose([...disposed.slice(1), ...misshapen, wrong, X]);
    net.dispose();
  });

  it('rejects invalid options with typed errors that say what to pass', () => {
    const ok: MlpOptions = { inputDim: 2, width: 4, depth: 1, initSeed: 1 };
    const bad: [Partial<MlpOptions> & Record<string, unknown>, RegExp][] = [
      [{ depth: 0 }, /depth is 0; expected an integer ≥ 1 \(the number of hidden layers/],
      [{ inputDim: 2.5 }, /inputDim is 2.5/],
      [{ width: [4, 4] }, /width is \[4, 4\]; expected a width or an array of 1 widths/],
      [{ width: 0 }, /width\[0\] is 0/],
      [
        { activation: 'gelu' as 'relu' },
        /activation is 'gelu'; expected 'relu', 'erf', 'tanh' or 'linear'/,
      ],
      [{ init: 'xavier' as 'he' }, /init is 'xavier'/],
      [
        { parameterization: 'mup' as 'ntk' },
        /parameterization is 'mup'; expected 'ntk' or 'standard'/,
      ],
      [{ init: 'he', wStd: 2 }, /no wStd with init 'he'/],
      [{ bStd: -1 }, /bStd is -1/],
      [{ initSeed: -3 }, /initSeed is -3/],
      [{ outputs: 0 }, /outputs is 0/],
    ];
    for (const [patch, message] of bad) {
      expect(() => createMlp({ ...ok, ...patch } as MlpOptions)).toThrow(InvalidArgumentError);
      expect(() => createMlp({ ...ok, ...patch } as MlpOptions)).toThrow(message);
    }
  });
});
