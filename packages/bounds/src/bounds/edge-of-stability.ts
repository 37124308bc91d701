import { edgeOfStabilityData } from '@overparam/datasets';
import { createRng, eigh, type Matrix64 } from '@overparam/tensor';
import { createMlp, type Measurement, sharpnessMeasurement, train } from '@overparam/train';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { CheckAbortedError, InvalidBoundInputError } from '../errors.js';
import { quadraticGd } from '../formulas/quadratic-gd.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link edgeOfStabilityBound}. */
export type EdgeOfStabilityInputs = {
  /** Effective step η̃ = η/c (the check trains with c = 1, so there η = η̃). */
  effectiveStep: number;
  /** Training points n. */
  n: number;
  /** Input dimension d. */
  d: number;
  /** Hidden width of the tanh MLP. */
  width: number;
  /** Hidden layers L (L = 2: three layers of weights). */
  depth: number;
  /** Full-batch GD steps. */
  steps: number;
  /** Sharpness measured every this many steps. */
  measureEvery: number;
};

const ID = 'edge-of-stability';
const SEED = 7;
/**
 * The tanh MLP's sharpness over the last third of the run stays within this relative distance
 * of 2/η̃ (https://overparam.dev/docs/theory/sharpness#edge-of-stability: S reaches 20 for η̃ = 0.1; measured with @overparam/train: within 10%).
 */
export const EOS_TOLERANCE = 0.15;
/** The exact quadratic check runs GD at these multiples of the threshold 2/S. */
const QUADRATIC_BELOW = 0.98;
const QUADRATIC_ABOVE = 1.02;
const QUADRATIC_DIM = 20;
const QUADRATIC_STEPS = 2000;
/** steps·width²·depth·n budget of the tfjs training and sharpness measurements. */
const MAX_WORK = 5e10;

const inputs: InputSpec[] = [
  {
    key: 'effectiveStep',
    label: 'η̃ = η/c',
    description: 'Effective step of full-batch GD on L = (1/(2c))Σ(f − y)² (c = 1 in the check).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 10,
    step: 0.01,
    default: 0.1,
  },
  {
    key: 'n',
    label: 'n',
    description: 'Training points of the MLP check.',
    type: 'integer',
    min: 4,
    max: 1000,
    default: 100,
  },
  {
    key: 'd',
    label: 'd',
    description: 'Input dimension.',
    type: 'integer',
    min: 3,
    max: 100,
    default: 10,
  },
  {
    key: 'width',
    label: 'width',
    description: 'Hidden width of the tanh MLP.',
    type: 'integer',
    min: 2,
    max: 512,
    default: 32,
  },
  {
    key: 'depth',
    label: 'L',
    description:
      'Hidden layers (L = 2: three layers of weights, the setup of https://overparam.dev/docs/theory/sharpness#edge-of-stability).',
    type: 'integer',
    min: 1,
    max: 6,
    default: 2,
  },
  {
    key: 'steps',
    label: 'steps',
    description: 'Full-batch GD steps.',
    type: 'integer',
    min: 10,
    max: 5000,
    step: 10,
    default: 300,
  },
  {
    key: 'measureEvery',
    label: 'measure every',
    description:
      'Steps between sharpness measurements (power iteration on exact Hessian-vector products).',
    type: 'integer',
    min: 1,
    max: 1000,
    default: 25,
  },
];

/**
 * GD on a seeded quadratic ½θᵀAθ, A = QΛQᵀ with top eigenvalue S and the rest spread over
 * (0, S), for QUADRATIC_STEPS steps ({@link quadraticGd}). Returns ‖θ_K‖/‖θ₀‖.
 */
