// @overparam/datasets: seeded generators (Gaussian and sphere inputs, teachers, toy sets, the
// edge-of-stability data), MNIST (load, split, pack), oneHot and permutation.
import {
  type Args,
  args,
  at,
  bad,
  badOf,
  corrupt,
  fc,
  int,
  num,
  required,
  seed,
  vector,
} from '../harness/arbitraries.js';
import type { PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('datasets');

const MNIST_PIXELS = 784;

/** A small synthetic digit set (count digits, labels cycling 0–9, seeded grey levels). */
function digits(count: number, s: number) {
  const labels = new Uint8Array(count).map((_, i) => i % 10);
  const pixels = new Uint8Array(count * MNIST_PIXELS).map((_, i) => (i * 2654435761 + s) % 256);
  return { count, labels, pixels };
}

const sizes = fc.record({ n: int(1, 12), d: int(1, 5), dataSeed: seed() });
const sizeSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'n'], required(bad.size(1))),
  at([0, 'd'], required(bad.size(1))),
  at([0, 'dataSeed'], required(bad.seed)),
  at([0, 'stream'], bad.seed),
];
const hugeSizes = [args({ n: 1e9, d: 1e3, dataSeed: 0 }), args({ n: 1e6, d: 1e6, dataSeed: 0 })];

const gaussianValid = fc
  .tuple(sizes, fc.boolean())
  .chain(([o, withCov]) =>
    withCov
      ? vector(o.d, num(0, 4)).map((covariance): Args => [{ ...o, covariance }])
      : fc.constant<Args>([o]),
  );
const gaussianInputs = e('gaussianInputs', {
  call: (l, [o]) => l.datasets.gaussianInputs(o as never),
  valid: gaussianValid,
  degenerate: fc.oneof(
    args({ n: 1, d: 1, dataSeed: 0 }),
    args({ n: 3, d: 2, dataSeed: 2 ** 32 - 1, covariance: [0, 0] }),
    args({ n: 2, d: 2, dataSeed: 1, covariance: [1e300, 1e-300] }),
  ),
  bad: corrupt(
    gaussianValid,
    [...sizeSlots, at([0, 'covariance'], fc.oneof(bad.vector, badOf([-1, 1], [1])))],
    ...hugeSizes,
  ),
});

const sphereValid = fc
  .tuple(sizes, fc.option(num(0.1, 10), { nil: undefined }))
  .map(([o, radius]): Args => [radius === undefined ? o : { ...o, radius }]);
const sphereInputs = e('sphereInputs', {
  call: (l, [o]) => l.datasets.sphereInputs(o as never),
  valid: sphereValid,
  degenerate: fc.oneof(
    args({ n: 1, d: 1, dataSeed: 0 }),
    args({ n: 2, d: 3, dataSeed: 0, radius: 1e-300 }),
    args({ n: 2, d: 3, dataSeed: 0, radius: 1e300 }),
  ),
  bad: corrupt(sphereValid, [...sizeSlots, at([0, 'radius'], bad.positive)], ...hugeSizes),
});

const drawValid = fc
  .tuple(fc.constantFrom('gaussian', 'sphere'), sizes)
  .map(([k, o]): Args => [k, o]);
const drawInputs = e('drawInputs', {
  call: (l, [k, o]) => l.datasets.drawInputs(k as never, o as never),
  valid: drawValid,
  degenerate: args('sphere', { n: 1, d: 1, dataSeed: 0 }),
  bad: corrupt(
    drawValid,
    [
      at([0], bad.name),
      at([1], fc.oneof(bad.options, badOf(undefined))),
      at([1, 'n'], required(bad.size(1))),
      at([1, 'd'], bad.size(1)),
      at([1, 'dataSeed'], required(bad.seed)),
    ],
    args('gaussian', { n: 1e9, d: 1e3, dataSeed: 0 }),
  ),
});

