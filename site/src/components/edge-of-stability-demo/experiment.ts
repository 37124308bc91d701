// The experiment behind the Edge of stability demo, its static figure and its e2e check: a tanh
// MLP trained by full-batch GD with effective step η̃ = η/c (c = n), its sharpness c·λ_max(∇²L)
// measured along the way, and the linearized model at initialization run at the same η̃ and just
// below and just above its threshold 2/λ_max(Θ₀). Pure: no React, no DOM.
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
  DEFAULT_WORK_BUDGET,
  DivergenceError,
  edgeOfStabilityData,
  empiricalNtk,
  fromTensor,
  type LinearizedGdResult,
  linearizedGd,
  type Measurement,
  sharpnessMeasurement,
  stepSizeThresholds,
  train,
} from './lib';

/** Input dimension d of the data x ~ N(0, I_d). */
export const D = 10;
/** Multiples of 2/λ_max(Θ₀) at which the linearized model is run. */
export const LINEARIZED_FRACTIONS = [0.98, 1.02] as const;
/** Power iterations of one sharpness measurement at least (the package's default). */
const MIN_POWER_ITERATIONS = 20;

/** The demo's inputs; the keys are the page's URL parameters. */
export interface EosInputs {
  /** Effective step η̃ = η/c. */
  effectiveStep: number;
  steps: number;
  width: number;
  /** Hidden layers L. */
  depth: number;
  /** Training points n (the loss normalization is c = n). */
  n: number;
  /** Sharpness every k steps. */
  every: number;
  dataSeed: number;
  initSeed: number;
}

/** One step t of the run (a row of the results). */
export interface EosRow {
  step: number;
  /** L(θ_t) = (1/(2n))·Σ(f − y)² of the network (Infinity on the row where it diverged). */
  loss: number;
  /** c·λ_max(∇²L(θ_t)), to compare with 2/η̃; null at steps where it was not measured. */
  sharpness: number | null;
  /** Loss of GD on the linearized model at the same η̃ after t steps (null once it blew up). */
  linearized: number | null;
  /** The same at 0.98 × and 1.02 × 2/λ_max(Θ₀). */
  linBelow: number | null;
  linAbove: number | null;
  /** λ_min(Θ₀), λ_max(Θ₀) and the linearized model's threshold 2/λ_max(Θ₀) (the same on every row). */
  lambdaMin: number;
  lambdaMax: number;
  threshold: number;
  /** True on the last row of a run whose network diverged. */
  diverged: boolean;
}

/** Parameters of the MLP (weights and biases) on d inputs. */
function paramCount({ width: m, depth }: Pick<EosInputs, 'width' | 'depth'>): number {
  return D * m + (depth - 1) * m * m + m + depth * m + 1;
}

/**
 * The flops of one run: train's own estimate (6·n·P per step, and 2·n·P + 4P per measured step;
 * TrainOptions.budget) plus the sharpness measurements (≥ 20 Hessian-vector products of ~8·n·P
 * flops each, mlpSharpness's estimate), so that `check` refuses what would not run (or would run
 * for an hour) and says what to lower.
 */
export function runFlops(inputs: EosInputs): number {
  const { n, steps, every } = inputs;
  const P = paramCount(inputs);
  const sharpnessCount = Math.floor(steps / every) + 2;
  return (
    6 * n * P * steps +
    (steps + 2) * (2 * n * P + 4 * P) +
    sharpnessCount * MIN_POWER_ITERATIONS * 8 * n * P
  );
}

const COLUMNS: readonly ColumnSpec<EosRow>[] = [
  { key: 'step', label: 'Step', format: 'integer' },
  { key: 'sharpness', label: 'Sharpness c·λ_max(∇²L)' },
  {
    key: 'loss',
    label: 'Loss',
    format: (v, row: EosRow) => (row.diverged ? 'diverged' : formatValue(v)),
  },
  { key: 'linearized', label: 'Linearized, same η̃' },
  { key: 'linBelow', label: 'Linearized, 0.98 × 2/λ_max' },
  { key: 'linAbove', label: 'Linearized, 1.02 × 2/λ_max' },
  { key: 'lambdaMin', label: 'λ_min(Θ₀)', exportOnly: true },
  { key: 'lambdaMax', label: 'λ_max(Θ₀)', exportOnly: true },
  { key: 'threshold', label: '2/λ_max(Θ₀)', exportOnly: true },
];

