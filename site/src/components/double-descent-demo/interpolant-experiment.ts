// What the model learned, in one dimension: random Fourier features fitted by minimum-norm
// least squares to n noisy samples of sin(x), at N well below n, at N = n and at N ≫ n. At
// N = n the fit must pass through every point with a barely invertible Φ: the wild
// interpolant of the double-descent peak. Float64 on the CPU, well under a second.
import { createRng } from '@overparam/tensor';
import { type Experiment, literal, scriptHeader, seedInput } from '../demo-kit/experiment';
import { leastSquaresFit } from './lib';

export interface InterpolantInputs {
  n: number;
  ridge: number;
  sigma: number;
  noise: number;
  seed: number;
}

/** One fitted model: its N, errors, norm and the learned function on a dense grid. */
export interface InterpolantRow {
  N: number;
  label: string;
  trainMse: number;
  /** Mean squared distance to sin(x) on the grid: how far the learned function is from the truth. */
  testMse: number;
  norm: number;
  curve: { x: number; f: number }[];
}

export const GRID_POINTS = 241;
export const X_RANGE = Math.PI;

/** The training points: n uniform x in [−π, π] and y = sin x + noise (seeded). */
export function interpolantData(inputs: Pick<InterpolantInputs, 'n' | 'noise' | 'seed'>) {
  const rng = createRng(inputs.seed, 1);
  const x = Array.from({ length: inputs.n }, () => (2 * rng.uniform() - 1) * X_RANGE);
  const y = x.map((v) => Math.sin(v) + inputs.noise * rng.normal());
  return { x, y };
}

/** The feature counts shown: n/4, n and 40n. */
export function featureCounts(n: number): number[] {
  return [Math.max(1, Math.round(n / 4)), n, 40 * n];
}

/**
 * A standard Cauchy draw from a uniform one: the frequencies of the Laplace kernel
 * e^{−|x − x'|/σ}, whose interpolant in 1-D is tame (a Gaussian kernel's is not).
 */
function cauchy(u: number): number {
  return Math.tan(Math.PI * (u - 0.5));
}

function features(x: readonly number[], w: Float64Array, b: Float64Array) {
  const N = w.length;
  const data = new Float64Array(x.length * N);
  const s = Math.sqrt(2 / N);
  for (let i = 0; i < x.length; i++)
    for (let j = 0; j < N; j++)
      data[i * N + j] = s * Math.cos((w[j] as number) * (x[i] as number) + (b[j] as number));
  return { rows: x.length, cols: N, data };
}