const eosValid = fc.record({ n: int(1, 12), d: int(3, 6), dataSeed: seed() }).map((o): Args => [o]);
const edgeOfStabilityData = e('edgeOfStabilityData', {
  call: (l, [o]) => l.datasets.edgeOfStabilityData(o as never),
  valid: eosValid,
  degenerate: args({ n: 1, d: 3, dataSeed: 0 }),
  bad: corrupt(
    eosValid,
    [...sizeSlots, at([0, 'd'], badOf(2, 0, 3.5, Number.NaN))],
    args({ n: 1e9, d: 1e3, dataSeed: 0 }),
  ),
});

// Either beta or signalNorm (with a teacherSeed); either snr or noiseStd.
const linearTeacherValid = int(1, 5).chain((d) =>
  fc.oneof(
    fc
      .tuple(
        seed(),
        fc.option(num(0, 3), { nil: undefined }),
        fc.option(num(0, 1), { nil: undefined }),
      )
      .map(([teacherSeed, signalNorm, noiseStd]) => ({
        d,
        teacherSeed,
        ...(signalNorm === undefined ? {} : { signalNorm }),
        ...(noiseStd === undefined ? {} : { noiseStd }),
      })),
    fc.tuple(vector(d), num(0.1, 10)).map(([beta, snr]) => ({ d, beta, snr })),
    fc
      .tuple(seed(), vector(d, num(0, 3)))
      .map(([teacherSeed, covariance]) => ({ d, teacherSeed, covariance })),
  ),
);
const teacherSlots = [
  at([0], fc.oneof(bad.options, badOf(undefined))),
  at([0, 'd'], required(bad.size(1))),
  at([0, 'noiseStd'], bad.nonNegative),
];
const linearTeacher = e('linearTeacher', {
  call: (l, [o]) => l.datasets.linearTeacher(o as never),
  valid: linearTeacherValid.map((o): Args => [o]),
  degenerate: fc.oneof(
    args({ d: 1, teacherSeed: 0, signalNorm: 0 }),
    args({ d: 2, beta: [0, 0], snr: 1 }),
    args({ d: 2, beta: [0, 0] }),
    args({ d: 2, teacherSeed: 0, signalNorm: 1e300, noiseStd: 0 }),
  ),
  bad: corrupt(
    linearTeacherValid.map((o): Args => [o]),
    [
      ...teacherSlots,
      at([0, 'covariance'], fc.oneof(bad.vector, badOf([-1]))),
      at([0, 'teacherSeed'], bad.seed),
      at([0, 'snr'], bad.positive),
      at([0, 'beta'], bad.vector),
    ],
    args({ d: 2, beta: [1, 2], signalNorm: 1 }),
    args({ d: 2, teacherSeed: 0, snr: 1, noiseStd: 1 }),
    args({ d: 2, beta: [1, 2, 3] }),
    args({ d: 2 }),
    args({ d: 1e12, teacherSeed: 0 }),
  ),
});

const sampleArgs = fc.record({ n: int(1, 10), dataSeed: seed() });
const linearSample = e('linearTeacher', {
  name: 'linearTeacher().sample',
  call: (l, [o, s]) => l.datasets.linearTeacher(o as never).sample(s as never),
  valid: fc.tuple(linearTeacherValid, sampleArgs).map(([o, s]): Args => [o, s]),
  degenerate: args({ d: 1, teacherSeed: 0, signalNorm: 0 }, { n: 1, dataSeed: 0 }),
  bad: corrupt(
    fc.tuple(linearTeacherValid, sampleArgs).map(([o, s]): Args => [o, s]),
    [
      at([1], fc.oneof(bad.options, badOf(undefined))),
      at([1, 'n'], required(bad.size(1))),
      at([1, 'dataSeed'], required(bad.seed)),
    ],
    args({ d: 1000, teacherSeed: 0 }, { n: 1e9, dataSeed: 0 }),
  ),
});
const linearExcessRisk = e('linearTeacher', {
  name: 'linearTeacher().excessRisk',
  call: (l, [o, b]) => l.datasets.linearTeacher(o as never).excessRisk(b as never),
  valid: linearTeacherValid.chain((o) => vector(o.d).map((b): Args => [o, b])),
  degenerate: args({ d: 2, beta: [0, 0] }, [0, 0]),
  bad: fc.oneof(
    fc
      .oneof(bad.vector, badOf([1, 2, 3], undefined))
      .map((b): Args => [{ d: 2, teacherSeed: 0 }, b]),
  ),
});

