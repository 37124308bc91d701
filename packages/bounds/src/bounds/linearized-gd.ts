import { sphereInputs } from '@overparam/datasets';
import { fcKernel } from '@overparam/kernels';
import { createRng, eigh, type Matrix64 } from '@overparam/tensor';
import {
  linearizedGd,
  linearizedModel,
  type StepSizeThresholds,
  stepSizeThresholds,
} from '@overparam/train';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link linearizedGdBound}. */
export type LinearizedGdInputs = {
  /** Training points n. */
  n: number;
  /** Test points m. */
  nTest: number;
  /** Input dimension d. */
  d: number;
  /** Hidden layers L of the ReLU network whose NTK is used. */
  depth: number;
  /** σ_w. */
  wStd: number;
  /** σ_b. */
  bStd: number;
  /** η̃ as a fraction of the stability threshold 2/λ_max(Θ). */
  stepRatio: number;
  /** GD steps k of the prediction. */
  steps: number;
};

const ID = 'linearized-gd';
/** GD run step by step and the closed form agree to rounding: relative gap ≤ this. */
export const LINEARIZED_GD_FORMULA_RTOL = 1e-8;
/** The measured divergence threshold lies within this relative distance of 2/λ_max. */
export const LINEARIZED_GD_THRESHOLD_RTOL = 0.02;
/** Steps of each GD run that decides converge / diverge in the bisection. */
const BISECTION_STEPS = 1000;
const BISECTION_ITERATIONS = 16;
/** The two runs that show the threshold: just below and just above 2/λ_max. */
const BELOW = 0.98;
const ABOVE = 1.02;

const inputs: InputSpec[] = [
  {
    key: 'n',
    label: 'n',
    description: 'Training points (seeded, uniform on the sphere of radius √d).',
    type: 'integer',
    min: 2,
    max: 128,
    step: 1,
    default: 32,
  },
  {
    key: 'nTest',
    label: 'm (test)',
    description: 'Test points where the prediction f_k(x) is compared.',
    type: 'integer',
    min: 1,
    max: 128,
    step: 1,
    default: 32,
  },
  {
    key: 'd',
    label: 'd',
    description: 'Input dimension.',
    type: 'integer',
    min: 1,
    max: 200,
    default: 5,
  },
  {
    key: 'depth',
    label: 'L',
    description: 'Hidden layers of the ReLU network (NTK parameterization) whose NTK Θ is used.',
    type: 'integer',
    min: 1,
    max: 10,
    default: 2,
  },
  {
    key: 'wStd',
    label: 'σ_w',
    description: 'Weight scale.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 10,
    step: 0.1,
    default: Math.SQRT2,
  },
  {
    key: 'bStd',
    label: 'σ_b',
    description: 'Bias scale.',
    type: 'number',
    min: 0,
    max: 10,
    step: 0.1,
    default: 0.1,
  },
  {
    key: 'stepRatio',
    label: 'η̃ · λ_max / 2',
    description:
      'The effective step η̃ = η/c as a fraction of the stability threshold 2/λ_max(Θ): below 1 GD converges, above 1 it diverges.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 3,
    step: 0.01,
    default: 0.9,
  },
  {
    key: 'steps',
    label: 'k',
    description: 'Number of GD steps of the prediction.',
    type: 'integer',
    min: 0,
    max: 5000,
    step: 10,
    default: 200,
  },
];

/** The seeded problem: inputs, targets, f₀ ~ GP(0, NNGP), the NTK blocks and their thresholds. */
interface Problem {
  ntk: Matrix64;
  ntkTestTrain: Matrix64;
  y: Float64Array;
  yTest: Float64Array;
  f0: Float64Array;
  f0Test: Float64Array;
  /** train's step-size thresholds of Θ(X, X) for L = ½Σ(f − y)² (c = 1, so η = η̃). */
  thresholds: StepSizeThresholds;
}

/** A square-root factor J with JJᵀ = K (eigenvalues below 0 from rounding are clipped). */
function factor(K: Matrix64): Matrix64 {
  const { values, vectors } = eigh(K);
  const n = K.rows;
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      J[i * n + j] =
        (vectors.data[i * n + j] as number) * Math.sqrt(Math.max(values[j] as number, 0));
    }
  }
  return { rows: n, cols: n, data: J };
}

const cache = new Map<string, Problem>();

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** ‖f − y‖ from a loss L = ½‖f − y‖² (c = 1). */
function residualNorm(loss: number): number {
  return Math.sqrt(2 * loss);
}

