import { createRng, type Matrix64 } from '@overparam/tensor';
import { twoLayerReluGd } from '@overparam/train';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import { aroraComplexity, kernelRegimeResiduals } from '../formulas/gram-infinity.js';
import {
  checkParallel,
  dimensionInput,
  linearLabels,
  memoized,
  nonDegenerate,
  parallelInput,
  plottedSteps,
  type SphereProblem,
  STEP_INPUTS,
  sphereProblem,
  stableStepAssumption,
  unitSphere,
  widthInput,
  withDegenerateNote,
} from '../internal/two-layer-check.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link arora2019GeneralizationBound}. */
export type Arora2019GeneralizationInputs = {
  /** Training points n (unit sphere of R^d). */
  n: number;
  /** Input dimension d. */
  d: number;
  /** Hidden width m of the trained network. */
  width: number;
  /** η as a fraction of 1/λ_max(H^∞). */
  stepRatio: number;
  /** GD steps k. */
  steps: number;
  /** Init scale κ (w_r ~ N(0, κ²I)). */
  kappa: number;
  /** Failure probability δ. */
  delta: number;
  /** Test points for the measured population loss. */
  nTest: number;
  /** How many inputs repeat others (λ₀ = 0). */
  parallel: number;
};

const ID = 'arora-2019-generalization';
/**
 * Allowed gap between the trained network's residual and ‖(I − ηH^∞)^k(y − u(0))‖, relative to
 * ‖y − u(0)‖, at every step (Theorem 4.1's ±ε at finite width; measured with numpy at m = 2000,
 * κ = 1: 2%).
 */
export const ARORA_RESIDUAL_TOLERANCE = 0.1;
const SEED = 71;
/** Multiply-adds of the two training runs and the test predictions. */
const MAX_WORK = 4e9;

const inputs: InputSpec[] = [
  {
    key: 'n',
    label: 'n',
    description: 'Training points, uniform on the unit sphere (‖x‖ = 1).',
    type: 'integer',
    min: 2,
    max: 300,
    default: 50,
  },
  dimensionInput(10),
  widthInput('Hidden width of the trained network.'),
  ...STEP_INPUTS,
  {
    key: 'kappa',
    label: 'κ',
    description: 'Init scale, w_r ~ N(0, κ²I). The theorem takes κ small so that u(0) ≈ 0.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 10,
    step: 0.05,
    default: 1,
  },
  {
    key: 'delta',
    label: 'δ',
    description: 'Failure probability of the theorem.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1,
    step: 0.01,
    default: 0.1,
  },
  {
    key: 'nTest',
    label: 'test points',
    description: 'Fresh points on which the population loss is measured.',
    type: 'integer',
    min: 10,
    max: 5000,
    step: 10,
    default: 500,
  },
  parallelInput(150),
];

interface Problem extends SphereProblem {
  /** The same labels, randomly permuted (the random-label control). */
  yRandom: Float64Array;
  Xtest: Matrix64;
  yTest: Float64Array;
}

const problem = memoized(
  (i: Arora2019GeneralizationInputs) => [i.n, i.d, i.parallel, i.nTest].join(','),
  (i): Problem => {
    // y = ⟨β, x⟩, ‖β‖ = 1: |y| ≤ 1 and yᵀ(H^∞)⁻¹y ≤ 9 (Arora et al., Corollary 6.2).
    const train = sphereProblem(i.n, i.d, i.parallel, SEED);
    const Xtest = unitSphere(i.nTest, i.d, SEED, 2);
    // Random labels: the same values assigned to the inputs by a seeded permutation.
    const rng = createRng(SEED, 4);
    const yRandom = Float64Array.from(train.y);
    for (let k = yRandom.length - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      const t = yRandom[k] as number;
      yRandom[k] = yRandom[j] as number;
      yRandom[j] = t;
    }
    return { ...train, yRandom, Xtest, yTest: linearLabels(Xtest, train.beta) };
  },
);

/** ℓ(f, y) = min(1, |f − y|): 1-Lipschitz in f, values in [0, 1], ℓ(y, y) = 0, as Theorem 5.1 needs. */
function loss(f: number, y: number): number {
  return Math.min(1, Math.abs(f - y));
}

