// @overparam/random-features: feature maps (f64 and gpu), the least-squares fit, one fit at N
// features, the double-descent sweep, the feature grid and the sweep summary.
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
  required,
  seed,
  tag,
  vector,
  zerosNested,
} from '../harness/arbitraries.js';
import { defineCallback } from '../harness/encode.js';
import type { PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('random-features');
const KINDS = ['fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1', 'relu'] as const;

// A FeatureMapFactory built on randomFeatures (relu); 'bad' variants return broken blocks.
defineCallback(
  'feature-factory',
  (p, env) => (o: { d: number; N: number; offset: number; total: number; featureSeed: number }) => {
    if (p.returns === 'string') return 'x';
    if (p.returns === 'no-gpu') return { dispose() {} };
    const fm = env.lib.rf.randomFeatures({ kind: 'relu', ...o });
    if (p.returns === 'wrong-width') {
      return {
        gpu: (X: never) => env.lib.tf.concat([fm.gpu(X), fm.gpu(X)], 1),
        dispose: () => fm.dispose(),
      };
    }
    return fm;
  },
);

const mapOptions = fc.record(
  {
    kind: fc.constantFrom(...KINDS),
    d: int(1, 4),
    N: int(1, 16),
    featureSeed: seed(),
    lengthScale: fc.double({ min: 0.2, max: 5, noNaN: true }),
  },
  { requiredKeys: ['kind', 'd', 'N', 'featureSeed'] },
);
const mapValid = mapOptions.map((o): Args => [o]);
const mapSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'kind'], required(bad.name)),
  at([0, 'd'], required(bad.size(1))),
  at([0, 'N'], required(bad.size(1))),
  at([0, 'featureSeed'], required(bad.seed)),
  at([0, 'lengthScale'], bad.positive),
  at([0, 'offset'], bad.integer(0)),
  at([0, 'total'], badOf(0, -1, 1.5, Number.NaN, 'x')),
];
const randomFeatures = e('randomFeatures', {
  call: (l, [o]) => l.rf.randomFeatures(o as never),
  valid: fc.oneof(
    mapValid,
    mapOptions.map((o): Args => [{ ...o, offset: 3, total: o.N + 10 }]),
  ),
  degenerate: fc.oneof(
    args({ kind: 'relu', d: 1, N: 1, featureSeed: 0 }),
    fc
      .constantFrom(...KINDS)
      .map((kind): Args => [{ kind, d: 2, N: 3, featureSeed: 0, lengthScale: 1e-300 }]),
    fc
      .constantFrom(...KINDS)
      .map((kind): Args => [{ kind, d: 2, N: 3, featureSeed: 2 ** 32 - 1, lengthScale: 1e300 }]),
  ),
  bad: corrupt(
    mapValid,
    mapSlots,
    args({ kind: 'relu', d: 1e6, N: 1e6, featureSeed: 0 }),
    args({ kind: 'relu', d: 2, N: 3, featureSeed: 0, offset: 2, total: 4 }),
  ),
});

const withX = (form: (x: fc.Arbitrary<Nested>) => fc.Arbitrary<unknown>) =>
  mapOptions.chain((o) => int(1, 5).chain((n) => fc.tuple(fc.constant(o), form(nested(n, o.d)))));
const tensorOrHost = (m: fc.Arbitrary<Nested>) =>
  fc.tuple(m, fc.boolean()).map(([x, t]) => (t ? tag.tensor(x) : x));

const mapMethod = (m: 'f64' | 'gpu') =>
  e('randomFeatures', {
    name: `randomFeatures().${m}`,
    call: (l, [o, X], ctx) => ctx.own(l.rf.randomFeatures(o as never))[m](X as never),
    valid: withX(m === 'f64' ? hostForm : tensorOrHost).map(([o, X]): Args => [o, X]),
    degenerate: fc.oneof(
      (m === 'f64' ? degeneratePoints([2, 2]) : degeneratePoints32([2, 2])).map(
        (X): Args => [{ kind: 'relu', d: 2, N: 3, featureSeed: 0 }, X],
      ),
      fc
        .constantFrom(...KINDS)
        .map((kind): Args => [{ kind, d: 1, N: 2, featureSeed: 0, lengthScale: 1e-3 }, [[1e3]]]),
    ),
    bad: fc.oneof(
      fc
        .oneof(bad.matrix, badOf([[1, 2, 3]]))
        .map((X): Args => [{ kind: 'relu', d: 2, N: 3, featureSeed: 0 }, X]),
      args(
        { kind: 'relu', d: 1, N: 2000, featureSeed: 0 },
        { rows: 1e6, cols: 1, data: new Float64Array(1e6) },
      ),
    ),
  });

