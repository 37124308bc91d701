// The finite networks of a description against its infinite-width kernels: monteCarloKernel
// (output covariance and empirical NTK averaged over initializations) against net.kernel.f64;
// empiricalNtk against a Jacobian derived by hand; and the tensor bookkeeping of init, apply,
// dispose and empiricalNtk.
import { InvalidArgumentError, type Matrix64 } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  type DenseOptions,
  dense,
  empiricalNtk,
  erf,
  fanInSum,
  fanOut,
  identity,
  type Layer,
  leakyRelu,
  monteCarloKernel,
  parallel,
  relu,
  serial,
  tanh,
} from '../src/index.js';
import { frobenius } from './helpers.js';

// The Monte-Carlo comparisons run in the cpu (~21 s) and wasm projects, not in webgpu: each draw
// is an init plus, for the NTK, one tf.grads backward pass per point, and on WebGPU/SwiftShader
// (software Vulkan) every small dispatch costs milliseconds, so the 2 × 600 draws × 4 networks
// would take many minutes; a reduced run would have no statistical power. The weights are drawn
// on the CPU (createRng) and the statistic is float32 arithmetic of the same draws on every
// backend; the empirical NTK of one network is checked on every backend below.
const cpuAndWasm = (name: string, body: () => void): void => {
  if (TEST_BACKEND === 'cpu' || TEST_BACKEND === 'wasm') describe(name, body);
};

/** m, the hidden width of every Monte-Carlo network. */
const WIDTH = 256;
/**
 * The NNGP estimate averages (1/k)·Σ_o f_o(x)f_o(x') over k readout units and the draws: the
 * kernel of every output is the same, so a wide readout (k = 256) cuts the noise of each draw
 * and the estimate needs no backward pass. The NTK estimate uses k = 1 (one backward pass per
 * point).
 */
const NNGP_READOUT = 256;
const NNGP_SAMPLES = 400;
const NTK_SAMPLES = 200;
/** Relative Frobenius tolerance of an estimate against the analytic kernel. */
const MC_TOLERANCE = 0.03;
/**
 * Largest allowed relative standard error ‖SE‖_F/‖K‖_F of an estimate, so that the tolerance is
 * ≥ 2.4 standard errors. Measured (cpu): NNGP 0.97% relu, 0.80% erf, 0.79% tanh, 1.15% residual;
 * NTK 0.79% relu, 0.51% erf, 0.47% tanh, 1.15% residual; the errors themselves 0.4%–1.4%.
 */
const MAX_RELATIVE_SE = 0.0125;
/** The estimates must miss the kernel of a neighboring architecture by this multiple of the tolerance. */
const CONTROL_FACTOR = 3;

const X = [
  [1, 0, 0.5],
  [0.2, -1, 0.3],
  [-0.7, 0.4, 0.9],
  [0.5, 0.5, -0.5],
];

interface McCase {
  name: string;
  /** The network with `readout` output units. */
  net: (readout: number) => Layer;
  /** A neighboring architecture whose kernel the estimates must reject. */
  control: { name: string; net: Layer };
}