function problem(i: LinearizedGdInputs): Problem {
  const key = [i.n, i.nTest, i.d, i.depth, i.wStd, i.bStd].join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const seed = linearizedGdBound.empiricalCheck.seed;
  // Inputs uniform on the sphere of radius √d (datasets' sphereInputs), train and test streams.
  const X = sphereInputs({ n: i.n, d: i.d, dataSeed: seed, stream: 1 });
  const Xt = sphereInputs({ n: i.nTest, d: i.d, dataSeed: seed, stream: 2 });
  const beta = createRng(seed, 3).fillNormal(new Float64Array(i.d));
  const nb = Math.hypot(...beta);
  // A smooth teacher: y = sin(2⟨β, x⟩), ⟨β, x⟩ ~ N(0, 1) for unit β and ‖x‖ = √d.
  const teacher = (M: Matrix64) =>
    Float64Array.from({ length: M.rows }, (_, r) => {
      let s = 0;
      for (let j = 0; j < i.d; j++) s += (M.data[r * i.d + j] as number) * (beta[j] as number);
      return Math.sin((2 * s) / nb);
    });
  const y = teacher(X);
  const yTest = teacher(Xt);
  const k = fcKernel({ depth: i.depth, activation: 'relu', wStd: i.wStd, bStd: i.bStd });
  const N = i.n + i.nTest;
  const all: Matrix64 = { rows: N, cols: i.d, data: new Float64Array(N * i.d) };
  all.data.set(X.data, 0);
  all.data.set(Xt.data, X.data.length);
  const { nngp, ntk: ntkAll } = k.f64(all);
  // f₀ on train and test jointly: the output of a random infinitely wide network, N(0, NNGP).
  const z = createRng(seed, 4).fillNormal(new Float64Array(N));
  const L = factor(nngp);
  const f0All = new Float64Array(N);
  for (let a = 0; a < N; a++) {
    let s = 0;
    for (let b = 0; b < N; b++) s += (L.data[a * N + b] as number) * (z[b] as number);
    f0All[a] = s;
  }
  const n = i.n;
  const ntk: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  const ntkTestTrain: Matrix64 = { rows: i.nTest, cols: n, data: new Float64Array(i.nTest * n) };
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < n; b++) {
      const v = ntkAll.data[a * N + b] as number;
      if (a < n) ntk.data[a * n + b] = v;
      else ntkTestTrain.data[(a - n) * n + b] = v;
    }
  }
  const p: Problem = {
    ntk,
    ntkTestTrain,
    y,
    yTest,
    f0: f0All.slice(0, n),
    f0Test: f0All.slice(n),
    thresholds: stepSizeThresholds(ntk, { lossNormalization: 'sum' }),
  };
  if (cache.size > 16) cache.clear();
  cache.set(key, p);
  return p;
}

/** The linearized problem at effective step η̃, as train's linearizedModel and linearizedGd take it (c = 1: η = η̃). */
function linearizedInputs(p: Problem, effectiveStep: number) {
  return {
    ntkTrain: p.ntk,
    f0Train: p.f0,
    yTrain: p.y,
    ntkTestTrain: p.ntkTestTrain,
    f0Test: p.f0Test,
    learningRate: effectiveStep,
    lossNormalization: 'sum',
  } as const;
}

/** train's closed-form linearized model at effective step η̃ (c = 1: learning rate η = η̃). */
function model(p: Problem, effectiveStep: number) {
  return linearizedModel(linearizedInputs(p, effectiveStep));
}

