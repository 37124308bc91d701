// The experiment of the Linear algebra page: the min-norm random-features fit solved three ways
// (float64 SVD, float64 Gram Cholesky, float32 Gram CG) at each N of a sweep through N = n.
// Pure (no React, no DOM): the live demo, make-figure.mts and the timing script share it.
import {
  type ColumnSpec,
  type Experiment,
  literal,
  type ParamSpec,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';
import {
  D,
  type DemoKind,
  KINDS,
  type PrecisionPoint,
  precisionSweep,
  sweepGrid,
} from './precision-sweep';

/** The inputs of one sweep (the page's URL parameters n, kind, points, seed). */
export interface PrecisionInputs {
  /** Samples n: rows of Φ; the sweep runs N over [n/4, 4n]. */
  n: number;
  kind: DemoKind;
  /** Points of the log-spaced sweep, N = n included. */
  points: number;
  /** Seed of X, y and the features. */
  seed: number;
}

/** Visible names of the feature kinds. */
export const KIND_LABELS: Readonly<Record<DemoKind, string>> = {
  relu: 'ReLU (arc-cosine kernel)',
  'fourier-gaussian': 'Fourier (Gaussian kernel)',
};

const INPUTS: readonly ParamSpec[] = [
  {
    key: 'n',
    label: 'Samples n',
    description: 'Rows of Φ; the sweep runs N from n/4 to 4n.',
    type: 'integer',
    default: 100,
    min: 20,
    max: 300,
    step: 1,
  },
  {
    key: 'kind',
    label: 'Features',
    description: 'The random features z(x), and the kernel they approximate.',
    type: 'choice',
    choices: KINDS,
    choiceLabels: KIND_LABELS,
    default: 'relu',
  },
  {
    key: 'points',
    label: 'Points of the sweep',
    description: 'Log-spaced over [n/4, 4n], N = n included.',
    type: 'integer',
    default: 13,
    min: 9,
    max: 41,
    step: 1,
    advanced: true,
  },
  seedInput({
    key: 'seed',
    label: 'Seed',
    description: 'Inputs X, targets y and features.',
    default: 0,
  }),
];

function cgText(_value: unknown, row: never): string {
  const p = row as PrecisionPoint;
  if (p.cgBreakdown) return 'broke down';
  return `${p.cgIterations}${p.cgConverged ? '' : ', stalled'}`;
}

const COLUMNS: readonly ColumnSpec<PrecisionPoint>[] = [
  { key: 'N', label: 'N', format: 'integer' },
  { key: 'ratio', label: 'N/n', digits: 2 },
  { key: 'form', label: 'Gram system', exportOnly: true },
  { key: 'cond', label: 'κ(G)', digits: 2 },
  { key: 'residualSvd', label: 'Residual, SVD', digits: 2, exportOnly: true },
  { key: 'residual64', label: 'Residual, float64', digits: 2 },
  { key: 'residual32', label: 'Residual, float32', digits: 2, exportOnly: true },
  { key: 'error64', label: 'Error, float64', digits: 2 },
  { key: 'error32', label: 'Error, float32', digits: 2 },
  { key: 'cgIterations', label: 'CG iterations', format: cgText },
  { key: 'bound64', label: 'u₆₄·κ', digits: 2, exportOnly: true },
  { key: 'bound32', label: 'u₃₂·κ', digits: 2, exportOnly: true },
  { key: 'jitter64', label: 'Jitter, float64', digits: 2, exportOnly: true },
  { key: 'cgConverged', label: 'CG converged', exportOnly: true },
  { key: 'cgBreakdown', label: 'CG breakdown', exportOnly: true },
  { key: 'seconds', label: 'Seconds', format: 'seconds', exportOnly: true },
];

/** The Node script of a sweep: the same three solves per N with the public packages. */
function nodeScript(inputs: PrecisionInputs): string {
  const { n, kind, points, seed } = inputs;
  const query = new URLSearchParams({
    n: String(n),
    kind,
    points: String(points),
    seed: String(seed),
  });
  return `${scriptHeader({
    what: `Precision of the min-norm random-features fit through N = n (n = ${n}, ${kind} features, ${points} points, seed ${seed}).`,
    packages: ['@overparam/tensor', '@overparam/random-features'],
    url: `https://overparam.dev/docs/linear-algebra?${query}`,
  })}import { featureGrid, randomFeatures } from '@overparam/random-features';