function quadraticGrowth(S: number, effectiveStep: number): number {
  const n = QUADRATIC_DIM;
  const rng = createRng(SEED, 2);
  const G = rng.fillNormal(new Float64Array(n * n));
  const sym: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++)
      sym.data[r * n + c] = (G[r * n + c] as number) + (G[c * n + r] as number);
  }
  const Q = eigh(sym).vectors;
  const lambda = Float64Array.from({ length: n }, (_, k) =>
    k === n - 1 ? S : (S * (k + 1)) / (n + 1),
  );
  const A: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let r = 0; r < n; r++) {
    for (let c = r; c < n; c++) {
      let s = 0;
      for (let k = 0; k < n; k++) {
        s += (Q.data[r * n + k] as number) * (lambda[k] as number) * (Q.data[c * n + k] as number);
      }
      A.data[r * n + c] = s;
      A.data[c * n + r] = s;
    }
  }
  const { growth } = quadraticGd({
    A,
    theta0: rng.fillNormal(new Float64Array(n)),
    learningRate: effectiveStep,
    steps: QUADRATIC_STEPS,
  });
  // θ₀ is a seeded normal draw, so growth is never null (that needs θ₀ = 0).
  return growth ?? 0;
}

const assumptions: Assumption<EdgeOfStabilityInputs>[] = [
  {
    id: 'full-batch-gd',
    statement:
      '\\theta_{t+1} = \\theta_t - \\tilde\\eta\\,\\nabla L(\\theta_t)\\ \\text{(full batch, constant step)}',
    check: () => ({
      holds: true,
      value: 'full-batch GD, constant η̃ (the check)',
      requirement: 'full-batch gradient descent with a constant step',
      explanation:
        'The stability rule is about GD with a fixed step. With SGD, momentum or a schedule the threshold moves (e.g. 2(1 + β)/η̃ with heavy-ball momentum β).',
    }),
  },
  {
    id: 'quadratic-rule',
    statement:
      'L(\\theta) = \\tfrac12\\theta^\\top A\\theta:\\ \\text{GD diverges} \\iff S = \\lambda_{\\max}(A) > 2/\\tilde\\eta',
    check: (i) => ({
      holds: true,
      value: `2/η̃ = ${(2 / i.effectiveStep).toPrecision(4)}`,
      requirement: 'exact for quadratics; a local rule for a network (its Hessian changes)',
      explanation:
        'On a quadratic GD multiplies the top-eigenvector component by 1 − η̃S each step, so it diverges exactly when S > 2/η̃. A network is only locally quadratic: it can sit at S ≈ 2/η̃ without diverging.',
    }),
  },
  {
    id: 'sharpening-time',
    statement: '\\tilde\\eta \\cdot \\text{steps} \\ge 20\\ \\text{(empirical)}',
    check: (i) => ({
      holds: i.effectiveStep * i.steps >= 20,
      value: i.effectiveStep * i.steps,
      requirement: 'η̃·steps ≥ 20 (gradient-flow time of the run)',
      explanation:
        'Progressive sharpening takes time: at the defaults the sharpness starts near 13 and reaches 2/η̃ = 20 after a gradient-flow time η̃t ≈ 15–20. A shorter run measures the sharpening, not the edge. This is an empirical regime, not a theorem.',
    }),
  },
];

function validate(raw: unknown): EdgeOfStabilityInputs {
  const v = validateInputs<EdgeOfStabilityInputs>(ID, inputs, raw);
  const work = v.steps * v.width * v.width * v.depth * v.n;
  if (work > MAX_WORK) {
    throw new InvalidBoundInputError(
      ID,
      'steps',
      v.steps,
      `a check of at most ${MAX_WORK.toExponential(0)} steps·width²·depth·n (here ${work.toExponential(2)})`,
      'lower steps, width, depth or n',
    );
  }
  return v;
}

