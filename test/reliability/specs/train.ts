// @overparam/train: the MLP (createMlp and its methods), training, empirical NTKs, Hessian
// products and sharpness, the linearized model, deep linear networks and two-layer ReLU GD.
import {
  type Args,
  args,
  at,
  bad,
  badOf,
  corrupt,
  fc,
  identityNested,
  int,
  type Nested,
  nested,
  num,
  required,
  seed,
  spd,
  symmetric,
  tag,
  toM64,
  vector,
  zerosNested,
} from '../harness/arbitraries.js';
import { defineCallback } from '../harness/encode.js';
import type { Lib, PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('train');
const SLOW = 10_000;

// v => c·v (a Hessian c·I); the bad variants return the wrong count, shape, NaN or a non-array.
defineCallback('hvp', (p, env) => (v: { shape: number[] }[]) => {
  const { tf } = env.lib;
  switch (p.returns) {
    case 'not-array':
      return 'x';
    case 'wrong-count':
      return [tf.ones(v[0]?.shape ?? [1])];
    case 'wrong-shape':
      return v.map(() => tf.ones([7]));
    case 'nan':
      return v.map((t) => tf.fill(t.shape, Number.NaN));
    default:
      return v.map((t) => tf.mul(t as never, (p.scale as number) ?? 2));
  }
});
// step => η multiplier; 'nan' and 'negative' break it.
defineCallback(
  'schedule',
  (p) => (step: number) =>
    p.returns === 'nan' ? Number.NaN : p.returns === 'negative' ? -1 : 1 / (1 + step),
);
// A custom measurement: ctx => a number (or NaN / a string when broken).
defineCallback(
  'measurement',
  (p) => () => (p.returns === 'nan' ? Number.NaN : p.returns === 'string' ? 'x' : 1),
);

// ---------------------------------------------------------------------------------------------
// MLP

const mlpOptions = (d: number) =>
  fc
    .record(
      {
        inputDim: fc.constant(d),
        width: int(1, 6),
        depth: int(1, 2),
        initSeed: seed(),
        outputs: int(1, 2),
        activation: fc.constantFrom('relu', 'erf', 'tanh', 'linear'),
        bias: fc.boolean(),
        parameterization: fc.constantFrom('ntk', 'standard'),
        init: fc.constantFrom('gaussian', 'lecun', 'he', 'glorot', 'orthogonal'),
        wStd: num(0.5, 2),
        bStd: num(0, 1),
      },
      { requiredKeys: ['inputDim', 'width', 'depth', 'initSeed'] },
    )
    // lecun, he and glorot fix σ_w themselves: a wStd beside them is rejected (documented).
    .map((o) => {
      if (o.init === undefined || o.init === 'gaussian' || o.init === 'orthogonal') return o;
      const { wStd: _w, ...rest } = o;
      return rest;
    });
type MlpOpts = { inputDim: number; outputs?: number };
const outputsOf = (o: MlpOpts) => o.outputs ?? 1;

/** A model, n×d inputs and n×k targets (k = its outputs). */
const problem = fc
  .tuple(int(1, 5), int(1, 3))
  .chain(([n, d]) =>
    mlpOptions(d).chain((o) =>
      fc.tuple(fc.constant(o), nested(n, d), nested(n, outputsOf(o)), nested(int0(n), d)),
    ),
  );
function int0(n: number): number {
  return Math.max(1, n - 1);
}
const SMALL: MlpOpts & Record<string, unknown> = { inputDim: 2, width: 3, depth: 1, initSeed: 0 };

const mlpSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'inputDim'], required(bad.size(1))),
  at([0, 'width'], required(fc.oneof(bad.size(1), badOf([], [3, 3, 3, 3], [0, 1], 'x')))),
  at([0, 'depth'], required(bad.size(1))),
  at([0, 'initSeed'], required(bad.seed)),
  at([0, 'outputs'], bad.size(1)),
  at([0, 'activation'], bad.name),
  at([0, 'bias'], bad.boolean),
  at([0, 'parameterization'], bad.name),
  at([0, 'init'], bad.name),
  at([0, 'wStd'], bad.nonNegative),
  at([0, 'bStd'], bad.nonNegative),
  at([0, 'budget'], badOf('x', { maxFlops: -1 })),
];
const createMlpValid = int(1, 4)
  .chain(mlpOptions)
  .map((o): Args => [o]);
const createMlp = e('createMlp', {
  call: (l, [o]) => l.train.createMlp(o as never),
  valid: createMlpValid,
  degenerate: fc.constantFrom<Args>(
    [{ inputDim: 1, width: 1, depth: 1, initSeed: 0 }],
    [{ ...SMALL, wStd: 0, bStd: 0 }],
    [{ ...SMALL, width: [1], init: 'orthogonal' }],
    [{ ...SMALL, wStd: 1e100 }],
  ),
  bad: corrupt(
    createMlpValid,
    mlpSlots,
    args({ inputDim: 1e6, width: 1e6, depth: 10, initSeed: 0 }),
    args({ ...SMALL, width: [2, 2], depth: 1 }),
  ),
});

const modelX = problem.map(([o, X]): Args => [o, X]);
const predict = e('createMlp', {
  name: 'createMlp().predict',
  call: (l, [o, X], ctx) => {
    const m = ctx.watch('model', ctx.own(l.train.createMlp(o as never)));
    return m.predict(X as never);
  },
  valid: fc.oneof(
    modelX,
    modelX.map(([o, X]): Args => [o, tag.tensor(X)]),
  ),
  degenerate: fc.oneof(
    args(SMALL, zerosNested(2, 2)),
    args(SMALL, [[1e15, -1e15]]),
    args({ ...SMALL, wStd: 0 }, [[1, 2]]),
  ),
  bad: fc
    .oneof(bad.matrix, badOf([[1, 2, 3]], tag.tensor([[1, 2, 3]])))
    .map((X): Args => [SMALL, X]),
});
const predictDisposed = e('createMlp', {
  name: 'createMlp().dispose',
  call: (l, [o, X, after]) => {
    const m = l.train.createMlp(o as never);
    m.dispose();
    m.dispose();
    if (after === 'predict') return m.predict(X as never);
    if (after === 'clone') return m.clone();
    if (after === 'readParams') return m.readParams();
    return m.isDisposed;
  },
  valid: modelX.map(([o, X]): Args => [o, X, 'none']),
  // After dispose, the model throws ModelDisposedError (typed) or returns: both legal.
  degenerate: fc
    .constantFrom('predict', 'clone', 'readParams')
    .map((after): Args => [SMALL, [[1, 2]], after]),
  noBadInput: 'no arguments (disposing twice and using a disposed model are the degenerate cases)',
});

