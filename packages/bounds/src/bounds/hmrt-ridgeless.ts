import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { hmrtOptimalGamma, hmrtRidgelessRisk } from '../formulas/hmrt-risk.js';
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

/** Inputs of {@link hmrtRidgelessBound}: γ, r², σ², s² and the simulation's n and seeds. */
export type HmrtRidgelessInputs = HmrtModelInputs;

const ID = 'hmrt-ridgeless';
/** Relative tolerance of the simulated mean risk against the limit (n ≈ 200, 20 seeds). */
export const HMRT_RIDGELESS_RTOL = 0.1;
/** The check needs |γ − 1| at least this: near the threshold the risk's fluctuations explode. */
const THRESHOLD_GAP = 0.2;
/**
 * Why the check skips |γ − 1| < 0.2: a condition of the simulation, not of the theorem (the
 * formula holds for every γ ≠ 1).
 */
function checkSkipExplanation(n: number): string {
  return `The empirical check skips |γ − 1| < ${THRESHOLD_GAP} because there a finite-n simulation (here n = ${n}) is far from the limit: its mean risk (e.g. σ²·n/(p − n − 1) for γ > 1, an inverse-Wishart mean) and its seed-to-seed spread move away from R(γ) by more than the ${HMRT_RIDGELESS_RTOL * 100}% tolerance. The formula itself holds for every γ ≠ 1, so the value is still given.`;
}
/** γ values of the plotted curve (the reader's γ is added). */
const CURVE = [0.2, 0.4, 0.6, 0.75, 1.3, 1.6, 2, 3, 4];
/** Seeds per curve point (the reader's γ uses `seeds`). */
const CURVE_SEEDS = 4;

/** Why the variance (and with it the risk) is +∞ at γ = 1. */
const INFINITE_AT_THRESHOLD =
  '+∞ at γ = 1 (σ² + s² > 0): the smallest singular value of X goes to 0 and σ²·tr((XᵀX)⁺) diverges, the interpolation peak';

const inputs: InputSpec[] = [GAMMA_INPUT, ...SIGNAL_NOISE_INPUTS, ...simulationInputs('γ')];

const assumptions: Assumption<HmrtRidgelessInputs>[] = [
  {
    id: 'isotropic-gaussian',
    statement:
      'x \\sim \\mathcal N(0, I_p),\\ y = \\langle x, \\beta\\rangle + \\varepsilon,\\ \\operatorname{Var}\\varepsilon = \\sigma^2',
    check: () => ({
      holds: true,
      value: 'premise (simulated as stated)',
      requirement: 'isotropic features, linear signal, independent noise',
      explanation:
        'The formula is for isotropic features (HMRT Thm 1; any i.i.d. entries with bounded moments give the same limit). A covariance Σ ≠ I changes the risk: see bartlett-2020-benign for the anisotropic picture. The check simulates exactly this model.',
    }),
  },
  {
    id: 'not-at-threshold',
    statement: '\\gamma \\ne 1',
    check: (i) => ({
      holds: i.gamma !== 1 || i.noise + i.misspecification === 0,
      value: i.gamma,
      requirement: 'γ ≠ 1 (or σ² + s² = 0)',
      explanation:
        'At γ = 1 the smallest singular value of X goes to 0 and the variance σ²·tr((XᵀX)⁺) diverges: the limit is +∞, the peak of the double descent.',
    }),
  },
  {
    id: 'check-away-from-threshold',
    scope: 'check',
    statement: '|\\gamma - 1| \\ge 0.2\\ \\text{(empirical check only)}',
    check: (i) => ({
      holds: Math.abs(i.gamma - 1) >= THRESHOLD_GAP,
      value: Math.abs(i.gamma - 1),
      requirement: `|γ − 1| ≥ ${THRESHOLD_GAP} for the empirical check`,
      explanation: checkSkipExplanation(i.n),
    }),
  },
];

function validate(raw: unknown): HmrtRidgelessInputs {
  return validateHmrtInputs<HmrtRidgelessInputs>(ID, inputs, raw);
}

