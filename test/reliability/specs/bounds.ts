// @overparam/bounds: every registered bound (validate, evaluate, empiricalCheck.run and its
// assumptions' checks, generated from the bound's own InputSpecs), the registry, the input
// validation and the closed-form formulas.
import * as boundsModule from '@overparam/bounds';
import {
  type Args,
  args,
  at,
  bad,
  badOf,
  corrupt,
  fc,
  int,
  nested,
  num,
  required,
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

const e = definer('bounds');
const CHECK_MS = 30_000;

// u => σ(u) for the formulas that integrate a scalar function; 'nan', 'string', 'inf' break it.
defineCallback('scalar', (p) => {
  switch (p.f) {
    case 'relu':
      return (u: number) => Math.max(u, 0);
    case 'tanh':
      return Math.tanh;
    case 'square':
      return (u: number) => u * u;
    case 'nan':
      return () => Number.NaN;
    case 'inf':
      return (u: number) => (u > 0 ? Infinity : 0);
    case 'string':
      return () => 'x';
    default:
      return (u: number) => u;
  }
});
// (a, b, c) => g for El Karoui's norm-dot kernels: ‖x‖², ‖y‖², ⟨x, y⟩.
defineCallback('normdot', (p) => {
  if (p.f === 'nan') return () => Number.NaN;
  if (p.f === 'string') return () => 'x';
  if (p.f === 'linear') return (_a: number, _b: number, c: number) => c;
  return (a: number, b: number, c: number) => Math.exp(-(a + b - 2 * c) / 2);
});

// ---------------------------------------------------------------------------------------------
// the bounds, from their InputSpecs

type InputSpec = boundsModule.InputSpec;
type AnyBound = boundsModule.AnyBound;

const BOUND_EXPORTS: [string, AnyBound][] = Object.entries(boundsModule).filter(([, v]) =>
  (boundsModule.ALL_BOUNDS as readonly unknown[]).includes(v),
) as [string, AnyBound][];

function lowOf(s: InputSpec): number {
  const min = s.min ?? (s.type === 'integer' ? 0 : -1e6);
  if (!s.exclusiveMin) return min;
  return s.type === 'integer' ? Math.floor(min) + 1 : min + Math.max(Math.abs(min) * 1e-9, 1e-9);
}
function highOf(s: InputSpec): number {
  return s.max ?? (s.type === 'integer' ? 1e6 : 1e6);
}

function validValue(s: InputSpec): fc.Arbitrary<unknown> {
  const lo = lowOf(s);
  const hi = highOf(s);
  switch (s.type) {
    case 'integer':
      return int(Math.ceil(lo), Math.floor(hi));
    case 'number-list':
      return fc.array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: 1, maxLength: 4 });
    case 'choice':
      return fc.constantFrom(...(s.choices ?? []));
    default:
      return fc.double({ min: lo, max: hi, noNaN: true });
  }
}

function edgeValues(s: InputSpec): unknown[] {
  if (s.type === 'choice') return [...(s.choices ?? [])];
  const lo = lowOf(s);
  const hi = highOf(s);
  const v = s.type === 'integer' ? [Math.ceil(lo), Math.floor(hi)] : [lo, hi];
  return s.type === 'number-list' ? [[v[0]], [v[1]], [v[0], v[1]]] : v;
}

function badValues(s: InputSpec): unknown[] {
  const common = [Number.NaN, Infinity, -Infinity, 'abc', null, {}, true];
  if (s.type === 'choice') return ['no-such-choice', 42, null, ''];
  const lo = s.min;
  const hi = s.max;
  const out: unknown[] = [...common];
  if (lo !== undefined) out.push(s.exclusiveMin ? lo : lo - 1);
  if (hi !== undefined) out.push(hi + 1, hi * 10 + 10);
  if (s.type === 'integer') out.push(lowOf(s) + 0.5);
  if (s.type === 'number-list')
    return [[], ['a'], [Number.NaN], 'x,y', 42, ...(lo !== undefined ? [[lo - 1]] : [])];
  return out;
}

function inputsArb(specs: readonly InputSpec[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(specs.map((s) => [s.key, validValue(s)])), {
    requiredKeys: [],
  });
}

