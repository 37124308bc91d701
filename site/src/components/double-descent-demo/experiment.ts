// The experiment behind the Double descent page: random-features least squares on MNIST (or a
// synthetic teacher) for every N of a log grid through the interpolation threshold N = n,
// streamed one fit at a time. Pure: the page, its e2e check and the Node script share it.
import { type ColumnSpec, type Experiment, literal, scriptHeader } from '../demo-kit/experiment';
import {
  doubleDescent,
  type FeatureKind,
  type FitData,
  type FitPoint,
  featureGrid,
  linearTeacher,
  loadMnist,
  mnistSplit,
  nonlinearTeacher,
} from './lib';
import { coordinateFeatures } from './linear-features';

export const DATASETS = ['mnist', 'teacher', 'linear'] as const;
export type DatasetName = (typeof DATASETS)[number];
export const KINDS = ['fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1', 'relu'] as const;
export const PRECISIONS = ['auto', 'float64', 'float32-gram'] as const;
export const MNIST_DIGITS = 10_000;

/** The nonlinear teacher of the 'teacher' preset (Mei & Montanari's target): F₁², F*², τ. */
export const TEACHER = { linearEnergy: 1, nonlinearEnergy: 1, noiseStd: 0.3 } as const;
/** The linear preset: x ~ N(0, I_P), ‖β‖ = 1, noise σ = 0.5 (SNR 4), P = the largest N. */
export const LINEAR = { signalNorm: 1, noiseStd: 0.5 } as const;
/**
 * Seeds of the synthetic teachers and their samples, kept apart from the feature seeds (0–9) for
 * readability only: every generator draws from its own stream (datasets' DATASET_STREAMS,
 * random-features' FEATURE_STREAM), so equal values would give independent numbers too.
 */
export const SYNTHETIC_SEEDS = { teacherSeed: 7919, train: 7920, test: 7921 } as const;
/** The linear preset holds P·(n + test) floats of data: beyond this it is refused. */
const LINEAR_MAX_FLOATS = 2e7;

/** The settings of one sweep (the page's URL parameters). */
export interface DoubleDescentInputs {
  data: DatasetName;
  dim: number;
  n: number;
  test: number;
  kind: FeatureKind;
  sigma: number;
  ridge: number;
  seeds: number;
  points: number;
  span: number;
  precision: (typeof PRECISIONS)[number];
  theory: boolean;
}

/** The N of a sweep: log-spaced from n/span to span·n, through N = n. */
export function sweepGrid(inputs: Pick<DoubleDescentInputs, 'n' | 'span' | 'points'>): number[] {
  const { n, span, points } = inputs;
  return featureGrid({ n, min: Math.max(1, Math.round(n / span)), max: span * n, points });
}

/** The test samples a sweep actually uses (MNIST has 10,000 digits in all). */
export function testCount(inputs: Pick<DoubleDescentInputs, 'data' | 'n' | 'test'>): number {
  return inputs.data === 'mnist' ? Math.min(inputs.test, MNIST_DIGITS - inputs.n) : inputs.test;
}

/** The dimension P of the linear preset: the largest N of the sweep. */
export function linearDim(grid: readonly number[]): number {
  return Math.max(1, grid.at(-1) ?? 1);
}

const KIND_LABELS: Record<FeatureKind, string> = {
  'fourier-gaussian': 'Fourier, Gaussian kernel',
  'fourier-laplace': 'Fourier, Laplace kernel (L2)',
  'fourier-laplace-l1': 'Fourier, Laplace kernel (L1)',
  relu: 'ReLU (arc-cosine kernel)',
};

const COLUMNS: readonly ColumnSpec<FitPoint>[] = [
  { key: 'N', label: 'N', format: 'integer' },
  { key: 'seed', label: 'Seed', format: 'integer' },
  { key: 'testMse', label: 'Test MSE' },
  { key: 'trainMse', label: 'Train MSE' },
  { key: 'testError01', label: 'Test error', format: 'percent' },
  { key: 'norm', label: '‖a‖' },
  {
    key: 'precision',
    label: 'Path',
    format: (_v, row: FitPoint) => `${row.precision} ${row.form} ${row.solver}`,
  },
  { key: 'condition', label: 'κ', digits: 2 },
  { key: 'seconds', label: 'Time (s)', format: 'seconds' },
  { key: 'n', label: 'n', exportOnly: true },
  { key: 'ridge', label: 'ridge', exportOnly: true },
  { key: 'trainError01', label: 'train error', exportOnly: true },
  { key: 'form', label: 'form', exportOnly: true },
  { key: 'solver', label: 'solver', exportOnly: true },
  { key: 'rank', label: 'rank', exportOnly: true },
  { key: 'cutoff', label: 'cutoff', exportOnly: true },
];