function formula(i: HmrtRidgelessInputs): BoundFormula {
  const model = hmrtModel(i);
  const { risk, bias, variance } = hmrtRidgelessRisk(model);
  const star = hmrtOptimalGamma(model);
  const sigmaEff = i.noise + i.misspecification;
  const terms = [
    { id: 'bias', label: 'bias r²(1 − 1/γ)₊', latex: 'r^2(1 - 1/\\gamma)_+', value: bias },
    {
      id: 'variance',
      label: 'variance',
      latex:
        '\\gamma<1:\\ \\tfrac{\\sigma^2\\gamma}{1-\\gamma};\\quad \\gamma>1:\\ \\tfrac{\\sigma^2}{\\gamma-1}',
      ...(Number.isFinite(variance)
        ? { value: variance }
        : { value: null, infinite: true, note: INFINITE_AT_THRESHOLD }),
    },
    {
      id: 'effective-noise',
      label: 'effective noise σ² + s²',
      latex: '\\sigma^2 + s^2',
      value: sigmaEff,
    },
    {
      id: 'snr',
      label: 'SNR r²/(σ² + s²)',
      value: sigmaEff > 0 ? i.signal / sigmaEff : null,
      ...(sigmaEff > 0 ? {} : { note: 'no noise: SNR infinite' }),
    },
    {
      id: 'gamma-star',
      label: 'over-parameterized optimum γ*',
      latex: '\\gamma^* = \\tfrac{\\sqrt{\\mathrm{SNR}}}{\\sqrt{\\mathrm{SNR}} - 1}',
      value: star,
      ...(star === null
        ? { note: 'exists only when SNR > 1; otherwise the risk falls towards r² as γ → ∞' }
        : {}),
    },
    {
      id: 'risk-at-gamma-star',
      label: 'risk at γ*',
      value: star === null ? null : hmrtRidgelessRisk({ ...model, gamma: star }).risk,
      ...(star === null ? { note: 'no γ* (SNR ≤ 1)' } : {}),
    },
    {
      id: 'prediction-risk',
      label: 'prediction risk incl. unexplained s²',
      latex: 'R + s^2',
      ...(Number.isFinite(risk)
        ? { value: risk + i.misspecification }
        : { value: null, infinite: true, note: INFINITE_AT_THRESHOLD }),
    },
  ];
  const caveats = [
    'Asymptotic: n, p → ∞ with p/n → γ. At finite n the mean risk differs by O(1/n) away from γ = 1, much more near it.',
    'The value is the excess risk on the observed features, E⟨x₀, β̂ − β⟩²; the unobserved signal s² adds s² to the prediction error (term "prediction risk").',
  ];
  if (!Number.isFinite(risk)) caveats.push('At γ = 1 the risk is infinite.');
  return {
    value: Number.isFinite(risk) ? risk : null,
    valueLabel: 'limiting excess risk R(γ) of the min-norm estimator',
    terms,
    caveats,
  };
}

async function run(i: HmrtRidgelessInputs, progress: CheckProgress): Promise<EmpiricalResult> {
  const seed = hmrtRidgelessBound.empiricalCheck.seed;
  const model = { ...i };
  const { measured, predicted, points } = await simulateRiskCurve(
    {
      seed,
      x: i.gamma,
      seeds: i.seeds,
      grid: CURVE.filter((g) => Math.abs(g - i.gamma) > 1e-9),
      curveSeeds: CURVE_SEEDS,
      measure: (g, seeds, seedBase) => simulatedMeanRisk(i, g, 0, seeds, seedBase),
      predict: (g) => hmrtRidgelessRisk({ ...model, gamma: g }).risk,
    },
    progress,
  );
  const rel = Math.abs(measured - predicted) / predicted;
  return {
    passes: Number.isFinite(predicted) && rel <= HMRT_RIDGELESS_RTOL,
    relation: `|measured − R|/R ≤ ${HMRT_RIDGELESS_RTOL}`,
    predicted,
    measured,
    tolerance: HMRT_RIDGELESS_RTOL,
    series: { x: 'γ = p/n', points },
    details: `${Math.abs(i.gamma - 1) < THRESHOLD_GAP ? `Outside the check's range (|γ − 1| < ${THRESHOLD_GAP}): here the finite-n simulation is far from the limit, so this comparison says nothing about the formula, which holds for every γ ≠ 1. ` : ''}Min-norm least squares β̂ = X⁺y (float64 SVD) on x ~ N(0, I_p), n = ${i.n}, p = ${columns(i.n, i.gamma)}, r² = ${i.signal}, σ² = ${i.noise}, s² = ${i.misspecification} (20 unobserved Gaussian features); excess risk ‖β̂ − β‖² averaged over ${i.seeds} seeds from ${seed}: ${measured.toPrecision(4)} against the limit ${predicted.toPrecision(4)} (relative gap ${rel.toFixed(3)}, tolerance ${HMRT_RIDGELESS_RTOL}). The curve uses ${CURVE_SEEDS} seeds per γ.`,
  };
}