const nonlinearValid = fc
  .record(
    {
      d: int(1, 5),
      teacherSeed: seed(),
      linearEnergy: num(0, 2),
      nonlinearEnergy: num(0, 2),
      noiseStd: num(0, 1),
      input: fc.constantFrom('gaussian', 'sphere'),
    },
    { requiredKeys: ['d', 'teacherSeed'] },
  )
  .map((o): Args => [o]);
const nonlinearTeacher = e('nonlinearTeacher', {
  call: (l, [o]) => l.datasets.nonlinearTeacher(o as never),
  valid: nonlinearValid,
  degenerate: fc.oneof(
    args({ d: 1, teacherSeed: 0, linearEnergy: 0, nonlinearEnergy: 0 }),
    args({ d: 1, teacherSeed: 0, linearEnergy: 1e300 }),
  ),
  bad: corrupt(
    nonlinearValid,
    [
      ...teacherSlots,
      at([0, 'teacherSeed'], required(bad.seed)),
      at([0, 'linearEnergy'], bad.nonNegative),
      at([0, 'nonlinearEnergy'], bad.nonNegative),
      at([0, 'input'], bad.name),
    ],
    args({ d: 1e12, teacherSeed: 0 }),
  ),
});
const nonlinearTarget = e('nonlinearTeacher', {
  name: 'nonlinearTeacher().target',
  call: (l, [o, x]) => l.datasets.nonlinearTeacher(o as never).target(x as never),
  valid: nonlinearValid.chain(([o]) => vector((o as { d: number }).d).map((x): Args => [o, x])),
  degenerate: args({ d: 2, teacherSeed: 0 }, [0, 0]),
  bad: fc
    .oneof(bad.vector, badOf([1, 2, 3], undefined))
    .map((x): Args => [{ d: 2, teacherSeed: 0 }, x]),
});
const nonlinearSample = e('nonlinearTeacher', {
  name: 'nonlinearTeacher().sample',
  call: (l, [o, s]) => l.datasets.nonlinearTeacher(o as never).sample(s as never),
  valid: fc.tuple(nonlinearValid, sampleArgs).map(([[o], s]): Args => [o, s]),
  degenerate: args({ d: 1, teacherSeed: 0 }, { n: 1, dataSeed: 0 }),
  bad: corrupt(
    fc.tuple(nonlinearValid, sampleArgs).map(([[o], s]): Args => [o, s]),
    [
      at([1], fc.oneof(bad.options, badOf(undefined))),
      at([1, 'n'], required(bad.size(1))),
      at([1, 'dataSeed'], required(bad.seed)),
    ],
    args({ d: 1000, teacherSeed: 0 }, { n: 1e9, dataSeed: 0 }),
  ),
});

const toy1dValid = fc
  .record(
    {
      n: int(1, 20),
      dataSeed: seed(),
      fn: fc.constantFrom('sin', 'step', 'abs'),
      noiseStd: num(0, 1),
      domain: fc.tuple(num(-3, 0), num(0.5, 3)),
      grid: fc.boolean(),
    },
    { requiredKeys: ['n', 'dataSeed'] },
  )
  .map((o): Args => [o]);
const toy1d = e('toy1d', {
  call: (l, [o]) => l.datasets.toy1d(o as never),
  valid: toy1dValid,
  degenerate: fc.oneof(
    args({ n: 1, dataSeed: 0, grid: true }),
    args({ n: 2, dataSeed: 0, domain: [-1e300, 1e300] }),
    args({ n: 3, dataSeed: 0, domain: [0, 1e-300] }),
  ),
  bad: corrupt(toy1dValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'n'], required(bad.size(1))),
    at([0, 'dataSeed'], required(bad.seed)),
    at([0, 'fn'], bad.name),
    at([0, 'noiseStd'], bad.nonNegative),
    at(
      [0, 'domain'],
      badOf([1, 0], [0, 0], [0], [0, Number.NaN], [-Infinity, 0], 'x', null, [0, '1']),
    ),
    at([0, 'grid'], bad.boolean),
  ]),
});

