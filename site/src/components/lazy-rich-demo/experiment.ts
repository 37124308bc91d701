// The experiment behind the Lazy and rich training demo, its static figure and its e2e check:
// the same MLP (same initSeed) trained by full-batch GD on the lazily scaled output
// α·(f(θ) − f(θ₀)) with the loss divided by α² (Chizat, Oyallon, Bach 2019), once per α,
// measuring how far the weights and the empirical NTK move and what function it learned on the
// circle. Pure: no React, no DOM.
import {
  type ColumnSpec,
  type Experiment,
  formatValue,
  literal,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import {
  createMlp,
  createRng,
  DEFAULT_WORK_BUDGET,
  DivergenceError,
  type Measurement,
  type MlpActivation,
  train,
} from './lib';

export const ACTIVATIONS = ['tanh', 'relu', 'erf'] as const;
/** The α of the comparison, from the rich regime (¼) to the lazy one (16). */
export const COMPARE_ALPHAS = [0.25, 1, 16] as const;
/** The learned function is drawn at θ = 2πj/GRID, j = 0…GRID (the last point closes the circle). */
export const GRID = 64;
/** σ_b of the network: a small bias, so that f(θ₀) is not odd in x. */
const B_STD = 0.2;

/** The demo's inputs; the keys are the page's URL parameters. */
export interface LazyRichInputs {
  /** Lazy scale α of the reader's own run. */
  alpha: number;
  /** Compare α ∈ COMPARE_ALPHAS (plus `alpha`); off: `alpha` alone. */
  sweep: boolean;
  /** Hidden width m. */
  width: number;
  /** Training points n on the unit circle (the loss normalization is c = n). */
  n: number;
  /** Hidden layers L. */
  depth: number;
  act: MlpActivation;
  /** Effective step η̃ = η/c. */
  effectiveStep: number;
  steps: number;
  /** Measure every k steps. */
  every: number;
  /** Frequency k of the target y = sin(kθ). */
  freq: number;
  /** initSeed of the network. */
  seed: number;
}

/** One measured step of one run (a row of the results). */
export interface LazyRichRow {
  alpha: number;
  step: number;
  /** (1/(2n))·Σ(h − y)², h = α(f − f₀): the squared loss of the trained output. */
  loss: number;
  /** (1/(2·GRID))·Σ_j (h(θ_j) − sin kθ_j)² over the whole circle. */
  circleLoss: number;
  /** ‖θ_t − θ₀‖/‖θ₀‖. */
  weightChange: number;
  /** α·‖θ_t − θ₀‖: constant in α in the lazy regime. */
  scaledDistance: number;
  /** ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F on the training points. */
  ntkChange: number;
  /** h(θ_j) at θ_j = 2πj/GRID, j = 0…GRID: the learned function (not a table column). */
  f: number[];
  /** True on the last row of a run whose loss became non-finite. */
  diverged: boolean;
}

/** The α a run trains, ascending: the comparison plus the reader's α, or that α alone. */
export function alphasOf(inputs: Pick<LazyRichInputs, 'alpha' | 'sweep'>): number[] {
  const list = inputs.sweep ? [...COMPARE_ALPHAS, inputs.alpha] : [inputs.alpha];
  return [...new Set(list)].sort((a, b) => a - b);
}

/** The angles θ_j = 2πj/GRID of the learned-function chart. */
export function gridAngles(): number[] {
  return Array.from({ length: GRID + 1 }, (_, j) => (2 * Math.PI * j) / GRID);
}

/**
 * The data: n points x_i = (cos θ_i, sin θ_i) at evenly spaced angles θ_i = 2πi/n with a fixed
 * small jitter (seed 0), targets y_i = sin(kθ_i): a Fourier mode of the circle, an eigenfunction
 * of every rotation-invariant kernel, the NTK included.
 */
export function lazyRichData(n: number, frequency: number) {
  const rng = createRng(0);
  const theta: number[] = [];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = ((i + 0.3 * (rng.uniform() - 0.5)) / n) * 2 * Math.PI;
    theta.push(t);
    X.push([Math.cos(t), Math.sin(t)]);
    y.push(Math.sin(frequency * t));
  }
  return { theta, X, y };
}

/**
 * The flops one run's `train` call is charged (its documented estimate, TrainOptions.budget), so
 * that `check` refuses what train would refuse with a WorkBudgetError, and says what to lower.
 */
export function runFlops(inputs: LazyRichInputs): number {
  const { width: m, depth, n, steps, every } = inputs;
  const weights = 2 * m + (depth - 1) * m * m + m;
  const params = weights + depth * m + 1;
  const hidden = depth * m;
  const fanIns = 2 + (depth - 1) * m + m;
  const ntk = 2 * (2 * n) * weights * 2 + 2 * n * n * (fanIns + hidden);
  const measured = Math.floor(Math.max(steps - 1, 0) / every) + 2;
  const perMeasure = 2 * (n + GRID + 1) * params + 4 * params + ntk;
  return 6 * n * params * steps + measured * perMeasure;
}