const INPUTS: Experiment<EosInputs, EosRow>['inputs'] = [
  {
    key: 'effectiveStep',
    label: 'Effective step η̃ = η/c',
    description: 'The network sharpens to 2/η̃. Try 0.2 (a catapult) or 0.05 (the edge at 40).',
    type: 'number',
    default: 0.1,
    min: 0.01,
    max: 0.5,
    step: 0.01,
  },
  {
    key: 'steps',
    label: 'Steps',
    description: 'Full-batch gradient-descent steps.',
    type: 'integer',
    default: 300,
    min: 20,
    max: 2000,
    step: 10,
  },
  {
    key: 'width',
    label: 'Width',
    description: 'Of each hidden tanh layer (NTK parameterization).',
    type: 'integer',
    default: 32,
    min: 4,
    max: 256,
    logSlider: true,
  },
  {
    key: 'depth',
    label: 'Hidden layers L',
    description: 'Three layers of weights at L = 2.',
    type: 'integer',
    default: 2,
    min: 1,
    max: 4,
    advanced: true,
  },
  {
    key: 'n',
    label: 'Training points n',
    description: `x ~ N(0, I_${D}), y = sin(2x₁) + cos(x₂x₃); c = n.`,
    type: 'integer',
    default: 100,
    min: 10,
    max: 500,
    step: 10,
    advanced: true,
  },
  {
    key: 'every',
    label: 'Sharpness every k steps',
    description: 'Each measurement: at least 20 Hessian-vector products.',
    type: 'integer',
    default: 20,
    min: 1,
    max: 100,
    advanced: true,
  },
  seedInput({
    key: 'dataSeed',
    label: 'dataSeed',
    description: 'Seed of the training points.',
    default: 7,
  }),
  seedInput({
    key: 'initSeed',
    label: 'initSeed',
    description: 'Seed of the initial weights.',
    default: 3,
  }),
];

/** A run's loss at step t, or null when it stopped (blew up) before t. */
function lossAt(run: LinearizedGdResult, t: number): number | null {
  return run.loss[t] ?? null;
}

async function run(
  s: EosInputs,
  { signal, onRow, report }: Parameters<Experiment<EosInputs, EosRow>['run']>[1],
): Promise<void> {
  report({ message: 'Empirical NTK at initialization and the linearized model…' });
  // Stream 0: the stream the demo has always drawn, so its figures did not move.
  const { X, Y } = edgeOfStabilityData({ n: s.n, d: D, dataSeed: s.dataSeed, stream: 0 });
  const net = createMlp({
    inputDim: D,
    width: s.width,
    depth: s.depth,
    activation: 'tanh',
    initSeed: s.initSeed,
  });
  try {
    // Θ₀ and f₀ at initialization: the linearized model's kernel and offset (Θ₀ symmetrized:
    // float32 rounding leaves it a few ulps off).
    const ntkTensor = empiricalNtk(net, X);
    const ntk = await fromTensor(ntkTensor);
    ntkTensor.dispose();
    for (let i = 0; i < s.n; i++) {
      for (let j = i + 1; j < s.n; j++) {
        const v = 0.5 * ((ntk.data[i * s.n + j] as number) + (ntk.data[j * s.n + i] as number));
        ntk.data[i * s.n + j] = v;
        ntk.data[j * s.n + i] = v;
      }
    }
    const f0Tensor = net.predict(X);
    const f0 = Array.from(await f0Tensor.data());
    f0Tensor.dispose();
    const thresholds = stepSizeThresholds(ntk, { lossNormalization: 'mean' });
    const linear = (effectiveStep: number) =>
      linearizedGd({
        ntkTrain: ntk,
        f0Train: f0,
        yTrain: Y.data,
        learningRate: effectiveStep * s.n,
        lossNormalization: 'mean',
        steps: s.steps,
      });
    const edge = thresholds.maxStableEffectiveStep;
    const mine = linear(s.effectiveStep);
    const [below, above] = LINEARIZED_FRACTIONS.map((f) => linear(f * edge)) as [
      LinearizedGdResult,
      LinearizedGdResult,
    ];
    signal.throwIfAborted();

    // The loss at every step (train measures every step), the sharpness every `every` steps and
    // at the last one: the measurement is skipped (NaN, dropped below) in between, which keeps
    // its warm start from one measured step to the next.
    const sharpness = sharpnessMeasurement({ scale: 'effective' });
    const everyK: Measurement = (ctx) =>
      ctx.step % s.every === 0 || ctx.step === s.steps ? sharpness(ctx) : Number.NaN;
    const constants = {
      lambdaMin: thresholds.lambdaMin,
      lambdaMax: thresholds.lambdaMax,
      threshold: edge,
    };
    let lastStep = 0;
    try {
      await train(
        net,
        { X, y: Y },
        {
          steps: s.steps,
          learningRate: s.effectiveStep * s.n,
          lossNormalization: 'mean',
          measureEvery: 1,
          measure: ['trainLoss'],
          // c·S under its own name: train's DivergenceError reads 'sharpness' on the loss scale.
          measurements: { effectiveSharpness: everyK },
          signal,
          onProgress: (p) => {
            const value = p.effectiveSharpness as number;
            lastStep = p.step;
            onRow({
              step: p.step,
              loss: p.trainLoss as number,
              sharpness: Number.isNaN(value) ? null : value,
              linearized: lossAt(mine, p.step),
              linBelow: lossAt(below, p.step),
              linAbove: lossAt(above, p.step),
              ...constants,
              diverged: false,
            });
            if (!Number.isNaN(value))
              report({
                done: p.step,
                message: `step ${p.step}: sharpness ${formatValue(value)} (2/η̃ = ${formatValue(2 / s.effectiveStep)})`,
              });
          },
        },
      );
      report({ done: s.steps, message: `${s.steps} steps at η̃ = ${s.effectiveStep}` });
    } catch (error) {
      if (signal.aborted || !(error instanceof DivergenceError)) throw error;
      onRow({
        step: Math.max(error.step, lastStep),
        loss: Number.POSITIVE_INFINITY,
        sharpness: null,
        linearized: lossAt(mine, error.step),
        linBelow: lossAt(below, error.step),
        linAbove: lossAt(above, error.step),
        ...constants,
        diverged: true,
      });
      report({ done: s.steps, message: `the network diverged at step ${error.step}` });
    }
  } finally {
    net.dispose();
  }
}

