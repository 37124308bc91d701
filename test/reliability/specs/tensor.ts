// @overparam/tensor: the input layer, the asserts, the float64 linear algebra, the tensor
// routines on the active backend (cpu in the worker), seeded randomness and special functions.
import {
  type Args,
  args,
  at,
  bad,
  badOf,
  corrupt,
  degeneratePoints,
  fc,
  gramOf,
  hostForm,
  identityNested,
  int,
  type Nested,
  nested,
  num,
  points,
  seed,
  spd,
  symmetric,
  tag,
  toM64,
  vector,
  zerosNested,
} from '../harness/arbitraries.js';
import { defineCallback } from '../harness/encode.js';
import type { PackageSpecs } from '../harness/types.js';
import { definer } from './define.js';

const e = definer('tensor');

// v => M·v on the backend; `returns` makes a broken operator (wrong type, length, NaN).
defineCallback('matvec', (p, env) => {
  const { tf } = env.lib;
  const rows = p.matrix as Nested;
  const n = rows.length;
  const M = tf.tensor2d(rows, [n, n], 'float32');
  env.inputs.push(M);
  return (v: unknown) => {
    switch (p.returns) {
      case 'array':
        return new Array(n).fill(1);
      case 'string':
        return 'x';
      case 'wrong-length':
        return tf.zeros([n + 1]);
      case 'nan':
        return tf.fill([n], Number.NaN);
      case 'same':
        return v;
      default:
        return tf.tidy(() => tf.reshape(tf.matMul(M, tf.reshape(v as never, [-1, 1])), [-1]));
    }
  };
});

const m64 = (a: fc.Arbitrary<Nested>) => a.map(toM64);
const op = fc.constantFrom('op', 'reliability');

// Matrix64-only routines: nested arrays and everything in bad.matrix are bad inputs.
const badM64 = fc.oneof(bad.matrix, points([1, 3], [1, 3]));
const badTolerance = badOf(-1, Number.NaN, '1e-10', null, {});

const matvecOf = (rows: Nested, returns?: string) =>
  tag.fn('matvec', returns ? { matrix: rows, returns } : { matrix: rows });

const lowerTriangular = int(1, 5).chain((n) =>
  nested(n, n).map((A) =>
    A.map((row, i) => row.map((v, j) => (j > i ? 0 : j === i ? (v >= 0 ? v + 1 : v - 1) : v))),
  ),
);

const rhs = (n: number, k: [number, number] = [1, 3]) => int(k[0], k[1]).chain((c) => nested(n, c));

// ---------------------------------------------------------------------------------------------
// input layer

const asMatrix64Valid = fc
  .tuple(op, hostForm(points()), fc.constantFrom({}, { checkFinite: true }, { allowEmpty: false }))
  .map(([o, x, s]): Args => [o, 'X', x, s]);

const asMatrix64 = e('asMatrix64', {
  call: (l, [o, n, x, s]) => l.tensor.asMatrix64(o as string, n as string, x as never, s as never),
  valid: asMatrix64Valid,
  degenerate: fc.oneof(
    hostForm(degeneratePoints()).map((x): Args => ['op', 'X', x, {}]),
    args('op', 'X', [], { allowEmpty: true }),
  ),
  bad: corrupt(
    asMatrix64Valid,
    [at([2], bad.matrix)],
    points([2, 3], [2, 3]).map((x): Args => ['op', 'X', x, { rows: 1 }]),
    points([2, 3], [2, 3]).map((x): Args => ['op', 'X', x, { cols: 7 }]),
    points([2, 3], [4, 4]).map((x): Args => ['op', 'X', x, { square: true }]),
  ),
});

const asSymmetricMatrix64 = e('asSymmetricMatrix64', {
  call: (l, [o, n, x, s]) =>
    l.tensor.asSymmetricMatrix64(o as string, n as string, x as never, s as never),
  valid: fc.tuple(hostForm(symmetric())).map(([x]): Args => ['op', 'K', x, {}]),
  degenerate: fc.oneof(
    args('op', 'K', [[0]], {}),
    args('op', 'K', zerosNested(3, 3), { symmetryTolerance: 0 }),
    args(
      'op',
      'K',
      [
        [1, 2],
        [3, 4],
      ],
      { symmetryTolerance: Infinity },
    ),
  ),
  bad: corrupt(
    fc.tuple(hostForm(symmetric())).map(([x]): Args => ['op', 'K', x, {}]),
    [at([2], bad.matrix), at([3, 'symmetryTolerance'], badTolerance)],
    args(
      'op',
      'K',
      [
        [1, 2],
        [3, 4],
      ],
      {},
    ),
    args('op', 'K', [[1, 2, 3]], {}),
  ),
});

const targetsValid = fc
  .tuple(int(1, 5), int(1, 3), fc.integer({ min: 0, max: 2 }))
  .chain(([n, k, form]) =>
    (form === 0 ? vector(n) : nested(n, k)).map(
      (y): Args => ['op', 'Y', form === 2 ? toM64(y as Nested) : y, { rows: n }],
    ),
  );

const asTargets = e('asTargets', {
  call: (l, [o, n, y, s]) => l.tensor.asTargets(o as string, n as string, y as never, s as never),
  valid: targetsValid,
  degenerate: fc.oneof(
    args('op', 'Y', new Float64Array([0, 0]), { rows: 2 }),
    args('op', 'Y', [[0]], { rows: 1, outputs: 1 }),
  ),
  bad: corrupt(
    targetsValid,
    [at([2], bad.targets)],
    args('op', 'Y', [1, 2, 3], { rows: 2 }),
    args('op', 'Y', [[1, 2]], { rows: 1, outputs: 3 }),
  ),
});