const assumptions: Assumption<LinearizedGdInputs>[] = [
  {
    id: 'positive-definite-ntk',
    statement: '\\lambda_{\\min}(\\Theta) > 0',
    check: (i) => {
      const { lambdaMin, lambdaMax } = problem(i).thresholds;
      return {
        holds: lambdaMin > 1e-10 * lambdaMax,
        value: lambdaMin,
        requirement: 'λ_min(Θ) > 0 (relative to λ_max: > 1e-10)',
        explanation:
          'Lee et al. assume a positive definite NTK on the training set (distinct inputs). With λ_min = 0 the test prediction Θ(x, X)Θ⁻¹ is undefined and a direction of the residual never moves.',
      };
    },
  },
  {
    id: 'stable-step',
    statement: '0 < \\tilde\\eta < 2/\\lambda_{\\max}(\\Theta)',
    check: (i) => ({
      holds: i.stepRatio < 1,
      value: i.stepRatio,
      requirement: 'η̃·λ_max/2 < 1',
      explanation:
        'GD on the linearized model multiplies the residual by I − η̃Θ each step: it converges iff every |1 − η̃λ_i| < 1, i.e. η̃ < 2/λ_max, and diverges along the top eigenvector above it. The formula stays exact above the threshold; it then predicts the divergence.',
    }),
  },
  {
    id: 'lee-step-size',
    statement:
      '\\tilde\\eta < \\eta_{\\mathrm{critical}} = 2/(\\lambda_{\\min} + \\lambda_{\\max})',
    check: (i) => {
      const { lambdaMin, lambdaMax } = problem(i).thresholds;
      const limit = lambdaMax / (lambdaMin + lambdaMax);
      return {
        holds: i.stepRatio < limit,
        value: i.stepRatio,
        requirement: `η̃·λ_max/2 < λ_max/(λ_min + λ_max) = ${limit.toPrecision(6)}`,
        explanation:
          'The theorem that a wide network stays within O(1/√width) of its linearization (Lee et al. 2019, Theorem 2.1) is proved for η̃ < 2/(λ_min + λ_max), slightly below the stability threshold. Between the two the linear model converges but the theorem says nothing about the network.',
      };
    },
  },
  {
    id: 'wide-network',
    statement: '\\text{width} \\to \\infty\\ \\text{(NTK parameterization)}',
    check: () => ({
      holds: true,
      value: 'the analytic NTK (infinite width)',
      requirement: 'a finite network is within O(1/√width) of its linearization',
      explanation:
        'The prediction is exact for the linearized model. A finite network follows it up to O(1/√width) (Theorem 2.1); the calculator uses the infinite-width NTK, so it describes the wide limit.',
    }),
  },
];

function validate(raw: unknown): LinearizedGdInputs {
  return validateInputs<LinearizedGdInputs>(ID, inputs, raw);
}

function formula(i: LinearizedGdInputs): BoundFormula {
  const p = problem(i);
  const t = p.thresholds;
  const effectiveStep = i.stepRatio * t.maxStableEffectiveStep;
  const lin = t.lambdaMin > 0 ? model(p, effectiveStep) : null;
  const pred = lin ? lin.at(i.steps) : null;
  const r0 = Math.hypot(...p.f0.map((v, k) => v - (p.y[k] as number)));
  const test = pred?.test ?? null;
  const testMse = test
    ? test.reduce((s, v, k) => s + (v - (p.yTest[k] as number)) ** 2, 0) / i.nTest
    : null;
  return {
    value: t.maxStableEffectiveStep,
    valueLabel: 'stability threshold 2/λ_max(Θ) for the effective step η̃ = η/c',
    terms: [
      { id: 'lambda-min', label: 'λ_min(Θ)', latex: '\\lambda_{\\min}', value: t.lambdaMin },
      { id: 'lambda-max', label: 'λ_max(Θ)', latex: '\\lambda_{\\max}', value: t.lambdaMax },
      {
        id: 'max-stable-effective-step',
        label: 'stability threshold 2/λ_max (largest stable η̃)',
        latex: '2/\\lambda_{\\max}',
        value: t.maxStableEffectiveStep,
      },
      {
        id: 'lee-effective-step',
        label: 'Lee et al. step 2/(λ_min + λ_max)',
        latex: '\\eta_{\\mathrm{critical}}',
        value: t.leeEffectiveStep,
      },
      {
        id: 'effective-step',
        label: 'effective step η̃',
        latex: '\\tilde\\eta',
        value: effectiveStep,
      },
      {
        id: 'contraction',
        label: 'per-step factor max|1 − η̃λ_i|',
        latex: '\\max_i|1-\\tilde\\eta\\lambda_i|',
        value: lin ? lin.contraction : null,
      },
      {
        id: 'residual-ratio',
        label: `‖f_k(X) − y‖/‖f₀(X) − y‖ after k = ${i.steps} steps`,
        latex: '\\|(I-\\tilde\\eta\\Theta)^k(f_0-y)\\|/\\|f_0-y\\|',
        value: finite(pred ? residualNorm(pred.loss) / r0 : null),
        note: 'null when it overflows float64 (a step far above the threshold)',
      },
      {
        id: 'test-mse',
        label: `test MSE of f_k on the ${i.nTest} test points`,
        latex: '\\tfrac1m\\|f_k(X_*) - y_*\\|^2',
        value: finite(testMse),
      },
    ].map((t) =>
      t.value === null && !t.note
        ? {
            ...t,
            note: lin
              ? 'beyond float64 (a step far above the threshold)'
              : 'λ_min(Θ) ≤ 0 (repeated inputs): Θ⁻¹ and the linearized prediction are undefined',
          }
        : t,
    ),
    caveats: [
      'Exact for the linearized model; a finite network deviates by O(1/√width) when η̃ < 2/(λ_min + λ_max) (Theorem 2.1).',
      'Θ is the analytic NTK of a ReLU network on seeded data (inputs on the sphere of radius √d, targets sin(2⟨β, x⟩), f₀ drawn from the NNGP); the thresholds are stated for η̃ = η/c.',
      'The discrete-time formula is that of @overparam/train’s linearizedModel (the reference NTK library has only continuous time, e^{−η̃Θt}).',
    ],
  };
}