const COLUMNS: readonly ColumnSpec<LazyRichRow>[] = [
  { key: 'alpha', label: 'α' },
  { key: 'step', label: 'Step', format: 'integer' },
  {
    key: 'loss',
    label: 'Training loss',
    format: (v, row: LazyRichRow) => (row.diverged ? 'diverged' : formatValue(v)),
  },
  { key: 'circleLoss', label: 'Loss on the circle' },
  { key: 'weightChange', label: '‖θ − θ₀‖/‖θ₀‖' },
  { key: 'scaledDistance', label: 'α·‖θ − θ₀‖' },
  { key: 'ntkChange', label: 'NTK change' },
];

const INPUTS: Experiment<LazyRichInputs, LazyRichRow>['inputs'] = [
  {
    key: 'alpha',
    label: 'Lazy scale α',
    description: 'Large α: lazy (kernel regime); small α: rich. Joins ¼, 1 and 16 when comparing.',
    type: 'number',
    default: 1,
    min: 1 / 16,
    max: 256,
    logSlider: true,
  },
  {
    key: 'sweep',
    label: 'Compare with α = ¼, 1, 16',
    description: 'Off: train only your α.',
    type: 'boolean',
    default: true,
  },
  {
    key: 'width',
    label: 'Width m',
    description: 'Units per hidden layer: a wider network is lazier at the same α.',
    type: 'integer',
    default: 128,
    min: 8,
    max: 1024,
    logSlider: true,
  },
  {
    key: 'effectiveStep',
    label: 'Effective step η̃ = η/n',
    description: 'GD on the linearized model needs η̃ < 2/λ_max(Θ₀) ≈ 0.37 at the defaults.',
    type: 'number',
    default: 0.1,
    min: 0.001,
    max: 2,
    step: 0.001,
    slider: false,
    advanced: true,
  },
  {
    key: 'steps',
    label: 'Steps',
    description: 'Full-batch gradient-descent steps.',
    type: 'integer',
    default: 200,
    min: 10,
    max: 3000,
    step: 10,
    slider: false,
    advanced: true,
  },
  {
    key: 'every',
    label: 'Measure every k steps',
    description: 'Each measurement: the weights, the empirical NTK and the function on the circle.',
    type: 'integer',
    default: 20,
    min: 1,
    max: 500,
    slider: false,
    advanced: true,
  },
  {
    key: 'act',
    label: 'Activation',
    description: 'Of every hidden layer.',
    type: 'choice',
    choices: ACTIVATIONS,
    default: 'tanh',
    advanced: true,
  },
  {
    key: 'depth',
    label: 'Hidden layers L',
    description: 'The readout layer comes on top.',
    type: 'integer',
    default: 2,
    min: 1,
    max: 4,
    advanced: true,
  },
  {
    key: 'n',
    label: 'Training points n',
    description: 'On the unit circle, at nearly even angles.',
    type: 'integer',
    default: 24,
    min: 4,
    max: 200,
    slider: false,
    advanced: true,
  },
  {
    key: 'freq',
    label: 'Target frequency k',
    description: 'The target is y = sin(kθ).',
    type: 'integer',
    default: 3,
    min: 1,
    max: 10,
    advanced: true,
  },
  seedInput({
    key: 'seed',
    label: 'initSeed',
    description: 'The same initial weights for every α.',
    default: 1,
  }),
];