function nodeScript(s: EosInputs): string {
  return `${scriptHeader({
    what: `Edge of stability: a tanh MLP (width ${s.width}, ${s.depth} hidden layers) trained by full-batch GD at η̃ = ${s.effectiveStep}; its sharpness against 2/η̃ = ${formatValue(2 / s.effectiveStep)}.`,
    packages: ['@overparam/train', '@overparam/datasets', '@overparam/tensor'],
  })}
import { edgeOfStabilityData } from '@overparam/datasets';
import { fromTensor, initBackend } from '@overparam/tensor';
import {
  createMlp,
  empiricalNtk,
  linearizedGd,
  sharpnessMeasurement,
  stepSizeThresholds,
  train,
} from '@overparam/train';

await initBackend('wasm'); // the page's numbers; initBackend() alone tries webgpu first

// n points x ~ N(0, I_${D}), y = sin(2x₁) + cos(x₂x₃).
const { X, Y } = edgeOfStabilityData(${literal({ n: s.n, d: D, dataSeed: s.dataSeed, stream: 0 })});
const n = ${literal(s.n)};
const effectiveStep = ${literal(s.effectiveStep)}; // η̃ = η/c with c = n
const net = createMlp(${literal({ inputDim: D, width: s.width, depth: s.depth, activation: 'tanh', initSeed: s.initSeed })});

// The linearized model at θ₀: its threshold 2/λ_max(Θ₀), and GD at 0.98× and 1.02× of it.
const ntk = await fromTensor(empiricalNtk(net, X));
for (let i = 0; i < n; i++)
  for (let j = i + 1; j < n; j++)
    ntk.data[i * n + j] = ntk.data[j * n + i] = (ntk.data[i * n + j] + ntk.data[j * n + i]) / 2;
const f0 = Array.from(await net.predict(X).data());
const t = stepSizeThresholds(ntk, { lossNormalization: 'mean' });
const linear = (eta) =>
  linearizedGd({ ntkTrain: ntk, f0Train: f0, yTrain: Y.data, lossNormalization: 'mean', learningRate: eta * n, steps: ${literal(s.steps)} });
const [mine, below, above] = [effectiveStep, 0.98 * t.maxStableEffectiveStep, 1.02 * t.maxStableEffectiveStep].map(linear);
console.log(\`λ_max(Θ₀) = \${t.lambdaMax}, 2/λ_max = \${t.maxStableEffectiveStep}\`);

// The network: full-batch GD, the sharpness c·λ_max(∇²L) every ${s.every} steps.
const rows = [];
const sharpness = sharpnessMeasurement({ scale: 'effective' });
await train(net, { X, y: Y }, {
  steps: ${literal(s.steps)},
  learningRate: effectiveStep * n,
  lossNormalization: 'mean',
  measureEvery: ${literal(s.every)},
  measure: ['trainLoss'],
  measurements: { effectiveSharpness: sharpness },
  onProgress: (p) =>
    rows.push({
      step: p.step,
      sharpness: p.effectiveSharpness,
      loss: p.trainLoss,
      linearized: mine.loss[p.step] ?? null,
      linBelow: below.loss[p.step] ?? null,
      linAbove: above.loss[p.step] ?? null,
    }),
});
console.table(rows);
`;
}

/** The edge-of-stability run as a demo-kit experiment. */
export const edgeOfStabilityExperiment: Experiment<EosInputs, EosRow> = {
  id: 'edge-of-stability',
  title:
    'One row per step of the network: its sharpness (at the measured steps) and loss, and the loss of the linearized model at the same step',
  runLabel: 'Train',
  inputs: INPUTS,
  columns: COLUMNS,
  check: (inputs) => {
    const flops = runFlops(inputs);
    if (flops > DEFAULT_WORK_BUDGET.maxFlops)
      return `This run would take about ${flops.toExponential(1)} floating-point operations, over the ${DEFAULT_WORK_BUDGET.maxFlops.toExponential(0)} a run may take: lower the steps, the width or n, or measure the sharpness less often.`;
    return null;
  },
  total: (inputs) => inputs.steps,
  run,
  nodeScript,
};