async function run(i: LinearizedGdInputs, { step }: CheckProgress): Promise<EmpiricalResult> {
  const p = problem(i);
  const n = i.n;
  const stability = p.thresholds.maxStableEffectiveStep;
  // GD on the linearized model (train's linearizedGd, c = 1): diverged = the run blew up or
  // ended with a loss above its start.
  const diverges = (ratio: number) => {
    const run = linearizedGd({
      ntkTrain: p.ntk,
      f0Train: p.f0,
      yTrain: p.y,
      learningRate: ratio * stability,
      lossNormalization: 'sum',
      steps: BISECTION_STEPS,
      recordEvery: BISECTION_STEPS,
    });
    const last = run.loss.at(-1) as number;
    return run.diverged || !(last <= (run.loss[0] as number));
  };
  // 1. Just below and just above the threshold.
  const belowDiverges = diverges(BELOW);
  const aboveDiverges = diverges(ABOVE);
  await step(0.1);
  // 2. The divergence threshold measured by bisection on η̃ (in units of 2/λ_max).
  let lo = 0.5;
  let hi = 1.5;
  for (let it = 0; it < BISECTION_ITERATIONS; it++) {
    const mid = (lo + hi) / 2;
    if (diverges(mid)) hi = mid;
    else lo = mid;
    await step(0.1 + (0.7 * (it + 1)) / BISECTION_ITERATIONS);
  }
  const measuredThreshold = ((lo + hi) / 2) * stability;
  const thresholdGap = Math.abs(measuredThreshold - stability) / stability;
  // 3. The trajectory at the reader's step, on train and test, against the closed form.
  const effectiveStep = i.stepRatio * stability;
  const every = Math.max(1, Math.ceil(i.steps / 60));
  const gd = linearizedGd({
    ...linearizedInputs(p, effectiveStep),
    steps: i.steps,
    recordEvery: every,
    // Only a non-finite loss stops it: above the threshold the closed form predicts the growth.
    divergenceFactor: Number.POSITIVE_INFINITY,
  });
  const lin = model(p, effectiveStep);
  const pred = lin.at(i.steps);
  const rel = (a: Float64Array, b: Float64Array) => {
    let num = 0;
    let den = 0;
    for (let k = 0; k < a.length; k++) {
      num += ((a[k] as number) - (b[k] as number)) ** 2;
      den += (b[k] as number) ** 2;
    }
    return Math.sqrt(num / Math.max(den, 1e-300));
  };
  const reached = gd.steps.at(-1) === i.steps;
  const formulaGap = reached
    ? Math.max(
        rel(gd.train.at(-1) as Float64Array, pred.train),
        rel((gd.test as Float64Array[]).at(-1) as Float64Array, pred.test as Float64Array),
      )
    : Number.NaN;
  // Residual norms along the way: the closed form at the recorded steps against GD.
  const points: { x: number; predicted: number; measured: number }[] = [];
  gd.steps.forEach((k, r) => {
    if (k % every !== 0) return;
    const predicted = residualNorm(lin.at(k).loss);
    const measured = residualNorm(gd.loss[r] as number);
    if (Number.isFinite(measured) && Number.isFinite(predicted)) {
      points.push({ x: k, predicted, measured });
    }
  });
  await step(1);
  const passes =
    !belowDiverges &&
    aboveDiverges &&
    thresholdGap <= LINEARIZED_GD_THRESHOLD_RTOL &&
    formulaGap <= LINEARIZED_GD_FORMULA_RTOL;
  return {
    passes,
    relation: `|η̂ − 2/λ_max|/(2/λ_max) ≤ ${LINEARIZED_GD_THRESHOLD_RTOL}, GD converges at ${BELOW}× and diverges at ${ABOVE}×, and GD = closed form to ${LINEARIZED_GD_FORMULA_RTOL}`,
    predicted: stability,
    measured: measuredThreshold,
    tolerance: LINEARIZED_GD_THRESHOLD_RTOL,
    series: { x: 'GD step k', points },
    details: `GD step by step on the linearized model (@overparam/train linearizedGd: f ← f − η̃Θ(f − y), parameter-space GD on f₀ + J(θ − θ₀) pushed forward through J), Θ the analytic NTK of a depth-${i.depth} ReLU network (fcKernel, float64), on n = ${n} training and ${i.nTest} test points in d = ${i.d}, loss ½Σ(f − y)² (c = 1, η = η̃). At η̃ = ${BELOW}·2/λ_max GD ${belowDiverges ? 'diverged' : 'converged'} and at ${ABOVE}·2/λ_max it ${aboveDiverges ? 'diverged' : 'converged'} (${BISECTION_STEPS} steps each; diverged = loss above its start). Bisection on η̃ puts the divergence threshold at ${measuredThreshold.toPrecision(6)} against 2/λ_max = ${stability.toPrecision(6)} (relative gap ${thresholdGap.toExponential(2)}). At η̃ = ${i.stepRatio}·2/λ_max the GD outputs after k = ${i.steps} steps match the closed form (train's linearizedModel) to ${formulaGap.toExponential(2)} (train and test).`,
  };
}

