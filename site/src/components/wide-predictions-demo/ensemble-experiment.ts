// The experiment behind Figure 1 of docs/infinite-width-predictions.mdx, its static figure and
// its e2e check: N finite networks (createMlp, NTK parameterization, initSeeds initSeed·1000 + s)
// trained by full-batch gradient descent on eight noisy points, against the prediction of
// gradientDescentMseEnsemble for the infinitely wide network of the same architecture, step by
// step: the mean and the spread over initializations (Lee et al. 2019, eqs. (13)–(16)). The
// networks run in float32 on the page's TensorFlow.js backend; the infinite-width prediction is
// float64 on the CPU. Pure: no React, no DOM.
import {
  type ColumnSpec,
  type Experiment,
  formatValue,
  literal,
  type ParamSpec,
  pageUrl,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import { B_STD, DATA_SCRIPT, embed, GRID, N_TRAIN, PROBES, wideData } from './data';
import {
  createMlp,
  DivergenceError,
  fcKernel,
  gradientDescentMseEnsemble,
  type Measurement,
  stepSizeThresholds,
  train,
} from './lib';

export const PAGE_PATH = '/docs/infinite-width-predictions';
const ACTIVATIONS = ['erf', 'relu'] as const;
type Activation = (typeof ACTIVATIONS)[number];

/** The demo's inputs; the keys are the page's URL parameters. */
export interface WideEnsembleInputs {
  /** Hidden width m of the finite networks. */
  width: number;
  /** Networks N in the finite ensemble. */
  nets: number;
  /** Hidden layers L. */
  depth: number;
  /** σ_w. */
  wStd: number;
  act: Activation;
  /** η̃ as a fraction of the stability threshold 2/λ_max(Θ) of the infinite-width NTK. */
  stepFraction: number;
  /** Gradient-descent steps T. */
  steps: number;
  /** Record every k steps. */
  every: number;
  /** Network s is drawn from initSeed·1000 + s. */
  initSeed: number;
}

/** One recorded step: the finite ensemble against the infinite-width prediction. */
export interface WideEnsembleRow {
  step: number;
  /** Mean over the networks of their training loss (1/(2n))·Σ(f − y)². */
  netLoss: number;
  /** The same expectation for the infinitely wide network: (1/(2n))·Σ[(μᵢ − yᵢ)² + vᵢ]. */
  ntkLoss: number;
  /** At PROBES[0]: the networks' mean and standard deviation, and the predicted ones. */
  mean0: number;
  ntkMean0: number;
  sd0: number;
  ntkSd0: number;
  /** The same at PROBES[1]. */
  mean1: number;
  ntkMean1: number;
  sd1: number;
  ntkSd1: number;
  /** max over the grid and the probes of |mean − ntkMean|/(ntkSd/√N): the ensemble's error in standard errors. */
  zMax: number;
  /** The networks' outputs on GRID, one array per network (not a table column). */
  nets: number[][];
  /** The predicted mean and standard deviation on GRID (not table columns). */
  ntkMean: number[];
  ntkSd: number[];
}

/** What a run fixes besides its rows (for the summary and the e2e check). */
export interface WideEnsembleSetup {
  learningRate: number;
  effectiveStep: number;
  /** 2/λ_max(Θ), the stability threshold of η̃. */
  maxStableEffectiveStep: number;
  /** √K(x*, x*) at the probes: the NNGP prior's standard deviation, from the kernel's diagonal. */
  priorSd: [number, number];
}

export const ensembleInputs: readonly ParamSpec[] = [
  {
    key: 'width',
    label: 'Width m',
    description: 'Units per hidden layer of the finite networks; the infinite-width band stays.',
    type: 'integer',
    default: 256,
    min: 16,
    max: 2048,
    logSlider: true,
  },
  {
    key: 'nets',
    label: 'Networks N',
    description: 'Finite networks trained, each from its own random initialization.',
    type: 'integer',
    default: 16,
    min: 2,
    max: 64,
  },
  {
    key: 'depth',
    label: 'Hidden layers L',
    description: 'From L = 2 on, each step costs m² per network: lower the width.',
    type: 'integer',
    default: 1,
    min: 1,
    max: 4,
  },
  {
    key: 'wStd',
    label: 'σ_w',
    description: `Weight scale of every layer (σ_b = ${B_STD}).`,
    type: 'number',
    default: 2.8,
    min: 0.5,
    max: 4,
    step: 0.1,
  },
  {
    key: 'act',
    label: 'Activation',
    description: 'Of every hidden layer, in the networks and in the kernels.',
    type: 'choice',
    choices: ACTIVATIONS,
    choiceLabels: { erf: 'erf', relu: 'ReLU' },
    default: 'erf',
    advanced: true,
  },
  {
    key: 'stepFraction',
    label: 'Step η̃ as a fraction of 2/λ_max(Θ)',
    description: 'GD on the infinitely wide network converges below 1.',
    type: 'number',
    default: 0.5,
    min: 0.05,
    max: 0.95,
    step: 0.05,
    advanced: true,
  },
  {
    key: 'steps',
    label: 'Steps T',
    description: 'Full-batch gradient-descent steps.',
    type: 'integer',
    default: 100,
    min: 10,
    max: 2000,
    step: 10,
    slider: false,
    advanced: true,
  },
  {
    key: 'every',
    label: 'Record every k steps',
    description: 'The step slider moves through the recorded steps.',
    type: 'integer',
    default: 5,
    min: 1,
    max: 500,
    slider: false,
    advanced: true,
  },
  seedInput({
    key: 'initSeed',
    label: 'initSeed',
    description: 'Network s is drawn from initSeed·1000 + s.',
    default: 1,
    max: 9999,
  }),
];

/** The kernel options of a setting (the same architecture as the networks). */
export function architecture(inputs: Pick<WideEnsembleInputs, 'depth' | 'wStd' | 'act'>) {
  return { depth: inputs.depth, wStd: inputs.wStd, bStd: B_STD, activation: inputs.act };
}

/** The steps train() measures: 0, k, 2k, … below T, and T. */
export function recordedSteps(steps: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < steps; t += every) out.push(t);
  out.push(steps);
  return out;
}

