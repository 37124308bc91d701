// @overparam/layers: the layer factories (activations, dense, the combinators), the four methods
// of every layer they return (init, apply, kernel.f64, kernel.diagF64), the Gauss–Hermite rule,
// the empirical NTK and the Monte-Carlo kernel estimate.
//
// Layers cannot cross postMessage, so a network is written as a plain description,
// { layer: 'serial', args: [{ layer: 'dense', args: [{ outputs: 3 }] }, { layer: 'relu', args: [] }] },
// that the worker builds (`build`); anything else in a layer position is passed through as is
// (the bad values of the combinators).
import type { Layer, NetworkParams } from '@overparam/layers';
import {
  type Args,
  anyForm,
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
  int,
  nested,
  num,
  required,
  seed,
  TINY_BUDGET,
  tag,
  zerosNested,
} from '../harness/arbitraries.js';
import { defineCallback } from '../harness/encode.js';
import type { CallContext, Entry, Lib, PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('layers');

// ---------------------------------------------------------------------------------------------
// callbacks: φ, φ' and φ on tensors for elementwise

type Scalar = (u: number) => number;
const PHI: Record<string, [Scalar, Scalar]> = {
  tanh: [Math.tanh, (u) => 1 - Math.tanh(u) ** 2],
  softplus: [
    (u) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))),
    (u) => 1 / (1 + Math.exp(-u)),
  ],
  square: [(u) => u * u, (u) => 2 * u],
  zero: [() => 0, () => 0],
};
const phiOf = (name: unknown): [Scalar, Scalar] => {
  const f = PHI[name as string];
  if (!f) throw new Error(`reliability: no φ '${String(name)}'`);
  return f;
};
// φ by name; the 'nan', 'string' and 'overflow' variants break the kernel's quadrature.
defineCallback('phi', (p) => {
  switch (p.returns) {
    case 'nan':
      return () => Number.NaN;
    case 'string':
      return () => 'x';
    case 'overflow':
      return (u: number) => Math.exp(1e3 * u);
    default:
      return phiOf(p.fn)[0];
  }
});
defineCallback('dphi', (p) => (p.returns === 'nan' ? () => Number.NaN : phiOf(p.fn)[1]));
// φ on tensors; 'string', 'shape' and 'rank' break the finite network.
defineCallback('phiTensor', (p, env) => {
  const { tf } = env.lib;
  switch (p.returns) {
    case 'string':
      return () => 'x';
    case 'shape':
      return (x: { shape: number[] }) =>
        tf.ones([(x.shape[0] as number) + 1, x.shape[1] as number]);
    case 'rank':
      return (x: never) => tf.reshape(x, [-1]);
    default:
      switch (p.fn) {
        case 'tanh':
          return (x: never) => tf.tanh(x);
        case 'softplus':
          return (x: never) => tf.softplus(x);
        case 'square':
          return (x: never) => tf.square(x);
        case 'zero':
          return (x: never) => tf.zerosLike(x);
        default:
          throw new Error(`reliability: no tensor φ '${String(p.fn)}'`);
      }
  }
});

// ---------------------------------------------------------------------------------------------
// network descriptions

interface Desc {
  layer: string;
  args: unknown[];
}
const L = (layer: string, ...a: unknown[]): Desc => ({ layer, args: a });
const COMBINATORS = new Set(['serial', 'parallel']);

/** Builds a description into a layer (in the worker); any other value is returned as is. */
function build(l: Lib, d: unknown): unknown {
  if (d === null || typeof d !== 'object' || Array.isArray(d)) return d;
  const { layer, args: a } = d as Partial<Desc>;
  if (typeof layer !== 'string' || !Array.isArray(a)) return d;
  const f = (l.layers as unknown as Record<string, (...x: unknown[]) => unknown>)[layer];
  if (typeof f !== 'function') throw new Error(`reliability: no layer '${layer}'`);
  return f(...(COMBINATORS.has(layer) ? a.map((x) => build(l, x)) : a));
}
const net = (l: Lib, d: unknown) => build(l, d) as Layer;

/** Points of norm ~1e150 (Σ⁰ ~ 1e300) in antipodal and orthogonal pairs. */
const HUGE_POINTS = [
  [1e150, 1e150],
  [1e150, -1e150],
  [-1e150, -1e150],
];

