// Shared generators of the table: small valid inputs, and pools of bad values that every entry
// draws from, so "bad" means the same thing across the seven packages.
import fc from 'fast-check';
import { tag } from './encode.js';
import type { Args } from './types.js';

export type Nested = number[][];

/** Any finite double in [min, max], subnormals included (for degenerate cases). */
export function rawNum(min = -3, max = 3): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * An ordinary finite double in [min, max]: where the range holds 0, magnitudes below 1e-6
 * become 0 (fast-check favours extremes like 5e-324, which belong to the degenerate cases).
 */
export function num(min = -3, max = 3): fc.Arbitrary<number> {
  const raw = rawNum(min, max);
  if (!(min <= 0 && max >= 0)) return raw;
  return raw.map((x) => (Math.abs(x) < 1e-6 ? 0 : x));
}

export function int(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}

/** A seed (the repository's seeds are uint32). */
export function seed(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 2 ** 32 - 1 });
}

/** An n×d nested array. */
export function nested(
  n: number,
  d: number,
  entry: fc.Arbitrary<number> = num(),
): fc.Arbitrary<Nested> {
  return fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: n, maxLength: n });
}

export function vector(n: number, entry: fc.Arbitrary<number> = num()): fc.Arbitrary<number[]> {
  return fc.array(entry, { minLength: n, maxLength: n });
}