/** The MNIST digits, loaded once per page (the sweep re-runs on every change). */
let digitsCache: Promise<Awaited<ReturnType<typeof loadMnist>>> | null = null;
function cachedMnist(url: string | undefined, signal: AbortSignal) {
  if (!digitsCache) {
    digitsCache = loadMnist(url ? { url } : {});
    digitsCache.catch(() => {
      digitsCache = null;
    });
  }
  return signal.aborted ? Promise.reject(signal.reason) : digitsCache;
}

async function makeData(
  inputs: DoubleDescentInputs,
  grid: readonly number[],
  signal: AbortSignal,
  mnistUrl: string | undefined,
): Promise<FitData> {
  const test = testCount(inputs);
  if (inputs.data === 'mnist') {
    const digits = await cachedMnist(mnistUrl, signal);
    return mnistSplit(digits, { nTrain: inputs.n, nTest: test, dataSeed: 0, pixels: 'binary' });
  }
  const teacher =
    inputs.data === 'teacher'
      ? nonlinearTeacher({ d: inputs.dim, ...TEACHER, teacherSeed: SYNTHETIC_SEEDS.teacherSeed })
      : linearTeacher({ d: linearDim(grid), ...LINEAR, teacherSeed: SYNTHETIC_SEEDS.teacherSeed });
  return {
    train: teacher.sample({ n: inputs.n, dataSeed: SYNTHETIC_SEEDS.train }),
    test: teacher.sample({ n: test, dataSeed: SYNTHETIC_SEEDS.test }),
  };
}

function nodeScript(inputs: DoubleDescentInputs): string {
  const grid = sweepGrid(inputs);
  const test = testCount(inputs);
  const featureMap =
    inputs.data === 'linear'
      ? 'coordinateFeatures'
      : literal({ kind: inputs.kind, lengthScale: inputs.sigma });
  const data =
    inputs.data === 'mnist'
      ? `mnistSplit(await loadMnist(), ${literal({ nTrain: inputs.n, nTest: test, dataSeed: 0, pixels: 'binary' })})`
      : `(() => {
  const t = ${
    inputs.data === 'teacher'
      ? `nonlinearTeacher(${literal({ d: inputs.dim, ...TEACHER, teacherSeed: SYNTHETIC_SEEDS.teacherSeed })})`
      : `linearTeacher(${literal({ d: linearDim(grid), ...LINEAR, teacherSeed: SYNTHETIC_SEEDS.teacherSeed })})`
  };
  return {
    train: t.sample(${literal({ n: inputs.n, dataSeed: SYNTHETIC_SEEDS.train })}),
    test: t.sample(${literal({ n: test, dataSeed: SYNTHETIC_SEEDS.test })}),
  };
})()`;
  const imports =
    inputs.data === 'mnist'
      ? 'loadMnist, mnistSplit'
      : inputs.data === 'teacher'
        ? 'nonlinearTeacher'
        : 'linearTeacher';
  const coordinate =
    inputs.data === 'linear'
      ? `
// The linear preset's "features": the first N coordinates of x, scaled by 1/√total (the
// isotropic linear model of Hastie, Montanari, Rosset & Tibshirani).
const coordinateFeatures = ({ N, offset, total }) => ({
  gpu: (X) => tf.tidy(() => tf.mul(tf.slice(X, [0, offset], [X.shape[0], N]), 1 / Math.sqrt(total))),
  dispose: () => {},
});
`
      : '';
  return `${scriptHeader({
    what: `Double descent: random-features least squares on ${inputs.data === 'mnist' ? 'MNIST' : `the ${inputs.data} preset`}, N through n = ${inputs.n}.`,
    packages: ['@overparam/random-features', '@overparam/datasets', '@overparam/tensor'],
  })}
import { ${imports} } from '@overparam/datasets';
import { doubleDescent } from '@overparam/random-features';
import { initBackend } from '@overparam/tensor';
${inputs.data === 'linear' ? "import * as tf from '@tensorflow/tfjs-core';\n" : ''}${coordinate}
await initBackend(); // webgpu if Dawn finds an adapter, else wasm
const data = ${data};
console.log('N\\ttest MSE\\ttrain MSE\\t‖a‖\\tpath');
await doubleDescent({
  data,
  featureCounts: ${literal(grid)},
  featureSeeds: ${literal(Array.from({ length: inputs.seeds }, (_, i) => i))},
  ridge: ${literal(inputs.ridge)},
  precision: ${literal(inputs.precision)},
  featureMap: ${featureMap},
  onPoint: (p) =>
    console.log([p.N, p.testMse.toPrecision(3), p.trainMse.toPrecision(3), p.norm.toPrecision(3), p.precision].join('\\t')),
});
`;
}