function formula(i: EdgeOfStabilityInputs): BoundFormula {
  const edge = 2 / i.effectiveStep;
  return {
    value: edge,
    valueLabel: 'stability threshold 2/η̃ for the sharpness S = λ_max(∇²L)',
    terms: [
      {
        id: 'effective-step',
        label: 'effective step η̃ = η/c',
        latex: '\\tilde\\eta',
        value: i.effectiveStep,
      },
      {
        id: 'threshold',
        label: 'quadratic: GD diverges iff S > 2/η̃',
        latex: '2/\\tilde\\eta',
        value: edge,
      },
      {
        id: 'eos-prediction',
        label: 'tanh MLP after progressive sharpening: S ≈ 2/η̃ (empirical)',
        latex: 'S_\\infty \\approx 2/\\tilde\\eta',
        value: edge,
        note: 'an empirical observation (Cohen et al. 2021), not a theorem',
      },
    ],
    caveats: [
      'Exact only for quadratics. For networks, that full-batch GD sharpens until S ≈ 2/η̃ and then hovers there while the loss keeps falling non-monotonically is an empirical finding (Cohen et al., ICLR 2021), reproduced by the check, not a proved bound.',
      'S is stated for the effective step η̃ = η/c of L = (1/(2c))Σ(f − y)² (https://overparam.dev/docs/theory/conventions#effective-step): with the mean loss (c = n) the threshold on the learning rate η is 2n/S.',
    ],
  };
}

async function run(
  i: EdgeOfStabilityInputs,
  { step, signal }: CheckProgress,
): Promise<EmpiricalResult> {
  const edge = 2 / i.effectiveStep;
  // 1. The exact rule on a quadratic: just below and just above S = 2/η̃.
  const below = quadraticGrowth(QUADRATIC_BELOW * edge, i.effectiveStep);
  const above = quadraticGrowth(QUADRATIC_ABOVE * edge, i.effectiveStep);
  const quadraticOk = below < 1 && above > 1;
  await step(0.05);
  // 2. The empirical edge of stability: a seeded tanh MLP, full-batch GD, sharpness tracked.
  // The data set of the edge-of-stability experiments (datasets), on this check's stream 1.
  const { X, Y } = edgeOfStabilityData({ n: i.n, d: i.d, dataSeed: SEED, stream: 1 });
  const net = createMlp({
    inputDim: i.d,
    width: i.width,
    depth: i.depth,
    activation: 'tanh',
    initSeed: SEED,
  });
  const series: { x: number; predicted: number; measured: number }[] = [];
  // train's sharpness λ_max(∇²L) (power iteration on exact Hessian-vector products, warm-started,
  // tolerance 1e-3); with c = 1 it is on the scale of η̃ too. Recorded for the series and progress.
  const measureSharpness = sharpnessMeasurement();
  const sharpness: Measurement = async (ctx) => {
    const value = await measureSharpness(ctx);
    series.push({ x: ctx.step, predicted: edge, measured: value });
    await step(0.05 + (0.9 * ctx.step) / i.steps);
    return value;
  };
  let losses: Float64Array;
  try {
    const res = await train(
      net,
      { X, y: Y },
      {
        steps: i.steps,
        learningRate: i.effectiveStep,
        lossNormalization: 'sum',
        measureEvery: i.measureEvery,
        measure: ['trainLoss'],
        measurements: { sharpness },
        ...(signal ? { signal } : {}),
      },
    );
    losses = res.losses;
  } catch (e) {
    if (signal?.aborted || e instanceof CheckAbortedError) throw new CheckAbortedError(ID);
    throw e;
  } finally {
    net.dispose();
  }
  const tail = series.filter((p) => p.x >= (2 * i.steps) / 3);
  const measured = tail.reduce((s, p) => s + p.measured, 0) / Math.max(tail.length, 1);
  const start = series[0]?.measured ?? Number.NaN;
  const gap = Math.abs(measured - edge) / edge;
  const rises = losses.slice(1).filter((l, k) => l > (losses[k] as number)).length;
  await step(1);
  return {
    passes: quadraticOk && tail.length > 0 && gap <= EOS_TOLERANCE,
    relation: `quadratic: GD converges at S = ${QUADRATIC_BELOW}·2/η̃ and diverges at ${QUADRATIC_ABOVE}·2/η̃; tanh MLP: |S − 2/η̃|/(2/η̃) ≤ ${EOS_TOLERANCE} over the last third of the run (empirical)`,
    predicted: edge,
    measured,
    tolerance: EOS_TOLERANCE,
    series: { x: 'GD step', points: series },
    details: `Quadratic (d = ${QUADRATIC_DIM}, ${QUADRATIC_STEPS} steps, float64): ‖θ_K‖/‖θ₀‖ = ${below.toExponential(2)} at S = ${QUADRATIC_BELOW}·2/η̃ and ${above.toExponential(2)} at ${QUADRATIC_ABOVE}·2/η̃. Tanh MLP (@overparam/train, ${i.depth} hidden layers of width ${i.width}, NTK parameterization, seed ${SEED}) on n = ${i.n} points in R^${i.d} with y = sin(2x₁) + cos(x₂x₃), full-batch GD with η̃ = ${i.effectiveStep} on L = ½Σ(f − y)² for ${i.steps} steps, float32 on the active tfjs backend; sharpness by power iteration on exact Hessian-vector products every ${i.measureEvery} steps: ${start.toPrecision(4)} at the start, ${measured.toPrecision(4)} on average over the last third (2/η̃ = ${edge.toPrecision(4)}, gap ${(100 * gap).toFixed(1)}%). The loss rose in ${rises} of ${i.steps} steps (non-monotone, as at the edge of stability) and fell from ${(losses[0] as number).toPrecision(3)} to ${(losses[losses.length - 1] as number).toPrecision(3)}.`,
  };
}