const width = int(1, 8);
const denseOptions = fc.record(
  {
    outputs: width,
    wStd: num(0.5, 2),
    bStd: num(0, 1),
    parameterization: fc.constantFrom('ntk', 'standard'),
  },
  { requiredKeys: ['outputs'] },
);
const denseA = denseOptions.map((o) => L('dense', o));
const PHI_NAMES = ['tanh', 'softplus', 'square'] as const;
const phiName = fc.constantFrom(...PHI_NAMES);
const elementwiseOf = (names: fc.Arbitrary<string>) =>
  fc.tuple(names, fc.boolean(), int(2, 8)).map(([fn, withDerivative, order]) =>
    L('elementwise', tag.fn('phi', { fn }), {
      ...(withDerivative ? { derivative: tag.fn('dphi', { fn }) } : {}),
      tensor: tag.fn('phiTensor', { fn }),
      order,
      name: fn,
    }),
  );
const elementwiseA = elementwiseOf(phiName);

type ActivationName =
  | 'relu'
  | 'leakyRelu'
  | 'abRelu'
  | 'abs'
  | 'erf'
  | 'sin'
  | 'cos'
  | 'identity'
  | 'tanh'
  | 'gelu'
  | 'elementwise';

/** Valid descriptions of each activation (with its parameters). */
const ACTIVATIONS: Record<ActivationName, fc.Arbitrary<Desc>> = {
  relu: fc.constant(L('relu')),
  leakyRelu: fc
    .option(num(-1, 1), { nil: undefined })
    .map((a) => (a === undefined ? L('leakyRelu') : L('leakyRelu', a))),
  abRelu: fc.tuple(num(-2, 2), num(-2, 2)).map(([a, b]) => L('abRelu', a, b)),
  abs: fc.constant(L('abs')),
  erf: fc.constant(L('erf')),
  sin: fc.constant(L('sin')),
  cos: fc.constant(L('cos')),
  identity: fc.constant(L('identity')),
  tanh: fc.constant(L('tanh')),
  gelu: fc.constant(L('gelu')),
  elementwise: elementwiseA,
};
/** Edge parameters of each activation (degenerate, legal). */
const ACTIVATION_EDGES: Record<ActivationName, Desc[]> = {
  relu: [L('relu')],
  leakyRelu: [L('leakyRelu', 0), L('leakyRelu', 1), L('leakyRelu', -1), L('leakyRelu', 1e200)],
  abRelu: [
    L('abRelu', 0, 0),
    L('abRelu', 1, 1),
    L('abRelu', -1e3, 1e3),
    L('abRelu', 1e300, -1e300),
  ],
  abs: [L('abs')],
  erf: [L('erf')],
  sin: [L('sin')],
  cos: [L('cos')],
  identity: [L('identity')],
  tanh: [L('tanh')],
  gelu: [L('gelu')],
  elementwise: [
    L('elementwise', tag.fn('phi', { fn: 'zero' }), {
      order: 2,
      tensor: tag.fn('phiTensor', { fn: 'zero' }),
    }),
    L('elementwise', tag.fn('phi', { fn: 'tanh' }), {
      order: 200,
      tensor: tag.fn('phiTensor', { fn: 'tanh' }),
    }),
    L('elementwise', tag.fn('phi', { fn: 'square' }), {
      name: '',
      tensor: tag.fn('phiTensor', { fn: 'square' }),
    }),
  ],
};
const anyActivation = fc.oneof(...Object.values(ACTIVATIONS));

/** dense → φ → dense. */
const chain = (core: fc.Arbitrary<Desc>) =>
  fc.tuple(denseA, core, denseA).map(([a, c, b]) => L('serial', a, c, b));
/** A residual block: dense, then fanOut(2) into (dense → φ) and an identity skip, summed. */
const residual = (branch: fc.Arbitrary<Desc>) =>
  fc
    .tuple(width, branch, denseA)
    .map(([w, br, out]) =>
      L(
        'serial',
        L('dense', { outputs: w }),
        L('fanOut', 2),
        L('parallel', L('serial', L('dense', { outputs: w }), br), L('identity')),
        L('fanInSum'),
        out,
      ),
    );
/**
 * fanOut(k) into k branches dense(w) → φ → dense(w), summed: each branch ends in its own
 * zero-mean weights, so the branches are uncorrelated and their kernels add (branches ending in
 * relu-like φ would have correlated means, which fanInSum refuses).
 */