/** Parameter lists for apply / setParams: the model's own, or a broken one. */
function paramList(
  l: Lib,
  m: { paramShapes: readonly (readonly number[])[]; params: readonly unknown[] },
  kind: string,
) {
  const { tf } = l;
  switch (kind) {
    case 'own':
      return m.params;
    case 'fresh':
      return m.paramShapes.map((s) => tf.ones(s as number[]));
    case 'wrong-count':
      return m.paramShapes.slice(1).map((s) => tf.ones(s as number[]));
    case 'wrong-shape':
      return m.paramShapes.map(() => tf.ones([7, 7]));
    case 'disposed':
      return m.paramShapes.map((s) => {
        const t = tf.ones(s as number[]);
        t.dispose();
        return t;
      });
    case 'nan':
      return m.paramShapes.map((s) => tf.fill(s as number[], Number.NaN));
    default:
      return kind === 'null' ? null : 'x';
  }
}
// NaN parameters are not bad: checking them would need a read-back (as asTensor2D documents).
const BAD_PARAMS = badOf('wrong-count', 'wrong-shape', 'disposed', 'null', 'string');

const apply = e('createMlp', {
  name: 'createMlp().apply',
  call: (l, [o, X, kind], ctx) => {
    const m = ctx.own(l.train.createMlp(o as never));
    const params = paramList(l, m, kind as string);
    if (Array.isArray(params) && kind !== 'own') for (const p of params) ctx.own(p);
    const x = ctx.own(l.tf.tensor2d(X as Nested));
    return m.apply(params as never, x);
  },
  valid: problem.map(([o, X]): Args => [o, X, 'own']),
  degenerate: args(SMALL, [[0, 0]], 'fresh'),
  bad: BAD_PARAMS.map((k): Args => [SMALL, [[1, 2]], k]),
});
const setParams = e('createMlp', {
  name: 'createMlp().setParams',
  call: (l, [o, kind], ctx) => {
    const m = ctx.own(l.train.createMlp(o as never));
    const params = paramList(l, m, kind as string);
    try {
      m.setParams(params as never);
    } catch (err) {
      // Not taken: the caller still owns them.
      if (Array.isArray(params)) for (const p of params) ctx.own(p);
      throw err;
    }
    return m.paramCount;
  },
  valid: int(1, 3)
    .chain(mlpOptions)
    .map((o): Args => [o, 'fresh']),
  degenerate: args(SMALL, 'own'),
  bad: BAD_PARAMS.map((k): Args => [SMALL, k]),
});
const readParams = e('createMlp', {
  name: 'createMlp().readParams',
  call: async (l, [o], ctx) => ctx.own(l.train.createMlp(o as never)).readParams(),
  valid: createMlpValid,
  noBadInput: 'no arguments (createMlp covers bad options)',
});
const clone = e('createMlp', {
  name: 'createMlp().clone',
  call: (l, [o], ctx) => ctx.watch('model', ctx.own(l.train.createMlp(o as never))).clone(),
  valid: createMlpValid,
  noBadInput: 'no arguments (createMlp covers bad options)',
});

// ---------------------------------------------------------------------------------------------
// training

const trainOptions = (n: number, hasTest: boolean) =>
  fc.record(
    {
      steps: int(0, 4),
      learningRate: num(0.01, 0.5),
      lossNormalization: fc.constantFrom('sum', 'mean', 2),
      batchSize: int(1, n),
      momentum: num(0, 0.9),
      measureEvery: int(1, 3),
      measure: fc.constantFrom(
        ['trainLoss'],
        ['trainLoss', 'weightChange', 'weightDistance'],
        ['ntkChange', 'alignment'],
        ...(hasTest ? [['testLoss']] : []),
      ),
      dataSeed: seed(),
      yieldEveryMs: fc.constant(0),
    },
    { requiredKeys: ['steps', 'learningRate'] },
  );
const trainValid = problem.chain(([o, X, y, Xt]) =>
  fc
    .boolean()
    .chain((withTest) =>
      trainOptions(X.length, withTest).map(
        (t): Args => [
          tag.mlp(o),
          withTest
            ? { X, y, Xtest: Xt, ytest: Xt.map(() => new Array(outputsOf(o)).fill(0)) }
            : { X, y },
          t,
        ],
      ),
    ),
);
const DATA = {
  X: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  y: [1, 0, 1],
};
const train = e('train', {
  call: (l, [m, d, o]) => l.train.train(m as never, d as never, o as never),
  mutates: [0],
  valid: trainValid,
  validMayThrow: 'DivergenceError on a random learning rate that diverges is typed and documented',
  degenerate: fc.oneof(
    args(tag.mlp(SMALL), DATA, { steps: 0, learningRate: 0.1 }),
    args(tag.mlp(SMALL), { X: zerosNested(3, 2), y: [0, 0, 0] }, { steps: 2, learningRate: 0.1 }),
    args(tag.mlp(SMALL), DATA, { steps: 3, learningRate: 0.1, signal: tag.signal(true) }),
    args(tag.mlp(SMALL), DATA, { steps: 3, learningRate: 1e6 }),
    args(tag.mlp(SMALL), DATA, {
      steps: 2,
      learningRate: 0.1,
      schedule: tag.fn('schedule'),
      onProgress: tag.fn('noop'),
      measureEvery: 1,
    }),
    args(tag.mlp(SMALL), DATA, {
      steps: 2,
      learningRate: 0.1,
      lazyScale: 10,
      measure: ['weightChange'],
    }),
    args(tag.mlp(SMALL), DATA, {
      steps: 2,
      learningRate: 0.1,
      measurements: { one: tag.fn('measurement') },
    }),
  ),
  bad: corrupt(fc.constant<Args>([tag.mlp(SMALL), DATA, { steps: 2, learningRate: 0.1 }]), [
    at([0], fc.oneof(bad.anything, badOf(tag.mlp(SMALL, { disposed: true })))),
    at([1], fc.oneof(bad.options, badOf(undefined))),
    at([1, 'X'], required(bad.matrix)),
    at([1, 'y'], required(fc.oneof(bad.targets, badOf([1, 2])))),
    at([1, 'Xtest'], badOf([[1, 2, 3]], 'x', [[Number.NaN, 0]])),
    at([2], fc.oneof(bad.options, badOf(undefined))),
    at([2, 'steps'], required(bad.size(0))),
    at([2, 'learningRate'], required(bad.positive)),
    at([2, 'lossNormalization'], badOf('max', 0, -1, Number.NaN, null)),
    at([2, 'batchSize'], badOf(0, 4, 1.5, Number.NaN)),
    at([2, 'momentum'], badOf(1, -0.5, Number.NaN, 'x')),
    at([2, 'measureEvery'], bad.integer(1)),
    at([2, 'measure'], badOf(['nope'], 'trainLoss', [42], ['testLoss'])),
    at(
      [2, 'measurements'],
      badOf(
        { a: 42 },
        'x',
        { a: tag.fn('measurement', { returns: 'nan' }) },
        { a: tag.fn('measurement', { returns: 'string' }) },
        { a: tag.fn('throws') },
      ),
    ),
    at([2, 'ntkPoints'], badOf(0, 4, 1.5)),
    at(
      [2, 'schedule'],
      fc.oneof(
        bad.fn,
        badOf(tag.fn('schedule', { returns: 'nan' }), tag.fn('schedule', { returns: 'negative' })),
      ),
    ),
    at([2, 'onProgress'], fc.oneof(bad.fn, badOf(tag.fn('throws')))),
    at([2, 'signal'], bad.signal),
    at([2, 'lazyScale'], bad.positive),
    at([2, 'yieldEveryMs'], bad.nonNegative),
    at([2, 'dataSeed'], bad.seed),
    at([2, 'budget'], badOf('x', { maxFlops: -1 })),
  ]),
  timeoutMs: SLOW,
  runs: { valid: 6, degenerate: 7, bad: 30 },
});