const asTargetsTensor = e('asTargetsTensor', {
  call: (l, [o, n, y, s]) =>
    l.tensor.asTargetsTensor(o as string, n as string, y as never, s as never),
  disposeResult: (r) => {
    const o = r as { tensor: { dispose(): void }; owned: boolean };
    if (o.owned) o.tensor.dispose();
  },
  valid: fc.oneof(
    targetsValid,
    int(1, 4).chain((n) => vector(n).map((y): Args => ['op', 'Y', tag.tensor(y), { rows: n }])),
    int(1, 4).chain((n) => nested(n, 2).map((y): Args => ['op', 'Y', tag.tensor(y), { rows: n }])),
  ),
  degenerate: args('op', 'Y', tag.tensor([0]), { rows: 1 }),
  bad: corrupt(
    targetsValid,
    [at([2], bad.targets)],
    args('op', 'Y', tag.tensor([[[1]]]), { rows: 1 }),
    args('op', 'Y', tag.tensor([1, 2], { disposed: true }), { rows: 2 }),
    args('op', 'Y', tag.tensor([[1, 2]], { disposed: true }), { rows: 1 }),
    args('op', 'Y', tag.tensor([1, 2, 3]), { rows: 2 }),
  ),
});

const asTensor2D = e('asTensor2D', {
  call: (l, [o, n, x, s]) => l.tensor.asTensor2D(o as string, n as string, x as never, s as never),
  disposeResult: (r) => {
    const o = r as { tensor: { dispose(): void }; owned: boolean };
    if (o.owned) o.tensor.dispose();
  },
  valid: fc.oneof(
    hostForm(points()).map((x): Args => ['op', 'X', x, {}]),
    points().map((x): Args => ['op', 'X', tag.tensor(x), {}]),
    points().map(
      (x): Args => [
        'op',
        'X',
        tag.tensor(
          x.map((r) => r.map(Math.round)),
          { dtype: 'int32' },
        ),
        {},
      ],
    ),
  ),
  degenerate: hostForm(degeneratePoints()).map((x): Args => ['op', 'X', x, {}]),
  bad: corrupt(
    hostForm(points()).map((x): Args => ['op', 'X', x, {}]),
    [at([2], bad.matrix)],
    args('op', 'X', tag.tensor([1, 2]), {}),
    args('op', 'X', tag.tensor([[1, 2]]), { cols: 3 }),
  ),
});

const asVectorValid = fc
  .tuple(int(1, 6), fc.boolean())
  .chain(([n, typed]) =>
    vector(n).map((v): Args => ['op', 'v', typed ? Float64Array.from(v) : v, {}]),
  );

const asVector = e('asVector', {
  call: (l, [o, n, v, s]) => l.tensor.asVector(o as string, n as string, v as never, s as never),
  valid: asVectorValid,
  degenerate: fc.oneof(
    args('op', 'v', [], { allowEmpty: true }),
    args('op', 'v', [0], { length: 1 }),
  ),
  bad: corrupt(
    asVectorValid,
    [at([2], bad.vector)],
    args('op', 'v', [1, 2], { length: 3 }),
    args('op', 'v', [], {}),
  ),
});

// ---------------------------------------------------------------------------------------------
// asserts: (op, name, value, …) return undefined or throw InvalidArgumentError

function assertEntry(
  name: string,
  call: (l: Parameters<PackageSpecs['entries'][number]['call']>[0], a: Args) => unknown,
  valid: fc.Arbitrary<unknown>,
  badValues: fc.Arbitrary<unknown>,
  extra: unknown[] = [],
) {
  return e(name, {
    call: (l, a) => call(l, a),
    valid: valid.map((v): Args => ['op', 'x', v, ...extra]),
    bad: badValues.map((v): Args => ['op', 'x', v, ...extra]),
  });
}

const asserts = [
  assertEntry(
    'assertBoolean',
    (l, [o, n, v]) => l.tensor.assertBoolean(o as string, n as string, v),
    fc.boolean(),
    bad.boolean,
  ),
  assertEntry(
    'assertFinite',
    (l, [o, n, v]) => l.tensor.assertFinite(o as string, n as string, v),
    num(-1e300, 1e300),
    bad.number,
  ),
  assertEntry(
    'assertFunction',
    (l, [o, n, v]) => l.tensor.assertFunction(o as string, n as string, v),
    fc.constant(tag.fn('noop')),
    bad.fn,
  ),
  assertEntry(
    'assertInteger',
    (l, [o, n, v, r]) => l.tensor.assertInteger(o as string, n as string, v, r as never),
    int(2, 1000),
    bad.integer(2),
    [{ min: 2 }],
  ),
  assertEntry(
    'assertNonNegative',
    (l, [o, n, v]) => l.tensor.assertNonNegative(o as string, n as string, v),
    num(0, 1e6),
    bad.nonNegative,
  ),
  assertEntry(
    'assertNumber',
    (l, [o, n, v, r]) => l.tensor.assertNumber(o as string, n as string, v, r as never),
    num(-1, 1),
    fc.oneof(bad.number, badOf(-2, 2)),
    [{ min: -1, max: 1 }],
  ),
  assertEntry(
    'assertOneOf',
    (l, [o, n, v, c]) => l.tensor.assertOneOf(o as string, n as string, v, c as never),
    fc.constantFrom('a', 'b'),
    bad.name,
    [['a', 'b']],
  ),
  assertEntry(
    'assertOptions',
    (l, [o, n, v]) => l.tensor.assertOptions(o as string, n as string, v),
    fc.constantFrom({}, { a: 1 }, undefined),
    bad.options,
  ),
  assertEntry(
    'assertSignal',
    (l, [o, n, v]) => l.tensor.assertSignal(o as string, n as string, v),
    fc.constantFrom(tag.signal(false), tag.signal(true), undefined),
    badOf('abort', 42, {}, { aborted: true }, true, null, [], tag.fn('noop')),
  ),
  assertEntry(
    'assertPositive',
    (l, [o, n, v]) => l.tensor.assertPositive(o as string, n as string, v),
    num(1e-300, 1e300),
    bad.positive,
  ),
];