const fanSum = fc
  .tuple(int(1, 3), width)
  .chain(([k, w]) =>
    fc
      .array(anyActivation, { minLength: k, maxLength: k })
      .map((acts) =>
        L(
          'serial',
          L('fanOut', k),
          L(
            'parallel',
            ...acts.map((a) =>
              L('serial', L('dense', { outputs: w }), a, L('dense', { outputs: w })),
            ),
          ),
          L('fanInSum'),
        ),
      ),
  );
/** fanOut(2) into branches of different widths, concatenated, then φ and a readout. */
const concatOf = (activation: fc.Arbitrary<Desc>) =>
  fc
    .tuple(width, width, activation, activation, denseA)
    .map(([a, b, act1, act2, out]) =>
      L(
        'serial',
        L('fanOut', 2),
        L('parallel', L('dense', { outputs: a }), L('serial', L('dense', { outputs: b }), act1)),
        L('fanInConcat'),
        act2,
        out,
      ),
    );

type FactoryName =
  | ActivationName
  | 'dense'
  | 'serial'
  | 'parallel'
  | 'fanOut'
  | 'fanInSum'
  | 'fanInConcat';

const D1 = (o: Record<string, unknown> = {}) => L('dense', { outputs: 2, ...o });

/** Valid networks in which each factory's layer takes part. */
function validNets(f: FactoryName): fc.Arbitrary<Desc> {
  switch (f) {
    case 'dense':
      return fc.oneof(denseA, chain(anyActivation));
    case 'serial':
      return fc
        .array(fc.oneof(denseA, anyActivation), { minLength: 1, maxLength: 3 })
        .map((ls) => L('serial', ...ls));
    case 'parallel':
    case 'fanOut':
    case 'fanInSum':
      return fc.oneof(residual(anyActivation), fanSum);
    case 'fanInConcat':
      return concatOf(anyActivation);
    default: {
      const a = ACTIVATIONS[f];
      return fc.oneof(a, chain(a), residual(a));
    }
  }
}

/** Legal but extreme networks for each factory. */
function edgeNets(f: FactoryName): Desc[] {
  const zero = D1({ wStd: 0, bStd: 0 });
  switch (f) {
    case 'dense':
      return [
        zero,
        L('dense', { outputs: 1 }),
        L('serial', D1({ wStd: 0, bStd: 1 }), L('relu'), D1()),
        L(
          'serial',
          D1({ parameterization: 'standard', bStd: 0 }),
          L('erf'),
          D1({ parameterization: 'standard' }),
        ),
        L('serial', D1({ wStd: 1e3 }), L('relu'), D1({ wStd: 1e3 })),
        L('serial', D1({ wStd: 1e300 }), L('relu'), D1()),
        L('serial', D1({ bStd: 1e300, parameterization: 'standard' }), L('relu'), D1()),
      ];
    case 'serial':
      return [
        L('serial', L('identity')),
        L('serial', L('serial', L('serial', L('relu')))),
        L('serial', zero, L('relu'), zero),
      ];
    case 'parallel':
    case 'fanOut':
    case 'fanInSum':
      return [
        L('serial', L('fanOut', 1), L('parallel', D1()), L('fanInSum')),
        L('serial', L('fanOut', 2), L('parallel', D1(), L('identity')), L('fanInSum')),
        L('serial', L('fanOut', 3), L('parallel', zero, zero, zero), L('fanInSum'), L('relu')),
      ];
    case 'fanInConcat':
      return [
        L('serial', L('fanOut', 1), L('parallel', D1()), L('fanInConcat')),
        L('serial', L('fanOut', 2), L('parallel', L('identity'), L('relu')), L('fanInConcat')),
        L('serial', L('fanOut', 2), L('fanInConcat'), zero),
      ];
    default:
      return ACTIVATION_EDGES[f].flatMap((a) => [
        a,
        L('serial', zero, a, D1()),
        L('serial', D1(), a, D1()),
      ]);
  }
}