const sharpnessInTrain = e('sharpnessMeasurement', {
  name: 'sharpnessMeasurement() in train',
  call: (l, [so, m, d, o]) =>
    l.train.train(
      m as never,
      d as never,
      {
        ...(o as object),
        measurements: { sharpness: l.train.sharpnessMeasurement(so as never) },
      } as never,
    ),
  mutates: [1],
  valid: fc
    .record(
      {
        maxIterations: int(2, 10),
        tol: num(1e-3, 1e-1),
        scale: fc.constantFrom('loss', 'effective'),
        warmStart: fc.boolean(),
      },
      { requiredKeys: [] },
    )
    // maxIterations below the default minIterations (20) is rejected: lower both.
    .map(
      (so): Args => [
        { minIterations: 1, ...so },
        tag.mlp(SMALL),
        DATA,
        { steps: 2, learningRate: 0.1, measureEvery: 1 },
      ],
    ),
  degenerate: args({ minIterations: 1, maxIterations: 1 }, tag.mlp(SMALL), DATA, {
    steps: 1,
    learningRate: 0.1,
  }),
  timeoutMs: SLOW,
  runs: { valid: 3 },
  noBadInput:
    "sharpnessMeasurement's own entry covers bad options; train's covers bad measurements",
});
const sharpnessMeasurement = e('sharpnessMeasurement', {
  call: (l, [so]) => l.train.sharpnessMeasurement(so as never),
  valid: fc.constantFrom<Args>(
    [undefined],
    [{}],
    [{ scale: 'effective', warmStart: false, maxIterations: 5 }],
  ),
  bad: corrupt(args({}), [
    at([0], bad.options),
    at([0, 'scale'], bad.name),
    at([0, 'warmStart'], bad.boolean),
    at([0, 'maxIterations'], bad.integer(1)),
    at([0, 'minIterations'], bad.integer(1)),
    at([0, 'tol'], bad.positive),
    at([0, 'seed'], bad.seed),
  ]),
});

const cmpValid = problem.chain(([o, X, y, Xt]) =>
  fc
    .record(
      {
        steps: int(1, 3),
        learningRate: num(0.01, 0.3),
        measureEvery: int(1, 2),
        lossNormalization: fc.constantFrom('sum', 'mean'),
      },
      { requiredKeys: ['steps', 'learningRate'] },
    )
    .chain((c) =>
      fc.boolean().map((wt): Args => [tag.mlp(o), wt ? { X, y, Xtest: Xt } : { X, y }, c]),
    ),
);
const compareWithLinearization = e('compareWithLinearization', {
  call: (l, [m, d, o]) => l.train.compareWithLinearization(m as never, d as never, o as never),
  mutates: [0],
  valid: cmpValid,
  validMayThrow: 'DivergenceError on a random learning rate that diverges is typed and documented',
  degenerate: fc.oneof(
    args(tag.mlp(SMALL), { X: zerosNested(2, 2), y: [0, 0] }, { steps: 1, learningRate: 0.1 }),
    args(tag.mlp(SMALL), DATA, { steps: 2, learningRate: 0.1, signal: tag.signal(true) }),
    args(tag.mlp(SMALL), DATA, {
      steps: 2,
      learningRate: 0.1,
      lazyScale: 100,
      onProgress: tag.fn('noop'),
    }),
  ),
  bad: corrupt(fc.constant<Args>([tag.mlp(SMALL), DATA, { steps: 2, learningRate: 0.1 }]), [
    at([0], fc.oneof(bad.anything, badOf(tag.mlp(SMALL, { disposed: true })))),
    at([1, 'X'], required(bad.matrix)),
    at([1, 'y'], required(fc.oneof(bad.vector, badOf([1, 2])))),
    at([1, 'Xtest'], badOf([[1, 2, 3]], 'x')),
    at([2], fc.oneof(bad.options, badOf(undefined))),
    at([2, 'steps'], required(bad.size(1))),
    at([2, 'learningRate'], required(bad.positive)),
    at([2, 'measureEvery'], bad.integer(1)),
    at([2, 'lossNormalization'], badOf('max', 0, -1)),
    at([2, 'lazyScale'], bad.positive),
    at([2, 'onProgress'], bad.fn),
    at([2, 'signal'], bad.signal),
  ]),
  timeoutMs: SLOW,
  runs: { valid: 5, degenerate: 3, bad: 24 },
});

// ---------------------------------------------------------------------------------------------
// NTKs, Hessians, sharpness

const ntkValid = problem.chain(([o, X, , Xt]) =>
  fc
    .tuple(
      fc.boolean(),
      fc.constantFrom<Record<string, unknown>>({}, { output: 0 }, { output: 'mean' }),
    )
    .map(([withY, opts]): Args => [tag.mlp(o), X, withY ? Xt : undefined, opts]),
);
const ntkBadSlots = [
  at([0], fc.oneof(bad.anything, badOf(tag.mlp(SMALL, { disposed: true })))),
  at([1], bad.matrix),
  at([2], fc.oneof(bad.matrix, badOf([[1, 2, 3]]))),
  at([3], bad.options),
  at([3, 'output'], badOf(-1, 1.5, 5, 'max', null)),
  at([3, 'budget'], badOf('x', { maxBytes: -1 })),
];
const empiricalNtk = e('empiricalNtk', {
  call: (l, [m, X, Y, o]) => l.train.empiricalNtk(m as never, X as never, Y as never, o as never),
  valid: fc.oneof(
    ntkValid,
    ntkValid.map(
      ([m, X, Y, o]): Args => [m, tag.tensor(X), Y === undefined ? undefined : tag.tensor(Y), o],
    ),
  ),
  degenerate: fc.oneof(
    args(tag.mlp(SMALL), zerosNested(2, 2), undefined, {}),
    args(tag.mlp({ ...SMALL, wStd: 0, bStd: 0 }), [[1, 2]], undefined, {}),
  ),
  bad: corrupt(
    fc.constant<Args>([tag.mlp(SMALL), [[1, 2]], undefined, {}]),
    [...ntkBadSlots, at([3, 'params'], badOf([], 'x', [tag.tensor([1], { disposed: true })]))],
    args(tag.mlp(SMALL), { rows: 3e4, cols: 2, data: new Float64Array(6e4) }, undefined, {}),
  ),
  timeoutMs: SLOW,
});

