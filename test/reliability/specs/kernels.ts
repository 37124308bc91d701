// @overparam/kernels: the kernel factories and their four methods (f64, diagF64, gpu, diagGpu),
// kernel ridge (float64, CG on the backend, and the router), alignments, the spectrum,
// Monte-Carlo averaging and random arc-cosine features.
import {
  type Args,
  args,
  at,
  bad,
  badOf,
  corrupt,
  degeneratePoints,
  degeneratePoints32,
  fc,
  HUGE_X,
  hostForm,
  identityNested,
  int,
  type Matrix64Like,
  type Nested,
  nested,
  num,
  points,
  required,
  seed,
  spd,
  TINY_BUDGET,
  tag,
  toM64,
  vector,
  zerosNested,
} from '../harness/arbitraries.js';
import { defineCallback } from '../harness/encode.js';
import type { Entry, Lib, PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('kernels');

// s => a 2×2 kernel estimate; the 'ragged', 'nan', 'string' and 'reshape' variants break it.
defineCallback('estimate', (p) => (s: number) => {
  const v = 1 + (s % 3);
  switch (p.returns) {
    case 'ragged':
      return s === 1
        ? [[1, 2], [3]]
        : [
            [v, 0.5],
            [0.5, 2],
          ];
    case 'nan':
      return s === 1
        ? [
            [Number.NaN, 0],
            [0, 1],
          ]
        : [
            [v, 0.5],
            [0.5, 2],
          ];
    case 'string':
      return 'x';
    case 'reshape':
      return s === 0
        ? [
            [v, 0.5],
            [0.5, 2],
          ]
        : [[v]];
    default:
      return [
        [v, 0.5],
        [0.5, 2],
      ];
  }
});

interface KernelFactory {
  name:
    | 'rbfKernel'
    | 'laplaceKernel'
    | 'laplaceL1Kernel'
    | 'linearKernel'
    | 'polynomialKernel'
    | 'arcCosineKernel'
    | 'gramInfinityKernel'
    | 'fcKernel';
  options: fc.Arbitrary<Record<string, unknown>>;
  degenerate: Record<string, unknown>[];
  slots: [string, fc.Arbitrary<unknown>][];
  optionsRequired?: boolean;
}

const lengthScaled = (name: 'rbfKernel' | 'laplaceKernel' | 'laplaceL1Kernel'): KernelFactory => ({
  name,
  options: fc.record({ lengthScale: num(0.2, 5) }, { requiredKeys: [] }),
  degenerate: [{ lengthScale: 1e-300 }, { lengthScale: 1e300 }, {}],
  slots: [['lengthScale', bad.positive]],
});

const FACTORIES: KernelFactory[] = [
  lengthScaled('rbfKernel'),
  lengthScaled('laplaceKernel'),
  lengthScaled('laplaceL1Kernel'),
  {
    name: 'linearKernel',
    options: fc.record({ offset: num(0, 3) }, { requiredKeys: [] }),
    degenerate: [{ offset: 0 }, { offset: 1e100 }],
    slots: [['offset', bad.nonNegative]],
  },
  {
    name: 'polynomialKernel',
    options: fc.record(
      { degree: int(1, 4), gamma: num(0.1, 2), coef0: num(0, 2) },
      { requiredKeys: [] },
    ),
    degenerate: [{ degree: 1, coef0: 0 }, { degree: 12 }, { gamma: 1e-300 }],
    slots: [
      ['degree', bad.integer(1)],
      ['gamma', bad.positive],
      ['coef0', bad.nonNegative],
    ],
  },
  {
    name: 'arcCosineKernel',
    options: fc.record({ order: fc.constantFrom(0, 1, 2) }, { requiredKeys: [] }),
    degenerate: [{ order: 0 }, { order: 2 }],
    slots: [['order', badOf(3, -1, 1.5, '1', null, Number.NaN)]],
  },
  {
    name: 'gramInfinityKernel',
    options: fc.constant({}),
    degenerate: [{ budget: { maxFlops: Infinity, maxBytes: Infinity } }],
    slots: [],
  },
  {
    name: 'fcKernel',
    optionsRequired: true,
    options: fc.oneof(
      fc.record(
        {
          depth: int(1, 3),
          activation: fc.constantFrom('relu', 'erf', 'leakyRelu'),
          wStd: num(0.5, 2),
          bStd: num(0, 1),
          alpha: num(-1, 1),
        },
        { requiredKeys: ['depth'] },
      ),
      fc.record({
        depth: int(1, 3),
        parameterization: fc.constant('standard'),
        width: int(1, 64),
      }),
    ),
    degenerate: [
      { depth: 1, wStd: 0, bStd: 0 },
      { depth: 8 },
      { depth: 1, activation: 'erf', wStd: 1e3 },
    ],
    slots: [
      ['depth', fc.oneof(bad.size(1), badOf(undefined))],
      ['activation', bad.name],
      ['wStd', fc.oneof(bad.nonNegative, badOf(1e200))],
      ['bStd', bad.nonNegative],
      ['alpha', bad.number],
      ['parameterization', bad.name],
      ['width', badOf(0, 1.5, -1, 'x', [1, 2, 3, 4, 5])],
    ],
  },
];

function make(l: Lib, name: KernelFactory['name'], options: unknown) {
  return (
    l.kernels[name] as (o: unknown) => {
      f64(X: unknown, Y?: unknown): unknown;
      diagF64(X: unknown): unknown;
      gpu(X: unknown, Y?: unknown, o?: unknown): Promise<unknown>;
      diagGpu(X: unknown): Promise<unknown>;
    }
  )(options);
}

function kernelEntries(k: KernelFactory): Entry[] {
  const factoryValid = k.options.map((o): Args => [o]);
  const factorySlots = [
    ...(k.optionsRequired
      ? [at([0], fc.oneof(bad.options, badOf(undefined)))]
      : [at([0], bad.options)]),
    at([0, 'budget'], bad.budget),
    ...k.slots.map(([key, values]) => at([0, key], values)),
  ];
  const factory = e(k.name, {
    call: (l, [o]) => make(l, k.name, o),
    valid: factoryValid,
    degenerate: fc.constantFrom(...k.degenerate.map((o): Args => [o])),
    bad: corrupt(factoryValid, factorySlots, args(tag.tensor([[1]]))),
    methodsElsewhere: {},
  });

  const pairValid = fc
    .tuple(
      k.options,
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
    )
    .chain(([o, nx, ny, d, withY]) =>
      fc.tuple(
        fc.constant(o),
        hostForm(nested(nx, d)),
        withY ? hostForm(nested(ny, d)) : fc.constant(undefined),
      ),
    )
    .map(([o, X, Y]): Args => [o, X, Y]);
  const defaultOptions = k.optionsRequired ? { depth: 2 } : {};
  const shapeBad = [
    args(defaultOptions, [[1, 2]], [[1, 2, 3]]),
    args(defaultOptions, HUGE_X),
    args({ ...defaultOptions, ...TINY_BUDGET }, [[1], [2], [3]]),
  ];
  const f64 = e(k.name, {
    name: `${k.name}().f64`,
    call: (l, [o, X, Y]) => make(l, k.name, o).f64(X, Y),
    valid: pairValid,
    degenerate: fc
      .tuple(
        fc.constantFrom(
          defaultOptions,
          ...k.degenerate.filter((o) => !k.optionsRequired || 'depth' in o),
        ),
        hostForm(degeneratePoints()),
      )
      .map(([o, X]): Args => [o, X, undefined]),
    bad: corrupt(
      pairValid,
      [at([1], bad.matrix), at([2], fc.oneof(bad.matrix, badOf(null)))],
      ...shapeBad,
    ),
  });

  const diagValid = fc.tuple(k.options, hostForm(points())).map(([o, X]): Args => [o, X]);
  const diagF64 = e(k.name, {
    name: `${k.name}().diagF64`,
    call: (l, [o, X]) => make(l, k.name, o).diagF64(X),
    valid: diagValid,
    degenerate: hostForm(degeneratePoints()).map((X): Args => [defaultOptions, X]),
    bad: corrupt(diagValid, [at([1], bad.matrix)]),
  });

  const tensorForm = (m: fc.Arbitrary<Nested>) =>
    fc.tuple(m, fc.boolean()).map(([x, t]) => (t ? tag.tensor(x) : x));
  const gpuValid = fc
    .tuple(k.options, int(1, 4), int(1, 4), int(1, 3), fc.boolean())
    .chain(([o, nx, ny, d, withY]) =>
      fc.tuple(
        fc.constant(o),
        tensorForm(nested(nx, d)),
        withY ? tensorForm(nested(ny, d)) : fc.constant(undefined),
        fc.constantFrom(
          undefined,
          {},
          { maxTileElements: 3 },
          { onProgress: tag.fn('noop'), signal: tag.signal(false) },
        ),
      ),
    )
    .map(([o, X, Y, g]): Args => [o, X, Y, g]);
  const gpu = e(k.name, {
    name: `${k.name}().gpu`,
    call: (l, [o, X, Y, g]) => make(l, k.name, o).gpu(X, Y, g),
    valid: gpuValid,
    degenerate: fc.oneof(
      hostForm(degeneratePoints32()).map((X): Args => [defaultOptions, X, undefined, undefined]),
      args(defaultOptions, [[1]], undefined, { signal: tag.signal(true) }),
      args(defaultOptions, [[1], [2]], undefined, { maxTileElements: 1 }),
    ),
    bad: corrupt(
      gpuValid,
      [
        at([1], bad.matrix),
        at([2], fc.oneof(bad.matrix, badOf(null))),
        at([3], bad.options),
        at([3, 'maxTileElements'], bad.integer(1)),
        at([3, 'signal'], bad.signal),
        at([3, 'onProgress'], bad.fn),
        at([3, 'budget'], bad.budget),
        ...(k.name === 'fcKernel' ? [at([3, 'implementation'], bad.name)] : []),
      ],
      args(defaultOptions, tag.tensor([[1, 2]]), tag.tensor([[1, 2, 3]]), undefined),
      args(defaultOptions, HUGE_X, undefined, undefined),
      args(defaultOptions, [[1], [2], [3]], undefined, TINY_BUDGET),
    ),
  });

  const diagGpuValid = fc.tuple(k.options, tensorForm(points())).map(([o, X]): Args => [o, X]);
  const diagGpu = e(k.name, {
    name: `${k.name}().diagGpu`,
    call: (l, [o, X]) => make(l, k.name, o).diagGpu(X),
    valid: diagGpuValid,
    degenerate: hostForm(degeneratePoints32()).map((X): Args => [defaultOptions, X]),
    bad: corrupt(diagGpuValid, [at([1], bad.matrix)]),
  });
  return [factory, f64, diagF64, gpu, diagGpu];
}

// ---------------------------------------------------------------------------------------------
// kernel ridge

/** A PSD kernel matrix on n points and targets (a vector or n×k). */
const ridgeProblem = int(1, 5).chain((n) =>
  fc.tuple(
    spd([n, n], 0.1),
    fc.oneof(
      vector(n),
      int(1, 3).chain((k) => nested(n, k)),
    ),
  ),
);
const ridgeOptions = fc.constantFrom({}, { ridge: 1e-3 }, { ridge: 0.5, rcond: 1e-12 });
const ridgeValid = fc.tuple(ridgeProblem, ridgeOptions).map(([[K, Y], o]): Args => [K, Y, o]);
const ridgeDegenerate = fc.oneof(
  args([[0]], [1], {}),
  args(zerosNested(3, 3), [1, 2, 3], {}),
  args(
    [
      [1, 1],
      [1, 1],
    ],
    [1, -1],
    { ridge: 0 },
  ),
  args(
    [
      [1, 1],
      [1, 1],
    ],
    [1, 1],
    {},
  ),
  args(
    [
      [1e-300, 0],
      [0, 1e-300],
    ],
    [1, 1],
    {},
  ),
  args(
    [
      [1e150, 0],
      [0, 1],
    ],
    [0, 0],
    {},
  ),
);
const ridgeSlots = [
  at([0], bad.matrix),
  at([1], bad.targets),
  at([2], bad.options),
  at([2, 'ridge'], bad.nonNegative),
  at([2, 'rcond'], bad.nonNegative),
];
const ridgeShapeBad = [
  args(
    [
      [1, 2],
      [3, 4],
    ],
    [1, 1],
    {},
  ),
  args([[1, 0, 0]], [1], {}),
  args(
    [
      [1, 0],
      [0, 1],
    ],
    [1, 2, 3],
    {},
  ),
  args(
    [
      [-1, 0],
      [0, -1],
    ],
    [1, 1],
    {},
  ),
];

const SINGULAR = { reason: 'cond is Infinity when K is singular, as documented', at: /\.cond$/ };

const kernelRidge = e('kernelRidge', {
  allowInfinity: SINGULAR,
  call: (l, [K, Y, o]) => l.kernels.kernelRidge(K as never, Y as never, o as never),
  valid: ridgeValid,
  degenerate: ridgeDegenerate,
  bad: corrupt(ridgeValid, ridgeSlots, ...ridgeShapeBad),
});

// gpInference: the same problems with diagReg in place of ridge.
const gpOptions = fc.constantFrom({}, { diagReg: 1e-3 }, { diagReg: 0.5, rcond: 1e-12 });
const gpValid = fc.tuple(ridgeProblem, gpOptions).map(([[K, Y], o]): Args => [K, Y, o]);
const gpSlots = [
  at([0], bad.matrix),
  at([1], bad.targets),
  at([2], bad.options),
  at([2, 'diagReg'], bad.nonNegative),
  at([2, 'rcond'], bad.nonNegative),
];
const GP_SINGULAR = {
  reason: 'condition is Infinity when K + diagReg·I is singular, as documented',
  at: /condition$/,
};
const gpInference = e('gpInference', {
  allowInfinity: GP_SINGULAR,
  call: (l, [K, Y, o]) => l.kernels.gpInference(K as never, Y as never, o as never),
  valid: gpValid,
  degenerate: ridgeDegenerate,
  bad: corrupt(gpValid, gpSlots, ...ridgeShapeBad),
});
const gpWithTest = gpValid.chain(([K, Y, o]) =>
  int(1, 3).chain((m) =>
    fc.tuple(nested(m, (K as Nested).length), vector(m)).map(([Kt, d]): Args => [K, Y, o, Kt, d]),
  ),
);
const gpPosterior = e('gpInference', {
  name: 'gpInference().posterior',
  allowInfinity: GP_SINGULAR,
  // Random test kernels need not come from K's kernel: a clearly negative variance is refused.
  validMayThrow:
    'a kTestTest that is not the kernel of K gives a negative variance: InvalidArgumentError',
  call: (l, [K, Y, o, Kt, d]) =>
    l.kernels.gpInference(K as never, Y as never, o as never).posterior(Kt as never, d as never),
  valid: gpWithTest,
  degenerate: args([[1]], [1], {}, [[0]], [1]),
  bad: corrupt(
    gpWithTest,
    [at([3], bad.matrix)],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [[1, 2, 3]],
      [1],
    ),
  ),
});

