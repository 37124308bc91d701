// The promises of the public API: the identities the kernels must satisfy (symmetry, PSD,
// invariances, the aliases and combinator algebra), typed errors for malformed networks,
// inputs and options, work budgets, disposed parameters and seeded initialization.
import {
  InvalidArgumentError,
  type Matrix64,
  NonFiniteError,
  ShapeMismatchError,
  WorkBudgetError,
} from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  abRelu,
  abs,
  cos,
  dense,
  empiricalNtk,
  erf,
  fanInConcat,
  fanInSum,
  fanOut,
  gelu,
  identity,
  type Layer,
  leakyRelu,
  parallel,
  relu,
  serial,
  sin,
  tanh,
} from '../src/index.js';
import { buildSpec, type LayerSpec } from './build-spec.js';
import fixture from './fixtures/layers-kernels.json' with { type: 'json' };
import { expectSymmetricPsd, randomMatrix, subtract } from './helpers.js';

const S2 = Math.SQRT2;
const X = randomMatrix(7, 3, 11);
const Y = randomMatrix(4, 3, 12);

const residual = (act: () => Layer = relu) =>
  serial(
    dense({ outputs: 64, wStd: S2, bStd: 0.1 }),
    fanOut(2),
    parallel(serial(act(), dense({ outputs: 64, wStd: S2, bStd: 0.1 })), identity()),
    fanInSum(),
    act(),
    dense({ outputs: 1 }),
  );

/** Every architecture of the fixture, plus a few with the other activations. */
const architectures: [string, Layer][] = [
  ...nonEmpty(
    fixture.cases as unknown as { name: string; spec: LayerSpec }[],
    'layers-kernels.json cases',
  ).map((c) => [c.name, buildSpec(c.spec)] as [string, Layer]),
  ['residual tanh', residual(tanh)],
  [
    'sin then cos',
    serial(
      dense({ outputs: 8, wStd: 1.1 }),
      sin(),
      dense({ outputs: 8 }),
      cos(),
      dense({ outputs: 1 }),
    ),
  ],
];

/** Float64 kernels with no tfjs: registered in the cpu project only. */
const cpuOnly = (name: string, body: () => void): void => {
  if (TEST_BACKEND === 'cpu') describe(name, body);
};