async function run(
  inputs: LazyRichInputs,
  { signal, onRow, report }: Parameters<Experiment<LazyRichInputs, LazyRichRow>['run']>[1],
): Promise<void> {
  const { n, width, depth, act, effectiveStep, steps, every, freq, seed } = inputs;
  const alphas = alphasOf(inputs);
  const data = lazyRichData(n, freq);
  const angles = gridAngles();
  const Xtest = angles.map((t) => [Math.cos(t), Math.sin(t)]);
  const ytest = angles.map((t) => Math.sin(freq * t));
  const measured = Math.floor(Math.max(steps - 1, 0) / every) + 2;
  const diverged: number[] = [];
  for (const [i, alpha] of alphas.entries()) {
    report({ done: i * measured, message: `Training α = ${formatValue(alpha)}…` });
    const net = createMlp({
      inputDim: 2,
      width,
      depth,
      activation: act,
      bStd: B_STD,
      initSeed: seed,
    });
    // The trained output h on the circle, read back at each measured step; its loss is the value.
    let f: number[] = [];
    const circle: Measurement = async (ctx) => {
      const h = ctx.output(ctx.params, 'test');
      f = Array.from(await h.data());
      h.dispose();
      return f.reduce((s, v, j) => s + (v - (ytest[j] as number)) ** 2, 0) / (2 * f.length);
    };
    let count = 0;
    try {
      await train(
        net,
        { X: data.X, y: data.y, Xtest, ytest },
        {
          steps,
          learningRate: effectiveStep * n,
          lossNormalization: 'mean',
          lazyScale: alpha,
          measureEvery: every,
          measure: ['trainLoss', 'weightChange', 'weightDistance', 'ntkChange'],
          measurements: { circleLoss: circle },
          signal,
          onProgress: (p) => {
            onRow({
              alpha,
              step: p.step,
              loss: p.trainLoss as number,
              circleLoss: p.circleLoss as number,
              weightChange: p.weightChange as number,
              scaledDistance: alpha * (p.weightDistance as number),
              ntkChange: p.ntkChange as number,
              f,
              diverged: false,
            });
            count += 1;
            report({
              done: i * measured + count,
              message: `α = ${formatValue(alpha)}, step ${p.step}`,
            });
          },
        },
      );
    } catch (error) {
      if (signal.aborted || !(error instanceof DivergenceError)) throw error;
      onRow({
        alpha,
        step: error.step,
        loss: Number.NaN,
        circleLoss: Number.NaN,
        weightChange: Number.NaN,
        scaledDistance: Number.NaN,
        ntkChange: Number.NaN,
        f: [],
        diverged: true,
      });
      diverged.push(alpha);
    } finally {
      net.dispose();
    }
  }
  report({
    done: alphas.length * measured,
    message: diverged.length
      ? `α = ${diverged.map((a) => formatValue(a)).join(', ')} diverged: lower the effective step`
      : `${alphas.length} runs of ${steps} steps`,
  });
}

function nodeScript(inputs: LazyRichInputs): string {
  const { n, width, depth, act, effectiveStep, steps, every, freq, seed } = inputs;
  return `${scriptHeader({
    what: `Lazy and rich training: an MLP trained on α·(f − f₀) for α = ${alphasOf(inputs).join(', ')}.`,
    packages: ['@overparam/train', '@overparam/tensor'],
  })}
import { createRng, initBackend } from '@overparam/tensor';
import { createMlp, train } from '@overparam/train';

await initBackend('wasm'); // the page's numbers; initBackend() alone tries webgpu first

// n points on the unit circle at nearly even angles (a fixed jitter, seed 0), y = sin(kθ).
const n = ${literal(n)};
const rng = createRng(0);
const theta = Array.from({ length: n }, (_, i) => ((i + 0.3 * (rng.uniform() - 0.5)) / n) * 2 * Math.PI);
const X = theta.map((t) => [Math.cos(t), Math.sin(t)]);
const y = theta.map((t) => Math.sin(${literal(freq)} * t));

const rows = [];
for (const alpha of ${literal(alphasOf(inputs))}) {
  // The same initial weights for every α.
  const net = createMlp(${literal({ inputDim: 2, width, depth, activation: act, bStd: B_STD, initSeed: seed })});
  await train(net, { X, y }, {
    steps: ${literal(steps)},
    learningRate: ${literal(effectiveStep)} * n, // η, so that η̃ = η/c = ${effectiveStep} with c = n ('mean')
    lossNormalization: 'mean',
    lazyScale: alpha, // trains α·(f − f₀) on the loss divided by α²
    measureEvery: ${literal(every)},
    measure: ['trainLoss', 'weightChange', 'weightDistance', 'ntkChange'],
    onProgress: (p) =>
      rows.push({
        alpha,
        step: p.step,
        loss: p.trainLoss,
        weightChange: p.weightChange,
        scaledDistance: alpha * p.weightDistance,
        ntkChange: p.ntkChange,
      }),
  });
  net.dispose();
}
console.table(rows);
`;
}

/** The lazy/rich comparison as a demo-kit experiment. */
export const lazyRichExperiment: Experiment<LazyRichInputs, LazyRichRow> = {
  id: 'lazy-rich',
  title:
    'One row per run and measured step: α, step, the losses, the weight change, α·‖θ − θ₀‖ and the NTK change',
  inputs: INPUTS,
  columns: COLUMNS,
  check: (inputs) => {
    const flops = runFlops(inputs);
    if (flops > DEFAULT_WORK_BUDGET.maxFlops)
      return `One run would take about ${flops.toExponential(1)} floating-point operations, over the ${DEFAULT_WORK_BUDGET.maxFlops.toExponential(0)} a run may take: lower the width, the steps or n, or measure less often.`;
    return null;
  },
  total: (inputs) =>
    alphasOf(inputs).length * (Math.floor(Math.max(inputs.steps - 1, 0) / inputs.every) + 2),
  run,
  nodeScript,
};