function boundEntries([name, b]: [string, AnyBound]): Entry[] {
  const specs = b.inputs;
  const valid = inputsArb(specs).map((i): Args => [i]);
  const degenerate = fc.oneof(
    ...specs.map((s) => fc.constantFrom(...edgeValues(s)).map((v): Args => [{ [s.key]: v }])),
    fc.constant<Args>([{}]),
    fc.constant<Args>([undefined]),
  );
  const badInputs = fc.oneof(
    ...specs.map((s) => fc.constantFrom(...badValues(s)).map((v): Args => [{ [s.key]: v }])),
    badOf('x', 42, [], true).map((raw): Args => [raw]),
    fc.constant<Args>([{ noSuchInput: 1 }]),
  );
  const get = (l: Lib) => l.bounds[name as keyof Lib['bounds']] as unknown as AnyBound;
  const mayThrow =
    'inputs are drawn per InputSpec range; a cross-input constraint (checked by validate) may reject a draw with InvalidBoundInputError';
  return [
    e(name, {
      name: `${name}.validate`,
      call: (l, [raw]) => get(l).validate(raw),
      valid,
      validMayThrow: mayThrow,
      degenerate,
      bad: badInputs,
    }),
    e(name, {
      name: `${name}.evaluate`,
      call: (l, [raw]) => get(l).evaluate(raw as never),
      // value is null (not Infinity) when the formula overflows; terms may be ±Infinity.
      allowInfinity: {
        reason: 'a term of a closed form may be ±Infinity at an edge of its range',
        at: /\.terms\[\d+\]\.value$/,
      },
      valid,
      validMayThrow: mayThrow,
      degenerate,
      bad: badInputs,
      runs: { valid: 10, degenerate: 10, bad: 20 },
    }),
    e(name, {
      name: `${name}.assumptions[].check`,
      call: (l, [raw]) => {
        const bound = get(l);
        const inputs = bound.validate(raw);
        return bound.assumptions.map((a) => a.check(inputs));
      },
      valid,
      validMayThrow: mayThrow,
      degenerate,
      noBadInput: 'check takes validated inputs; the validate and evaluate entries cover bad ones',
    }),
    e(name, {
      name: `${name}.empiricalCheck.run`,
      call: (l, [raw, opts]) => get(l).empiricalCheck.run(raw as never, opts as never),
      // The defaults take a few seconds by design; a valid run is the documented default run.
      valid: fc.constant<Args>([b.defaults, { onProgress: tag.fn('noop') }]),
      degenerate: fc.constantFrom<Args>(
        [{}, { signal: tag.signal(true) }],
        [b.defaults, { signal: tag.signal(true), onProgress: tag.fn('noop') }],
      ),
      bad: fc.oneof(
        badInputs,
        badOf('x', 42, { signal: 'x' }, { onProgress: 42 }, { onProgress: tag.fn('throws') }).map(
          (o): Args => [b.defaults, o],
        ),
      ),
      runs: { valid: 1, degenerate: 2, bad: 8 },
      timeoutMs: CHECK_MS,
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// registry and shared plumbing

const ids = boundsModule.ALL_BOUNDS.map((b) => b.id);
const getBound = e('getBound', {
  call: (l, [id]) => l.bounds.getBound(id as string),
  methodsElsewhere: {
    evaluate: 'the <name>Bound.evaluate entries (getBound returns the same objects)',
    validate: 'the <name>Bound.validate entries (getBound returns the same objects)',
  },
  valid: fc.constantFrom(...ids).map((id): Args => [id]),
  bad: fc.oneof(bad.anything, bad.name, badOf(undefined)).map((id): Args => [id]),
});
const listBounds = e('listBounds', {
  call: (l) => l.bounds.listBounds(),
  valid: args(),
  noBadInput: 'no arguments',
});

const validateInputs = e('validateInputs', {
  call: (l, [id, specs, raw]) => l.bounds.validateInputs(id as string, specs as never, raw),
  valid: fc
    .constantFrom(...boundsModule.ALL_BOUNDS)
    .chain((b) => inputsArb(b.inputs).map((raw): Args => [b.id, b.inputs, raw])),
  degenerate: fc.constantFrom<Args>(['x', [], {}], ['x', [], null]),
  bad: fc.oneof(
    fc.constantFrom(...boundsModule.ALL_BOUNDS).map((b): Args => [b.id, b.inputs, 'x']),
    badOf(null, 'x', 42, {}, [null], [{}]).map((specs): Args => ['x', specs, { a: 1 }]),
  ),
});

const checkAssumptions = e('checkAssumptions', {
  call: (l, [id, raw]) => {
    const b = l.bounds.getBound(id as string);
    return l.bounds.checkAssumptions(b.assumptions, b.validate(raw));
  },
  valid: fc
    .constantFrom(...boundsModule.ALL_BOUNDS)
    .chain((b) => inputsArb(b.inputs).map((raw): Args => [b.id, raw])),
  validMayThrow:
    'a cross-input constraint of validate may reject a per-spec draw (InvalidBoundInputError)',
  noBadInput:
    'it takes validated inputs (validate rejects bad ones); checkAssumptions(raw list) covers a bad list',
});
const checkAssumptionsRaw = e('checkAssumptions', {
  name: 'checkAssumptions(raw list)',
  call: (l, [list, raw]) => l.bounds.checkAssumptions(list as never, raw),
  valid: args([], {}),
  bad: badOf(null, 'x', 42, [null], [{}], [{ id: 'a', check: 42 }]).map((list): Args => [list, {}]),
});

const checkRunner = e('checkRunner', {
  call: (l, [id, o]) => l.bounds.checkRunner(id as string, o as never),
  valid: fc.constantFrom<Args>(
    ['x', undefined],
    ['x', {}],
    ['x', { signal: tag.signal(false), onProgress: tag.fn('noop') }],
  ),
  bad: fc.oneof(
    badOf('x', 42, null).map((o): Args => ['x', o]),
    badOf({ signal: 'x' }, { onProgress: 42 }).map((o): Args => ['x', o]),
  ),
});
const checkRunnerCall = e('checkRunner', {
  name: 'checkRunner()(fraction)',
  call: (l, [o, f]) => l.bounds.checkRunner('x', o as never)(f as number),
  valid: fc
    .tuple(fc.constantFrom({}, { onProgress: tag.fn('noop') }), num(0, 1))
    .map(([o, f]): Args => [o, f]),
  degenerate: fc.oneof(
    badOf(-1, 2, Number.NaN).map((f): Args => [{ onProgress: tag.fn('noop') }, f]),
    args({ signal: tag.signal(true) }, 0.5),
  ),
  bad: badOf('x', null, {}).map((f): Args => [{ onProgress: tag.fn('noop') }, f]),
});

// ---------------------------------------------------------------------------------------------
// formulas

const activationArb = fc.oneof(
  fc.constantFrom('relu', 'erf', 'tanh'),
  fc
    .constantFrom('relu', 'tanh')
    .map((f) => ({ fn: tag.fn('scalar', { f }), kinks: f === 'relu' ? [0] : [] })),
);
const activationConstants = e('activationConstants', {
  call: (l, [a, o]) => l.bounds.activationConstants(a as never, o as never),
  valid: fc
    .tuple(activationArb, fc.constantFrom(undefined, {}, { nodes: 40 }))
    .map(([a, o]): Args => [a, o]),
  degenerate: fc.constantFrom<Args>(
    [{ fn: tag.fn('scalar', { f: 'square' }) }, {}],
    [{ fn: tag.fn('scalar', { f: 'linear' }) }, {}],
    ['relu', { nodes: 1 }],
  ),
  bad: fc.oneof(
    fc
      .oneof(
        bad.anything,
        bad.name,
        badOf(
          {},
          { fn: 42 },
          { fn: tag.fn('scalar', { f: 'nan' }) },
          { fn: tag.fn('scalar', { f: 'string' }) },
          { fn: tag.fn('scalar', { f: 'inf' }) },
          { fn: tag.fn('throws') },
          { fn: tag.fn('scalar'), kinks: ['x'] },
        ),
      )
      .map((a): Args => [a, {}]),
    badOf('x', { nodes: 0 }, { nodes: 1.5 }, { nodes: 1e9 }, { kinks: [Number.NaN] }).map(
      (o): Args => ['relu', o],
    ),
  ),
});
const resolveActivation = e('resolveActivation', {
  call: (l, [a]) => l.bounds.resolveActivation(a as never),
  methodsElsewhere: {
    fn: 'σ itself: activationConstants integrates it (its entry calls it at every node)',
  },
  valid: activationArb.map((a): Args => [a]),
  bad: fc
    .oneof(
      bad.anything,
      bad.name,
      badOf(undefined, {}, { fn: 42 }, { fn: tag.fn('scalar'), kinks: 'x' }),
    )
    .map((a): Args => [a]),
});

const decreasing = fc
  .array(num(0.01, 10), { minLength: 1, maxLength: 8 })
  .map((v) => [...v].sort((a, b) => b - a));
const benignOverfitting = e('benignOverfitting', {
  call: (l, [ev, o]) => l.bounds.benignOverfitting(ev as never, o as never),
  allowInfinity: {
    reason: 'r_k and R_k are Infinity past the end of a finite spectrum, as documented',
    at: /\.(r|R)\[\d+\]$|Ratio$/,
  },
  valid: fc
    .tuple(decreasing, int(1, 50), fc.option(num(0.5, 5), { nil: undefined }))
    .map(([ev, n, b]): Args => [ev, b === undefined ? { n } : { n, b }]),
  degenerate: fc.constantFrom<Args>(
    [[1], { n: 1 }],
    [[1, 1, 1], { n: 1000 }],
    [[1e300, 1e-300], { n: 2 }],
  ),
  bad: corrupt(fc.constant<Args>([[2, 1], { n: 3 }]), [
    at([0], fc.oneof(bad.vector, badOf([], [1, 2], [0], [-1]))),
    at([1], fc.oneof(bad.options, badOf(undefined))),
    // n is a sample count in a formula (no work): only non-integers are bad.
    at([1, 'n'], required(bad.integer(1))),
    at([1, 'b'], bad.positive),
  ]),
});
const spikedValid = fc
  .tuple(int(1, 50), num(0.1, 10), num(0.001, 1), num(0, 3))
  .chain(([p, spikeValue, tailScale, alpha]) =>
    int(0, p).map((spikes): Args => [{ p, spikes, spikeValue, tailScale, alpha }]),
  );
const spikedPowerSpectrum = e('spikedPowerSpectrum', {
  call: (l, [s]) => l.bounds.spikedPowerSpectrum(s as never),
  valid: spikedValid,
  degenerate: fc.constantFrom<Args>(
    [{ p: 1, spikes: 0, spikeValue: 1, tailScale: 1, alpha: 0 }],
    [{ p: 3, spikes: 3, spikeValue: 1e300, tailScale: 1e-300, alpha: 0 }],
  ),
  bad: corrupt(spikedValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'p'], required(bad.size(1))),
    at([0, 'spikes'], required(fc.oneof(bad.integer(0), badOf(1000)))),
    at([0, 'spikeValue'], required(bad.positive)),
    at([0, 'tailScale'], required(bad.positive)),
    at([0, 'alpha'], required(bad.nonNegative)),
  ]),
});

const ekOptions = fc.record({ tau: num(0.1, 3), trSigma2OverP2: num(0, 1) });
const elKarouiCoefficients = e('elKarouiCoefficients', {
  call: (l, [g, o]) => l.bounds.elKarouiCoefficients(g as never, o as never),
  valid: fc
    .tuple(fc.constantFrom('rbf', 'linear'), ekOptions)
    .map(([f, o]): Args => [tag.fn('normdot', { f }), o]),
  degenerate: fc.constantFrom<Args>(
    [tag.fn('normdot'), { tau: 1e-300, trSigma2OverP2: 0 }],
    [tag.fn('normdot'), { tau: 1e300, trSigma2OverP2: 1e300 }],
  ),
  bad: corrupt(fc.constant<Args>([tag.fn('normdot'), { tau: 1, trSigma2OverP2: 0.1 }]), [
    at(
      [0],
      fc.oneof(
        bad.fn,
        badOf(
          tag.fn('normdot', { f: 'nan' }),
          tag.fn('normdot', { f: 'string' }),
          tag.fn('throws'),
        ),
      ),
    ),
    at([1], fc.oneof(bad.options, badOf(undefined))),
    at([1, 'tau'], required(bad.positive)),
    at([1, 'trSigma2OverP2'], required(bad.nonNegative)),
  ]),
});
const ekErrorValid = fc
  .tuple(int(1, 4), int(1, 3), fc.constantFrom('rbf', 'linear'))
  .chain(([n, p, f]) =>
    fc.tuple(spd([n, n], 0), nested(n, p)).map(([M, X]): Args => [toM64(M), toM64(X), f]),
  );
const elKarouiError = e('elKarouiError', {
  allowInfinity: {
    reason: 'relative is +Infinity when M = 0 and K ≠ 0, as documented',
    at: /\.relative$/,
  },
  call: (l, [M, X, f]) => {
    const c = l.bounds.elKarouiCoefficients(normdot(f as string), { tau: 1, trSigma2OverP2: 0.1 });
    return l.bounds.elKarouiError(M as never, X as never, c);
  },
  valid: ekErrorValid,
  degenerate: fc.constantFrom<Args>(
    [toM64([[0]]), toM64([[0]]), 'rbf'],
    [toM64(zerosNested(2, 2)), toM64([[1], [1]]), 'linear'],
  ),
  bad: corrupt(
    fc.constant<Args>([
      toM64([
        [1, 0],
        [0, 1],
      ]),
      toM64([[1], [2]]),
      'rbf',
    ]),
    [at([0], bad.matrix), at([1], bad.matrix)],
    args(toM64([[1]]), toM64([[1], [2]]), 'rbf'),
  ),
});
function normdot(f: string) {
  return f === 'linear'
    ? (_a: number, _b: number, c: number) => c
    : (a: number, b: number, c: number) => Math.exp(-(a + b - 2 * c) / 2);
}
const elKarouiErrorCoefficients = e('elKarouiError', {
  name: 'elKarouiError(coefficients)',
  call: (l, [c]) =>
    l.bounds.elKarouiError(
      toM64([
        [1, 0],
        [0, 1],
      ]) as never,
      toM64([[1], [2]]) as never,
      c as never,
    ),
  bad: badOf(null, 'x', {}, { c0: Number.NaN, c0Correction: 0, c1: 1, c2: 1, d2: 1 }).map(
    (c): Args => [c],
  ),
  valid: args({ c0: 1, c0Correction: 0, c1: 1, c2: 0.5, d2: 0.1 }),
});

const gaussHermiteRule = e('gaussHermiteRule', {
  call: (l, [n]) => l.bounds.gaussHermiteRule(n as number),
  valid: int(1, 100).map((n): Args => [n]),
  degenerate: fc.constantFrom<Args>([1], [1024]),
  bad: fc.oneof(bad.size(1), badOf(1025)).map((n): Args => [n]),
});
const gaussianExpectation = e('gaussianExpectation', {
  call: (l, [f, o]) => l.bounds.gaussianExpectation(f as never, o as never),
  valid: fc
    .tuple(
      fc.constantFrom('relu', 'tanh', 'square', 'linear'),
      fc.constantFrom(undefined, {}, { nodes: 20 }, { kinks: [0] }),
    )
    .map(([f, o]): Args => [tag.fn('scalar', { f }), o]),
  degenerate: fc.constantFrom<Args>(
    [tag.fn('scalar', { f: 'relu' }), { nodes: 1 }],
    [tag.fn('scalar', { f: 'relu' }), { kinks: [0, 0, 1e300] }],
  ),
  bad: corrupt(fc.constant<Args>([tag.fn('scalar', { f: 'relu' }), {}]), [
    at(
      [0],
      fc.oneof(
        bad.fn,
        badOf(
          tag.fn('scalar', { f: 'nan' }),
          tag.fn('scalar', { f: 'string' }),
          tag.fn('scalar', { f: 'inf' }),
          tag.fn('throws'),
        ),
      ),
    ),
    at([1], bad.options),
    at([1, 'nodes'], fc.oneof(bad.size(1), badOf(1025))),
    at([1, 'kinks'], badOf('x', [Number.NaN], [Infinity], ['a'], new Array(1e6).fill(0))),
  ]),
});

/** n points on the unit sphere in R^d (no zero rows). */
const unitRows = fc.tuple(int(1, 5), int(2, 3)).chain(([n, d]) =>
  nested(n, d, num(0.1, 1)).map((X) =>
    X.map((r) => {
      const s = Math.hypot(...r);
      return r.map((v) => v / s);
    }),
  ),
);
const gramInfinity = e('gramInfinity', {
  call: (l, [X]) => l.bounds.gramInfinity(X as never),
  valid: unitRows.map((X): Args => [X]),
  degenerate: fc.constantFrom<Args>(
    [[[1, 0]]],
    [
      [
        [1, 0],
        [1, 0],
      ],
    ],
    [
      [
        [1, 0],
        [-1, 0],
      ],
    ],
  ),
  bad: fc.oneof(bad.matrix, badOf([[2, 0]], [[0, 0]], [[1, 1]])).map((X): Args => [X]),
});
const gramTarget = (name: 'aroraComplexity' | 'kernelRegimeResiduals') =>
  e(name, {
    validMayThrow:
      name === 'aroraComplexity'
        ? 'λ₀ ≈ 0 for parallel unit inputs: the documented InvalidArgumentError'
        : undefined,
    call: (l, [X, y, lr, steps]) => {
      const g = l.bounds.gramInfinity(X as never);
      return name === 'aroraComplexity'
        ? l.bounds.aroraComplexity(g, y as never)
        : l.bounds.kernelRegimeResiduals(g, y as never, lr as number, steps as number);
    },
    valid: unitRows.chain((X) =>
      fc.tuple(vector(X.length), num(0.01, 1), int(0, 20)).map(([y, lr, s]): Args => [X, y, lr, s]),
    ),
    degenerate: fc.constantFrom<Args>(
      [[[1, 0]], [0], 0.1, 0],
      [
        [
          [1, 0],
          [0, 1],
        ],
        [1e300, 1e-300],
        1e-300,
        5,
      ],
    ),
    bad: fc.oneof(
      fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6, 7])).map(
        (y): Args => [
          [
            [1, 0],
            [0, 1],
          ],
          y,
          0.1,
          3,
        ],
      ),
      ...(name === 'aroraComplexity'
        ? [
            args(
              [
                [1, 0],
                [1, 0],
              ],
              [1, 1],
              0.1,
              3,
            ),
          ]
        : []),
      ...(name === 'kernelRegimeResiduals'
        ? [
            badOf(Number.NaN, Infinity, 'x', null).map((lr): Args => [[[1, 0]], [1], lr, 3]),
            bad.size(0).map((s): Args => [[[1, 0]], [1], 0.1, s]),
          ]
        : []),
    ),
  });