cpuOnly('kernel identities', () => {
  it.each(architectures)('%s: NNGP and NTK of K(X, X) are exactly symmetric and PSD', (_, net) => {
    const k = net.kernel.f64(X);
    expectSymmetricPsd(k.nngp, 'NNGP');
    expectSymmetricPsd(k.ntk, 'NTK');
  });

  it.each(architectures)('%s: K(X, Y) is the X–Y block of K([X; Y]) and K(Y, X)ᵀ', (_, net) => {
    const xy = net.kernel.f64(X, Y);
    const all = net.kernel.f64([...X, ...Y]);
    const yx = net.kernel.f64(Y, X);
    const n = X.length;
    const m = Y.length;
    for (const part of ['nngp', 'ntk'] as const) {
      const block = Array.from({ length: n }, (_, i) =>
        Array.from({ length: m }, (_, j) => all[part].data[i * (n + m) + n + j] as number),
      );
      expectClose(xy[part], block, { rtol: F64_RTOL, label: `${part} block` });
      const transposed = Array.from({ length: n }, (_, i) =>
        Array.from({ length: m }, (_, j) => yx[part].data[j * n + i] as number),
      );
      expectClose(xy[part], transposed, { rtol: F64_RTOL, label: `${part} K(Y,X)ᵀ` });
    }
  });

  it.each(architectures)(
    '%s: invariant under a rotation of the inputs, K(XQ, YQ) = K(X, Y)',
    (_, net) => {
      // Q: a rotation of R³ (about the axis (1, 1, 1)/√3 by 0.7 rad), exact to rounding.
      const t = 0.7;
      const [c, s] = [Math.cos(t), Math.sin(t)];
      const u = 1 / Math.sqrt(3);
      const Q = [
        [c + u * u * (1 - c), u * u * (1 - c) - u * s, u * u * (1 - c) + u * s],
        [u * u * (1 - c) + u * s, c + u * u * (1 - c), u * u * (1 - c) - u * s],
        [u * u * (1 - c) - u * s, u * u * (1 - c) + u * s, c + u * u * (1 - c)],
      ];
      const rot = (A: number[][]) =>
        A.map((row) =>
          [0, 1, 2].map((j) => row.reduce((acc, v, i) => acc + v * (Q[i]?.[j] as number), 0)),
        );
      const a = net.kernel.f64(X, Y);
      const b = net.kernel.f64(rot(X), rot(Y));
      // Closed forms: rounding only; the quadrature kernels see variances that differ in the last
      // bits, which their rules amplify by at most their (smooth) conditioning.
      expectClose(b.nngp, a.nngp, { rtol: 1e-12, label: 'nngp' });
      expectClose(b.ntk, a.ntk, { rtol: 1e-12, label: 'ntk' });
    },
  );

  it('NTK − NNGP is PSD in the NTK parameterization (Θ = Σ + σ_w²·Σ̇ ⊙ Θ below, a Schur product)', () => {
    for (const net of [
      serial(
        dense({ outputs: 8, wStd: S2, bStd: 0.2 }),
        relu(),
        dense({ outputs: 8, wStd: S2 }),
        relu(),
        dense({ outputs: 1 }),
      ),
      residual(),
      residual(tanh),
    ]) {
      const k = net.kernel.f64(X);
      expectSymmetricPsd(subtract(k.ntk, k.nngp), net.name);
    }
  });

  it('bias-free relu networks are positively homogeneous: K(αx, βy) = αβ·K(x, y)', () => {
    const net = serial(
      dense({ outputs: 8, wStd: S2 }),
      relu(),
      dense({ outputs: 8, wStd: S2 }),
      abRelu(-0.3, 1.2),
      dense({ outputs: 1 }),
    );
    const [alpha, beta] = [2.5, 0.3];
    const a = net.kernel.f64(X, Y);
    const b = net.kernel.f64(
      X.map((r) => r.map((v) => alpha * v)),
      Y.map((r) => r.map((v) => beta * v)),
    );
    expectClose(
      b.nngp,
      a.nngp.data.map((v) => alpha * beta * v),
      { rtol: F64_RTOL },
    );
    expectClose(
      b.ntk,
      a.ntk.data.map((v) => alpha * beta * v),
      { rtol: F64_RTOL },
    );
  });

  it('the abRelu aliases: relu = abRelu(0, 1), leakyRelu(α) = abRelu(α, 1), abs = abRelu(−1, 1), identity = abRelu(1, 1)', () => {
    const mlp = (act: Layer) =>
      serial(
        dense({ outputs: 8, wStd: 1.3, bStd: 0.2 }),
        act,
        dense({ outputs: 8, bStd: 0.1 }),
        act,
        dense({ outputs: 1 }),
      );
    const pairs: [Layer, Layer][] = [
      [relu(), abRelu(0, 1)],
      [leakyRelu(0.3), abRelu(0.3, 1)],
      [leakyRelu(), abRelu(0.2, 1)],
      [abs(), abRelu(-1, 1)],
      [identity(), abRelu(1, 1)],
    ];
    for (const [a, b] of pairs) {
      const ka = mlp(a).kernel.f64(X, Y);
      const kb = mlp(b).kernel.f64(X, Y);
      expectClose(kb.nngp, ka.nngp, { rtol: F64_RTOL, label: `${a.name} nngp` });
      expectClose(kb.ntk, ka.ntk, { rtol: F64_RTOL, label: `${a.name} ntk` });
    }
  });

  it('combinator algebra: serial is associative, fanOut(1)/parallel/fanIn is the layer, a zero block is the identity', () => {
    const a = dense({ outputs: 8, wStd: S2, bStd: 0.1 });
    const b = relu();
    const c = dense({ outputs: 1, bStd: 0.3 });
    const left = serial(serial(a, b), c).kernel.f64(X, Y);
    const right = serial(a, serial(b, c)).kernel.f64(X, Y);
    const flat = serial(a, b, c).kernel.f64(X, Y);
    for (const k of [left, right]) {
      expect(Array.from(k.nngp.data)).toEqual(Array.from(flat.nngp.data));
      expect(Array.from(k.ntk.data)).toEqual(Array.from(flat.ntk.data));
    }
    for (const fanIn of [fanInSum(), fanInConcat()]) {
      const wrapped = serial(a, fanOut(1), parallel(serial(b, c)), fanIn).kernel.f64(X, Y);
      expectClose(wrapped.nngp, flat.nngp, { rtol: F64_RTOL, label: `${fanIn.name} nngp` });
      expectClose(wrapped.ntk, flat.ntk, { rtol: F64_RTOL, label: `${fanIn.name} ntk` });
    }
    // A residual block whose block has σ_w = σ_b = 0 adds nothing: the skip alone.
    const zero = dense({ outputs: 8, wStd: 0, bStd: 0 });
    const block = serial(
      a,
      fanOut(2),
      parallel(serial(relu(), zero), identity()),
      fanInSum(),
      b,
      c,
    );
    const k = block.kernel.f64(X, Y);
    expectClose(k.nngp, flat.nngp, { rtol: F64_RTOL, label: 'zero block nngp' });
    expectClose(k.ntk, flat.ntk, { rtol: F64_RTOL, label: 'zero block ntk' });
  });

  it('fanInSum adds the kernels of independent branches; fanInConcat of equal branches is one branch', () => {
    const head = dense({ outputs: 16, wStd: 1.2, bStd: 0.1 });
    const branchA = serial(relu(), dense({ outputs: 16, wStd: S2 }));
    const branchB = serial(erf(), dense({ outputs: 16, wStd: 0.7, bStd: 0.4 }));
    const sum = serial(head, fanOut(2), parallel(branchA, branchB), fanInSum()).kernel.f64(X, Y);
    const ka = serial(head, branchA).kernel.f64(X, Y);
    const kb = serial(head, branchB).kernel.f64(X, Y);
    for (const part of ['nngp', 'ntk'] as const) {
      expectClose(
        sum[part],
        ka[part].data.map((v, i) => v + (kb[part].data[i] as number)),
        {
          rtol: F64_RTOL,
          label: `sum ${part}`,
        },
      );
    }
    const concat = serial(head, fanOut(3), parallel(branchA, branchA, branchA), fanInConcat());
    const kc = concat.kernel.f64(X, Y);
    expectClose(kc.nngp, ka.nngp, { rtol: F64_RTOL, label: 'concat nngp' });
    expectClose(kc.ntk, ka.ntk, { rtol: F64_RTOL, label: 'concat ntk' });
  });

  it("the standard parameterization has the NTK parameterization's NNGP and a width-dependent NTK", () => {
    const mk = (parameterization: 'ntk' | 'standard', width: number) =>
      serial(
        dense({ outputs: width, wStd: S2, bStd: 0.2, parameterization }),
        relu(),
        dense({ outputs: 1, bStd: 0.2, parameterization }),
      );
    const ntkParam = mk('ntk', 32).kernel.f64(X, Y);
    const std32 = mk('standard', 32).kernel.f64(X, Y);
    const std64 = mk('standard', 64).kernel.f64(X, Y);
    expectClose(std32.nngp, ntkParam.nngp, { rtol: F64_RTOL });
    expectClose(std64.nngp, ntkParam.nngp, { rtol: F64_RTOL });
    // Θ = σ_w²·Θ¹·E[φ'φ'] + m·E[φφ] + 1: the readout term grows with the width m.
    expect(std64.ntk.data[0] as number).toBeGreaterThan(1.5 * (std32.ntk.data[0] as number));
  });

  it('identical, parallel, antipodal and zero inputs give finite kernels; a zero input gives the bias-only NNGP', () => {
    const special = [
      [0.3, -1.2, 0.5],
      [0.3, -1.2, 0.5],
      [0.6, -2.4, 1.0],
      [-0.3, 1.2, -0.5],
      [0, 0, 0],
      [1e-8, -2e-8, 1e-8],
      [40, -10, 25],
    ];
    for (const [name, net] of architectures) {
      const k = net.kernel.f64(special);
      for (const v of [...k.nngp.data, ...k.ntk.data]) expect(Number.isFinite(v), name).toBe(true);
      const d = net.kernel.diagF64(special);
      expectClose(
        d.nngp,
        k.nngp.data.filter((_, i) => i % 8 === 0),
        { rtol: F64_RTOL, label: name },
      );
      // Rows 0 and 1 are the same point: identical rows of the kernel.
      expect(Array.from(k.nngp.data.slice(0, 7)), name).toEqual(
        Array.from(k.nngp.data.slice(7, 14)),
      );
    }
    // serial(dense(σ_b), relu, dense): Σ¹(0, 0) = σ_b², E[relu(u)²] = σ_b²/2.
    const net = serial(dense({ outputs: 4, wStd: 2, bStd: 0.5 }), relu(), dense({ outputs: 1 }));
    expect(net.kernel.f64([[0, 0, 0]]).nngp.data[0]).toBeCloseTo(0.125, 15);
  });
});

