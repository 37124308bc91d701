// The experiment behind the Linear networks demo and its static figure: gradient descent on
// ½‖UVᵀ − Y‖²_F from an initialization with a prescribed imbalance, measuring at every step the
// one-step certificate ρ_t against the actual ratio ‖E_{t+1}‖/‖E_t‖, and μ_t against its
// imbalance lower bound. Float64 JavaScript (the matrices are a few by a few), no TensorFlow.js
// backend. Pure (no React, no DOM): the page, make-figures.mts and scripts/time-demos.mts run it.
import {
  type Experiment,
  literal,
  type ParamSpec,
  pageUrl,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import {
  initLinearNetwork,
  type LinearNetworkInit,
  type LinearNetworkStep,
  linearNetworkGd,
  linearNetworkTarget,
} from './lib';

const INITS = ['imbalanced', 'balanced', 'spectral', 'gaussian'] as const;
type InitKind = (typeof INITS)[number];
const SCHEDULES = ['constant', 'certified'] as const;
/** Stop once ‖E‖_F ≤ TOLERANCE·‖Y‖_F: below it the ratio is rounding noise. */
export const TOLERANCE = 1e-10;

export interface LinearNetworksInputs {
  init: InitKind;
  /** Imbalance δ (imbalanced and spectral initializations). */
  delta: number;
  learningRate: number;
  scale: number;
  schedule: (typeof SCHEDULES)[number];
  n: number;
  m: number;
  /** Hidden width, raised to max(n, m). */
  h: number;
  steps: number;
  dataSeed: number;
  initSeed: number;
}

/** One measured step: what linearNetworkGd reports. */
export type LinearNetworksRow = LinearNetworkStep;

const usesDelta = (values: Readonly<Record<string, unknown>>) =>
  values.init === 'imbalanced' || values.init === 'spectral';

export const linearNetworksInputs: readonly ParamSpec[] = [
  {
    key: 'init',
    label: 'Initialization',
    description: 'How U₀ and V₀ are drawn.',
    type: 'choice',
    choices: INITS,
    choiceLabels: {
      imbalanced: 'Imbalanced (prescribed D)',
      balanced: 'Balanced (D = 0)',
      spectral: 'Spectral (aligned with Y)',
      gaussian: 'Gaussian N(0, scale²/h)',
    },
    default: 'imbalanced',
  },
  {
    key: 'delta',
    label: 'Imbalance δ',
    description:
      'D = UᵀU − VᵀV has eigenvalues δ (and ±|δ|): the bound on μ is |δ|. 0 is balanced.',
    type: 'number',
    default: 0.5,
    min: -2,
    max: 2,
    step: 0.05,
    shown: usesDelta,
  },
  {
    key: 'learningRate',
    label: 'Step size η',
    description: 'Steps near 2/Λ overshoot; the certificate says when.',
    type: 'number',
    default: 0.2,
    min: 0.005,
    max: 1.5,
    step: 0.005,
  },
  {
    key: 'scale',
    label: 'Scale',
    description: 'Size of the weights at t = 0 (singular values of UVᵀ are scale²).',
    type: 'number',
    default: 0.1,
    min: 0.01,
    max: 3,
    step: 0.01,
    advanced: true,
  },
  {
    key: 'schedule',
    label: 'Step-size schedule',
    description: 'Constant η, or η_t = max(η, argmin ρ_t), which grows as the loss falls.',
    type: 'choice',
    choices: SCHEDULES,
    choiceLabels: { constant: 'constant η', certified: 'certified: max(η, argmin ρ_t)' },
    default: 'constant',
    advanced: true,
  },
  {
    key: 'n',
    label: 'Outputs n',
    description: 'Rows of Y and of U.',
    type: 'integer',
    default: 3,
    min: 1,
    max: 8,
    advanced: true,
  },
  {
    key: 'm',
    label: 'Inputs m',
    description: 'Columns of Y, rows of V.',
    type: 'integer',
    default: 4,
    min: 1,
    max: 8,
    advanced: true,
  },
  {
    key: 'h',
    label: 'Hidden width h',
    description: 'Raised to max(n, m) when smaller.',
    type: 'integer',
    default: 8,
    min: 1,
    max: 64,
    advanced: true,
  },
  {
    key: 'steps',
    label: 'Steps',
    description: `Step budget; the run stops earlier once ‖E‖ ≤ ${TOLERANCE}·‖Y‖.`,
    type: 'integer',
    default: 300,
    min: 10,
    max: 3000,
    step: 10,
    advanced: true,
  },
  seedInput({
    key: 'dataSeed',
    label: 'dataSeed',
    description: 'Draws the target Y.',
    default: 0,
  }),
  seedInput({
    key: 'initSeed',
    label: 'initSeed',
    description: 'Draws U₀ and V₀.',
    default: 0,
  }),
];

/** The initialization the inputs describe. */
export function initOf(inputs: LinearNetworksInputs): LinearNetworkInit {
  switch (inputs.init) {
    case 'imbalanced':
      return { kind: 'imbalanced', imbalance: inputs.delta, scale: inputs.scale };
    case 'spectral':
      return { kind: 'spectral', imbalance: inputs.delta, scale: inputs.scale };
    default:
      return { kind: inputs.init, scale: inputs.scale };
  }
}

/** The hidden width used: h raised to max(n, m). */
export const hiddenWidth = (inputs: Pick<LinearNetworksInputs, 'n' | 'm' | 'h'>) =>
  Math.max(inputs.h, inputs.n, inputs.m);

/** Steps shown in the table (and printed by the script): the first four, then doubling, and the last. */
export function tableSteps<S extends { t: number }>(history: readonly S[]): S[] {
  const picked = new Set<number>();
  for (let t = 0; t < history.length; t = t < 3 ? t + 1 : Math.ceil(t * 2)) picked.add(t);
  if (history.length > 0) picked.add(history.length - 1);
  return [...picked].sort((a, b) => a - b).map((t) => history[t] as S);
}

/** What the run as a whole shows: violations, certified steps, the loss and μ at both ends. */
export function certificateSummary(history: readonly LinearNetworkStep[]) {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return null;
  let violations = 0;
  let raw = 0;
  let certified = 0;
  let decreasing = 0;
  let maxRho = 0;
  let maxRhoStep = 0;
  let maxExcess = Number.NEGATIVE_INFINITY;
  let maxResidual = 0;
  for (const s of history) {
    if (s.violated) violations++;
    if (s.nextErrorNorm > s.rho * s.errorNorm) raw++;
    if (s.rho < 1) certified++;
    if (s.nextErrorNorm < s.errorNorm) decreasing++;
    if (s.rho > maxRho) {
      maxRho = s.rho;
      maxRhoStep = s.t;
    }
    maxExcess = Math.max(maxExcess, (s.nextErrorNorm - s.rho * s.errorNorm) / s.slack);
    maxResidual = Math.max(maxResidual, s.driftResidual, s.errorUpdateResidual);
  }
  return {
    first,
    last,
    steps: history.length,
    violations,
    raw,
    certified,
    decreasing,
    maxRho,
    maxRhoStep,
    maxExcess,
    maxResidual,
    finalLoss: 0.5 * last.nextErrorNorm ** 2,
  };
}

export const linearNetworksExperiment: Experiment<LinearNetworksInputs, LinearNetworksRow> = {
  id: 'linear-networks',
  title: 'Gradient descent on a two-layer linear network: the certificate at every step',
  inputs: linearNetworksInputs,
  columns: [
    { key: 't', label: 't', format: 'integer' },
    { key: 'learningRate', label: 'η_t' },
    { key: 'loss', label: 'loss' },
    { key: 'rho', label: 'ρ_t', digits: 4 },
    { key: 'ratio', label: 'ratio', digits: 4 },
    { key: 'mu', label: 'μ_t' },
    { key: 'muLowerBound', label: 'bound' },
    { key: 'Lambda', label: 'Λ_t' },
    { key: 'imbalanceNorm', label: '‖D_t‖_F' },
    { key: 'violated', label: 'violated', format: 'text', exportOnly: true },
    { key: 'slack', label: 'slack', exportOnly: true },
    { key: 'errorNorm', label: '‖E_t‖_F', exportOnly: true },
    { key: 'nextErrorNorm', label: '‖E_{t+1}‖_F', exportOnly: true },
    { key: 'errorSpectralNorm', label: '‖E_t‖_2', exportOnly: true },
    { key: 'productSpectralNorm', label: '‖U_tV_tᵀ‖_2', exportOnly: true },
    { key: 'imbalanceDrift', label: '‖D_{t+1} − D_t‖_F', exportOnly: true },
    { key: 'driftResidual', label: 'drift residual', exportOnly: true },
    { key: 'errorUpdateResidual', label: 'error-update residual', exportOnly: true },
  ],
  total: (inputs) => inputs.steps,
  runLabel: 'Run gradient descent',
  async run(inputs, { signal, onRow, report }) {
    const h = hiddenWidth(inputs);
    const target = linearNetworkTarget({ n: inputs.n, m: inputs.m, dataSeed: inputs.dataSeed });
    const init = initLinearNetwork({
      n: inputs.n,
      m: inputs.m,
      h,
      init: initOf(inputs),
      initSeed: inputs.initSeed,
      target,
    });
    const result = await linearNetworkGd({
      target,
      init,
      learningRate: inputs.learningRate,
      steps: inputs.steps,
      schedule: inputs.schedule,
      tolerance: TOLERANCE,
      signal,
      onStep: (step, { done }) => {
        onRow(step);
        if (done % 25 === 0) report({ done, message: `step ${step.t}` });
      },
    });
    report({
      done: inputs.steps,
      message: `${result.stepsTaken} steps (${result.stopReason === 'tolerance' ? 'converged' : 'step budget'})`,
    });
  },
  nodeScript(inputs) {
    const h = hiddenWidth(inputs);
    return `${scriptHeader({
      what: 'Gradient descent on a two-layer linear network with the one-step certificate, as on the Linear networks page.',
      packages: ['@overparam/train', '@overparam/tensor'],
      url: pageUrl('/docs/linear-networks', linearNetworksInputs, inputs),
    })}
import { initLinearNetwork, linearNetworkGd, linearNetworkTarget } from '@overparam/train';

const target = linearNetworkTarget({ n: ${inputs.n}, m: ${inputs.m}, dataSeed: ${inputs.dataSeed} });
const init = initLinearNetwork({
  n: ${inputs.n},
  m: ${inputs.m},
  h: ${h},
  init: ${literal(initOf(inputs))},
  initSeed: ${inputs.initSeed},
  target,
});
const run = await linearNetworkGd({
  target,
  init,
  learningRate: ${inputs.learningRate},
  steps: ${inputs.steps},
  schedule: '${inputs.schedule}',
  tolerance: ${TOLERANCE},
});

// The steps the page's table shows: t = 0–3, then doubling, and the last.
const history = run.history;
const picked = new Set(history.length > 0 ? [history.length - 1] : []);
for (let t = 0; t < history.length; t = t < 3 ? t + 1 : Math.ceil(t * 2)) picked.add(t);
console.table(
  [...picked].sort((a, b) => a - b).map((t) => {
    const s = history[t];
    return {
      t: s.t,
      learningRate: s.learningRate,
      loss: s.loss,
      rho: s.rho,
      ratio: s.ratio,
      mu: s.mu,
      muLowerBound: s.muLowerBound,
      Lambda: s.Lambda,
      imbalanceNorm: s.imbalanceNorm,
    };
  }),
);
const maxRho = Math.max(...history.map((s) => s.rho));
console.log(
  \`\${run.stepsTaken} steps (\${run.stopReason}), \${run.violations} certificate violations, max rho \${maxRho.toFixed(4)}, loss \${history[0].loss.toExponential(3)} -> \${run.finalLoss.toExponential(3)}\`,
);
`;
  },
};
