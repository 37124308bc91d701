import type { Assumption, Bound, EmpiricalResult, InputSpec, Term } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import {
  ACTIVATION_NAMES,
  type ActivationName,
  activationConstants,
} from '../formulas/activation-constants.js';
import { meiMontanariRisk } from '../formulas/mei-montanari.js';
import { randomFeaturesSphereRisk } from '../formulas/random-features-sphere.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link meiMontanariRfBound}. */
export type MeiMontanariRfInputs = {
  /** ψ₁ = N/d. */
  psi1: number;
  /** ψ₂ = n/d. */
  psi2: number;
  /** Ridge λ ≥ 0 of the penalty (Nλ/d)‖a‖² (0: the ridgeless limit). */
  lambda: number;
  /** Activation σ of the features: 'relu', 'erf' or 'tanh' (the names of train and kernels). */
  activation: ActivationName;
  /** F₁². */
  linearEnergy: number;
  /** F*². */
  nonlinearEnergy: number;
  /** τ². */
  noiseVariance: number;
  /** Dimension d of the simulated instances in the empirical check. */
  d: number;
  /** Seeds averaged in the empirical check. */
  seeds: number;
};

const ID = 'mei-montanari-rf';
/**
 * Allowed |measured − predicted|/predicted of the seed-averaged simulation at d ≥ 50: the
 * finite-d error of one instance (5–15%, https://overparam.dev/docs/theory/rf-asymptotics#mm-check). Measured at d = 80 with numpy: −0.1% to −10%
 * over ψ₁ ∈ [0.5, 4], ψ₂ = 2, λ ∈ [1e-3, 0.1].
 */
export const MM_RF_TOLERANCE = 0.15;
/** Below this d the finite-d error exceeds the tolerance. */
const MIN_D = 50;
/** Away from the ridgeless peak: |ψ₁ − ψ₂| ≥ this·min(ψ₁, ψ₂) when λ < PEAK_LAMBDA. */
const PEAK_GAP = 0.25;
const PEAK_LAMBDA = 1e-2;
/** Work budget of one simulated instance: min(N,n)²·max(N,n) + N·d·(n + nTest). */
const MAX_WORK = 2e8;
const N_TEST = 1000;
/** The ψ₁ multipliers of the series the check plots (ψ₁ × these, ψ₂ fixed). */
const SERIES = [0.25, 0.5, 0.75, 1.25, 2, 3];

const inputs: InputSpec[] = [
  {
    key: 'psi1',
    label: 'ψ₁ = N/d',
    description: 'Number of random features over the dimension.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 50,
    step: 0.1,
    default: 2,
  },
  {
    key: 'psi2',
    label: 'ψ₂ = n/d',
    description: 'Number of training samples over the dimension.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 50,
    step: 0.1,
    default: 3,
  },
  {
    key: 'lambda',
    label: 'λ',
    description: 'Ridge of the penalty (Nλ/d)‖a‖²; 0 gives the ridgeless (minimum-norm) limit.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.001,
    default: 0.1,
  },
  {
    key: 'activation',
    label: 'activation σ',
    description:
      "Activation of the random features: 'relu', 'erf' or 'tanh' (the spellings of @overparam/train and @overparam/kernels).",
    type: 'choice',
    choices: ACTIVATION_NAMES,
    default: 'relu',
  },
  {
    key: 'linearEnergy',
    label: 'F₁²',
    description: 'Energy of the linear part of the target, F₁⟨β, x⟩.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.1,
    default: 1,
  },
  {
    key: 'nonlinearEnergy',
    label: 'F*²',
    description: 'Energy of the nonlinear part (orthogonal to all linear functions).',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.1,
    default: 0.5,
  },
  {
    key: 'noiseVariance',
    label: 'τ²',
    description: 'Variance of the label noise.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.01,
    default: 0.09,
  },
  {
    key: 'd',
    label: 'd (check)',
    description: 'Dimension of the simulated instances: N = round(ψ₁d), n = round(ψ₂d).',
    type: 'integer',
    min: 10,
    max: 400,
    step: 10,
    default: 80,
  },
  {
    key: 'seeds',
    label: 'seeds (check)',
    description: 'Independent instances averaged by the empirical check.',
    type: 'integer',
    min: 1,
    max: 20,
    default: 4,
  },
];