const ntkF64Valid = problem.chain(([o, X, , Xt]) =>
  fc
    .tuple(
      fc.boolean(),
      fc.constantFrom<Record<string, unknown>>({}, { output: 0 }, { output: 'mean' }),
    )
    .map(([withY, opts]): Args => [o, X, withY ? Xt : undefined, opts]),
);
const empiricalNtkF64 = e('empiricalNtkF64', {
  call: (l, [net, X, Y, o]) =>
    l.train.empiricalNtkF64(net as never, X as never, Y as never, o as never),
  valid: ntkF64Valid,
  degenerate: fc.oneof(
    args(SMALL, zerosNested(2, 2), undefined, {}),
    args({ ...SMALL, wStd: 0, bStd: 0 }, [[1, 2]], undefined, {}),
    args(SMALL, [[1e150, -1e150]], undefined, {}),
  ),
  bad: corrupt(
    fc.constant<Args>([SMALL, [[1, 2]], undefined, {}]),
    [
      ...mlpSlots,
      ...ntkBadSlots.slice(1),
      at([3, 'params'], badOf([], 'x', [[Number.NaN]], [[1, 2]])),
    ],
    args(SMALL, { rows: 3e4, cols: 2, data: new Float64Array(6e4) }, undefined, {}),
  ),
  timeoutMs: SLOW,
});

/** Direction lists for the Hessian: ones in the model's shapes, or a broken list. */
function directions(
  l: Lib,
  shapes: readonly (readonly number[])[],
  kind: string,
  own: <T>(x: T) => T,
) {
  const { tf } = l;
  if (kind === 'string') return 'x';
  const list =
    kind === 'wrong-count'
      ? shapes.slice(1).map((s) => tf.ones(s as number[]))
      : kind === 'wrong-shape'
        ? shapes.map(() => tf.ones([7]))
        : kind === 'nan'
          ? shapes.map((s) => tf.fill(s as number[], Number.NaN))
          : shapes.map((s) => tf.ones(s as number[]));
  for (const t of list) own(t);
  if (kind === 'disposed') for (const t of list) t.dispose();
  return list;
}
// NaN directions are not bad: checking them would need a read-back.
const BAD_DIRECTIONS = badOf('wrong-count', 'wrong-shape', 'disposed', 'string');
// initialParams: 'own' stands for the model's own parameters (θ₀, which lazyScale needs).
const hessianOptions = fc.constantFrom<Record<string, unknown>>(
  {},
  { lossNormalization: 'sum' },
  { lossNormalization: 'mean', lazyScale: 2, initialParams: 'own' },
);
function hessianOpts(h: unknown, m: { params: readonly unknown[] }): unknown {
  const o = h as Record<string, unknown> | null;
  return o !== null && typeof o === 'object' && o.initialParams === 'own'
    ? { ...o, initialParams: m.params }
    : o;
}
const hvpProblem = problem.chain(([o, X, y]) => hessianOptions.map((h): Args => [o, X, y, h]));
const hessianSlots = [
  at([1], bad.matrix),
  at([2], fc.oneof(bad.targets, badOf([[1], [2]]))),
  at([3], bad.options),
  at([3, 'lossNormalization'], badOf('max', 0, -1, Number.NaN)),
  at([3, 'params'], badOf([], 'x')),
  at(
    [3],
    badOf(
      { lazyScale: 2 },
      { lazyScale: 2, initialParams: [] },
      { lazyScale: 2, initialParams: 'x' },
      { lazyScale: -1, initialParams: 'own' },
      { lazyScale: Number.NaN, initialParams: 'own' },
    ),
  ),
];

const mlpHessianVectorProduct = e('mlpHessianVectorProduct', {
  call: (l, [o, X, y, h, kind], ctx) => {
    const m = ctx.watch('model', ctx.own(l.train.createMlp(o as never)));
    const v = directions(l, m.paramShapes, kind as string, ctx.own);
    return l.train.mlpHessianVectorProduct(
      m,
      X as never,
      y as never,
      v as never,
      hessianOpts(h, m) as never,
    );
  },
  valid: hvpProblem.map((a): Args => [...a, 'ones']),
  degenerate: fc.oneof(
    args(SMALL, zerosNested(2, 2), [0, 0], {}, 'ones'),
    args({ ...SMALL, wStd: 0 }, [[1, 2]], [1], {}, 'ones'),
  ),
  bad: fc.oneof(
    BAD_DIRECTIONS.map((k): Args => [SMALL, [[1, 2]], [1], {}, k]),
    corrupt(fc.constant<Args>([SMALL, [[1, 2]], [1], {}, 'ones']), hessianSlots),
  ),
  timeoutMs: SLOW,
});
const mlpHessianOperator = e('mlpHessianOperator', {
  call: (l, [o, X, y, h], ctx) => {
    const m = ctx.watch('model', ctx.own(l.train.createMlp(o as never)));
    return l.train.mlpHessianOperator(m, X as never, y as never, hessianOpts(h, m) as never);
  },
  valid: hvpProblem,
  degenerate: args(SMALL, zerosNested(2, 2), [0, 0], {}),
  bad: fc.oneof(
    corrupt(fc.constant<Args>([SMALL, [[1, 2]], [1], {}]), hessianSlots),
    fc.constant<Args>([SMALL, [[1, 2]], [1, 2], {}]),
  ),
  timeoutMs: SLOW,
});
const hessianOperatorApply = e('mlpHessianOperator', {
  name: 'mlpHessianOperator().apply',
  call: (l, [o, X, y, h, kind], ctx) => {
    const m = ctx.own(l.train.createMlp(o as never));
    const H = ctx.own(
      l.train.mlpHessianOperator(m, X as never, y as never, hessianOpts(h, m) as never),
    );
    return H.apply(directions(l, H.paramShapes, kind as string, ctx.own) as never);
  },
  valid: hvpProblem.map((a): Args => [...a, 'ones']),
  degenerate: args(SMALL, zerosNested(2, 2), [0, 0], {}, 'ones'),
  bad: BAD_DIRECTIONS.map((k): Args => [SMALL, [[1, 2]], [1], {}, k]),
  timeoutMs: SLOW,
});

const sharpOptions = fc.record(
  { minIterations: int(1, 5), maxIterations: int(5, 20), tol: num(1e-4, 1e-1), seed: seed() },
  { requiredKeys: [] },
);
const mlpSharpness = e('mlpSharpness', {
  call: (l, [o, X, y, s], ctx) => {
    const m = ctx.watch('model', ctx.own(l.train.createMlp(o as never)));
    return l.train.mlpSharpness(m, X as never, y as never, hessianOpts(s, m) as never);
  },
  valid: fc.tuple(problem, sharpOptions).map(([[o, X, y], s]): Args => [o, X, y, s]),
  degenerate: fc.oneof(
    args(SMALL, zerosNested(2, 2), [0, 0], {}),
    args({ ...SMALL, wStd: 0, bStd: 0 }, [[1, 2]], [1], { maxIterations: 3 }),
  ),
  bad: corrupt(fc.constant<Args>([SMALL, [[1, 2]], [1], {}]), [
    ...hessianSlots,
    at([3, 'minIterations'], bad.integer(1)),
    at([3, 'maxIterations'], fc.oneof(bad.integer(1), badOf(1e12))),
    at([3, 'tol'], bad.positive),
    at([3, 'seed'], bad.seed),
    at([3, 'start'], badOf('x', [], [[1]], [[Number.NaN]])),
  ]),
  timeoutMs: SLOW,
});