// gpInferenceGpu: kernelRidgeGpu's problems with diagReg in place of ridge.
const gpGpuOptions = fc.constantFrom<Record<string, unknown>>(
  {},
  { diagReg: 1e-2 },
  { diagReg: 0.1, tol: 1e-4, maxIterations: 50 },
  { diagReg: 1e-3, diagRegFloor: 1e-4, signal: tag.signal(false) },
);
const gpGpuValid = fc
  .tuple(ridgeProblem, gpGpuOptions, fc.boolean())
  .map(
    ([[K, Y], o, t]): Args => [
      t ? tag.tensor(K) : K,
      t && Array.isArray(Y[0]) ? tag.tensor(Y) : Y,
      o,
    ],
  );
const gpInferenceGpu = e('gpInferenceGpu', {
  call: (l, [K, Y, o]) => l.kernels.gpInferenceGpu(K as never, Y as never, o as never),
  valid: gpGpuValid,
  degenerate: fc.oneof(
    ridgeDegenerate.filter(([K]) => (K as Nested)[0]?.[0] !== 1e150),
    args([[1]], [1], { signal: tag.signal(true) }),
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      { diagRegFloor: 0, maxIterations: 1 },
    ),
  ),
  bad: corrupt(
    gpGpuValid,
    [
      at([0], bad.matrix),
      at([1], bad.targets),
      at([2], bad.options),
      at([2, 'diagReg'], bad.nonNegative),
      at([2, 'diagRegFloor'], bad.nonNegative),
      at([2, 'tol'], bad.positive),
      at([2, 'maxIterations'], bad.integer(1)),
      at([2, 'signal'], bad.signal),
      at([2, 'budget'], bad.budget),
    ],
    ...ridgeShapeBad,
    args(
      tag.tensor([
        [Number.NaN, 0],
        [0, 1],
      ]),
      [1, 1],
      {},
    ),
    args(identityNested(3), [1, 2, 3], TINY_BUDGET),
  ),
  timeoutMs: 20_000,
});
/** [K, Y, options, K(X*, X), k(x*, x*), posterior options, dispose the model first]. */
const gpGpuWithTest = gpGpuValid.chain(([K, Y, o]) =>
  int(1, 3).chain((m) =>
    fc
      .tuple(
        nested(m, sizeOf(K)),
        vector(m, num(0, 3)),
        fc.boolean(),
        fc.constantFrom<unknown>(
          undefined,
          {},
          { exactUpTo: 0, probes: 4, seed: 7 },
          { exactUpTo: 1 },
          { signal: tag.signal(false) },
        ),
      )
      .map(
        ([Kt, d, t, po]): Args => [
          K,
          Y,
          o,
          t ? tag.tensor(Kt) : Kt,
          t ? tag.tensor(d) : d,
          po,
          false,
        ],
      ),
  ),
);
const gpInferenceGpuPosterior = e('gpInferenceGpu', {
  name: 'gpInferenceGpu().posterior',
  call: async (l, [K, Y, o, Kt, d, po, disposeFirst], ctx) => {
    const model = ctx.own(await l.kernels.gpInferenceGpu(K as never, Y as never, o as never));
    if (disposeFirst === true) model.dispose();
    return model.posterior(Kt as never, d as never, po as never);
  },
  valid: gpGpuWithTest,
  degenerate: fc.oneof(
    args([[1]], [1], {}, [[0]], [0], {}, false),
    args([[1]], [1], {}, toM64(zerosNested(0, 1)), [], {}, false),
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [1, 1, 2],
      { exactUpTo: 0, probes: 2 },
      false,
    ),
    args([[1]], [1], {}, [[1]], [1], { signal: tag.signal(true) }, false),
  ),
  bad: corrupt(
    gpGpuWithTest,
    [
      at([3], bad.matrix),
      at([4], fc.oneof(bad.vector, badOf(tag.tensor([[1]]), tag.tensor([1], { disposed: true })))),
      at([5], bad.options),
      at([5, 'probes'], bad.integer(2)),
      at([5, 'seed'], bad.seed),
      at([5, 'exactUpTo'], bad.integer(0)),
      at([5, 'signal'], bad.signal),
      at([6], badOf(true)),
    ],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [[1, 2, 3]],
      [1],
      {},
      false,
    ),
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [[1, 0]],
      [1, 2],
      {},
      false,
    ),
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [[1, 0]],
      tag.tensor([1, 2]),
      {},
      false,
    ),
  ),
  timeoutMs: 20_000,
});