const assertFiniteEntries = e('assertFiniteEntries', {
  call: (l, [o, n, d, c]) =>
    l.tensor.assertFiniteEntries(o as string, n as string, d as never, c as number),
  valid: fc
    .tuple(int(1, 4), int(1, 3))
    .chain(([r, c]) => nested(r, c).map((m): Args => ['op', 'X', Float64Array.from(m.flat()), c])),
  degenerate: args('op', 'X', new Float64Array(0), 1),
  bad: fc.oneof(
    args('op', 'X', Float64Array.from([1, Number.NaN]), 2),
    args('op', 'X', [Infinity], 1),
    badOf(null, undefined, 'x', 42, {}).map((d): Args => ['op', 'X', d, 1]),
  ),
});

const budgetArb = fc.record({ maxFlops: num(1, 1e12), maxBytes: num(1, 1e10) });

const assertWorkBudget = e('assertWorkBudget', {
  call: (l, [o, est, b, h]) =>
    l.tensor.assertWorkBudget(o as string, est as never, b as never, h as never),
  valid: fc
    .tuple(num(0, 1e6), num(0, 1e6))
    .map(([f, b]): Args => ['op', { flops: f, bytes: b }, undefined, 'hint']),
  degenerate: fc.oneof(
    args('op', {}, undefined),
    args('op', { flops: 2e11, bytes: 2 ** 31 }, undefined),
  ),
  bad: fc.oneof(
    badOf(1e12, Infinity, Number.NaN, 'x').map((f): Args => ['op', { flops: f }, undefined]),
    badOf(2 ** 32, Infinity, Number.NaN).map((b): Args => ['op', { bytes: b }, { maxBytes: 10 }]),
    badOf(null, 'x', 42).map((est): Args => ['op', est, undefined]),
    fc
      .tuple(budgetArb, badOf(Number.NaN, -1, 'x', null))
      .map(([b, v]): Args => ['op', { flops: 1 }, { ...b, maxFlops: v }]),
  ),
});

const resolveBudget = e('resolveBudget', {
  call: (l, [b]) => l.tensor.resolveBudget(b as never),
  valid: fc.oneof(
    fc.constant([undefined] as Args),
    budgetArb.map((b): Args => [b]),
  ),
  degenerate: fc.oneof(args({}), args({ maxFlops: 0, maxBytes: 0 })),
  bad: fc.oneof(
    badOf('x', 42, true, []).map((b): Args => [b]),
    // Infinity (no limit) and null (the default) are legal.
    badOf(Number.NaN, -1, 'x').map((v): Args => [{ maxFlops: v }]),
    badOf(Number.NaN, -1, 'x').map((v): Args => [{ maxBytes: v }]),
  ),
});

// ---------------------------------------------------------------------------------------------
// Matrix64 helpers

const fromArray = e('fromArray', {
  call: (l, [v]) => l.tensor.fromArray(v as never),
  valid: fc.oneof(
    points().map((x): Args => [x]),
    vector(3).map((x): Args => [x]),
  ),
  degenerate: fc.oneof(
    args([]),
    args([[]]),
    degeneratePoints().map((x): Args => [x]),
  ),
  bad: badOf(
    null,
    undefined,
    'x',
    42,
    {},
    [[1, 2], [3]],
    [[1], 'row'],
    [['a']],
    [1, 'a'],
    [[1], [null]],
  ).map((v): Args => [v]),
});

// Host input goes through asMatrix64 (nested arrays are accepted); NaN/±Infinity are kept.
const matrixUnary = (name: 'toArray' | 'toTensor' | 'transpose') =>
  e(name, {
    call: (l, [A]) => l.tensor[name](A as never),
    allowInfinity:
      name === 'toTensor'
        ? 'values are rounded to float32, as documented (beyond ±3.4e38: ±Infinity)'
        : undefined,
    valid: m64(points()).map((A): Args => [A]),
    degenerate: fc.oneof(
      args(toM64([])),
      m64(degeneratePoints()).map((A): Args => [A]),
    ),
    bad: fc.oneof(
      badOf(null, undefined, 'x', 42, {}, [[1, 2], [3]], {
        rows: 2,
        cols: 2,
        data: new Float64Array(3),
      }).map((A): Args => [A]),
      args({ rows: 1, cols: 1, data: [1] }),
      args({ rows: -1, cols: 0, data: new Float64Array(0) }),
    ),
  });

const fromTensor = e('fromTensor', {
  call: (l, [t]) => l.tensor.fromTensor(t as never),
  valid: fc.oneof(
    points().map((x): Args => [tag.tensor(x)]),
    vector(4).map((x): Args => [tag.tensor(x)]),
  ),
  degenerate: args(tag.tensor([[0]])),
  bad: fc.oneof(
    args(tag.tensor([1, 2], { disposed: true })),
    args(tag.tensor([[[1]]])),
    args(tag.tensor(3)),
    badOf(null, undefined, [[1]], 'x', {}).map((t): Args => [t]),
  ),
});

const sizeOptions = fc.constantFrom(undefined, {}, { budget: { maxBytes: 1e6 } });

const zeros = e('zeros', {
  call: (l, [r, c, o]) => l.tensor.zeros(r as number, c as number, o as never),
  valid: fc.tuple(int(1, 20), int(1, 20), sizeOptions).map(([r, c, o]): Args => [r, c, o]),
  degenerate: fc.oneof(args(0, 0), args(0, 5), args(1, 1)),
  bad: corrupt(
    fc.tuple(int(1, 5), int(1, 5)).map(([r, c]): Args => [r, c, {}]),
    [
      at([0], bad.size(0)),
      at([1], bad.size(0)),
      at([2], badOf(null, 'x', 42)),
      at([2, 'budget'], badOf('x', 42, null)),
    ],
    args(1e5, 1e5),
    args(1000, 1000, { budget: { maxBytes: 10 } }),
  ),
});

