import { kernelRidge, rbfKernel } from '@overparam/kernels';
import { createRng, type Matrix64 } from '@overparam/tensor';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { kernelRademacher, marginBound, rampLoss } from '../formulas/rademacher-kernel.js';
import { positiveInput } from '../internal/input-specs.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link rademacherKernelBound}. */
export type RademacherKernelInputs = {
  /** Sample size m. */
  m: number;
  /** RKHS norm bound B of the class, fixed before seeing the data. */
  normBound: number;
  /** tr K of the training Gram matrix (m for a normalized kernel such as the RBF). */
  traceK: number;
  /** Margin ρ, fixed before seeing the data. */
  rho: number;
  /** Empirical ρ-margin loss of the hypothesis. */
  marginLoss: number;
  /** Failure probability δ. */
  delta: number;
};

const ID = 'rademacher-kernel';
/** The check's task and model: inputs in R^d, test points, label noise, RBF length scale, ridge. */
const CHECK = {
  d: 5,
  test: 2000,
  flip: 0.05,
  lengthScale: 2,
  ridge: 100,
  rademacherDraws: 50,
  maxM: 800,
};
/** Norm bounds of the plotted series (the reader's B is added). */
const NORMS = [0.25, 0.5, 1, 2];

const inputs: InputSpec[] = [
  {
    key: 'm',
    label: 'm',
    description: 'Training-set size.',
    type: 'integer',
    min: 1,
    max: 1e9,
    step: 100,
    default: 1000,
  },
  positiveInput(
    'normBound',
    'B',
    'RKHS norm bound ‖h‖_H ≤ B of the class, chosen before seeing the data.',
    {
      max: 1e6,
      step: 0.1,
      default: 1,
    },
  ),
  {
    key: 'traceK',
    label: 'tr K',
    description: 'Trace of the training Gram matrix (= m for the RBF kernel, whose diagonal is 1).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1e12,
    step: 1,
    default: 1000,
  },
  {
    key: 'rho',
    label: 'ρ',
    description: 'Margin, chosen before seeing the data.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1e6,
    step: 0.05,
    default: 0.25,
  },
  {
    key: 'marginLoss',
    label: 'R̂_ρ(h)',
    description: 'Empirical ρ-margin (ramp) loss of the hypothesis on the training set.',
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.37,
  },
  {
    key: 'delta',
    label: 'δ',
    description: 'Failure probability.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 0.5,
    step: 0.01,
    default: 0.05,
  },
];

const assumptions: Assumption<RademacherKernelInputs>[] = [
  {
    id: 'iid-sample',
    statement: 'S \\overset{\\text{i.i.d.}}{\\sim} \\mathcal D^m,\\ y \\in \\{-1, +1\\}',
    check: () => ({
      holds: true,
      value: 'premise',
      requirement: 'i.i.d. sample, binary labels',
      explanation:
        'Symmetrization and McDiarmid’s inequality need independent, identically distributed examples; the calculator cannot see the data, so it states the premise.',
    }),
  },
  {
    id: 'class-fixed-in-advance',
    statement:
      'B \\text{ and } \\rho \\text{ fixed before seeing } S;\\ \\lVert h\\rVert_{\\mathcal H} \\le B',
    check: (i) => ({
      holds: i.normBound > 0 && i.rho > 0,
      value: `B = ${i.normBound}, ρ = ${i.rho}`,
      requirement: 'B > 0, ρ > 0 chosen a priori; the hypothesis has ‖h‖_H ≤ B',
      explanation:
        'The bound holds uniformly over the ball ‖h‖_H ≤ B for a ρ fixed in advance. Picking B or ρ after training needs a union bound over a grid (Mohri et al., Thm 5.9: an extra √(log log)/√m term); the empirical check projects its hypothesis onto the ball instead.',
    }),
  },
  {
    id: 'trace-consistent',
    statement: '\\operatorname{tr} K \\le m \\cdot \\sup_x k(x, x)',
    check: (i) => ({
      holds: i.traceK > 0,
      value: i.traceK / i.m,
      requirement: 'tr K/m is the mean of k(x_i, x_i) (1 for the RBF kernel)',
      explanation:
        'tr K/m is the average kernel diagonal; it must come from the same sample the margin loss was measured on.',
    }),
  },
  {
    id: 'hypothesis-in-ball',
    statement:
      'hat R_{S,\rho}(h) ge 1 - \frac{B}{\rho}sqrt{operatorname{tr}K/m}quad(\text{implied by } lVert h\rVert_{mathcal H} le B)',
    check: (i) => {
      const floor = marginLossFloor(i);
      return {
        holds: i.marginLoss >= floor - 1e-12,
        value: i.marginLoss,
        requirement: `R̂_ρ(h) ≥ 1 − (B/ρ)√(tr K/m) = ${floor.toPrecision(4)}`,
        explanation:
          'Every h with ‖h‖_H ≤ B has |h(x)| ≤ B√k(x, x), and the ramp loss is ≥ 1 − u/ρ, so by Cauchy–Schwarz its margin loss on the sample is at least 1 − (B/ρ)√(tr K/m). A smaller margin loss cannot come from a hypothesis in the ball: B, ρ, tr K and the margin loss do not describe one hypothesis and one sample, and the bound does not apply to it.',
      };
    },
  },
];