const withTest = ridgeValid.chain(([K, Y, o]) =>
  int(1, 3).chain((m) => nested(m, (K as Nested).length).map((Kt): Args => [K, Y, o, Kt])),
);
const kernelRidgePredict = e('kernelRidge', {
  name: 'kernelRidge().predict',
  call: (l, [K, Y, o, Kt]) =>
    l.kernels.kernelRidge(K as never, Y as never, o as never).predict(Kt as never),
  valid: withTest,
  degenerate: args([[1]], [1], {}, [[0]]),
  bad: corrupt(
    withTest,
    [at([3], bad.matrix)],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
      {},
      [[1, 2, 3]],
    ),
  ),
});
const kernelRidgePredictGpu = e('kernelRidge', {
  name: 'kernelRidge().predictGpu',
  call: (l, [K, Y, o, Kt]) =>
    l.kernels.kernelRidge(K as never, Y as never, o as never).predictGpu(Kt as never),
  valid: withTest.map(([K, Y, o, Kt]): Args => [K, Y, o, tag.tensor(Kt)]),
  degenerate: args([[1]], [1], {}, tag.tensor([[0]])),
  bad: fc.oneof(
    badOf(
      null,
      'x',
      tag.tensor([[1, 0]], { disposed: true }),
      tag.tensor([1, 0]),
      tag.tensor([[1, 2, 3]]),
    ).map(
      (Kt): Args => [
        [
          [1, 0],
          [0, 1],
        ],
        [1, 1],
        {},
        Kt,
      ],
    ),
  ),
});

const gpuRidgeOptions = fc.constantFrom(
  {},
  { ridge: 1e-2 },
  { ridge: 0.1, tol: 1e-4, maxIterations: 50 },
);
const gpuRidgeValid = fc
  .tuple(ridgeProblem, gpuRidgeOptions, fc.boolean())
  .map(
    ([[K, Y], o, t]): Args => [
      t ? tag.tensor(K) : K,
      t && Array.isArray(Y[0]) ? tag.tensor(Y) : Y,
      o,
    ],
  );
const gpuRidgeSlots = [
  at([0], bad.matrix),
  at([1], bad.targets),
  at([2], bad.options),
  at([2, 'ridge'], bad.nonNegative),
  at([2, 'ridgeFloor'], bad.nonNegative),
  at([2, 'tol'], bad.positive),
  at([2, 'maxIterations'], bad.integer(1)),
];
const kernelRidgeGpu = e('kernelRidgeGpu', {
  call: (l, [K, Y, o]) => l.kernels.kernelRidgeGpu(K as never, Y as never, o as never),
  valid: gpuRidgeValid,
  degenerate: ridgeDegenerate.filter(([K]) => (K as Nested)[0]?.[0] !== 1e150),
  bad: corrupt(
    gpuRidgeValid,
    gpuRidgeSlots,
    ...ridgeShapeBad,
    args(
      tag.tensor([
        [Number.NaN, 0],
        [0, 1],
      ]),
      [1, 1],
      {},
    ),
  ),
  timeoutMs: 20_000,
});
const gpuWithTest = gpuRidgeValid.chain(([K, Y, o]) =>
  int(1, 3).chain((m) => nested(m, sizeOf(K)).map((Kt): Args => [K, Y, o, Kt])),
);
function sizeOf(K: unknown): number {
  const t = K as { $rel?: string; values?: Nested };
  return t.$rel === 'tensor' ? (t.values as Nested).length : (K as Nested).length;
}
const kernelRidgeGpuPredict = e('kernelRidgeGpu', {
  name: 'kernelRidgeGpu().predict',
  call: async (l, [K, Y, o, Kt], ctx) => {
    const model = ctx.own(await l.kernels.kernelRidgeGpu(K as never, Y as never, o as never));
    return model.predict(Kt as never);
  },
  valid: fc.oneof(
    gpuWithTest,
    gpuWithTest.map(([K, Y, o, Kt]): Args => [K, Y, o, tag.tensor(Kt)]),
  ),
  degenerate: args([[1]], [1], {}, [[0]]),
  bad: fc.oneof(
    fc.oneof(bad.matrix, badOf(tag.tensor([[1, 2, 3]]), [[1, 2, 3]])).map(
      (Kt): Args => [
        [
          [1, 0],
          [0, 1],
        ],
        [1, 1],
        {},
        Kt,
      ],
    ),
  ),
  timeoutMs: 20_000,
});

const fitOptions = fc.constantFrom(
  {},
  { solver: 'f64' },
  { solver: 'gpu-cg', ridge: 1e-2 },
  { solver: 'auto', f64MaxN: 0, ridge: 0.1 },
  { ridge: 1e-3, rcond: 1e-12 },
);
const fitValid = fc
  .tuple(ridgeProblem, fitOptions, fc.boolean())
  .map(([[K, Y], o, t]): Args => [t ? tag.tensor(K) : K, Y, o]);
const fitKernelRidge = e('fitKernelRidge', {
  allowInfinity: SINGULAR,
  call: (l, [K, Y, o]) => l.kernels.fitKernelRidge(K as never, Y as never, o as never),
  valid: fitValid,
  degenerate: fc.oneof(ridgeDegenerate, args([[1]], [1], { solver: 'gpu-cg' })),
  bad: corrupt(
    fitValid,
    [
      ...gpuRidgeSlots,
      at([2, 'solver'], bad.name),
      at([2, 'f64MaxN'], bad.integer(0)),
      at([2, 'rcond'], bad.nonNegative),
    ],
    ...ridgeShapeBad,
  ),
  timeoutMs: 20_000,
  methodsElsewhere: {},
});
const fitWithTest = fitValid.chain(([K, Y, o]) =>
  int(1, 3).chain((m) => nested(m, sizeOf(K)).map((Kt): Args => [K, Y, o, Kt])),
);
const fitMethod = (m: 'predict' | 'predictGpu') =>
  e('fitKernelRidge', {
    name: `fitKernelRidge().${m}`,
    call: async (l, [K, Y, o, Kt], ctx) => {
      const fit = ctx.own(await l.kernels.fitKernelRidge(K as never, Y as never, o as never));
      return fit[m](Kt as never);
    },
    valid:
      m === 'predict'
        ? fc.oneof(
            fitWithTest,
            fitWithTest.map(([K, Y, o, Kt]): Args => [K, Y, o, tag.tensor(Kt)]),
          )
        : fitWithTest.map(([K, Y, o, Kt]): Args => [K, Y, o, tag.tensor(Kt)]),
    degenerate: args([[1]], [1], { solver: 'gpu-cg' }, tag.tensor([[0]])),
    bad: fc
      .tuple(
        fc.constantFrom({ solver: 'f64' }, { solver: 'gpu-cg' }),
        fc.oneof(bad.matrix, badOf([[1, 2, 3]], tag.tensor([[1, 2, 3]]))),
      )
      .map(
        ([o, Kt]): Args => [
          [
            [1, 0],
            [0, 1],
          ],
          [1, 1],
          o,
          Kt,
        ],
      ),
    timeoutMs: 20_000,
  });

// ---------------------------------------------------------------------------------------------
// alignments and spectra

const kernelAndTargets = int(1, 5).chain((n) =>
  fc.tuple(hostForm(spd([n, n], 0)), fc.oneof(vector(n), nested(n, 2))),
);

const ktaValid = fc
  .tuple(kernelAndTargets, fc.constantFrom(undefined, {}, { centered: true }, { centered: false }))
  .map(([[K, Y], o]): Args => [K, Y, o]);
const kernelTargetAlignment = e('kernelTargetAlignment', {
  call: (l, [K, Y, o]) => l.kernels.kernelTargetAlignment(K as never, Y as never, o as never),
  valid: ktaValid,
  degenerate: fc.oneof(
    args([[0]], [0], {}),
    args(zerosNested(3, 3), [1, 2, 3], { centered: true }),
    args(
      [
        [1, 1],
        [1, 1],
      ],
      [1, 1],
      { centered: true },
    ),
    args(
      [
        [1e300, 0],
        [0, 1e300],
      ],
      [1e300, 1e300],
      {},
    ),
    args([[1]], [1], { centered: true }),
  ),
  bad: corrupt(
    ktaValid,
    [
      at([0], bad.matrix),
      at([1], bad.targets),
      at([2], bad.options),
      at([2, 'centered'], bad.boolean),
      at([2, 'budget'], bad.budget),
    ],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 2, 3],
      {},
    ),
    args([[1, 0, 0]], [1], {}),
  ),
});

const ckaValid = int(1, 5)
  .chain((n) => fc.tuple(hostForm(spd([n, n], 0)), hostForm(spd([n, n], 0))))
  .map(([K, L]): Args => [K, L, {}]);
