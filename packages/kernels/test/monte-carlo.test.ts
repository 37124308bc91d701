import { createRng, gram, InvalidArgumentError, type Matrix64 } from '@overparam/tensor';
import { expectClose, F32_RTOL, MC_RTOL, relativeError } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import {
  arcCosineKernel,
  type FcEmpiricalKernelOptions,
  fcEmpiricalKernel,
  fcKernel,
  monteCarloKernel,
  randomArcCosineFeatures,
} from '../src/index.js';

const backend = process.env.OVERPARAM_BACKEND ?? 'cpu';
// The Monte-Carlo checks are float64 CPU code that never touches tfjs: they run once, in the
// cpu project. The autodiff check below uses tfjs and runs on every backend.
// Registered only in the cpu project, so other projects neither run nor report them as skipped.
const cpuOnly = (name: string, body: () => void): void => {
  if (backend === 'cpu') describe(name, body);
};

const rng = createRng(21);
const X = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => rng.normal()));
X.push(
  X[0]!.map((v) => 2 * v),
  X[1]!.map((v) => -v),
);

cpuOnly('Monte-Carlo limits (float64)', () => {
  it.each([0, 1, 2] as const)(
    'random features of order %i estimate the arc-cosine kernel within 4% at N = 1024 × 32',
    (order) => {
      const { mean } = monteCarloKernel(
        (s) =>
          gram(randomArcCosineFeatures(X, { order, features: 1024, seed: 100 + s }), {
            form: 'AAt',
          }),
        { samples: 32 },
      );
      const err = relativeError(mean, arcCosineKernel({ order }).f64(X));
      expect(err).toBeLessThan(MC_RTOL);
    },
  );

  it.each(['relu', 'erf'] as const)(
    'the feature kernel of one hidden layer (%s, width 1024) estimates the NNGP within 4%',
    (activation) => {
      const options = { depth: 1, activation, wStd: 1.5, bStd: 0.2 };
      const { mean } = monteCarloKernel(
        (s) => fcEmpiricalKernel(X, undefined, { ...options, width: 1024, seed: 200 + s }).nngp,
        { samples: 8 },
      );
      expect(relativeError(mean, fcKernel(options).f64(X).nngp)).toBeLessThan(MC_RTOL);
    },
  );

  it('the mean empirical NTK of 100 networks of width 1024 is within 4% of the analytic NTK', () => {
    const options = { depth: 2, activation: 'relu' as const, wStd: Math.SQRT2, bStd: 0.1 };
    const Xs = X.slice(0, 6);
    const { mean, stdError } = monteCarloKernel(
      (s) => fcEmpiricalKernel(Xs, undefined, { ...options, width: 1024, seed: 300 + s }).ntk,
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
        (s) => fcEmpiricalKernel(Xs, undefined, { ...options, width: 256, seed: 400 + s }).ntk,
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
          fcEmpiricalKernel(X, undefined, { ...options, width, seed: 500 + s }).ntk,
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

  it('monteCarloKernel: mean and standard error of constant estimates; typed errors', () => {
    const one: Matrix64 = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    const r = monteCarloKernel(() => one, { samples: 5 });
    expect(Array.from(r.mean.data)).toEqual([1, 2]);
    expect(Array.from(r.stdError.data)).toEqual([0, 0]);
    expect(() => monteCarloKernel(() => one, { samples: 0 })).toThrow(InvalidArgumentError);
    expect(() => randomArcCosineFeatures(X, { order: 3 as 1, features: 10, seed: 1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      fcEmpiricalKernel(X, undefined, { depth: 1, seed: 1 } as FcEmpiricalKernelOptions),
    ).toThrow(InvalidArgumentError);
  });
});

describe(`the per-layer empirical NTK equals the autodiff Jacobian product JJᵀ [${backend}]`, () => {
  // A small network in tfjs with the same weights; J = ∂f(x_i)/∂θ by tf.grads, one row per
  // input. NTK parameterization differentiates the N(0, 1) weights (scaled by σ_w/√fan_in in
  // the forward pass); the standard one differentiates the effective weights.
  it.each(['ntk', 'standard'] as const)(
    '%s parameterization, relu and erf',
    async (parameterization) => {
      for (const activation of ['relu', 'erf'] as const) {
        const Xs = X.slice(0, 4);
        const options: FcEmpiricalKernelOptions = {
          depth: 2,
          activation,
          wStd: 1.3,
          bStd: 0.4,
          width: 7,
          seed: 9,
          parameterization,
        };
        const { ntk, weights } = fcEmpiricalKernel(Xs, undefined, options);
        const fanIn = [4, 7, 7];
        const scale = fanIn.map((f) => 1.3 / Math.sqrt(f));
        const standard = parameterization === 'standard';
        // Parameters as tfjs variables: [W1, b1, W2, b2, W3, b3].
        const params = weights.W.flatMap((W, l) => {
          const s = standard ? (scale[l] as number) : 1;
          const sb = standard ? 0.4 : 1;
          return [
            tf.tensor2d(
              Float32Array.from(W.data, (v) => v * s),
              [W.rows, W.cols],
            ),
            tf.tensor1d(Float32Array.from(weights.b[l] as Float64Array, (v) => v * sb)),
          ];
        });
        const rows: Float32Array[] = [];
        for (const x of Xs) {
          const f = (...p: tf.Tensor[]) => {
            let h: tf.Tensor = tf.tensor2d([x]);
            for (let l = 0; l < 3; l++) {
              const W = p[2 * l] as tf.Tensor2D;
              const b = p[2 * l + 1] as tf.Tensor1D;
              const z = standard
                ? tf.add(tf.matMul(h as tf.Tensor2D, W, false, true), b)
                : tf.add(
                    tf.mul(tf.matMul(h as tf.Tensor2D, W, false, true), scale[l] as number),
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
});