const identity = e('identity', {
  call: (l, [n, o]) => l.tensor.identity(n as number, o as never),
  valid: fc.tuple(int(1, 20), sizeOptions).map(([n, o]): Args => [n, o]),
  degenerate: fc.oneof(args(0), args(1)),
  bad: corrupt(
    fc.tuple(int(1, 5)).map(([n]): Args => [n, {}]),
    [at([0], bad.size(0)), at([1], badOf(null, 'x', 42))],
    args(1e5),
  ),
});

// ---------------------------------------------------------------------------------------------
// float64 linear algebra

const choleskyValid = fc
  .tuple(m64(spd()), fc.constantFrom({}, { jitter: 1e-12 }, { symmetryTolerance: 1e-8 }))
  .map(([A, o]): Args => [A, o]);
const cholesky = e('cholesky', {
  call: (l, [A, o]) => l.tensor.cholesky(A as never, o as never),
  valid: choleskyValid,
  degenerate: fc.oneof(
    args(toM64([[0]])),
    args(toM64(zerosNested(3, 3))),
    args(toM64(identityNested(4))),
    args(toM64([[1e-300]])),
    args(
      toM64([
        [1e300, 0],
        [0, 1e-300],
      ]),
    ),
    int(2, 4).chain((n) =>
      nested(1, n).map((g) => [toM64(gramOf(transposeish(g, n), 0)), { jitter: 1e-10 }] as Args),
    ),
  ),
  bad: corrupt(
    choleskyValid,
    [
      at([0], badM64),
      at([1, 'jitter'], bad.nonNegative),
      at([1, 'symmetryTolerance'], badTolerance),
      at([1], bad.options),
    ],
    args(
      toM64([
        [1, 2],
        [3, 4],
      ]),
    ),
    args(toM64([[1, 2, 3]])),
    args(toM64([[-1]])),
  ),
});

function transposeish(g: Nested, n: number): Nested {
  // n×1 column from a 1×n row: G·Gᵀ is then rank one (PSD, singular for n > 1).
  return Array.from({ length: n }, (_, i) => [(g[0] as number[])[i] as number]);
}

const cond = e('cond', {
  call: (l, [A]) => l.tensor.cond(A as never),
  allowInfinity: 'Infinity when A is singular (σ_min = 0), as documented',
  valid: m64(points()).map((A): Args => [A]),
  degenerate: m64(degeneratePoints()).map((A): Args => [A]),
  bad: fc.oneof(
    badM64.map((A): Args => [A]),
    args(toM64([])),
  ),
});

const eighValid = m64(symmetric()).map((A): Args => [A, {}]);
const eigEntry = (name: 'eigh' | 'eigvalsh') =>
  e(name, {
    call: (l, [A, o]) => l.tensor[name](A as never, o as never),
    valid: eighValid,
    degenerate: fc.oneof(
      args(toM64([[0]]), {}),
      args(toM64(zerosNested(3, 3)), {}),
      args(
        toM64([
          [1e300, 1e300],
          [1e300, 1e300],
        ]),
        {},
      ),
      args(
        toM64([
          [1e-300, 0],
          [0, -1e-300],
        ]),
        {},
      ),
      args(toM64([]), {}),
      args(
        toM64([
          [1, 2],
          [3, 4],
        ]),
        { symmetryTolerance: Infinity },
      ),
    ),
    bad: corrupt(
      eighValid,
      [at([0], badM64), at([1, 'symmetryTolerance'], badTolerance), at([1], bad.options)],
      args(
        toM64([
          [1, 2],
          [3, 4],
        ]),
        {},
      ),
      args(toM64([[1, 2, 3]]), {}),
    ),
  });

const gramValid = fc
  .tuple(m64(points()), fc.constantFrom({}, { form: 'AtA' }, { form: 'AAt' }))
  .map(([A, o]): Args => [A, o]);
const gram = e('gram', {
  call: (l, [A, o]) => l.tensor.gram(A as never, o as never),
  valid: gramValid,
  degenerate: fc.oneof(
    m64(degeneratePoints()).map((A): Args => [A, {}]),
    args(toM64([]), {}),
  ),
  bad: corrupt(gramValid, [at([0], badM64), at([1, 'form'], bad.name), at([1], bad.options)]),
});

const lstsqValid = fc
  .tuple(int(1, 5), int(1, 4))
  .chain(([m, n]) => fc.tuple(nested(m, n), rhs(m)))
  .map(([A, B]): Args => [toM64(A), toM64(B), {}]);
const lstsqMinNorm = e('lstsqMinNorm', {
  call: (l, [A, B, o]) => l.tensor.lstsqMinNorm(A as never, B as never, o as never),
  valid: lstsqValid,
  degenerate: fc.oneof(
    args(toM64(zerosNested(3, 2)), toM64(zerosNested(3, 1)), {}),
    args(
      toM64([
        [1, 1],
        [1, 1],
      ]),
      toM64([[1], [2]]),
      { rcond: 0 },
    ),
    args(toM64([[1e-300]]), toM64([[1]]), {}),
  ),
  bad: corrupt(
    lstsqValid,
    [at([0], badM64), at([1], badM64), at([2, 'rcond'], bad.nonNegative), at([2], bad.options)],
    args(toM64([[1, 2]]), toM64([[1], [2]]), {}),
  ),
});

const matmulValid = fc
  .tuple(int(1, 4), int(1, 4), int(1, 4))
  .chain(([m, k, n]) => fc.tuple(nested(m, k), nested(k, n)))
  .map(([A, B]): Args => [toM64(A), toM64(B)]);
