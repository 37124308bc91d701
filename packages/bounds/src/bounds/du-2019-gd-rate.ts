import { twoLayerReluGd } from '@overparam/train';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import {
  checkParallel,
  dimensionInput,
  memoized,
  nonDegenerate,
  parallelInput,
  plottedSteps,
  STEP_INPUTS,
  sphereProblem,
  stableStepAssumption,
  widthInput,
  withDegenerateNote,
} from '../internal/two-layer-check.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link du2019GdRateBound}. */
export type Du2019GdRateInputs = {
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
  /** Failure probability δ of the theorem. */
  delta: number;
  /** How many inputs repeat others (parallel pairs make λ₀ = 0). */
  parallel: number;
};

const ID = 'du-2019-gd-rate';
/** The measured ‖u(k) − y‖² may exceed the bound by rounding only. */
const ROUNDING = 1e-9;
/** Widths tried (besides the reader's) to find the smallest at which the rate is observed. */
const SWEEP_WIDTHS = [4, 16, 64, 256];

const inputs: InputSpec[] = [
  {
    key: 'n',
    label: 'n',
    description: 'Training points, uniform on the unit sphere (‖x‖ = 1).',
    type: 'integer',
    min: 2,
    max: 200,
    default: 20,
  },
  dimensionInput(5),
  widthInput('Hidden width of the network trained in the empirical check.'),
  ...STEP_INPUTS,
  {
    key: 'delta',
    label: 'δ',
    description:
      'Failure probability of the theorem (it holds with probability 1 − δ over the init).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1,
    step: 0.01,
    default: 0.1,
  },
  parallelInput(100),
];

const SEED = 61;

const problem = memoized(
  (i: Du2019GdRateInputs) => [i.n, i.d, i.parallel].join(','),
  (i) => sphereProblem(i.n, i.d, i.parallel, SEED),
);

/** The learning rate η of GD on ½Σ(y − u)² (c = 1, so also the effective step η̃). */
function learningRate(i: Du2019GdRateInputs): number {
  return i.stepRatio / problem(i).g.lambdaMax;
}

const assumptions: Assumption<Du2019GdRateInputs>[] = [
  {
    id: 'unit-inputs-bounded-labels',
    statement: '\\|x_i\\| = 1,\\ |y_i| \\le C',
    check: () => ({
      holds: true,
      value: 'x uniform on the unit sphere, y = ⟨β, x⟩ ∈ [−1, 1]',
      requirement: '‖x‖ = 1 and bounded labels',
      explanation:
        'Du et al. normalize the inputs and bound the labels. The calculator draws its own data, which satisfy both; for your data, normalize each x first.',
    }),
  },
  {
    id: 'lambda0-positive',
    statement: '\\lambda_0 = \\lambda_{\\min}(H^\\infty) > 0',
    check: (i) => {
      const { lambda0 } = problem(i).g;
      return {
        holds: nonDegenerate(problem(i).g),
        value: lambda0,
        requirement: 'λ₀ > 0 (above 1e-12·λ_max)',
        explanation:
          'Assumption 3.1 of Du et al.; it holds when no two inputs are parallel (their Theorem 3.1). With λ₀ = 0 the rate 1 − ηλ₀/2 is 1: no convergence is guaranteed along the null direction, and the width requirement n⁶/λ₀⁴ is infinite.',
      };
    },
  },
  stableStepAssumption(
    'In the kernel regime the residual evolves by I − ηH^∞; above η = 2/λ_max(H^∞) it diverges. Du et al. take η = O(λ₀/n²), far below this, with an unspecified constant (see the step-scale terms).',
  ),
];

/** Multiply-adds of the check's training runs (forward and gradient, all widths). */
const MAX_WORK = 3e9;

function validate(raw: unknown): Du2019GdRateInputs {
  const v = validateInputs<Du2019GdRateInputs>(ID, inputs, raw);
  checkParallel(ID, v, ' (each repeats one of the first inputs)');
  const widths = SWEEP_WIDTHS.filter((w) => w < v.width).reduce((s, w) => s + w, v.width);
  const work = 2 * v.n * v.d * widths * v.steps;
  if (work > MAX_WORK) {
    throw new InvalidBoundInputError(
      ID,
      'width',
      v.width,
      `a check of at most ${MAX_WORK.toExponential(0)} multiply-adds (2·n·d·Σm·k = ${work.toExponential(2)})`,
      'lower the width, the steps, n or d so the training runs take a few seconds',
    );
  }
  return v;
}