const shapesArb = fc.array(fc.array(int(1, 3), { minLength: 1, maxLength: 2 }), {
  minLength: 1,
  maxLength: 3,
});
const topValid = fc
  .tuple(num(-3, 3), shapesArb, sharpOptions)
  .map(([c, s, o]): Args => [tag.fn('hvp', { scale: c }), s, o]);
const hessianTopEigenvalue = e('hessianTopEigenvalue', {
  call: (l, [f, s, o]) => l.train.hessianTopEigenvalue(f as never, s as never, o as never),
  valid: topValid,
  degenerate: fc.oneof(
    args(tag.fn('hvp', { scale: 0 }), [[1]], {}),
    args(tag.fn('hvp', { scale: 1e30 }), [[2]], {}),
    args(tag.fn('hvp'), [[1]], { maxIterations: 1, minIterations: 1 }),
  ),
  bad: corrupt(
    topValid,
    [
      at([0], bad.fn),
      at([1], badOf([], 'x', [[0]], [[-1]], [[1.5]], [['a']], null, [[1e9, 1e9]])),
      at([2], bad.options),
      at([2, 'minIterations'], bad.integer(1)),
      at([2, 'maxIterations'], bad.integer(1)),
      at([2, 'tol'], bad.positive),
      at([2, 'seed'], bad.seed),
      at([2, 'start'], badOf('x', [[1, 2, 3, 4, 5, 6, 7]], [[Number.NaN]])),
    ],
    fc
      .constantFrom('not-array', 'wrong-count', 'wrong-shape', 'nan')
      .map((r): Args => [tag.fn('hvp', { returns: r }), [[2], [3]], {}]),
    args(tag.fn('throws'), [[2]], {}),
  ),
  timeoutMs: SLOW,
});

// Moved to tensor and re-exported unchanged: tensor's entry is 'ensureGradients'.
const ensureGradients = e('ensureGradients', {
  name: 'ensureGradients in train',
  call: (l) => l.train.ensureGradients(),
  valid: args(),
  noBadInput: 'no arguments',
});

// ---------------------------------------------------------------------------------------------
// linearized model

const linearizedOptions = int(1, 5).chain((n) =>
  fc
    .tuple(
      spd([n, n], 0.1),
      vector(n),
      vector(n),
      int(1, 3),
      num(0.01, 1),
      fc.constantFrom('sum', 'mean', 3),
    )
    .chain(([K, f0, y, m, lr, c]) =>
      fc.tuple(fc.boolean(), nested(m, n), vector(m)).map(([withTest, Kx, f0x]) => ({
        ntkTrain: K,
        f0Train: f0,
        yTrain: y,
        learningRate: lr,
        lossNormalization: c,
        ...(withTest ? { ntkTestTrain: Kx, f0Test: f0x } : {}),
      })),
    ),
);
const linearizedSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'ntkTrain'], required(bad.matrix)),
  at([0, 'f0Train'], required(fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6])))),
  at([0, 'yTrain'], required(fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6])))),
  at([0, 'ntkTestTrain'], badOf([[1, 2, 3, 4, 5, 6, 7]], 'x', [[Number.NaN]])),
  at([0, 'f0Test'], badOf([1, 2, 3, 4, 5, 6, 7, 8], 'x')),
  at([0, 'learningRate'], required(bad.positive)),
  at([0, 'lossNormalization'], badOf('max', 0, -1, Number.NaN, null)),
];
const linearizedDegenerate = fc.constantFrom<Record<string, unknown>>(
  { ntkTrain: [[0]], f0Train: [0], yTrain: [0], learningRate: 0.1 },
  {
    ntkTrain: [
      [1, 1],
      [1, 1],
    ],
    f0Train: [0, 0],
    yTrain: [1, -1],
    learningRate: 0.1,
  },
  { ntkTrain: [[1e300]], f0Train: [0], yTrain: [1], learningRate: 1e-300 },
  { ntkTrain: [[1]], f0Train: [0], yTrain: [1], learningRate: 100 },
);
const linearizedModel = e('linearizedModel', {
  call: (l, [o]) => l.train.linearizedModel(o as never),
  valid: linearizedOptions.map((o): Args => [o]),
  degenerate: linearizedDegenerate.map((o): Args => [o]),
  bad: corrupt(
    linearizedOptions.map((o): Args => [o]),
    linearizedSlots,
    args({
      ntkTrain: [
        [1, 2],
        [3, 4],
      ],
      f0Train: [0, 0],
      yTrain: [1, 1],
      learningRate: 0.1,
    }),
  ),
});
type Lm = {
  at(k: number): unknown;
  atTime(t: number): unknown;
  trajectory(s: unknown): unknown;
  flowTrajectory(t: unknown): unknown;
};
const lmMethod = (m: 'at' | 'atTime' | 'trajectory' | 'flowTrajectory') => {
  const list = m === 'trajectory' || m === 'flowTrajectory';
  const point = m === 'at' ? int(0, 1000) : num(0, 100);
  const arg = list ? fc.array(point, { minLength: 0, maxLength: 5 }) : point;
  return e('linearizedModel', {
    name: `linearizedModel().${m}`,
    call: (l, [o, a]) => (l.train.linearizedModel(o as never) as unknown as Lm)[m](a as never),
    valid: fc.tuple(linearizedOptions, arg).map(([o, a]): Args => [o, a]),
    // Far times on the stable models; a few steps on the unstable one (learningRate 100), whose
    // exact predictions beyond a few hundred steps exceed float64.
    degenerate: fc.oneof(
      fc
        .tuple(
          linearizedDegenerate.filter((o) => o.learningRate !== 100),
          fc.constantFrom(
            ...(list
              ? [[], [0], m === 'trajectory' ? [1e9] : [1e300]]
              : [0, m === 'at' ? 1e9 : 1e300]),
          ),
        )
        .map(([o, a]): Args => [o, a]),
      fc.constant<Args>([
        { ntkTrain: [[1]], f0Train: [0], yTrain: [1], learningRate: 100 },
        list ? [0, 1, 3] : 3,
      ]),
    ),
    bad: fc
      .tuple(
        linearizedOptions,
        list
          ? badOf('x', null, [-1], [Number.NaN], [Infinity], ...(m === 'trajectory' ? [[1.5]] : []))
          : badOf(-1, Number.NaN, Infinity, 'x', null, ...(m === 'at' ? [1.5] : [])),
      )
      .map(([o, a]): Args => [o, a]),
  });
};