/** Networks that are built but cannot be initialized or evaluated (wrong flows between layers). */
const BAD_NETS: Desc[] = [
  L('serial', L('fanOut', 2), D1()),
  L('serial', L('fanOut', 2), L('relu')),
  L('serial', L('fanOut', 2), L('elementwise', tag.fn('phi', { fn: 'tanh' }))),
  L('serial', D1(), L('fanInSum')),
  L('fanInConcat'),
  L('parallel', D1()),
  L('serial', L('fanOut', 2), L('parallel', D1(), D1({ outputs: 3 })), L('fanInSum')),
  L('serial', L('fanOut', 3), L('parallel', D1(), D1()), L('fanInSum')),
  L('serial', D1(), L('fanOut', 2)),
  L('serial', L('fanOut', 2), L('fanOut', 2)),
];
/** Networks whose finite version is fine but whose kernel is refused (correlated branches summed). */
const KERNEL_BAD_NETS: Desc[] = [
  L('serial', L('fanOut', 2), L('fanInSum')),
  L('serial', L('fanOut', 2), L('parallel', L('relu'), L('identity')), L('fanInSum')),
];
/** elementwise with a φ that is not finite, not a number, or throws (bStd 1: every variance > 0). */
const BROKEN_PHI: Desc[] = [
  ...['nan', 'string', 'overflow'].map((r) =>
    L(
      'serial',
      D1({ bStd: 1 }),
      L('elementwise', tag.fn('phi', { returns: r }), { order: 4 }),
      D1(),
    ),
  ),
  L(
    'serial',
    D1(),
    L('elementwise', tag.fn('phi', { fn: 'tanh' }), {
      order: 4,
      derivative: tag.fn('dphi', { returns: 'nan' }),
    }),
    D1(),
  ),
  L('serial', D1({ bStd: 1 }), L('elementwise', tag.fn('throws'), { order: 4 }), D1()),
];
/** elementwise with no φ on tensors, or one that returns garbage or throws. */
const BROKEN_TENSOR: Desc[] = [
  L('serial', D1(), L('elementwise', tag.fn('phi', { fn: 'tanh' })), D1()),
  ...['string', 'shape', 'rank'].map((r) =>
    L(
      'serial',
      D1({ outputs: 3 }),
      L('elementwise', tag.fn('phi', { fn: 'tanh' }), {
        tensor: tag.fn('phiTensor', { returns: r }),
      }),
      D1(),
    ),
  ),
  L('elementwise', tag.fn('phi', { fn: 'tanh' }), {
    tensor: tag.fn('phiTensor', { returns: 'shape' }),
  }),
  L(
    'serial',
    D1(),
    L('elementwise', tag.fn('phi', { fn: 'tanh' }), { tensor: tag.fn('throws') }),
    D1(),
  ),
];
/** Not layers at all, where a layer (or the net of empiricalNtk/monteCarloKernel) is expected. */
const NOT_LAYERS = badOf(null, 'x', 42, {}, [], true, { name: 'relu' }, tag.fn('noop'));

// ---------------------------------------------------------------------------------------------
// the methods of a layer

const kernelOptions = fc.constantFrom<unknown>(undefined, {}, { budget: { maxFlops: 1e12 } });
/** Twice the default degenerate runs, so that most edge networks are drawn at the default scale. */
const EDGE_RUNS = { degenerate: 16 };