const lsqValid = fc
  .tuple(int(1, 6), int(1, 6))
  .chain(([n, N]) =>
    fc.tuple(
      hostForm(nested(n, N)),
      fc.oneof(vector(n), nested(n, 2)),
      fc.constantFrom({}, { ridge: 1e-3 }, { ridge: 0, rcond: 1e-10 }),
    ),
  )
  .map(([Phi, Y, o]): Args => [Phi, Y, o]);
const leastSquaresFit = e('leastSquaresFit', {
  call: (l, [Phi, Y, o]) => l.rf.leastSquaresFit(Phi as never, Y as never, o as never),
  allowInfinity: {
    reason: 'condition is Infinity for a rank-deficient Φ (ridge 0), as for solvePsd',
    at: /\.condition$/,
  },
  valid: lsqValid,
  degenerate: fc.oneof(
    args(zerosNested(3, 2), [1, 2, 3], {}),
    args(
      [
        [1, 1],
        [1, 1],
      ],
      [1, 1],
      { ridge: 0 },
    ),
    args(
      [
        [1e150, 0],
        [0, 1e-150],
      ],
      [1, 1],
      {},
    ),
    args([[1]], [0], {}),
  ),
  bad: corrupt(
    lsqValid,
    [
      at([0], bad.matrix),
      at([1], bad.targets),
      at([2], bad.options),
      at([2, 'ridge'], bad.nonNegative),
      at([2, 'rcond'], bad.nonNegative),
    ],
    args([[1, 2]], [1, 2], {}),
  ),
});

const gridValid = fc
  .tuple(int(1, 100), int(1, 50), int(0, 100), int(1, 12))
  .map(([n, min, extra, pts]): Args => [{ n, min, max: min + extra, points: pts }]);
const featureGrid = e('featureGrid', {
  call: (l, [o]) => l.rf.featureGrid(o as never),
  valid: gridValid,
  degenerate: fc.oneof(
    args({ n: 1, min: 1, max: 1, points: 1 }),
    args({ n: 5, min: 5, max: 5, points: 10 }),
    args({ n: 1, min: 1, max: 2 ** 31, points: 3 }),
  ),
  bad: corrupt(
    gridValid,
    [
      at([0], fc.oneof(bad.options, badOf(undefined))),
      // n, min and max are numbers on the grid (no work): only points is a size.
      at([0, 'n'], required(bad.integer(1))),
      at([0, 'min'], required(bad.integer(1))),
      at([0, 'max'], required(bad.integer(1))),
      at([0, 'points'], required(bad.size(1))),
    ],
    args({ n: 10, min: 5, max: 4, points: 3 }),
  ),
});

/** A regression problem: train and test parts with d columns. */
const fitData = fc
  .tuple(int(2, 6), int(1, 4), int(1, 3), fc.boolean())
  .chain(([n, nTest, d, labelled]) =>
    fc.tuple(nested(n, d), vector(n), nested(nTest, d), vector(nTest)).map(([X, y, Xt, yt]) => ({
      train: { X, Y: y, ...(labelled ? { labels: y.map((v) => (v > 0 ? 1 : 0)) } : {}) },
      test: { X: Xt, Y: yt, ...(labelled ? { labels: yt.map((v) => (v > 0 ? 1 : 0)) } : {}) },
    })),
  );
const featureMapSpec = fc.oneof(
  fc.constantFrom(...KINDS).map((kind) => ({ kind })),
  fc.constant(tag.fn('feature-factory')),
);
const fitSettings = fc.constantFrom(
  {},
  { ridge: 1e-3 },
  { precision: 'float64' },
  { precision: 'float32-gram', ridge: 1e-2 },
);
const fitValid = fc
  .tuple(fitData, int(1, 12), featureMapSpec, seed(), fitSettings)
  .map(
    ([data, N, featureMap, featureSeed, s]): Args => [{ data, N, featureMap, featureSeed, ...s }],
  );
const settingSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'data'], required(bad.anything)),
  at([0, 'data', 'train', 'X'], bad.matrix),
  at([0, 'data', 'train', 'Y'], bad.targets),
  at([0, 'data', 'test'], badOf(undefined, null, 'x')),
  at([0, 'data', 'test', 'X'], badOf([[1, 2, 3, 4, 5]], [[Number.NaN]])),
  at([0, 'data', 'train', 'labels'], badOf('x', [Number.NaN], [0])),
  at(
    [0, 'featureMap'],
    required(
      fc.oneof(
        bad.anything,
        badOf({ kind: 'nope' }, { kind: 'relu', lengthScale: -1 }),
        badOf(
          tag.fn('feature-factory', { returns: 'string' }),
          tag.fn('feature-factory', { returns: 'no-gpu' }),
          tag.fn('feature-factory', { returns: 'wrong-width' }),
          tag.fn('throws'),
        ),
      ),
    ),
  ),
  at([0, 'ridge'], bad.nonNegative),
  at([0, 'precision'], bad.name),
  at([0, 'float32Condition'], bad.positive),
  at([0, 'rcond'], bad.nonNegative),
  at([0, 'blockFloats'], bad.size(1)),
  at([0, 'cacheFloats'], bad.integer(0)),
  at([0, 'signal'], bad.signal),
];
const randomFeaturesFit = e('randomFeaturesFit', {
  call: (l, [o]) => l.rf.randomFeaturesFit(o as never),
  allowInfinity: {
    reason: 'condition is Infinity for a rank-deficient Gram matrix (ridge 0)',
    at: /\.condition$/,
  },
  valid: fitValid,
  degenerate: fc.oneof(
    args({
      data: { train: { X: [[0], [0]], Y: [0, 0] }, test: { X: [[0]], Y: [0] } },
      N: 1,
      featureMap: { kind: 'relu' },
      featureSeed: 0,
    }),
    args({
      data: { train: { X: [[1], [1]], Y: [1, 1] }, test: { X: [[1]], Y: [1] } },
      N: 5,
      featureMap: { kind: 'fourier-gaussian' },
      featureSeed: 0,
      ridge: 0,
    }),
    args({
      data: { train: { X: [[1], [2]], Y: [1, 2] }, test: { X: [[1]], Y: [1] } },
      N: 2,
      featureMap: { kind: 'relu' },
      featureSeed: 0,
      signal: tag.signal(true),
    }),
  ),
  bad: corrupt(
    fitValid,
    [
      ...settingSlots,
      at([0, 'N'], required(bad.size(1))),
      at([0, 'featureSeed'], required(bad.seed)),
    ],
    args({
      data: { train: { X: [[1], [2]], Y: [1, 2, 3] }, test: { X: [[1]], Y: [1] } },
      N: 2,
      featureMap: { kind: 'relu' },
      featureSeed: 0,
    }),
  ),
  timeoutMs: 20_000,
});

