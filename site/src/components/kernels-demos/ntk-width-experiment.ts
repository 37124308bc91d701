// The experiment behind the width sweep of docs/kernels.mdx and its static figure: random finite
// ReLU (or erf) networks of growing width m, their empirical NTK and NNGP on a few points of the
// sphere, against the infinite-width kernels of the same architecture, all in float64 on the CPU.
// The relative error falls like 1/√m. Pure (no React, no DOM): the page, make-figures.mts and
// scripts/time-demos.mts run this same code.
import { relativeError } from '@overparam/tensor/testing';
import {
  type Experiment,
  literal,
  type ParamSpec,
  pageUrl,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import { logLogSlope, spherePoints } from './data';
import { empiricalNtkF64, fcKernel } from './kernels-lib';

/** The inputs: 12 points of the unit sphere in R³ (seed 7), fixed. */
export const N_POINTS = 12;
export const INPUT_DIM = 3;
const POINTS_SEED = 7;
/** Widths from which the 1/√m regime holds (the narrowest have heavy-tailed errors). */
export const SLOPE_MIN_WIDTH = 64;
/** Longest stretch of computing between two chances for the page to paint. */
const YIELD_MS = 50;

const ACTIVATIONS = ['relu', 'erf'] as const;
type Activation = (typeof ACTIVATIONS)[number];

export interface NtkWidthInputs {
  depth: number;
  activation: Activation;
  /** Random networks averaged per width. */
  samples: number;
  /** The widths swept. */
  widths: number[];
  /** Network s of a width is drawn from initSeed·1000 + s. */
  initSeed: number;
}

/** One entry Θ(x_i, x_j) of the analytic NTK and the same entry of one finite network's. */
export interface KernelEntry {
  analytic: number;
  empirical: number;
}

export interface NtkWidthRow {
  width: number;
  /** Mean over the networks of ‖Θ̂ − Θ‖_F/‖Θ‖_F. */
  ntkError: number;
  /** The same for the NNGP. */
  nngpError: number;
  /** √m × the NTK error: flat where the error falls like 1/√m. */
  ntkScaled: number;
  networks: number;
  /** The upper triangle of the first network's NTK against the analytic one (the scatter). */
  entries: KernelEntry[];
}

export const ntkWidthInputs: readonly ParamSpec[] = [
  {
    key: 'depth',
    label: 'Hidden layers L',
    description: 'Depth of the random networks and of their infinite-width kernels.',
    type: 'integer',
    default: 2,
    min: 1,
    max: 4,
  },
  {
    key: 'activation',
    label: 'Activation',
    description: 'ReLU (σ_w = √2) or erf (σ_w = 1.5); σ_b = 0.1.',
    type: 'choice',
    choices: ACTIVATIONS,
    choiceLabels: { relu: 'ReLU', erf: 'erf' },
    default: 'relu',
  },
  {
    key: 'samples',
    label: 'Networks per width',
    description: 'The error at each width is averaged over this many random networks.',
    type: 'integer',
    default: 4,
    min: 1,
    max: 16,
  },
  {
    key: 'widths',
    label: 'Widths m',
    description:
      'Comma-separated hidden widths; from two hidden layers on, the cost grows like m².',
    type: 'number-list',
    default: [16, 32, 64, 128, 256, 512, 1024],
    min: 1,
    max: 16384,
    advanced: true,
  },
  seedInput({
    key: 'initSeed',
    label: 'Initialization seed',
    description: 'Network s of each width is drawn from initSeed·1000 + s.',
    default: 1,
    max: 9999,
  }),
];

/** The kernel hyperparameters of an activation (the ones the page states). */
export function kernelOptions(inputs: Pick<NtkWidthInputs, 'depth' | 'activation'>) {
  return {
    depth: inputs.depth,
    activation: inputs.activation,
    wStd: inputs.activation === 'relu' ? Math.SQRT2 : 1.5,
    bStd: 0.1,
  };
}

/** The swept widths, ascending, each once. */
export function sweepWidths(widths: readonly number[]): number[] {
  return [...new Set(widths.map((m) => Math.round(m)))].sort((a, b) => a - b);
}

/** Weights a sweep draws: per network, (L − 1)·m² hidden-to-hidden plus m·(d + L + 2) others. */
export function sweepWeights(inputs: Pick<NtkWidthInputs, 'depth' | 'samples' | 'widths'>): number {
  return sweepWidths(inputs.widths).reduce(
    (sum, m) =>
      sum + inputs.samples * ((inputs.depth - 1) * m * m + m * (INPUT_DIM + inputs.depth + 2)),
    0,
  );
}

/** Above this many weights a sweep would take over half a minute in a browser. */
export const MAX_SWEEP_WEIGHTS = 1.2e8;

/** Least-squares log–log slope of the NTK error over the widths ≥ 64; null with fewer than 3. */
export function fittedSlope(
  rows: readonly Pick<NtkWidthRow, 'width' | 'ntkError'>[],
): number | null {
  const fitted = rows.filter((r) => r.width >= SLOPE_MIN_WIDTH);
  return fitted.length >= 3
    ? logLogSlope(fitted.map((r) => ({ x: r.width, y: r.ntkError })))
    : null;
}

function upperTriangle(analytic: ArrayLike<number>, empirical: ArrayLike<number>, n: number) {
  const entries: KernelEntry[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++)
      entries.push({
        analytic: analytic[i * n + j] as number,
        empirical: empirical[i * n + j] as number,
      });
  return entries;
}

export const ntkWidthExperiment: Experiment<NtkWidthInputs, NtkWidthRow> = {
  id: 'ntk-width',
  title: 'Empirical NTK and NNGP of random networks against the infinite-width limit, by width',
  inputs: ntkWidthInputs,
  columns: [
    { key: 'width', label: 'width m', format: 'integer' },
    { key: 'ntkError', label: 'NTK error ‖Θ̂ − Θ‖/‖Θ‖' },
    { key: 'nngpError', label: 'NNGP error' },
    { key: 'ntkScaled', label: '√m × NTK error' },
    { key: 'networks', label: 'networks', format: 'integer', exportOnly: true },
  ],
  check(inputs) {
    const weights = sweepWeights(inputs);
    return weights > MAX_SWEEP_WEIGHTS
      ? `This sweep draws about ${Math.round(weights / 1e6)} million weights, more than a page computes in half a minute: use fewer or narrower widths, fewer networks per width, or fewer hidden layers.`
      : null;
  },
  total: (inputs) => sweepWidths(inputs.widths).length * inputs.samples,
  runLabel: 'Sweep widths',
  async run(inputs, { signal, onRow, report }) {
    const X = spherePoints(N_POINTS, INPUT_DIM, POINTS_SEED);
    const options = kernelOptions(inputs);
    const exact = fcKernel(options).f64(X);
    let done = 0;
    let lastYield = performance.now();
    for (const width of sweepWidths(inputs.widths)) {
      let ntk = 0;
      let nngp = 0;
      let entries: KernelEntry[] = [];
      for (let s = 0; s < inputs.samples; s++) {
        signal.throwIfAborted();
        const emp = empiricalNtkF64(
          { inputDim: INPUT_DIM, ...options, width, initSeed: inputs.initSeed * 1000 + s },
          X,
        );
        ntk += relativeError(emp.ntk, exact.ntk);
        nngp += relativeError(emp.nngp, exact.nngp);
        if (s === 0) entries = upperTriangle(exact.ntk.data, emp.ntk.data, N_POINTS);
        done++;
        // Let the page paint (and Cancel land) every YIELD_MS, not after every network: the
        // narrow ones take a millisecond, and a render per network would cost more than they do.
        if (performance.now() - lastYield > YIELD_MS) {
          report({ done, message: `width ${width}, network ${s + 1} of ${inputs.samples}` });
          await new Promise((resolve) => setTimeout(resolve, 0));
          lastYield = performance.now();
        }
      }
      const ntkError = ntk / inputs.samples;
      onRow({
        width,
        ntkError,
        nngpError: nngp / inputs.samples,
        ntkScaled: Math.sqrt(width) * ntkError,
        networks: inputs.samples,
        entries,
      });
    }
    report({
      done,
      message: `${done} networks, widths up to ${inputs.widths.length ? Math.max(...inputs.widths) : 0}`,
    });
  },
  nodeScript(inputs) {
    const options = kernelOptions(inputs);
    return `${scriptHeader({
      what: `The width sweep of the Kernels page: the empirical NTK and NNGP of random ${inputs.activation === 'relu' ? 'ReLU' : 'erf'} networks (L = ${inputs.depth}) against the infinite-width kernels, in float64.`,
      packages: ['@overparam/kernels', '@overparam/train', '@overparam/tensor'],
      url: pageUrl('/docs/kernels', ntkWidthInputs, inputs),
    })}
import { fcKernel } from '@overparam/kernels';
import { createRng } from '@overparam/tensor';
import { relativeError } from '@overparam/tensor/testing';
import { empiricalNtkF64 } from '@overparam/train';

const widths = ${literal(sweepWidths(inputs.widths))};
const samples = ${inputs.samples};
const initSeed = ${inputs.initSeed};
const kernel = { depth: ${options.depth}, activation: '${options.activation}', wStd: ${options.activation === 'relu' ? 'Math.SQRT2' : options.wStd}, bStd: ${options.bStd} };

// ${N_POINTS} points of the unit sphere in R^${INPUT_DIM} (seed ${POINTS_SEED}), as on the page.
const rng = createRng(${POINTS_SEED});
const X = Array.from({ length: ${N_POINTS} }, () => {
  const v = Array.from({ length: ${INPUT_DIM} }, () => rng.normal());
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
});

const exact = fcKernel(kernel).f64(X);
const rows = [];
for (const width of widths) {
  let ntk = 0;
  let nngp = 0;
  for (let s = 0; s < samples; s++) {
    const emp = empiricalNtkF64({ inputDim: ${INPUT_DIM}, ...kernel, width, initSeed: initSeed * 1000 + s }, X);
    ntk += relativeError(emp.ntk, exact.ntk) / samples;
    nngp += relativeError(emp.nngp, exact.nngp) / samples;
  }
  rows.push({ width, ntkError: ntk, nngpError: nngp, ntkScaled: Math.sqrt(width) * ntk });
}
console.table(rows);

// Least-squares slope of log(error) against log(m) for m >= ${SLOPE_MIN_WIDTH}: theory says -1/2.
const fit = rows.filter((r) => r.width >= ${SLOPE_MIN_WIDTH});
if (fit.length >= 3) {
  const xs = fit.map((r) => Math.log(r.width));
  const ys = fit.map((r) => Math.log(r.ntkError));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  console.log(\`fitted log-log slope of the NTK error (m >= ${SLOPE_MIN_WIDTH}): \${(num / den).toFixed(3)}\`);
}
`;
  },
};