/**
 * Gradient descent on a linearized network (Lee et al., NeurIPS 2019; https://overparam.dev/docs/theory/linearized-gd#discrete-time): with the
 * NTK Θ on the training set and the effective step η̃ = η/c, k steps give exactly
 * f_k(X) = y + (I − η̃Θ)^k(f₀(X) − y) and f_k(x) = f₀(x) − Θ(x, X)Θ⁻¹[I − (I − η̃Θ)^k]·(f₀(X) − y);
 * GD converges iff η̃ < 2/λ_max(Θ), and the closeness theorem assumes η̃ < 2/(λ_min + λ_max).
 * Θ is the analytic ReLU NTK of `@overparam/kernels` on seeded data; the thresholds and the
 * closed form are `@overparam/train`'s stepSizeThresholds and linearizedModel. The empirical
 * check runs GD step by step (train's linearizedGd), measures the divergence threshold by
 * bisection, and compares the trajectory with the closed form. Float64 on the CPU.
 *
 * @example
 * linearizedGdBound.evaluate(linearizedGdBound.defaults).value // 2/λ_max(Θ) for the default 32 points
 */
export const linearizedGdBound: Bound<LinearizedGdInputs> = defineBound<LinearizedGdInputs>({
  id: ID,
  title: 'Gradient descent on a linearized network: exact trajectory and step-size thresholds',
  citation: {
    authors:
      'J. Lee, L. Xiao, S. S. Schoenholz, Y. Bahri, R. Novak, J. Sohl-Dickstein, J. Pennington',
    title: 'Wide Neural Networks of Any Depth Evolve as Linear Models Under Gradient Descent',
    venue: 'NeurIPS',
    year: 2019,
    theorem: 'Theorem 2.1 (η < η_critical = 2/(λ_min + λ_max)); §2 (linearized dynamics)',
    url: 'https://arxiv.org/abs/1902.06720',
  },
  kind: 'rate',
  statement:
    'f_k(X) = y + (I - \\tilde\\eta\\Theta)^k\\,(f_0(X) - y),\\quad f_k(x) = f_0(x) - \\Theta(x, X)\\,\\Theta^{-1}\\big[I - (I - \\tilde\\eta\\Theta)^k\\big](f_0(X) - y),\\quad \\text{converges} \\iff 0 < \\tilde\\eta < \\frac{2}{\\lambda_{\\max}(\\Theta)}',
  inputs,
  validate,
  assumptions,
  formula,
  empiricalCheck: {
    description:
      'Runs GD step by step on the linearized model (train’s linearizedGd; Θ the analytic NTK) just below and just above 2/λ_max, locates the divergence threshold by bisection, and compares the GD outputs on train and test points with the closed form (train’s linearizedModel).',
    seed: 51,
    run,
  },
  snippet: `import { getBound } from '@overparam/bounds';

const gd = getBound('linearized-gd');
const inputs = gd.validate({ n: 32, depth: 2, stepRatio: 0.9, steps: 200 });
const result = gd.evaluate(inputs);
console.log(result.value); // 2/λ_max(Θ): the largest stable effective step η/c
const check = await gd.empiricalCheck.run(inputs);
console.log(check.passes, check.details);`,
});