const centeredKernelAlignment = e('centeredKernelAlignment', {
  call: (l, [K, L, o]) => l.kernels.centeredKernelAlignment(K as never, L as never, o as never),
  valid: ckaValid,
  degenerate: fc.oneof(
    args([[1]], [[2]], {}),
    args(
      zerosNested(2, 2),
      [
        [1, 0],
        [0, 1],
      ],
      {},
    ),
    args(
      [
        [1e308, 0],
        [0, 1e308],
      ],
      [
        [1e-308, 0],
        [0, 1e-308],
      ],
      {},
    ),
    args(
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 2],
      ],
      {},
    ),
  ),
  bad: corrupt(
    ckaValid,
    [at([0], bad.matrix), at([1], bad.matrix), at([2], bad.options), at([2, 'budget'], bad.budget)],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [[1]],
      {},
    ),
    args([[1, 0, 0]], [[1]], {}),
  ),
});

const daValid = int(1, 5)
  .chain((n) =>
    fc.tuple(
      hostForm(spd([n, n], 0)),
      int(1, 3).chain((j) => hostForm(nested(n, j))),
    ),
  )
  .map(([K, D]): Args => [K, D]);
const directionalAlignment = e('directionalAlignment', {
  call: (l, [K, D, o]) => (l.kernels.directionalAlignment as (...a: unknown[]) => unknown)(K, D, o),
  valid: daValid,
  degenerate: fc.oneof(
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [[0], [0]],
    ),
    args(zerosNested(2, 2), [[1], [1]]),
    args(
      [
        [1e300, 0],
        [0, 1e300],
      ],
      [[1e300], [1e-300]],
    ),
  ),
  bad: corrupt(
    daValid,
    [at([0], bad.matrix), at([1], bad.matrix), at([2], bad.options)],
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [[1, 2, 3]],
    ),
  ),
});

const spectrumValid = fc
  .tuple(kernelAndTargets, fc.boolean())
  .map(([[K, Y], withY]): Args => [K, withY ? { targets: Y } : {}]);
const kernelSpectrum = e('kernelSpectrum', {
  call: (l, [K, o]) => l.kernels.kernelSpectrum(K as never, o as never),
  valid: spectrumValid,
  degenerate: fc.oneof(
    args([[0]], { targets: [0] }),
    args(zerosNested(3, 3), { targets: [0, 0, 0] }),
    args(
      [
        [1e300, 0],
        [0, 1],
      ],
      { targets: [1e300, 1e-300] },
    ),
  ),
  bad: corrupt(
    spectrumValid,
    [
      at([0], bad.matrix),
      at([1], bad.options),
      at([1, 'targets'], bad.targets),
      at([1, 'budget'], bad.budget),
    ],
    args(
      [
        [1, 2],
        [3, 4],
      ],
      {},
    ),
    args(
      [
        [1, 0],
        [0, 1],
      ],
      { targets: [1, 2, 3] },
    ),
    args(toM64(zerosNested(3000, 3000)), {}),
  ),
});

const mcValid = fc
  .tuple(int(1, 8), fc.constantFrom({}, { flopsPerSample: 10 }))
  .map(([samples, o]): Args => [tag.fn('estimate'), { samples, ...o }]);
const monteCarloKernel = e('monteCarloKernel', {
  call: (l, [f, o]) => l.kernels.monteCarloKernel(f as never, o as never),
  valid: mcValid,
  degenerate: fc.oneof(
    args(tag.fn('estimate'), { samples: 1 }),
    args(tag.fn('const', { value: [[0]] }), { samples: 3 }),
  ),
  bad: corrupt(
    mcValid,
    [
      at([0], bad.fn),
      at([1], fc.oneof(bad.options, badOf(undefined))),
      at([1, 'samples'], fc.oneof(bad.size(1), badOf(undefined))),
      at([1, 'flopsPerSample'], bad.nonNegative),
      at([1, 'budget'], bad.budget),
    ],
    fc
      .constantFrom('ragged', 'nan', 'string', 'reshape')
      .map((r): Args => [tag.fn('estimate', { returns: r }), { samples: 3 }]),
    args(tag.fn('throws'), { samples: 2 }),
  ),
});

const racfValid = fc
  .tuple(
    hostForm(points()),
    fc.record(
      { order: fc.constantFrom(0, 1, 2), features: int(1, 64), featureSeed: seed() },
      { requiredKeys: ['features', 'featureSeed'] },
    ),
  )
  .map(([X, o]): Args => [X, o]);
const randomArcCosineFeatures = e('randomArcCosineFeatures', {
  call: (l, [X, o]) => l.kernels.randomArcCosineFeatures(X as never, o as never),
  valid: racfValid,
  degenerate: fc.oneof(
    hostForm(degeneratePoints()).map((X): Args => [X, { features: 3, featureSeed: 0 }]),
    args([[1]], { features: 1, featureSeed: 2 ** 32 - 1, order: 0 }),
  ),
  bad: corrupt(racfValid, [
    at([0], bad.matrix),
    at([1], fc.oneof(bad.options, badOf(undefined))),
    at([1, 'order'], badOf(3, -1, 1.5, '1', null)),
    at([1, 'features'], fc.oneof(bad.size(1), badOf(undefined))),
    at([1, 'featureSeed'], fc.oneof(bad.seed, badOf(undefined))),
    at([1, 'budget'], bad.budget),
  ]),
});

// ---------------------------------------------------------------------------------------------
// predictions: step-size thresholds, GD on the MSE in closed form, its ensemble over
// initializations, and hyperparameter selection

// A Matrix64 from its parts, for the callbacks that build kernel matrices in the worker.
const m64 = (rows: number, cols: number, data: Float64Array) => ({ rows, cols, data });

// A NetworkKernel: fcKernel(options), built in the worker.
defineCallback('fcKernel', (p, env) => env.lib.kernels.fcKernel(p.options as never));
// A hand-made NetworkKernel { f64, diagF64 }: nngp = rbf (length scale 1), ntk = 2·rbf. The
// bad variants return a string, the wrong shape (1×1 or transposed cross kernels), NaN, an
// indefinite ntk, or throw.
defineCallback('netKernel', (p, env) => {
  const rbf = env.lib.kernels.rbfKernel({ lengthScale: 1 });
  const twice = (M: Matrix64Like) =>
    m64(
      M.rows,
      M.cols,
      M.data.map((v) => 2 * v),
    );
  const boom = env.decode(tag.fn('throws')) as () => never;
  const pair = (M: Matrix64Like) => {
    switch (p.returns) {
      case 'nan':
        return {
          nngp: M,
          ntk: m64(
            M.rows,
            M.cols,
            M.data.map((v, i) => (i === 0 ? Number.NaN : v)),
          ),
        };
      case 'indefinite':
        return {
          nngp: M,
          ntk: m64(
            M.rows,
            M.cols,
            M.data.map((v) => -v),
          ),
        };
      case 'nngp-string':
        return { nngp: 'x', ntk: twice(M) };
      default:
        return { nngp: M, ntk: twice(M) };
    }
  };
  return {
    f64(X: never, Y?: never) {
      if (p.returns === 'throws') boom();
      if (p.returns === 'string') return 'x';
      if (p.returns === 'wrong-shape') return pair(toM64([[1]]));
      // K(Y, X) in place of K(X, Y): transposed, so m×n comes back n×m.
      if (p.returns === 'wrong-cross' && Y !== undefined) return pair(rbf.f64(Y, X));
      return pair(rbf.f64(X, Y));
    },
    diagF64(X: never) {
      if (p.returns === 'string') return 'x';
      const d = rbf.diagF64(X);
      if (p.returns === 'wrong-cross') return { nngp: Float64Array.of(...d, 1), ntk: d };
      return { nngp: d, ntk: d.map((v) => 2 * v) };
    },
  };
});
// selectHyperparameters' factory: setting => a kernel. 'rbf' reads lengthScale, 'fc' depth,
// wStd and bStd (other names pass through unread); the bad families return null, a kernel whose
// f64 returns a string, null, NaN or a 1×1 matrix whatever X is, or throw.
defineCallback('selectKernel', (p, env) => (s: Record<string, unknown>) => {
  const { kernels } = env.lib;
  const boom = env.decode(tag.fn('throws')) as () => never;
  switch (p.family) {
    case 'fc':
      return kernels.fcKernel({
        depth: (s.depth ?? 1) as number,
        wStd: (s.wStd ?? 1) as number,
        bStd: (s.bStd ?? 0.1) as number,
      });
    case 'null':
      return null;
    case 'string-f64':
      return { f64: () => 'x' };
    case 'null-f64':
      return { f64: () => null };
    case 'nan':
      return {
        f64: (X: Nested) => toM64(X.map((_, i) => X.map((_, j) => (i === j ? Number.NaN : 0)))),
      };
    case 'wrong-shape':
      return { f64: () => toM64([[1]]) };
    case 'throws':
      return boom();
    default:
      return kernels.rbfKernel({ lengthScale: (s.lengthScale ?? 1) as number });
  }
});

const thresholdsValid = fc
  .tuple(
    hostForm(spd([1, 5], 0.1)),
    fc.record(
      {
        lossNormalization: fc.constantFrom<'sum' | 'mean' | number>('sum', 'mean', 4),
        indefiniteTolerance: fc.constantFrom(0, 1e-6, 1e-3),
        budget: fc.constant({ maxFlops: 1e9 }),
      },
      { requiredKeys: [] },
    ),
    fc.boolean(),
  )
  .map(([K, o, omit]): Args => [K, omit && Object.keys(o).length === 0 ? undefined : o]);