function methodEntries(f: FactoryName): Entry[] {
  const nets = validNets(f);
  const edges = fc.constantFrom(...edgeNets(f));
  const kernelBad = [...BAD_NETS, ...KERNEL_BAD_NETS, ...(f === 'elementwise' ? BROKEN_PHI : [])];
  const applyBad = [...BAD_NETS, ...(f === 'elementwise' ? BROKEN_TENSOR : [])];
  const someNet = L('serial', D1(), L('relu'), D1());

  const f64Valid = fc
    .tuple(nets, int(1, 4), int(1, 4), int(1, 3), fc.boolean(), kernelOptions)
    .chain(([n, nx, ny, d, withY, o]) =>
      fc
        .tuple(hostForm(nested(nx, d)), withY ? hostForm(nested(ny, d)) : fc.constant(undefined))
        .map(([X, Y]): Args => [n, X, Y, o]),
    );
  const f64 = e(f, {
    name: `${f}().kernel.f64`,
    runs: EDGE_RUNS,
    call: (l, [d, X, Y, o]) => net(l, d).kernel.f64(X as never, Y as never, o as never),
    valid: f64Valid,
    degenerate: fc.oneof(
      fc
        .tuple(fc.oneof(nets, edges), hostForm(degeneratePoints()))
        .map(([n, X]): Args => [n, X, undefined, undefined]),
      fc.tuple(edges, hostForm(nested(2, 2))).map(([n, X]): Args => [n, X, undefined, {}]),
      // Variances near the float64 limit: a finite kernel or a typed error, never ±Infinity/NaN.
      edges.map((n): Args => [n, HUGE_POINTS, undefined, undefined]),
    ),
    bad: corrupt(
      f64Valid,
      [
        at([0], badOf(...kernelBad)),
        at([1], bad.matrix),
        at([2], fc.oneof(bad.matrix, badOf(null))),
        at([3], bad.options),
        at([3, 'budget'], bad.budget),
      ],
      args(someNet, [[1, 2]], [[1, 2, 3]], undefined),
      args(someNet, HUGE_X, undefined, undefined),
      args(someNet, [[1], [2], [3]], undefined, TINY_BUDGET),
    ),
  });

  const diagValid = fc
    .tuple(nets, int(1, 4), int(1, 3), kernelOptions)
    .chain(([n, rows, d, o]) => hostForm(nested(rows, d)).map((X): Args => [n, X, o]));
  const diagF64 = e(f, {
    name: `${f}().kernel.diagF64`,
    runs: EDGE_RUNS,
    call: (l, [d, X, o]) => net(l, d).kernel.diagF64(X as never, o as never),
    valid: diagValid,
    degenerate: fc.oneof(
      fc
        .tuple(fc.oneof(nets, edges), hostForm(degeneratePoints()))
        .map(([n, X]): Args => [n, X, undefined]),
      fc.tuple(edges, hostForm(nested(2, 2))).map(([n, X]): Args => [n, X, {}]),
      edges.map((n): Args => [n, HUGE_POINTS, undefined]),
    ),
    bad: corrupt(
      diagValid,
      [
        at([0], badOf(...kernelBad)),
        at([1], bad.matrix),
        at([2], bad.options),
        at([2, 'budget'], bad.budget),
      ],
      args(someNet, [[1], [2], [3]], TINY_BUDGET),
    ),
  });

  const initValid = fc
    .tuple(nets, int(1, 4), seed(), fc.boolean())
    .map(
      ([n, d, s, withBudget]): Args => [
        n,
        { inputShape: [d], initSeed: s, ...(withBudget ? { budget: { maxFlops: 1e9 } } : {}) },
      ],
    );
  const init = e(f, {
    name: `${f}().init`,
    runs: EDGE_RUNS,
    call: (l, [d, o]) => net(l, d).init(o as never),
    valid: initValid,
    degenerate: fc.oneof(
      fc
        .tuple(edges, fc.constantFrom(1, 4))
        .map(([n, d]): Args => [n, { inputShape: [d], initSeed: 0 }]),
      nets.map((n): Args => [n, { inputShape: [1], initSeed: 2 ** 32 - 1 }]),
    ),
    bad: corrupt(
      initValid,
      [
        at([0], badOf(...BAD_NETS)),
        at([1], fc.oneof(bad.options, badOf(undefined))),
        at(
          [1, 'inputShape'],
          required(badOf(null, 'x', 2, [], [0], [1.5], [-1], [Number.NaN], [2, 2], ['2'])),
        ),
        at([1, 'initSeed'], required(bad.seed)),
        at([1, 'budget'], bad.budget),
      ],
      args(L('dense', { outputs: 1e6 }), { inputShape: [1e6], initSeed: 0 }),
      args(someNet, { inputShape: [1e12], initSeed: 0 }),
      args(someNet, { inputShape: [2], initSeed: 0, budget: { maxFlops: 1 } }),
    ),
  });

  const applyValid = fc
    .tuple(nets, int(1, 4), int(1, 3), seed())
    .chain(([n, rows, d, s]) => anyForm(nested(rows, d)).map((X): Args => [n, d, s, X, 'own']));
  const apply = e(f, {
    name: `${f}().apply`,
    runs: EDGE_RUNS,
    call: (l, [d, inputs, s, X, kind], ctx) => {
      const layer = net(l, d);
      const params = ctx.own(layer.init({ inputShape: [inputs as number], initSeed: s as number }));
      if (kind === 'own') ctx.watch('params', params);
      return layer.apply(paramsOf(l, params, kind, ctx) as never, X as never);
    },
    valid: applyValid,
    degenerate: fc.oneof(
      fc
        .tuple(fc.oneof(nets, edges), fc.constantFrom(1, 2, 3))
        .chain(([n, d]) => degeneratePoints32([d, d]).map((X): Args => [n, d, 0, X, 'own'])),
      edges.map((n): Args => [n, 2, 0, zerosNested(2, 2), 'own']),
    ),
    bad: corrupt(applyValid, [
      at([0], badOf(...applyBad)),
      at([3], fc.oneof(bad.matrix, badOf([[1, 2, 3, 4, 5]], tag.tensor([[1, 2, 3, 4, 5]])))),
      at([4], BAD_PARAMS),
    ]),
  });
  return [f64, diagF64, init, apply];
}