const assumptions: Assumption<Arora2019GeneralizationInputs>[] = [
  {
    id: 'unit-inputs-bounded-labels',
    statement: '\\|x\\| = 1,\\ |y| \\le 1,\\ (x, y) \\text{ i.i.d.}',
    check: () => ({
      holds: true,
      value: 'x uniform on the unit sphere, y = ⟨β, x⟩ ∈ [−1, 1]',
      requirement: '‖x‖ = 1, |y| ≤ 1, i.i.d. samples',
      explanation:
        'The calculator draws its own i.i.d. data satisfying these; for your data, normalize each x and scale y into [−1, 1].',
    }),
  },
  {
    id: 'lambda0-positive',
    statement: '\\lambda_0 = \\lambda_{\\min}(H^\\infty) > 0\\ \\text{(non-degenerate data)}',
    check: (i) => {
      const { g } = problem(i);
      return {
        holds: nonDegenerate(g),
        value: g.lambda0,
        requirement: 'λ₀ > 0 (above 1e-12·λ_max)',
        explanation:
          'The data must be (λ₀, δ, n)-non-degenerate. With parallel inputs H^∞ is singular: the complexity yᵀ(H^∞)⁻¹y and the log(n/(λ₀δ)) term are undefined.',
      };
    },
  },
  {
    id: 'lipschitz-loss',
    statement:
      '\\ell: \\mathbb R\\times\\mathbb R \\to [0, 1],\\ 1\\text{-Lipschitz in } f,\\ \\ell(y, y) = 0',
    check: () => ({
      holds: true,
      value: 'ℓ(f, y) = min(1, |f − y|)',
      requirement: 'a 1-Lipschitz loss with values in [0, 1]',
      explanation:
        'Theorem 5.1 bounds the population loss of such a loss; the check measures this one on fresh test points.',
    }),
  },
  stableStepAssumption(
    'In the kernel regime the residual evolves by I − ηH^∞ and diverges above 2/λ_max(H^∞). The theorem takes η = O(λ₀/n²) with an unspecified constant.',
  ),
];

function validate(raw: unknown): Arora2019GeneralizationInputs {
  const v = validateInputs<Arora2019GeneralizationInputs>(ID, inputs, raw);
  checkParallel(ID, v);
  const work = v.width * v.d * (4 * v.n * v.steps + v.nTest);
  if (work > MAX_WORK) {
    throw new InvalidBoundInputError(
      ID,
      'width',
      v.width,
      `a check of at most ${MAX_WORK.toExponential(0)} multiply-adds (here ${work.toExponential(2)})`,
      'lower the width, the steps, n or d so the two training runs take a few seconds',
    );
  }
  return v;
}

function formula(i: Arora2019GeneralizationInputs): BoundFormula {
  const p = problem(i);
  const ok = nonDegenerate(p.g);
  const complexity = ok ? aroraComplexity(p.g, p.y) : null;
  const complexityRandom = ok ? aroraComplexity(p.g, p.yRandom) : null;
  const explicit = complexity === null ? null : Math.sqrt((2 * complexity) / i.n);
  // log(n/(λ₀δ)) as a sum of logs: finite for every δ > 0.
  const logScale = ok
    ? Math.sqrt((Math.log(i.n) - Math.log(p.g.lambda0) - Math.log(i.delta)) / i.n)
    : null;
  const kappaScale = ok ? (p.g.lambda0 * i.delta) / i.n : null;
  return {
    value: explicit,
    valueLabel:
      'explicit part √(2yᵀ(H^∞)⁻¹y/n) of the bound on the population loss (partial: the O(√(log(n/(λ₀δ))/n)) term is not included)',
    terms: withDegenerateNote(
      [
        {
          id: 'lambda0',
          label: 'λ₀ = λ_min(H^∞)',
          latex: '\\lambda_0',
          value: p.g.lambda0,
          ...(ok ? {} : { note: 'as computed: 0 up to rounding (parallel inputs)' }),
        },
        {
          id: 'lambda-max',
          label: 'λ_max(H^∞)',
          latex: '\\lambda_{\\max}(H^\\infty)',
          value: p.g.lambdaMax,
        },
        {
          id: 'complexity',
          label: 'complexity yᵀ(H^∞)⁻¹y (true labels)',
          latex: 'y^\\top (H^\\infty)^{-1} y',
          value: complexity,
        },
        {
          id: 'explicit-term',
          label: 'explicit term √(2yᵀ(H^∞)⁻¹y/n) (partial bound)',
          latex: '\\sqrt{2y^\\top (H^\\infty)^{-1}y/n}',
          value: explicit,
        },
        {
          id: 'complexity-random',
          label: 'complexity for the same labels randomly permuted',
          latex: '\\tilde y^\\top (H^\\infty)^{-1} \\tilde y',
          value: complexityRandom,
        },
        {
          id: 'explicit-term-random',
          label: 'explicit term for permuted labels',
          latex: '\\sqrt{2\\tilde y^\\top (H^\\infty)^{-1}\\tilde y/n}',
          value: complexityRandom === null ? null : Math.sqrt((2 * complexityRandom) / i.n),
        },
        {
          id: 'log-term-scale',
          label: 'scale √(log(n/(λ₀δ))/n) of the remaining term',
          latex: '\\sqrt{\\log(n/(\\lambda_0\\delta))/n}',
          value: logScale,
        },
        {
          id: 'log-term-constant',
          label: 'constant of the O(√(log(n/(λ₀δ))/n)) term',
          latex: 'C',
          value: null,
          note: 'unspecified in the paper: the bound is reported without it (partial)',
        },
        {
          id: 'width-requirement',
          label: 'width requirement m ≥ κ⁻²·poly(n, 1/λ₀, 1/δ)',
          latex: '\\kappa^{-2}\\operatorname{poly}(n, \\lambda_0^{-1}, \\delta^{-1})',
          value: null,
          note: 'the polynomial is unspecified in the theorem',
        },
        {
          id: 'kappa-scale',
          label: 'init scale λ₀δ/n (κ = O(·))',
          latex: '\\lambda_0\\delta/n',
          value: kappaScale,
        },
        {
          id: 'kappa-gap',
          label: 'κ / (λ₀δ/n)',
          latex: '\\kappa n/(\\lambda_0\\delta)',
          value: kappaScale === null ? null : i.kappa / kappaScale,
        },
      ],
      ok,
    ),
    caveats: [
      'Partial: only the explicit term √(2yᵀ(H^∞)⁻¹y/n) is computed; the theorem adds O(√(log(n/(λ₀δ))/n)) with an unspecified constant, so the value is not a certified bound.',
      'The theorem needs κ = O(λ₀δ/n), m ≥ κ⁻²poly(n, 1/λ₀, 1/δ), η = O(λ₀/n²) and k ≥ Ω(log(n/δ)/(ηλ₀)) with unspecified constants; they are reported as scales, never as numbers.',
      'The complexity is computed for labels y = ⟨β, x⟩ on seeded data and for the same labels permuted at random: it is small for the former (≤ 9 by Corollary 6.2) and grows like n for the latter.',
    ],
  };
}

