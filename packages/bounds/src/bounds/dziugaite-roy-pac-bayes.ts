import { createRng, type Matrix64, solveSpd } from '@overparam/tensor';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import { gaussianKl, pacBayesBound } from '../formulas/pac-bayes.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link dziugaiteRoyPacBayesBound}. */
export type DziugaiteRoyPacBayesInputs = {
  /** Training-set size m. */
  m: number;
  /** Empirical (training) error ê of the posterior, estimated from `samples` weight draws. */
  empiricalError: number;
  /** KL(Q‖P). */
  kl: number;
  /** Grid index j of the prior variance λ = c·e^{−j/b}. */
  j: number;
  /** Grid resolution b. */
  b: number;
  /** Grid top c. */
  c: number;
  /** Confidence δ of the PAC-Bayes bound. */
  delta: number;
  /** Weight samples N behind ê (0: ê is exact). */
  samples: number;
  /** Confidence δ' of the sampling bound. */
  deltaPrime: number;
};

const ID = 'dziugaite-roy-pac-bayes';
/** The check's model: d features, m training and this many test points, label-noise rate. */
const CHECK = { d: 20, m: 2000, test: 5000, flip: 0.1, samples: 200, maxJ: 3000 };
/** Posterior widths of the check: s = (τ·‖w‖)²/d for these τ. */
const TAUS = [0.05, 0.1, 0.2, 0.4, 0.8];

const inputs: InputSpec[] = [
  {
    key: 'm',
    label: 'm',
    description: 'Training-set size.',
    type: 'integer',
    min: 2,
    max: 1e9,
    step: 1000,
    default: 55000,
  },
  {
    key: 'empiricalError',
    label: 'ê(Q)',
    description: 'Training error of the stochastic classifier Q (the mean over sampled weights).',
    type: 'number',
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.028,
  },
  {
    key: 'kl',
    label: 'KL(Q‖P)',
    description:
      'KL divergence of the posterior from the prior (see gaussianKl for N(w, diag s) against N(w₀, λI)).',
    type: 'number',
    min: 0,
    max: 1e9,
    step: 1,
    default: 5144,
  },
  {
    key: 'j',
    label: 'j (prior grid index)',
    description:
      'The prior variance is λ = c·e^{−j/b}; the bound pays 2·log j for choosing j after seeing the data.',
    type: 'integer',
    min: 1,
    max: 1e6,
    default: 460,
  },
  {
    key: 'b',
    label: 'b (grid resolution)',
    description: 'Grid resolution of the prior variance.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1e6,
    default: 100,
  },
  {
    key: 'c',
    label: 'c (grid top)',
    description: 'Largest prior variance of the grid.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 1e6,
    step: 0.01,
    default: 0.1,
  },
  {
    key: 'delta',
    label: 'δ',
    description: 'Failure probability of the PAC-Bayes bound.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 0.5,
    step: 0.005,
    default: 0.025,
  },
  {
    key: 'samples',
    label: 'N (weight samples)',
    description: 'Weight samples behind ê; 0 means ê is exact.',
    type: 'integer',
    min: 0,
    max: 1e9,
    step: 1000,
    default: 150000,
  },
  {
    key: 'deltaPrime',
    label: "δ'",
    description: 'Failure probability of the sampling bound on ê.',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 0.5,
    step: 0.005,
    default: 0.01,
  },
];

