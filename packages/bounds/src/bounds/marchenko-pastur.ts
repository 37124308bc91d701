import { createRng, eigvalsh, gram, type Matrix64 } from '@overparam/tensor';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import {
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturStieltjes,
} from '../formulas/marchenko-pastur.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link marchenkoPasturBound}. */
export type MarchenkoPasturInputs = {
  /** Aspect ratio γ = p/n. */
  gamma: number;
  /** Entry variance s². */
  variance: number;
  /** Point −λ where the Stieltjes transform is evaluated (λ > 0). */
  lambda: number;
  /** Rows n of the simulated X in the empirical check (p = round(γn) columns). */
  n: number;
};

const ID = 'marchenko-pastur';
/** Kolmogorov distance allowed between the empirical and the limiting spectral CDF. */
export const MP_KS_TOLERANCE = 0.05;
/** Allowed relative gap between the largest eigenvalue and the edge λ₊ (finite-size, ~n^{-2/3}). */
export const MP_EDGE_TOLERANCE = 0.1;
/** Below this min(n, p) the finite-size effects exceed the tolerances above. */
const MIN_DIMENSION = 50;
/** Work budget of the check, min(n,p)²·max(n,p) multiply-adds (about a second in JS). */
const MAX_WORK = 4e8;

const inputs: InputSpec[] = [
  {
    key: 'gamma',
    label: 'γ = p/n',
    description: 'Aspect ratio: columns over rows of X.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 20,
    step: 0.05,
    default: 0.5,
  },
  {
    key: 'variance',
    label: 's²',
    description: 'Variance of the i.i.d. entries of X.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 100,
    step: 0.1,
    default: 1,
  },
  {
    key: 'lambda',
    label: 'λ',
    description: 'The Stieltjes transform m and its derivative are evaluated at z = −λ.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1000,
    step: 0.1,
    default: 1,
  },
  {
    key: 'n',
    label: 'n (check)',
    description: 'Rows of the simulated Gaussian X in the empirical check; p = round(γn).',
    type: 'integer',
    min: 10,
    max: 5000,
    step: 10,
    default: 400,
  },
];

function columns(i: MarchenkoPasturInputs): number {
  return Math.max(1, Math.round(i.gamma * i.n));
}

const assumptions: Assumption<MarchenkoPasturInputs>[] = [
  {
    id: 'iid-entries',
    statement:
      'X_{ij}\\ \\text{i.i.d.},\\ \\mathbb{E}X_{ij} = 0,\\ \\operatorname{Var}X_{ij} = s^2',
    check: () => ({
      holds: true,
      value: 'Gaussian entries in the check',
      requirement: 'i.i.d., mean 0, variance s²',
      explanation:
        'The law holds for any i.i.d. entries with finite variance; the calculator cannot see your data, so it states the premise and the empirical check draws Gaussian entries. Correlated columns (a covariance Σ ≠ I) change the limit.',
    }),
  },
  {
    id: 'proportional-regime',
    statement: 'n, p \\to \\infty,\\ p/n \\to \\gamma;\\ \\text{here } \\min(n, p) \\ge 50',
    check: (i) => {
      const m = Math.min(i.n, columns(i));
      return {
        holds: m >= MIN_DIMENSION,
        value: m,
        requirement: `min(n, p) ≥ ${MIN_DIMENSION}`,
        explanation:
          'The density and edges are limits. At finite size the largest eigenvalue fluctuates around λ₊ on the scale n^{-2/3}, and the empirical CDF deviates by O(1/p); below min(n, p) = 50 these exceed the check tolerances.',
      };
    },
  },
];

function validate(raw: unknown): MarchenkoPasturInputs {
  const v = validateInputs<MarchenkoPasturInputs>(ID, inputs, raw);
  const p = columns(v);
  const work = Math.min(v.n, p) ** 2 * Math.max(v.n, p);
  if (work > MAX_WORK) {
    throw new InvalidBoundInputError(
      ID,
      'n',
      v.n,
      `min(n,p)²·max(n,p) ≤ ${MAX_WORK.toExponential(0)} (here p = ${p}, ${work.toExponential(2)})`,
      'lower n or γ so the simulated eigenvalue problem stays within a second or two',
    );
  }
  return v;
}

