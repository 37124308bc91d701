import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { assertFinite } from './input/assert.js';

/** A seeded stream of pseudo-random numbers, identical on every platform and backend. */
export interface Rng {
  /** The seed and stream this generator started from. */
  readonly seed: number;
  readonly stream: number;
  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number;
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal (Box–Muller on 53-bit uniforms). */
  normal(): number;
  /**
   * Fills `out` with uniforms on [low, high).
   *
   * @throws InvalidArgumentError when `out` is not a Float64Array or Float32Array, or low/high
   *   are not finite.
   */
  fillUniform<T extends Float64Array | Float32Array>(out: T, low?: number, high?: number): T;
  /**
   * Fills `out` with normals of the given mean and standard deviation.
   *
   * @throws InvalidArgumentError when `out` is not a Float64Array or Float32Array, or mean/std
   *   are not finite.
   */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean?: number, std?: number): T;
}

const TWO_POW_32 = 4294967296;

/**
 * The seeds and streams {@link createRng} accepts: integers in [0, 2^32). Pass it to
 * assertInteger to check a seed option: `assertInteger(op, 'initSeed', s, SEED_RANGE, 'a seed')`.
 *
 * @example
 * SEED_RANGE // { min: 0, max: 4294967295 }
 */
export const SEED_RANGE: Readonly<{ min: number; max: number }> = Object.freeze({
  min: 0,
  max: TWO_POW_32 - 1,
});
const TWO_POW_53 = 9007199254740992;

function assertSeed(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= TWO_POW_32) {
    throw new InvalidArgumentError(name, value, 'an integer in [0, 2^32); pass e.g. { seed: 42 }');
  }
}

/** The typed array a fill method writes into, and two finite parameters. */
function assertFill(op: string, out: unknown, a: number, b: number, names: [string, string]): void {
  if (!(out instanceof Float64Array) && !(out instanceof Float32Array)) {
    throw new InvalidArgumentError('out', out, 'a Float64Array or Float32Array to fill', op);
  }
  assertFinite(op, names[0], a);
  assertFinite(op, names[1], b);
}

// splitmix32 (Steele, Lea, Flood 2014, 32-bit variant) expands one seed into the four
// words of xoshiro128** (Blackman & Vigna 2018): a small, well-tested generator whose
// output is exactly reproducible in JavaScript's 32-bit integer arithmetic.
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [s, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Creates a seeded generator (xoshiro128**, seeded by splitmix32). The same `seed` and
 * `stream` give the same numbers everywhere: Node or browser, any tfjs backend. Use separate
 * streams (or seeds) for separate purposes, e.g. `dataSeed` and `initSeed`.
 *
 * @example
 * const rng = createRng(42);
 * rng.uniform() // the same number on every machine, in [0, 1)
 * createRng(42).uniform() === createRng(42).uniform() // true
 */
export function createRng(seed: number, stream = 0): Rng {
  assertSeed('seed', seed);
  assertSeed('stream', stream);
  let st = (seed ^ Math.imul(stream, 0x632be5ab)) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(st);
    st = next;
    words.push(out);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  if ((a | b | c | d) === 0) a = 1;
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r >>> 0;
  };
  const uniform = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  };
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log stays finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  return {
    seed,
    stream,
    nextUint32,
    uniform,
    normal,
    fillUniform(out, low = 0, high = 1) {
      assertFill('fillUniform', out, low, high, ['low', 'high']);
      const w = high - low;
      for (let i = 0; i < out.length; i++) out[i] = low + w * uniform();
      return out;
    },
    fillNormal(out, mean = 0, std = 1) {
      assertFill('fillNormal', out, mean, std, ['mean', 'std']);
      for (let i = 0; i < out.length; i++) out[i] = mean + std * normal();
      return out;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
