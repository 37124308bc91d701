import { createRng, InvalidArgumentError } from '@overparam/tensor';
import type { Dataset } from './data-matrix.js';
import { assertInteger, assertNonNegative } from './validate.js';

/** Options of {@link toy1d}. */
export interface Toy1dOptions {
  n: number;
  /** Target function: sin(2πx), a step sign(x), or |x|. Default 'sin'. */
  fn?: 'sin' | 'step' | 'abs';
  noiseStd?: number;
  /** Inputs uniform on [low, high]; default [−1, 1]. */
  domain?: readonly [number, number];
  /** Evenly spaced inputs instead of uniform draws (for plotting a curve). Default false. */
  grid?: boolean;
  dataSeed: number;
}

const FUNCTIONS = {
  sin: (x: number) => Math.sin(2 * Math.PI * x),
  step: (x: number) => (x < 0 ? -1 : 1),
  abs: (x: number) => Math.abs(x),
};

/**
 * A 1-D regression set y = f(x) + ε for plots of fits and interpolants. Float64, X n×1, Y n×1.
 *
 * @example
 * const { X, Y } = toy1d({ n: 20, fn: 'sin', noiseStd: 0.1, dataSeed: 0 });
 */
export function toy1d(options: Toy1dOptions): Dataset {
  const { n, fn = 'sin', noiseStd = 0, domain = [-1, 1], grid = false, dataSeed } = options;
  assertInteger('n', n, 1);
  assertNonNegative('noiseStd', noiseStd);
  const [low, high] = domain;
  if (!(high > low))
    throw new InvalidArgumentError('domain', domain, '[low, high] with high > low');
  const f = FUNCTIONS[fn];
  if (!f) throw new InvalidArgumentError('fn', fn, "'sin', 'step' or 'abs'");
  const rng = createRng(dataSeed, 4);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++)
    x[i] = grid
      ? low + ((high - low) * i) / Math.max(1, n - 1)
      : low + (high - low) * rng.uniform();
  const y = x.map((v) => f(v) + noiseStd * rng.normal());
  return { X: { rows: n, cols: 1, data: x }, Y: { rows: n, cols: 1, data: y } };
}

/** Options of {@link toy2d}. */
export interface Toy2dOptions {
  n: number;
  /** 'moons' (two interleaved half circles), 'circles' (concentric), 'xor' (four Gaussian blobs). */
  kind: 'moons' | 'circles' | 'xor';
  noiseStd?: number;
  dataSeed: number;
}

/**
 * A 2-D binary classification set with labels 0/1 and targets ±1 (Y n×1). Float64.
 *
 * @example
 * const { X, Y, labels } = toy2d({ n: 200, kind: 'moons', noiseStd: 0.1, dataSeed: 0 });
 */
export function toy2d(options: Toy2dOptions): Dataset {
  const { n, kind, noiseStd = 0.1, dataSeed } = options;
  assertInteger('n', n, 2);
  assertNonNegative('noiseStd', noiseStd);
  if (!['moons', 'circles', 'xor'].includes(kind))
    throw new InvalidArgumentError('kind', kind, "'moons', 'circles' or 'xor'");
  const rng = createRng(dataSeed, 5);
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