const toy2dValid = fc
  .record(
    {
      n: int(2, 20),
      dataSeed: seed(),
      kind: fc.constantFrom('moons', 'circles', 'xor'),
      noiseStd: num(0, 1),
    },
    { requiredKeys: ['n', 'dataSeed', 'kind'] },
  )
  .map((o): Args => [o]);
const toy2d = e('toy2d', {
  call: (l, [o]) => l.datasets.toy2d(o as never),
  valid: toy2dValid,
  degenerate: fc.constantFrom<Args>(
    [{ n: 2, dataSeed: 0, kind: 'xor', noiseStd: 0 }],
    [{ n: 3, dataSeed: 0, kind: 'moons', noiseStd: 1e300 }],
  ),
  bad: corrupt(toy2dValid, [
    at([0], fc.oneof(bad.options, badOf(undefined))),
    at([0, 'n'], required(fc.oneof(bad.size(2), badOf(1)))),
    at([0, 'dataSeed'], required(bad.seed)),
    at([0, 'kind'], required(bad.name)),
    at([0, 'noiseStd'], bad.nonNegative),
  ]),
});

const oneHotValid = fc
  .tuple(int(1, 5), int(0, 8))
  .chain(([k, n]) =>
    fc.array(int(0, k - 1), { minLength: n, maxLength: n }).map((labels): Args => [labels, k]),
  );
const oneHot = e('oneHot', {
  call: (l, [y, k]) => l.datasets.oneHot(y as never, k as number),
  valid: fc.oneof(
    oneHotValid,
    oneHotValid.map(([y, k]): Args => [Int32Array.from(y as number[]), k]),
  ),
  degenerate: fc.oneof(args([], 1), args([0, 0, 0], 1)),
  bad: corrupt(
    oneHotValid,
    [at([0], fc.oneof(bad.vector, badOf([-1], [1.5], [5]))), at([1], bad.size(1))],
    args([0, 3], 2),
    args([0], 1e12),
  ),
});

const permutation = e('permutation', {
  call: (l, [n, s]) => l.datasets.permutation(n as number, s as number),
  valid: fc.tuple(int(1, 50), seed()).map(([n, s]): Args => [n, s]),
  degenerate: fc.oneof(args(0, 0), args(1, 2 ** 32 - 1)),
  bad: corrupt(
    fc.tuple(int(1, 50), seed()).map(([n, s]): Args => [n, s]),
    [at([0], bad.size(0)), at([1], fc.oneof(bad.seed, badOf(undefined)))],
  ),
});

const encodeMnist = e('encodeMnist', {
  call: (l, [d]) => l.datasets.encodeMnist(d as never),
  valid: fc.tuple(int(1, 12), seed()).map(([c, s]): Args => [digits(c, s)]),
  degenerate: args(digits(0, 0)),
  bad: fc.oneof(
    bad.anything.map((d): Args => [d]),
    args({ count: 2, labels: new Uint8Array(1), pixels: new Uint8Array(784) }),
    args({ count: -1, labels: new Uint8Array(0), pixels: new Uint8Array(0) }),
    args({ count: 1, labels: [0], pixels: 'x' }),
    args({ count: 1e12, labels: new Uint8Array(1), pixels: new Uint8Array(784) }),
  ),
});