// train re-exports this function unchanged; its entry there ('stepSizeThresholds') covers
// train's name, this one kernels' (with indefiniteTolerance and budget).
const stepSizeThresholds = e('stepSizeThresholds', {
  name: 'stepSizeThresholds in kernels',
  allowInfinity: {
    reason:
      'a threshold above the largest double (2/λ_max for a subnormal λ_max, or c·2/λ_max) rounds to Infinity: every finite step is below it; 2/(λ_min + λ_max) is 2/0 for λ_min = −λ_max, which an indefiniteTolerance ≥ 1 admits',
    at: /\.(maxStable|lee)(EffectiveStep|LearningRate)$/,
  },
  call: (l, [K, o]) => l.kernels.stepSizeThresholds(K as never, o as never),
  valid: thresholdsValid,
  degenerate: fc.constantFrom<Args>(
    [
      [
        [1, 1],
        [1, 1],
      ],
      {},
    ],
    [zerosNested(2, 2), {}],
    [[[1e-300]], { lossNormalization: 1e10 }],
    [[[5e-324]], {}],
    [
      [
        [1e300, 0],
        [0, 1],
      ],
      { lossNormalization: 1e300 },
    ],
    [
      [
        [1, 1],
        [1, 1],
      ],
      { indefiniteTolerance: 0 },
    ],
    [
      [
        [-1, 0],
        [0, 1],
      ],
      { indefiniteTolerance: 1 },
    ],
  ),
  bad: corrupt(
    thresholdsValid.map(([K, o]): Args => [K, o ?? {}]),
    [
      at([0], bad.matrix),
      at([1], bad.options),
      at([1, 'lossNormalization'], badOf('max', '', 0, -1, Number.NaN, Infinity, null, '1', {})),
      at([1, 'indefiniteTolerance'], bad.nonNegative),
      at([1, 'budget'], bad.budget),
    ],
    args([[1, 2, 3]], {}),
    args(
      [
        [1, 2],
        [3, 4],
      ],
      {},
    ),
    args(
      [
        [1, 2],
        [2, 1],
      ],
      {},
    ),
    args([[-1]], {}),
    args(identityNested(3), TINY_BUDGET),
  ),
});

// resolveLossNormalization(op, value, n, fallback?): op is a label for messages (any value
// prints), so its slot has no bad values; a fallback stands in for a left-out value, so a bad
// fallback is one that is no loss normalization (a number c > 0 is one, and is accepted).
const lossNormValid = fc
  .tuple(
    fc.constantFrom('test', 'gradientDescentMse'),
    fc.oneof(fc.constantFrom(undefined, 'sum', 'mean'), num(1e-3, 1e3)),
    int(1, 1000),
    fc.constantFrom(undefined, 'sum', 'mean'),
  )
  .map(([op, v, n, f]): Args => [op, v, n, f]);
const resolveLossNormalization = e('resolveLossNormalization', {
  call: (l, [op, v, n, f]) =>
    l.kernels.resolveLossNormalization(op as never, v as never, n as never, f as never),
  valid: lossNormValid,
  degenerate: fc.constantFrom<Args>(
    ['', 'mean', 0, undefined],
    ['op', undefined, 0, 'sum'],
    ['op', 5e-324, 1, undefined],
    ['op', Number.MAX_VALUE, 1, undefined],
    ['op', 'mean', Number.MAX_SAFE_INTEGER, undefined],
  ),
  bad: corrupt(
    lossNormValid,
    [
      at(
        [1],
        badOf(
          'max',
          '',
          'SUM',
          0,
          -1,
          -0,
          Number.NaN,
          Infinity,
          -Infinity,
          null,
          '1',
          {},
          [],
          true,
        ),
      ),
      at([2], bad.integer(0)),
    ],
    fc.constantFrom('max', null, 0, -1, 'SUM', {}).map((f): Args => ['op', undefined, 3, f]),
  ),
});

/** Θ = GGᵀ + shift·I on n points (rank-deficient for shift 0) and targets: a vector or n×k. */
interface GdProblem {
  K: Nested;
  Y: number[] | Nested;
  n: number;
  k: number;
  vec: boolean;
}
const gdProblem: fc.Arbitrary<GdProblem> = fc
  .tuple(int(1, 5), fc.constantFrom(0, 0.1), fc.boolean(), int(1, 3))
  .chain(([n, shift, vec, k]) =>
    fc
      .tuple(spd([n, n], shift), vec ? vector(n) : nested(n, k))
      .map(([K, Y]) => ({ K, Y, n, k: vec ? 1 : k, vec })),
  );
/** Targets of `rows` points shaped like the problem's (a vector, or rows×k). */
const targetsLike = (rows: number, p: { vec: boolean; k: number }) =>
  p.vec ? vector(rows) : nested(rows, p.k);
const rowsOf = (X: Nested | Matrix64Like) => (Array.isArray(X) ? X.length : X.rows);
const trace = (K: Nested) => K.reduce((s, row, i) => s + (row[i] as number), 0);

interface GdOpts {
  learningRate: number;
  lossNormalization?: 'sum' | 'mean' | number;
  diagReg?: number;
  rcond?: number;
  indefiniteTolerance?: number;
}
const gdOptions: fc.Arbitrary<GdOpts> = fc.record(
  {
    learningRate: num(0.01, 2),
    lossNormalization: fc.constantFrom<'sum' | 'mean' | number>('sum', 'mean', 2.5),
    diagReg: fc.constantFrom(0, 1e-3, 0.5),
    rcond: fc.constantFrom(1e-12, 1e-6),
    indefiniteTolerance: fc.constantFrom(1e-6, 1e-3),
  },
  { requiredKeys: ['learningRate'] },
);
/**
 * A learning rate at which discrete GD converges: η̃ = u/(tr Θ + nσ²) with u < 2 is below
 * 2/λ_max(Θ + σ²I), since λ_max ≤ tr for a PSD Θ (the floor keeps Θ = 0 finite).
 */
function stableRate(o: GdOpts, n: number, tr: number, u: number): number {
  const ln = o.lossNormalization;
  const c = ln === 'sum' ? 1 : ln === undefined || ln === 'mean' ? n : ln;
  return (u * c) / Math.max(tr + (o.diagReg ?? 0) * n, 1e-3);
}

const stepList = fc.array(int(0, 30), { maxLength: 4 });
const timeValue = fc.oneof(num(0, 50), fc.constant(Number.POSITIVE_INFINITY));
/** Steps or times at which any learning rate gives a prediction (gradient flow converges). */
const atFinite = fc.oneof(
  int(0, 30).map((steps) => ({ steps })),
  stepList.map((steps) => ({ steps })),
  timeValue.map((time) => ({ time })),
  fc.array(timeValue, { maxLength: 4 }).map((time) => ({ time })),
);
/** …and, for a converging learning rate, steps Infinity (the converged predictor). */
const atConverging = fc.oneof(
  atFinite,
  fc.constant({ steps: Number.POSITIVE_INFINITY }),
  stepList.map((steps) => ({ steps: [...steps, Number.POSITIVE_INFINITY] })),
);
/** Steps and times that are not: negative, fractional, non-finite, non-numbers, lists of them. */
const badSteps = badOf(
  -1,
  1.5,
  Number.NaN,
  -Infinity,
  '1',
  null,
  {},
  true,
  [1, -1],
  [0.5],
  ['1'],
  [null],
);
const badTimes = badOf(
  -1,
  -1e-300,
  Number.NaN,
  -Infinity,
  '1',
  null,
  {},
  true,
  [1, -1],
  [Number.NaN],
  ['1'],
);
const badAt = fc.oneof(
  bad.options,
  badOf(undefined, {}, { steps: 1, time: 1 }, { steps: [1], time: [] }, { step: 1 }),
  badSteps.map((steps) => ({ steps })),
  badTimes.map((time) => ({ time })),
);

const GD_THRESHOLDS_INFINITE = {
  reason:
    'the thresholds 2/λ_max and 2/(λ_min + λ_max) of Θ + σ²I are Infinity where they are 2/0: Θ + σ²I = 0 (every step is stable; converges is true), or λ_min = −λ_max under an indefiniteTolerance ≥ 1',
  at: /\.thresholds\.(maxStable|lee)/,
};
const gdValid = fc
  .tuple(gdProblem, gdOptions, fc.boolean())
  .map(([p, o, asM64]): Args => [asM64 ? toM64(p.K) : p.K, p.Y, o]);
const gdOptionSlots = (i: number) => [
  at([i], fc.oneof(bad.options, badOf(undefined))),
  at([i, 'learningRate'], required(bad.positive)),
  at([i, 'lossNormalization'], badOf('max', '', 0, -1, Number.NaN, Infinity, null, '1', {})),
  at([i, 'diagReg'], bad.nonNegative),
  at([i, 'rcond'], badOf(-1, 1, 2, Number.NaN, Infinity, '1e-12', null)),
  at([i, 'indefiniteTolerance'], bad.nonNegative),
  at([i, 'budget'], bad.budget),
];
const I2 = identityNested(2);
const GD_OPTION_KEYS = [
  'learningRate',
  'lossNormalization',
  'diagReg',
  'rcond',
  'indefiniteTolerance',
  'budget',
];
/** { learningRate: 0.5, [key]: null } for each key. */
const nullOption = (keys: string[], base: Record<string, unknown> = { learningRate: 0.5 }) =>
  fc.constantFrom(...keys).map((key) => ({ ...base, [key]: null }));