function formula(i: MarchenkoPasturInputs): BoundFormula {
  const { lower, upper, atom } = marchenkoPasturEdges(i.gamma, i.variance);
  const { m, dm } = marchenkoPasturStieltjes(i.lambda, i.gamma, i.variance);
  const mode = (lower + upper) / 2;
  return {
    value: upper,
    valueLabel: 'upper edge λ₊ of the spectrum',
    terms: [
      { id: 'lower-edge', label: 'lower edge λ₋', latex: 's^2(1-\\sqrt\\gamma)^2', value: lower },
      { id: 'upper-edge', label: 'upper edge λ₊', latex: 's^2(1+\\sqrt\\gamma)^2', value: upper },
      {
        id: 'atom',
        label: 'mass at 0',
        latex: '\\max(0, 1 - 1/\\gamma)',
        value: atom,
        note: atom > 0 ? 'p > n: XᵀX/n has p − n zero eigenvalues' : undefined,
      },
      { id: 'mean', label: 'mean eigenvalue', latex: 's^2', value: i.variance },
      {
        id: 'density-mid',
        label: 'density at (λ₋+λ₊)/2',
        latex: '\\rho\\big(\\tfrac{\\lambda_- + \\lambda_+}{2}\\big)',
        value: marchenkoPasturDensity(mode, i.gamma, i.variance),
      },
      { id: 'stieltjes', label: 'Stieltjes transform m(−λ)', latex: 'm(-\\lambda)', value: m },
      {
        id: 'stieltjes-derivative',
        label: 'derivative m′(−λ)',
        latex: "m'(-\\lambda)",
        value: dm,
      },
    ].map(({ note, ...t }) => (note === undefined ? t : { ...t, note })),
    caveats: [
      'An asymptotic law (n, p → ∞ with p/n → γ); at finite size the extreme eigenvalues fluctuate on the scale n^{-2/3} (Tracy–Widom).',
    ],
  };
}

async function run(i: MarchenkoPasturInputs, { step }: CheckProgress): Promise<EmpiricalResult> {
  const n = i.n;
  const p = columns(i);
  const X: Matrix64 = { rows: n, cols: p, data: new Float64Array(n * p) };
  createRng(marchenkoPasturBound.empiricalCheck.seed).fillNormal(X.data, 0, Math.sqrt(i.variance));
  await step(0.2);
  // The nonzero spectrum of XᵀX/n equals that of XXᵀ/n: take the smaller Gram matrix.
  const G = gram(X, { form: p <= n ? 'AtA' : 'AAt' });
  for (let k = 0; k < G.data.length; k++) G.data[k]! /= n;
  await step(0.5);
  const nonzero = eigvalsh(G);
  await step(0.9);
  const eig = new Float64Array(p);
  eig.set(nonzero, p - nonzero.length); // p − n exact zeros first when p > n (eigvalsh is ascending)
  // Kolmogorov distance: sup over the jumps of the empirical CDF. Both CDFs jump at 0 (the
  // atom against the p − n exact zeros); the rest is continuous, so compare at each eigenvalue.
  const zeros = p - nonzero.length;
  let ks = Math.abs(zeros / p - marchenkoPasturEdges(i.gamma, i.variance).atom);
  for (let k = zeros; k < p; k++) {
    const F = marchenkoPasturCdf(eig[k]!, i.gamma, i.variance);
    ks = Math.max(ks, Math.abs(F - k / p), Math.abs(F - (k + 1) / p));
  }
  const { lower, upper } = marchenkoPasturEdges(i.gamma, i.variance);
  const top = eig[p - 1]!;
  const edgeGap = Math.abs(top - upper) / upper;
  // Histogram of the continuous part against the bin-averaged density.
  const bins = 24;
  const lo = lower;
  const hi = Math.max(upper, top) * 1.02;
  const w = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let k = zeros; k < p; k++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((eig[k]! - lo) / w)));
    counts[b]! += 1;
  }
  // λ₋ ≥ 0 and F(λ₋) already holds the atom, so F differences are the continuous part only.
  const points = counts.map((c, b) => {
    const a = lo + b * w;
    const mass =
      marchenkoPasturCdf(a + w, i.gamma, i.variance) - marchenkoPasturCdf(a, i.gamma, i.variance);
    return { x: a + w / 2, predicted: mass / w, measured: c / (p * w) };
  });
  await step(1);
  return {
    passes: ks <= MP_KS_TOLERANCE && edgeGap <= MP_EDGE_TOLERANCE,
    relation: `sup|F_p − F_MP| ≤ ${MP_KS_TOLERANCE} and |λ_max − λ₊|/λ₊ ≤ ${MP_EDGE_TOLERANCE}`,
    predicted: upper,
    measured: top,
    tolerance: MP_EDGE_TOLERANCE,
    series: { x: 'eigenvalue', points },
    details: `Eigenvalues of XᵀX/n for one Gaussian X, n = ${n}, p = ${p}, s² = ${i.variance}, seed ${marchenkoPasturBound.empiricalCheck.seed} (float64 on the CPU). Kolmogorov distance to the Marchenko–Pastur CDF ${ks.toFixed(4)} (≤ ${MP_KS_TOLERANCE}); largest eigenvalue ${top.toFixed(4)} against λ₊ = ${upper.toFixed(4)} (relative gap ${edgeGap.toFixed(4)}, ≤ ${MP_EDGE_TOLERANCE}).`,
  };
}

