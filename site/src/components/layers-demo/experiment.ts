// The experiment behind the "Any architecture" section of docs/kernels.mdx, its static figure
// and its e2e check: one @overparam/layers description (a plain or residual stack of dense
// layers and an activation) gives both the infinite-width NNGP and NTK (float64, closed-form
// moments or Gauss–Hermite quadrature) and finite networks of the same description, whose
// Monte-Carlo kernels (monteCarloKernel, float32 on the page's TensorFlow.js backend) must agree
// with the analytic ones within their standard errors. Inputs on the unit circle,
// x(θ) = (cos θ, sin θ), against x(0). Pure (no React, no DOM): the page, make-figures.mts and
// scripts/time-demos.mts run this same code.
import {
  abs,
  dense,
  erf,
  fanInSum,
  fanOut,
  gelu,
  identity,
  type Layer,
  leakyRelu,
  type MonteCarloKernelResult,
  monteCarloKernel,
  parallel,
  relu,
  serial,
  sin,
  tanh,
} from '@overparam/layers';
import {
  type Experiment,
  formatValue,
  type ParamSpec,
  pageUrl,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';

export const PAGE_PATH = '/docs/kernels';
/** Angles θ_i = iπ/(N_ANGLES − 1), i = 0 … N_ANGLES − 1, from 0 to π. */
export const N_ANGLES = 25;
/** Samples of monteCarloKernel per call: the page paints (and Cancel lands) between calls. */
const NNGP_CHUNK = 10;
const NTK_CHUNK = 2;
/** Network s of the NNGP estimate is drawn from initSeed·SEED_STRIDE + s, of the NTK one from
 * initSeed·SEED_STRIDE + NTK_SEED_OFFSET + s: the two sets never share a seed. */
export const SEED_STRIDE = 10_000;
export const NTK_SEED_OFFSET = 5_000;
/** Slope of leakyRelu's negative side. */
export const LEAKY_ALPHA = 0.2;

export const ACTIVATIONS = ['relu', 'leakyRelu', 'abs', 'erf', 'tanh', 'gelu', 'sin'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
const ACTIVATION_LABELS: Record<Activation, string> = {
  relu: 'ReLU',
  leakyRelu: `leaky ReLU (α = ${LEAKY_ALPHA})`,
  abs: '|u|',
  erf: 'erf',
  tanh: 'tanh',
  gelu: 'GELU',
  sin: 'sin',
};
/** Where each activation's kernel moments come from (the package's closed forms or quadrature). */
export const MOMENTS: Record<Activation, 'closed form' | 'Gauss–Hermite'> = {
  relu: 'closed form',
  leakyRelu: 'closed form',
  abs: 'closed form',
  erf: 'closed form',
  tanh: 'Gauss–Hermite',
  gelu: 'Gauss–Hermite',
  sin: 'closed form',
};
const ACTIVATION_LAYER: Record<Activation, () => Layer> = {
  relu: () => relu(),
  leakyRelu: () => leakyRelu(LEAKY_ALPHA),
  abs: () => abs(),
  erf: () => erf(),
  tanh: () => tanh(),
  gelu: () => gelu(),
  sin: () => sin(),
};
/** The code of each activation layer in the generated Node script. */
const ACTIVATION_CODE: Record<Activation, string> = {
  relu: 'relu()',
  leakyRelu: `leakyRelu(${LEAKY_ALPHA})`,
  abs: 'abs()',
  erf: 'erf()',
  tanh: 'tanh()',
  gelu: 'gelu()',
  sin: 'sin()',
};

const BLOCKS = ['plain', 'residual'] as const;
export type Block = (typeof BLOCKS)[number];

export interface LayersInputs {
  activation: Activation;
  /** Blocks L: L × (dense → φ), or L residual blocks x + dense(φ(x)). */
  depth: number;
  block: Block;
  /** σ_w of every dense layer. */
  wStd: number;
  /** σ_b of every dense layer. */
  bStd: number;
  /** Also estimate the NTK from the empirical NTK of finite networks (slower). */
  mcNtk: boolean;
  /** Width m of the finite networks. */
  width: number;
  /** Random networks of the NNGP estimate. */
  samples: number;
  /** Outputs of their readout (each a draw of the output given the hidden layers). */
  outputs: number;
  /** Random networks of the NTK estimate (one output each). */
  ntkSamples: number;
  initSeed: number;
}

/** One angle: the analytic kernels (normalized by their value at θ = 0) and the finite networks'. */
export interface LayersRow {
  /** θ in radians: the input x(θ) = (cos θ, sin θ) against x(0) = (1, 0). */
  theta: number;
  /** NNGP k(θ)/k(0), infinite width, float64. */
  nngp: number;
  /** NTK Θ(θ)/Θ(0). */
  ntk: number;
  /** Monte-Carlo mean of the finite networks' output covariance, divided by the analytic k(0). */
  nngpMc: number;
  /** Its standard error, on the same scale. */
  nngpSe: number;
  /** |nngpMc − nngp| / nngpSe. */
  nngpZ: number;
  /** Monte-Carlo mean of the finite networks' empirical NTK / Θ(0); null when not estimated. */
  ntkMc: number | null;
  ntkSe: number | null;
  ntkZ: number | null;
  /** The unnormalized analytic k(0) = k(x(0), x(0)) and Θ(0) (every row has the same). */
  nngpAt0: number;
  ntkAt0: number;
}

export const layersInputs: readonly ParamSpec[] = [
  {
    key: 'activation',
    label: 'Activation φ',
    description:
      'ReLU, leaky ReLU, |u|, erf and sin have closed-form kernel moments; tanh and GELU go through Gauss–Hermite quadrature.',
    type: 'choice',
    choices: ACTIVATIONS,
    choiceLabels: ACTIVATION_LABELS,
    default: 'relu',
  },
  {
    key: 'depth',
    label: 'Blocks L',
    description: 'Hidden blocks of the network (and of its kernels).',
    type: 'integer',
    default: 3,
    min: 1,
    max: 6,
  },
  {
    key: 'block',
    label: 'Block',
    description:
      'Plain: dense → φ. Residual: x + dense(φ(x)), that is serial(fanOut(2), parallel(serial(φ, dense), identity()), fanInSum()), after an input dense layer.',
    type: 'choice',
    choices: BLOCKS,
    choiceLabels: { plain: 'plain: dense → φ', residual: 'residual: x + dense(φ(x))' },
    default: 'plain',
  },
  {
    key: 'wStd',
    label: 'σ_w',
    description: 'Weight scale of every dense layer (NTK parameterization).',
    type: 'number',
    default: 1.5,
    min: 0.1,
    max: 3,
    step: 0.05,
  },
  {
    key: 'bStd',
    label: 'σ_b',
    description: 'Bias scale of every dense layer.',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    step: 0.05,
  },
  {
    key: 'mcNtk',
    label: 'Check the NTK too',
    description:
      'Also estimate the NTK from the empirical NTK of finite networks (one backward pass per input and network: slower).',
    type: 'boolean',
    default: false,
  },
  {
    key: 'width',
    label: 'Width m',
    description: 'Hidden width of the finite networks.',
    type: 'integer',
    default: 256,
    min: 16,
    max: 1024,
    advanced: true,
  },
  {
    key: 'samples',
    label: 'Networks (NNGP)',
    description:
      'Random networks averaged for the NNGP estimate; its error falls like 1/√networks.',
    type: 'integer',
    default: 100,
    min: 10,
    max: 2000,
    advanced: true,
  },
  {
    key: 'outputs',
    label: 'Readout outputs',
    description:
      'Outputs of the NNGP networks’ readout: given the hidden layers each is an independent draw, so more outputs cut the error at little cost.',
    type: 'integer',
    default: 16,
    min: 1,
    max: 64,
    advanced: true,
  },
  {
    key: 'ntkSamples',
    label: 'Networks (NTK)',
    description: 'Random one-output networks averaged for the NTK estimate.',
    type: 'integer',
    default: 8,
    min: 2,
    max: 64,
    advanced: true,
    shown: (values) => values.mcNtk === true,
  },
  seedInput({
    key: 'initSeed',
    label: 'Initialization seed',
    description: `NNGP network s is drawn from initSeed·${SEED_STRIDE} + s, NTK network s from initSeed·${SEED_STRIDE} + ${NTK_SEED_OFFSET} + s.`,
    default: 1,
    max: 9999,
  }),
];

/** The inputs x(θ_i) = (cos θ_i, sin θ_i) and the reference point x(0). */
export function circleInputs(): { thetas: number[]; X: number[][]; Y: number[][] } {
  const thetas = Array.from({ length: N_ANGLES }, (_, i) => (Math.PI * i) / (N_ANGLES - 1));
  return { thetas, X: thetas.map((t) => [Math.cos(t), Math.sin(t)]), Y: [[1, 0]] };
}

/**
 * The network of the settings, with `outputs` readout units: L × (dense(m) → φ), or dense(m)
 * then L residual blocks serial(fanOut(2), parallel(serial(φ, dense(m)), identity()), fanInSum()),
 * then dense(outputs); every dense layer with σ_w, σ_b. The kernels do not depend on `outputs`.
 *
 * The residual branch ends in its dense layer (x + W·φ(x), the pre-activation block of He et
 * al. 2016 and of neural-tangents' ResNets), so that it has mean zero given x: fanInSum adds
 * the branches' kernels, which is exact only then. With the branch dense → φ (x + φ(Wx)) and
 * a φ of nonzero mean (ReLU, |u|, GELU), the cross term E[x_i]·E[φ(·)_i] is not zero from the
 * second block on, and the finite networks leave the analytic kernel by 20 standard errors at
 * six ReLU blocks.
 */
export function layersNetwork(
  inputs: Pick<LayersInputs, 'activation' | 'depth' | 'block' | 'wStd' | 'bStd' | 'width'>,
  outputs: number,
): Layer {
  const { wStd, bStd } = inputs;
  const phi = ACTIVATION_LAYER[inputs.activation];
  const layer = () => dense({ outputs: inputs.width, wStd, bStd });
  const block =
    inputs.block === 'residual'
      ? () => serial(fanOut(2), parallel(serial(phi(), layer()), identity()), fanInSum())
      : () => serial(layer(), phi());
  return serial(
    ...(inputs.block === 'residual' ? [layer()] : []),
    ...Array.from({ length: inputs.depth }, block),
    dense({ outputs, wStd, bStd }),
  );
}

/** Scalar parameters of the network (d = 2 inputs). */
export function parameterCount(
  inputs: Pick<LayersInputs, 'depth' | 'block' | 'width'>,
  outputs: number,
): number {
  const m = inputs.width;
  const hiddenToHidden = (inputs.block === 'residual' ? inputs.depth : inputs.depth - 1) * (m + 1);
  return 3 * m + hiddenToHidden * m + (m + 1) * outputs;
}

/**
 * The work of a run in weight-passes: each NNGP network draws and runs its weights once, each
 * NTK network runs a backward pass per input (N_ANGLES + 1 of them).
 */
export function runWork(inputs: LayersInputs): number {
  const nngp = inputs.samples * parameterCount(inputs, inputs.outputs);
  const ntk = inputs.mcNtk ? inputs.ntkSamples * (N_ANGLES + 1) * parameterCount(inputs, 1) : 0;
  return nngp + ntk;
}

/** Above this many weight-passes a run would take over about ten seconds on wasm. */
export const MAX_WORK = 2e8;

/** Running sums of samples, pooled over chunks (the pairwise update of the squared deviations, Chan, Golub & LeVeque 1979). */
interface Pooled {
  count: number;
  mean: Float64Array;
  m2: Float64Array;
}

/** Adds a chunk of `monteCarloKernel` to the pool: its mean and standard error give its sums. */
function pool(into: Pooled | null, mean: ArrayLike<number>, se: ArrayLike<number>, c: number) {
  const m2 = Float64Array.from(se, (s) => s * s * c * (c - 1));
  if (!into) return { count: c, mean: Float64Array.from(mean), m2 };
  const n = into.count + c;
  for (let i = 0; i < m2.length; i++) {
    const delta = (mean[i] as number) - (into.mean[i] as number);
    into.mean[i] = (into.mean[i] as number) + (delta * c) / n;
    into.m2[i] = (into.m2[i] as number) + (m2[i] as number) + (delta * delta * into.count * c) / n;
  }
  into.count = n;
  return into;
}

/** Chunk sizes summing to `total`, each at least `size` (monteCarloKernel takes ≥ 2 samples). */
function chunks(total: number, size: number): number[] {
  const k = Math.max(1, Math.floor(total / size));
  return Array.from({ length: k }, (_, i) => Math.floor(total / k) + (i < total % k ? 1 : 0));
}

/**
 * monteCarloKernel of `net` on X against Y, `samples` networks from seed `first` on, in chunks
 * with a pause for the page between them; the same means and standard errors as one call.
 */
async function chunkedMonteCarlo(
  net: Layer,
  X: number[][],
  Y: number[][],
  options: { samples: number; first: number; ntk: boolean; chunk: number },
  step: (done: number) => void,
  signal: AbortSignal,
): Promise<{ mean: Float64Array; se: Float64Array }> {
  let pooled: Pooled | null = null;
  let done = 0;
  for (const c of chunks(options.samples, options.chunk)) {
    signal.throwIfAborted();
    const r: MonteCarloKernelResult = await monteCarloKernel(net, X, Y, {
      samples: c,
      initSeed: options.first + done,
      ntk: options.ntk,
    });
    const mean = options.ntk ? r.ntk : r.nngp;
    const se = options.ntk ? r.ntkStdError : r.nngpStdError;
    if (!mean || !se) throw new Error('monteCarloKernel returned no NTK estimate');
    pooled = pool(pooled, mean.data, se.data, c);
    done += c;
    step(done);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const p = pooled as Pooled;
  return {
    mean: p.mean,
    se: p.m2.map((v) => Math.sqrt(Math.max(v, 0) / (p.count - 1) / p.count)),
  };
}

/**
 * Below this (on the normalized scale) a gap between the estimate and the kernel is rounding:
 * where every network gives the same value (a standard error of 0, e.g. the ReLU NTK of
 * antipodal inputs with σ_b = 0, which is 0 for every network), |z| is 0 within it, ∞ beyond.
 */
const ZERO_SE_GAP = 1e-9;

/** |mc − exact| / se, the distance of an estimate from the kernel in standard errors. */
function zScore(mc: number, exact: number, se: number): number {
  const gap = Math.abs(mc - exact);
  if (se > 0) return gap / se;
  return gap <= ZERO_SE_GAP ? 0 : Number.POSITIVE_INFINITY;
}

/** The |z| of every estimate of the rows: the NNGP's, and the NTK's where it was estimated. */
export function zScores(rows: readonly LayersRow[]): number[] {
  return rows.flatMap((r) => [r.nngpZ, ...(r.ntkZ === null ? [] : [r.ntkZ])]);
}

/** The share of the estimates of the rows within `k` standard errors of the analytic kernel. */
export function withinShare(rows: readonly LayersRow[], k: number): number {
  const z = zScores(rows);
  return z.length ? z.filter((v) => v <= k).length / z.length : Number.NaN;
}

/** The network in words, e.g. '3 plain ReLU blocks (dense → φ), width 256'. */
export function describeNetwork(
  inputs: Pick<LayersInputs, 'activation' | 'depth' | 'block' | 'width'>,
): string {
  const kind = inputs.block === 'residual' ? 'residual' : 'plain';
  const shape = inputs.block === 'residual' ? 'x + dense(φ(x))' : 'dense → φ';
  return `${inputs.depth} ${kind} ${ACTIVATION_LABELS[inputs.activation]} block${inputs.depth === 1 ? '' : 's'} (${shape}), width ${inputs.width}`;
}

export const layersExperiment: Experiment<LayersInputs, LayersRow> = {
  id: 'layers',
  title:
    'Analytic NNGP and NTK of a network description on the unit circle against Monte-Carlo estimates from finite networks of the same description',
  inputs: layersInputs,
  columns: [
    { key: 'theta', label: 'θ (rad)' },
    { key: 'nngp', label: 'NNGP k(θ)/k(0)', digits: 4 },
    {
      key: 'nngpMc',
      label: 'NNGP, finite nets ± SE',
      format: (v: unknown, row: LayersRow) =>
        `${formatValue(v, 3)} ± ${formatValue(row.nngpSe, 2)}`,
    },
    { key: 'nngpZ', label: 'NNGP |z|', digits: 2 },
    { key: 'ntk', label: 'NTK Θ(θ)/Θ(0)', digits: 4 },
    {
      key: 'ntkMc',
      label: 'NTK, finite nets ± SE',
      format: (v: unknown, row: LayersRow) =>
        v === null ? '–' : `${formatValue(v, 3)} ± ${formatValue(row.ntkSe, 2)}`,
    },
    { key: 'ntkZ', label: 'NTK |z|', digits: 2 },
    { key: 'nngpSe', label: 'NNGP standard error', exportOnly: true },
    { key: 'ntkSe', label: 'NTK standard error', exportOnly: true },
    { key: 'nngpAt0', label: 'k(0), unnormalized', exportOnly: true },
    { key: 'ntkAt0', label: 'Θ(0), unnormalized', exportOnly: true },
  ],
  check(inputs) {
    const work = runWork(inputs);
    return work > MAX_WORK
      ? `This run passes through about ${Math.round(work / 1e6)} million weights, more than a page computes in ten seconds: use fewer networks, a narrower width, fewer blocks${inputs.mcNtk ? ' or fewer NTK networks' : ''}.`
      : null;
  },
  total: (inputs) => inputs.samples + (inputs.mcNtk ? inputs.ntkSamples : 0),
  runLabel: 'Compute the kernels',
  async run(inputs, { signal, onRow, report }) {
    const { thetas, X, Y } = circleInputs();
    const net = layersNetwork(inputs, inputs.outputs);
    const exact = net.kernel.f64(X, Y);
    const k0 = exact.nngp.data[0] as number;
    const t0 = exact.ntk.data[0] as number;
    const base = inputs.initSeed * SEED_STRIDE;
    const nngp = await chunkedMonteCarlo(
      net,
      X,
      Y,
      { samples: inputs.samples, first: base, ntk: false, chunk: NNGP_CHUNK },
      (done) => report({ done, message: `NNGP: ${done} of ${inputs.samples} networks` }),
      signal,
    );
    const ntk = inputs.mcNtk
      ? await chunkedMonteCarlo(
          layersNetwork(inputs, 1),
          X,
          Y,
          {
            samples: inputs.ntkSamples,
            first: base + NTK_SEED_OFFSET,
            ntk: true,
            chunk: NTK_CHUNK,
          },
          (done) =>
            report({
              done: inputs.samples + done,
              message: `NTK: ${done} of ${inputs.ntkSamples} networks`,
            }),
          signal,
        )
      : null;
    signal.throwIfAborted();
    thetas.forEach((theta, i) => {
      const g = (exact.nngp.data[i] as number) / k0;
      const t = (exact.ntk.data[i] as number) / t0;
      const gMc = (nngp.mean[i] as number) / k0;
      const gSe = (nngp.se[i] as number) / k0;
      const tMc = ntk ? (ntk.mean[i] as number) / t0 : null;
      const tSe = ntk ? (ntk.se[i] as number) / t0 : null;
      onRow({
        theta,
        nngp: g,
        ntk: t,
        nngpMc: gMc,
        nngpSe: gSe,
        nngpZ: zScore(gMc, g, gSe),
        ntkMc: tMc,
        ntkSe: tSe,
        ntkZ: tMc === null || tSe === null ? null : zScore(tMc, t, tSe),
        nngpAt0: k0,
        ntkAt0: t0,
      });
    });
    report({
      done: inputs.samples + (ntk ? inputs.ntkSamples : 0),
      message: `${inputs.samples} networks of width ${inputs.width}${ntk ? ` and ${inputs.ntkSamples} for the NTK` : ''}; k(0) = ${formatValue(k0, 4)}, Θ(0) = ${formatValue(t0, 4)}`,
    });
  },
  nodeScript(inputs) {
    const residual = inputs.block === 'residual';
    const phi = ACTIVATION_CODE[inputs.activation];
    const blockCode = residual
      ? `// A residual block x + W·φ(x): the branch ends in its dense layer, so it has mean zero and
// fanInSum's sum of kernels is exact.
const block = () => serial(fanOut(2), parallel(serial(${phi}, layer()), identity()), fanInSum());`
      : `const block = () => serial(layer(), ${phi});`;
    const imports = [
      'dense',
      'monteCarloKernel',
      'serial',
      ...(residual ? ['fanInSum', 'fanOut', 'identity', 'parallel'] : []),
      phi.replace(/\(.*$/, ''),
    ].sort();
    return `${scriptHeader({
      what: `The "Any architecture" demo of the Kernels page: the analytic NNGP${inputs.mcNtk ? ' and NTK' : ''} of one @overparam/layers description (${describeNetwork(inputs)}) on the unit circle against finite networks of the same description.`,
      packages: ['@overparam/layers', '@overparam/tensor'],
      url: pageUrl(PAGE_PATH, layersInputs, inputs),
    })}
import { ${imports.join(', ')} } from '@overparam/layers';
import { initBackend } from '@overparam/tensor';

// The finite networks run in float32 on a TensorFlow.js backend (wasm here); the kernels are float64.
await initBackend('wasm');

const depth = ${inputs.depth};
const width = ${inputs.width};
const wStd = ${inputs.wStd};
const bStd = ${inputs.bStd};
const layer = () => dense({ outputs: width, wStd, bStd });
${blockCode}
// One description: the same function gives the finite networks and the kernels.
const network = (outputs) =>
  serial(${residual ? 'layer(), ' : ''}...Array.from({ length: depth }, block), dense({ outputs, wStd, bStd }));

// x(θ) = (cos θ, sin θ) for ${N_ANGLES} angles in [0, π], against x(0) = (1, 0).
const thetas = Array.from({ length: ${N_ANGLES} }, (_, i) => (Math.PI * i) / ${N_ANGLES - 1});
const X = thetas.map((t) => [Math.cos(t), Math.sin(t)]);
const Y = [[1, 0]];

const net = network(${inputs.outputs});
const exact = net.kernel.f64(X, Y); // float64, infinite width
const k0 = exact.nngp.data[0];
const t0 = exact.ntk.data[0];
const mc = await monteCarloKernel(net, X, Y, { samples: ${inputs.samples}, initSeed: ${inputs.initSeed * SEED_STRIDE}, ntk: false });
${
  inputs.mcNtk
    ? `// The empirical NTK of one-output networks (one backward pass per input and network).
const mcNtk = await monteCarloKernel(network(1), X, Y, { samples: ${inputs.ntkSamples}, initSeed: ${inputs.initSeed * SEED_STRIDE + NTK_SEED_OFFSET}, ntk: true });
`
    : ''
}
const rows = thetas.map((theta, i) => {
  const row = {
    theta,
    nngp: exact.nngp.data[i] / k0,
    ntk: exact.ntk.data[i] / t0,
    nngpMc: mc.nngp.data[i] / k0,
    nngpSe: mc.nngpStdError.data[i] / k0,
  };
  row.nngpZ = Math.abs(row.nngpMc - row.nngp) / row.nngpSe;${
    inputs.mcNtk
      ? `
  row.ntkMc = mcNtk.ntk.data[i] / t0;
  row.ntkSe = mcNtk.ntkStdError.data[i] / t0;
  row.ntkZ = Math.abs(row.ntkMc - row.ntk) / row.ntkSe;`
      : ''
  }
  return row;
});
console.table(rows);
console.log(\`k(0) = \${k0}, Θ(0) = \${t0}\`);
const z = rows.flatMap((r) => [r.nngpZ, ...(r.ntkZ === undefined ? [] : [r.ntkZ])]);
console.log(\`finite networks within 2 SE of the analytic kernels: \${z.filter((v) => v <= 2).length} of \${z.length}\`);
`;
  },
};
