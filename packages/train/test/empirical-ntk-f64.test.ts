import { fcKernel, monteCarloKernel } from '@overparam/kernels';
import {
  createRng,
  InvalidArgumentError,
  NonFiniteError,
  ShapeMismatchError,
  toArray,
} from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  MC_RTOL,
  relativeError,
  TEST_BACKEND,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { createMlp, empiricalNtk, empiricalNtkF64, type MlpOptions } from '../src/index.js';
import { cpuOnly } from './cpu-only.js';

// The Monte-Carlo checks are float64 CPU code that never touches tfjs: they run once, in the
// cpu project. The autodiff and float32 checks below use tfjs and run on every backend.
// Registered only in the cpu project, so other projects neither run nor report them as skipped.

const rng = createRng(21);
const X = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => rng.normal()));
X.push(
  X[0]!.map((v) => 2 * v),
  X[1]!.map((v) => -v),
);
const d = 4;

cpuOnly('empiricalNtkF64: Monte-Carlo limits (float64)', () => {
  it.each(['relu', 'erf'] as const)(
    'the feature kernel of one hidden layer (%s, width 1024) estimates the NNGP within 4%',
    (activation) => {
      const options = { depth: 1, activation, wStd: 1.5, bStd: 0.2 };
      const { mean } = monteCarloKernel(
        (s) => empiricalNtkF64({ inputDim: d, ...options, width: 1024, initSeed: 200 + s }, X).nngp,
        { samples: 8 },
      );
      expect(relativeError(mean, fcKernel(options).f64(X).nngp)).toBeLessThan(MC_RTOL);
    },
  );

  it('the mean empirical NTK of 100 networks of width 1024 is within 4% of the analytic NTK', () => {
    const options = { depth: 2, activation: 'relu' as const, wStd: Math.SQRT2, bStd: 0.1 };
    const Xs = X.slice(0, 6);
    const { mean, stdError } = monteCarloKernel(
      (s) => empiricalNtkF64({ inputDim: d, ...options, width: 1024, initSeed: 300 + s }, Xs).ntk,
      { samples: 100 },
    );
    const err = relativeError(mean, fcKernel(options).f64(Xs).ntk);
    expect(err).toBeLessThan(MC_RTOL);
    expect(Math.max(...stdError.data)).toBeGreaterThan(0);
  });

  it('standard parameterization: the mean empirical NTK at width m matches the width-m formula', () => {
    for (const activation of ['relu', 'erf'] as const) {
      const options = {
        depth: 2,
        activation,
        wStd: 1.2,
        bStd: 0.3,
        parameterization: 'standard' as const,
      };
      const Xs = X.slice(0, 6);
      const { mean } = monteCarloKernel(
        (s) => empiricalNtkF64({ inputDim: d, ...options, width: 256, initSeed: 400 + s }, Xs).ntk,
        { samples: 60 },
      );
      const analytic = fcKernel({ ...options, width: 256 }).f64(Xs).ntk;
      expect(relativeError(mean, analytic)).toBeLessThan(MC_RTOL);
      // ... and differs from the NTK-parameterization kernel by far more than that.
      const ntkParam = fcKernel({ depth: 2, activation, wStd: 1.2, bStd: 0.3 }).f64(Xs).ntk;
      expect(relativeError(ntkParam, analytic)).toBeGreaterThan(0.5);
    }
  });

  it('the error of a single network falls like 1/√width', () => {
    const options = { depth: 2, activation: 'erf' as const, wStd: 1.5, bStd: 0.1 };
    const exact = fcKernel(options).f64(X).ntk;
    const meanError = (width: number) => {
      let sum = 0;
      for (let s = 0; s < 12; s++) {
        sum += relativeError(
          empiricalNtkF64({ inputDim: d, ...options, width, initSeed: 500 + s }, X).ntk,
          exact,
        );
      }
      return sum / 12;
    };
    // 16× the width: 4× smaller error (slope −1/2 on log–log axes), within sampling noise.
    const ratio = meanError(64) / meanError(1024);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6.5);
  });

  it('throws typed errors for a missing width, a wrong d, bad params and a bad output', () => {
    const net = { inputDim: d, depth: 1, width: 3, initSeed: 1 };
    expect(() =>
      empiricalNtkF64({ inputDim: d, depth: 1, initSeed: 1 } as unknown as MlpOptions, X),
    ).toThrow(InvalidArgumentError);
    expect(() => empiricalNtkF64(net, [[1, 2]])).toThrow(ShapeMismatchError);
    expect(() => empiricalNtkF64(net, [[1, 2, 3, Number.NaN]])).toThrow(NonFiniteError);
    expect(() => empiricalNtkF64(net, X, undefined, { params: [] })).toThrow(InvalidArgumentError);
    expect(() => empiricalNtkF64(net, X, undefined, { params: [[1], [1], [1], [1]] })).toThrow(
      ShapeMismatchError,
    );
    expect(() => empiricalNtkF64(net, X, undefined, { output: 1 })).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] empiricalNtkF64 equals the autodiff Jacobian product JJᵀ`, () => {
  // A small network in tfjs with the Mlp's weights (its parameter list, read back); J = ∂f(x_i)/∂θ
  // by tf.grads, one row per input, through a forward pass written here (not Mlp.apply). NTK
  // parameterization differentiates the N(0, 1) weights (scaled by σ_w/√fan_in in the forward
  // pass); the standard one differentiates the effective weights.
  it.each(['ntk', 'standard'] as const)(
    '%s parameterization, relu and erf',
    async (parameterization) => {
      for (const activation of ['relu', 'erf'] as const) {
        const Xs = X.slice(0, 4);
        const options: MlpOptions = {
          inputDim: d,
          depth: 2,
          activation,
          wStd: 1.3,
          bStd: 0.4,
          width: 7,
          initSeed: 9,
          parameterization,
        };
        const { ntk } = empiricalNtkF64(options, Xs);
        const net = createMlp(options);
        const values = await net.readParams();
        net.dispose();
        const fanIn = [4, 7, 7];
        const fanOut = [7, 7, 1];
        const scale = fanIn.map((f) => 1.3 / Math.sqrt(f));
        const standard = parameterization === 'standard';
        // Parameters [W1, b1, W2, b2, W3, b3], W_l of shape [fan_in, fan_out].
        const params = values.map((v, i) =>
          i % 2 === 0
            ? tf.tensor2d(v, [fanIn[i / 2] as number, fanOut[i / 2] as number])
            : tf.tensor1d(v),
        );
        const rows: Float32Array[] = [];
        for (const x of Xs) {
          const f = (...p: tf.Tensor[]) => {
            let h: tf.Tensor = tf.tensor2d([x]);
            for (let l = 0; l < 3; l++) {
              const W = p[2 * l] as tf.Tensor2D;
              const b = p[2 * l + 1] as tf.Tensor1D;
              const z = standard
                ? tf.add(tf.matMul(h as tf.Tensor2D, W), b)
                : tf.add(
                    tf.mul(tf.matMul(h as tf.Tensor2D, W), scale[l] as number),
                    tf.mul(b, 0.4),
                  );
              h = l < 2 ? (activation === 'relu' ? tf.relu(z) : tf.erf(z)) : z;
            }
            return tf.sum(h);
          };
          const grads = tf.grads(f)(params);
          const flat = tf.concat(grads.map((g) => tf.reshape(g, [-1])));
          rows.push((await flat.data()) as Float32Array);
          tf.dispose([...grads, flat]);
        }
        tf.dispose(params);
        const n = Xs.length;
        const jjT = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < (rows[i] as Float32Array).length; k++)
              s += (rows[i]![k] as number) * (rows[j]![k] as number);
            jjT[i * n + j] = s;
          }
        }
        expectClose(jjT, ntk, { rtol: F32_RTOL * 10, label: `${parameterization} ${activation}` });
      }
    },
  );

  it('at the parameters of a model (readParams) equals the float32 empiricalNtk, per output and on average', async () => {
    const net = createMlp({
      inputDim: d,
      width: 9,
      depth: 2,
      outputs: 3,
      activation: 'tanh',
      bStd: 0.2,
      initSeed: 4,
    });
    const params = await net.readParams();
    const Y = X.slice(0, 3);
    for (const output of ['mean', 1] as const) {
      const K32 = empiricalNtk(net, X, Y, { output });
      const { ntk } = empiricalNtkF64(net.config, X, Y, { params, output });
      expectClose(toArray(ntk), await K32.array(), { rtol: F32_RTOL, label: String(output) });
      K32.dispose();
    }
    net.dispose();
  });
});