/**
 * Limiting risk of minimum-norm ("ridgeless") least squares in the isotropic linear model
 * (Hastie, Montanari, Rosset & Tibshirani, Ann. Stat. 2022, Thm 1; https://overparam.dev/docs/theory/least-squares-risk#ridgeless-risk):
 * R = σ²γ/(1 − γ) for γ < 1 and R = r²(1 − 1/γ) + σ²/(γ − 1) for γ > 1, with σ² → σ² + s²
 * under misspecification, and the over-parameterized optimum γ* = √SNR/(√SNR − 1) when
 * SNR = r²/σ² > 1. The check simulates the model (float64) and compares the mean excess risk
 * with the limit.
 *
 * @example
 * hmrtRidgelessBound.evaluate(hmrtRidgelessBound.validate({ gamma: 2, signal: 1, noise: 0.25 })).value // 0.75
 */
export const hmrtRidgelessBound: Bound<HmrtRidgelessInputs> = defineBound<HmrtRidgelessInputs>({
  id: ID,
  title: 'Ridgeless least squares: the double-descent risk (HMRT)',
  citation: {
    authors: 'T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani',
    title: 'Surprises in high-dimensional ridgeless least squares interpolation',
    venue: 'Annals of Statistics 50(2)',
    year: 2022,
    theorem: 'Theorem 1 (isotropic features); misspecified model §5.1',
    url: 'https://arxiv.org/abs/1903.08560',
  },
  kind: 'asymptotic',
  statement:
    'R(\\gamma) = \\begin{cases} \\sigma^2\\dfrac{\\gamma}{1-\\gamma} & \\gamma < 1 \\\\[4pt] r^2\\Big(1 - \\dfrac1\\gamma\\Big) + \\dfrac{\\sigma^2}{\\gamma - 1} & \\gamma > 1 \\end{cases},\\qquad \\sigma^2 \\to \\sigma^2 + s^2,\\qquad \\gamma^* = \\frac{\\sqrt{\\mathrm{SNR}}}{\\sqrt{\\mathrm{SNR}} - 1}',
  inputs,
  validate,
  assumptions,
  formula,
  empiricalCheck: {
    description:
      'Simulates the isotropic linear model, fits the minimum-norm least-squares estimator in float64 and averages the excess risk ‖β̂ − β‖² over seeds at the reader’s γ (and, for the curve, at a grid of γ).',
    seed: 100,
    run,
  },
  snippet: `import { getBound, hmrtRidgelessRisk } from '@overparam/bounds';

// The closed form directly:
hmrtRidgelessRisk({ gamma: 2, signal: 1, noise: 0.25 }); // { risk: 0.75, bias: 0.5, variance: 0.25 }

// Or the calculator, with assumptions and the simulation:
const b = getBound('hmrt-ridgeless');
const inputs = b.validate({ gamma: 2, signal: 1, noise: 0.25 });
console.log(b.evaluate(inputs).value); // 0.75
const check = await b.empiricalCheck.run(inputs);
console.log(check.passes, check.measured);`,
});