const assumptions: Assumption<DziugaiteRoyPacBayesInputs>[] = [
  {
    id: 'iid-sample',
    statement:
      'S = \\{(x_i, y_i)\\}_{i=1}^m \\overset{\\text{i.i.d.}}{\\sim} \\mathcal D,\\ \\text{loss} \\in [0, 1]',
    check: () => ({
      holds: true,
      value: 'premise',
      requirement: 'i.i.d. training sample, 0–1 (or [0, 1]-bounded) loss',
      explanation:
        'The kl form of the PAC-Bayes theorem (Seeger 2002; Maurer 2004) needs an i.i.d. sample and a loss in [0, 1]; the calculator cannot see the data, so it states the premise.',
    }),
  },
  {
    id: 'data-independent-prior',
    statement:
      'P = \\mathcal N(w_0, \\lambda I),\\ w_0 \\text{ fixed before seeing } S,\\ \\lambda = c\\,e^{-j/b},\\ j \\in \\mathbb N_{\\ge 1}',
    check: (i) => ({
      holds: Number.isInteger(i.j) && i.j >= 1,
      value: i.j,
      requirement: 'j a positive integer (λ on the grid); w₀ chosen without the data',
      explanation:
        'The prior must not depend on the sample. Choosing λ after training is paid for by a union bound over the grid λ = c·e^{−j/b} (the 2·log j term); any w₀ fixed in advance, such as the random initialization, is allowed.',
    }),
  },
  {
    id: 'confidence',
    statement: "\\delta + \\delta' < 1",
    check: (i) => {
      const total = i.delta + (i.samples > 0 ? i.deltaPrime : 0);
      return {
        holds: total < 1,
        value: total,
        requirement: "δ + δ' < 1",
        explanation:
          "The final bound holds with probability ≥ 1 − δ − δ' (δ' only when ê is estimated by sampling): a union of the two events.",
      };
    },
  },
];

function validate(raw: unknown): DziugaiteRoyPacBayesInputs {
  const v = validateInputs<DziugaiteRoyPacBayesInputs>(ID, inputs, raw);
  if (v.c * Math.exp(-v.j / v.b) <= 0) {
    throw new InvalidBoundInputError(
      ID,
      'j',
      v.j,
      `j/b small enough that λ = c·e^{−j/b} > 0 in float64`,
      'lower j or raise b',
    );
  }
  return v;
}

function formula(i: DziugaiteRoyPacBayesInputs): BoundFormula {
  const r = pacBayesBound(i);
  const caveats = [
    `Holds with probability ≥ ${(1 - i.delta - (i.samples > 0 ? i.deltaPrime : 0)).toFixed(3)} over the training sample${i.samples > 0 ? ' and the weight samples' : ''}.`,
    'A bound on the error of the stochastic classifier Q (weights drawn afresh per prediction), not of the posterior mean network.',
  ];
  if (r.bound >= 0.5) caveats.push('The bound is ≥ 0.5: vacuous for binary classification.');
  return {
    value: r.bound,
    valueLabel: 'upper bound on the test error e(Q) of the stochastic classifier',
    terms: [
      { id: 'lambda', label: 'prior variance λ = c·e^{−j/b}', latex: '\\lambda', value: r.lambda },
      { id: 'kl', label: 'KL(Q‖P)', latex: '\\mathrm{KL}(Q\\Vert P)', value: i.kl },
      {
        id: 'union',
        label: 'grid union term 2·log(b·log(c/λ))',
        latex: '2\\log(b\\log(c/\\lambda))',
        value: r.unionTerm,
      },
      {
        id: 'confidence',
        label: 'confidence term log(π²m/(6δ))',
        latex: '\\log\\frac{\\pi^2 m}{6\\delta}',
        value: r.confidenceTerm,
      },
      { id: 'budget', label: 'kl budget B', latex: 'B', value: r.budget },
      {
        id: 'empirical-bound',
        label: "ê bound kl⁻¹(ê_N, log(2/δ')/N)",
        latex: "\\mathrm{kl}^{-1}(\\hat e_N, \\tfrac{\\log(2/\\delta')}{N})",
        value: r.empiricalBound,
      },
      {
        id: 'single-inverse',
        label: 'kl⁻¹(ê, B) without the sampling correction',
        value: pacBayesBound({ ...i, samples: 0 }).bound,
      },
    ],
    caveats,
  };
}

interface CheckRow {
  tau: number;
  bound: number;
  measured: number;
  trainError: number;
  kl: number;
  j: number;
}