/**
 * The Marchenko–Pastur law: for X n×p with i.i.d. entries of variance s² and p/n → γ, the
 * eigenvalues of XᵀX/n have density √((λ₊ − x)(x − λ₋))/(2π s²γ x) on [λ₋, λ₊],
 * λ± = s²(1 ± √γ)², plus mass 1 − 1/γ at 0 when γ > 1 (Marchenko & Pastur 1967; Bai &
 * Silverstein 2010, Thm 3.6; https://overparam.dev/docs/theory/marchenko-pastur#density). Evaluates the edges, the atom, the density and the
 * Stieltjes transform m(−λ), m′(−λ) that the ridge risk of `hmrt-ridge` uses. The empirical
 * check compares the spectrum of one seeded Gaussian XᵀX/n with the law (Kolmogorov distance
 * and the top edge). Float64 on the CPU.
 *
 * @example
 * marchenkoPasturBound.evaluate(marchenkoPasturBound.validate({ gamma: 0.25 })).value // 2.25 (= λ₊)
 */
export const marchenkoPasturBound: Bound<MarchenkoPasturInputs> =
  defineBound<MarchenkoPasturInputs>({
    id: ID,
    title: 'Marchenko–Pastur law',
    citation: {
      authors: 'V. A. Marchenko, L. A. Pastur',
      title: 'Distribution of eigenvalues for some sets of random matrices',
      venue: 'Mathematics of the USSR-Sbornik 1(4)',
      year: 1967,
      theorem:
        'Main theorem; density and Stieltjes transform as in Bai & Silverstein (2010), Thm 3.6',
      url: 'https://doi.org/10.1070/SM1967v001n04ABEH001994',
    },
    kind: 'asymptotic',
    statement:
      '\\rho(x) = \\frac{\\sqrt{(\\lambda_+ - x)(x - \\lambda_-)}}{2\\pi s^2 \\gamma x}\\,\\mathbf 1_{[\\lambda_-,\\lambda_+]}(x) + \\Big(1 - \\frac1\\gamma\\Big)_+ \\delta_0,\\quad \\lambda_\\pm = s^2(1 \\pm \\sqrt\\gamma)^2,\\quad m(-\\lambda) = \\frac{-(1-\\gamma+\\lambda) + \\sqrt{(1-\\gamma+\\lambda)^2 + 4\\gamma\\lambda}}{2\\gamma\\lambda}\\ (s^2 = 1)',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Draws one Gaussian X (n×p, variance s², seeded), computes the eigenvalues of XᵀX/n in float64 and compares them with the law: Kolmogorov distance to the limiting CDF and the largest eigenvalue against λ₊.',
      seed: 12,
      run,
    },
    snippet: `import { getBound } from '@overparam/bounds';

const mp = getBound('marchenko-pastur');
const inputs = mp.validate({ gamma: 0.5, variance: 1, lambda: 1, n: 400 });
const result = mp.evaluate(inputs);
console.log(result.value); // λ₊ = (1 + √0.5)² ≈ 2.9142
const check = await mp.empiricalCheck.run(inputs);
console.log(check.passes, check.details);`,
  });