function formula(i: Du2019GdRateInputs): BoundFormula {
  const p = problem(i);
  const { lambda0 } = p.g;
  const step = learningRate(i);
  const u0 = twoLayerReluGd({
    X: p.X,
    y: p.y,
    width: i.width,
    learningRate: step,
    steps: 0,
    initSeed: SEED,
  }).u0;
  const r0sq = p.y.reduce((s, v, k) => s + (v - (u0[k] as number)) ** 2, 0);
  const rate = 1 - (step * lambda0) / 2;
  const ok = nonDegenerate(p.g);
  const widthScale = ok ? i.n ** 6 / (lambda0 ** 4 * i.delta ** 3) : null;
  const stepScale = ok ? lambda0 / i.n ** 2 : null;
  const bound = ok ? rate ** i.steps * r0sq : null;
  return {
    value: bound,
    valueLabel: `Du et al.'s bound (1 − ηλ₀/2)^k·‖u(0) − y‖² on ‖u(k) − y‖² after k = ${i.steps} steps`,
    terms: withDegenerateNote(
      [
        {
          id: 'lambda0',
          label: 'λ₀ = λ_min(H^∞)',
          latex: '\\lambda_0',
          value: lambda0,
          ...(ok ? {} : { note: 'as computed: 0 up to rounding (parallel inputs)' }),
        },
        {
          id: 'lambda-max',
          label: 'λ_max(H^∞)',
          latex: '\\lambda_{\\max}(H^\\infty)',
          value: p.g.lambdaMax,
        },
        {
          id: 'learning-rate',
          label: 'learning rate η (c = 1: also η̃)',
          latex: '\\eta',
          value: step,
        },
        {
          id: 'rate',
          label: 'per-step factor 1 − ηλ₀/2',
          latex: '1 - \\eta\\lambda_0/2',
          value: rate,
        },
        {
          id: 'initial-residual',
          label: '‖u(0) − y‖² at this init',
          latex: '\\|u(0) - y\\|^2',
          value: r0sq,
        },
        {
          id: 'width-scale',
          label: 'width scale n⁶/(λ₀⁴δ³)',
          latex: 'n^6/(\\lambda_0^4\\delta^3)',
          value: widthScale,
        },
        {
          id: 'width-constant',
          label: 'constant C in m ≥ C·n⁶/(λ₀⁴δ³)',
          latex: 'C_m',
          value: null,
          note: 'unspecified in the paper (Theorem 5.1 states m = Ω(·))',
        },
        {
          id: 'width-gap',
          label: 'm / (n⁶/(λ₀⁴δ³)): the width used against the scale',
          latex: 'm\\,\\lambda_0^4\\delta^3/n^6',
          value: widthScale === null ? null : i.width / widthScale,
        },
        { id: 'step-scale', label: 'step scale λ₀/n²', latex: '\\lambda_0/n^2', value: stepScale },
        {
          id: 'step-constant',
          label: 'constant c in η ≤ c·λ₀/n²',
          latex: 'c_\\eta',
          value: null,
          note: 'unspecified in the paper (Theorem 5.1 states η = O(·))',
        },
        {
          id: 'step-gap',
          label: 'η / (λ₀/n²)',
          latex: '\\eta\\,n^2/\\lambda_0',
          value: stepScale === null ? null : step / stepScale,
        },
      ],
      ok,
    ),
    caveats: [
      'The theorem needs m ≥ C·n⁶/(λ₀⁴δ³) and η ≤ c·λ₀/n² for constants it leaves unspecified: they are reported as null terms, with the ratios of this m and η to the scales. Whether this instance is covered cannot be decided.',
      'The bound holds with probability 1 − δ over the random init; the empirical check measures one seeded init, and the smallest width at which the rate was observed.',
      'Only the first layer is trained; a_r = ±1 stay fixed (as in the paper).',
    ],
  };
}