const gdValid = fc
  .tuple(
    linearizedOptions,
    int(0, 30),
    fc.constantFrom<Record<string, unknown>>({}, { recordEvery: 3 }, { divergenceFactor: 10 }),
  )
  .map(([o, steps, extra]): Args => [{ ...o, steps, ...extra }]);
const linearizedGd = e('linearizedGd', {
  call: (l, [o]) => l.train.linearizedGd(o as never),
  valid: gdValid,
  degenerate: fc
    .tuple(linearizedDegenerate, fc.constantFrom(0, 50))
    .map(([o, steps]): Args => [{ ...o, steps }]),
  bad: corrupt(gdValid, [
    ...linearizedSlots,
    at([0, 'steps'], required(bad.size(0))),
    at([0, 'recordEvery'], bad.integer(1)),
    at([0, 'divergenceFactor'], badOf(0, -1, 0.5, Number.NaN, 'x')),
  ]),
});

const thresholdsValid = fc
  .tuple(
    spd([1, 5], 0.1),
    fc.constantFrom(undefined, {}, { lossNormalization: 'sum' }, { lossNormalization: 4 }),
  )
  .map(([K, o]): Args => [K, o]);
const stepSizeThresholds = e('stepSizeThresholds', {
  call: (l, [K, o]) => l.train.stepSizeThresholds(K as never, o as never),
  allowInfinity: {
    reason: 'the stable steps are Infinity for a singular NTK (λ_min = 0), as documented',
    at: /lee|Lee|maxStable/,
  },
  valid: thresholdsValid,
  degenerate: fc.constantFrom<Args>(
    [[[0]], {}],
    [
      [
        [1, 1],
        [1, 1],
      ],
      {},
    ],
    [[[1e-300]], {}],
    [
      [
        [1e300, 0],
        [0, 1],
      ],
      {},
    ],
  ),
  bad: corrupt(
    thresholdsValid,
    [
      at([0], bad.matrix),
      at([1], bad.options),
      at([1, 'lossNormalization'], badOf('max', 0, -1, Number.NaN)),
    ],
    args(
      [
        [1, 2],
        [3, 4],
      ],
      {},
    ),
    args([[-1]], {}),
  ),
});

// ---------------------------------------------------------------------------------------------
// deep linear networks

/** U (n×h), V (m×h) with h ≥ max(n, m), and a target Y (n×m). */
const linearProblem = fc.tuple(int(1, 3), int(1, 3), int(0, 2)).chain(([n, m, extra]) => {
  const h = Math.max(n, m) + extra;
  return fc
    .tuple(nested(n, h, num(-1, 1)), nested(m, h, num(-1, 1)), nested(n, m))
    .map(([U, V, Y]) => ({ net: { U: toM64(U), V: toM64(V) }, Y: toM64(Y), n, m, h }));
});
const netSlots = (i: number) => [
  at([i], badOf(null, 'x', 42, {}, [])),
  at([i, 'U'], bad.matrix),
  at([i, 'V'], fc.oneof(bad.matrix, badOf(toM64([[1, 2, 3, 4, 5]])))),
];
const netDegenerate = fc.constantFrom(
  { net: { U: toM64([[0]]), V: toM64([[0]]) }, Y: toM64([[0]]) },
  { net: { U: toM64([[1e150]]), V: toM64([[1e-150]]) }, Y: toM64([[1]]) },
  {
    net: { U: toM64(identityNested(2)), V: toM64(identityNested(2)) },
    Y: toM64(identityNested(2)),
  },
);

const linearNetworkProduct = e('linearNetworkProduct', {
  call: (l, [net]) => l.train.linearNetworkProduct(net as never),
  valid: linearProblem.map((p): Args => [p.net]),
  degenerate: netDegenerate.map((p): Args => [p.net]),
  bad: corrupt(
    linearProblem.map((p): Args => [p.net]),
    netSlots(0),
  ),
});
const netTarget = (name: 'linearNetworkError' | 'linearNetworkLoss') =>
  e(name, {
    call: (l, [net, Y]) => l.train[name](net as never, Y as never),
    valid: linearProblem.map((p): Args => [p.net, p.Y]),
    degenerate: netDegenerate.map((p): Args => [p.net, p.Y]),
    bad: corrupt(
      linearProblem.map((p): Args => [p.net, p.Y]),
      [...netSlots(0), at([1], fc.oneof(bad.matrix, badOf(toM64([[1, 2, 3, 4]]))))],
    ),
  });
const linearNetworkImbalance = e('linearNetworkImbalance', {
  call: (l, [net]) => l.train.linearNetworkImbalance(net as never),
  valid: linearProblem.map((p): Args => [p.net]),
  degenerate: netDegenerate.map((p): Args => [p.net]),
  bad: corrupt(
    linearProblem.map((p): Args => [p.net]),
    netSlots(0),
  ),
});
const imbalanceValid = fc
  .tuple(int(1, 3), int(1, 3), int(0, 2))
  .chain(([n, m, extra]) =>
    symmetric([Math.max(n, m) + extra, Math.max(n, m) + extra]).map((D): Args => [toM64(D), n, m]),
  );
const imbalanceLowerBound = e('imbalanceLowerBound', {
  call: (l, [D, n, m]) => l.train.imbalanceLowerBound(D as never, n as number, m as number),
  valid: imbalanceValid,
  degenerate: fc.constantFrom<Args>([toM64([[0]]), 1, 1], [toM64(zerosNested(3, 3)), 2, 3]),
  bad: corrupt(
    imbalanceValid,
    [at([0], bad.matrix), at([1], bad.size(1)), at([2], bad.size(1))],
    args(toM64([[1, 2]]), 1, 1),
    args(toM64([[1]]), 2, 1),
  ),
});
const lrArb = num(1e-3, 0.5);
const netLr = (name: 'linearNetworkCertificate' | 'linearNetworkGdStep') =>
  e(name, {
    call: (l, [net, Y, lr]) => l.train[name](net as never, Y as never, lr as number),
    valid: fc.tuple(linearProblem, lrArb).map(([p, lr]): Args => [p.net, p.Y, lr]),
    degenerate: netDegenerate.map((p): Args => [p.net, p.Y, 0.1]),
    bad: corrupt(
      fc.tuple(linearProblem, lrArb).map(([p, lr]): Args => [p.net, p.Y, lr]),
      [
        ...netSlots(0),
        at([1], fc.oneof(bad.matrix, badOf(toM64([[1, 2, 3, 4]])))),
        at([2], bad.positive),
      ],
      args({ U: toM64([[1]]), V: toM64([[1], [1]]) }, toM64([[1, 1]]), 0.1),
    ),
  });