/** The smallest margin loss a hypothesis with ‖h‖_H ≤ B can have on a sample with this tr K. */
function marginLossFloor(i: RademacherKernelInputs): number {
  return 1 - (i.normBound / i.rho) * Math.sqrt(i.traceK / i.m);
}

function validate(raw: unknown): RademacherKernelInputs {
  return validateInputs<RademacherKernelInputs>(ID, inputs, raw);
}

function formula(i: RademacherKernelInputs): BoundFormula {
  const rad = kernelRademacher(i);
  const r = marginBound({ ...i, rademacher: rad });
  const caveats = [
    'A bound on the 0–1 test error (through the expected ρ-margin loss), valid with probability ≥ 1 − δ for every h in the ball at once.',
    'Constants as in Mohri et al. (2018), Theorem 5.8 with the empirical Rademacher complexity; other statements (e.g. Bartlett & Mendelson 2002, Thm 8) differ in constants through the definition of the Rademacher average.',
  ];
  if (r.bound >= 1) caveats.push('The bound is ≥ 1: vacuous for the 0–1 error.');
  return {
    value: r.bound,
    valueLabel: 'upper bound on the 0–1 test error R(h)',
    terms: [
      {
        id: 'margin-loss',
        label: 'empirical margin loss R̂_ρ(h)',
        latex: '\\hat R_{S,\\rho}(h)',
        value: i.marginLoss,
      },
      {
        id: 'rademacher',
        label: 'R̂_S(F_B) ≤ B√(tr K)/m',
        latex: '\\tfrac{B}{m}\\sqrt{\\operatorname{tr}K}',
        value: rad,
      },
      {
        id: 'complexity',
        label: 'complexity term (2/ρ)·R̂_S',
        latex: '\\tfrac{2}{\\rho}\\hat{\\mathfrak R}_S',
        value: r.complexity,
      },
      {
        id: 'confidence',
        label: 'confidence term 3√(log(2/δ)/(2m))',
        latex: '3\\sqrt{\\tfrac{\\log(2/\\delta)}{2m}}',
        value: r.confidence,
      },
    ],
    caveats,
  };
}

function teacherLabel(x: Float64Array, off: number, d: number): number {
  // A curved boundary: sign(x₁ + 0.5·x₂² − 0.5).
  void d;
  return x[off]! + 0.5 * x[off + 1]! ** 2 - 0.5 >= 0 ? 1 : -1;
}