const matmul = e('matmul', {
  call: (l, [A, B]) => l.tensor.matmul(A as never, B as never),
  valid: matmulValid,
  degenerate: fc.oneof(
    args(toM64(zerosNested(2, 3)), toM64(zerosNested(3, 1))),
    args(toM64([[1e150]]), toM64([[1e150]])),
    args(toM64([]), toM64([])),
  ),
  bad: corrupt(
    matmulValid,
    [at([0], badM64), at([1], badM64)],
    args(toM64([[1, 2]]), toM64([[1, 2]])),
  ),
});

const pinvValid = m64(points()).map((A): Args => [A, {}]);
const pinv = e('pinv', {
  call: (l, [A, o]) => l.tensor.pinv(A as never, o as never),
  valid: pinvValid,
  degenerate: fc.oneof(
    m64(degeneratePoints()).map((A): Args => [A, {}]),
    args(toM64([[1]]), { rcond: 0 }),
  ),
  bad: corrupt(pinvValid, [
    at([0], badM64),
    at([1, 'rcond'], bad.nonNegative),
    at([1], bad.options),
  ]),
});

const psdSolveValid = int(1, 5)
  .chain((n) => fc.tuple(spd([n, n]), fc.oneof(rhs(n), vector(n)), fc.boolean()))
  .map(
    ([A, B, asM64]): Args => [
      asM64 ? toM64(A) : A,
      Array.isArray(B[0]) && asM64 ? toM64(B as Nested) : B,
      {},
    ],
  );
const psdEighValid = psdSolveValid.map(([A]): Args => [A, {}]);
const psdEigh = e('psdEigh', {
  call: (l, [A, o]) => l.tensor.psdEigh(A as never, o as never),
  allowInfinity: 'cond is Infinity when rank < n, as documented',
  valid: fc.oneof(
    psdEighValid,
    psdEighValid.map(([A]): Args => [A, { ridge: 1e-8, rcond: 1e-12 }]),
  ),
  degenerate: fc.oneof(
    args([[0]], {}),
    args(zerosNested(3, 3), {}),
    args(
      [
        [1, 1],
        [1, 1],
      ],
      {},
    ),
    args(
      [
        [1e300, 0],
        [0, 1e-300],
      ],
      {},
    ),
    args([[1]], { indefiniteTolerance: Infinity, symmetryTolerance: Infinity }),
  ),
  bad: corrupt(psdEighValid, [
    at([0], bad.matrix),
    at([1], bad.options),
    at([1, 'ridge'], bad.nonNegative),
    at([1, 'rcond'], bad.nonNegative),
  ]),
});
const solvePsd = e('solvePsd', {
  call: (l, [A, B, o]) => l.tensor.solvePsd(A as never, B as never, o as never),
  allowInfinity: 'cond is Infinity when rank < n, as documented',
  valid: fc.oneof(
    psdSolveValid,
    psdSolveValid.map(([A, B]): Args => [A, B, { fallback: 'eigh', ridge: 1e-8 }]),
    psdSolveValid.map(([A, B]): Args => [A, B, { fallback: 'jitter', maxCond: 1e8 }]),
  ),
  degenerate: fc.oneof(
    args([[0]], [1], {}),
    args(zerosNested(3, 3), [[1], [2], [3]], {}),
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
        [1, 1],
        [1, 1],
      ],
      [1, 1],
      { fallback: 'none' },
    ),
    args(
      [
        [1, 0],
        [0, -1e-20],
      ],
      [1, 1],
      {},
    ),
    args(
      [
        [1e300, 0],
        [0, 1e-300],
      ],
      [1, 1],
      {},
    ),
    args([[1]], [1], {
      indefiniteTolerance: Infinity,
      maxCond: Infinity,
      symmetryTolerance: Infinity,
    }),
  ),
  bad: corrupt(
    psdSolveValid,
    [
      at([0], bad.matrix),
      at([1], bad.matrix),
      at([2, 'ridge'], bad.nonNegative),
      at([2, 'rcond'], bad.nonNegative),
      at([2, 'fallback'], bad.name),
      at([2, 'maxCond'], badOf(0.5, -1, Number.NaN, 'x')),
      at([2, 'indefiniteTolerance'], badOf(-1, Number.NaN, 'x')),
      at([2, 'symmetryTolerance'], badTolerance),
      at([2, 'checkFinite'], bad.boolean),
      at([2], bad.options),
    ],
    args(
      [
        [1, 2],
        [3, 4],
      ],
      [1, 1],
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
    args(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1, 1],
      {},
    ),
  ),
});

const spdSolveValid = int(1, 5)
  .chain((n) => fc.tuple(spd([n, n]), rhs(n)))
  .map(([A, B]): Args => [toM64(A), toM64(B), {}]);
const solveSpd = e('solveSpd', {
  call: (l, [A, B, o]) => l.tensor.solveSpd(A as never, B as never, o as never),
  valid: fc.oneof(
    spdSolveValid,
    spdSolveValid.map(([A, B]): Args => [A, B, { jitter: 'auto' }]),
  ),
  degenerate: fc.oneof(
    args(toM64([[0]]), toM64([[1]]), {}),
    args(toM64([[0]]), toM64([[1]]), { jitter: 'auto' }),
    args(
      toM64([
        [1, 1],
        [1, 1],
      ]),
      toM64([[1], [1]]),
      { jitter: 'auto' },
    ),
    args(toM64([[1e-300]]), toM64([[1]]), {}),
  ),
  bad: corrupt(
    spdSolveValid,
    [
      at([0], badM64),
      at([1], badM64),
      at([2, 'jitter'], badOf(-1, Number.NaN, Infinity, 'x', 'manual', null)),
      at([2, 'symmetryTolerance'], badTolerance),
      at([2], bad.options),
    ],
    args(
      toM64([
        [1, 2],
        [3, 4],
      ]),
      toM64([[1], [1]]),
      {},
    ),
    args(toM64([[1]]), toM64([[1], [1]]), {}),
  ),
});