const gradientDescentMse = e('gradientDescentMse', {
  allowInfinity: GD_THRESHOLDS_INFINITE,
  call: (l, [K, Y, o]) => l.kernels.gradientDescentMse(K as never, Y as never, o as never),
  valid: gdValid,
  degenerate: fc.constantFrom<Args>(
    [[[0]], [1], { learningRate: 1 }],
    [zerosNested(3, 3), [1, 2, 3], { learningRate: 0.5, lossNormalization: 'sum' }],
    [
      [
        [1, 1],
        [1, 1],
      ],
      [1, -1],
      { learningRate: 1 },
    ],
    [
      [
        [1e-300, 0],
        [0, 1e-300],
      ],
      [1, 1],
      { learningRate: 1 },
    ],
    [
      [
        [1e150, 0],
        [0, 1],
      ],
      [0, 0],
      { learningRate: 1 },
    ],
    [[[1]], [1e300], { learningRate: 1e-300 }],
    [[[1]], [1], { learningRate: 1e300, lossNormalization: 'sum' }],
    [[[1]], [1], { learningRate: 1, diagReg: 1e300 }],
    [[[1]], [1], { learningRate: 1, rcond: 0, indefiniteTolerance: 0 }],
    [
      [
        [1, 1],
        [1, 1],
      ],
      [1, 1],
      { learningRate: 1, indefiniteTolerance: 0 },
    ],
    // An indefinite Θ admitted by a large τ (λ_min = −1 ≥ −τ·tr|Θ| = −2).
    [
      [
        [-1, 0],
        [0, 1],
      ],
      [1, 1],
      { learningRate: 0.5, indefiniteTolerance: 1 },
    ],
  ),
  bad: corrupt(
    gdValid,
    [at([0], bad.matrix), at([1], bad.targets), ...gdOptionSlots(2)],
    args([[1, 2, 3]], [1], { learningRate: 1 }),
    args(
      [
        [1, 2],
        [3, 4],
      ],
      [1, 1],
      { learningRate: 1 },
    ),
    args(
      [
        [1, 2],
        [2, 1],
      ],
      [1, 1],
      { learningRate: 1 },
    ),
    args([[-1]], [1], { learningRate: 1 }),
    args(I2, [1, 2, 3], { learningRate: 1 }),
    args(I2, [[1], [2], [3]], { learningRate: 1 }),
    args(I2, [1, 1], { learningRate: 1e300, lossNormalization: 1e-300 }),
    args(I2, [1, 1], { learningRate: 1, ...TINY_BUDGET }),
    // An explicit null is a bad value, not the default (as resolveLossNormalization documents).
    nullOption(GD_OPTION_KEYS).map((o): Args => [I2, [1, 1], o]),
  ),
});

/** [Θ, Y, options, at, init]: a converging learning rate half the time (then steps Infinity too). */
const gdPredictValid = fc
  .tuple(gdProblem, gdOptions, fc.boolean(), num(0.05, 1.9))
  .chain(([p, o, stable, u]) => {
    const opts = stable ? { ...o, learningRate: stableRate(o, p.n, trace(p.K), u) } : o;
    const init = fc.oneof(
      fc.constant(undefined),
      fc.constant({}),
      targetsLike(p.n, p).map((fTrain0) => ({ fTrain0 })),
      int(1, 3).chain((m) =>
        fc.record(
          { fTrain0: targetsLike(p.n, p), kTestTrain: nested(m, p.n), fTest0: targetsLike(m, p) },
          { requiredKeys: ['kTestTrain'] },
        ),
      ),
    );
    return fc
      .tuple(stable ? atConverging : atFinite, init)
      .map(([when, i]): Args => [p.K, p.Y, opts, when, i]);
  });
const DIAG21 = [
  [2, 0],
  [0, 1],
];
/** GD diverges: η̃ = 3 > 2/λ_max = 1 (modes scale by 1 − η̃λ = −5 and −2 per step). */
const DIVERGING = { learningRate: 3, lossNormalization: 'sum' };
/** `at` echoes the step count or time asked for: Infinity is the converged predictor. */
const AT_INFINITY = {
  reason:
    "a prediction's `at` is the steps or time asked for, Infinity for the converged predictor; and discrete GD above 2/λ_max overflows float64 to ±Infinity predictions with an Infinity loss after enough steps, as documented (never NaN)",
  at: /(\.at|\.loss|\.(train|test)\.data)$/,
};
const gdPredict = e('gradientDescentMse', {
  name: 'gradientDescentMse().predict',
  allowInfinity: AT_INFINITY,
  call: (l, [K, Y, o, when, init]) =>
    l.kernels
      .gradientDescentMse(K as never, Y as never, o as never)
      .predict(when as never, init as never),
  valid: gdPredictValid,
  degenerate: fc.constantFrom<Args>(
    [[[0]], [1], { learningRate: 1 }, { steps: [0, 1, Infinity] }, { kTestTrain: [[1]] }],
    [[[0]], [1], { learningRate: 1 }, { time: [1e300, Infinity] }, { fTrain0: [2] }],
    [
      [
        [1, 1],
        [1, 1],
      ],
      [1, -1],
      { learningRate: 0.5, lossNormalization: 'sum' },
      { steps: Infinity },
      { kTestTrain: [[1, 1]] },
    ],
    [
      DIAG21,
      [1, 1],
      { learningRate: 0.5, lossNormalization: 'sum' },
      { steps: Number.MAX_SAFE_INTEGER },
      { kTestTrain: [[1, 1]] },
    ],
    [DIAG21, [1, 1], { learningRate: 0.5 }, { time: 1e300 }, { kTestTrain: [[1e150, 1e150]] }],
    [[[1e-300]], [1], { learningRate: 1 }, { steps: [1, 1e6, Infinity] }, { kTestTrain: [[1]] }],
    [
      [
        [1e150, 0],
        [0, 1],
      ],
      [1, 1],
      { learningRate: 1e-150 },
      { steps: [10, Infinity] },
      { kTestTrain: [[1, 0]] },
    ],
    [
      [
        [1, 1],
        [1, 1],
      ],
      [1, 1],
      { learningRate: 1, diagReg: 1e-300 },
      { time: Infinity },
      { kTestTrain: [[1, 1]] },
    ],
    [
      [
        [-1, 0],
        [0, 1],
      ],
      [1, 1],
      { learningRate: 0.5, indefiniteTolerance: 1 },
      { steps: [5, Infinity] },
      undefined,
    ],
    // Diverging GD, far: the documented growth |1 − η̃λ_max|^k overflows.
    [DIAG21, [1, 1], DIVERGING, { steps: 1000 }, { kTestTrain: [[1, 1]] }],
  ),
  bad: corrupt(
    gdPredictValid,
    [
      at([3], badAt),
      at([4], bad.options),
      at([4, 'fTrain0'], bad.targets),
      at([4, 'kTestTrain'], bad.matrix),
    ],
    args(I2, [1, 1], { learningRate: 0.5 }, { steps: 1 }, { fTrain0: [1, 2, 3] }),
    args(
      I2,
      [[1], [1]],
      { learningRate: 0.5 },
      { steps: 1 },
      {
        fTrain0: [
          [1, 2],
          [3, 4],
        ],
      },
    ),
    args(I2, [1, 1], { learningRate: 0.5 }, { steps: 1 }, { kTestTrain: [[1, 2, 3]] }),
    args(I2, [1, 1], { learningRate: 0.5 }, { steps: 1 }, { fTest0: [1] }),
    args(I2, [1, 1], { learningRate: 0.5 }, { time: 1 }, { kTestTrain: [[1, 0]], fTest0: [1, 2] }),
    args(
      I2,
      [[1], [1]],
      { learningRate: 0.5 },
      { time: 1 },
      { kTestTrain: [[1, 0]], fTest0: [[1, 2]] },
    ),
    bad.targets.map(
      (fTest0): Args => [
        I2,
        [1, 1],
        { learningRate: 0.5 },
        { time: 1 },
        { kTestTrain: [[1, 0]], fTest0 },
      ],
    ),
    args(DIAG21, [1, 1], DIVERGING, { steps: Infinity }, undefined),
    args(DIAG21, [1, 1], DIVERGING, { steps: [1, Infinity] }, undefined),
    // Passes the setup (9 flops) but not a predict of 101 steps (~200 flops).
    args(
      [[1]],
      [1],
      { learningRate: 0.5, budget: { maxFlops: 100, maxBytes: 1e6 } },
      { steps: Array.from({ length: 101 }, (_, i) => i) },
      undefined,
    ),
  ),
});
// prepare(init) does predict's setup (f₀, the test kernel and their projections) once, and its
// predict(at) is predict(at, init): the entry runs the two together on predict's arguments, so a
// bad `at` is refused by the prepared predict and a bad init by prepare, as by predict.
const gdPrepare = e('gradientDescentMse', {
  ...gdPredict,
  name: 'gradientDescentMse().prepare',
  call: (l, [K, Y, o, when, init]) =>
    l.kernels
      .gradientDescentMse(K as never, Y as never, o as never)
      .prepare(init as never)
      .predict(when as never),
});

const workValid = fc
  .tuple(
    int(0, 2000),
    fc.option(int(1, 10), { nil: undefined }),
    fc.option(int(0, 2000), { nil: undefined }),
    fc.option(int(0, 100), { nil: undefined }),
  )
  .map(([n, k, m, t]): Args => [n, k, m, t]);
const gradientDescentMseWork = e('gradientDescentMseWork', {
  call: (l, [n, k, m, t]) =>
    l.kernels.gradientDescentMseWork(n as never, k as never, m as never, t as never),
  valid: workValid,
  degenerate: fc.constantFrom<Args>(
    [0],
    [0, 0, 0, 0],
    [1, 1, 0, 0],
    [Number.MAX_SAFE_INTEGER],
    [1e9, 1e9, 1e9, 1e9],
  ),
  bad: corrupt(workValid, [
    at([0], bad.integer(0)),
    at([1], fc.oneof(bad.integer(0), badOf(null))),
    at([2], fc.oneof(bad.integer(0), badOf(null))),
    at([3], fc.oneof(bad.integer(0), badOf(null))),
  ]),
});