/** Parameters P of one network (inputs (x, 1), L hidden layers of width m, one output). */
function paramCount(width: number, depth: number): number {
  return 3 * width + (depth - 1) * (width * width + width) + width + 1;
}

/** Per-step cost of a tiny network on wasm (op dispatch), and the flop rate of larger ones. */
const STEP_OVERHEAD_S = 6e-4;
const FLOPS_PER_S = 1.5e9;
/** A run estimated longer than this is refused. */
export const MAX_RUN_SECONDS = 60;
/** At most this many recorded steps (rows). */
const MAX_RECORDED = 201;

/**
 * About how long a run takes on wasm in a 2-core laptop's browser: train()'s own flop estimate
 * (6·n·P per step, 2·(n + m*)·P per recorded step) at FLOPS_PER_S plus a fixed cost per step,
 * measured in Node on wasm (depth 1: ~0.6 ms a step whatever the width up to 1024; depth 2 at
 * width 1024: ~30 ms a step).
 */
export function estimatedSeconds(inputs: WideEnsembleInputs): number {
  const P = paramCount(inputs.width, inputs.depth);
  const recorded = recordedSteps(inputs.steps, inputs.every).length;
  const flops =
    6 * N_TRAIN * P * inputs.steps + recorded * 2 * (N_TRAIN + GRID.length + PROBES.length) * P;
  return inputs.nets * (inputs.steps * STEP_OVERHEAD_S + flops / FLOPS_PER_S);
}

const COLUMNS: readonly ColumnSpec<WideEnsembleRow>[] = [
  { key: 'step', label: 'Step', format: 'integer' },
  { key: 'netLoss', label: 'Train loss (networks)' },
  { key: 'ntkLoss', label: 'Train loss (width ∞)' },
  { key: 'mean0', label: `Mean at x = ${PROBES[0]} (networks)` },
  { key: 'ntkMean0', label: `Mean at x = ${PROBES[0]} (width ∞)` },
  { key: 'sd0', label: `σ at x = ${PROBES[0]} (networks)` },
  { key: 'ntkSd0', label: `σ at x = ${PROBES[0]} (width ∞)` },
  { key: 'mean1', label: `Mean at x = ${PROBES[1]} (networks)` },
  { key: 'ntkMean1', label: `Mean at x = ${PROBES[1]} (width ∞)` },
  { key: 'sd1', label: `σ at x = ${PROBES[1]} (networks)` },
  { key: 'ntkSd1', label: `σ at x = ${PROBES[1]} (width ∞)` },
  { key: 'zMax', label: 'max |mean − width ∞| in σ/√N', digits: 2 },
];

/** The setup of a run (learning rate, thresholds, prior), computed before any network trains. */
export function ensembleSetup(inputs: WideEnsembleInputs): WideEnsembleSetup {
  const { X } = wideData();
  const kernel = fcKernel(architecture(inputs));
  const th = stepSizeThresholds(kernel.f64(X).ntk, { lossNormalization: 'mean' });
  const effectiveStep = inputs.stepFraction * th.maxStableEffectiveStep;
  const prior = kernel.diagF64(embed(PROBES)).nngp;
  return {
    learningRate: effectiveStep * N_TRAIN,
    effectiveStep,
    maxStableEffectiveStep: th.maxStableEffectiveStep,
    priorSd: [Math.sqrt(prior[0] as number), Math.sqrt(prior[1] as number)],
  };
}