const triValid = lowerTriangular
  .chain((T) =>
    fc.tuple(
      fc.constant(T),
      rhs(T.length),
      fc.constantFrom({}, { lower: true }, { transpose: true }, { unitDiagonal: true }),
    ),
  )
  .map(([T, B, o]): Args => [toM64(T), toM64(B), o]);
const solveTriangular = e('solveTriangular', {
  call: (l, [T, B, o]) => l.tensor.solveTriangular(T as never, B as never, o as never),
  valid: triValid,
  degenerate: fc.oneof(
    args(toM64([[0]]), toM64([[1]]), {}),
    args(toM64([[1e-300]]), toM64([[1]]), {}),
    args(
      toM64([
        [1, 0],
        [1, 1],
      ]),
      toM64([[0], [0]]),
      { lower: false },
    ),
  ),
  bad: corrupt(
    triValid,
    [
      at([0], badM64),
      at([1], badM64),
      at([2, 'lower'], bad.boolean),
      at([2, 'transpose'], bad.boolean),
      at([2, 'unitDiagonal'], bad.boolean),
      at([2], bad.options),
    ],
    args(toM64([[1, 0]]), toM64([[1]]), {}),
    args(
      toM64([
        [1, 0],
        [0, 1],
      ]),
      toM64([[1]]),
      {},
    ),
  ),
});

const svd = e('svd', {
  call: (l, [A]) => l.tensor.svd(A as never),
  valid: m64(points()).map((A): Args => [A]),
  degenerate: fc.oneof(
    m64(degeneratePoints()).map((A): Args => [A]),
    args(toM64([])),
  ),
  bad: badM64.map((A): Args => [A]),
});

// ---------------------------------------------------------------------------------------------
// operators on the backend

const matvecValid = spd([1, 5]).map((A): Args => [matvecOf(A), A.length, { seed: 1 }]);
const eigOperator = (name: 'powerIteration' | 'extremeEigenvalues') =>
  e(name, {
    call: (l, [f, n, o]) => l.tensor[name](f as never, n as number, o as never),
    valid: fc.oneof(
      matvecValid,
      matvecValid.map(([f, n]): Args => [f, n, { maxIterations: 3, tol: 1e-2 }]),
    ),
    degenerate: fc.oneof(
      args(matvecOf([[0]]), 1, {}),
      args(matvecOf(zerosNested(3, 3)), 3, {}),
      args(
        matvecOf([
          [1, 0],
          [0, 1],
        ]),
        2,
        { maxIterations: 1 },
      ),
      args(
        matvecOf([
          [1e30, 0],
          [0, 1],
        ]),
        2,
        {},
      ),
    ),
    bad: corrupt(
      matvecValid,
      [
        at([0], bad.fn),
        at([1], bad.size(1)),
        // maxIterations is a cap (convergence stops earlier): only non-integers are bad.
        at([2, 'maxIterations'], bad.integer(1)),
        at([2, 'tol'], bad.positive),
        at([2, 'seed'], bad.seed),
        at([2], bad.options),
      ],
      fc.constantFrom('array', 'string', 'wrong-length', 'nan').map(
        (r): Args => [
          matvecOf(
            [
              [2, 0],
              [0, 1],
            ],
            r,
          ),
          2,
          {},
        ],
      ),
      args(matvecOf([[1]]), 1e9, {}),
    ),
  });

const cgValid = int(1, 5)
  .chain((n) => fc.tuple(spd([n, n]), vector(n), fc.boolean()))
  .map(([A, b, dense]): Args => [dense ? tag.tensor(A) : matvecOf(A), tag.tensor(b), {}]);
const conjugateGradient = e('conjugateGradient', {
  call: (l, [A, b, o]) => l.tensor.conjugateGradient(A as never, b as never, o as never),
  valid: fc.oneof(
    cgValid,
    spd([2, 4]).map(
      (A): Args => [tag.tensor(A), tag.tensor(A.map(() => 1)), { preconditioner: 'jacobi' }],
    ),
    spd([2, 4]).map(
      (A): Args => [
        matvecOf(A),
        tag.tensor(A.map(() => 1)),
        {
          preconditioner: 'jacobi',
          diagonal: tag.tensor(A.map((r, i) => r[i] as number)),
          x0: tag.tensor(A.map(() => 0)),
        },
      ],
    ),
  ),
  degenerate: fc.oneof(
    args(
      tag.tensor([
        [1, 0],
        [0, 1],
      ]),
      tag.tensor([0, 0]),
      {},
    ),
    args(
      tag.tensor([
        [0, 0],
        [0, 0],
      ]),
      tag.tensor([1, 1]),
      {},
    ),
    args(
      tag.tensor([
        [1, 1],
        [1, 1],
      ]),
      tag.tensor([1, -1]),
      { maxIterations: 1 },
    ),
    args(
      tag.tensor([
        [1e30, 0],
        [0, 1e-30],
      ]),
      tag.tensor([1, 1]),
      {},
    ),
    args(matvecOf([[1]]), tag.tensor([1]), { validate: false, checkEvery: 1 }),
  ),
  bad: corrupt(
    cgValid,
    [
      at([0], fc.oneof(bad.matrix, bad.fn)),
      at([1], fc.oneof(bad.vector, badOf(tag.tensor([1], { disposed: true }), tag.tensor([[1]])))),
      at([2, 'tol'], bad.positive),
      // maxIterations is a cap (CG stops at convergence): only non-integers are bad.
      at([2, 'maxIterations'], bad.integer(1)),
      at([2, 'checkEvery'], bad.integer(1)),
      at([2, 'preconditioner'], fc.oneof(bad.name, badOf(42, {}))),
      at(
        [2, 'x0'],
        badOf(tag.tensor([1, 2, 3, 4, 5, 6]), [0], tag.tensor([0], { disposed: true })),
      ),
      at([2], badOf({ preconditioner: 'jacobi', diagonal: tag.tensor([1, 2, 3, 4, 5, 6]) })),
      at([2], bad.options),
    ],
    // symmetryTolerance applies to a dense A (an operator cannot be checked).
    badTolerance.map(
      (t): Args => [
        tag.tensor([
          [1, 0],
          [0, 1],
        ]),
        tag.tensor([1, 1]),
        { symmetryTolerance: t },
      ],
    ),
    args(
      tag.tensor([
        [1, 2],
        [3, 4],
      ]),
      tag.tensor([1, 1]),
      {},
    ),
    args(
      tag.tensor([
        [Number.NaN, 0],
        [0, 1],
      ]),
      tag.tensor([1, 1]),
      {},
    ),
    args(
      tag.tensor([
        [1, 0],
        [0, 1],
      ]),
      tag.tensor([Number.NaN, 1]),
      {},
    ),
    args(
      tag.tensor([
        [-1, 0],
        [0, -1],
      ]),
      tag.tensor([1, 1]),
      {},
    ),
    args(
      tag.tensor([
        [1, 0],
        [0, 1],
      ]),
      tag.tensor([1, 1]),
      { preconditioner: 'jacobi', diagonal: tag.tensor([0, 1]) },
    ),
    fc.constantFrom('array', 'string', 'wrong-length', 'nan').map(
      (r): Args => [
        matvecOf(
          [
            [2, 0],
            [0, 1],
          ],
          r,
        ),
        tag.tensor([1, 1]),
        {},
      ],
    ),
    args(matvecOf([[1]]), tag.tensor([1]), { preconditioner: 'jacobi' }),
    args(
      tag.tensor([
        [1, 0],
        [0, 1],
      ]),
      tag.tensor([1, 1]),
      { preconditioner: tag.fn('const', { value: 'x' }) },
    ),
  ),
});