function sizes(i: MeiMontanariRfInputs, psi1 = i.psi1): { N: number; n: number } {
  return { N: Math.max(1, Math.round(psi1 * i.d)), n: Math.max(1, Math.round(i.psi2 * i.d)) };
}

function work(N: number, n: number, d: number): number {
  return Math.min(N, n) ** 2 * Math.max(N, n) + N * d * (n + N_TEST);
}

function constants(i: MeiMontanariRfInputs) {
  return activationConstants(i.activation);
}

function risk(i: MeiMontanariRfInputs, psi1 = i.psi1) {
  const c = constants(i);
  return meiMontanariRisk({
    psi1,
    psi2: i.psi2,
    lambda: i.lambda,
    zeta: c.zeta,
    muStar2: c.muStar2,
    linearEnergy: i.linearEnergy,
    nonlinearEnergy: i.nonlinearEnergy,
    noiseVariance: i.noiseVariance,
  });
}

const assumptions: Assumption<MeiMontanariRfInputs>[] = [
  {
    id: 'sphere-model',
    statement:
      'x_i, \\theta_j \\sim \\mathrm{Unif}(\\sqrt d\\,\\mathbb S^{d-1}),\\ y = F_1\\langle\\beta, x\\rangle + f_{\\mathrm{NL}}(x) + \\varepsilon',
    check: () => ({
      holds: true,
      value: 'inputs and features uniform on the sphere in the check',
      requirement:
        'x, θ uniform on the sphere of radius √d; target linear + nonlinear (orthogonal) + noise',
      explanation:
        'The theorem is for this model; the calculator cannot see your data, so it states the premise and the empirical check draws from it. Real data (MNIST) are not of this form: the formula is then a guide to the shape of the curve, not its values.',
    }),
  },
  {
    id: 'activation',
    statement:
      "\\sigma\\ \\text{weakly differentiable},\\ |\\sigma(u)|, |\\sigma'(u)| \\le c_0 e^{c_1|u|},\\ \\mu_* > 0",
    check: (i) => {
      const c = constants(i);
      return {
        holds: c.muStar2 > 0,
        value: `${i.activation}: μ*² = ${c.muStar2.toPrecision(4)}`,
        requirement: 'μ*² > 0 (σ not affine), exponential growth at most',
        explanation:
          'ReLU, erf and tanh satisfy the growth condition. μ*² is the energy of σ beyond its linear part; with μ* = 0 the features are linear in x and ζ = μ₁/μ* is undefined.',
      };
    },
  },
  {
    id: 'ridge-or-off-peak',
    statement:
      '\\lambda > 0\\ \\text{(Theorem 1), or } \\lambda = 0 \\text{ with } \\psi_1 \\ne \\psi_2',
    check: (i) => ({
      holds: i.lambda > 0 || i.psi1 !== i.psi2,
      value: `λ = ${i.lambda}, ψ₁ = ${i.psi1}, ψ₂ = ${i.psi2}`,
      requirement: 'λ > 0 or ψ₁ ≠ ψ₂',
      explanation:
        'Theorem 1 assumes λ > 0; λ = 0 is its ridgeless limit, finite except at the interpolation threshold ψ₁ = ψ₂ where E₀ = 0 and the limiting error is +∞.',
    }),
  },
  {
    id: 'proportional-regime',
    statement: `N, n, d \\to \\infty,\\ N/d \\to \\psi_1,\\ n/d \\to \\psi_2;\\ \\text{here } d \\ge ${MIN_D}`,
    check: (i) => ({
      holds: i.d >= MIN_D,
      value: i.d,
      requirement: `d ≥ ${MIN_D} in the check`,
      explanation: `A limit. At finite d the error of one instance deviates by 5–15% (https://overparam.dev/docs/theory/rf-asymptotics#mm-check); below d = ${MIN_D} the deviation exceeds the check's tolerance of ${MM_RF_TOLERANCE * 100}%.`,
    }),
  },
  {
    id: 'off-peak-fluctuations',
    scope: 'check',
    statement: `\\lambda \\ge 10^{-2}\\ \\text{or}\\ |\\psi_1 - \\psi_2| \\ge ${PEAK_GAP}\\min(\\psi_1,\\psi_2)\\ \\text{(empirical check only)}`,
    check: (i) => {
      const gap = Math.abs(i.psi1 - i.psi2) / Math.min(i.psi1, i.psi2);
      return {
        holds: i.lambda >= PEAK_LAMBDA || gap >= PEAK_GAP,
        value: `λ = ${i.lambda}, |ψ₁ − ψ₂|/min = ${gap.toPrecision(3)}`,
        requirement: `λ ≥ ${PEAK_LAMBDA} or |ψ₁ − ψ₂| ≥ ${PEAK_GAP}·min(ψ₁, ψ₂) for the empirical check`,
        explanation:
          'The empirical check skips this region: near the interpolation threshold with little ridge the test error of one instance fluctuates far more than 15% from seed to seed (the smallest singular value of the feature matrix is near 0), so a finite-d simulation cannot confirm the limit there. The formula itself holds there (Theorem 1, or its ridgeless limit off ψ₁ = ψ₂), so the value is still given.',
      };
    },
  },
];