// ---------------------------------------------------------------- typed errors

const mlp = () => serial(dense({ outputs: 8, wStd: S2 }), relu(), dense({ outputs: 1 }));

/** Every way to evaluate a network: its kernels, init, and (when init succeeds) apply. */
function evaluations(net: Layer): [string, () => unknown][] {
  return [
    ['kernel.f64', () => net.kernel.f64(X)],
    ['kernel.diagF64', () => net.kernel.diagF64(X)],
    ['init', () => net.init({ inputShape: [3], initSeed: 1 }).dispose()],
  ];
}

describe(`[${TEST_BACKEND}] typed errors for malformed networks`, () => {
  const malformed: [string, () => Layer, RegExp][] = [
    [
      'dense after fanOut',
      () => serial(dense({ outputs: 4 }), fanOut(2), dense({ outputs: 1 })),
      /after a fanOut of 2 branches/,
    ],
    [
      'relu after fanOut',
      () => serial(fanOut(2), relu(), fanInSum()),
      /after a fanOut of 2 branches/,
    ],
    [
      'fanInSum of one input',
      () => serial(dense({ outputs: 4 }), fanInSum()),
      /fanInSum of one input/,
    ],
    [
      'fanInConcat of one input',
      () => serial(dense({ outputs: 4 }), fanInConcat()),
      /fanInConcat of one input/,
    ],
    [
      'fanInSum of unequal widths',
      () => serial(fanOut(2), parallel(dense({ outputs: 4 }), dense({ outputs: 5 })), fanInSum()),
      /fanInSum of widths 4, 5/,
    ],
    [
      'parallel with fewer layers than branches',
      () => serial(fanOut(3), parallel(relu(), identity()), fanInSum()),
      /3 branches into parallel/,
    ],
    ['fanOut of branches', () => serial(fanOut(2), fanOut(2)), /fanOut\(2\) of 2 branches/],
    [
      'an unclosed fanOut at the output',
      () => serial(dense({ outputs: 4 }), fanOut(2)),
      /ending in 2 branches/,
    ],
    [
      'an unclosed fanOut after parallel',
      () => serial(dense({ outputs: 4 }), fanOut(2), parallel(relu(), identity())),
      /ending in 2 branches/,
    ],
  ];

  it.each(malformed)(
    '%s: kernel.f64, diagF64 and init throw InvalidArgumentError',
    (_, make, message) => {
      const net = make();
      for (const [what, run] of evaluations(net)) {
        expect(run, what).toThrow(InvalidArgumentError);
        expect(run, what).toThrow(message);
      }
    },
  );

  it('two branches with no weights of their own into fanInSum: the kernel refuses, the finite net runs', () => {
    for (const net of [
      serial(
        dense({ outputs: 4 }),
        fanOut(2),
        parallel(relu(), identity()),
        fanInSum(),
        dense({ outputs: 1 }),
      ),
      serial(dense({ outputs: 4 }), fanOut(2), fanInSum(), dense({ outputs: 1 })),
      serial(
        dense({ outputs: 4 }),
        fanOut(3),
        parallel(dense({ outputs: 4 }), tanh(), identity()),
        fanInSum(),
      ),
    ]) {
      expect(() => net.kernel.f64(X), net.name).toThrow(InvalidArgumentError);
      expect(() => net.kernel.f64(X), net.name).toThrow(
        /neither has weights of its own since the fanOut/,
      );
      expect(() => net.kernel.diagF64(X), net.name).toThrow(InvalidArgumentError);
      // The finite network of such a sum is well defined (only its kernel is not the sum).
      const params = net.init({ inputShape: [3], initSeed: 1 });
      try {
        const out = net.apply(params, X);
        expect(out.shape[0]).toBe(X.length);
        out.dispose();
      } finally {
        params.dispose();
      }
    }
  });

  it('fanInSum refuses correlated means (a branch ending in relu beside a skip of relu outputs) and accepts pre-activation blocks', () => {
    const block = (branch: ReturnType<typeof serial>) =>
      serial(fanOut(2), parallel(branch, identity()), fanInSum());
    // Post-activation: x + relu(Wx) with x itself post-relu: E[relu(Wx)]·E[x'] > 0 is missing
    // from the sum of kernels (measured in the site's Monte Carlo: 16.4 ± 1.3 against 1.48).
    const post = serial(
      dense({ outputs: 4 }),
      relu(),
      block(serial(dense({ outputs: 4 }), relu())),
      dense({ outputs: 1 }),
    );
    expect(() => post.kernel.f64(X)).toThrow(/both have a nonzero mean/);
    // Pre-activation: x + W·relu(x): the branch ends in zero-mean weights.
    const pre = serial(
      dense({ outputs: 4 }),
      relu(),
      block(serial(relu(), dense({ outputs: 4 }))),
      dense({ outputs: 1 }),
    );
    expect(pre.kernel.f64(X).nngp.rows).toBe(X.length);
    // The first block after a dense layer: its skip has mean 0, so a relu branch is fine; an odd
    // activation after a dense layer keeps the mean 0 too.
    expect(() =>
      serial(dense({ outputs: 4 }), block(serial(dense({ outputs: 4 }), relu()))).kernel.f64(X),
    ).not.toThrow();
    expect(() =>
      serial(
        dense({ outputs: 4 }),
        erf(),
        block(serial(dense({ outputs: 4 }), relu())),
        dense({ outputs: 1 }),
      ).kernel.f64(X),
    ).not.toThrow();
  });

  it('inputs of the wrong width: ShapeMismatchError from kernel.f64 (Y), apply and empiricalNtk', async () => {
    const net = mlp();
    expect(() => net.kernel.f64(X, [[1, 2]])).toThrow(ShapeMismatchError);
    expect(() => net.kernel.f64(X, [[1, 2]])).toThrow(/Y has 2 columns/);
    const params = net.init({ inputShape: [3], initSeed: 1 });
    try {
      expect(() => net.apply(params, [[1, 2, 3, 4]])).toThrow(ShapeMismatchError);
      expect(() => net.apply(params, [[1, 2, 3, 4]])).toThrow(/X has 4 columns/);
      await expect(empiricalNtk(net, params, [[1, 2]])).rejects.toThrow(ShapeMismatchError);
      await expect(empiricalNtk(net, params, X, [[1, 2]])).rejects.toThrow(ShapeMismatchError);
    } finally {
      params.dispose();
    }
  });

  it('malformed inputs throw typed errors (ragged, NaN, not a matrix)', () => {
    const net = mlp();
    expect(() =>
      net.kernel.f64([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(ShapeMismatchError);
    expect(() => net.kernel.f64([[1, Number.NaN, 3]])).toThrow(NonFiniteError);
    expect(() => net.kernel.f64(X, [[1, 2, Number.POSITIVE_INFINITY]])).toThrow(NonFiniteError);
    expect(() => net.kernel.f64(42 as unknown as number[][])).toThrow(InvalidArgumentError);
  });
});

describe(`[${TEST_BACKEND}] bad options throw InvalidArgumentError`, () => {
  it.each([
    ['dense() with no options', () => dense(undefined as unknown as { outputs: number })],
    ['dense outputs 0', () => dense({ outputs: 0 })],
    ['dense outputs 1.5', () => dense({ outputs: 1.5 })],
    ['dense wStd −1', () => dense({ outputs: 1, wStd: -1 })],
    ['dense bStd NaN', () => dense({ outputs: 1, bStd: Number.NaN })],
    ['dense parameterization', () => dense({ outputs: 1, parameterization: 'mup' as 'ntk' })],
    ['abRelu a = Infinity', () => abRelu(Number.POSITIVE_INFINITY, 1)],
    ['abRelu b NaN', () => abRelu(0, Number.NaN)],
    ['leakyRelu alpha NaN', () => leakyRelu(Number.NaN)],
    ['fanOut(0)', () => fanOut(0)],
    ['fanOut(65)', () => fanOut(65)],
    ['fanOut(1.5)', () => fanOut(1.5)],
    ['serial()', () => serial()],
    ['parallel()', () => parallel()],
    ['serial(42)', () => serial(42 as unknown as Layer)],
    ['parallel(relu, null)', () => parallel(relu(), null as unknown as Layer)],
  ] as [string, () => unknown][])('%s', (_, make) => {
    expect(make).toThrow(InvalidArgumentError);
  });

  it('init: inputShape, initSeed and options', () => {
    const net = mlp();
    const bad: unknown[] = [
      undefined,
      { inputShape: [3] },
      { inputShape: [3], initSeed: -1 },
      { inputShape: [3], initSeed: 1.5 },
      { inputShape: [0], initSeed: 1 },
      { inputShape: [3, 3], initSeed: 1 },
      { inputShape: 3, initSeed: 1 },
      { inputShape: [3], initSeed: 1, budget: { maxFlops: -1 } },
    ];
    for (const options of bad) {
      expect(
        () => net.init(options as { inputShape: number[]; initSeed: number }),
        JSON.stringify(options),
      ).toThrow(InvalidArgumentError);
    }
  });

  it('kernel options, apply params and empiricalNtk options', async () => {
    const net = mlp();
    expect(() => net.kernel.f64(X, undefined, 5 as unknown as object)).toThrow(
      InvalidArgumentError,
    );
    expect(() => net.kernel.diagF64(X, [] as unknown as object)).toThrow(InvalidArgumentError);
    expect(() => net.kernel.f64(X, undefined, { budget: { maxBytes: Number.NaN } })).toThrow(
      InvalidArgumentError,
    );
    expect(() => net.apply({} as never, X)).toThrow(InvalidArgumentError);
    expect(() => net.apply(null as never, X)).toThrow(InvalidArgumentError);
    const params = net.init({ inputShape: [3], initSeed: 1 });
    try {
      await expect(empiricalNtk(net, params, X, undefined, { output: 1 })).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(empiricalNtk(net, params, X, undefined, { output: -1 })).rejects.toThrow(
        InvalidArgumentError,
      );
      await expect(empiricalNtk({} as Layer, params, X)).rejects.toThrow(InvalidArgumentError);
    } finally {
      params.dispose();
    }
  });
});

describe(`[${TEST_BACKEND}] work budgets (maxFlops, maxBytes)`, () => {
  const net = serial(
    dense({ outputs: 512, wStd: S2 }),
    relu(),
    dense({ outputs: 512 }),
    erf(),
    dense({ outputs: 1 }),
  );

  it('kernel.f64 and diagF64 refuse a budget too small, before any work, and pass a sufficient one', () => {
    expect(() => net.kernel.f64(X, Y, { budget: { maxFlops: 100 } })).toThrow(WorkBudgetError);
    expect(() => net.kernel.f64(X, Y, { budget: { maxBytes: 64 } })).toThrow(WorkBudgetError);
    expect(() => net.kernel.f64(X, Y, { budget: { maxBytes: 64 } })).toThrow(
      /evaluate fewer points/,
    );
    expect(() => net.kernel.diagF64(X, { budget: { maxFlops: 10 } })).toThrow(WorkBudgetError);
    const k = net.kernel.f64(X, Y, { budget: { maxFlops: 1e6, maxBytes: 1e5 } });
    expect(k.nngp.rows).toBe(X.length);
    // The default budget refuses an absurd number of points at once, with no allocation.
    const many = { rows: 200_000, cols: 3, data: new Float64Array(600_000) } as Matrix64;
    expect(() => net.kernel.f64(many)).toThrow(WorkBudgetError);
  });

  it('init and empiricalNtk refuse a budget too small', async () => {
    expect(() => net.init({ inputShape: [3], initSeed: 1, budget: { maxBytes: 1000 } })).toThrow(
      WorkBudgetError,
    );
    expect(() => net.init({ inputShape: [3], initSeed: 1, budget: { maxFlops: 1000 } })).toThrow(
      WorkBudgetError,
    );
    // Nothing was allocated by the refused init.
    const before = tf.memory().numTensors;
    expect(() => net.init({ inputShape: [3], initSeed: 1, budget: { maxBytes: 1000 } })).toThrow(
      WorkBudgetError,
    );
    expect(tf.memory().numTensors).toBe(before);
    const params = net.init({ inputShape: [3], initSeed: 1 });
    try {
      await expect(
        empiricalNtk(net, params, X, undefined, { budget: { maxFlops: 1e3 } }),
      ).rejects.toThrow(WorkBudgetError);
      await expect(
        empiricalNtk(net, params, X, undefined, { budget: { maxBytes: 1e3 } }),
      ).rejects.toThrow(WorkBudgetError);
    } finally {
      params.dispose();
    }
  });
});

describe(`[${TEST_BACKEND}] parameters: disposal and seeded initialization`, () => {
  const net = residual();

  it('apply on disposed parameters throws InvalidArgumentError', () => {
    const params = net.init({ inputShape: [3], initSeed: 3 });
    params.dispose();
    expect(() => net.apply(params, X)).toThrow(InvalidArgumentError);
    expect(() => net.apply(params, X)).toThrow(/disposed parameters/);
  });

  it('the same initSeed gives the same network, another seed another network', async () => {
    const run = async (seed: number) => {
      const params = net.init({ inputShape: [3], initSeed: seed });
      try {
        const out = net.apply(params, X);
        const values = Array.from(await out.data());
        out.dispose();
        return { values, count: params.count, inputSize: params.inputSize };
      } finally {
        params.dispose();
      }
    };
    const a = await run(3);
    const b = await run(3);
    const c = await run(4);
    expect(b.values).toEqual(a.values);
    expect(a.count).toBe(3 * 64 + 64 + 64 * 64 + 64 + 64 + 1);
    expect(a.inputSize).toBe(3);
    expect(c.values).not.toEqual(a.values);
    // Not a small perturbation: independent draws.
    const diff = a.values.reduce((s, v, i) => s + Math.abs(v - (c.values[i] as number)), 0);
    expect(diff / a.values.reduce((s, v) => s + Math.abs(v), 0)).toBeGreaterThan(0.1);
  });

  it('the parameter count and the finite network agree with the description (layer names, shapes)', () => {
    const net2 = serial(
      dense({ outputs: 5, wStd: S2, bStd: 0.1 }),
      gelu(),
      dense({ outputs: 3, parameterization: 'standard' }),
    );
    expect(net2.name).toBe(
      'serial(dense(5, wStd=1.4142135623730951, bStd=0.1), gelu, dense(3, standard))',
    );
    const params = net2.init({ inputShape: [2], initSeed: 9 });
    try {
      expect(params.count).toBe(2 * 5 + 5 + 5 * 3 + 3);
      const out = net2.apply(params, [
        [1, 0],
        [0, 1],
      ]);
      expect(out.shape).toEqual([2, 3]);
      out.dispose();
    } finally {
      params.dispose();
    }
  });
});