async function run(i: Du2019GdRateInputs, { step }: CheckProgress): Promise<EmpiricalResult> {
  const p = problem(i);
  const lr = learningRate(i);
  const rate = 1 - (lr * p.g.lambda0) / 2;
  const holdsAt = (norms: number[]) =>
    norms.every((r, k) => r * r <= rate ** k * (norms[0] as number) ** 2 * (1 + ROUNDING));
  const widths = [...SWEEP_WIDTHS.filter((w) => w < i.width), i.width];
  const held: number[] = [];
  let main: number[] = [];
  for (let w = 0; w < widths.length; w++) {
    const width = widths[w] as number;
    const r = twoLayerReluGd({
      X: p.X,
      y: p.y,
      width,
      learningRate: lr,
      steps: i.steps,
      initSeed: SEED,
    });
    if (holdsAt(r.residualNorms)) held.push(width);
    if (width === i.width) main = r.residualNorms;
    await step((w + 1) / widths.length);
  }
  const r0sq = (main[0] as number) ** 2;
  const points = plottedSteps(i.steps).map((k) => ({
    x: k,
    predicted: rate ** k * r0sq,
    measured: (main[k] as number) ** 2,
  }));
  const measured = (main[i.steps] as number) ** 2;
  const predicted = rate ** i.steps * r0sq;
  const passes = holdsAt(main);
  // The smallest width from which on the rate held at every width tried.
  let observed: number | null = null;
  for (let w = widths.length - 1; w >= 0 && held.includes(widths[w] as number); w--) {
    observed = widths[w] as number;
  }
  const scale = i.n ** 6 / (p.g.lambda0 ** 4 * i.delta ** 3);
  await step(1);
  return {
    passes,
    relation: '‖u(k) − y‖² ≤ (1 − ηλ₀/2)^k·‖u(0) − y‖² at every step k',
    predicted,
    measured,
    series: { x: 'GD step k', points },
    details: `Full-batch GD (float64) on f(x) = (1/√m)Σ a_r ReLU(⟨w_r, x⟩), first layer trained, w_r ~ N(0, I), a_r = ±1, seed ${SEED}; n = ${i.n} points on the unit sphere of R^${i.d}, y = ⟨β, x⟩, η = ${lr.toPrecision(4)} (${i.stepRatio}/λ_max(H^∞)), ${i.steps} steps. At m = ${i.width} the rate ${passes ? 'held' : 'failed'} at every step: ‖u(k) − y‖² = ${measured.toExponential(3)} against the bound ${predicted.toExponential(3)}. Widths tried: ${widths.join(', ')}; the rate held at ${held.length ? held.join(', ') : 'none'}${observed === null ? '' : `, so from m = ${observed} on`}, against the theorem's scale n⁶/(λ₀⁴δ³) = ${Number.isFinite(scale) ? scale.toExponential(2) : '∞'} (times an unspecified constant).`,
  };
}

/**
 * Du et al.'s linear convergence of gradient descent on a wide two-layer ReLU network (ICLR 2019,
 * Theorem 5.1; https://overparam.dev/docs/theory/two-layer-relu#du-convergence): with ‖x‖ = 1, λ₀ = λ_min(H^∞) > 0, m = Ω(n⁶/(λ₀⁴δ³)) and
 * η = O(λ₀/n²), with probability 1 − δ, ‖u(k) − y‖² ≤ (1 − ηλ₀/2)^k‖u(0) − y‖². Evaluates the
 * rate, H^∞ and λ₀ on seeded data, and reports the width and step requirements as scalings whose
 * constants are unspecified (null terms), with the gap to the width used. The empirical check
 * trains the network (float64) and compares the residual with the bound at every step.
 *
 * @example
 * du2019GdRateBound.evaluate(du2019GdRateBound.defaults).terms.find((t) => t.id === 'width-constant')!.value // null
 */
export const du2019GdRateBound: Bound<Du2019GdRateInputs> = defineBound<Du2019GdRateInputs>({
  id: ID,
  title: 'Gradient descent on a wide two-layer ReLU network converges linearly (Du et al.)',
  citation: {
    authors: 'S. S. Du, X. Zhai, B. Póczos, A. Singh',
    title: 'Gradient Descent Provably Optimizes Over-parameterized Neural Networks',
    venue: 'ICLR',
    year: 2019,
    theorem: 'Theorem 5.1 (GD); H^∞ and λ₀ > 0: Assumption 3.1, Theorem 3.1',
    url: 'https://arxiv.org/abs/1810.02054',
  },
  kind: 'rate',
  statement:
    '\\|u(k) - y\\|^2 \\le \\Big(1 - \\frac{\\eta\\lambda_0}{2}\\Big)^k \\|u(0) - y\\|^2\\quad\\text{if } m = \\Omega\\Big(\\frac{n^6}{\\lambda_0^4\\delta^3}\\Big),\\ \\eta = O\\Big(\\frac{\\lambda_0}{n^2}\\Big),\\quad H^\\infty_{ij} = \\frac{\\langle x_i, x_j\\rangle(\\pi - \\arccos\\langle x_i, x_j\\rangle)}{2\\pi}',
  inputs,
  validate,
  assumptions,
  formula,
  empiricalCheck: {
    description:
      'Trains the two-layer ReLU network with full-batch GD in float64 (first layer, seeded init) at the reader’s width and at smaller ones, and checks the residual against (1 − ηλ₀/2)^k‖u(0) − y‖² at every step.',
    seed: SEED,
    run,
  },
  snippet: `import { getBound } from '@overparam/bounds';

const du = getBound('du-2019-gd-rate');
const inputs = du.validate({ n: 20, d: 5, width: 1000, stepRatio: 0.5, steps: 300 });
const result = du.evaluate(inputs);
console.log(result.terms.find((t) => t.id === 'width-scale').value); // n⁶/(λ₀⁴δ³): astronomically large
const check = await du.empiricalCheck.run(inputs);
console.log(check.passes, check.details); // the rate holds at m = 1000 anyway`,
});