function validate(raw: unknown): MeiMontanariRfInputs {
  const v = validateInputs<MeiMontanariRfInputs>(ID, inputs, raw);
  let worst = 0;
  for (const m of [1, ...SERIES]) {
    const { N, n } = sizes(v, v.psi1 * m);
    worst = Math.max(worst, work(N, n, v.d));
  }
  if (worst > MAX_WORK) {
    const { N, n } = sizes(v, v.psi1 * 3);
    throw new InvalidBoundInputError(
      ID,
      'd',
      v.d,
      `a check of at most ${MAX_WORK.toExponential(0)} multiply-adds per instance (the series reaches N = ${N}, n = ${n}: ${worst.toExponential(2)})`,
      'lower d, ψ₁ or ψ₂ so each simulated regression stays within a fraction of a second',
    );
  }
  return v;
}

function formula(i: MeiMontanariRfInputs): BoundFormula {
  const c = constants(i);
  const r = risk(i);
  const terms: Term[] = [
    { id: 'mu0', label: 'μ₀ = E σ(G)', latex: '\\mu_0', value: c.mu0 },
    { id: 'mu1', label: 'μ₁ = E[Gσ(G)]', latex: '\\mu_1', value: c.mu1 },
    { id: 'mu-star-2', label: 'μ*² = Eσ² − μ₀² − μ₁²', latex: '\\mu_*^2', value: c.muStar2 },
    { id: 'zeta', label: 'ζ = μ₁/μ*', latex: '\\zeta', value: c.zeta },
    {
      id: 'lambda-bar',
      label: 'λ̄ = λ/μ*²',
      latex: '\\bar\\lambda',
      value: i.lambda / c.muStar2,
    },
    {
      id: 'chi',
      label: r.method === 'ridgeless' ? 'χ (ridgeless closed form)' : 'χ = ν₁ν₂ (fixed point)',
      latex: '\\chi',
      value: r.chi,
    },
    { id: 'E0', label: 'E₀', latex: '\\mathscr E_0', value: r.E0 },
    { id: 'E1', label: 'E₁', latex: '\\mathscr E_1', value: r.E1 },
    { id: 'E2', label: 'E₂', latex: '\\mathscr E_2', value: r.E2 },
    { id: 'bias', label: 'B = E₁/E₀', latex: '\\mathscr B', value: r.bias },
    { id: 'variance', label: 'V = E₂/E₀', latex: '\\mathscr V', value: r.variance },
    {
      id: 'test-error',
      label: 'limiting test error F₁²B + (τ² + F*²)V + F*²',
      latex: 'F_1^2\\mathscr B + (\\tau^2 + F_*^2)\\mathscr V + F_*^2',
      value: r.testError,
    },
  ];
  const caveats = [
    'An asymptotic formula (N, n, d → ∞ at fixed ratios): one finite-d instance deviates by 5–15% (https://overparam.dev/docs/theory/rf-asymptotics#mm-check), most near the interpolation threshold ψ₁ = ψ₂.',
    'The error is against the noiseless target f(x); the error on noisy test labels is this plus τ².',
    'The constant μ₀ = E σ(G) does not enter the formula: only ζ = μ₁/μ* and λ̄ = λ/μ*² do.',
  ];
  if (r.method === 'ridgeless') {
    caveats.push(
      'λ = 0: the ridgeless limit of Theorem 1 (closed-form χ with ψ = min(ψ₁, ψ₂)); the minimum-norm interpolant when ψ₁ > ψ₂.',
    );
  }
  return {
    value: Number.isFinite(r.testError) ? r.testError : null,
    valueLabel: 'limiting test error R (excess over the noise)',
    terms,
    caveats,
  };
}