async function run(
  i: Arora2019GeneralizationInputs,
  { step, signal }: CheckProgress,
): Promise<EmpiricalResult> {
  const p = problem(i);
  const learningRate = i.stepRatio / p.g.lambdaMax;
  const train = async (y: Float64Array, from: number) => {
    let stopped = false;
    const r = twoLayerReluGd({
      X: p.X,
      y,
      width: i.width,
      learningRate,
      steps: i.steps,
      kappa: i.kappa,
      initSeed: SEED,
      onStep: () => {
        if (signal?.aborted) stopped = true;
        return !stopped;
      },
    });
    await step(from + 0.45);
    const r0 = y.map((v, k) => v - (r.u0[k] as number));
    const predicted = kernelRegimeResiduals(p.g, r0, learningRate, i.steps);
    let gap = 0;
    for (let k = 0; k <= i.steps; k++) {
      gap = Math.max(gap, Math.abs((r.residualNorms[k] as number) - (predicted[k] as number)));
    }
    return { r, predicted, gap: gap / (predicted[0] as number) };
  };
  const trueRun = await train(p.y, 0);
  const randomRun = await train(p.yRandom, 0.45);
  const f = trueRun.r.predict(p.Xtest);
  let testLoss = 0;
  for (let k = 0; k < i.nTest; k++) testLoss += loss(f[k] as number, p.yTest[k] as number);
  testLoss /= i.nTest;
  const ok = nonDegenerate(p.g);
  const complexity = ok ? aroraComplexity(p.g, p.y) : Number.NaN;
  const complexityRandom = ok ? aroraComplexity(p.g, p.yRandom) : Number.NaN;
  const explicit = Math.sqrt((2 * complexity) / i.n);
  const points = plottedSteps(i.steps).map((k) => ({
    x: k,
    predicted: trueRun.predicted[k] as number,
    measured: trueRun.r.residualNorms[k] as number,
  }));
  await step(1);
  const residualsMatch =
    trueRun.gap <= ARORA_RESIDUAL_TOLERANCE && randomRun.gap <= ARORA_RESIDUAL_TOLERANCE;
  const orderHolds = complexity < complexityRandom;
  const boundAbove = explicit >= testLoss;
  return {
    passes: ok && residualsMatch && orderHolds && boundAbove,
    relation: `‖y − u(k)‖ = ‖(I − ηH^∞)^k(y − u(0))‖ ± ${ARORA_RESIDUAL_TOLERANCE}·‖y − u(0)‖ (true and permuted labels), yᵀ(H^∞)⁻¹y < ỹᵀ(H^∞)⁻¹ỹ, and √(2yᵀ(H^∞)⁻¹y/n) ≥ measured test loss`,
    predicted: explicit,
    measured: testLoss,
    tolerance: ARORA_RESIDUAL_TOLERANCE,
    series: { x: 'GD step k', points },
    details: `Two-layer ReLU network, m = ${i.width}, first layer trained by full-batch GD (float64), κ = ${i.kappa}, η = ${learningRate.toPrecision(4)} (${i.stepRatio}/λ_max(H^∞)), ${i.steps} steps, seed ${SEED}; n = ${i.n} points on the unit sphere of R^${i.d}. Residual against ‖(I − ηH^∞)^k(y − u(0))‖ (Arora et al.'s ‖(I − ηH^∞)^k y‖ with the init's output subtracted): largest gap ${trueRun.gap.toFixed(4)} (true labels) and ${randomRun.gap.toFixed(4)} (permuted labels) of ‖y − u(0)‖; final residual ${(trueRun.r.residualNorms[i.steps] as number).toExponential(2)} vs ${(randomRun.r.residualNorms[i.steps] as number).toExponential(2)}. Complexity yᵀ(H^∞)⁻¹y = ${complexity.toPrecision(4)} for true labels, ${complexityRandom.toPrecision(4)} for permuted ones. Population loss min(1, |f − y|) on ${i.nTest} fresh points: ${testLoss.toPrecision(3)} against the explicit term ${explicit.toPrecision(3)} (partial bound: the O(√(log(n/(λ₀δ))/n)) term is left out, so falling below the measurement would not refute the theorem).`,
  };
}