// gradientDescentMseEnsemble: [kernel, X, Y, options], kernel a tagged NetworkKernel.
const fcKernelTag = fc
  .record(
    {
      depth: int(1, 2),
      activation: fc.constantFrom('relu', 'erf'),
      wStd: num(0.5, 2),
      bStd: num(0, 1),
    },
    { requiredKeys: ['depth'] },
  )
  .map((options) => tag.fn('fcKernel', { options }));
const networkKernel = fc.oneof(fcKernelTag, fc.constant(tag.fn('netKernel')));
interface EnsProblem {
  kernel: unknown;
  X: Nested;
  Y: number[] | Nested;
  n: number;
  d: number;
  k: number;
  vec: boolean;
}
const ensProblem: fc.Arbitrary<EnsProblem> = fc
  .tuple(int(1, 5), int(1, 3), fc.boolean(), int(1, 3))
  .chain(([n, d, vec, k]) =>
    fc
      .tuple(networkKernel, nested(n, d), vec ? vector(n) : nested(n, k))
      .map(([kernel, X, Y]) => ({ kernel, X, Y, n, d, k: vec ? 1 : k, vec })),
  );
const ensValid = fc
  .tuple(ensProblem, gdOptions, fc.boolean())
  .map(([p, o, asM64]): Args => [p.kernel, asM64 ? toM64(p.X) : p.X, p.Y, o]);
const X01 = [[0], [1]];
const ensDegenerate = fc.oneof(
  fc
    .tuple(fcKernelTag, hostForm(degeneratePoints()))
    .map(([kernel, X]): Args => [kernel, X, new Array(rowsOf(X)).fill(1), { learningRate: 0.5 }]),
  args(tag.fn('fcKernel', { options: { depth: 1, wStd: 0, bStd: 0 } }), X01, [1, 2], {
    learningRate: 1,
  }),
  args(tag.fn('fcKernel', { options: { depth: 1, bStd: 0 } }), zerosNested(3, 2), [1, 2, 3], {
    learningRate: 1,
  }),
  args(tag.fn('netKernel'), [[0], [0]], [1, -1], { learningRate: 1, diagReg: 0 }),
  args(tag.fn('netKernel'), X01, [1, 2], { learningRate: 1e-300, diagReg: 1e300 }),
);
const ensKernelBad = fc.oneof(
  bad.anything,
  badOf(
    { f64: 1, diagF64: 1 },
    { f64: tag.fn('noop') },
    tag.fn('noop'),
    tag.fn('netKernel', { returns: 'nan' }),
    tag.fn('netKernel', { returns: 'indefinite' }),
    tag.fn('netKernel', { returns: 'throws' }),
  ),
);
const gradientDescentMseEnsemble = e('gradientDescentMseEnsemble', {
  call: (l, [k, X, Y, o]) =>
    l.kernels.gradientDescentMseEnsemble(k as never, X as never, Y as never, o as never),
  valid: ensValid,
  degenerate: ensDegenerate,
  bad: corrupt(
    ensValid,
    [at([0], ensKernelBad), at([1], bad.matrix), at([2], bad.targets), ...gdOptionSlots(3)],
    // Kernels that return garbage: a string, a pair with a string, a 1×1 matrix for two points.
    fc
      .constantFrom('string', 'nngp-string', 'wrong-shape')
      .map(
        (returns): Args => [tag.fn('netKernel', { returns }), X01, [1, 2], { learningRate: 0.5 }],
      ),
    args(tag.fn('netKernel'), X01, [1, 2, 3], { learningRate: 0.5 }),
    args(tag.fn('netKernel'), HUGE_X, new Array(50_000).fill(0), { learningRate: 0.5 }),
    args(tag.fn('netKernel'), X01, [1, 2], { learningRate: 0.5, ...TINY_BUDGET }),
    nullOption(GD_OPTION_KEYS).map((o): Args => [tag.fn('netKernel'), X01, [1, 2], o]),
  ),
  methodsElsewhere: {},
});