/**
 * The edge of stability (Cohen, Kaur, Li, Kolter, Talwalkar, ICLR 2021; https://overparam.dev/docs/theory/sharpness#edge-of-stability): on a
 * quadratic, GD with effective step η̃ diverges iff the sharpness S = λ_max(∇²L) exceeds 2/η̃;
 * full-batch GD on neural networks sharpens until S ≈ 2/η̃ and hovers there (empirical). The
 * value is the threshold 2/η̃. The empirical check verifies the quadratic rule exactly (float64)
 * and trains a seeded tanh MLP with `@overparam/train`, measuring its sharpness by power iteration
 * on exact Hessian-vector products (float32, active tfjs backend: call initBackend first).
 *
 * @example
 * edgeOfStabilityBound.evaluate(edgeOfStabilityBound.defaults).value // 20 (= 2/0.1)
 */
export const edgeOfStabilityBound: Bound<EdgeOfStabilityInputs> =
  defineBound<EdgeOfStabilityInputs>({
    id: ID,
    title: 'Edge of stability: the sharpness of full-batch GD settles at 2/η̃',
    citation: {
      authors: 'J. M. Cohen, S. Kaur, Y. Li, J. Z. Kolter, A. Talwalkar',
      title: 'Gradient Descent on Neural Networks Typically Occurs at the Edge of Stability',
      venue: 'ICLR',
      year: 2021,
      theorem:
        '§2 (GD on a quadratic diverges iff S > 2/η); §3 (progressive sharpening and the edge of stability, empirical)',
      url: 'https://arxiv.org/abs/2103.00065',
    },
    kind: 'asymptotic',
    statement:
      'L(\\theta) = \\tfrac12\\theta^\\top A\\theta:\\ \\text{GD diverges} \\iff S = \\lambda_{\\max}(A) > \\frac{2}{\\tilde\\eta};\\qquad \\text{networks (empirical): } S(\\theta_t) \\to \\frac{2}{\\tilde\\eta}',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Checks the quadratic rule with GD just below and above S = 2/η̃ (float64), then trains a seeded tanh MLP by full-batch GD (@overparam/train, float32 on the active backend) and tracks its sharpness against 2/η̃.',
      seed: SEED,
      run,
    },
    snippet: `import { getBound } from '@overparam/bounds';
import { initBackend } from '@overparam/tensor';

await initBackend(); // the MLP check trains with TensorFlow.js
const eos = getBound('edge-of-stability');
const inputs = eos.validate({ effectiveStep: 0.1, width: 32, depth: 2, steps: 300 });
console.log(eos.evaluate(inputs).value); // 2/η̃ = 20
const check = await eos.empiricalCheck.run(inputs);
console.log(check.passes, check.measured); // sharpness ≈ 20 over the last third of the run`,
  });