const gdOptions = fc
  .tuple(
    linearProblem,
    lrArb,
    int(0, 10),
    fc.constantFrom<Record<string, unknown>>(
      {},
      { schedule: 'certified' },
      { measureEvery: 2, tolerance: 1e-6 },
      { onStep: tag.fn('noop') },
    ),
  )
  .map(
    ([p, lr, steps, extra]): Args => [
      { target: p.Y, init: p.net, learningRate: lr, steps, ...extra },
    ],
  );
const linearNetworkGd = e('linearNetworkGd', {
  call: (l, [o]) => l.train.linearNetworkGd(o as never),
  allowInfinity: {
    reason: 'maxExcess is −Infinity when no step was measured, as documented',
    at: /\.maxExcess$/,
  },
  valid: gdOptions,
  degenerate: fc.oneof(
    netDegenerate.map((p): Args => [{ target: p.Y, init: p.net, learningRate: 0.1, steps: 3 }]),
    args({
      target: toM64([[1]]),
      init: { U: toM64([[1]]), V: toM64([[1]]) },
      learningRate: 0.1,
      steps: 3,
      signal: tag.signal(true),
    }),
    args({
      target: toM64([[1]]),
      init: { U: toM64([[1]]), V: toM64([[1]]) },
      learningRate: 100,
      steps: 20,
    }),
  ),
  bad: corrupt(
    gdOptions,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at([0, 'target'], required(bad.matrix)),
      at([0, 'init'], required(badOf(null, 'x', {}, { U: toM64([[1]]) }))),
      at([0, 'learningRate'], required(bad.positive)),
      at([0, 'steps'], required(bad.size(0))),
      at([0, 'schedule'], bad.name),
      at([0, 'measureEvery'], bad.integer(1)),
      at([0, 'tolerance'], bad.nonNegative),
      at([0, 'onStep'], bad.fn),
      at([0, 'signal'], bad.signal),
    ],
    args({
      target: toM64([[1]]),
      init: { U: toM64([[0.5]]), V: toM64([[0.5]]) },
      learningRate: 0.1,
      steps: 3,
      onStep: tag.fn('throws'),
    }),
  ),
  timeoutMs: SLOW,
});

const initKinds = fc.constantFrom<Record<string, unknown>>(
  { kind: 'gaussian' },
  { kind: 'balanced', scale: 0.5 },
  { kind: 'imbalanced', imbalance: 0.5 },
  { kind: 'spectral', scale: 1 },
);
const initValid = fc
  .tuple(int(1, 3), int(1, 3), int(0, 2), initKinds, seed())
  .chain(([n, m, extra, init, initSeed]) =>
    nested(n, m).map(
      (Y): Args => [
        {
          n,
          m,
          h: Math.max(n, m) + extra,
          init,
          initSeed,
          ...(init.kind === 'spectral' ? { target: toM64(Y) } : {}),
        },
      ],
    ),
  );
const initLinearNetwork = e('initLinearNetwork', {
  call: (l, [o]) => l.train.initLinearNetwork(o as never),
  valid: initValid,
  degenerate: fc.constantFrom<Args>(
    [{ n: 1, m: 1, h: 1, init: { kind: 'gaussian' }, initSeed: 0 }],
    [
      {
        n: 2,
        m: 2,
        h: 2,
        init: { kind: 'spectral' },
        initSeed: 0,
        target: toM64(zerosNested(2, 2)),
      },
    ],
    [{ n: 2, m: 1, h: 3, init: { kind: 'imbalanced', imbalance: [0, 0] }, initSeed: 0 }],
  ),
  bad: corrupt(
    initValid,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at([0, 'n'], required(bad.size(1))),
      at([0, 'm'], required(bad.size(1))),
      at([0, 'h'], required(fc.oneof(bad.size(1), badOf(0)))),
      at(
        [0, 'init'],
        required(
          badOf(
            null,
            'x',
            {},
            { kind: 'nope' },
            { kind: 'gaussian', scale: -1 },
            { kind: 'imbalanced', imbalance: 'x' },
            { kind: 'imbalanced', imbalance: [Number.NaN] },
          ),
        ),
      ),
      at([0, 'initSeed'], required(bad.seed)),
    ],
    args({ n: 3, m: 1, h: 2, init: { kind: 'gaussian' }, initSeed: 0 }),
    args({ n: 2, m: 2, h: 2, init: { kind: 'spectral' }, initSeed: 0 }),
    args({ n: 2, m: 2, h: 2, init: { kind: 'spectral' }, initSeed: 0, target: toM64([[1]]) }),
  ),
});

const targetValid = fc
  .tuple(int(1, 4), int(1, 4), seed(), fc.boolean())
  .chain(([n, m, dataSeed, withS]) =>
    withS
      ? fc
          .array(num(0.1, 3), { minLength: Math.min(n, m), maxLength: Math.min(n, m) })
          .map((s): Args => [{ n, m, dataSeed, singularValues: s }])
      : fc.constant<Args>([{ n, m, dataSeed }]),
  );
const linearNetworkTarget = e('linearNetworkTarget', {
  call: (l, [o]) => l.train.linearNetworkTarget(o as never),
  valid: targetValid,
  degenerate: fc.constantFrom<Args>(
    [{ n: 1, m: 1, dataSeed: 0 }],
    [{ n: 2, m: 2, dataSeed: 0, singularValues: [0, 0] }],
  ),
  bad: corrupt(
    targetValid,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at([0, 'n'], required(bad.size(1))),
      at([0, 'm'], required(bad.size(1))),
      at([0, 'dataSeed'], required(bad.seed)),
      at([0, 'singularValues'], badOf([], [-1], [Number.NaN], 'x', [1, 2, 3, 4, 5, 6])),
    ],
    args({ n: 1e5, m: 1e5, dataSeed: 0 }),
  ),
});

/** Whitened inputs: √c times the first d columns of the identity (n ≥ d). */
const whitenedValid = fc
  .tuple(int(1, 4), int(0, 2), int(1, 3), fc.constantFrom(1, 4))
  .chain(([d, extra, k, c]) => {
    const n = d + extra;
    const X = Array.from({ length: n }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? Math.sqrt(c) : 0)),
    );
    return nested(n, k).map((Y): Args => [{ X: toM64(X), Y: toM64(Y), ...(c === 1 ? {} : { c }) }]);
  });
const whitenedTarget = e('whitenedTarget', {
  call: (l, [o]) => l.train.whitenedTarget(o as never),
  valid: whitenedValid,
  degenerate: args({ X: toM64([[1]]), Y: toM64([[0]]) }),
  bad: corrupt(
    whitenedValid,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at([0, 'X'], required(bad.matrix)),
      at([0, 'Y'], required(bad.matrix)),
      at([0, 'c'], bad.positive),
      at([0, 'whitenedTolerance'], bad.nonNegative),
    ],
    args({
      X: toM64([
        [2, 0],
        [0, 1],
      ]),
      Y: toM64([[1], [1]]),
    }),
    args({ X: toM64([[1]]), Y: toM64([[1], [2]]) }),
  ),
});