async function run(i: RademacherKernelInputs, { step }: CheckProgress): Promise<EmpiricalResult> {
  const seed = rademacherKernelBound.empiricalCheck.seed;
  const { d, test, flip, lengthScale, ridge } = CHECK;
  const m = Math.min(i.m, CHECK.maxM);
  const sample = (count: number, stream: number) => {
    const rng = createRng(seed, stream);
    const X = new Float64Array(count * d);
    rng.fillNormal(X);
    const y = new Float64Array(count);
    for (let r = 0; r < count; r++)
      y[r] = teacherLabel(X, r * d, d) * (rng.uniform() < flip ? -1 : 1);
    return { X: { rows: count, cols: d, data: X } as Matrix64, y };
  };
  const train = sample(m, 1);
  const testSet = sample(test, 2);
  const kernel = rbfKernel({ lengthScale });
  const K = kernel.f64(train.X);
  await step(0.2);
  const model = kernelRidge(K, Array.from(train.y), { ridge });
  await step(0.5);
  const alpha = model.alpha.data;
  // ‖h‖²_H = αᵀKα for h = Σ α_i k(x_i, ·).
  let norm2 = 0;
  let traceK = 0;
  const fTrain = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let c = 0; c < m; c++) s += K.data[r * m + c]! * alpha[c]!;
    fTrain[r] = s;
    norm2 += alpha[r]! * s;
    traceK += K.data[r * m + r]!;
  }
  const norm = Math.sqrt(norm2);
  const fTest = model.predict(kernel.f64(testSet.X, train.X)).data;
  await step(0.8);
  // Monte-Carlo empirical Rademacher complexity of the ball: (B/m)·E_σ√(σᵀKσ) ≤ (B/m)√tr K.
  const rng = createRng(seed, 3);
  const sigma = new Float64Array(m);
  let mc = 0;
  for (let t = 0; t < CHECK.rademacherDraws; t++) {
    for (let r = 0; r < m; r++) sigma[r] = rng.uniform() < 0.5 ? -1 : 1;
    let q = 0;
    for (let r = 0; r < m; r++) {
      let s = 0;
      for (let c = 0; c < m; c++) s += K.data[r * m + c]! * sigma[c]!;
      q += sigma[r]! * s;
    }
    mc += Math.sqrt(Math.max(q, 0)) / CHECK.rademacherDraws;
  }
  const norms = [...new Set([...NORMS, i.normBound])].sort((a, b) => a - b);
  const points = norms.map((B) => {
    // Project onto the ball ‖h‖_H ≤ B (scaling keeps the sign, so the 0–1 error is unchanged).
    const scale = norm > B ? B / norm : 1;
    let marginLoss = 0;
    for (let r = 0; r < m; r++) marginLoss += rampLoss(train.y[r]! * scale * fTrain[r]!, i.rho) / m;
    let testError = 0;
    let testMargin = 0;
    for (let r = 0; r < test; r++) {
      const u = testSet.y[r]! * scale * fTest[r]!;
      if (u <= 0) testError += 1 / test;
      testMargin += rampLoss(u, i.rho) / test;
    }
    const rad = kernelRademacher({ m, traceK, normBound: B });
    const bound = marginBound({ m, marginLoss, rho: i.rho, rademacher: rad, delta: i.delta }).bound;
    return { x: B, predicted: bound, measured: testError, testMargin };
  });
  await step(1);
  const at = points.find((p) => p.x === i.normBound)!;
  const mcRad = (i.normBound * mc) / m;
  const traceRad = kernelRademacher({ m, traceK, normBound: i.normBound });
  const passes =
    points.every((p) => p.predicted >= p.measured && p.predicted >= p.testMargin) &&
    mcRad <= traceRad;
  return {
    passes,
    relation:
      'bound ≥ measured 0–1 test error (and ≥ test margin loss) for every B; Monte-Carlo R̂_S ≤ B√(tr K)/m',
    predicted: at.predicted,
    measured: at.measured,
    series: {
      x: 'RKHS norm bound B',
      points: points.map(({ x, predicted, measured }) => ({ x, predicted, measured })),
    },
    details: `Kernel ridge regression (@overparam/kernels, float64, RBF ℓ = ${lengthScale}, λ = ${ridge}) on m = ${m} points (the reader’s m, at most ${CHECK.maxM} to keep the check to seconds) in R^${d} labelled sign(x₁ + 0.5x₂² − 0.5) with ${flip * 100}% flips (seed ${seed}); ‖h‖_H = ${norm.toFixed(3)}, projected onto each ball ‖h‖_H ≤ B. At B = ${i.normBound}, ρ = ${i.rho}, δ = ${i.delta}: bound ${at.predicted.toFixed(4)} against the measured 0–1 test error ${at.measured.toFixed(4)} and test margin loss ${at.testMargin.toFixed(4)} on ${test} fresh points. Empirical Rademacher complexity of the ball by Monte Carlo (${CHECK.rademacherDraws} sign vectors) ${mcRad.toFixed(5)} ≤ trace bound ${traceRad.toFixed(5)}. Each B is a separate class fixed in advance (each point holds at level δ on its own).`,
  };
}