const gramInfinityObject = e('aroraComplexity', {
  name: 'aroraComplexity(g)',
  call: (l, [g]) => l.bounds.aroraComplexity(g as never, [1]),
  valid: args({
    H: toM64([[1]]),
    eigenvalues: new Float64Array([1]),
    eigenvectors: toM64([[1]]),
    lambda0: 1,
    lambdaMax: 1,
  }),
  bad: badOf(null, 'x', {}, { H: toM64([[1]]) }).map((g): Args => [g]),
});

const hmrtModel = fc.record(
  { gamma: num(0.05, 10), signal: num(0, 5), noise: num(0, 2), misspecification: num(0, 1) },
  { requiredKeys: ['gamma', 'signal', 'noise'] },
);
const hmrtSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'gamma'], required(bad.positive)),
  at([0, 'signal'], required(bad.nonNegative)),
  at([0, 'noise'], required(bad.nonNegative)),
  at([0, 'misspecification'], bad.nonNegative),
];
const hmrtDegenerate = fc.constantFrom(
  { gamma: 1, signal: 1, noise: 0.25 },
  { gamma: 1, signal: 0, noise: 0 },
  { gamma: 1e-300, signal: 1, noise: 1 },
  { gamma: 1e300, signal: 1e300, noise: 0 },
);
const hmrtEntry = (name: 'hmrtRidgelessRisk' | 'hmrtOptimalGamma' | 'hmrtOptimalLambda') =>
  e(name, {
    call: (l, [m]) => l.bounds[name](m as never),
    allowInfinity:
      name === 'hmrtRidgelessRisk'
        ? {
            reason:
              'the ridgeless risk is Infinity at γ = 1 (the interpolation peak), as documented',
            at: /risk|variance|bias/,
          }
        : undefined,
    valid: hmrtModel.map((m): Args => [m]),
    degenerate: hmrtDegenerate.map((m): Args => [m]),
    bad: corrupt(
      hmrtModel.map((m): Args => [m]),
      hmrtSlots,
    ),
  });