import {
  conjugateGradient,
  createRng,
  fromTensor,
  gram,
  initBackend,
  lstsqMinNorm,
  matmul,
  NotPositiveDefiniteError,
  solveSpd,
  toTensor,
  transpose,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';

const n = ${literal(n)};
const d = ${D};
const kind = ${literal(kind)};
const points = ${literal(points)};
const seed = ${literal(seed)};

// The float32 path runs on this backend ('auto', or OVERPARAM_BACKEND); the float64 ones on the CPU.
const info = await initBackend();
console.log(\`backend: \${info.backend}\`);

// Two significant digits, exponent form below 1e-3 and from 1e5 on (as the page's table).
const fmt = (v) =>
  !Number.isFinite(v) ? '–'
  : v === 0 ? '0'
  : Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3 ? v.toExponential(1)
  : String(Number(v.toPrecision(2)));
const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const distance = (a, b) => norm(a.map((x, i) => x - b[i])) / norm(b);
// ‖Gc − r‖/‖r‖ in float64 without forming G: Φa − y (dual), Φᵀ(Φa − y) (primal).
function residual(Phi, PhiT, y, a, dual) {
  const e = matmul(Phi, a);
  for (let i = 0; i < e.data.length; i++) e.data[i] -= y.data[i];
  if (dual) return norm(e.data) / norm(y.data);
  return norm(matmul(PhiT, e).data) / norm(matmul(PhiT, y).data);
}

const X = { rows: n, cols: d, data: createRng(seed, 0).fillNormal(new Float64Array(n * d)) };
const y = { rows: n, cols: 1, data: createRng(seed, 1).fillNormal(new Float64Array(n)) };
const rows = [];
for (const N of featureGrid({ n, min: Math.max(1, Math.round(n / 4)), max: 4 * n, points })) {
  const dual = N >= n;
  const Phi = randomFeatures({ kind, d, N, featureSeed: seed, lengthScale: Math.sqrt(d) }).f64(X);
  const PhiT = transpose(Phi);

  // 1. float64 reference a* = Φ⁺y by the SVD; κ(G) = (σ_max/σ_min)².
  const ref = lstsqMinNorm(Phi, y);
  const s = ref.singularValues;
  const cond = (s[0] / s[s.length - 1]) ** 2;

  // 2. float64 Gram path: G = ΦΦᵀ (N ≥ n) or ΦᵀΦ, Cholesky.
  const spd = solveSpd(gram(Phi, { form: dual ? 'AAt' : 'AtA' }), dual ? y : matmul(PhiT, y), {
    jitter: 'auto',
  });
  const a64 = dual ? matmul(PhiT, spd.x) : spd.x;

  // 3. float32 Gram path on the backend: tf.matMul, then conjugate gradient.
  const [G, r] = tf.tidy(() => {
    const P = toTensor(Phi);
    const yt = tf.tensor2d(Float32Array.from(y.data), [n, 1]);
    return dual
      ? [tf.matMul(P, P, false, true), tf.reshape(yt, [-1])]
      : [tf.matMul(P, P, true, false), tf.reshape(tf.matMul(P, yt, true), [-1])];
  });
  let a32 = null;
  let cgText = 'broke down';
  try {
    const cg = await conjugateGradient(G, r, { tol: 1e-5 });
    const aT = dual ? tf.tidy(() => tf.matMul(toTensor(Phi), tf.reshape(cg.x, [-1, 1]), true)) : cg.x;
    a32 = await fromTensor(aT);
    aT.dispose();
    cg.x.dispose();
    cgText = \`\${cg.iterations}\${cg.converged ? '' : ', stalled'}\`;
  } catch (error) {
    // In float32 a Gram matrix with κ ≳ 1/u₃₂ can be indefinite: CG finds pᵀGp ≤ 0.
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
  } finally {
    G.dispose();
    r.dispose();
  }

  rows.push({
    N,
    'N/n': fmt(N / n),
    'κ(G)': fmt(cond),
    'residual f64': fmt(residual(Phi, PhiT, y, a64, dual)),
    'error f64': fmt(distance(a64.data, ref.x.data)),
    'error f32': a32 ? fmt(distance(a32.data, ref.x.data)) : '–',
    'CG iterations': cgText,
  });
}
console.table(rows);
`;
}

/**
 * The precision sweep as an {@link Experiment}: one row per N of a log-spaced sweep over
 * [n/4, 4n] through N = n, each the float64 SVD reference, the float64 Gram Cholesky and the
 * float32 Gram CG on the active backend.
 *
 * @example
 * await initBackend('wasm');
 * await linearAlgebraExperiment.run(defaultInputs(linearAlgebraExperiment.inputs), ctx)
 * // 13 rows; κ(G) ≈ 5.6e7 at N = n = 100, where the float32 error is about 1
 */
export const linearAlgebraExperiment: Experiment<PrecisionInputs, PrecisionPoint> = {
  id: 'linear-algebra',
  title:
    'One row per N: κ(G), the relative residual ‖Gc − r‖/‖r‖ of the Gram system, and the error ‖a − a*‖/‖a*‖ against the float64 SVD solution a* = Φ⁺y',
  inputs: INPUTS,
  columns: COLUMNS,
  total: (inputs) => sweepGrid(inputs.n, inputs.points).length,
  runLabel: 'Run sweep',
  nodeScript,
  async run(inputs, { signal, onRow, report }) {
    let done = 0;
    report({ message: 'Starting…' });
    await precisionSweep({
      n: inputs.n,
      d: D,
      kind: inputs.kind,
      seed: inputs.seed,
      points: inputs.points,
      signal,
      onPoint: (point) => {
        done += 1;
        onRow(point);
        report({ done, message: `N = ${point.N} done` });
      },
    });
  },
};