/**
 * The classic Rademacher bound for kernel classes (Bartlett & Mendelson, JMLR 2002, Lemma 22 and
 * Theorem 8; Mohri, Rostamizadeh & Talwalkar, Foundations of Machine Learning, 2nd ed. 2018,
 * Theorems 5.8 and 6.12): for F_B = {h : ‖h‖_H ≤ B}, R̂_S(F_B) ≤ B√(tr K)/m, and for a margin
 * ρ fixed in advance, with probability ≥ 1 − δ, for all h ∈ F_B,
 * R(h) ≤ R̂_{S,ρ}(h) + (2/ρ)·B√(tr K)/m + 3√(log(2/δ)/(2m)). The check fits kernel ridge
 * regression (@overparam/kernels) on a seeded task and compares the bound with the measured
 * test error.
 *
 * @example
 * rademacherKernelBound.evaluate(rademacherKernelBound.defaults).value // 0.7518… (0.37 + 8·0.0316 + 0.1288)
 */
export const rademacherKernelBound: Bound<RademacherKernelInputs> =
  defineBound<RademacherKernelInputs>({
    id: ID,
    title: 'Rademacher margin bound for kernel classes',
    citation: {
      authors: 'P. L. Bartlett, S. Mendelson; M. Mohri, A. Rostamizadeh, A. Talwalkar',
      title:
        'Rademacher and Gaussian complexities: risk bounds and structural results (JMLR 3, 2002); Foundations of Machine Learning, 2nd ed. (MIT Press, 2018)',
      venue: 'Journal of Machine Learning Research; MIT Press',
      year: 2002,
      theorem:
        'Bartlett & Mendelson Lemma 22 and Thm 8; Mohri et al. Thm 5.8 (margin bound) and Thm 6.12 (kernel Rademacher complexity)',
      url: 'https://www.jmlr.org/papers/v3/bartlett02a.html',
    },
    kind: 'upper-bound',
    statement:
      'R(h) \\le \\hat R_{S,\\rho}(h) + \\frac{2}{\\rho}\\cdot\\frac{B\\sqrt{\\operatorname{tr} K}}{m} + 3\\sqrt{\\frac{\\log(2/\\delta)}{2m}}\\quad \\forall h,\\ \\lVert h\\rVert_{\\mathcal H} \\le B,\\qquad \\hat{\\mathfrak R}_S(\\mathcal F_B) \\le \\frac{B}{m}\\sqrt{\\operatorname{tr} K}',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Fits kernel ridge regression (RBF, float64, @overparam/kernels) on a seeded noisy classification task, projects it onto balls ‖h‖_H ≤ B, and compares the bound with the measured 0–1 test error; also checks the trace bound against a Monte-Carlo Rademacher average.',
      seed: 500,
      run,
    },
    snippet: `import { getBound, kernelRademacher, marginBound } from '@overparam/bounds';

const rad = kernelRademacher({ m: 1000, traceK: 1000, normBound: 1 }); // 0.0316…
marginBound({ m: 1000, marginLoss: 0.37, rho: 0.25, rademacher: rad, delta: 0.05 }).bound; // 0.7518…

const b = getBound('rademacher-kernel');
const check = await b.empiricalCheck.run(b.defaults);
console.log(check.passes, check.predicted, check.measured);`,
  });