const hmrtRidgeRisk = e('hmrtRidgeRisk', {
  call: (l, [m, lambda]) => l.bounds.hmrtRidgeRisk(m as never, lambda as number),
  valid: fc.tuple(hmrtModel, num(0.01, 10)).map(([m, lambda]): Args => [m, lambda]),
  degenerate: fc
    .tuple(hmrtDegenerate, fc.constantFrom(1e-300, 1e300))
    .map(([m, lambda]): Args => [m, lambda]),
  bad: corrupt(
    fc.tuple(hmrtModel, num(0.01, 10)).map(([m, lambda]): Args => [m, lambda]),
    [...hmrtSlots, at([1], bad.positive)],
  ),
});

const mpArgs = fc.tuple(num(0.05, 10), num(0.1, 5));
const mpSlots = (first: number) => [
  at([first], bad.positive),
  at([first + 1], fc.oneof(bad.positive)),
];
const mpEntry = (name: 'marchenkoPasturDensity' | 'marchenkoPasturCdf') =>
  e(name, {
    call: (l, [x, g, v]) => l.bounds[name](x as number, g as number, v as number),
    valid: fc.tuple(num(-1, 20), mpArgs).map(([x, [g, v]]): Args => [x, g, v]),
    degenerate: fc.constantFrom<Args>(
      [0, 1, 1],
      [Infinity, 1, 1],
      [-Infinity, 2, 1],
      [1e-300, 1e-300, 1],
      [1, 1e300, 1e-300],
    ),
    bad: corrupt(
      fc.tuple(num(-1, 20), mpArgs).map(([x, [g, v]]): Args => [x, g, v]),
      [at([0], badOf(Number.NaN, 'x', null)), ...mpSlots(1)],
    ),
  });