/** [kernel, X, Y, options, query, u]: with u, the call sets a converging learning rate (u/tr). */
const ensPredictValid = fc
  .tuple(ensProblem, gdOptions, fc.option(num(0.05, 1.9), { nil: undefined }))
  .chain(([p, o, u]) =>
    fc
      .tuple(
        u === undefined ? atFinite : atConverging,
        fc.record(
          {
            xTest: int(1, 4).chain((m) => nested(m, p.d)),
            get: fc.constantFrom('ntk', 'nngp'),
            computeCov: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
      )
      .map(([when, q]): Args => [p.kernel, p.X, p.Y, o, { ...q, ...when }, u]),
  );
type KernelLike = { diagF64(X: unknown): { nngp: Float64Array; ntk: Float64Array } };
const ensPredict = e('gradientDescentMseEnsemble', {
  name: 'gradientDescentMseEnsemble().predict',
  allowInfinity: AT_INFINITY,
  call: (l, [k, X, Y, o, q, u]) => {
    let opts = o as GdOpts;
    if (typeof u === 'number') {
      // tr of the larger of Θ and K bounds λ_max of both routes (Θ + σ²I and K + σ²I).
      const d = (k as KernelLike).diagF64(X);
      const sum = (v: Float64Array) => v.reduce((s, x) => s + x, 0);
      const n = d.ntk.length;
      opts = { ...opts, learningRate: stableRate(opts, n, Math.max(sum(d.ntk), sum(d.nngp)), u) };
    }
    return l.kernels
      .gradientDescentMseEnsemble(k as never, X as never, Y as never, opts as never)
      .predict(q as never);
  },
  valid: ensPredictValid,
  degenerate: fc.oneof(
    args(
      tag.fn('fcKernel', { options: { depth: 1, wStd: 0, bStd: 0 } }),
      X01,
      [1, 2],
      { learningRate: 1 },
      { time: [0, 1, Infinity], computeCov: true, xTest: [[0.5], [2]] },
    ),
    args(
      tag.fn('fcKernel', { options: { depth: 2 } }),
      [[1], [1]],
      [1, -1],
      { learningRate: 0.1 },
      { steps: Infinity, get: 'nngp', computeCov: true },
    ),
    args(
      tag.fn('fcKernel', { options: { depth: 1 } }),
      [[1e150], [-1e150]],
      [1, 1],
      { learningRate: 1 },
      { steps: 1, xTest: [[1e150]] },
    ),
    args(
      tag.fn('fcKernel', { options: { depth: 1 } }),
      [[1e-150], [2e-150]],
      [1, 1],
      { learningRate: 1 },
      { time: Infinity, xTest: [[0]], computeCov: true },
    ),
    args(
      tag.fn('netKernel'),
      X01,
      [1, 2],
      { learningRate: 1, diagReg: 1e-300 },
      { steps: Number.MAX_SAFE_INTEGER, get: 'nngp' },
    ),
    args(tag.fn('netKernel'), X01, [1, 2], { learningRate: 0.5 }, { steps: [] }),
    // Diverging GD, far (η̃λ_max ≈ 6): the documented growth overflows.
    args(
      tag.fn('netKernel'),
      X01,
      [1, 2],
      { learningRate: 2, lossNormalization: 'sum' },
      { steps: 1000, computeCov: true },
    ),
  ),
  bad: corrupt(
    ensPredictValid.map(([k, X, Y, o, q]): Args => [k, X, Y, o, q, undefined]),
    [
      at([4], badAt),
      at([4, 'get'], bad.name),
      at([4, 'computeCov'], bad.boolean),
      at([4, 'xTest'], bad.matrix),
    ],
    args(tag.fn('netKernel'), X01, [1, 2], { learningRate: 0.5 }, { steps: 1, xTest: [[1, 2]] }),
    args(
      tag.fn('netKernel'),
      X01,
      [1, 2],
      { learningRate: 100, lossNormalization: 'sum' },
      { steps: Infinity },
    ),
    args(
      tag.fn('netKernel'),
      X01,
      [1, 2],
      { learningRate: 100, lossNormalization: 'sum' },
      { steps: [1, Infinity], get: 'nngp' },
    ),
    // A cross kernel of the wrong shape (n×m for m×n) and a diagonal of the wrong length.
    args(
      tag.fn('netKernel', { returns: 'wrong-cross' }),
      X01,
      [1, 2],
      { learningRate: 0.5 },
      { steps: 1, xTest: [[0.5], [1.5], [3]] },
    ),
    args(
      tag.fn('netKernel'),
      [[0]],
      [1],
      { learningRate: 0.5, budget: { maxFlops: 1000, maxBytes: 1e6 } },
      { steps: Array.from({ length: 1000 }, (_, i) => i) },
    ),
    nullOption(['steps', 'time', 'get', 'computeCov', 'xTest'], { steps: 1 }).map(
      (q): Args => [tag.fn('netKernel'), X01, [1, 2], { learningRate: 0.5 }, q],
    ),
  ),
});

// selectHyperparameters({ kernel, data, grid | search, criterion, … })
const selRbfGrid = fc.constantFrom<Record<string, unknown[]>>(
  { lengthScale: [0.5, 1, 2] },
  { lengthScale: [1], diagReg: [1e-3, 0.1] },
  { lengthScale: [0.3, 3], diagReg: [0.01], note: ['a', 'b'], flag: [true, false] },
  {},
);
const selFcGrid = fc.constantFrom<Record<string, unknown[]>>(
  { depth: [1, 2], wStd: [1, 1.5] },
  { depth: [1], diagReg: [1e-2, 1] },
);
const selSearch = (family: 'rbf' | 'fc') =>
  fc.tuple(int(1, 4), seed()).map(([samples, s]) => ({
    samples,
    seed: s,
    space:
      family === 'rbf'
        ? { lengthScale: { min: 0.2, max: 5, log: true }, diagReg: [1e-3, 0.1] }
        : { depth: { min: 1, max: 3, integer: true }, wStd: { min: 0.5, max: 2 } },
  }));
const selValid = fc
  .tuple(
    int(1, 5),
    int(1, 3),
    fc.boolean(),
    int(1, 3),
    fc.boolean(),
    fc.constantFrom<'rbf' | 'fc'>('rbf', 'fc'),
    fc.boolean(),
  )
  .chain(([n, d, vec, k, withValidation, family, useGrid]) =>
    fc
      .tuple(
        hostForm(nested(n, d)),
        vec ? vector(n) : nested(n, k),
        withValidation
          ? int(1, 3).chain((m) => fc.tuple(nested(m, d), vec ? vector(m) : nested(m, k)))
          : fc.constant(null),
        useGrid ? (family === 'rbf' ? selRbfGrid : selFcGrid) : selSearch(family),
        fc.constantFrom(
          'marginal-likelihood',
          'loo',
          'gcv',
          ...(withValidation ? ['validation'] : []),
        ),
        fc.record(
          {
            get: fc.constantFrom('nngp', 'ntk'),
            diagReg: fc.constantFrom(0, 1e-3),
            onProgress: fc.constant(tag.fn('noop')),
            budget: fc.constant({ maxFlops: 1e9 }),
          },
          { requiredKeys: [] },
        ),
      )
      .map(
        ([X, Y, v, space, criterion, rest]): Args => [
          {
            kernel: tag.fn('selectKernel', { family }),
            data: { xTrain: X, yTrain: Y, ...(v ? { xValidation: v[0], yValidation: v[1] } : {}) },
            ...(useGrid ? { grid: space } : { search: space }),
            criterion,
            ...rest,
          },
        ],
      ),
  );
const SEL_BASE = {
  kernel: tag.fn('selectKernel', { family: 'rbf' }),
  data: { xTrain: X01, yTrain: [0, 1] },
  grid: { lengthScale: [1] },
  criterion: 'loo',
};
const sel = (over: Record<string, unknown>) => fc.constant<Args>([{ ...SEL_BASE, ...over }]);
const selWith = (key: string, values: fc.Arbitrary<unknown>) =>
  values.map((v): Args => [{ ...SEL_BASE, [key]: v }]);
const RANGE = { min: 0.5, max: 2 };
const selectHyperparameters = e('selectHyperparameters', {
  call: (l, [o]) => l.kernels.selectHyperparameters(o as never),
  valid: selValid,
  degenerate: fc.oneof(
    sel({
      data: { xTrain: [[1], [1]], yTrain: [1, 2] },
      diagReg: 0,
      criterion: 'marginal-likelihood',
    }),
    sel({
      data: { xTrain: [[1], [1]], yTrain: [1, 2] },
      grid: { diagReg: [0, 1e-3] },
      criterion: 'gcv',
    }),
    sel({ data: { xTrain: [[3]], yTrain: [1] }, grid: {} }),
    sel({
      data: { xTrain: [[1e150], [-1e150]], yTrain: [1e150, 0] },
      grid: { lengthScale: [1e-300, 1e300] },
    }),
    sel({
      kernel: tag.fn('selectKernel', { family: 'fc' }),
      data: { xTrain: zerosNested(3, 2), yTrain: [0, 0, 0] },
      grid: { depth: [1, 8], wStd: [0] },
      get: 'ntk',
    }),
    sel({
      grid: undefined,
      search: { space: { lengthScale: { min: 1, max: 1 } }, samples: 1, seed: 2 ** 32 - 1 },
    }),
    sel({ grid: undefined, search: { space: {}, samples: 3 } }),
    // A finite range as wide as the doubles (max − min overflows); w is not read by the kernel.
    sel({
      grid: undefined,
      search: { space: { w: { min: -1e308, max: 1e308 } }, samples: 4, seed: 1 },
    }),
    sel({
      grid: undefined,
      search: { space: { lengthScale: { min: 5e-324, max: 1e300, log: true } }, samples: 3 },
    }),
  ),
  bad: fc.oneof(
    corrupt(selValid, [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at(
        [0, 'kernel'],
        required(
          fc.oneof(
            bad.fn,
            badOf(
              ...['null', 'string-f64', 'null-f64', 'nan', 'throws'].map((family) =>
                tag.fn('selectKernel', { family }),
              ),
            ),
          ),
        ),
      ),
      at([0, 'criterion'], required(bad.name)),
      at([0, 'get'], bad.name),
      at([0, 'data'], required(bad.options)),
      at([0, 'data', 'xTrain'], required(bad.matrix)),
      at([0, 'data', 'yTrain'], required(bad.targets)),
      at([0, 'onProgress'], fc.oneof(bad.fn, badOf(tag.fn('throws')))),
      at([0, 'budget'], bad.budget),
    ]),
    selWith('kernel', badOf(tag.fn('selectKernel', { family: 'wrong-shape' }))),
    selWith(
      'data',
      badOf(
        { xTrain: X01, yTrain: [0, 1, 2] },
        { xTrain: X01, yTrain: [0, 1], xValidation: [[1]] },
        { xTrain: X01, yTrain: [0, 1], yValidation: [1] },
        { xTrain: X01, yTrain: [0, 1], xValidation: [[1, 2]], yValidation: [1] },
        { xTrain: X01, yTrain: [0, 1], xValidation: [[1]], yValidation: [1, 2] },
        { xTrain: X01, yTrain: [0, 1], xValidation: [[1]], yValidation: [[1, 2]] },
      ),
    ),
    bad.matrix.map(
      (xValidation): Args => [
        { ...SEL_BASE, data: { xTrain: X01, yTrain: [0, 1], xValidation, yValidation: [1] } },
      ],
    ),
    sel({ criterion: 'validation' }),
    selWith(
      'grid',
      fc.oneof(
        bad.options,
        badOf(
          { a: [] },
          { a: 'x' },
          { a: [Number.NaN] },
          { a: [Infinity] },
          { a: [null] },
          { a: [{}] },
          { a: [[1]] },
          { lengthScale: [1], diagReg: [-1] },
          { lengthScale: [1], diagReg: ['x'] },
          { lengthScale: [1], diagReg: [true] },
        ),
      ),
    ),
    sel({ grid: undefined }),
    sel({ search: { space: { lengthScale: RANGE }, samples: 2 } }),
    selWith('diagReg', bad.nonNegative),
    fc
      .oneof(
        fc.oneof(bad.options, badOf(undefined)).map((s) => s),
        badOf(
          { space: 'x', samples: 2 },
          { space: null, samples: 2 },
          { samples: 2 },
          { space: { a: { min: 1, max: 0 } }, samples: 2 },
          { space: { a: { min: 0, max: 1, log: true } }, samples: 2 },
          { space: { a: { min: Number.NaN, max: 1 } }, samples: 2 },
          { space: { a: { min: 0, max: Infinity } }, samples: 2 },
          { space: { a: { max: 1 } }, samples: 2 },
          { space: { a: [] }, samples: 2 },
          { space: { a: [Number.NaN] }, samples: 2 },
          { space: { a: 42 }, samples: 2 },
          { space: { a: null }, samples: 2 },
          { space: { a: { ...RANGE, log: 'yes' } }, samples: 2 },
          { space: { a: { ...RANGE, integer: 'yes' } }, samples: 2 },
          { space: { a: RANGE } },
        ),
        bad.size(1).map((samples) => ({ space: { a: RANGE }, samples })),
        bad.seed.map((s) => ({ space: { a: RANGE }, samples: 2, seed: s })),
      )
      .map((search): Args => [{ ...SEL_BASE, grid: undefined, search }]),
    sel({ grid: { lengthScale: Array.from({ length: 20 }, (_, i) => i + 1) }, ...TINY_BUDGET }),
    fc
      .constantFrom('kernel', 'get', 'data', 'grid', 'criterion', 'diagReg', 'onProgress', 'budget')
      .map((key): Args => [{ ...SEL_BASE, [key]: null }]),
    sel({ grid: undefined, search: { space: { a: RANGE }, samples: 2, seed: null } }),
  ),
});

export const kernelsSpecs: PackageSpecs = {
  package: 'kernels',
  entries: [
    ...FACTORIES.flatMap(kernelEntries),
    kernelRidge,
    kernelRidgePredict,
    gpInference,
    gpPosterior,
    gpInferenceGpu,
    gpInferenceGpuPosterior,
    kernelRidgePredictGpu,
    kernelRidgeGpu,
    kernelRidgeGpuPredict,
    fitKernelRidge,
    fitMethod('predict'),
    fitMethod('predictGpu'),
    kernelTargetAlignment,
    centeredKernelAlignment,
    directionalAlignment,
    kernelSpectrum,
    monteCarloKernel,
    randomArcCosineFeatures,
    stepSizeThresholds,
    resolveLossNormalization,
    gradientDescentMse,
    gdPredict,
    gdPrepare,
    gradientDescentMseWork,
    gradientDescentMseEnsemble,
    ensPredict,
    selectHyperparameters,
  ],
  notCallable: {
    DEFAULT_INDEFINITE_TOLERANCE:
      'a number: the default τ of stepSizeThresholds and the GD predictors (their cases cover it)',
    KERNEL_RIDGE_F64_MAX_N:
      "a number: fitKernelRidge's default f64MaxN (its f64MaxN cases cover it)",
  },
};
