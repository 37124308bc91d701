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
  hostForm,
  int,
  type Nested,
  nested,
  num,
  points,
  seed,
  spd,
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

const badBudget = badOf(
  'x',
  42,
  null,
  { maxFlops: -1 },
  { maxBytes: Number.NaN },
  { maxFlops: 'x' },
);
/** 50 000 points: a 50 000² kernel matrix is 20 GB, far over the default budget. */
const HUGE_X = { rows: 50_000, cols: 1, data: new Float64Array(50_000) };
const TINY_BUDGET = { budget: { maxFlops: 10, maxBytes: 10 } };

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
    at([0, 'budget'], badBudget),
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
        at([3, 'budget'], badBudget),
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
      at([2, 'budget'], badBudget),
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
    [at([0], bad.matrix), at([1], bad.matrix), at([2], bad.options), at([2, 'budget'], badBudget)],
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
      at([1, 'budget'], badBudget),
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
      at([1, 'budget'], badBudget),
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
    at([1, 'budget'], badBudget),
  ]),
});

export const kernelsSpecs: PackageSpecs = {
  package: 'kernels',
  entries: [
    ...FACTORIES.flatMap(kernelEntries),
    kernelRidge,
    kernelRidgePredict,
    gpInference,
    gpPosterior,
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
  ],
  notCallable: {
    KERNEL_RIDGE_F64_MAX_N:
      "a number: fitKernelRidge's default f64MaxN (its f64MaxN cases cover it)",
  },
};