const marchenkoPasturEdges = e('marchenkoPasturEdges', {
  call: (l, [g, v]) => l.bounds.marchenkoPasturEdges(g as number, v as number),
  valid: mpArgs.map(([g, v]): Args => [g, v]),
  degenerate: fc.constantFrom<Args>([1, 1], [1e-300, 1], [1e300, 1e-300], [2, undefined]),
  bad: corrupt(
    mpArgs.map(([g, v]): Args => [g, v]),
    mpSlots(0),
  ),
});
const marchenkoPasturStieltjes = e('marchenkoPasturStieltjes', {
  call: (l, [lambda, g, v]) =>
    l.bounds.marchenkoPasturStieltjes(lambda as number, g as number, v as number),
  valid: fc.tuple(num(0.01, 10), mpArgs).map(([lambda, [g, v]]): Args => [lambda, g, v]),
  degenerate: fc.constantFrom<Args>([1e-300, 1, 1], [1e300, 1, 1], [1, 1e-300, 1]),
  bad: corrupt(
    fc.tuple(num(0.01, 10), mpArgs).map(([lambda, [g, v]]): Args => [lambda, g, v]),
    [at([0], bad.positive), ...mpSlots(1)],
  ),
});

const mmFixedValid = fc
  .record({ psi1: num(0.1, 5), psi2: num(0.1, 5), zeta: num(0.1, 2), lambdaBar: num(0.01, 2) })
  .chain((p) =>
    fc
      .constantFrom(undefined, {}, { damping: 0.5, tolerance: 1e-10, maxIterations: 1000 })
      .map((o): Args => [p, o]),
  );
const meiMontanariFixedPoint = e('meiMontanariFixedPoint', {
  call: (l, [p, o]) => l.bounds.meiMontanariFixedPoint(p as never, o as never),
  valid: mmFixedValid,
  degenerate: fc.constantFrom<Args>(
    [{ psi1: 1, psi2: 1, zeta: 0, lambdaBar: 1 }, {}],
    [{ psi1: 1e-300, psi2: 1e300, zeta: 1, lambdaBar: 1e-300 }, {}],
    [{ psi1: 1, psi2: 1, zeta: 1, lambdaBar: 1 }, { maxIterations: 1 }],
  ),
  bad: corrupt(mmFixedValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'psi1'], required(bad.positive)),
    at([0, 'psi2'], required(bad.positive)),
    at([0, 'zeta'], required(bad.number)),
    at([0, 'lambdaBar'], required(bad.positive)),
    at([1], bad.options),
    at([1, 'damping'], badOf(0, 1.5, -1, Number.NaN)),
    at([1, 'tolerance'], badOf(0, 1, -1, Number.NaN)),
    at([1, 'maxIterations'], fc.oneof(bad.integer(1), badOf(1e9))),
  ]),
});
const meiMontanariRidgelessChi = e('meiMontanariRidgelessChi', {
  call: (l, [a, b, z]) => l.bounds.meiMontanariRidgelessChi(a as number, b as number, z as number),
  valid: fc.tuple(num(0.1, 5), num(0.1, 5), num(0.1, 2)).map((t): Args => [...t]),
  degenerate: fc.constantFrom<Args>([1, 1, 0], [1, 1, 1], [1e-300, 1e300, 1]),
  bad: corrupt(fc.constant<Args>([2, 3, 0.5]), [
    at([0], bad.positive),
    at([1], bad.positive),
    at([2], bad.number),
  ]),
});
const meiMontanariPolynomials = e('meiMontanariPolynomials', {
  call: (l, [c, a, b, z]) =>
    l.bounds.meiMontanariPolynomials(c as number, a as number, b as number, z as number),
  valid: fc.tuple(num(-3, 0), num(0.1, 5), num(0.1, 5), num(0.1, 2)).map((t): Args => [...t]),
  degenerate: fc.constantFrom<Args>([0, 1, 1, 0], [-1e60, 1, 1, 1e-10]),
  bad: corrupt(
    fc.constant<Args>([-0.5, 2, 3, 0.5]),
    [at([0], bad.number), at([1], bad.positive), at([2], bad.positive), at([3], bad.number)],
    args(-1e100, 1, 1, 1e10),
  ),
});
const mmRiskValid = fc
  .record({
    psi1: num(0.1, 5),
    psi2: num(0.1, 5),
    lambda: num(0, 1),
    zeta: num(0.1, 1),
    muStar2: num(0.1, 1),
    linearEnergy: num(0, 2),
    nonlinearEnergy: num(0, 2),
    noiseVariance: num(0, 1),
  })
  .map((p): Args => [p, {}]);