async function run(
  i: DziugaiteRoyPacBayesInputs,
  { step }: CheckProgress,
): Promise<EmpiricalResult> {
  const seed = dziugaiteRoyPacBayesBound.empiricalCheck.seed;
  const { d, m, test, flip, samples } = CHECK;
  const P = d + 1; // weights and a bias
  // Task: y = sign⟨w*, x⟩ with 10% of the labels flipped; x ~ N(0, I_d).
  const teacher = createRng(seed, 1).fillNormal(new Float64Array(d));
  const draw = (count: number, stream: number) => {
    const rng = createRng(seed, stream);
    const X = new Float64Array(count * P);
    const y = new Float64Array(count);
    for (let r = 0; r < count; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const v = rng.normal();
        X[r * P + k] = v;
        s += v * teacher[k]!;
      }
      X[r * P + d] = 1;
      y[r] = (s >= 0 ? 1 : -1) * (rng.uniform() < flip ? -1 : 1);
    }
    return { X, y };
  };
  const train = draw(m, 2);
  const testSet = draw(test, 3);
  // Posterior mean: least squares on the ±1 labels with a tiny ridge (float64 Cholesky).
  const G: Matrix64 = { rows: P, cols: P, data: new Float64Array(P * P) };
  const Xty = new Float64Array(P);
  for (let r = 0; r < m; r++) {
    for (let a = 0; a < P; a++) {
      const xa = train.X[r * P + a]!;
      Xty[a]! += xa * train.y[r]!;
      for (let c2 = 0; c2 < P; c2++) G.data[a * P + c2]! += xa * train.X[r * P + c2]!;
    }
  }
  for (let a = 0; a < P; a++) G.data[a * P + a]! += 1e-6 * m;
  const w = solveSpd(G, { rows: P, cols: 1, data: Xty }).x.data;
  const wNorm = Math.hypot(...w);
  const errorOf = (set: { X: Float64Array; y: Float64Array }, weights: Float64Array) => {
    const count = set.y.length;
    let wrong = 0;
    for (let r = 0; r < count; r++) {
      let s = 0;
      for (let k = 0; k < P; k++) s += set.X[r * P + k]! * weights[k]!;
      if ((s >= 0 ? 1 : -1) !== set.y[r]) wrong += 1;
    }
    return wrong / count;
  };
  const rows: CheckRow[] = [];
  const prior = new Float64Array(P); // w₀ = 0, fixed before the data
  for (let t = 0; t < TAUS.length; t++) {
    const tau = TAUS[t]!;
    const s = (tau * wNorm) ** 2 / P;
    const rng = createRng(seed, 10 + t);
    const sample = new Float64Array(P);
    let trainSum = 0;
    let testSum = 0;
    for (let k = 0; k < samples; k++) {
      for (let a = 0; a < P; a++) sample[a] = w[a]! + Math.sqrt(s) * rng.normal();
      trainSum += errorOf(train, sample);
      testSum += errorOf(testSet, sample);
      if (k % 50 === 49) await step((t + (k + 1) / samples) / TAUS.length);
    }
    const trainError = trainSum / samples;
    const variances = new Float64Array(P).fill(s);
    // The bound holds for every grid prior at once: take the j that minimizes it.
    let best: CheckRow | null = null;
    for (let j = 1; j <= CHECK.maxJ; j++) {
      const lambda = i.c * Math.exp(-j / i.b);
      const kl = gaussianKl({ mean: w, variances, priorMean: prior, priorVariance: lambda });
      const r = pacBayesBound({
        m,
        kl,
        empiricalError: trainError,
        j,
        b: i.b,
        c: i.c,
        delta: i.delta,
        samples,
        deltaPrime: i.deltaPrime,
      });
      if (best === null || r.bound < best.bound) {
        best = { tau, bound: r.bound, measured: testSum / samples, trainError, kl, j };
      }
    }
    rows.push(best!);
  }
  await step(1);
  const tightest = rows.reduce((a, b) => (b.bound < a.bound ? b : a));
  const passes = rows.every((r) => r.bound >= r.measured);
  return {
    passes,
    relation: 'bound ≥ measured test error of the sampled posterior, for every posterior width',
    predicted: tightest.bound,
    measured: tightest.measured,
    series: {
      x: 'posterior std τ (relative to ‖w‖)',
      points: rows.map((r) => ({ x: r.tau, predicted: r.bound, measured: r.measured })),
    },
    details: `A linear classifier (d = ${d} plus a bias) fit by least squares to m = ${m} points with ${flip * 100}% label noise (seed ${seed}); posteriors Q = N(w, sI) with √s = τ‖w‖/√${P}, prior N(0, λI) with λ = ${i.c}·e^{−j/${i.b}} and j chosen per Q from 1..${CHECK.maxJ} (the union term pays for it). For each Q, ${samples} weight samples give ê (train) and the measured test error on ${test} fresh points. Tightest: τ = ${tightest.tau}, KL = ${tightest.kl.toFixed(1)}, j = ${tightest.j}, ê = ${tightest.trainError.toFixed(4)}, bound ${tightest.bound.toFixed(4)} ≥ measured ${tightest.measured.toFixed(4)}. δ = ${i.delta}, δ' = ${i.deltaPrime}.`,
  };
}

