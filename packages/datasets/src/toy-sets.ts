import {
  assertBoolean,
  assertFinite,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  createRng,
  InvalidArgumentError,
  SEED_RANGE,
  type WorkBudget,
} from '@overparam/tensor';
import type { Dataset } from './dataset.js';
import { DATASET_STREAMS } from './stream-ids.js';

/** The target functions of {@link toy1d}, in one place. */
export const TOY1D_FUNCTIONS = ['sin', 'step', 'abs'] as const;

/** Options of {@link toy1d}. */
export interface Toy1dOptions {
  /** Number of samples n. */
  n: number;
  /** Target function: sin(2πx), a step sign(x), or |x|. Default 'sin'. */
  fn?: (typeof TOY1D_FUNCTIONS)[number];
  noiseStd?: number;
  /** Inputs uniform on [low, high]; default [−1, 1]. */
  domain?: readonly [number, number];
  /** Evenly spaced inputs instead of uniform draws (for plotting a curve). Default false. */
  grid?: boolean;
  /** Seed of x and ε, stream `DATASET_STREAMS.toy1d`. */
  dataSeed: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): 16·n bytes. */
  budget?: WorkBudget;
}

const FUNCTIONS: Record<(typeof TOY1D_FUNCTIONS)[number], (x: number) => number> = {
  sin: (x) => Math.sin(2 * Math.PI * x),
  step: (x) => (x < 0 ? -1 : 1),
  abs: (x) => Math.abs(x),
};

/**
 * A 1-D regression set y = f(x) + ε for plots of fits and interpolants. Float64, X n×1, Y n×1.
 *
 * @throws InvalidArgumentError for n < 1, σ < 0, an empty domain, an unknown `fn` or a bad seed;
 *   WorkBudgetError for an n over the work budget.
 * @example
 * const { X, Y } = toy1d({ n: 20, fn: 'sin', noiseStd: 0.1, dataSeed: 0 });
 */
export function toy1d(options: Toy1dOptions): Dataset {
  const op = 'toy1d';
  assertOptions(op, 'options', options, false);
  const { n, fn = 'sin', noiseStd = 0, domain = [-1, 1], grid = false, dataSeed } = options;
  assertInteger(op, 'n', n, { min: 1 }, 'the number of samples');
  assertNonNegative(op, 'noiseStd', noiseStd, 'the noise standard deviation');
  assertOneOf(op, 'fn', fn, TOY1D_FUNCTIONS);
  assertBoolean(op, 'grid', grid);
  assertInteger(op, 'dataSeed', dataSeed, SEED_RANGE, 'a seed');
  if (!Array.isArray(domain) || domain.length !== 2)
    throw new InvalidArgumentError('domain', domain, '[low, high] with high > low', op);
  const [low, high] = domain;
  assertFinite(op, 'domain[0]', low);
  assertFinite(op, 'domain[1]', high);
  if (!(high > low))
    throw new InvalidArgumentError('domain', domain, '[low, high] with high > low', op);
  assertWorkBudget(op, { bytes: 16 * n, flops: 40 * n }, options.budget, 'lower n');
  const f = FUNCTIONS[fn];
  const rng = createRng(dataSeed, DATASET_STREAMS.toy1d);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++)
    x[i] = grid
      ? low + ((high - low) * i) / Math.max(1, n - 1)
      : low + (high - low) * rng.uniform();
  const y = x.map((v) => f(v) + noiseStd * rng.normal());
  return { X: { rows: n, cols: 1, data: x }, Y: { rows: n, cols: 1, data: y } };
}

/** The shapes of {@link toy2d}, in one place. */
export const TOY2D_KINDS = ['moons', 'circles', 'xor'] as const;

/** Options of {@link toy2d}. */
export interface Toy2dOptions {
  /** Number of samples n (≥ 2: both classes). */
  n: number;
  /** 'moons' (two interleaved half circles), 'circles' (concentric), 'xor' (four Gaussian blobs). */
  kind: (typeof TOY2D_KINDS)[number];
  noiseStd?: number;
  /** Seed of the points, stream `DATASET_STREAMS.toy2d`. */
  dataSeed: number;
  /** Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor): 28·n bytes. */
  budget?: WorkBudget;
}

/**
 * A 2-D binary classification set with labels 0/1 and targets ±1 (Y n×1). Float64.
 *
 * @throws InvalidArgumentError for n < 2, σ < 0, an unknown `kind` or a bad seed; WorkBudgetError
 *   for an n over the work budget.
 * @example
 * const { X, Y, labels } = toy2d({ n: 200, kind: 'moons', noiseStd: 0.1, dataSeed: 0 });
 */
export function toy2d(options: Toy2dOptions): Dataset {
  const op = 'toy2d';
  assertOptions(op, 'options', options, false);
  const { n, kind, noiseStd = 0.1, dataSeed } = options;
  assertInteger(op, 'n', n, { min: 2 }, 'the number of samples, both classes');
  assertNonNegative(op, 'noiseStd', noiseStd, 'the noise standard deviation');
  assertOneOf(op, 'kind', kind, TOY2D_KINDS);
  assertInteger(op, 'dataSeed', dataSeed, SEED_RANGE, 'a seed');
  assertWorkBudget(op, { bytes: 28 * n, flops: 80 * n }, options.budget, 'lower n');
  const rng = createRng(dataSeed, DATASET_STREAMS.toy2d);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    let a: number;
    let b: number;
    if (kind === 'moons') {
      const t = Math.PI * rng.uniform();
      [a, b] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    } else if (kind === 'circles') {
      const t = 2 * Math.PI * rng.uniform();
      const r = c === 0 ? 1 : 0.5;
      [a, b] = [r * Math.cos(t), r * Math.sin(t)];
    } else {
      const q = Math.floor(rng.uniform() * 2);
      const sa = q === 0 ? 1 : -1;
      const sb = c === 0 ? sa : -sa;
      [a, b] = [sa * 0.5, sb * 0.5];
    }
    x[2 * i] = a + noiseStd * rng.normal();
    x[2 * i + 1] = b + noiseStd * rng.normal();
    labels[i] = c;
    y[i] = c === 0 ? -1 : 1;
  }
  return { X: { rows: n, cols: 2, data: x }, Y: { rows: n, cols: 1, data: y }, labels };
}
