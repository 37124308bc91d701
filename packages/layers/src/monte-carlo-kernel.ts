import {
  assertBoolean,
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asTensor2D,
  InvalidArgumentError,
  type Matrix64,
  type Owned,
  SEED_RANGE,
  type TensorInput,
} from '@overparam/tensor';
import type * as tf from '@tensorflow/tfjs-core';
import { empiricalNtk } from './empirical-ntk.js';
import type { Layer } from './layer.js';

/** Options of {@link monteCarloKernel}. */
export interface MonteCarloKernelOptions {
  /** Number of independent initializations. */
  samples: number;
  /** Seed of the first draw; draw s uses initSeed + s. Default 0. */
  initSeed?: number;
  /** Also estimate the NTK (empirical NTK of each draw, much slower). Default true. */
  ntk?: boolean;
}

/** Monte-Carlo estimates with their standard errors (float64). */
export interface MonteCarloKernelResult {
  nngp: Matrix64;
  /** Standard error of each NNGP entry (the sample standard deviation over draws / √samples). */
  nngpStdError: Matrix64;
  ntk: Matrix64 | null;
  ntkStdError: Matrix64 | null;
  samples: number;
}

/**
 * The NNGP and NTK of `net` estimated from its own finite networks: the mean over `samples`
 * initializations of (1/k)·Σ_o f_o(x) f_o(x') (the output covariance) and of the empirical NTK,
 * with standard errors. For layers with no closed form this is the kernel; for the others, a
 * check of the analytic one (the finite-width bias is O(1/width)).
 *
 * @throws InvalidArgumentError for a bad net, samples, initSeed or ntk; WorkBudgetError for n×m
 *   accumulators over the default budget; the errors of init, apply and empiricalNtk.
 * @example
 * const net = serial(dense({ outputs: 512 }), relu(), dense({ outputs: 1 }));
 * (await monteCarloKernel(net, [[1, 0], [0, 1]], undefined, { samples: 200 })).nngp // ≈ net.kernel.f64(…).nngp
 */
export async function monteCarloKernel(
  net: Layer,
  X: TensorInput,
  Y: TensorInput | undefined,
  options: MonteCarloKernelOptions,
): Promise<MonteCarloKernelResult> {
  const op = 'monteCarloKernel';
  if (net === null || typeof net !== 'object' || !('rules' in net)) {
    throw new InvalidArgumentError('net', net, 'a network from serial(…) or a layer', op);
  }
  assertOptions(op, 'options', options, false);
  assertInteger(op, 'samples', options.samples, { min: 2, max: 100_000 }, 'e.g. 100');
  // Only undefined means the default: null is a bad value.
  const initSeed = options.initSeed === undefined ? 0 : options.initSeed;
  assertInteger(
    op,
    'initSeed',
    initSeed,
    { min: 0, max: SEED_RANGE.max - options.samples },
    'the first seed',
  );
  const withNtk = options.ntk === undefined ? true : options.ntk;
  assertBoolean(op, 'ntk', withNtk, 'whether to estimate the NTK too');
  const x = asTensor2D(op, 'X', X);
  let y: Owned<tf.Tensor2D> | null = null;
  try {
    y = Y === undefined ? null : asTensor2D(op, 'Y', Y);
    const d = x.tensor.shape[1];
    const n = x.tensor.shape[0];
    const m = y ? y.tensor.shape[0] : n;
    // The four n×m accumulators and their updates (each draw's empiricalNtk checks its own).
    assertWorkBudget(
      op,
      { flops: 4 * options.samples * n * m, bytes: 8 * 4 * n * m },
      undefined,
      'use fewer points',
    );
    const sum = new Float64Array(n * m);
    const sq = new Float64Array(n * m);
    const tsum = new Float64Array(withNtk ? n * m : 0);
    const tsq = new Float64Array(withNtk ? n * m : 0);
    for (let s = 0; s < options.samples; s++) {
      const params = net.init({ inputShape: [d], initSeed: initSeed + s });
      try {
        const fx = net.apply(params, x.tensor);
        let fy = fx;
        let a: ArrayLike<number>;
        let b: ArrayLike<number>;
        try {
          if (y) fy = net.apply(params, y.tensor);
          a = await fx.data();
          b = fy === fx ? a : await fy.data();
        } finally {
          fx.dispose();
          if (fy !== fx) fy.dispose();
        }
        const k = fx.shape[1];
        for (let i = 0; i < n; i++)
          for (let j = 0; j < m; j++) {
            let v = 0;
            for (let o = 0; o < k; o++) v += (a[i * k + o] as number) * (b[j * k + o] as number);
            v /= k;
            sum[i * m + j] = (sum[i * m + j] as number) + v;
            sq[i * m + j] = (sq[i * m + j] as number) + v * v;
          }
        if (withNtk) {
          const t = (await empiricalNtk(net, params, x.tensor, y ? y.tensor : undefined)).data;
          for (let i = 0; i < n * m; i++) {
            tsum[i] = (tsum[i] as number) + (t[i] as number);
            tsq[i] = (tsq[i] as number) + (t[i] as number) ** 2;
          }
        }
      } finally {
        params.dispose();
      }
    }
    const S = options.samples;
    const stats = (s1: Float64Array, s2: Float64Array) => {
      const mean = s1.map((v) => v / S);
      const se = s2.map((v, i) =>
        Math.sqrt((Math.max(v / S - (mean[i] as number) ** 2, 0) * (S / (S - 1))) / S),
      );
      return { mean: { rows: n, cols: m, data: mean }, se: { rows: n, cols: m, data: se } };
    };
    const g = stats(sum, sq);
    const t = withNtk ? stats(tsum, tsq) : null;
    return {
      nngp: g.mean,
      nngpStdError: g.se,
      ntk: t ? t.mean : null,
      ntkStdError: t ? t.se : null,
      samples: S,
    };
  } finally {
    if (x.owned) x.tensor.dispose();
    if (y?.owned) y.tensor.dispose();
  }
}