/** The double-descent sweep as a demo-kit experiment. */
export const doubleDescentExperiment: Experiment<DoubleDescentInputs, FitPoint> = {
  id: 'double-descent',
  title: 'One row per fit: N, seed, test and train MSE, test 0–1 error, ‖a‖ and the solve’s path',
  runLabel: 'Run sweep',
  inputs: [
    {
      key: 'n',
      label: 'Training samples n',
      description: 'The interpolation threshold sits at N = n.',
      type: 'integer',
      default: 400,
      min: 10,
      max: 2000,
      step: 10,
      logSlider: true,
    },
    {
      key: 'ridge',
      label: 'Ridge λ',
      description: '0: minimum-norm least squares. Try 0.1 or 1: the peak goes.',
      type: 'number',
      default: 0,
      min: 0,
      max: 100,
      step: 0.01,
      slider: false,
    },
    {
      key: 'data',
      label: 'Data set',
      description: 'MNIST digits, or a synthetic model with a theory curve.',
      type: 'choice',
      choices: DATASETS,
      choiceLabels: {
        mnist: 'MNIST digits (10 classes, one-hot)',
        teacher: 'Synthetic: nonlinear teacher on the sphere',
        linear: 'Synthetic: Gaussian linear model (HMRT)',
      },
      default: 'mnist',
    },
    {
      key: 'dim',
      label: 'Input dimension d',
      description: "Of the teacher on the sphere of radius √d (Mei & Montanari's d).",
      type: 'integer',
      default: 10,
      min: 2,
      max: 200,
      advanced: true,
      shown: (v) => v.data === 'teacher',
    },
    {
      key: 'test',
      label: 'Test samples',
      description: 'MNIST: at most 10,000 − n digits remain.',
      type: 'integer',
      default: 500,
      min: 10,
      max: 5000,
      step: 10,
      advanced: true,
    },
    {
      key: 'kind',
      label: 'Feature map',
      description: 'Random Fourier features of a kernel, or ReLU features.',
      type: 'choice',
      choices: KINDS,
      choiceLabels: KIND_LABELS,
      default: 'fourier-gaussian',
      advanced: true,
      shown: (v) => v.data !== 'linear',
    },
    {
      key: 'sigma',
      label: 'Bandwidth σ',
      description: 'Of the Fourier features (MNIST: 5; teacher: 3).',
      type: 'number',
      default: 5,
      min: 0.1,
      max: 100,
      step: 0.1,
      slider: false,
      advanced: true,
      shown: (v) => v.data !== 'linear',
    },
    {
      key: 'seeds',
      label: 'Seeds',
      description: 'Feature draws; the curve is their mean.',
      type: 'integer',
      default: 1,
      min: 1,
      max: 10,
      advanced: true,
    },
    {
      key: 'points',
      label: 'Grid points',
      description: 'Log-spaced values of N, through N = n.',
      type: 'integer',
      default: 16,
      min: 4,
      max: 60,
      advanced: true,
    },
    {
      key: 'span',
      label: 'Span',
      description: 'N runs from n/span to span·n.',
      type: 'integer',
      default: 10,
      min: 2,
      max: 50,
      advanced: true,
    },
    {
      key: 'precision',
      label: 'Precision',
      description: 'How the Gram matrix of each solve is formed.',
      type: 'choice',
      choices: PRECISIONS,
      choiceLabels: {
        auto: 'auto (float64 near N = n)',
        float64: 'float64 everywhere',
        'float32-gram': 'float32 Gram everywhere (wrong at N = n)',
      },
      default: 'auto',
      advanced: true,
    },
    {
      key: 'theory',
      label: 'Theory overlay',
      description: 'Dashed limit curves on the synthetic data sets.',
      type: 'boolean',
      default: true,
      advanced: true,
    },
  ],
  columns: COLUMNS,
  check: (inputs) => {
    const test = testCount(inputs);
    if (test < 1) return 'No MNIST digits left for a test set: lower n.';
    if (inputs.data === 'linear') {
      const floats = linearDim(sweepGrid(inputs)) * (inputs.n + test);
      if (floats > LINEAR_MAX_FLOATS)
        return `The linear preset holds P·(n + test) = ${floats} numbers (P = the largest N): lower n, the span or the test samples.`;
    }
    return null;
  },
  total: (inputs) => sweepGrid(inputs).length * inputs.seeds,
  run: async (inputs, { signal, onRow, report, env }) => {
    const grid = sweepGrid(inputs);
    report({ message: inputs.data === 'mnist' ? 'Loading the MNIST digits…' : 'Drawing data…' });
    const data = await makeData(inputs, grid, signal, env.mnistUrl);
    report({ message: 'Sweeping N…' });
    await doubleDescent({
      data,
      featureCounts: grid,
      featureSeeds: Array.from({ length: inputs.seeds }, (_, i) => i),
      ridge: inputs.ridge,
      precision: inputs.precision,
      featureMap:
        inputs.data === 'linear'
          ? coordinateFeatures
          : { kind: inputs.kind, lengthScale: inputs.sigma },
      signal,
      onPoint: (p, { done }) => {
        onRow(p);
        report({ done, message: `N = ${p.N}: test MSE ${p.testMse.toPrecision(3)}` });
      },
    });
    report({ message: `${grid.length * inputs.seeds} fits, threshold N = n = ${inputs.n}` });
  },
  nodeScript,
};