export interface Matrix64Like {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function toM64(rows: Nested): Matrix64Like {
  const r = rows.length;
  const c = r > 0 ? (rows[0] as number[]).length : 0;
  return { rows: r, cols: c, data: Float64Array.from(rows.flat()) };
}

/** A matrix in either accepted host form: nested arrays or a Matrix64. */
export function hostForm(m: fc.Arbitrary<Nested>): fc.Arbitrary<Nested | Matrix64Like> {
  return fc.tuple(m, fc.boolean()).map(([x, asM64]) => (asM64 ? toM64(x) : x));
}

/** A matrix in any accepted form: nested arrays, a Matrix64 or a float32 tensor. */
export function anyForm(m: fc.Arbitrary<Nested>): fc.Arbitrary<unknown> {
  return fc
    .tuple(m, fc.integer({ min: 0, max: 2 }))
    .map(([x, k]) => (k === 0 ? x : k === 1 ? toM64(x) : tag.tensor(x)));
}

/** n×d points with n in [nMin, nMax], d in [dMin, dMax]. */
export function points(
  n: [number, number] = [1, 5],
  d: [number, number] = [1, 4],
  entry: fc.Arbitrary<number> = num(),
): fc.Arbitrary<Nested> {
  return fc.tuple(int(n[0], n[1]), int(d[0], d[1])).chain(([r, c]) => nested(r, c, entry));
}

/** Two point sets with the same column count. */
export function pointPair(
  n: [number, number] = [1, 5],
  d: [number, number] = [1, 4],
): fc.Arbitrary<[Nested, Nested]> {
  return fc
    .tuple(int(n[0], n[1]), int(n[0], n[1]), int(d[0], d[1]))
    .chain(([a, b, c]) => fc.tuple(nested(a, c), nested(b, c)));
}

export function matmulNested(A: Nested, B: Nested): Nested {
  const k = B.length;
  const m = k > 0 ? (B[0] as number[]).length : 0;
  return A.map((row) =>
    Array.from({ length: m }, (_, j) => {
      let s = 0;
      for (let t = 0; t < k; t++) s += (row[t] as number) * ((B[t] as number[])[j] as number);
      return s;
    }),
  );
}

export function transposeNested(A: Nested): Nested {
  const c = A.length > 0 ? (A[0] as number[]).length : 0;
  return Array.from({ length: c }, (_, j) => A.map((row) => row[j] as number));
}

/** G·Gᵀ + shift·I: symmetric positive definite for shift > 0 (PSD for shift 0). */
export function gramOf(G: Nested, shift: number): Nested {
  const K = matmulNested(G, transposeNested(G));
  return K.map((row, i) => row.map((v, j) => (i === j ? v + shift : v)));
}

export function spd(n: [number, number] = [1, 5], shift = 0.5): fc.Arbitrary<Nested> {
  return fc
    .tuple(int(n[0], n[1]), int(1, 4))
    .chain(([r, c]) => nested(r, c).map((G) => gramOf(G, shift)));
}

export function symmetric(n: [number, number] = [1, 5]): fc.Arbitrary<Nested> {
  return int(n[0], n[1]).chain((r) =>
    nested(r, r).map((A) =>
      A.map((row, i) => row.map((v, j) => (v + ((A[j] as number[])[i] as number)) / 2)),
    ),
  );
}

export function zerosNested(n: number, d: number): Nested {
  return Array.from({ length: n }, () => new Array<number>(d).fill(0));
}

export function identityNested(n: number): Nested {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

/** n copies of one point. */
export function equalPoints(
  n: [number, number] = [2, 4],
  d: [number, number] = [1, 3],
): fc.Arbitrary<Nested> {
  return fc
    .tuple(int(n[0], n[1]), int(d[0], d[1]))
    .chain(([r, c]) => vector(c).map((p) => Array.from({ length: r }, () => [...p])));
}

/**
 * Degenerate point sets: zeros, one point, equal points, tiny and huge (but finite) scales.
 * `scale` is the extreme magnitude: 1e150 for float64 routines (squares stay finite), 1e15 for
 * float32 ones (squares stay below float32's 3.4e38).
 */
export function degeneratePoints(
  d: [number, number] = [1, 3],
  scale = 1e150,
): fc.Arbitrary<Nested> {
  return fc.oneof(
    fc.tuple(int(1, 4), int(d[0], d[1])).map(([r, c]) => zerosNested(r, c)),
    int(d[0], d[1]).chain((c) => nested(1, c)),
    equalPoints([2, 4], d),
    points([1, 4], d, rawNum(-1 / scale, 1 / scale)),
    points([1, 4], d, rawNum(-scale, scale)),
  );
}

/** degeneratePoints for the float32 (tensor) paths. */
export function degeneratePoints32(d: [number, number] = [1, 3]): fc.Arbitrary<Nested> {
  return degeneratePoints(d, 1e15);
}

// ---------------------------------------------------------------------------------------------
// Bad values

/** Marks a key to delete (a required option left out). */
export const REMOVE = '$rel:remove';

/** 50 000 points: any n×n result (a kernel matrix) is 20 GB, far over the default work budget. */
export const HUGE_X = { rows: 50_000, cols: 1, data: new Float64Array(50_000) };
/** A work budget nothing fits in. */
export const TINY_BUDGET = { budget: { maxFlops: 10, maxBytes: 10 } };

export function badOf(...values: unknown[]): fc.Arbitrary<unknown> {
  return fc.constantFrom(...values);
}

const HUGE = [1e9, 1e12, 2 ** 40, Number.MAX_SAFE_INTEGER];

export const bad = {
  /** Not a value of any sensible type. */
  anything: badOf(null, 'x', {}, [], true, 42, tag.symbol(), 7n),
  /** Not an options object (undefined excluded: options are usually optional). */
  options: badOf(null, 'x', 42, [], true, tag.symbol()),
  /** Not a finite number. */
  number: badOf(Number.NaN, Infinity, -Infinity, '1', null, {}, true, [1], 7n),
  /** Not a number > 0. */
  positive: badOf(0, -1, -1e-12, Number.NaN, Infinity, -Infinity, '1', null, {}, true),
  /** Not a number ≥ 0. */
  nonNegative: badOf(-1, -1e-9, Number.NaN, Infinity, -Infinity, '0', null, {}, true),
  /** Not an integer ≥ min (min − 1, fractions, non-finite, non-numbers). */
  integer(min = 0): fc.Arbitrary<unknown> {
    return badOf(
      min - 1,
      min + 0.5,
      -Infinity,
      Infinity,
      Number.NaN,
      String(min + 1),
      null,
      {},
      true,
      7n,
    );
  },
  /** A size: not an integer ≥ min, or absurdly large (must be refused by the work budget). */
  size(min = 1): fc.Arbitrary<unknown> {
    return fc.oneof(bad.integer(min), badOf(...HUGE));
  },
  /** Absurd but integral sizes only. */
  huge: badOf(...HUGE),
  seed: badOf(-1, 1.5, Number.NaN, Infinity, 2 ** 32, 2 ** 53, '1', null, {}),
  boolean: badOf(0, 1, 'true', null, {}, []),
  string: badOf(42, null, {}, [], true),
  /** Not a function. */
  fn: badOf(42, 'x => x', {}, [], null, true),
  /** Not an AbortSignal. */
  signal: badOf('abort', 42, {}, { aborted: true }, true, null),
  /** Not a WorkBudget ({ maxFlops?, maxBytes? } of numbers ≥ 0). */
  budget: badOf('x', 42, null, { maxFlops: -1 }, { maxBytes: Number.NaN }, { maxFlops: 'x' }),
  /** Not a matrix: wrong types, empty, ragged, non-finite, malformed Matrix64, disposed tensor. */
  matrix: badOf(
    null,
    'x',
    42,
    {},
    [],
    [[]],
    [[1, 2], [3]],
    [[1], 'row'],
    [[Number.NaN]],
    [[Infinity, 0]],
    [['a']],
    [1, 2, 3],
    { rows: 2, cols: 2, data: new Float64Array(3) },
    { rows: -1, cols: 1, data: new Float64Array(0) },
    { rows: 1.5, cols: 2, data: new Float64Array(3) },
    tag.tensor([[1, 2]], { disposed: true }),
    tag.tensor([1, 2, 3]),
  ),
  /** Not a vector of finite numbers. */
  vector: badOf(null, 'x', 42, {}, [Number.NaN], [Infinity], ['a'], [[1]], [1, null]),
  /**
   * Not targets (a vector or an n×k matrix) for any n: no flat number array or one-row matrix
   * that would be legal for some n (wrong row counts are each entry's explicit cases).
   */
  targets: badOf(
    null,
    'x',
    42,
    {},
    [[]],
    [[1, 2], [3]],
    [[Number.NaN]],
    [Number.NaN],
    [Infinity],
    ['a'],
    [1, null],
    { rows: 2, cols: 2, data: new Float64Array(3) },
    tag.tensor([[1]], { disposed: true }),
  ),
  /** An unknown name. */
  name: badOf('no-such-name', '', 'RELU', 42, null, {}),
};

export function enumBad(_known: readonly unknown[]): fc.Arbitrary<unknown> {
  return bad.name;
}

type Path = readonly (string | number)[];

function setPath(root: unknown[], path: Path, value: unknown): unknown[] {
  let cur: Record<string | number, unknown> = root as unknown as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string | number;
    let next = cur[k];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      cur[k] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) delete cur[last];
  else cur[last] = value;
  return root;
}

/** One place to corrupt: a path into the argument list ([1, 'lengthScale'] is args[1].lengthScale). */
export interface Slot {
  path: Path;
  values: fc.Arbitrary<unknown>;
}

export function at(path: Path, values: fc.Arbitrary<unknown>): Slot {
  return { path, values };
}

/**
 * Bad cases from valid ones: a valid argument list with one slot replaced by a bad value.
 * `extra` adds whole bad argument lists (wrong shapes across arguments, and so on).
 */
export function corrupt(
  valid: fc.Arbitrary<Args>,
  slots: readonly Slot[],
  ...extra: fc.Arbitrary<Args>[]
): fc.Arbitrary<Args> {
  const one = slots.map((s) =>
    fc.tuple(valid, s.values).map(([args, v]) => setPath(structuredClone(args), s.path, v)),
  );
  const all = [...one, ...extra];
  if (all.length === 0) throw new Error('corrupt: no slot');
  return fc.oneof(...all);
}

/** An argument list of fixed values. */
export function args(...values: unknown[]): fc.Arbitrary<Args> {
  return fc.constant(values);
}

export type { Args };
export { fc, tag };

/** Bad values of a required argument or option: the valid arbitrary `a`, or the value missing. */
export const required = (a: fc.Arbitrary<unknown>) => fc.oneof(a, badOf(REMOVE, undefined));