async function run(i: MeiMontanariRfInputs, { step }: CheckProgress): Promise<EmpiricalResult> {
  const seed0 = meiMontanariRfBound.empiricalCheck.seed;
  const activation = i.activation;
  const mults = [...SERIES.filter((m) => m < 1), 1, ...SERIES.filter((m) => m > 1)];
  const total = mults.length * i.seeds;
  let done = 0;
  const measure = async (psi1: number): Promise<number> => {
    const { N, n } = sizes(i, psi1);
    let sum = 0;
    for (let s = 0; s < i.seeds; s++) {
      sum += randomFeaturesSphereRisk({
        d: i.d,
        N,
        n,
        nTest: N_TEST,
        lambda: i.lambda,
        activation,
        linearEnergy: i.linearEnergy,
        nonlinearEnergy: i.nonlinearEnergy,
        noiseVariance: i.noiseVariance,
        seed: seed0 + s,
      }).testError;
      done += 1;
      await step(done / total);
    }
    return sum / i.seeds;
  };
  const points: { x: number; predicted: number; measured: number }[] = [];
  let measured = Number.NaN;
  for (const m of mults) {
    const psi1 = i.psi1 * m;
    const value = await measure(psi1);
    if (m === 1) measured = value;
    const limit = risk(i, psi1).testError;
    // The ridgeless limit is +∞ at ψ₁ = ψ₂: no point to plot there.
    if (Number.isFinite(limit)) points.push({ x: psi1, predicted: limit, measured: value });
  }
  const predicted = risk(i).testError;
  const rel = Math.abs(measured - predicted) / predicted;
  const { N, n } = sizes(i);
  await step(1);
  return {
    passes: Number.isFinite(predicted) && rel <= MM_RF_TOLERANCE,
    relation: `|measured − predicted|/predicted ≤ ${MM_RF_TOLERANCE}`,
    predicted,
    measured,
    tolerance: MM_RF_TOLERANCE,
    series: { x: 'ψ₁ = N/d', points },
    details: `Random-features ridge regression on the sphere, d = ${i.d}, N = ${N}, n = ${n}, σ = ${activation}, λ = ${i.lambda}, mean over ${i.seeds} seeded instances (seeds ${seed0}–${seed0 + i.seeds - 1}), test error on ${N_TEST} fresh points against the noiseless target, float64 on the CPU. Measured ${measured.toPrecision(4)}, limit ${predicted.toPrecision(4)}: relative gap ${rel.toFixed(3)} (tolerance ${MM_RF_TOLERANCE}, the finite-d error). The series repeats this for ψ₁ × {${mults.join(', ')}} at fixed ψ₂.`,
  };
}

