import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { assertFunction, assertInteger, assertOptions, assertSignal } from './input/assert.js';
import { assertWorkBudget, type WorkBudget } from './input/work-budget.js';
import { createRng, SEED_RANGE } from './rng.js';

/** One size of {@link gemmBenchmark}. */
export interface GemmResult {
  backend: string;
  /** Square size: C = A·B with A, B n×n. */
  n: number;
  /** Median seconds of one multiply, data read back included. */
  seconds: number;
  /** 2n³ / seconds / 1e9. */
  gflops: number;
  /** Largest relative error of 16 sampled entries of C against a float64 dot product. */
  sampledRelError: number;
}

/** Options of {@link gemmBenchmark}. */
export interface GemmBenchmarkOptions {
  /** Sizes n to time. Default [256, 512, 1024, 2048]. */
  sizes?: readonly number[];
  /** Timed multiplies per size (the median is reported). Default 3. */
  repeats?: number;
  /** Seed of A and B. Default 0. */
  seed?: number;
  /** Called after each size, for streaming display. */
  onResult?: (result: GemmResult) => void;
  /** Stops between multiplies; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB at once),
   * e.g. `{ budget: { maxFlops: 1e12 } }` to time n = 4096.
   */
  budget?: WorkBudget;
}

/**
 * Flop-equivalents of one multiply beyond its 2n³: the dispatch and the read-back, ~20 µs on
 * the cpu backend, so that a huge repeat count of a tiny size is refused too.
 */
const MULTIPLY_OVERHEAD_FLOPS = 1e5;

/**
 * Times float32 GEMM (tf.matMul, result read back to the CPU) on the active backend and
 * checks sampled entries of the product against float64 dot products.
 *
 * Checked against the work budget before the first multiply: Σ over sizes of
 * (repeats + 1)·(2n³ + 10⁵) flops (the + 1 is the warm-up, 10⁵ the cost of a dispatch and a
 * read-back) and 24n² bytes for the largest n (A, B and C on the host and the backend). The
 * defaults (n up to 2048, 3 repeats) take ~8·10¹⁰ flops.
 *
 * @throws InvalidArgumentError (the promise rejects) for options that are not an options object,
 *   sizes that are not an array of integers ≥ 1, repeats not an integer ≥ 1, a bad seed, a
 *   non-function onResult or a signal that is not an AbortSignal; WorkBudgetError for sizes ×
 *   repeats over the budget; the signal's reason once it is aborted.
 * @example
 * await initBackend('wasm');
 * const [r] = await gemmBenchmark({ sizes: [256], repeats: 1 });
 * r.gflops // e.g. 25 on one core with SIMD
 */
export async function gemmBenchmark(options: GemmBenchmarkOptions = {}): Promise<GemmResult[]> {
  const op = 'gemmBenchmark';
  assertOptions(op, 'options', options);
  const {
    sizes = [256, 512, 1024, 2048],
    repeats = 3,
    seed = 0,
    onResult,
    signal,
    budget,
  } = options;
  if (!Array.isArray(sizes) || !sizes.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InvalidArgumentError('sizes', sizes, 'an array of positive integers', op);
  }
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new InvalidArgumentError('repeats', repeats, 'an integer >= 1', op);
  }
  assertInteger(op, 'seed', seed, SEED_RANGE, 'a seed in [0, 2^32)');
  if (onResult !== undefined) assertFunction(op, 'onResult', onResult);
  assertSignal(op, 'signal', signal);
  let flops = 0;
  let largest = 0;
  for (const n of sizes) {
    flops += (repeats + 1) * (2 * n ** 3 + MULTIPLY_OVERHEAD_FLOPS);
    largest = Math.max(largest, n);
  }
  assertWorkBudget(
    op,
    { flops, bytes: 24 * largest ** 2 },
    budget,
    'time fewer or smaller sizes, or fewer repeats',
  );
  const results: GemmResult[] = [];
  for (const n of sizes) {
    signal?.throwIfAborted();
    const aValues = createRng(seed, 1).fillNormal(new Float32Array(n * n));
    const bValues = createRng(seed, 2).fillNormal(new Float32Array(n * n));
    const a = tf.tensor2d(aValues, [n, n]);
    const b = tf.tensor2d(bValues, [n, n]);
    try {
      const times: number[] = [];
      let product: Float32Array | undefined;
      for (let r = 0; r <= repeats; r++) {
        signal?.throwIfAborted();
        const t0 = performance.now();
        const c = tf.matMul(a, b);
        const values = (await c.data()) as Float32Array;
        const t1 = performance.now();
        c.dispose();
        if (r === 0)
          product = values; // warm-up: shader compilation, allocation
        else times.push((t1 - t0) / 1000);
      }
      times.sort((x, y) => x - y);
      const seconds = times[Math.floor(times.length / 2)] as number;
      const result: GemmResult = {
        backend: tf.getBackend(),
        n,
        seconds,
        gflops: (2 * n ** 3) / seconds / 1e9,
        sampledRelError: sampledError(aValues, bValues, product!, n),
      };
      results.push(result);
      onResult?.(result);
    } finally {
      a.dispose();
      b.dispose();
    }
  }
  return results;
}

function sampledError(a: Float32Array, b: Float32Array, c: Float32Array, n: number): number {
  let worst = 0;
  for (let s = 0; s < 16; s++) {
    const i = (s * 7919) % n;
    const j = (s * 104729 + 13) % n;
    let exact = 0;
    let scale = 0;
    for (let k = 0; k < n; k++) {
      const p = (a[i * n + k] as number) * (b[k * n + j] as number);
      exact += p;
      scale += Math.abs(p);
    }
    // Relative to Σ|a_ik b_kj|: the natural scale of a float32 dot product's rounding error.
    worst = Math.max(worst, Math.abs((c[i * n + j] as number) - exact) / scale);
  }
  return worst;
}
