// The experiment behind Figure 2 of docs/infinite-width-predictions.mdx and its static figure:
// the NNGP of the network as a Gaussian-process prior on the same eight points, scored over a
// grid of depths and weight scales by its log marginal likelihood and its leave-one-out error
// (Rasmussen & Williams 2006, §5.4), both in closed form by selectHyperparameters (float64 on the
// CPU). Pure: no React, no DOM.
import {
  type ColumnSpec,
  type Experiment,
  formatValue,
  literal,
  type ParamSpec,
  pageUrl,
  scriptHeader,
} from '../demo-kit/experiment';
import { B_STD, DATA_SCRIPT, NOISE, NOISE_VAR, wideData } from './data';
import { PAGE_PATH } from './ensemble-experiment';
import { fcKernel, selectHyperparameters } from './lib';

const ACTIVATIONS = ['erf', 'relu'] as const;

/** The inputs (named apart from Figure 1's: the two demos share one page URL). */
export interface WideHyperInputs {
  gridAct: (typeof ACTIVATIONS)[number];
  /** σ², the noise variance added to the NNGP's diagonal (diagReg). */
  noiseVar: number;
  depths: number[];
  wStds: number[];
}

/** Which criteria selected a setting. */
export type Selected = '' | 'evidence' | 'LOO' | 'both';

/** One setting of the grid. */
export interface WideHyperRow {
  depth: number;
  wStd: number;
  /** log p(y | X) with the NNGP prior, or null when K + σ²I is singular. */
  logMarginalLikelihood: number | null;
  /** Closed-form leave-one-out mean squared error, or null. */
  looMse: number | null;
  selected: Selected;
  /** Why a score is null; '' otherwise. */
  diagnosis: string;
}

/** 0.8, 1.0, …, 4.0: the default weight scales. */
const DEFAULT_W_STDS = Array.from({ length: 17 }, (_, i) => Number((0.8 + 0.2 * i).toFixed(1)));

export const hyperInputs: readonly ParamSpec[] = [
  {
    key: 'gridAct',
    label: 'Activation',
    description: `Of the network whose NNGP is the prior (σ_b = ${B_STD}).`,
    type: 'choice',
    choices: ACTIVATIONS,
    choiceLabels: { erf: 'erf', relu: 'ReLU' },
    default: 'erf',
  },
  {
    key: 'noiseVar',
    label: 'Noise variance σ²',
    description: `Added to the kernel's diagonal; the labels' own is ${NOISE}² = ${NOISE_VAR}.`,
    type: 'number',
    default: NOISE_VAR,
    min: 1e-6,
    max: 1,
    logSlider: true,
  },
  {
    key: 'depths',
    label: 'Depths L',
    description: 'Comma-separated numbers of hidden layers.',
    type: 'number-list',
    default: [1, 2, 3, 4, 5, 6],
    min: 1,
    max: 12,
    advanced: true,
  },
  {
    key: 'wStds',
    label: 'Weight scales σ_w',
    description: 'Comma-separated.',
    type: 'number-list',
    default: DEFAULT_W_STDS,
    min: 0.1,
    max: 6,
    advanced: true,
  },
];

/** The sorted distinct values of a list (depths rounded to integers). */
function distinct(values: readonly number[], integer = false): number[] {
  return [...new Set(values.map((v) => (integer ? Math.round(v) : v)))].sort((a, b) => a - b);
}

/** The grid a setting searches: depths × σ_w. */
export function gridOf(inputs: Pick<WideHyperInputs, 'depths' | 'wStds'>) {
  return { depth: distinct(inputs.depths, true), wStd: distinct(inputs.wStds) };
}

const COLUMNS: readonly ColumnSpec<WideHyperRow>[] = [
  { key: 'depth', label: 'Hidden layers L', format: 'integer' },
  { key: 'wStd', label: 'σ_w' },
  { key: 'logMarginalLikelihood', label: 'log p(y | X)', digits: 4 },
  { key: 'looMse', label: 'LOO MSE' },
  {
    key: 'selected',
    label: 'Selected by',
    format: (v) =>
      v === 'both' ? 'evidence and LOO' : v === 'evidence' ? 'evidence' : v === 'LOO' ? 'LOO' : '',
  },
  { key: 'diagnosis', label: 'diagnosis', format: 'text', exportOnly: true },
];

