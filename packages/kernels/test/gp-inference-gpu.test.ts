import {
  InvalidArgumentError,
  NonFiniteError,
  OverparamError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import {
  F32_RTOL,
  nonEmpty,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GpInferenceGpuModel, gpInference, gpInferenceGpu, rbfKernel } from '../src/index.js';
import { randomMatrix } from './helpers.js';

// The float64 gpInference (one eigendecomposition) is the independent route for everything here.
/**
 * α = (K + σ²I)⁻¹Y from float32 CG to tol 1e-5: its error is up to κ·tol (κ ≈ 1.7e3 here, so
 * ≤ 2e-2 in the worst case); measured 1.3e-4 (cpu), 1.1e-4 (wasm).
 */
const ALPHA_RTOL = 1e-3;
/** The posterior mean K*α averages α's error out (measured 1.6e-5): float32's F32_RTOL. */
const MEAN_RTOL = F32_RTOL;
/**
 * The variance k(x*, x*) − C_ii is a difference of numbers of size k(x*, x*) = 1: F32_RTOL of
 * that scale, absolute (measured ≤ 1.0e-5 on cpu, 1.7e-5 on wasm).
 */
const VAR_ATOL = F32_RTOL;

/** A k×k grid on [lo, hi]², row-major. */
function grid(lo: number, hi: number, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      out.push([lo + ((hi - lo) * i) / (k - 1), lo + ((hi - lo) * j) / (k - 1)]);
  return out;
}

describe(`gpInferenceGpu (float32 CG, Hutchinson diagonal) [${TEST_BACKEND}]`, () => {
  // An RBF problem: n = 200 points in R² ~ N(0, I), σ² = 1e-2, κ(K + σ²I) ≈ 1.7e3.
  const n = 200;
  const diagReg = 1e-2;
  const X = randomMatrix(n, 2, 1);
  const y = X.map((x) => Math.sin(2 * (x[0] as number)) + (x[1] as number) ** 2);
  const kernel = rbfKernel({ lengthScale: 0.3 });
  const K64 = kernel.f64(X);
  const ref = gpInference(K64, y, { diagReg });
  // 40 random test points (≤ exactUpTo = 64: exact) and a 9×9 grid, spacing 2.5 length scales
  // (81 > 64: Hutchinson), whose C = K*(K + σ²I)⁻¹K*ᵀ is nearly diagonal.
  const T = randomMatrix(40, 2, 7);
  const G = grid(-3, 3, 9);
  const ones = (m: number) => new Array<number>(m).fill(1);
  // Its first 40 points, for the checks that need no accuracy (webgpu reads back every few steps).
  const S = X.slice(0, 40);
  const yS = y.slice(0, 40);
  const T5 = T.slice(0, 5);
  let gp: GpInferenceGpuModel;
  let small: GpInferenceGpuModel;

  beforeAll(async () => {
    gp = await gpInferenceGpu(K64, y, { diagReg });
    small = await gpInferenceGpu(kernel.f64(S), yS, { diagReg });
  });
  afterAll(() => {
    gp.dispose();
    small.dispose();
  });

  it('mean and exact variance agree with the float64 gpInference within float32 tolerances', async () => {
    expect(gp.diagReg).toBe(diagReg);
    expect(gp.converged).toBe(true);
    expect(Math.abs(gp.cond / ref.condition - 1)).toBeLessThan(0.05);
    expect(relativeError(await gp.alpha.data(), ref.alpha.data)).toBeLessThan(ALPHA_RTOL);
    const exact = ref.posterior(kernel.f64(T, X), ones(T.length));
    const post = await gp.posterior(kernel.f64(T, X), ones(T.length));
    expect(post.method).toBe('exact');
    expect(post.varianceStdError).toBeNull();
    expect(post.converged).toBe(true);
    expect(post.clippedVariances).toBe(0);
    expect(post.mean.shape).toEqual([T.length, 1]);
    expect(relativeError(await post.mean.data(), exact.mean.data)).toBeLessThan(MEAN_RTOL);
    const v = nonEmpty(Array.from(exact.variance ?? []), 'float64 variances');
    expect(post.variance).toHaveLength(v.length);
    for (let i = 0; i < v.length; i++)
      expect(Math.abs((post.variance[i] as number) - (v[i] as number))).toBeLessThan(VAR_ATOL);
    post.mean.dispose();
  });

  it('Hutchinson: unbiased within 4 standard errors, which match √(Σ_{j≠i} C_ij²/s) and shrink as 1/√s', async () => {
    const Ktt = kernel.f64(G);
    const m = G.length;
    const exact = ref.posterior(kernel.f64(G, X), Ktt);
    const truth = nonEmpty(Array.from(exact.variance ?? []), 'float64 variances');
    // C = K** − Σ from the float64 covariance: the standard error the estimator should have.
    const cov = exact.covariance?.data ?? new Float64Array(0);
    const offDiagonal = truth.map((_, i) => {
      let t = 0;
      for (let j = 0; j < m; j++)
        if (j !== i) t += ((Ktt.data[i * m + j] as number) - (cov[i * m + j] as number)) ** 2;
      return t;
    });
    const meanError: number[] = [];
    for (const probes of [16, 256]) {
      const post = await gp.posterior(kernel.f64(G, X), ones(m), { probes, seed: 3 });
      post.mean.dispose();
      expect(post.method).toBe('hutchinson');
      expect(post.probes).toBe(probes);
      expect(post.converged).toBe(true);
      const se = post.varianceStdError ?? new Float32Array(0);
      expect(se).toHaveLength(m);
      let within = 0;
      let error = 0;
      for (let i = 0; i < m; i++) {
        const e = Math.abs((post.variance[i] as number) - (truth[i] as number));
        error += e / m;
        if (e <= 4 * (se[i] as number)) within++;
        if (probes === 256) {
          // The sample standard deviation of 256 near-Gaussian values is within ~5% (1σ).
          const ratio = (se[i] as number) / Math.sqrt((offDiagonal[i] as number) / probes);
          expect(ratio).toBeGreaterThan(0.75);
          expect(ratio).toBeLessThan(1.33);
        }
      }
      expect(within / m).toBeGreaterThanOrEqual(0.95);
      meanError.push(error);
    }
    // 1/√s predicts a ratio of √(16/256) = 0.25 (measured 0.35 at these seeds).
    expect((meanError[1] as number) / (meanError[0] as number)).toBeLessThan(0.5);
  });

  it('the same seed gives the same estimate; another seed another one', async () => {
    const run = async (seed: number) => {
      const p = await small.posterior(kernel.f64(G, S), ones(G.length), { probes: 4, seed });
      p.mean.dispose();
      return p.variance;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('clips negative variances to 0 and counts them', async () => {
    // k(x*, x*) = 0 below C_ii > 0: every variance is negative.
    const post = await small.posterior(kernel.f64(T, S), new Array<number>(T.length).fill(0));
    expect(post.clippedVariances).toBe(T.length);
    expect(Array.from(post.variance)).toEqual(new Array<number>(T.length).fill(0));
    const prior = await small.posterior(kernel.f64(T, S), ones(T.length));
    expect(prior.clippedVariances).toBe(0);
    prior.mean.dispose();
    post.mean.dispose();
  });

  it('is leak-free: the fit holds α only, posterior returns its mean; dispose frees α and K', async () => {
    const before = tf.memory().numTensors;
    const Kt = await kernel.gpu(S);
    const model = await withLeakCheck(() => gpInferenceGpu(Kt, yS, { diagReg }), { keep: true });
    const cross = await kernel.gpu(T5, S);
    const diag = await kernel.diagGpu(T5);
    const post = await withLeakCheck(() => model.posterior(cross, diag), { keep: true });
    const hutch = await withLeakCheck(() => model.posterior(cross, diag, { exactUpTo: 0 }), {
      keep: true,
    });
    expect(hutch.method).toBe('hutchinson');
    tf.dispose([post.mean, hutch.mean, cross, diag]);
    model.dispose();
    expect(Kt.isDisposed).toBe(false); // the caller's K
    Kt.dispose();
    // Host K: uploaded by the fit, freed by dispose().
    const host = await gpInferenceGpu(kernel.f64(S), yS, { diagReg });
    expect(tf.memory().numTensors).toBe(before + 2);
    host.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(host.posterior(kernel.f64(T5, S), ones(5))).rejects.toThrow(InvalidArgumentError);
  });

  it('raises diagReg 0 to the float32 floor and reports it', async () => {
    const model = await gpInferenceGpu(kernel.f64(S), yS, { diagRegFloor: 1e-4 });
    expect(model.diagReg).toBeCloseTo(1e-4, 10); // rbf: tr(K)/n = 1
    model.dispose();
  });

  it('throws typed errors naming the argument, before anything is uploaded', async () => {
    const before = tf.memory().numTensors;
    const reject = (p: Promise<unknown>, type: new (...a: never[]) => Error, arg?: string) =>
      expect(p).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof type && (arg === undefined || (e as InvalidArgumentError).argument === arg),
      );
    await reject(gpInferenceGpu([[1, 0, 0]], [1]), ShapeMismatchError);
    await reject(gpInferenceGpu(K64, [1, 2]), ShapeMismatchError);
    await reject(gpInferenceGpu(K64, y, { diagReg: -1 }), InvalidArgumentError, 'diagReg');
    await reject(gpInferenceGpu(K64, y, { tol: 0 }), InvalidArgumentError, 'tol');
    await reject(gpInferenceGpu([[Number.NaN]], [1]), NonFiniteError);
    await reject(gpInferenceGpu(K64, y, { budget: { maxFlops: 1e6 } }), WorkBudgetError);
    const aborted = { name: 'AbortError' };
    await expect(gpInferenceGpu(K64, y, { signal: AbortSignal.abort() })).rejects.toMatchObject(
      aborted,
    );
    const zero = tf.zeros([3, 3]) as tf.Tensor2D;
    await reject(gpInferenceGpu(zero, [1, 2, 3]), InvalidArgumentError, 'diagReg');
    zero.dispose();
    const cross = kernel.f64(T, X);
    await reject(gp.posterior(kernel.f64(T, T), ones(T.length)), ShapeMismatchError);
    await reject(gp.posterior(cross, ones(3)), ShapeMismatchError);
    await reject(
      gp.posterior(cross, ones(T.length), { probes: 1 }),
      InvalidArgumentError,
      'probes',
    );
    await reject(gp.posterior(cross, ones(T.length), { seed: -1 }), InvalidArgumentError, 'seed');
    await expect(
      gp.posterior(cross, ones(T.length), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject(aborted);
    expect(tf.memory().numTensors).toBe(before);
    // An explicit maxIterations that the budget allows for the fit but not for 40 variances.
    const capped = await gpInferenceGpu(K64, y, {
      diagReg,
      maxIterations: 50,
      budget: { maxFlops: 1e8 },
    });
    const held = tf.memory().numTensors;
    await reject(capped.posterior(cross, ones(T.length)), WorkBudgetError);
    expect(tf.memory().numTensors).toBe(held);
    capped.dispose();
  });
});

describe(`gpInferenceGpu: every argument and option, given garbage, is a typed error naming it [${TEST_BACKEND}]`, () => {
  // The reliability suite's sweep (test/reliability/typed-errors.test.ts) for this export.
  const K3 = rbfKernel().f64([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const KT = rbfKernel().f64(
    [
      [0.5, 0.5],
      [2, -1],
    ],
    [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
  );
  const bad: readonly [string, () => unknown][] = [
    ['null', () => null],
    ['undefined', () => undefined],
    ['{}', () => ({})],
    ["'a string'", () => 'a string'],
    ['NaN', () => Number.NaN],
    ['[]', () => []],
    [
      'a disposed tensor',
      () => {
        const t = tf.eye(2);
        t.dispose();
        return t;
      },
    ],
    ['a 1-D tensor of length 5', () => tf.tensor1d([1, 2, 3, 4, 5])],
  ];
  type Call = (args: unknown[]) => Promise<unknown>;
  const fit: Call = async (a) => {
    const model = await (gpInferenceGpu as (...x: unknown[]) => Promise<GpInferenceGpuModel>)(...a);
    model.dispose();
    return model;
  };
  const post: Call = async (a) => {
    const model = await gpInferenceGpu(K3, [1, -1, 0.5], { diagReg: 0.1 });
    try {
      const p = await (model.posterior as (...x: unknown[]) => Promise<{ mean: tf.Tensor }>)(...a);
      p.mean.dispose();
      return p;
    } finally {
      model.dispose();
    }
  };
  const subjects: readonly [string, Call, () => unknown[], readonly string[], readonly string[]][] =
    [
      [
        'gpInferenceGpu',
        fit,
        () => [K3, [1, -1, 0.5], {}],
        ['K', 'Y', 'options'],
        ['diagReg', 'diagRegFloor', 'tol', 'maxIterations', 'budget', 'signal'],
      ],
      [
        'posterior',
        post,
        () => [KT, [1, 1], {}],
        ['kTestTrain', 'kTestTestDiag', 'options'],
        ['probes', 'seed', 'exactUpTo', 'signal'],
      ],
    ];

  it.each(subjects)('%s', async (_, call, valid, slots, fields) => {
    const cases = nonEmpty(
      [
        ...slots.flatMap((slot, i) =>
          bad.map(([label, value]) => ({ slot, i, field: null, label, value })),
        ),
        ...fields.flatMap((field) =>
          bad
            .filter(([label]) => label !== 'undefined')
            .map(([label, value]) => ({ slot: field, i: slots.length - 1, field, label, value })),
        ),
      ],
      'garbage cases',
    );
    const before = tf.memory().numTensors;
    await call(valid());
    for (const c of cases) {
      const args = valid();
      const value = c.value();
      args[c.i] = c.field === null ? value : { ...(args[c.i] as object), [c.field]: value };
      // An omitted or empty options bag is the default, as is budget {}.
      const accepted =
        (c.slot === 'options' && (c.label === 'undefined' || c.label === '{}')) ||
        (c.slot === 'budget' && c.label === '{}');
      let error: unknown = null;
      try {
        await call(args);
      } catch (e) {
        error = e;
      }
      if (value instanceof tf.Tensor && !value.isDisposed) value.dispose();
      const where = `${c.slot} = ${c.label}`;
      if (accepted) expect(error, where).toBeNull();
      else {
        expect(error, where).toBeInstanceOf(OverparamError);
        expect((error as Error).message, where).toContain(c.slot);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