const shapeArb = fc.array(int(0, 4), { minLength: 0, maxLength: 3 });
const randomEntry = (name: 'randomNormal' | 'randomUniform') => {
  const opts =
    name === 'randomNormal'
      ? fc.record({ seed: seed(), mean: num(-2, 2), std: num(0, 3) })
      : fc.record({ seed: seed(), low: num(-2, 0), high: num(0.1, 2) });
  const valid = fc.tuple(shapeArb, opts).map(([s, o]): Args => [s, o]);
  return e(name, {
    call: (l, [s, o]) => l.tensor[name](s as never, o as never),
    valid,
    degenerate: fc.oneof(
      args([], { seed: 0 }),
      args([0, 3], { seed: 0 }),
      args(
        [2],
        name === 'randomNormal' ? { seed: 0, std: 0 } : { seed: 0, low: -1e30, high: 1e30 },
      ),
    ),
    bad: corrupt(
      valid,
      [
        at(
          [0],
          fc.oneof(
            badOf(null, 'x', 42, {}, [-1], [1.5], [Number.NaN], [Infinity]),
            badOf([1e9, 1e9], [1e12]),
          ),
        ),
        at([1, 'seed'], fc.oneof(bad.seed, badOf(undefined))),
        at([1, 'stream'], bad.seed),
        at([1], fc.oneof(bad.options, badOf(undefined))),
        ...(name === 'randomNormal'
          ? [at([1, 'mean'], bad.number), at([1, 'std'], fc.oneof(bad.nonNegative))]
          : [at([1, 'low'], bad.number), at([1, 'high'], bad.number)]),
      ],
      ...(name === 'randomUniform' ? [args([2], { seed: 0, low: 1, high: 1 })] : []),
    ),
  });
};

const createRngValid = fc
  .tuple(seed(), fc.oneof(fc.constant(undefined), seed()))
  .map(([s, t]): Args => [s, t]);
const createRng = e('createRng', {
  call: (l, [s, t]) => l.tensor.createRng(s as number, t as number),
  valid: createRngValid,
  degenerate: fc.oneof(args(0, 0), args(2 ** 32 - 1, 2 ** 32 - 1)),
  bad: corrupt(createRngValid, [at([0], fc.oneof(bad.seed, badOf(undefined))), at([1], bad.seed)]),
});

const rngMethod = (m: 'nextUint32' | 'uniform' | 'normal') =>
  e('createRng', {
    name: `createRng().${m}`,
    call: (l, [s]) => {
      const r = l.tensor.createRng(s as number);
      return [r[m](), r[m](), r[m]()];
    },
    valid: seed().map((s): Args => [s]),
    degenerate: args(0),
    noBadInput: 'no arguments (createRng covers bad seeds)',
  });

const fillMethod = (m: 'fillUniform' | 'fillNormal') => {
  const valid = fc
    .tuple(seed(), int(0, 8), fc.boolean(), num(-2, 0), num(0.5, 2))
    .map(([s, n, f64, a, b]): Args => [s, f64 ? new Float64Array(n) : new Float32Array(n), a, b]);
  return e('createRng', {
    name: `createRng().${m}`,
    call: (l, [s, out, a, b]) =>
      l.tensor.createRng(s as number)[m](out as never, a as never, b as never),
    mutates: [1],
    valid,
    degenerate: fc.oneof(
      args(0, new Float64Array(4), 0, 0),
      args(0, new Float64Array(4), -1e300, 1e300),
      args(0, new Float32Array(4), undefined, undefined),
    ),
    bad: corrupt(valid, [
      at([1], badOf(null, 'x', [0, 0], new Int32Array(2), {})),
      at([2], bad.number),
      at([3], bad.number),
    ]),
  });
};

const erf = e('erf', {
  call: (l, [x]) => l.tensor.erf(x as number),
  valid: num(-10, 10).map((x): Args => [x]),
  degenerate: badOf(0, -0, 1e-300, 1e300, -1e300, Infinity, -Infinity).map((x): Args => [x]),
  bad: badOf(Number.NaN, '1', null, undefined, {}, [1]).map((x): Args => [x]),
});

