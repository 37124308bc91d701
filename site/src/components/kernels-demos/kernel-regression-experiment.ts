// The experiment behind the kernel regression demo of docs/kernels.mdx and its static figure:
// kernel ridge regression of noisy 1-D samples with the NTK or NNGP of a deep ReLU network (or
// a classic kernel), by fitKernelRidge (float64 Cholesky, or float32 conjugate gradient on the
// page's TensorFlow.js backend), with the float32 prediction on the backend compared against
// the float64 fit. Pure (no React, no DOM): the page, make-figures.mts and scripts/time-demos.mts run it.
import {
  type Experiment,
  literal,
  type ParamSpec,
  pageUrl,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import { regressionData, target } from './data';
import {
  fcKernel,
  fitKernelRidge,
  KERNEL_RIDGE_F64_MAX_N,
  kernelRidge,
  laplaceKernel,
  type MatrixInput,
  rbfKernel,
} from './kernels-lib';

const KERNELS = ['ntk', 'nngp', 'rbf', 'laplace'] as const;
type KernelName = (typeof KERNELS)[number];
export const KERNEL_LABELS: Record<KernelName, string> = {
  ntk: 'NTK (ReLU network)',
  nngp: 'NNGP (ReLU network)',
  rbf: 'Gaussian (RBF), ℓ = 0.5',
  laplace: 'Laplace, ℓ = 1',
};
const SOLVERS = ['auto', 'f64', 'gpu-cg'] as const;

/** The prediction grid: 241 points of [−2.4, 2.4] (the data lie in [−2, 2]). */
export const GRID = Array.from({ length: 241 }, (_, i) => -2.4 + (4.8 * i) / 240);
/** σ_b of the ReLU network kernels. */
const NETWORK_BSTD = 0.2;

export interface KernelRegressionInputs {
  kernel: KernelName;
  /** log₁₀ λ; −9 (the slider's end) stands for λ = 0. */
  logRidge: number;
  n: number;
  noise: number;
  /** Hidden layers of the NTK/NNGP (named apart from the width sweep's `depth`: one page URL). */
  fitDepth: number;
  solver: (typeof SOLVERS)[number];
  dataSeed: number;
}

export interface KernelRegressionRow {
  kernel: string;
  solver: 'f64' | 'gpu-cg';
  /** The ridge actually used (CG raises it to its floor). */
  ridge: number;
  /** Relative training residual ‖Kα − y‖/‖y‖. */
  residual: number;
  /** κ₂(K + λI). */
  cond: number;
  condIsEstimate: boolean;
  /** Mean squared error of the prediction against the noiseless target on the grid. */
  testMse: number;
  /**
   * max |f32 − f64| / max |f64| over the grid: the float64 fit's prediction recomputed in float32
   * on the backend, or (CG) the CG prediction against the float64 fit at the same ridge.
   */
  f32Gap: number;
  reason: string;
  /** The prediction on {@link GRID}. */
  prediction: number[];
  /** The training data. */
  train: { x: number[]; y: number[] };
}

/** λ for a slider value: −9 and below is 0 (the minimum-norm interpolant). */
export function ridgeOf(logRidge: number): number {
  return logRidge <= -9 ? 0 : 10 ** logRidge;
}

export const kernelRegressionInputs: readonly ParamSpec[] = [
  {
    key: 'kernel',
    label: 'Kernel',
    description: 'The NTK or NNGP of a deep ReLU network, or a classic kernel.',
    type: 'choice',
    choices: KERNELS,
    choiceLabels: KERNEL_LABELS,
    default: 'ntk',
  },
  {
    key: 'logRidge',
    label: 'log₁₀ ridge λ',
    description: 'At −9, λ = 0: the minimum-norm interpolant.',
    type: 'number',
    default: -9,
    min: -9,
    max: 1,
    step: 0.5,
  },
  {
    key: 'n',
    label: 'Training points n',
    description: 'Noisy samples of sin(2.5x) + 0.3x at uniform x in [−2, 2].',
    type: 'integer',
    default: 20,
    min: 3,
    max: 200,
  },
  {
    key: 'noise',
    label: 'Label noise σ',
    description: 'Standard deviation of the noise on the targets.',
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    step: 0.05,
    advanced: true,
  },
  {
    key: 'fitDepth',
    label: 'Hidden layers L',
    description: 'Depth of the network whose NTK or NNGP is used (σ_w = √2, σ_b = 0.2).',
    type: 'integer',
    default: 3,
    min: 1,
    max: 6,
    advanced: true,
    shown: (values) => values.kernel === 'ntk' || values.kernel === 'nngp',
  },
  {
    key: 'solver',
    label: 'Solver',
    description: 'float64 Cholesky on the CPU, or float32 conjugate gradient on the backend.',
    type: 'choice',
    choices: SOLVERS,
    choiceLabels: {
      auto: `auto (float64 up to n = ${KERNEL_RIDGE_F64_MAX_N})`,
      f64: 'float64 Cholesky (CPU)',
      'gpu-cg': 'conjugate gradient (float32, backend)',
    },
    default: 'auto',
    advanced: true,
  },
  seedInput({
    key: 'dataSeed',
    label: 'Data seed',
    description: 'Draws the sample positions and the noise.',
    default: 3,
  }),
];

/** The input embedding: x ↦ (x, 1), so that the ReLU kernels see a bias direction. */
const embed = (xs: readonly number[]) => xs.map((x) => [x, 1]);

function kernelOf(name: KernelName, depth: number) {
  if (name === 'ntk' || name === 'nngp') {
    const k = fcKernel({ depth, activation: 'relu', wStd: Math.SQRT2, bStd: NETWORK_BSTD });
    return {
      f64: (A: MatrixInput, B?: MatrixInput) => k.f64(A, B)[name],
      gpu: async (A: number[][], B: number[][]) => {
        const r = await k.gpu(A, B);
        (name === 'ntk' ? r.nngp : r.ntk).dispose();
        return r[name];
      },
    };
  }
  const k = name === 'rbf' ? rbfKernel({ lengthScale: 0.5 }) : laplaceKernel({ lengthScale: 1 });
  return {
    f64: (A: MatrixInput, B?: MatrixInput) => k.f64(A, B),
    gpu: (A: number[][], B: number[][]) => k.gpu(A, B),
  };
}

/** max |a − b| / max |b|. */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    gap = Math.max(gap, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return gap / scale;
}

export const kernelRegressionExperiment: Experiment<KernelRegressionInputs, KernelRegressionRow> = {
  id: 'kernel-regression',
  title: 'Kernel ridge regression of noisy samples of sin(2.5x) + 0.3x',
  inputs: kernelRegressionInputs,
  columns: [
    { key: 'kernel', label: 'kernel', format: 'text' },
    { key: 'solver', label: 'solver', format: 'text' },
    { key: 'ridge', label: 'ridge used' },
    { key: 'residual', label: 'training residual', digits: 2 },
    { key: 'testMse', label: 'test MSE' },
    {
      key: 'cond',
      label: 'cond(K + λI)',
      format: (value, row: KernelRegressionRow) =>
        `${value === Infinity ? '∞' : (value as number).toExponential(1)}${row.condIsEstimate ? ' (est.)' : ''}`,
    },
    { key: 'f32Gap', label: 'float32 gap', digits: 2 },
    { key: 'condIsEstimate', label: 'cond is an estimate', exportOnly: true },
    { key: 'reason', label: 'why this solver', format: 'text', exportOnly: true },
  ],
  total: () => 2,
  async run(inputs, { signal, onRow, report }) {
    const data = regressionData(inputs.n, inputs.noise, inputs.dataSeed);
    const k = kernelOf(inputs.kernel, inputs.fitDepth);
    const X = embed(data.x);
    const Xgrid = embed(GRID);
    const K = k.f64(X);
    const cross = k.f64(Xgrid, X);
    report({ done: 0, message: 'fitting' });
    const fit = await fitKernelRidge(K, data.y, {
      ridge: ridgeOf(inputs.logRidge),
      solver: inputs.solver,
    });
    try {
      signal.throwIfAborted();
      const prediction = (await fit.predict(cross)).data;
      let testMse = 0;
      GRID.forEach((x, i) => {
        testMse += ((prediction[i] as number) - target(x)) ** 2 / GRID.length;
      });
      report({ done: 1, message: 'float32 check on the backend' });
      let f32Gap: number;
      if (fit.solver === 'gpu-cg') {
        f32Gap = relativeGap(
          prediction,
          kernelRidge(K, data.y, { ridge: fit.ridge }).predict(cross).data,
        );
      } else {
        const crossGpu = await k.gpu(Xgrid, X);
        const p = fit.predictGpu(crossGpu);
        const values = await p.data();
        crossGpu.dispose();
        p.dispose();
        f32Gap = relativeGap(values, prediction);
      }
      signal.throwIfAborted();
      report({ done: 2 });
      onRow({
        kernel: inputs.kernel,
        solver: fit.solver,
        ridge: fit.ridge,
        residual: fit.residual,
        cond: fit.cond,
        condIsEstimate: fit.condIsEstimate,
        testMse,
        f32Gap,
        reason: fit.reason,
        prediction: Array.from(prediction),
        train: data,
      });
    } finally {
      fit.dispose();
    }
  },
  nodeScript(inputs) {
    const ridge = ridgeOf(inputs.logRidge);
    const network = inputs.kernel === 'ntk' || inputs.kernel === 'nngp';
    const kernelCode = network
      ? `const k = fcKernel({ depth: ${inputs.fitDepth}, activation: 'relu', wStd: Math.SQRT2, bStd: ${NETWORK_BSTD} });
const gram = (A, B) => k.f64(A, B).${inputs.kernel};
const gramGpu = async (A, B) => {
  const { nngp, ntk } = await k.gpu(A, B);
  ${inputs.kernel === 'ntk' ? 'nngp' : 'ntk'}.dispose();
  return ${inputs.kernel};
};`
      : `const k = ${inputs.kernel === 'rbf' ? 'rbfKernel({ lengthScale: 0.5 })' : 'laplaceKernel({ lengthScale: 1 })'};
const gram = (A, B) => k.f64(A, B);
const gramGpu = (A, B) => k.gpu(A, B);`;
    const kernelImport = network
      ? 'fcKernel'
      : inputs.kernel === 'rbf'
        ? 'rbfKernel'
        : 'laplaceKernel';
    return `${scriptHeader({
      what: `Kernel ridge regression on the Kernels page: ${KERNEL_LABELS[inputs.kernel]}, n = ${inputs.n}, λ = ${ridge}.`,
      packages: ['@overparam/kernels', '@overparam/tensor'],
      url: pageUrl('/docs/kernels', kernelRegressionInputs, inputs),
    })}
import { ${kernelImport}, fitKernelRidge, kernelRidge } from '@overparam/kernels';
import { createRng, initBackend } from '@overparam/tensor';

// The float32 check (and conjugate gradient) runs on a TensorFlow.js backend: wasm, which
// @overparam/tensor always installs; initBackend() with no argument picks the best one there is.
const backend = await initBackend('wasm');
console.log(\`backend: \${backend.backend}\`);

const n = ${inputs.n};
const noise = ${inputs.noise};
const ridge = ${literal(ridge)};
const solver = '${inputs.solver}';

// n noisy samples of sin(2.5x) + 0.3x at uniform x in [-2, 2] (data seed ${inputs.dataSeed}).
const target = (x) => Math.sin(2.5 * x) + 0.3 * x;
const rng = createRng(${inputs.dataSeed});
const x = Array.from({ length: n }, () => -2 + 4 * rng.uniform()).sort((a, b) => a - b);
const y = x.map((v) => target(v) + noise * rng.normal());

// Inputs embedded as (x, 1), so that the network kernels see a bias direction.
const embed = (xs) => xs.map((v) => [v, 1]);
const grid = Array.from({ length: 241 }, (_, i) => -2.4 + (4.8 * i) / 240);
${kernelCode}

const K = gram(embed(x));
const cross = gram(embed(grid), embed(x));
const fit = await fitKernelRidge(K, y, { ridge, solver });
const prediction = (await fit.predict(cross)).data;
const testMse = grid.reduce((s, g, i) => s + (prediction[i] - target(g)) ** 2, 0) / grid.length;

// max |a - b| / max |b| over the grid.
const relativeGap = (a, b) => {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    gap = Math.max(gap, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return gap / scale;
};
let f32Gap;
if (fit.solver === 'gpu-cg') {
  // Conjugate gradient (float32) against the float64 fit at the ridge CG used.
  f32Gap = relativeGap(prediction, kernelRidge(K, y, { ridge: fit.ridge }).predict(cross).data);
} else {
  // The float64 fit's prediction recomputed in float32 on the backend.
  const crossGpu = await gramGpu(embed(grid), embed(x));
  const p = fit.predictGpu(crossGpu);
  f32Gap = relativeGap(await p.data(), prediction);
  crossGpu.dispose();
  p.dispose();
}
console.table([
  {
    kernel: '${inputs.kernel}',
    solver: fit.solver,
    ridge: fit.ridge,
    residual: fit.residual,
    testMse,
    cond: fit.cond,
    f32Gap,
  },
]);
console.log(fit.reason);
fit.dispose();
`;
  },
};