const meiMontanariRisk = e('meiMontanariRisk', {
  call: (l, [p, o]) => l.bounds.meiMontanariRisk(p as never, o as never),
  allowInfinity: {
    reason: 'the ridgeless risk is Infinity at ψ₁ = ψ₂ (the interpolation peak)',
    at: /bias|variance|testError/,
  },
  valid: mmRiskValid,
  validMayThrow:
    'FixedPointNotConvergedError (typed, documented) for a draw where the damped iteration stalls',
  degenerate: fc.constantFrom<Args>(
    [
      {
        psi1: 1,
        psi2: 1,
        lambda: 0,
        zeta: 0.5,
        muStar2: 0.5,
        linearEnergy: 1,
        nonlinearEnergy: 0,
        noiseVariance: 0,
      },
      {},
    ],
    [
      {
        psi1: 2,
        psi2: 3,
        lambda: 1e-300,
        zeta: 0.5,
        muStar2: 0.5,
        linearEnergy: 0,
        nonlinearEnergy: 0,
        noiseVariance: 0,
      },
      {},
    ],
  ),
  bad: corrupt(mmRiskValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'psi1'], required(bad.positive)),
    at([0, 'psi2'], required(bad.positive)),
    at([0, 'lambda'], required(bad.nonNegative)),
    at([0, 'zeta'], required(bad.number)),
    at([0, 'muStar2'], required(bad.positive)),
    at([0, 'linearEnergy'], required(bad.nonNegative)),
    at([0, 'nonlinearEnergy'], required(bad.nonNegative)),
    at([0, 'noiseVariance'], required(bad.nonNegative)),
    at([1], bad.options),
  ]),
});

const prob = num(0, 1);
const binaryKl = e('binaryKl', {
  call: (l, [p, q]) => l.bounds.binaryKl(p as number, q as number),
  allowInfinity: {
    reason: 'kl(p‖q) is Infinity for q ∈ {0, 1} ≠ p, as documented',
    at: /^result$/,
  },
  valid: fc.tuple(prob, num(0.01, 0.99)).map((t): Args => [...t]),
  degenerate: fc.constantFrom<Args>([0, 0], [1, 1], [0, 1], [1e-300, 1 - 1e-16], [0.5, 1e-300]),
  bad: corrupt(fc.constant<Args>([0.2, 0.5]), [
    at([0], fc.oneof(bad.number, badOf(-0.1, 1.1))),
    at([1], fc.oneof(bad.number, badOf(-0.1, 1.1))),
  ]),
});
const klInverseUpper = e('klInverseUpper', {
  call: (l, [p, b]) => l.bounds.klInverseUpper(p as number, b as number),
  valid: fc.tuple(prob, num(0, 5)).map((t): Args => [...t]),
  degenerate: fc.constantFrom<Args>([0, 0], [1, 0], [0, 1e300], [1e-300, 1e-300], [0.5, Infinity]),
  bad: corrupt(fc.constant<Args>([0.2, 0.5]), [
    at([0], fc.oneof(bad.number, badOf(-0.1, 1.1))),
    at([1], fc.oneof(badOf(-1, Number.NaN, 'x', null))),
  ]),
});
const gaussianKlValid = int(0, 4).chain((k) =>
  fc
    .tuple(vector(k), vector(k, num(0.1, 2)), vector(k), num(0.1, 2))
    .map(
      ([mean, variances, priorMean, priorVariance]): Args => [
        { mean, variances, priorMean, priorVariance },
      ],
    ),
);
const gaussianKl = e('gaussianKl', {
  call: (l, [i]) => l.bounds.gaussianKl(i as never),
  valid: gaussianKlValid,
  degenerate: fc.constantFrom<Args>(
    [{ mean: [0], variances: [1], priorMean: [0], priorVariance: 1 }],
    [{ mean: [1e150], variances: [1e-300], priorMean: [-1e150], priorVariance: 1e300 }],
  ),
  bad: corrupt(gaussianKlValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'mean'], required(fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6])))),
    at([0, 'variances'], required(fc.oneof(bad.vector, badOf([0], [-1])))),
    at([0, 'priorMean'], required(bad.vector)),
    at([0, 'priorVariance'], required(bad.positive)),
  ]),
});
const pacValid = fc
  .record(
    {
      m: int(10, 100_000),
      kl: num(0, 1000),
      empiricalError: num(0, 1),
      j: int(1, 1000),
      b: num(1, 100),
      c: num(0.01, 1),
      delta: num(0.001, 0.49),
      samples: int(0, 1000),
      deltaPrime: num(0.001, 0.49),
    },
    { requiredKeys: ['m', 'kl', 'empiricalError', 'j'] },
  )
  .map((i): Args => [i]);