const ddValid = fc
  .tuple(
    fitData,
    fc.array(int(1, 10), { minLength: 1, maxLength: 3 }),
    featureMapSpec,
    fc.option(fc.array(seed(), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    fitSettings,
  )
  .map(
    ([data, featureCounts, featureMap, featureSeeds, s]): Args => [
      { data, featureCounts, featureMap, ...(featureSeeds ? { featureSeeds } : {}), ...s },
    ],
  );
const doubleDescent = e('doubleDescent', {
  call: (l, [o]) => l.rf.doubleDescent(o as never),
  allowInfinity: {
    reason: 'condition is Infinity for a rank-deficient Gram matrix (ridge 0)',
    at: /\.condition$/,
  },
  valid: fc.oneof(
    ddValid,
    ddValid.map(([o]): Args => [{ ...(o as object), onPoint: tag.fn('noop') }]),
  ),
  degenerate: fc.oneof(
    args({
      data: { train: { X: [[0], [0]], Y: [0, 0] }, test: { X: [[0]], Y: [0] } },
      featureCounts: [1, 1],
      featureMap: { kind: 'relu' },
    }),
    args({
      data: { train: { X: [[1], [2]], Y: [1, 2] }, test: { X: [[1]], Y: [1] } },
      featureCounts: [2],
      featureMap: { kind: 'relu' },
      signal: tag.signal(true),
    }),
  ),
  bad: corrupt(
    ddValid,
    [
      ...settingSlots,
      at([0, 'featureCounts'], required(badOf([], [0], [1.5], [-1], 'x', [1e12], [Number.NaN]))),
      at([0, 'featureSeeds'], badOf([], [-1], [1.5], 'x', [2 ** 32])),
      at([0, 'onPoint'], bad.fn),
    ],
    args({
      data: { train: { X: [[1], [2]], Y: [1, 2] }, test: { X: [[1]], Y: [1] } },
      featureCounts: [2],
      featureMap: { kind: 'relu' },
      onPoint: tag.fn('throws'),
    }),
  ),
  timeoutMs: 20_000,
});

const fitPoint = fc
  .tuple(
    int(1, 20),
    int(1, 10),
    seed(),
    fc.double({ min: 0, max: 2, noNaN: true }),
    fc.double({ min: 0, max: 2, noNaN: true }),
    fc.boolean(),
    fc.constantFrom('float64', 'float32-gram'),
  )
  .map(([N, n, s, trainMse, testMse, labelled, precision]) => ({
    N,
    n,
    seed: s,
    ridge: 0,
    trainMse,
    testMse,
    trainError01: labelled ? 0.5 : null,
    testError01: labelled ? 0.25 : null,
    norm: 1,
    precision,
    form: 'primal',
    solver: 'cholesky',
    rank: Math.min(N, n),
    cutoff: 0,
    condition: 10,
    seconds: 0.01,
  }));
const summarizeSweep = e('summarizeSweep', {
  call: (l, [p]) => l.rf.summarizeSweep(p as never),
  valid: fc.array(fitPoint, { minLength: 1, maxLength: 8 }).map((p): Args => [p]),
  degenerate: fc.oneof(
    args([]),
    fitPoint.map((p): Args => [[p, p]]),
  ),
  bad: fc.oneof(
    badOf(null, 'x', {}, 42, true).map((p): Args => [p]),
    fitPoint.map((p): Args => [[{ ...p, testMse: Number.NaN }]]),
    fitPoint.map((p): Args => [[{ ...p, N: 'x' }]]),
    fitPoint.map((p): Args => [[p, null]]),
    fc.constant<Args>([[{}]]),
  ),
});

const fitPointsToCsv = e('fitPointsToCsv', {
  call: (l, [p]) => l.rf.fitPointsToCsv(p as never),
  valid: fc.array(fitPoint, { minLength: 0, maxLength: 5 }).map((p): Args => [p]),
  degenerate: fitPoint.map((p): Args => [[{ ...p, condition: Infinity, trainError01: null }]]),
  bad: fc.oneof(
    badOf(null, 'x', {}, 42, true).map((p): Args => [p]),
    badOf([null], ['x'], [42]).map((p): Args => [p]),
  ),
});
const nonFiniteToString = e('nonFiniteToString', {
  call: (l, [k, v]) => l.rf.nonFiniteToString(k as string, v),
  valid: fc
    .tuple(
      fc.string({ maxLength: 5 }),
      fc.oneof(num(), fc.string({ maxLength: 3 }), fc.constant(null)),
    )
    .map(([k, v]): Args => [k, v]),
  // Non-finite numbers are its input: it turns them into strings.
  degenerate: badOf(Number.NaN, Infinity, -Infinity, undefined, {}, [1]).map((v): Args => ['k', v]),
  noBadInput: 'a JSON.stringify replacer: every (key, value) is a legal input',
});

export const randomFeaturesSpecs: PackageSpecs = {
  package: 'random-features',
  entries: [
    randomFeatures,
    mapMethod('f64'),
    mapMethod('gpu'),
    leastSquaresFit,
    featureGrid,
    randomFeaturesFit,
    doubleDescent,
    summarizeSweep,
    fitPointsToCsv,
    nonFiniteToString,
  ],
  notCallable: {
    FEATURE_KINDS: "a constant list of names (randomFeatures' kind cases)",
    FEATURE_STREAM: "a number: the createRng stream base of the features (randomFeatures' seeds)",
    FIT_POINT_COLUMNS: 'a constant list of column names (summarizeSweep reads FitPoints)',
    MAX_FEATURES: "a number: randomFeatures' N and offset limits (its size cases)",
  },
};