// Parameters for apply / empiricalNtk: the network's own, or not the parameters of this network.
const BAD_PARAMS = badOf('disposed', 'null', 'string', 'forged', 'other');
function paramsOf(l: Lib, params: NetworkParams, kind: unknown, ctx: CallContext): unknown {
  switch (kind) {
    case 'own':
      return params;
    case 'disposed':
      params.dispose();
      return params;
    case 'null':
      return null;
    case 'string':
      return 'x';
    case 'forged':
      return { tree: 'x', count: 1, inputSize: params.inputSize, dispose() {} };
    case 'other': {
      // A network none of the tables builds (widths ≤ 8 there), drawn for the same inputs.
      const other = net(l, L('serial', L('dense', { outputs: 9 }), L('dense', { outputs: 2 })));
      return ctx.own(other.init({ inputShape: [params.inputSize], initSeed: 0 }));
    }
    default:
      throw new Error(`reliability: no params kind '${String(kind)}'`);
  }
}

// ---------------------------------------------------------------------------------------------
// the factories

const noArguments = (name: string, exportName = name): Entry =>
  e(exportName, {
    ...(name !== exportName ? { name } : {}),
    call: (l) => (l.layers[exportName as 'relu'] as () => Layer)(),
    valid: args(),
    noBadInput: 'no arguments',
  });

const layerList = fc.array(fc.oneof(denseA, anyActivation, residual(anyActivation)), {
  minLength: 1,
  maxLength: 3,
});
const combinator = (name: 'serial' | 'parallel') =>
  e(name, {
    call: (l, a) => (l.layers[name] as (...x: unknown[]) => Layer)(...a.map((x) => build(l, x))),
    valid: layerList.map((ls): Args => ls),
    degenerate: fc.constantFrom<Args>(
      [L('identity')],
      [L('serial', L('serial', L('relu')))],
      [L('fanOut', 2)],
      Array.from({ length: 8 }, () => L('relu')),
    ),
    bad: fc.oneof(
      args(),
      NOT_LAYERS.map((x): Args => [x]),
      fc.tuple(layerList, NOT_LAYERS).map(([ls, x]): Args => [...ls, x]),
    ),
  });

const phiArgs = fc
  .tuple(
    phiName,
    fc.record(
      {
        derivative: fc.boolean(),
        tensor: fc.boolean(),
        order: int(2, 8),
        name: fc.constantFrom('phi', 'softplus'),
      },
      { requiredKeys: [] },
    ),
    fc.boolean(),
  )
  .map(([fn, o, noOptions]): Args => {
    if (noOptions) return [tag.fn('phi', { fn })];
    const { derivative, tensor, ...rest } = o;
    return [
      tag.fn('phi', { fn }),
      {
        ...rest,
        ...(derivative ? { derivative: tag.fn('dphi', { fn }) } : {}),
        ...(tensor ? { tensor: tag.fn('phiTensor', { fn }) } : {}),
      },
    ];
  });
const phiArgsWithOptions = phiArgs.map((a): Args => (a.length === 1 ? [a[0], {}] : a));