const formatNumber = e('formatNumber', {
  call: (l, [x, digits]) => l.tensor.formatNumber(x as number, digits as number | undefined),
  valid: fc.tuple(num(-1e6, 1e6), int(1, 21)).map(([x, k]): Args => [x, k]),
  degenerate: badOf(0, -0, 1e-300, 1e300, Number.NaN, Infinity, -Infinity).map((x): Args => [x]),
  bad: fc.oneof(
    badOf('1', null, undefined, {}, [1]).map((x): Args => [x]),
    badOf(0, 22, 1.5, Number.NaN, '6', null).map((k): Args => [1, k]),
  ),
});

const gemmValid = fc
  .tuple(fc.array(int(1, 8), { minLength: 1, maxLength: 2 }), int(1, 2), seed())
  .map(([sizes, repeats, s]): Args => [{ sizes, repeats, seed: s }]);
const gemmBenchmark = e('gemmBenchmark', {
  call: (l, [o]) => l.tensor.gemmBenchmark(o as never),
  timeoutMs: 10_000,
  valid: fc.oneof(
    gemmValid,
    gemmValid.map(
      ([o]): Args => [{ ...(o as object), onResult: tag.fn('noop'), signal: tag.signal(false) }],
    ),
  ),
  degenerate: fc.oneof(
    args({ sizes: [1], repeats: 1 }),
    args({ sizes: [], repeats: 1 }),
    args({ sizes: [2], signal: tag.signal(true) }),
  ),
  bad: corrupt(gemmValid, [
    at(
      [0, 'sizes'],
      badOf(null, 'x', 42, [0], [-1], [1.5], [Number.NaN], [Infinity], [1e9], [1e5], ['8']),
    ),
    at([0, 'repeats'], bad.size(1)),
    at([0, 'seed'], bad.seed),
    at([0, 'onResult'], bad.fn),
    at([0, 'signal'], bad.signal),
    at([0], bad.options),
  ]),
});

const initBackend = e('initBackend', {
  call: (l, [p, o]) => l.tensor.initBackend(p as never, o as never),
  valid: fc.constantFrom<Args>(['cpu'], ['cpu', {}]),
  degenerate: args('cpu', { webgpuCpuForward: false, allowSoftwareAdapter: true }),
  bad: fc.oneof(
    badOf('gpu', 'CPU', '', 42, null, {}, 'webgl').map((p): Args => [p]),
    badOf('x', 42, []).map((o): Args => ['cpu', o]),
  ),
  timeoutMs: 15_000,
});

const isBackendPreference = e('isBackendPreference', {
  call: (l, [v]) => l.tensor.isBackendPreference(v),
  valid: fc.constantFrom('auto', 'cpu', 'wasm', 'webgl', 'webgpu').map((v): Args => [v]),
  // A predicate: every value is a legal input, and the answer is false.
  degenerate: fc.oneof(bad.anything, bad.name, badOf(undefined)).map((v): Args => [v]),
  noBadInput: 'a predicate: every value is a legal input (the degenerate cases pass junk)',
});

const isMatrix64 = e('isMatrix64', {
  call: (l, [v]) => l.tensor.isMatrix64(v),
  valid: m64(points()).map((A): Args => [A]),
  degenerate: fc.oneof(bad.anything, bad.matrix, badOf(undefined)).map((v): Args => [v]),
  noBadInput: 'a predicate: every value is a legal input (the degenerate cases pass junk)',
});

const ensureGradients = e('ensureGradients', {
  call: (l) => l.tensor.ensureGradients(),
  valid: args(),
  noBadInput: 'no arguments',
});

export const tensorSpecs: PackageSpecs = {
  package: 'tensor',
  entries: [
    ensureGradients,
    asMatrix64,
    asSymmetricMatrix64,
    asTargets,
    asTargetsTensor,
    asTensor2D,
    asVector,
    ...asserts,
    assertFiniteEntries,
    assertWorkBudget,
    resolveBudget,
    fromArray,
    matrixUnary('toArray'),
    matrixUnary('toTensor'),
    matrixUnary('transpose'),
    fromTensor,
    zeros,
    identity,
    cholesky,
    cond,
    eigEntry('eigh'),
    eigEntry('eigvalsh'),
    gram,
    lstsqMinNorm,
    matmul,
    pinv,
    solvePsd,
    psdEigh,
    solveSpd,
    solveTriangular,
    svd,
    eigOperator('powerIteration'),
    eigOperator('extremeEigenvalues'),
    conjugateGradient,
    randomEntry('randomNormal'),
    randomEntry('randomUniform'),
    createRng,
    rngMethod('nextUint32'),
    rngMethod('uniform'),
    rngMethod('normal'),
    fillMethod('fillUniform'),
    fillMethod('fillNormal'),
    erf,
    formatNumber,
    gemmBenchmark,
    initBackend,
    isBackendPreference,
    isMatrix64,
  ],
  notCallable: {
    BACKEND_NAMES: 'a constant list of names (isBackendPreference and initBackend cover its use)',
    DEFAULT_WORK_BUDGET: 'a frozen constant (assertWorkBudget and resolveBudget cover its use)',
    SEED_RANGE: 'a frozen constant (createRng and every seed option check it)',
    OverparamError: 'error class: the typed-error check of every case',
    InvalidArgumentError: 'error class: thrown by the bad cases of every entry',
    BackendUnavailableError: "error class: thrown by initBackend's bad cases",
    NonFiniteError: 'error class: thrown by the NaN/±Infinity bad cases',
    NotPositiveDefiniteError: "error class: thrown by cholesky/solveSpd's degenerate cases",
    NotSquareError: 'error class: thrown by the non-square bad cases',
    NotSymmetricError: 'error class: thrown by the asymmetric bad cases',
    ShapeMismatchError: 'error class: thrown by the wrong-shape bad cases',
    SingularMatrixError: "error class: thrown by solveTriangular's zero-diagonal cases",
    WorkBudgetError: 'error class: thrown by the huge-size bad cases',
  },
};
