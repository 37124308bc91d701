import {
  asMatrix64,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  NotPositiveDefiniteError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import { nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  gpInference,
  gradientDescentMse,
  gradientDescentMseEnsemble,
  type NetworkKernel,
} from '../src/index.js';
import fx from './fixtures/gd-predict.json' with { type: 'json' };

/** Against the numpy/scipy fixture (matrix powers, explicit GD, expm, solves: gd_predict.py). */
const RTOL = 1e-10;
/** Discrete GD above the threshold: the values grow like 1.4^25; relative to their scale. */
const RTOL_UNSTABLE = 1e-9;

function close(actual: ArrayLike<number>, expected: readonly number[], rtol = RTOL, label = '') {
  const e = nonEmpty(expected, `fixture values ${label}`);
  expect(actual.length, label).toBe(e.length);
  const scale = Math.max(...e.map(Math.abs), 1e-300);
  for (let i = 0; i < e.length; i++)
    expect(
      Math.abs((actual[i] as number) - (e[i] as number)),
      `${label}[${i}]`,
    ).toBeLessThanOrEqual(rtol * scale);
}

const n = fx.n;
const sub = (M: number[][], rows: [number, number], cols: [number, number]) =>
  M.slice(rows[0], rows[1]).map((r) => r.slice(cols[0], cols[1]));
const ntkTrain = sub(fx.ntk, [0, n], [0, n]);
const ntkTest = sub(fx.ntk, [n, n + fx.m], [0, n]);
const init = { fTrain0: fx.f0, kTestTrain: ntkTest, fTest0: fx.f0x };

describe(`gradientDescentMse [${TEST_BACKEND}]`, () => {
  const gd = gradientDescentMse(ntkTrain, fx.Y, { learningRate: fx.learningRate });

  it('discrete steps equal matrix powers and explicit GD on the linear model (two outputs)', () => {
    const preds = gd.predict({ steps: fx.steps }, init);
    expect(preds).toHaveLength(nonEmpty(fx.discrete, 'discrete cases').length);
    preds.forEach((p, i) => {
      close(
        p.train.data,
        (fx.discrete[i] as { train: number[][] }).train.flat(),
        RTOL,
        `train k=${p.at}`,
      );
      close(
        p.test?.data ?? [],
        (fx.discrete[i] as { test: number[][] }).test.flat(),
        RTOL,
        `test k=${p.at}`,
      );
    });
    // One number gives one prediction, the same as in the list.
    const one = gd.predict({ steps: 7 }, init);
    expect(one.kind).toBe('steps');
    close(one.train.data, (fx.discrete[2] as { train: number[][] }).train.flat());
  });

  it('prepare(init) gives the same predictions as predict(at, init), one time at a time', () => {
    const prepared = gd.prepare(init);
    for (const k of nonEmpty(fx.steps, 'steps')) {
      const a = prepared.predict({ steps: k });
      const b = gd.predict({ steps: k }, init);
      expect(Array.from(a.train.data)).toEqual(Array.from(b.train.data));
      expect(Array.from(a.test?.data ?? [])).toEqual(Array.from(b.test?.data ?? []));
    }
    expect(prepared.predict({ time: [0.5, 3] })).toHaveLength(2);
    expect(() => prepared.predict({ steps: -1 })).toThrow(/steps/);
    expect(() => gd.prepare({ kTestTrain: [[1, 2]] })).toThrow(ShapeMismatchError);
  });

  it('gradient flow equals scipy expm; it is the limit of many small discrete steps', () => {
    const preds = gd.predict({ time: fx.times }, init);
    preds.forEach((p, i) => {
      close(
        p.train.data,
        (fx.flow[i] as { train: number[][] }).train.flat(),
        RTOL,
        `train t=${p.at}`,
      );
      close(
        p.test?.data ?? [],
        (fx.flow[i] as { test: number[][] }).test.flat(),
        RTOL,
        `test t=${p.at}`,
      );
    });
    // t = 3 with η → η/1000 and 3000 steps: O(η̃λ) discretization error, well below 1e-3.
    const fine = gradientDescentMse(ntkTrain, fx.Y, { learningRate: fx.learningRate / 1000 });
    const d = fine.predict({ steps: 3000 }, init);
    const t = gd.predict({ time: 3 }, init);
    close(d.test?.data ?? [], Array.from(t.test?.data ?? []), 1e-3, 'fine-step vs flow');
    // … and the fine-step error is not zero (the test can see a difference).
    const diff = Math.max(
      ...Array.from(d.test?.data ?? []).map((v, i) => Math.abs(v - (t.test?.data[i] as number))),
    );
    expect(diff).toBeGreaterThan(1e-9);
  });

  it('Infinity is kernel ridge regression from f₀ (diagReg > 0) and the min-norm limit of a singular Θ', () => {
    const ridge = gradientDescentMse(ntkTrain, fx.Y, {
      learningRate: fx.learningRate,
      diagReg: fx.ridge.diagReg,
    });
    for (const at of [{ steps: Infinity }, { time: Infinity }] as const) {
      const p = ridge.predict(at, init);
      close(p.train.data, fx.ridge.train.flat(), RTOL, 'ridge train');
      close(p.test?.data ?? [], fx.ridge.test.flat(), RTOL, 'ridge test');
    }
    const S = fx.singular.ntk;
    const sing = gradientDescentMse(sub(S, [0, n], [0, n]), fx.Y, {
      learningRate: fx.singular.learningRate,
      lossNormalization: 'sum',
    });
    expect(sing.rank).toBe(3);
    const sInit = { fTrain0: fx.f0, kTestTrain: sub(S, [n, n + fx.m], [0, n]), fTest0: fx.f0x };
    const lim = sing.predict({ steps: Infinity }, sInit);
    close(lim.train.data, fx.singular.limitTrain.flat(), 1e-9, 'singular limit train');
    close(lim.test?.data ?? [], fx.singular.limitTest.flat(), 1e-9, 'singular limit test');
    const k30 = sing.predict({ steps: 30 }, sInit);
    close(k30.train.data, fx.singular.steps30.train.flat(), RTOL, 'singular k=30 train');
    close(k30.test?.data ?? [], fx.singular.steps30.test.flat(), RTOL, 'singular k=30 test');
    for (const v of [...lim.train.data, ...(lim.test?.data ?? [])])
      expect(Number.isFinite(v)).toBe(true);
  });

  it('above 2/λ_max discrete GD diverges along the top eigenvector, as explicit GD does', () => {
    const u = gradientDescentMse(ntkTrain, fx.Y, {
      learningRate: fx.unstable.learningRate,
      lossNormalization: 'sum',
    });
    expect(u.converges).toBe(false);
    expect(u.contraction).toBeGreaterThan(1);
    const p = u.predict({ steps: fx.unstable.steps }, init);
    close(p.train.data, fx.unstable.train.flat(), RTOL_UNSTABLE, 'unstable train');
    close(p.test?.data ?? [], fx.unstable.test.flat(), RTOL_UNSTABLE, 'unstable test');
    expect(p.loss).toBeGreaterThan(u.predict({ steps: 0 }, init).loss * 100);
    expect(() => u.predict({ steps: Infinity })).toThrow(/GD diverges/);
    // Gradient flow converges whatever the learning rate.
    expect(Number.isFinite(u.predict({ time: Infinity }, init).loss)).toBe(true);
  });

  it('past float64 range diverging GD gives ±Infinity with an Infinity loss, never NaN (reliability regression)', () => {
    const u = gradientDescentMse(
      [
        [2, 0],
        [0, 1],
      ],
      [1, 1],
      { learningRate: 3, lossNormalization: 'sum' },
    );
    const p = u.predict({ steps: 1000 }, { kTestTrain: [[1, 1]] });
    expect(Array.from(p.train.data)).toEqual([-Infinity, -Infinity]);
    expect(Array.from(p.test?.data ?? [])).toEqual([-Infinity]);
    expect(p.loss).toBe(Infinity);
    // 400 steps are still finite (≈ 1e279): no saturation there.
    for (const v of u.predict({ steps: 400 }).train.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('an explicit null option is a bad value, not the default (reliability regression)', () => {
    // biome-ignore lint/suspicious/noExplicitAny: wrong calls on purpose.
    const bad = (o: any) => () => gradientDescentMse(ntkTrain, fx.Y, { learningRate: 1, ...o });
    expect(bad({ diagReg: null })).toThrow(/diagReg/);
    expect(bad({ rcond: null })).toThrow(/rcond/);
  });

  it('defaults f₀ = 0; train-only without a test kernel; loss is (1/2c)‖f − Y‖²', () => {
    const p = gd.predict({ steps: 0 });
    expect(p.test).toBeNull();
    for (const v of p.train.data) expect(v).toBe(0);
    let sq = 0;
    for (const v of fx.Y.flat()) sq += v * v;
    expect(p.loss).toBeCloseTo(sq / (2 * n), 12);
  });

  it('typed errors name the argument', () => {
    expect(() => gradientDescentMse(ntkTrain, fx.Y, { learningRate: 0 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => gradientDescentMse(ntkTrain, fx.Y, { learningRate: 1, diagReg: -1 })).toThrow(
      /diagReg/,
    );
    expect(() =>
      gradientDescentMse(
        [
          [1, 2],
          [2, 1],
        ],
        [1, 1],
        { learningRate: 0.1 },
      ),
    ).toThrow(NotPositiveDefiniteError);
    expect(() => gradientDescentMse(ntkTrain, [1, 2], { learningRate: 1 })).toThrow(
      ShapeMismatchError,
    );
    expect(() => gd.predict({ steps: 1.5 })).toThrow(/steps is 1.5/);
    expect(() => gd.predict({ steps: [1, -1] })).toThrow(/steps\[1\]/);
    expect(() => gd.predict({ time: -1 })).toThrow(/time/);
    // biome-ignore lint/suspicious/noExplicitAny: a wrong call on purpose.
    expect(() => gd.predict({ steps: 1, time: 1 } as any)).toThrow(/one of them/);
    expect(() => gd.predict({ steps: 1 }, { fTest0: fx.f0x })).toThrow(/kTestTrain/);
    expect(() => gd.predict({ steps: 1 }, { kTestTrain: [[1, 2]] })).toThrow(ShapeMismatchError);
    expect(() =>
      gradientDescentMse(ntkTrain, fx.Y, { learningRate: 1, budget: { maxFlops: 10 } }),
    ).toThrow(WorkBudgetError);
  });
});

/** A NetworkKernel over the fixture's 12 points: X = [[i]] picks rows/columns i of K and Θ. */
function tableKernel(K: number[][], T: number[][]): NetworkKernel {
  const idx = (X: MatrixInput) => Array.from(asMatrix64('tableKernel', 'X', X).data);
  const pick = (M: number[][], a: number[], b: number[]): Matrix64 => ({
    rows: a.length,
    cols: b.length,
    data: Float64Array.from(a.flatMap((i) => b.map((j) => (M[i] as number[])[j] as number))),
  });
  return {
    f64(X, Y) {
      const a = idx(X);
      const b = Y === undefined ? a : idx(Y);
      return { nngp: pick(K, a, b), ntk: pick(T, a, b) };
    },
    diagF64(X) {
      const a = idx(X);
      return {
        nngp: Float64Array.from(a.map((i) => (K[i] as number[])[i] as number)),
        ntk: Float64Array.from(a.map((i) => (T[i] as number[])[i] as number)),
      };
    },
  };
}

describe(`gradientDescentMseEnsemble [${TEST_BACKEND}]`, () => {
  const kernel = tableKernel(fx.K, fx.ntk);
  const xTrain = Array.from({ length: n }, (_, i) => [i]);
  const xTest = Array.from({ length: fx.m }, (_, i) => [n + i]);
  const ens = gradientDescentMseEnsemble(kernel, xTrain, fx.Y, {
    learningRate: fx.learningRate,
    diagReg: fx.ensemble.diagReg,
  });

  it('mean and covariance equal the closed forms of Lee et al. (numpy, T = solve(Θ, I − E))', () => {
    const cases = nonEmpty(fx.ensemble.cases, 'ensemble cases');
    expect(cases).toHaveLength(6);
    for (const c of cases) {
      const get = c.get as 'ntk' | 'nngp';
      const p =
        c.kind === 'steps'
          ? ens.predict({ xTest, steps: fx.ensemble.steps, get, computeCov: true })
          : c.kind === 'time'
            ? ens.predict({ xTest, time: fx.ensemble.time, get, computeCov: true })
            : ens.predict({ xTest, time: Infinity, get, computeCov: true });
      close(p.mean.data, c.mean.flat(), RTOL, `${get} ${c.kind} mean`);
      close(p.covariance?.data ?? [], c.covariance.flat(), 1e-9, `${get} ${c.kind} cov`);
      close(
        p.variance,
        c.covariance.map((r, i) => r[i] as number),
        1e-9,
        `${get} ${c.kind} var`,
      );
    }
  });

  it("get 'nngp' at Infinity is gpInference's posterior with the same diagReg", () => {
    const p = ens.predict({ xTest, steps: Infinity, get: 'nngp', computeCov: true });
    const gp = gpInference(sub(fx.K, [0, n], [0, n]), fx.Y, { diagReg: fx.ensemble.diagReg });
    const post = gp.posterior(
      sub(fx.K, [n, n + fx.m], [0, n]),
      sub(fx.K, [n, n + fx.m], [n, n + fx.m]),
    );
    close(p.mean.data, Array.from(post.mean.data), 1e-9, 'mean');
    close(p.covariance?.data ?? [], Array.from(post.covariance?.data ?? []), 1e-8, 'cov');
  });

  it('step 0 is the prior: mean 0, covariance the NNGP; without xTest it predicts the training points', () => {
    const p = ens.predict({ xTest, steps: 0, computeCov: true });
    for (const v of p.mean.data) expect(v).toBe(0);
    close(p.covariance?.data ?? [], sub(fx.K, [n, n + fx.m], [n, n + fx.m]).flat(), 1e-12, 'prior');
    const onTrain = ens.predict({ steps: [0, 5] });
    expect(onTrain[1]?.mean.rows).toBe(n);
    close(
      onTrain[0]?.variance ?? [],
      sub(fx.K, [0, n], [0, n]).map((r, i) => r[i] as number),
      1e-12,
    );
  });

  it('variances stay finite and non-negative on a singular kernel (duplicated points)', () => {
    const dup = gradientDescentMseEnsemble(kernel, [[0], [0], [1], [1]], [1, 1, 0, 0], {
      learningRate: 0.5,
    });
    for (const p of dup.predict({ xTest: [[0], [2]], time: [1, 10, Infinity], computeCov: true })) {
      for (const v of [...p.mean.data, ...p.variance]) expect(Number.isFinite(v)).toBe(true);
      for (const v of p.variance) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses diverging steps whose growth passes 1e100, naming the largest that works', () => {
    const d = gradientDescentMseEnsemble(kernel, xTrain, fx.Y, {
      learningRate: fx.learningRate * 3,
    });
    expect(d.converges.ntk).toBe(false);
    expect(() => d.predict({ xTest, steps: [2, 10_000] })).toThrow(
      /steps\[1\] is 10000; expected at most \d+ steps/,
    );
    expect(d.predict({ xTest, steps: 2 }).mean.rows).toBe(fx.m);
  });

  it('checks what the kernel returns, naming the call (reliability regression)', () => {
    const broken = (f64: unknown): NetworkKernel => ({
      f64: () => f64 as never,
      diagF64: kernel.diagF64,
    });
    expect(() =>
      gradientDescentMseEnsemble(broken('x'), xTrain, fx.Y, { learningRate: 1 }),
    ).toThrow(/kernel.f64\(xTrain\) is 'x'/);
    expect(() =>
      gradientDescentMseEnsemble(broken({ nngp: [[1]], ntk: [[1]] }), xTrain, fx.Y, {
        learningRate: 1,
      }),
    ).toThrow(ShapeMismatchError);
  });

  it('typed errors', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a wrong call on purpose.
    expect(() => gradientDescentMseEnsemble({} as any, xTrain, fx.Y, { learningRate: 1 })).toThrow(
      /kernel/,
    );
    // biome-ignore lint/suspicious/noExplicitAny: a wrong call on purpose.
    expect(() => ens.predict({ xTest, steps: 1, get: 'nt' as any })).toThrow(/get/);
    expect(() => ens.predict({ xTest: [[1, 2]], steps: 1 })).toThrow(ShapeMismatchError);
    // biome-ignore lint/suspicious/noExplicitAny: a wrong call on purpose.
    expect(() => ens.predict({ xTest, steps: 1, computeCov: 1 as any })).toThrow(/computeCov/);
  });
});