/**
 * Mei & Montanari's limit of random-features ridge regression (CPAM 2022, Theorem 1;
 * https://overparam.dev/docs/theory/rf-asymptotics#test-error): x, θ_j uniform on the sphere of radius √d, N/d → ψ₁, n/d → ψ₂, features
 * σ(⟨θ_j, x⟩/√d), penalty (Nλ/d)‖a‖², target of linear energy F₁², nonlinear energy F*² and
 * noise τ². The test error tends to F₁²E₁/E₀ + (τ² + F*²)E₂/E₀ + F*², with χ = ν₁ν₂ from the
 * fixed point at ξ = i√(ψ₁ψ₂λ̄) (or its ridgeless closed form at λ = 0) and the activation
 * constants μ₀, μ₁, μ* by quadrature. The empirical check simulates seeded instances at
 * dimension d in float64 and compares their mean test error with the limit.
 *
 * @example
 * meiMontanariRfBound.evaluate(meiMontanariRfBound.defaults).value // 1.0079 (ReLU, ψ₁ = 2, ψ₂ = 3, λ = 0.1)
 */
export const meiMontanariRfBound: Bound<MeiMontanariRfInputs> = defineBound<MeiMontanariRfInputs>({
  id: ID,
  title: 'Random-features regression: the Mei–Montanari limit',
  citation: {
    authors: 'S. Mei, A. Montanari',
    title:
      'The generalization error of random features regression: Precise asymptotics and the double descent curve',
    venue: 'Communications on Pure and Applied Mathematics 75(4)',
    year: 2022,
    theorem: 'Theorem 1 (λ > 0) and its ridgeless limit λ → 0',
    url: 'https://arxiv.org/abs/1908.05355',
  },
  kind: 'asymptotic',
  statement:
    'R_{\\mathrm{RF}} \\to F_1^2\\,\\frac{\\mathscr E_1}{\\mathscr E_0} + (\\tau^2 + F_*^2)\\,\\frac{\\mathscr E_2}{\\mathscr E_0} + F_*^2,\\quad \\chi = \\nu_1\\nu_2\\big(i\\sqrt{\\psi_1\\psi_2\\bar\\lambda}\\big),\\quad \\nu_1 = \\frac{\\psi_1}{-\\xi - \\nu_2 - \\frac{\\zeta^2\\nu_2}{1 - \\zeta^2\\nu_1\\nu_2}},\\ \\nu_2 = \\frac{\\psi_2}{-\\xi - \\nu_1 - \\frac{\\zeta^2\\nu_1}{1 - \\zeta^2\\nu_1\\nu_2}},\\quad \\zeta = \\frac{\\mu_1}{\\mu_*},\\ \\bar\\lambda = \\frac{\\lambda}{\\mu_*^2}',
  inputs,
  validate,
  assumptions,
  formula,
  empiricalCheck: {
    description:
      'Simulates random-features ridge regression on the sphere (seeded x, θ, teacher and noise; float64) at dimension d for ψ₁ and five other feature counts, averages the test error over the seeds and compares it with the limit.',
    seed: 40,
    run,
  },
  snippet: `import { getBound } from '@overparam/bounds';

const rf = getBound('mei-montanari-rf');
const inputs = rf.validate({ psi1: 2, psi2: 3, lambda: 0.1, activation: 'relu' });
const result = rf.evaluate(inputs);
console.log(result.value); // ≈ 1.008, the limiting test error
const check = await rf.empiricalCheck.run(inputs);
console.log(check.passes, check.details);`,
});