const factories: Entry[] = [
  noArguments('relu'),
  noArguments('abs'),
  noArguments('erf in layers', 'erf'),
  noArguments('sin'),
  noArguments('cos'),
  noArguments('identity in layers', 'identity'),
  noArguments('tanh'),
  noArguments('gelu'),
  noArguments('fanInSum'),
  noArguments('fanInConcat'),
  e('leakyRelu', {
    call: (l, a) => l.layers.leakyRelu(...(a as [number])),
    valid: fc.oneof(
      args(),
      num(-1, 1).map((x): Args => [x]),
    ),
    degenerate: fc.constantFrom<Args>([0], [1], [-1e300], [1e300], [undefined]),
    bad: bad.number.map((x): Args => [x]),
  }),
  e('abRelu', {
    call: (l, [a, b]) => l.layers.abRelu(a as number, b as number),
    valid: fc.tuple(num(-2, 2), num(-2, 2)).map(([a, b]): Args => [a, b]),
    degenerate: fc.constantFrom<Args>([0, 0], [1, 1], [-1, 1], [1e300, -1e300]),
    bad: corrupt(args(0.1, 1), [at([0], required(bad.number)), at([1], required(bad.number))]),
  }),
  e('dense', {
    call: (l, [o]) => l.layers.dense(o as never),
    valid: denseOptions.map((o): Args => [o]),
    degenerate: fc.constantFrom<Args>(
      [{ outputs: 1, wStd: 0, bStd: 0 }],
      [{ outputs: 2 ** 40 }],
      [{ outputs: 1, wStd: 1e300, bStd: 1e300, parameterization: 'standard' }],
    ),
    bad: corrupt(
      denseOptions.map((o): Args => [o]),
      [
        at([0], fc.oneof(bad.options, badOf(undefined))),
        at([0, 'outputs'], required(bad.integer(1))),
        at([0, 'wStd'], bad.nonNegative),
        at([0, 'bStd'], bad.nonNegative),
        at([0, 'parameterization'], bad.name),
      ],
    ),
  }),
  e('fanOut', {
    call: (l, [k]) => l.layers.fanOut(k as number),
    valid: int(1, 4).map((k): Args => [k]),
    degenerate: fc.constantFrom<Args>([1], [64]),
    bad: fc.oneof(bad.integer(1), badOf(65, 1e9, undefined)).map((k): Args => [k]),
  }),
  combinator('serial'),
  combinator('parallel'),
  e('elementwise', {
    call: (l, [fn, o]) => l.layers.elementwise(fn as never, o as never),
    valid: phiArgs,
    degenerate: fc.constantFrom<Args>(
      [tag.fn('phi', { fn: 'zero' }), { order: 2 }],
      [tag.fn('phi', { fn: 'tanh' }), { order: 200 }],
      [tag.fn('phi', { fn: 'tanh' }), { name: '' }],
    ),
    bad: corrupt(phiArgsWithOptions, [
      at([0], required(bad.fn)),
      at([1], bad.options),
      at([1, 'order'], fc.oneof(bad.integer(2), badOf(201, 1e9))),
      at([1, 'derivative'], bad.fn),
      at([1, 'tensor'], bad.fn),
      at([1, 'name'], bad.string),
    ]),
  }),
];

const FACTORY_NAMES: FactoryName[] = [
  'relu',
  'leakyRelu',
  'abRelu',
  'abs',
  'erf',
  'sin',
  'cos',
  'identity',
  'tanh',
  'gelu',
  'elementwise',
  'dense',
  'serial',
  'parallel',
  'fanOut',
  'fanInSum',
  'fanInConcat',
];

// ---------------------------------------------------------------------------------------------
// gaussHermite, empiricalNtk, monteCarloKernel

const gaussHermite = e('gaussHermite', {
  call: (l, [order]) => l.layers.gaussHermite(order as number),
  valid: int(1, 8).map((k): Args => [k]),
  degenerate: fc.constantFrom<Args>([1], [2], [200]),
  bad: fc.oneof(bad.integer(1), badOf(201, 1e9, undefined)).map((k): Args => [k]),
});

/** Small networks for the autodiff routines (every one has a tensor φ). */
// Every activation, elementwise's tensor φ included (tensor's ensureGradients registers the
// gradients of tanh, softplus and square).
const AUTODIFF_PHI_NAMES = PHI_NAMES;
const differentiableActivation = fc.oneof(
  ...Object.entries(ACTIVATIONS)
    .filter(([name]) => name !== 'elementwise')
    .map(([, a]) => a),
  elementwiseOf(fc.constantFrom(...AUTODIFF_PHI_NAMES)),
);
const smallNets = fc.oneof(
  denseA,
  chain(differentiableActivation),
  residual(differentiableActivation),
  concatOf(differentiableActivation),
  differentiableActivation,
);
const FALLBACK = L('serial', D1(), L('tanh'), D1());

const ntkValid = fc
  .tuple(smallNets, int(1, 3), int(1, 3), int(1, 3), seed(), fc.boolean())
  .chain(([n, nx, ny, d, s, withY]) =>
    fc
      .tuple(
        anyForm(nested(nx, d)),
        withY ? anyForm(nested(ny, d)) : fc.constant(undefined),
        fc.constantFrom<unknown>(undefined, {}, { output: 0 }, { output: 'mean' }),
      )
      .map(([X, Y, o]): Args => [n, d, s, X, Y, o, 'own']),
  );