/**
 * Arora et al.'s fine-grained analysis of the two-layer ReLU network in the kernel regime (ICML
 * 2019, Theorems 4.1 and 5.1; https://overparam.dev/docs/theory/two-layer-relu#arora-generalization): GD's residual follows ‖(I − ηH^∞)^k y‖, and the
 * trained network's population loss is at most √(2yᵀ(H^∞)⁻¹y/n) + O(√(log(n/(λ₀δ))/n)). The
 * calculator computes H^∞, λ₀, the complexity yᵀ(H^∞)⁻¹y (for true and for permuted labels) and
 * the explicit term, labelled partial; the constants the theorem leaves unspecified are null
 * terms. The empirical check trains the network on true and permuted labels (float64) and
 * compares residuals, complexities and the test loss.
 *
 * @example
 * arora2019GeneralizationBound.evaluate(arora2019GeneralizationBound.defaults).value // ≈ 0.4 (explicit term, n = 50)
 */
export const arora2019GeneralizationBound: Bound<Arora2019GeneralizationInputs> =
  defineBound<Arora2019GeneralizationInputs>({
    id: ID,
    title:
      'Generalization of wide two-layer ReLU networks: the complexity yᵀ(H^∞)⁻¹y (Arora et al.)',
    citation: {
      authors: 'S. Arora, S. S. Du, W. Hu, Z. Li, R. Wang',
      title:
        'Fine-Grained Analysis of Optimization and Generalization for Overparameterized Two-Layer Neural Networks',
      venue: 'ICML',
      year: 2019,
      theorem: 'Theorem 5.1 (generalization); Theorem 4.1 (residual dynamics); Corollary 6.2',
      url: 'https://arxiv.org/abs/1901.08584',
    },
    kind: 'upper-bound',
    statement:
      'L_{\\mathcal D}(f_{W(k)}) \\le \\sqrt{\\frac{2\\,y^\\top (H^\\infty)^{-1} y}{n}} + O\\Big(\\sqrt{\\frac{\\log\\frac{n}{\\lambda_0\\delta}}{n}}\\Big),\\qquad \\|y - u(k)\\| = \\big\\|(I - \\eta H^\\infty)^k y\\big\\| \\pm \\epsilon',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Trains the two-layer ReLU network (float64, first layer, seeded init) on labels y = ⟨β, x⟩ and on the same labels permuted, compares both residual curves with ‖(I − ηH^∞)^k(y − u(0))‖, the two complexities, and the explicit term with the measured population loss.',
      seed: SEED,
      run,
    },
    snippet: `import { getBound } from '@overparam/bounds';

const arora = getBound('arora-2019-generalization');
const inputs = arora.validate({ n: 50, d: 10, width: 1000, steps: 300 });
const result = arora.evaluate(inputs);
console.log(result.value); // √(2yᵀ(H^∞)⁻¹y/n): the explicit (partial) part of the bound
console.log(result.terms.find((t) => t.id === 'complexity-random').value); // far larger for random labels
const check = await arora.empiricalCheck.run(inputs);
console.log(check.passes, check.details);`,
  });