const S2 = Math.SQRT2;
const d = (o: DenseOptions) => dense(o);
const mcCases: McCase[] = [
  {
    name: 'relu: serial(dense(256, √2, 0.1), relu, dense)',
    net: (k) => serial(d({ outputs: WIDTH, wStd: S2, bStd: 0.1 }), relu(), d({ outputs: k })),
    control: {
      name: 'leakyRelu(0.2)',
      net: serial(d({ outputs: WIDTH, wStd: S2, bStd: 0.1 }), leakyRelu(0.2), d({ outputs: 1 })),
    },
  },
  {
    name: 'erf: serial(dense(256, 1.5, 0.2), erf, dense)',
    net: (k) => serial(d({ outputs: WIDTH, wStd: 1.5, bStd: 0.2 }), erf(), d({ outputs: k })),
    control: {
      name: 'tanh',
      net: serial(d({ outputs: WIDTH, wStd: 1.5, bStd: 0.2 }), tanh(), d({ outputs: 1 })),
    },
  },
  {
    name: 'tanh (Gauss–Hermite kernel): serial(dense(256, 1.3, 0.1), tanh, dense)',
    net: (k) => serial(d({ outputs: WIDTH, wStd: 1.3, bStd: 0.1 }), tanh(), d({ outputs: k })),
    control: {
      name: 'erf',
      net: serial(d({ outputs: WIDTH, wStd: 1.3, bStd: 0.1 }), erf(), d({ outputs: 1 })),
    },
  },
  {
    name: 'residual: serial(dense, fanOut(2), parallel(serial(relu, dense), identity), fanInSum, relu, dense)',
    net: (k) =>
      serial(
        d({ outputs: WIDTH, wStd: S2 }),
        fanOut(2),
        parallel(serial(relu(), d({ outputs: WIDTH, wStd: S2 })), identity()),
        fanInSum(),
        relu(),
        d({ outputs: k }),
      ),
    control: {
      name: 'the same stack without the skip',
      net: serial(
        d({ outputs: WIDTH, wStd: S2 }),
        relu(),
        d({ outputs: WIDTH, wStd: S2 }),
        relu(),
        d({ outputs: 1 }),
      ),
    },
  },
];

const relativeSe = (se: Matrix64, K: Matrix64) => frobenius(se) / frobenius(K);

cpuAndWasm(
  `[${TEST_BACKEND}] monteCarloKernel of finite networks against the analytic kernels`,
  () => {
    it.each(mcCases.map((c) => [c.name, c] as const))(
      `%s: NNGP and NTK within ${MC_TOLERANCE * 100}%`,
      async (_, c) => {
        const exact = c.net(1).kernel.f64(X);
        const wrong = c.control.net.kernel.f64(X);
        const g = await monteCarloKernel(c.net(NNGP_READOUT), X, undefined, {
          samples: NNGP_SAMPLES,
          initSeed: 1,
          ntk: false,
        });
        expect(g.samples).toBe(NNGP_SAMPLES);
        expect(g.ntk).toBeNull();
        expect(relativeSe(g.nngpStdError, exact.nngp), 'NNGP relative SE').toBeLessThan(
          MAX_RELATIVE_SE,
        );
        expect(relativeError(g.nngp, exact.nngp), 'NNGP').toBeLessThan(MC_TOLERANCE);
        expect(relativeError(g.nngp, wrong.nngp), `NNGP vs ${c.control.name}`).toBeGreaterThan(
          CONTROL_FACTOR * MC_TOLERANCE,
        );

        const t = await monteCarloKernel(c.net(1), X, undefined, {
          samples: NTK_SAMPLES,
          initSeed: 1000,
        });
        const ntk = t.ntk as Matrix64;
        expect(relativeSe(t.ntkStdError as Matrix64, exact.ntk), 'NTK relative SE').toBeLessThan(
          MAX_RELATIVE_SE,
        );
        expect(relativeError(ntk, exact.ntk), 'NTK').toBeLessThan(MC_TOLERANCE);
        expect(relativeError(ntk, wrong.ntk), `NTK vs ${c.control.name}`).toBeGreaterThan(
          CONTROL_FACTOR * MC_TOLERANCE,
        );
      },
    );
  },
);

// ---------------------------------------------------------------- empiricalNtk = J·Jᵀ by hand

const HIDDEN = 16;
const OUTPUTS = 2;
const P = [
  [0.5, -1, 0.25],
  [1, 0.5, -0.5],
  [-0.3, 0.8, 1.1],
];
const Q = [
  [0.2, 0.1, -0.9],
  [-1.2, 0.4, 0.3],
];

/** The two-layer network serial(dense(16), relu, dense(2)) in either parameterization. */
function twoLayer(parameterization: 'ntk' | 'standard'): Layer {
  return serial(
    dense({ outputs: HIDDEN, wStd: 1.5, bStd: 0.3, parameterization }),
    relu(),
    dense({ outputs: OUTPUTS, wStd: 1.2, bStd: 0.2, parameterization }),
  );
}