/**
 * The non-vacuous PAC-Bayes bound of Dziugaite & Roy (UAI 2017, eq. (7), §4; https://overparam.dev/docs/theory/pac-bayes#bound):
 * with probability ≥ 1 − δ, for every posterior Q and every grid prior N(w₀, λI), λ = c·e^{−j/b},
 * e(Q) ≤ kl⁻¹(ê(Q), [KL(Q‖P) + 2·log(b·log(c/λ)) + log(π²m/(6δ))]/(m − 1)), with ê estimated from
 * N weight samples and bounded by a second kl⁻¹ (probability 1 − δ'). kl⁻¹ by robust bisection.
 * The worked example (m = 55 000, KL = 5144, ê = 0.028) gives ≈ 0.16.
 *
 * @example
 * dziugaiteRoyPacBayesBound.evaluate(dziugaiteRoyPacBayesBound.defaults).value // 0.1637…
 */
export const dziugaiteRoyPacBayesBound: Bound<DziugaiteRoyPacBayesInputs> =
  defineBound<DziugaiteRoyPacBayesInputs>({
    id: ID,
    title: 'PAC-Bayes bound for stochastic neural networks (Dziugaite & Roy)',
    citation: {
      authors: 'G. K. Dziugaite, D. M. Roy',
      title:
        'Computing nonvacuous generalization bounds for deep (stochastic) neural networks with many more parameters than training data',
      venue: 'Uncertainty in Artificial Intelligence (UAI)',
      year: 2017,
      theorem: 'eq. (7) with the prior-variance grid of §4 and the sampling bound of §4.1',
      url: 'https://arxiv.org/abs/1703.11008',
    },
    kind: 'upper-bound',
    statement:
      'e(Q) \\le \\mathrm{kl}^{-1}\\!\\left(\\hat e(Q),\\ \\frac{\\mathrm{KL}(Q\\Vert P) + 2\\log\\big(b\\log\\frac{c}{\\lambda}\\big) + \\log\\frac{\\pi^2 m}{6\\delta}}{m-1}\\right),\\quad \\mathrm{kl}^{-1}(p, B) = \\sup\\{q : \\mathrm{kl}(p\\Vert q) \\le B\\}',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Trains a seeded linear classifier on noisy labels, bounds Gaussian posteriors of several widths around it, and compares each bound with the measured test error of the sampled posterior.',
      seed: 400,
      run,
    },
    snippet: `import { gaussianKl, getBound, klInverseUpper, pacBayesBound } from '@overparam/bounds';

klInverseUpper(0.028, 0.094); // 0.1609…: the largest error consistent with a kl budget of 0.094
const r = pacBayesBound({ m: 55000, kl: 5144, empiricalError: 0.028, j: 460, samples: 150000 });
console.log(r.bound); // 0.1637…

const b = getBound('dziugaite-roy-pac-bayes');
const check = await b.empiricalCheck.run(b.defaults);
console.log(check.passes, check.details);`,
  });