function meanSd(values: readonly number[]): [number, number] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance)];
}

async function run(
  inputs: WideEnsembleInputs,
  { signal, onRow, report }: Parameters<Experiment<WideEnsembleInputs, WideEnsembleRow>['run']>[1],
): Promise<void> {
  const { width, nets, steps, every, initSeed } = inputs;
  const { X, y } = wideData();
  const points = [...GRID, ...PROBES];
  const xTest = embed(points);
  const G = GRID.length;
  const arch = architecture(inputs);
  const setup = ensembleSetup(inputs);
  const recorded = recordedSteps(steps, every);

  // The infinitely wide network: mean and variance over initializations at every recorded step,
  // on the test points and on the training points (for the expected training loss).
  report({ done: 0, message: 'Infinite-width prediction…' });
  const ensemble = gradientDescentMseEnsemble(fcKernel(arch), X, y, {
    learningRate: setup.learningRate,
  });
  const atTest = ensemble.predict({ xTest, steps: recorded });
  const atTrain = ensemble.predict({ steps: recorded });

  // The finite networks, one after the other: outputs on the test points and the training loss
  // at every recorded step. outputs[s][j] is network s at recorded step j.
  const outputs: Float32Array[][] = [];
  const losses: number[][] = [];
  for (let s = 0; s < nets; s++) {
    signal.throwIfAborted();
    report({ done: s, message: `Training network ${s + 1} of ${nets} (width ${width})…` });
    const net = createMlp({ inputDim: 2, width, ...arch, initSeed: initSeed * 1000 + s });
    const own: Float32Array[] = [];
    const grab: Measurement = async (ctx) => {
      const h = ctx.output(ctx.params, 'test');
      own.push(Float32Array.from(await h.data()));
      h.dispose();
      return own.length;
    };
    try {
      const result = await train(
        net,
        { X, y, Xtest: xTest, ytest: points.map(() => 0) },
        {
          steps,
          learningRate: setup.learningRate,
          lossNormalization: 'mean',
          measureEvery: every,
          measure: ['trainLoss'],
          measurements: { outputs: grab },
          signal,
        },
      );
      const at = result.trajectory.map((p) => p.step);
      if (at.join() !== recorded.join())
        throw new Error(`train measured steps ${at.join()}, expected ${recorded.join()}`);
      losses.push(result.trajectory.map((p) => p.trainLoss as number));
      outputs.push(own);
    } catch (error) {
      if (error instanceof DivergenceError)
        throw new Error(
          `Network ${s + 1} (width ${width}) diverged at step ${error.step}: lower the step fraction (now ${inputs.stepFraction} of 2/λ_max of the infinite-width NTK; a finite network's own λ_max is larger by chance).`,
        );
      throw error;
    } finally {
      net.dispose();
    }
  }
  report({ done: nets, message: 'Comparing…' });

  const rootN = Math.sqrt(nets);
  recorded.forEach((step, j) => {
    const test = atTest[j];
    const tr = atTrain[j];
    if (!test || !tr) throw new Error(`no prediction at step ${step}`);
    const ntkMean = Array.from(test.mean.data);
    const ntkSd = Array.from(test.variance, (v) => Math.sqrt(v));
    const empirical = points.map((_, p) => meanSd(outputs.map((o) => o[j]?.[p] as number)));
    let zMax = 0;
    empirical.forEach(([mean], p) => {
      const se = (ntkSd[p] as number) / rootN;
      if (se > 0) zMax = Math.max(zMax, Math.abs(mean - (ntkMean[p] as number)) / se);
    });
    let ntkLoss = 0;
    for (let i = 0; i < N_TRAIN; i++)
      ntkLoss += ((tr.mean.data[i] as number) - (y[i] as number)) ** 2 + (tr.variance[i] as number);
    const e0 = empirical[G] as [number, number];
    const e1 = empirical[G + 1] as [number, number];
    onRow({
      step,
      netLoss: losses.reduce((sum, l) => sum + (l[j] as number), 0) / nets,
      ntkLoss: ntkLoss / (2 * N_TRAIN),
      mean0: e0[0],
      ntkMean0: ntkMean[G] as number,
      sd0: e0[1],
      ntkSd0: ntkSd[G] as number,
      mean1: e1[0],
      ntkMean1: ntkMean[G + 1] as number,
      sd1: e1[1],
      ntkSd1: ntkSd[G + 1] as number,
      zMax,
      nets: outputs.map((o) => Array.from((o[j] as Float32Array).subarray(0, G))),
      ntkMean: ntkMean.slice(0, G),
      ntkSd: ntkSd.slice(0, G),
    });
  });
  report({
    done: nets,
    message: `${nets} networks of width ${width}, ${steps} steps at η̃ = ${formatValue(setup.effectiveStep)}`,
  });
}

