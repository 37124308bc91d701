import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { hmrtOptimalLambda, hmrtRidgelessRisk, hmrtRidgeRisk } from '../formulas/hmrt-risk.js';
import { marchenkoPasturStieltjes } from '../formulas/marchenko-pastur.js';
import {
  columns,
  GAMMA_INPUT,
  type HmrtModelInputs,
  hmrtModel,
  SIGNAL_NOISE_INPUTS,
  simulatedMeanRisk,
  simulateRiskCurve,
  simulationInputs,
  validateHmrtInputs,
} from '../internal/hmrt-check.js';

/** Inputs of {@link hmrtRidgeBound}: those of the linear model (γ, r², σ², s², n, seeds) and λ. */
export type HmrtRidgeInputs = HmrtModelInputs & {
  /** Ridge penalty λ of β̂ = (XᵀX/n + λI)⁻¹Xᵀy/n. */
  lambda: number;
};

const ID = 'hmrt-ridge';
/** Relative tolerance of the simulated mean risk against the limit (n ≈ 200, 20 seeds). */
export const HMRT_RIDGE_RTOL = 0.1;
/** λ values of the plotted curve (the reader's λ is added). */
const CURVE = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const CURVE_SEEDS = 4;
/** The note of m or m′ beyond float64 (γ > 1, tiny λ: the atom at 0 gives m′ ≈ (1 − 1/γ)/λ²). */
const OVERFLOW =
  'beyond float64 at this λ (the atom at 0 makes m ≈ (1 − 1/γ)/λ and m′ ≈ (1 − 1/γ)/λ²); the risk is computed without it';

const inputs: InputSpec[] = [
  GAMMA_INPUT,
  {
    key: 'lambda',
    label: 'λ',
    description: 'Ridge penalty, in the normalization (XᵀX/n + λI)⁻¹Xᵀy/n.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 100,
    step: 0.01,
    default: 0.5,
  },
  ...SIGNAL_NOISE_INPUTS,
  ...simulationInputs('λ'),
];

const assumptions: Assumption<HmrtRidgeInputs>[] = [
  {
    id: 'isotropic-gaussian',
    statement:
      'x \\sim \\mathcal N(0, I_p),\\ y = \\langle x, \\beta\\rangle + \\varepsilon,\\ \\beta \\text{ uniform on } \\lVert\\beta\\rVert = r',
    check: () => ({
      holds: true,
      value: 'premise (simulated as stated)',
      requirement: 'isotropic features, linear signal, rotation-invariant β',
      explanation:
        'The Stieltjes-transform formula is for isotropic features and a β with no preferred direction (random on the sphere, or the average over it). For anisotropic Σ the risk involves the spectrum of Σ (Dobriban & Wager 2018).',
    }),
  },
  {
    id: 'proportional-regime',
    statement: 'n, p \\to \\infty,\\ p/n \\to \\gamma;\\ \\text{check: } \\min(n, p) \\ge 20',
    check: (i) => {
      const m = Math.min(i.n, columns(i.n, i.gamma));
      return {
        holds: m >= 20,
        value: m,
        requirement: 'min(n, p) ≥ 20',
        explanation:
          'A limit formula: the finite-n mean risk differs by O(1/n). With fewer than about 20 rows or columns the gap exceeds the check tolerance.',
      };
    },
  },
];

function validate(raw: unknown): HmrtRidgeInputs {
  return validateHmrtInputs<HmrtRidgeInputs>(ID, inputs, raw);
}

function formula(i: HmrtRidgeInputs): BoundFormula {
  const model = hmrtModel(i);
  const { risk, bias, variance } = hmrtRidgeRisk(model, i.lambda);
  const { m, dm } = marchenkoPasturStieltjes(i.lambda, i.gamma);
  const star = hmrtOptimalLambda(model);
  const ridgeless = hmrtRidgelessRisk(model).risk;
  const starRisk = star === null || star === 0 ? null : hmrtRidgeRisk(model, star).risk;
  return {
    value: risk,
    valueLabel: 'limiting excess risk R(λ) of ridge regression',
    terms: [
      { id: 'bias', label: 'bias r²λ²m′(−λ)', latex: "r^2\\lambda^2 m'(-\\lambda)", value: bias },
      {
        id: 'variance',
        label: 'variance σ²γ(m(−λ) − λm′(−λ))',
        latex: "\\sigma^2\\gamma\\,(m(-\\lambda) - \\lambda m'(-\\lambda))",
        value: variance,
      },
      {
        id: 'stieltjes',
        label: 'm(−λ)',
        latex: 'm(-\\lambda)',
        value: Number.isFinite(m) ? m : null,
        ...(Number.isFinite(m) ? {} : { note: OVERFLOW }),
      },
      {
        id: 'stieltjes-derivative',
        label: 'm′(−λ)',
        latex: "m'(-\\lambda)",
        value: Number.isFinite(dm) ? dm : null,
        ...(Number.isFinite(dm) ? {} : { note: OVERFLOW }),
      },
      {
        id: 'lambda-star',
        label: 'optimal λ* = (σ² + s²)γ/r²',
        latex: '\\lambda^* = \\sigma^2\\gamma/r^2',
        value: star,
        ...(star === null ? { note: 'r² = 0: the larger λ the better' } : {}),
      },
      {
        id: 'risk-at-lambda-star',
        label: 'risk at λ*',
        value: starRisk,
        ...(starRisk === null ? { note: 'no finite λ* > 0 (r² = 0 or σ² + s² = 0)' } : {}),
      },
      {
        id: 'ridgeless-risk',
        label: 'ridgeless limit λ → 0',
        value: Number.isFinite(ridgeless) ? ridgeless : null,
        ...(Number.isFinite(ridgeless) ? {} : { note: 'infinite at γ = 1' }),
      },
    ],
    caveats: [
      'Asymptotic: n, p → ∞ with p/n → γ; at finite n the mean risk differs by O(1/n).',
      'The value is the excess risk on the observed features; an unobserved signal s² acts as noise σ² + s² and adds s² to the prediction error.',
    ],
  };
}