export const interpolantExperiment: Experiment<InterpolantInputs, InterpolantRow> = {
  id: 'interpolant',
  title: 'One row per feature count N: train MSE, distance to sin x on the grid, and ‖a‖',
  inputs: [
    {
      key: 'n',
      label: 'Training points n',
      description: 'Noisy samples of sin x on [−π, π].',
      type: 'integer',
      default: 16,
      min: 4,
      max: 64,
    },
    {
      key: 'ridge',
      label: 'Ridge λ',
      description: '0: minimum-norm; a little ridge tames N = n.',
      type: 'number',
      default: 0,
      min: 0,
      max: 10,
      step: 0.001,
      slider: false,
    },
    {
      key: 'sigma',
      label: 'Bandwidth σ',
      description: 'Of the Laplace kernel e^(−|x − x′|/σ) the features approximate.',
      type: 'number',
      default: 1,
      min: 0.1,
      max: 5,
      step: 0.05,
      advanced: true,
    },
    {
      key: 'noise',
      label: 'Label noise',
      description: 'Standard deviation of the noise on sin x.',
      type: 'number',
      default: 0.2,
      min: 0,
      max: 1,
      step: 0.05,
      advanced: true,
    },
    seedInput({
      key: 'seed',
      label: 'Seed',
      description: 'Of the points and the features.',
      default: 1,
    }),
  ],
  columns: [
    { key: 'label', label: 'Model', format: 'text' },
    { key: 'trainMse', label: 'Train MSE' },
    { key: 'testMse', label: 'Distance to sin x (MSE)' },
    { key: 'norm', label: '‖a‖' },
  ],
  total: () => 3,
  run: async (inputs, { signal, onRow, report }) => {
    const { x, y } = interpolantData(inputs);
    const grid = Array.from(
      { length: GRID_POINTS },
      (_, i) => -X_RANGE + (2 * X_RANGE * i) / (GRID_POINTS - 1),
    );
    const counts = featureCounts(inputs.n);
    const rng = createRng(inputs.seed, 2);
    const maxN = counts.at(-1) as number;
    // Nested features: the first N of one draw, so the three fits differ only in N.
    const w = Float64Array.from({ length: maxN }, () => cauchy(rng.uniform()) / inputs.sigma);
    const b = Float64Array.from({ length: maxN }, () => 2 * Math.PI * rng.uniform());
    for (const [k, N] of counts.entries()) {
      if (signal.aborted) throw signal.reason;
      const wN = w.subarray(0, N);
      const bN = b.subarray(0, N);
      const { a } = leastSquaresFit(features(x, wN, bN), Float64Array.from(y), {
        ridge: inputs.ridge,
      });
      const predict = (xs: readonly number[]) => {
        const phi = features(xs, wN, bN);
        return xs.map((_, i) => {
          let s = 0;
          for (let j = 0; j < N; j++) s += (phi.data[i * N + j] as number) * (a.data[j] as number);
          return s;
        });
      };
      const fitTrain = predict(x);
      const f = predict(grid);
      const trainMse = fitTrain.reduce((t, v, i) => t + (v - (y[i] as number)) ** 2, 0) / x.length;
      const testMse =
        f.reduce((t, v, i) => t + (v - Math.sin(grid[i] as number)) ** 2, 0) / f.length;
      let norm = 0;
      for (const v of a.data) norm += v * v;
      onRow({
        N,
        label: k === 0 ? `N = ${N} (n/4)` : k === 1 ? `N = n = ${N}` : `N = ${N} (40n)`,
        trainMse,
        testMse,
        norm: Math.sqrt(norm),
        curve: grid.map((gx, i) => ({ x: gx, f: f[i] as number })),
      });
      report({ done: k + 1 });
      // Let the page paint between fits.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  },
  nodeScript: (inputs) => `${scriptHeader({
    what: `The 1-D interpolant of random Fourier features at N = n/4, n and 40n (n = ${inputs.n}).`,
    packages: ['@overparam/random-features', '@overparam/tensor'],
  })}
import { leastSquaresFit } from '@overparam/random-features';
import { createRng } from '@overparam/tensor';

const { n, ridge, sigma, noise, seed } = ${literal(inputs)};
const data = createRng(seed, 1);
const x = Array.from({ length: n }, () => (2 * data.uniform() - 1) * Math.PI);
const y = x.map((v) => Math.sin(v) + noise * data.normal());
const counts = ${literal(featureCounts(inputs.n))};
const rng = createRng(seed, 2);
const maxN = counts.at(-1);
const w = Float64Array.from({ length: maxN }, () => Math.tan(Math.PI * (rng.uniform() - 0.5)) / sigma);
const b = Float64Array.from({ length: maxN }, () => 2 * Math.PI * rng.uniform());
const features = (xs, N) => ({
  rows: xs.length,
  cols: N,
  data: Float64Array.from({ length: xs.length * N }, (_, k) =>
    Math.sqrt(2 / N) * Math.cos(w[k % N] * xs[Math.floor(k / N)] + b[k % N])),
});
const grid = Array.from({ length: ${GRID_POINTS} }, (_, i) => -Math.PI + (2 * Math.PI * i) / ${GRID_POINTS - 1});
for (const N of counts) {
  const { a } = leastSquaresFit(features(x, N), Float64Array.from(y), { ridge });
  const predict = (xs) => {
    const phi = features(xs, N);
    return xs.map((_, i) => a.data.reduce((s, aj, j) => s + phi.data[i * N + j] * aj, 0));
  };
  const train = predict(x).reduce((t, v, i) => t + (v - y[i]) ** 2, 0) / n;
  const dist = predict(grid).reduce((t, v, i) => t + (v - Math.sin(grid[i])) ** 2, 0) / grid.length;
  const norm = Math.hypot(...a.data);
  console.log(\`N = \${N}: train MSE \${train.toPrecision(3)}, distance to sin x \${dist.toPrecision(3)}, ‖a‖ \${norm.toPrecision(3)}\`);
}
`,
};