/**
 * ∂f_o(x)/∂θ for f = s₂·W₂ᵀ relu(z) + β₂·b₂, z = s₁·W₁ᵀx + β₁·b₁ (W₁ d×m, W₂ m×k row-major,
 * θ = [W₁, b₁, W₂, b₂]), float64 from the parameter values: s = σ_w/√fan_in, β = σ_b ('ntk'),
 * s = β = 1 ('standard', the scales are in the draws).
 */
function handJacobian(
  params: { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array },
  x: number[],
  o: number,
  parameterization: 'ntk' | 'standard',
): Float64Array {
  const dim = x.length;
  const ntk = parameterization === 'ntk';
  const s1 = ntk ? 1.5 / Math.sqrt(dim) : 1;
  const beta1 = ntk ? 0.3 : 1;
  const s2 = ntk ? 1.2 / Math.sqrt(HIDDEN) : 1;
  const beta2 = ntk ? 0.2 : 1;
  const z = new Float64Array(HIDDEN);
  for (let j = 0; j < HIDDEN; j++) {
    let s = 0;
    for (let i = 0; i < dim; i++) s += (x[i] as number) * (params.W1[i * HIDDEN + j] as number);
    z[j] = s1 * s + beta1 * (params.b1[j] as number);
  }
  const J = new Float64Array(dim * HIDDEN + HIDDEN + HIDDEN * OUTPUTS + OUTPUTS);
  let at = 0;
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < HIDDEN; j++) {
      const back = (z[j] as number) > 0 ? s2 * (params.W2[j * OUTPUTS + o] as number) : 0;
      J[at++] = back * s1 * (x[i] as number);
    }
  for (let j = 0; j < HIDDEN; j++) {
    const back = (z[j] as number) > 0 ? s2 * (params.W2[j * OUTPUTS + o] as number) : 0;
    J[at++] = back * beta1;
  }
  for (let j = 0; j < HIDDEN; j++)
    for (let p = 0; p < OUTPUTS; p++) J[at++] = p === o ? s2 * Math.max(z[j] as number, 0) : 0;
  for (let p = 0; p < OUTPUTS; p++) J[at++] = p === o ? beta2 : 0;
  return J;
}

/** (1/|outs|)·Σ_{o ∈ outs} J_o(A)·J_o(B)ᵀ, float64. */
function handNtk(
  params: Parameters<typeof handJacobian>[0],
  A: number[][],
  B: number[][],
  outs: number[],
  parameterization: 'ntk' | 'standard',
): number[][] {
  return A.map((a) =>
    B.map((b) => {
      let s = 0;
      for (const o of outs) {
        const ja = handJacobian(params, a, o, parameterization);
        const jb = handJacobian(params, b, o, parameterization);
        for (let t = 0; t < ja.length; t++) s += (ja[t] as number) * (jb[t] as number);
      }
      return s / outs.length;
    }),
  );
}

function readParams(tree: unknown) {
  const [l1, , l2] = tree as [{ W: tf.Tensor; b: tf.Tensor }, null, { W: tf.Tensor; b: tf.Tensor }];
  const f64 = (t: tf.Tensor) => Float64Array.from(t.dataSync());
  return { W1: f64(l1.W), b1: f64(l1.b), W2: f64(l2.W), b2: f64(l2.b) };
}