const certInputs = fc.record({
  mu: num(0, 3),
  Lambda: num(0, 5),
  errorSpectralNorm: num(0, 2),
  productSpectralNorm: num(0, 2),
});
const certSlots = (i: number) => [
  at([i], fc.oneof(bad.options, badOf(undefined))),
  at([i, 'mu'], required(bad.nonNegative)),
  at([i, 'Lambda'], required(bad.nonNegative)),
  at([i, 'errorSpectralNorm'], required(bad.nonNegative)),
  at([i, 'productSpectralNorm'], required(bad.nonNegative)),
];
const certificateRho = e('certificateRho', {
  call: (l, [lr, c]) => l.train.certificateRho(lr as number, c as never),
  valid: fc.tuple(lrArb, certInputs).map(([lr, c]): Args => [lr, c]),
  degenerate: fc.constantFrom<Args>(
    [1e-300, { mu: 0, Lambda: 0, errorSpectralNorm: 0, productSpectralNorm: 0 }],
    [1e150, { mu: 1e150, Lambda: 1e150, errorSpectralNorm: 1, productSpectralNorm: 1 }],
  ),
  bad: corrupt(
    fc.tuple(lrArb, certInputs).map(([lr, c]): Args => [lr, c]),
    [at([0], bad.positive), ...certSlots(1)],
  ),
});
const certifiedStepSize = e('certifiedStepSize', {
  call: (l, [c]) => l.train.certifiedStepSize(c as never),
  valid: certInputs.map((c): Args => [c]),
  degenerate: fc.constantFrom<Args>(
    [{ mu: 0, Lambda: 0, errorSpectralNorm: 0, productSpectralNorm: 0 }],
    [{ mu: 1e-300, Lambda: 1e-300, errorSpectralNorm: 1e300, productSpectralNorm: 1e300 }],
  ),
  bad: corrupt(
    certInputs.map((c): Args => [c]),
    certSlots(0),
  ),
});

// ---------------------------------------------------------------------------------------------
// two-layer ReLU GD

const twoLayerValid = fc
  .tuple(int(1, 5), int(1, 3))
  .chain(([n, d]) =>
    fc.tuple(
      nested(n, d),
      vector(n),
      int(1, 8),
      num(0.01, 0.5),
      int(0, 20),
      seed(),
      fc.constantFrom('sum', 'mean'),
    ),
  )
  .map(
    ([X, y, width, learningRate, steps, initSeed, lossNormalization]): Args => [
      { X, y, width, learningRate, steps, initSeed, lossNormalization },
    ],
  );
const twoLayerSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'X'], required(bad.matrix)),
  at([0, 'y'], required(fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6])))),
  at([0, 'width'], required(bad.size(1))),
  at([0, 'learningRate'], required(bad.positive)),
  at([0, 'steps'], required(bad.size(0))),
  at([0, 'kappa'], bad.positive),
  at([0, 'initSeed'], required(bad.seed)),
  at([0, 'lossNormalization'], badOf('max', 0, -1, Number.NaN)),
  at([0, 'init'], badOf('x', {}, { W0: [[1]], a: [1, 2] })),
  at([0, 'onStep'], fc.oneof(bad.fn, badOf(tag.fn('throws')))),
];
const twoLayerReluGd = e('twoLayerReluGd', {
  call: (l, [o]) => l.train.twoLayerReluGd(o as never),
  valid: fc.oneof(
    twoLayerValid,
    twoLayerValid.map(([o]): Args => [{ ...(o as object), onStep: tag.fn('noop'), kappa: 0.5 }]),
  ),
  degenerate: fc.constantFrom<Args>(
    [{ X: [[0]], y: [0], width: 1, learningRate: 0.1, steps: 3, initSeed: 0 }],
    [{ X: [[1], [1]], y: [1, -1], width: 2, learningRate: 0.1, steps: 3, initSeed: 0 }],
    [{ X: [[1e150]], y: [1], width: 1, learningRate: 0.1, steps: 2, initSeed: 0 }],
    [{ X: [[1]], y: [1], width: 1, learningRate: 1e3, steps: 50, initSeed: 0 }],
  ),
  bad: corrupt(
    twoLayerValid,
    twoLayerSlots,
    args({ X: [[1]], y: [1], width: 1e6, learningRate: 0.1, steps: 1e9, initSeed: 0 }),
  ),
});
const twoLayerPredict = e('twoLayerReluGd', {
  name: 'twoLayerReluGd().predict',
  call: (l, [o, Xn]) => l.train.twoLayerReluGd(o as never).predict(Xn as never),
  valid: twoLayerValid.chain(([o]) => {
    const d = ((o as { X: Nested }).X[0] as number[]).length;
    return nested(2, d).map((Xn): Args => [o, Xn]);
  }),
  degenerate: args({ X: [[1]], y: [1], width: 2, learningRate: 0.1, steps: 2, initSeed: 0 }, [[0]]),
  bad: fc
    .oneof(bad.matrix, badOf([[1, 2]]))
    .map(
      (Xn): Args => [{ X: [[1]], y: [1], width: 2, learningRate: 0.1, steps: 2, initSeed: 0 }, Xn],
    ),
});

export const trainSpecs: PackageSpecs = {
  package: 'train',
  entries: [
    createMlp,
    predict,
    apply,
    setParams,
    readParams,
    clone,
    predictDisposed,
    train,
    sharpnessMeasurement,
    sharpnessInTrain,
    compareWithLinearization,
    empiricalNtk,
    empiricalNtkF64,
    mlpHessianVectorProduct,
    mlpHessianOperator,
    hessianOperatorApply,
    mlpSharpness,
    hessianTopEigenvalue,
    ensureGradients,
    linearizedModel,
    lmMethod('at'),
    lmMethod('atTime'),
    lmMethod('trajectory'),
    lmMethod('flowTrajectory'),
    linearizedGd,
    stepSizeThresholds,
    linearNetworkProduct,
    netTarget('linearNetworkError'),
    netTarget('linearNetworkLoss'),
    linearNetworkImbalance,
    imbalanceLowerBound,
    netLr('linearNetworkCertificate'),
    netLr('linearNetworkGdStep'),
    linearNetworkGd,
    initLinearNetwork,
    linearNetworkTarget,
    whitenedTarget,
    certificateRho,
    certifiedStepSize,
    twoLayerReluGd,
    twoLayerPredict,
  ],
  notCallable: {
    CERTIFICATE_ROUNDING_FACTOR:
      "a number: linearNetworkGd's rounding allowance (its cases cover it)",
    DEFAULT_INDEFINITE_TOLERANCE:
      "a number: stepSizeThresholds' default tolerance (its cases cover it)",
    DivergenceError: "error class: thrown by train's diverging cases",
    ModelDisposedError: 'error class: thrown by the disposed-model cases (createMlp().dispose)',
    SHARPNESS_DEFAULTS: "a constant object: mlpSharpness/hessianTopEigenvalue's defaults",
    TRAIN_DEFAULTS: "a constant object: train's defaults",
  },
};