const pacBayesBound = e('pacBayesBound', {
  call: (l, [i]) => l.bounds.pacBayesBound(i as never),
  valid: pacValid,
  degenerate: fc.constantFrom<Args>(
    [{ m: 1, kl: 0, empiricalError: 0, j: 1 }],
    [{ m: 1e9, kl: 1e9, empiricalError: 1, j: 1e6 }],
  ),
  bad: corrupt(pacValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'm'], required(bad.integer(1))),
    at([0, 'kl'], required(bad.nonNegative)),
    at([0, 'empiricalError'], required(fc.oneof(bad.number, badOf(-0.1, 1.1)))),
    at([0, 'j'], required(bad.integer(1))),
    at([0, 'b'], bad.positive),
    at([0, 'c'], bad.positive),
    at([0, 'delta'], badOf(0, 1, -1, Number.NaN, 'x')),
    at([0, 'samples'], bad.integer(0)),
    at([0, 'deltaPrime'], badOf(0, 1, -1, Number.NaN)),
  ]),
});
const kernelRademacher = e('kernelRademacher', {
  call: (l, [i]) => l.bounds.kernelRademacher(i as never),
  valid: fc
    .record({ m: int(1, 10_000), traceK: num(0.01, 1e4), normBound: num(0.01, 10) })
    .map((i): Args => [i]),
  // B·√tr K/m stays in float64 range at the extremes (the exact value is representable).
  degenerate: fc.constantFrom<Args>(
    [{ m: 1, traceK: 1e-300, normBound: 1e-300 }],
    [{ m: 1e9, traceK: 1e300, normBound: 1 }],
  ),
  bad: corrupt(fc.constant<Args>([{ m: 10, traceK: 10, normBound: 1 }]), [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    // m is a sample count in a formula (no work): only non-integers are bad.
    at([0, 'm'], required(bad.integer(1))),
    at([0, 'traceK'], required(bad.positive)),
    at([0, 'normBound'], required(bad.positive)),
  ]),
});
const rampLoss = e('rampLoss', {
  call: (l, [m, r]) => l.bounds.rampLoss(m as number, r as number),
  valid: fc.tuple(num(-5, 5), num(0.01, 5)).map((t): Args => [...t]),
  degenerate: fc.constantFrom<Args>([0, 1e-300], [Infinity, 1], [-Infinity, 1], [1e300, 1e300]),
  bad: corrupt(fc.constant<Args>([0.5, 1]), [
    at([0], badOf(Number.NaN, 'x', null)),
    at([1], bad.positive),
  ]),
});
const marginValid = fc
  .record({
    m: int(1, 10_000),
    marginLoss: num(0, 1),
    rho: num(0.01, 5),
    rademacher: num(0, 2),
    delta: num(0.001, 0.99),
  })
  .map((i): Args => [i]);
const marginBound = e('marginBound', {
  call: (l, [i]) => l.bounds.marginBound(i as never),
  valid: marginValid,
  degenerate: fc.constantFrom<Args>(
    [{ m: 1, marginLoss: 0, rho: 1e-300, rademacher: 0, delta: 1e-300 }],
    [{ m: 1e9, marginLoss: 1, rho: 1e300, rademacher: 1e300, delta: 0.5 }],
  ),
  bad: corrupt(marginValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'm'], required(bad.integer(1))),
    at([0, 'marginLoss'], required(fc.oneof(bad.number, badOf(-0.1, 1.1)))),
    at([0, 'rho'], required(bad.positive)),
    at([0, 'rademacher'], required(bad.nonNegative)),
    at([0, 'delta'], required(badOf(0, 1, -1, Number.NaN, 'x'))),
  ]),
});

const quadraticValid = int(1, 4)
  .chain((n) => fc.tuple(spd([n, n], 0), vector(n), num(0.01, 1), int(0, 100)))
  .map(([A, theta0, learningRate, steps]): Args => [{ A, theta0, learningRate, steps }]);
const quadraticGd = e('quadraticGd', {
  call: (l, [o]) => l.bounds.quadraticGd(o as never),
  allowInfinity: {
    reason: 'threshold 2/S is +Infinity when A = 0, as documented',
    at: /\.(threshold|growth|logGrowth)$/,
  },
  valid: quadraticValid,
  degenerate: fc.constantFrom<Args>(
    [{ A: [[0]], theta0: [1], learningRate: 1, steps: 10 }],
    [{ A: [[1]], theta0: [0], learningRate: 1, steps: 0 }],
    [{ A: [[10]], theta0: [1], learningRate: 1, steps: 1e5 }],
  ),
  bad: corrupt(
    quadraticValid,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      at(
        [0, 'A'],
        required(
          fc.oneof(
            bad.matrix,
            badOf(
              [[-1]],
              [
                [1, 2],
                [3, 4],
              ],
            ),
          ),
        ),
      ),
      at([0, 'theta0'], required(fc.oneof(bad.vector, badOf([1, 2, 3, 4, 5, 6])))),
      at([0, 'learningRate'], required(bad.positive)),
      at([0, 'steps'], required(fc.oneof(bad.size(0), badOf(1e8 + 1)))),
    ],
    args({ A: [[1e10]], theta0: [1], learningRate: 1e300, steps: 1 }),
  ),
});

const rfsValid = fc
  .record(
    {
      d: int(1, 6),
      N: int(1, 12),
      n: int(1, 12),
      nTest: int(1, 30),
      lambda: num(0, 1),
      seed: seed(),
      activation: fc.constantFrom('relu', 'erf', 'tanh'),
      linearEnergy: num(0, 2),
      nonlinearEnergy: num(0, 1),
      noiseVariance: num(0, 0.5),
    },
    { requiredKeys: ['d', 'N', 'n', 'lambda', 'seed'] },
  )
  .map((o): Args => [{ nTest: 20, ...o }]);
const randomFeaturesSphereRisk = e('randomFeaturesSphereRisk', {
  call: (l, [o]) => l.bounds.randomFeaturesSphereRisk(o as never),
  valid: rfsValid,
  degenerate: fc.constantFrom<Args>(
    [{ d: 1, N: 1, n: 1, nTest: 1, lambda: 0, seed: 0 }],
    [{ d: 2, N: 3, n: 3, nTest: 5, lambda: 1e300, seed: 0 }],
    [
      {
        d: 2,
        N: 3,
        n: 3,
        nTest: 5,
        lambda: 0,
        seed: 0,
        linearEnergy: 0,
        nonlinearEnergy: 0,
        noiseVariance: 0,
      },
    ],
  ),
  bad: corrupt(rfsValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'd'], required(bad.size(1))),
    at([0, 'N'], required(bad.size(1))),
    at([0, 'n'], required(bad.size(1))),
    at([0, 'nTest'], bad.size(1)),
    at([0, 'lambda'], required(bad.nonNegative)),
    at([0, 'seed'], required(bad.seed)),
    at([0, 'activation'], fc.oneof(bad.name, badOf({ fn: 42 }))),
    at([0, 'linearEnergy'], bad.nonNegative),
    at([0, 'nonlinearEnergy'], bad.nonNegative),
    at([0, 'noiseVariance'], bad.nonNegative),
  ]),
  timeoutMs: 20_000,
});