describe(`[${TEST_BACKEND}] empiricalNtk equals the hand-derived J·Jᵀ`, () => {
  it.each(['ntk', 'standard'] as const)(
    '%s parameterization: mean over outputs, one output, and X against Y',
    async (parameterization) => {
      const net = twoLayer(parameterization);
      const params = net.init({ inputShape: [3], initSeed: 5 });
      try {
        expect(params.count).toBe(3 * HIDDEN + HIDDEN + HIDDEN * OUTPUTS + OUTPUTS);
        const values = readParams(params.tree);
        const K = await withLeakCheck(() => empiricalNtk(net, params, P));
        expect([K.rows, K.cols]).toEqual([P.length, P.length]);
        expectClose(K, handNtk(values, P, P, [0, 1], parameterization), {
          rtol: F32_RTOL,
          label: 'mean, K(P,P)',
        });
        const K1 = await withLeakCheck(() => empiricalNtk(net, params, P, Q, { output: 1 }));
        expectClose(K1, handNtk(values, P, Q, [1], parameterization), {
          rtol: F32_RTOL,
          label: 'output 1, K(P,Q)',
        });
        const K0 = await empiricalNtk(net, params, P, Q, { output: 0 });
        // The two outputs' kernels differ (they have their own readout weights), and their mean is the default.
        expect(relativeError(K0, K1)).toBeGreaterThan(1e-2);
        const mean = await empiricalNtk(net, params, P, Q);
        expectClose(
          mean,
          K0.data.map((v, i) => (v + (K1.data[i] as number)) / 2),
          {
            rtol: F32_RTOL,
            label: 'mean = average of the outputs',
          },
        );
      } finally {
        params.dispose();
      }
    },
  );
});

// ---------------------------------------------------------------- tensor bookkeeping

describe(`[${TEST_BACKEND}] init, apply, dispose, empiricalNtk and monteCarloKernel leave no tensors`, () => {
  const net = serial(
    dense({ outputs: 8, wStd: S2, bStd: 0.1 }),
    fanOut(2),
    parallel(serial(relu(), dense({ outputs: 8 })), identity()),
    fanInSum(),
    tanh(),
    dense({ outputs: 2 }),
  );

  it('init creates exactly its parameter tensors; dispose frees all of them (twice is a no-op)', async () => {
    const before = tf.memory().numTensors;
    const params = await withLeakCheck(() => net.init({ inputShape: [3], initSeed: 2 }), {
      keep: true,
    });
    // Three dense layers: W and b each.
    expect(tf.memory().numTensors - before).toBe(6);
    params.dispose();
    expect(tf.memory().numTensors).toBe(before);
    params.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('apply returns one tensor and keeps none; inputs the caller passes as tensors stay alive', async () => {
    const params = net.init({ inputShape: [3], initSeed: 2 });
    const x = tf.tensor2d(P);
    try {
      const out = await withLeakCheck(() => net.apply(params, P), { keep: true });
      expect(out.shape).toEqual([P.length, 2]);
      out.dispose();
      await withLeakCheck(() => net.apply(params, x));
      expect(x.isDisposed).toBe(false);
      // A failing apply leaks nothing either.
      await withLeakCheck(() => {
        expect(() => net.apply(params, [[1, 2]])).toThrow();
      });
    } finally {
      x.dispose();
      params.dispose();
    }
  });

  it('empiricalNtk and monteCarloKernel return float64 matrices and keep no tensors', async () => {
    const params = net.init({ inputShape: [3], initSeed: 2 });
    try {
      const K = await withLeakCheck(() => empiricalNtk(net, params, P, Q));
      expect([K.rows, K.cols]).toEqual([P.length, Q.length]);
      expect(K.data).toBeInstanceOf(Float64Array);
      await withLeakCheck(async () => {
        await expect(empiricalNtk(net, params, [[1, 2]])).rejects.toThrow();
      });
    } finally {
      params.dispose();
    }
    const mc = await withLeakCheck(() => monteCarloKernel(net, P, Q, { samples: 3, initSeed: 4 }));
    expect([mc.nngp.rows, mc.nngp.cols]).toEqual([P.length, Q.length]);
    expect(mc.ntk?.data).toBeInstanceOf(Float64Array);
  });

  it('monteCarloKernel: typed errors for a bad net, samples or initSeed', async () => {
    await expect(
      monteCarloKernel(null as unknown as Layer, P, undefined, { samples: 3 }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(monteCarloKernel(net, P, undefined, { samples: 1 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(monteCarloKernel(net, P, undefined, { samples: 2.5 })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(
      monteCarloKernel(net, P, undefined, undefined as unknown as { samples: number }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(monteCarloKernel(net, P, undefined, { samples: 3, initSeed: -1 })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});