function nodeScript(inputs: WideEnsembleInputs): string {
  const { width, nets, steps, every, initSeed, stepFraction } = inputs;
  const arch = architecture(inputs);
  return `${scriptHeader({
    what: `What infinitely wide networks predict: ${nets} networks of width ${width} trained by GD against the infinite-width ensemble (Lee et al. 2019).`,
    packages: ['@overparam/kernels', '@overparam/train', '@overparam/tensor'],
    url: pageUrl(PAGE_PATH, ensembleInputs, inputs),
  })}
import { fcKernel, gradientDescentMseEnsemble, stepSizeThresholds } from '@overparam/kernels';
import { createRng, initBackend } from '@overparam/tensor';
import { createMlp, train } from '@overparam/train';

await initBackend('wasm'); // the page's numbers; initBackend() alone tries webgpu first

${DATA_SCRIPT}
const probes = ${literal([...PROBES])};
const xTest = embed(probes);

const arch = ${literal(arch)};
const kernel = fcKernel(arch);
// eta~ = ${stepFraction} of the stability threshold 2/lambda_max of the infinite-width NTK; eta = n·eta~ ('mean').
const { maxStableEffectiveStep } = stepSizeThresholds(kernel.f64(X).ntk, { lossNormalization: 'mean' });
const learningRate = ${literal(stepFraction)} * maxStableEffectiveStep * n;
const steps = ${literal(steps)};
const every = ${literal(every)};
const recorded = [];
for (let t = 0; t < steps; t += every) recorded.push(t);
recorded.push(steps);

// The infinitely wide network: mean and variance over initializations at each recorded step.
const ensemble = gradientDescentMseEnsemble(kernel, X, y, { learningRate });
const predicted = ensemble.predict({ xTest, steps: recorded });

// ${nets} finite networks of width ${width} (NTK parameterization), network s from initSeed ${initSeed}·1000 + s.
const outputs = []; // outputs[s][j][p]: network s, recorded step j, probe p
const losses = [];
for (let s = 0; s < ${literal(nets)}; s++) {
  const net = createMlp({ inputDim: 2, width: ${literal(width)}, ...arch, initSeed: ${initSeed} * 1000 + s });
  const own = [];
  const run = await train(net, { X, y, Xtest: xTest, ytest: probes.map(() => 0) }, {
    steps,
    learningRate,
    lossNormalization: 'mean',
    measureEvery: every,
    measure: ['trainLoss'],
    measurements: {
      outputs: async (ctx) => {
        const h = ctx.output(ctx.params, 'test');
        own.push(Array.from(await h.data()));
        h.dispose();
        return own.length;
      },
    },
  });
  outputs.push(own);
  losses.push(run.trajectory.map((p) => p.trainLoss));
  net.dispose();
}

const meanSd = (v) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1))];
};
console.table(
  recorded.map((step, j) => {
    const row = { step, netLoss: losses.reduce((a, l) => a + l[j], 0) / losses.length };
    probes.forEach((x0, p) => {
      const [mean, sd] = meanSd(outputs.map((o) => o[j][p]));
      row[\`mean(\${x0})\`] = mean;
      row[\`ntkMean(\${x0})\`] = predicted[j].mean.data[p];
      row[\`sd(\${x0})\`] = sd;
      row[\`ntkSd(\${x0})\`] = Math.sqrt(predicted[j].variance[p]);
    });
    return row;
  }),
);
`;
}

/** Figure 1 as a demo-kit experiment. */
export const ensembleExperiment: Experiment<WideEnsembleInputs, WideEnsembleRow> = {
  id: 'wide-ensemble',
  title:
    'One row per recorded step: the finite networks against the infinitely wide network (training loss, mean and σ at two test points)',
  inputs: ensembleInputs,
  columns: COLUMNS,
  check: (inputs) => {
    const recorded = recordedSteps(inputs.steps, inputs.every).length;
    if (recorded > MAX_RECORDED)
      return `${recorded} recorded steps are more than the ${MAX_RECORDED} the page draws: record less often (every ≥ ${Math.ceil(inputs.steps / (MAX_RECORDED - 1))}).`;
    const seconds = estimatedSeconds(inputs);
    if (seconds > MAX_RUN_SECONDS)
      return `This run would take about ${Math.round(seconds)} s on wasm, over the ${MAX_RUN_SECONDS} s a run may take here: lower the width, the depth, the number of networks or the steps.`;
    return null;
  },
  total: (inputs) => inputs.nets,
  run,
  nodeScript,
};