/** A definition from a registered bound's parts, with a formula whose value is `value`. */
function definition(l: Lib, id: string, value: number, variant: string): unknown {
  const b = l.bounds.getBound(id);
  const { evaluate: _e, empiricalCheck, ...rest } = b;
  const def = {
    ...rest,
    formula: () => ({
      value,
      valueLabel: 'v',
      terms: [{ id: 't', label: 't', value }],
      caveats: [],
    }),
    empiricalCheck: {
      description: empiricalCheck.description,
      seed: 0,
      run: async () => ({
        passes: true,
        relation: '=',
        predicted: value,
        measured: value,
        details: 'stub',
      }),
    },
  } as Record<string, unknown>;
  if (variant === 'no-formula') delete def.formula;
  if (variant === 'formula-not-fn') def.formula = 42;
  if (variant === 'no-validate') delete def.validate;
  if (variant === 'no-check') def.empiricalCheck = null;
  if (variant === 'assumptions-not-array') def.assumptions = 'x';
  if (variant === 'null') return null;
  return def;
}
const DEFINE_BAD = badOf(
  'no-formula',
  'formula-not-fn',
  'no-validate',
  'no-check',
  'assumptions-not-array',
  'null',
);
const defineValid = fc
  .tuple(fc.constantFrom(...ids), num(-10, 10))
  .map(([id, v]): Args => [id, v, 'ok']);
const defineBound = e('defineBound', {
  call: (l, [id, v, variant]) =>
    l.bounds.defineBound(definition(l, id as string, v as number, variant as string) as never),
  valid: defineValid,
  bad: fc.tuple(fc.constantFrom(...ids), DEFINE_BAD).map(([id, k]): Args => [id, 1, k]),
});
const defineBoundEvaluate = e('defineBound', {
  name: 'defineBound().evaluate',
  call: (l, [id, v, variant, raw]) =>
    l.bounds
      .defineBound(definition(l, id as string, v as number, variant as string) as never)
      .evaluate((raw ?? {}) as never),
  allowInfinity: {
    reason: 'the stub formula returns its value as its one term',
    at: /\.terms\[\d+\]\.value$/,
  },
  valid: defineValid.map((a): Args => [...a, undefined]),
  degenerate: fc
    .constantFrom(...ids)
    .chain((id) => badOf(Number.NaN, Infinity, 1e308).map((v): Args => [id, v, 'ok', undefined])),
  bad: fc
    .tuple(fc.constantFrom(...ids), badOf('x', 42, { noSuchInput: 1 }))
    .map(([id, raw]): Args => [id, 1, 'ok', raw]),
});
const defineBoundValidate = e('defineBound', {
  name: 'defineBound().validate',
  call: (l, [id, raw]) =>
    l.bounds.defineBound(definition(l, id as string, 1, 'ok') as never).validate(raw),
  valid: fc.constantFrom(...ids).map((id): Args => [id, {}]),
  bad: fc
    .tuple(fc.constantFrom(...ids), badOf('x', 42, { noSuchInput: 1 }))
    .map(([id, raw]): Args => [id, raw]),
});

export const boundsSpecs: PackageSpecs = {
  package: 'bounds',
  entries: [
    ...BOUND_EXPORTS.flatMap(boundEntries),
    getBound,
    listBounds,
    defineBound,
    defineBoundEvaluate,
    defineBoundValidate,
    validateInputs,
    checkAssumptions,
    checkAssumptionsRaw,
    checkRunner,
    checkRunnerCall,
    activationConstants,
    resolveActivation,
    benignOverfitting,
    spikedPowerSpectrum,
    elKarouiCoefficients,
    elKarouiError,
    elKarouiErrorCoefficients,
    gaussHermiteRule,
    gaussianExpectation,
    gramInfinity,
    gramTarget('aroraComplexity'),
    gramTarget('kernelRegimeResiduals'),
    gramInfinityObject,
    hmrtEntry('hmrtRidgelessRisk'),
    hmrtEntry('hmrtOptimalGamma'),
    hmrtEntry('hmrtOptimalLambda'),
    hmrtRidgeRisk,
    mpEntry('marchenkoPasturDensity'),
    mpEntry('marchenkoPasturCdf'),
    marchenkoPasturEdges,
    marchenkoPasturStieltjes,
    meiMontanariFixedPoint,
    meiMontanariRidgelessChi,
    meiMontanariPolynomials,
    meiMontanariRisk,
    binaryKl,
    klInverseUpper,
    gaussianKl,
    pacBayesBound,
    kernelRademacher,
    rampLoss,
    marginBound,
    quadraticGd,
    randomFeaturesSphereRisk,
  ],
  notCallable: {
    ALL_BOUNDS:
      'the registry list: every bound in it has validate/evaluate/assumptions/empiricalCheck entries',
    ACTIVATION_NAMES:
      "a constant list of names (activationConstants' and resolveActivation's cases)",
    ARORA_RESIDUAL_TOLERANCE: "a number: arora2019GeneralizationBound's check tolerance",
    BARTLETT_BAND: "a number: bartlett2020BenignBound's check band",
    EOS_TOLERANCE: "a number: edgeOfStabilityBound's check tolerance",
    HMRT_RIDGE_RTOL: "a number: hmrtRidgeBound's check tolerance",
    HMRT_RIDGELESS_RTOL: "a number: hmrtRidgelessBound's check tolerance",
    LINEARIZED_GD_FORMULA_RTOL: "a number: linearizedGdBound's check tolerance",
    LINEARIZED_GD_THRESHOLD_RTOL: "a number: linearizedGdBound's check tolerance",
    MM_RF_TOLERANCE: "a number: meiMontanariRfBound's check tolerance",
    MP_EDGE_TOLERANCE: "a number: marchenkoPasturBound's check tolerance",
    MP_KS_TOLERANCE: "a number: marchenkoPasturBound's check tolerance",
    CheckAbortedError:
      'error class: thrown by the aborted-signal cases of every empiricalCheck.run',
    FixedPointNotConvergedError: "error class: meiMontanariFixedPoint's maxIterations cases",
    InvalidBoundInputError: 'error class: thrown by every bound entry on bad inputs',
    UnknownBoundError: "error class: thrown by getBound's bad cases",
  },
};