function packed(count: number): Uint8Array {
  const out = new Uint8Array(12 + count * (1 + MNIST_PIXELS));
  const magic = 'OPMNIST1';
  for (let i = 0; i < 8; i++) out[i] = magic.charCodeAt(i);
  new DataView(out.buffer).setUint32(8, count, true);
  return out;
}
const decodeMnist = e('decodeMnist', {
  call: (l, [b]) => l.datasets.decodeMnist(b as never),
  valid: int(1, 5).map((c): Args => [packed(c)]),
  degenerate: args(packed(0)),
  bad: fc.oneof(
    bad.anything.map((b): Args => [b]),
    args(new Uint8Array(0)),
    args(new Uint8Array(5)),
    args(packed(3).subarray(0, 100)),
    args(Array.from(packed(1))),
  ),
});

const loadMnist = e('loadMnist', {
  call: (l, [o]) => l.datasets.loadMnist(o as never),
  // Node reads the `mnist` package (10,000 digits, cached per worker).
  valid: fc.constantFrom<Args>([undefined], [{}]),
  bad: fc.oneof(
    bad.options.map((o): Args => [o]),
    badOf(
      42,
      'not a url',
      {},
      'file:///nonexistent/mnist.bin',
      'data:application/octet-stream;base64,AAAA',
    ).map((url): Args => [{ url }]),
    args({ url: 'data:,x', signal: 'x' }),
  ),
  timeoutMs: 20_000,
  runs: { valid: 2, bad: 12 },
});

const splitValid = fc
  // 60+ digits: at least 12 of classes [0, 1], enough for nTrain + nTest ≤ 10.
  .tuple(
    int(60, 80),
    seed(),
    int(1, 5),
    int(0, 5),
    fc.constantFrom(undefined, 'unit', 'binary'),
    fc.constantFrom(undefined, [0, 1], [3, 1, 4]),
  )
  .map(
    ([count, s, nTrain, nTest, pixels, classes]): Args => [
      digits(count, s),
      {
        nTrain,
        nTest,
        dataSeed: s,
        ...(pixels ? { pixels } : {}),
        ...(classes ? { classes } : {}),
      },
    ],
  );
const mnistSplit = e('mnistSplit', {
  call: (l, [d, o]) => l.datasets.mnistSplit(d as never, o as never),
  valid: splitValid,
  degenerate: fc.oneof(args(digits(1, 0), { nTrain: 1, nTest: 0, dataSeed: 0, classes: [0] })),
  bad: corrupt(
    splitValid,
    [
      at([0], bad.anything),
      at([1], fc.oneof(bad.options, badOf(undefined))),
      at([1, 'nTrain'], required(bad.size(1))),
      at([1, 'nTest'], required(bad.size(0))),
      at([1, 'dataSeed'], required(bad.seed)),
      at([1, 'pixels'], bad.name),
      at([1, 'classes'], badOf([], [10], [-1], [1, 1], [0.5], 'x', null)),
    ],
    args(
      { count: 5, labels: new Uint8Array(2), pixels: new Uint8Array(5 * MNIST_PIXELS) },
      { nTrain: 2, nTest: 2, dataSeed: 0 },
    ),
  ),
});

export const datasetsSpecs: PackageSpecs = {
  package: 'datasets',
  entries: [
    gaussianInputs,
    sphereInputs,
    drawInputs,
    edgeOfStabilityData,
    linearTeacher,
    linearSample,
    linearExcessRisk,
    nonlinearTeacher,
    nonlinearTarget,
    nonlinearSample,
    toy1d,
    toy2d,
    oneHot,
    permutation,
    encodeMnist,
    decodeMnist,
    loadMnist,
    mnistSplit,
  ],
  notCallable: {
    DATASET_STREAMS:
      'a constant table of createRng stream ids (every generator entry draws from it)',
    INPUT_DISTRIBUTIONS: "a constant list of names (drawInputs' and nonlinearTeacher's enum cases)",
    MNIST_PIXELS: 'a number (784): the encodeMnist/decodeMnist/mnistSplit cases use it',
    MNIST_PIXEL_ENCODINGS: "a constant list of names (mnistSplit's pixels cases)",
    TOY1D_FUNCTIONS: "a constant list of names (toy1d's fn cases)",
    TOY2D_KINDS: "a constant list of names (toy2d's kind cases)",
  },
};