const empiricalNtk = e('empiricalNtk', {
  name: 'empiricalNtk in layers',
  call: (l, [d, inputs, s, X, Y, o, kind], ctx) => {
    const layer = build(l, d);
    const owner = net(l, typeof (layer as Layer)?.init === 'function' ? d : FALLBACK);
    const params = ctx.own(owner.init({ inputShape: [inputs as number], initSeed: s as number }));
    if (kind === 'own') ctx.watch('params', params);
    return l.layers.empiricalNtk(
      layer as never,
      paramsOf(l, params, kind, ctx) as never,
      X as never,
      Y as never,
      o as never,
    );
  },
  valid: ntkValid,
  degenerate: fc.constantFrom<Args>(
    [L('relu'), 2, 0, [[1, 2]], undefined, {}, 'own'],
    [L('serial', D1({ wStd: 0, bStd: 0 }), L('relu'), D1()), 2, 0, [[1, 2]], undefined, {}, 'own'],
    [FALLBACK, 2, 0, zerosNested(2, 2), undefined, {}, 'own'],
    [FALLBACK, 1, 0, [[1e15]], [[-1e15]], { output: 1 }, 'own'],
  ),
  bad: corrupt(
    ntkValid,
    [
      at([0], NOT_LAYERS),
      at([3], fc.oneof(bad.matrix, badOf([[1, 2, 3, 4]]))),
      at([4], fc.oneof(bad.matrix, badOf(null, [[1, 2, 3, 4]]))),
      at([5], bad.options),
      at([5, 'output'], badOf(-1, 1.5, 99, 'max', null, Number.NaN)),
      at([5, 'budget'], bad.budget),
      at([6], BAD_PARAMS),
    ],
    args(FALLBACK, 1, 0, HUGE_X, undefined, {}, 'own'),
    args(FALLBACK, 1, 0, [[1], [2], [3]], undefined, TINY_BUDGET, 'own'),
  ),
});

const mcValid = fc
  .tuple(smallNets, int(1, 3), int(1, 3), int(1, 3), fc.boolean())
  .chain(([n, nx, ny, d, withY]) =>
    fc
      .tuple(
        anyForm(nested(nx, d)),
        withY ? anyForm(nested(ny, d)) : fc.constant(undefined),
        fc.record(
          { samples: int(2, 3), initSeed: int(0, 1e6), ntk: fc.boolean() },
          { requiredKeys: ['samples'] },
        ),
      )
      .map(([X, Y, o]): Args => [n, X, Y, o]),
  );
const monteCarloKernel = e('monteCarloKernel', {
  name: 'monteCarloKernel in layers',
  call: (l, [d, X, Y, o]) =>
    l.layers.monteCarloKernel(build(l, d) as never, X as never, Y as never, o as never),
  valid: mcValid,
  degenerate: fc.constantFrom<Args>(
    [L('relu'), [[1, 2]], undefined, { samples: 2 }],
    [L('serial', D1({ wStd: 0, bStd: 0 }), L('relu'), D1()), [[1, 2]], undefined, { samples: 2 }],
    [FALLBACK, zerosNested(2, 2), undefined, { samples: 2, ntk: false }],
    [FALLBACK, [[1]], undefined, { samples: 2, initSeed: 2 ** 32 - 3 }],
  ),
  bad: corrupt(
    mcValid,
    [
      at([0], fc.oneof(NOT_LAYERS, badOf(...BAD_NETS))),
      at([1], bad.matrix),
      at([2], fc.oneof(bad.matrix, badOf(null, [[1, 2, 3, 4]]))),
      at([3], fc.oneof(bad.options, badOf(undefined))),
      at([3, 'samples'], required(fc.oneof(bad.size(2), badOf(1)))),
      at([3, 'initSeed'], fc.oneof(bad.seed, badOf(2 ** 32 - 2))),
      at([3, 'ntk'], bad.boolean),
    ],
    args(FALLBACK, HUGE_X, undefined, { samples: 2 }),
  ),
});

export const layersSpecs: PackageSpecs = {
  package: 'layers',
  entries: [
    ...factories,
    ...FACTORY_NAMES.flatMap(methodEntries),
    gaussHermite,
    empiricalNtk,
    monteCarloKernel,
  ],
  notCallable: {},
};