/** Most settings a search may try. */
const MAX_SETTINGS = 400;

/** Figure 2 as a demo-kit experiment. */
export const hyperExperiment: Experiment<WideHyperInputs, WideHyperRow> = {
  id: 'wide-hyperparameters',
  title:
    'One row per setting: the NNGP prior of depth L and weight scale σ_w scored by its log marginal likelihood and its leave-one-out error',
  inputs: hyperInputs,
  columns: COLUMNS,
  check: (inputs) => {
    const grid = gridOf(inputs);
    const count = grid.depth.length * grid.wStd.length;
    return count > MAX_SETTINGS
      ? `${count} settings are more than the ${MAX_SETTINGS} this chart draws: list fewer depths or weight scales.`
      : null;
  },
  total: () => 2,
  runLabel: 'Score the grid',
  async run(inputs, { signal, onRow, report }) {
    const { X, y } = wideData();
    const grid = gridOf(inputs);
    const search = (criterion: 'marginal-likelihood' | 'loo') =>
      selectHyperparameters({
        kernel: (s) =>
          fcKernel({
            depth: s.depth as number,
            wStd: s.wStd as number,
            bStd: B_STD,
            activation: inputs.gridAct,
          }),
        data: { xTrain: X, yTrain: y },
        grid,
        criterion,
        diagReg: inputs.noiseVar,
      });
    report({ done: 0, message: 'Marginal likelihood…' });
    const evidence = search('marginal-likelihood');
    signal.throwIfAborted();
    report({ done: 1, message: 'Leave-one-out…' });
    const loo = search('loo');
    signal.throwIfAborted();
    const same = (a: { depth?: unknown; wStd?: unknown } | undefined, d: number, w: number) =>
      a?.depth === d && a?.wStd === w;
    for (const row of evidence.table) {
      const depth = row.setting.depth as number;
      const wStd = row.setting.wStd as number;
      const byEvidence = same(evidence.best?.setting, depth, wStd);
      const byLoo = same(loo.best?.setting, depth, wStd);
      onRow({
        depth,
        wStd,
        logMarginalLikelihood: row.logMarginalLikelihood,
        looMse: row.looMse,
        selected: byEvidence && byLoo ? 'both' : byEvidence ? 'evidence' : byLoo ? 'LOO' : '',
        diagnosis: row.diagnosis ?? '',
      });
    }
    const b = evidence.best?.setting;
    const l = loo.best?.setting;
    report({
      done: 2,
      message: `${evidence.table.length} settings; evidence picks ${b ? `L = ${b.depth}, σ_w = ${formatValue(b.wStd)}` : 'none'}, LOO ${l ? `L = ${l.depth}, σ_w = ${formatValue(l.wStd)}` : 'none'}`,
    });
  },
  nodeScript(inputs) {
    const grid = gridOf(inputs);
    return `${scriptHeader({
      what: `What infinitely wide networks predict: the NNGP prior (${inputs.gridAct}) scored over depth and σ_w by its log marginal likelihood and leave-one-out error.`,
      packages: ['@overparam/kernels', '@overparam/tensor'],
      url: pageUrl(PAGE_PATH, hyperInputs, inputs),
    })}
import { fcKernel, selectHyperparameters } from '@overparam/kernels';
import { createRng } from '@overparam/tensor';

${DATA_SCRIPT}

const search = (criterion) =>
  selectHyperparameters({
    kernel: (s) => fcKernel({ depth: s.depth, wStd: s.wStd, bStd: ${B_STD}, activation: '${inputs.gridAct}' }),
    data: { xTrain: X, yTrain: y },
    grid: ${literal(grid)},
    criterion, // 'marginal-likelihood' (maximized) or 'loo' (minimized)
    diagReg: ${literal(inputs.noiseVar)}, // the noise variance sigma^2 on the kernel's diagonal
  });
const evidence = search('marginal-likelihood');
const loo = search('loo');
console.table(
  evidence.table.map((r) => ({
    depth: r.setting.depth,
    wStd: r.setting.wStd,
    logMarginalLikelihood: r.logMarginalLikelihood,
    looMse: r.looMse,
  })),
);
console.log('selected by the marginal likelihood:', evidence.best?.setting);
console.log('selected by leave-one-out:', loo.best?.setting);
`;
  },
};