async function run(i: HmrtRidgeInputs, progress: CheckProgress): Promise<EmpiricalResult> {
  const seed = hmrtRidgeBound.empiricalCheck.seed;
  const model = { ...i };
  const { measured, predicted, points } = await simulateRiskCurve(
    {
      seed,
      x: i.lambda,
      seeds: i.seeds,
      grid: CURVE.filter((l) => Math.abs(Math.log(l / i.lambda)) > 1e-9),
      curveSeeds: CURVE_SEEDS,
      measure: (l, seeds, seedBase) => simulatedMeanRisk(i, i.gamma, l, seeds, seedBase),
      predict: (l) => hmrtRidgeRisk(model, l).risk,
    },
    progress,
  );
  const rel = Math.abs(measured - predicted) / predicted;
  return {
    passes: rel <= HMRT_RIDGE_RTOL,
    relation: `|measured − R(λ)|/R(λ) ≤ ${HMRT_RIDGE_RTOL}`,
    predicted,
    measured,
    tolerance: HMRT_RIDGE_RTOL,
    series: { x: 'λ', points },
    details: `Ridge β̂ = (XᵀX/n + λI)⁻¹Xᵀy/n (float64 Cholesky of the smaller Gram matrix) on x ~ N(0, I_p), n = ${i.n}, p = ${columns(i.n, i.gamma)}, λ = ${i.lambda}, r² = ${i.signal}, σ² = ${i.noise}, s² = ${i.misspecification}; excess risk ‖β̂ − β‖² averaged over ${i.seeds} seeds from ${seed}: ${measured.toPrecision(4)} against the limit ${predicted.toPrecision(4)} (relative gap ${rel.toFixed(3)}, tolerance ${HMRT_RIDGE_RTOL}). The curve over λ uses ${CURVE_SEEDS} seeds per point.`,
  };
}

/**
 * Limiting risk of ridge regression in the isotropic linear model, through the
 * Marchenko–Pastur Stieltjes transform m: R(λ) = r²λ²m′(−λ) + σ²γ(m(−λ) − λm′(−λ)), minimized
 * at λ* = σ²γ/r² (Dobriban & Wager, Ann. Stat. 2018, Thm 2.1; Hastie, Montanari, Rosset &
 * Tibshirani, Ann. Stat. 2022, §5; https://overparam.dev/docs/theory/least-squares-risk#ridge-risk); σ² → σ² + s² under misspecification. The
 * check simulates the model (float64) and compares the mean excess risk with the limit.
 *
 * @example
 * hmrtRidgeBound.evaluate(hmrtRidgeBound.validate({ gamma: 2, lambda: 0.5 })).value // 0.6404…
 */
export const hmrtRidgeBound: Bound<HmrtRidgeInputs> = defineBound<HmrtRidgeInputs>({
  id: ID,
  title: 'Ridge regression risk via the Marchenko–Pastur law (HMRT)',
  citation: {
    authors: 'T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani',
    title: 'Surprises in high-dimensional ridgeless least squares interpolation',
    venue: 'Annals of Statistics 50(2)',
    year: 2022,
    theorem:
      'Ridge risk, isotropic features (§5; the formula is Dobriban & Wager, Ann. Stat. 2018, Thm 2.1)',
    url: 'https://arxiv.org/abs/1903.08560',
  },
  kind: 'asymptotic',
  statement:
    "R(\\lambda) = r^2\\lambda^2\\, m'(-\\lambda) + \\sigma^2\\gamma\\,\\big(m(-\\lambda) - \\lambda\\, m'(-\\lambda)\\big),\\qquad \\lambda^* = \\frac{\\sigma^2\\gamma}{r^2},\\qquad \\sigma^2 \\to \\sigma^2 + s^2",
  inputs,
  validate,
  assumptions,
  formula,
  empiricalCheck: {
    description:
      'Simulates the isotropic linear model, fits ridge regression in float64 and averages the excess risk ‖β̂ − β‖² over seeds at the reader’s λ (and, for the curve, at a grid of λ).',
    seed: 200,
    run,
  },
  snippet: `import { getBound, hmrtOptimalLambda, hmrtRidgeRisk } from '@overparam/bounds';

const model = { gamma: 2, signal: 1, noise: 0.25 };
const lambdaStar = hmrtOptimalLambda(model); // 0.5
hmrtRidgeRisk(model, lambdaStar).risk; // 0.6404…

const b = getBound('hmrt-ridge');
const inputs = b.validate({ ...model, lambda: 0.1 });
const check = await b.empiricalCheck.run(inputs);
console.log(b.evaluate(inputs).value, check.measured, check.passes);`,
});
