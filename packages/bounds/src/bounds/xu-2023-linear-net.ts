import type { Matrix64 } from '@overparam/tensor';
import {
  initLinearNetwork,
  type LinearNetwork,
  type LinearNetworkInit,
  linearNetworkCertificate,
  linearNetworkGd,
  linearNetworkTarget,
} from '@overparam/train';
import type { Assumption, Bound, EmpiricalResult, InputSpec, Term } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import { CheckAbortedError, InvalidBoundInputError } from '../errors.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link xu2023LinearNetBound}. */
export type Xu2023LinearNetInputs = {
  /** Outputs n (U is n×h). */
  n: number;
  /** Inputs m (V is m×h). */
  m: number;
  /** Hidden width h. */
  h: number;
  /** Initialization: 0 gaussian, 1 balanced (D = 0), 2 imbalanced (D's eigenvalues ±δ), 3 spectral. */
  init: number;
  /** Imbalance δ of the imbalanced (and spectral) init. */
  imbalance: number;
  /** Scale of the init. */
  scale: number;
  /** Learning rate η of GD on ½‖UVᵀ − Y‖²_F (c = 1, so η is also the effective step η̃). */
  learningRate: number;
  /** GD steps of each run in the check. */
  steps: number;
  /** Seeded GD runs in the check. */
  runs: number;
};

const ID = 'xu-2023-linear-net';
const SEED = 81;
const INIT_KINDS = ['gaussian', 'balanced', 'imbalanced', 'spectral'] as const;
/** (n + m)·h²·steps·runs budget of the check (eigenvalues and SVDs at every step). */
const MAX_WORK = 2e9;

const inputs: InputSpec[] = [
  {
    key: 'n',
    label: 'n',
    description: 'Outputs: U is n×h, Y is n×m.',
    type: 'integer',
    min: 1,
    max: 30,
    default: 3,
  },
  {
    key: 'm',
    label: 'm',
    description: 'Inputs (whitened): V is m×h.',
    type: 'integer',
    min: 1,
    max: 30,
    default: 4,
  },
  {
    key: 'h',
    label: 'h',
    description: 'Hidden width; the analysis needs h ≥ max(n, m).',
    type: 'integer',
    min: 1,
    max: 100,
    default: 10,
  },
  {
    key: 'init',
    label: 'initialization',
    description:
      '0 = gaussian (random imbalance), 1 = balanced (D = UᵀU − VᵀV = 0), 2 = imbalanced (D has eigenvalues ±δ), 3 = spectral (aligned with Y, imbalance δ).',
    type: 'integer',
    min: 0,
    max: 3,
    default: 2,
  },
  {
    key: 'imbalance',
    label: 'δ',
    description: 'Imbalance of the imbalanced and spectral inits (0 makes them balanced).',
    type: 'number',
    min: 0,
    max: 10,
    step: 0.1,
    default: 0.5,
  },
  {
    key: 'scale',
    label: 'init scale',
    description:
      'Size of the initial weights (UVᵀ has singular values scale² for the aligned inits).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 10,
    step: 0.1,
    default: 1,
  },
  {
    key: 'learningRate',
    label: 'η',
    description: 'Learning rate of GD on ½‖UVᵀ − Y‖²_F (c = 1, so η = η̃).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 10,
    step: 0.01,
    default: 0.1,
  },
  {
    key: 'steps',
    label: 'steps',
    description: 'GD steps of each run.',
    type: 'integer',
    min: 1,
    max: 5000,
    step: 10,
    default: 100,
  },
  {
    key: 'runs',
    label: 'runs (check)',
    description: 'Seeded GD runs (targets and inits) in the empirical check.',
    type: 'integer',
    min: 1,
    max: 1000,
    default: 40,
  },
];

function initOf(i: Xu2023LinearNetInputs): LinearNetworkInit {
  const kind = INIT_KINDS[i.init] as (typeof INIT_KINDS)[number];
  if (kind === 'gaussian' || kind === 'balanced') return { kind, scale: i.scale };
  return { kind, scale: i.scale, imbalance: i.imbalance };
}

function instance(i: Xu2023LinearNetInputs, run: number): { Y: Matrix64; net: LinearNetwork } {
  const Y = linearNetworkTarget({ n: i.n, m: i.m, dataSeed: SEED + run });
  const net = initLinearNetwork({
    n: i.n,
    m: i.m,
    h: i.h,
    init: initOf(i),
    initSeed: SEED + run,
    target: Y,
  });
  return { Y, net };
}

function widthOk(i: Xu2023LinearNetInputs): boolean {
  return i.h >= Math.max(i.n, i.m);
}

function certificate(i: Xu2023LinearNetInputs) {
  if (!widthOk(i)) return null;
  const { Y, net } = instance(i, 0);
  return linearNetworkCertificate(net, Y, i.learningRate);
}

const assumptions: Assumption<Xu2023LinearNetInputs>[] = [
  {
    id: 'width',
    statement: 'h \\ge \\max(n, m)',
    check: (i) => ({
      holds: widthOk(i),
      value: `h = ${i.h}, max(n, m) = ${Math.max(i.n, i.m)}`,
      requirement: 'h ≥ max(n, m)',
      explanation:
        'With h < n (or m) the matrix UUᵀ (or VVᵀ) is singular, μ = 0 for every U, V, and the imbalance bound uses eigenvalues D does not have: no rate can be certified.',
    }),
  },
  {
    id: 'imbalance-margin',
    statement: '[\\lambda_n(D)]_+ + [\\lambda_m(-D)]_+ > 0,\\quad D = U^\\top U - V^\\top V',
    check: (i) => {
      const c = certificate(i);
      return {
        // D = 0 holds only to rounding (~1e-16·Λ): a margin below 1e-10·Λ is no margin.
        holds: c !== null && c.muLowerBound > 1e-10 * c.Lambda,
        value: c === null ? 'undefined (h < max(n, m))' : c.muLowerBound,
        requirement: '[λ_n(D)]₊ + [λ_m(−D)]₊ > 0 at the init (above 1e-10·Λ, the rounding of D)',
        explanation:
          'The paper’s rate comes from the imbalance: μ = λ_min(UUᵀ) + λ_min(VVᵀ) ≥ [λ_n(D)]₊ + [λ_m(−D)]₊, and D is constant under gradient flow (it drifts by η²(VᵀEᵀEV − UᵀEEᵀU) per GD step). A balanced init (D = 0) gets the bound 0 and loses the guarantee: the rate must then come from the margin of the init instead.',
      };
    },
  },
  {
    id: 'certified-step',
    statement:
      '\\rho = \\max(|1 - \\eta\\mu|, |1 - \\eta\\Lambda|) + \\eta^2\\|E\\|_2\\|UV^\\top\\|_2 < 1',
    check: (i) => {
      const c = certificate(i);
      return {
        holds: c !== null && c.rho < 1,
        value: c === null ? 'undefined' : c.rho,
        requirement: 'ρ < 1 at the init',
        explanation: `ρ < 1 certifies that the first step decreases ‖E‖_F by at least the factor ρ. It needs 0 < η < 2/Λ and η²‖E‖₂‖UVᵀ‖₂ < ημ (the step that minimizes ρ here is η* = ${c === null ? '–' : c.certifiedStep.toPrecision(4)}).`,
      };
    },
  },
];

function validate(raw: unknown): Xu2023LinearNetInputs {
  const v = validateInputs<Xu2023LinearNetInputs>(ID, inputs, raw);
  const work = (v.n + v.m + v.h) * v.h * v.h * v.steps * v.runs;
  if (work > MAX_WORK) {
    throw new InvalidBoundInputError(
      ID,
      'runs',
      v.runs,
      `a check of at most ${MAX_WORK.toExponential(0)} (n + m + h)·h²·steps·runs (here ${work.toExponential(2)})`,
      'lower runs, steps or h so the check takes a few seconds',
    );
  }
  return v;
}

function formula(i: Xu2023LinearNetInputs): BoundFormula {
  const c = certificate(i);
  return {
    value: c === null ? null : c.rho,
    valueLabel: 'one-step certificate ρ: ‖E_{t+1}‖_F ≤ ρ·‖E_t‖_F at the init (seed 0 of the check)',
    terms: (
      [
        { id: 'mu', label: 'μ = λ_min(UUᵀ) + λ_min(VVᵀ)', latex: '\\mu', value: c?.mu ?? null },
        { id: 'Lambda', label: 'Λ = ‖U‖₂² + ‖V‖₂²', latex: '\\Lambda', value: c?.Lambda ?? null },
        {
          id: 'error-spectral',
          label: '‖E‖₂, E = UVᵀ − Y',
          latex: '\\|E\\|_2',
          value: c?.errorSpectralNorm ?? null,
        },
        {
          id: 'product-spectral',
          label: '‖UVᵀ‖₂',
          latex: '\\|UV^\\top\\|_2',
          value: c?.productSpectralNorm ?? null,
        },
        { id: 'rho', label: 'certificate ρ', latex: '\\rho', value: c?.rho ?? null },
        { id: 'lambda-n', label: 'λ_n(D)', latex: '\\lambda_n(D)', value: c?.lambdaN ?? null },
        {
          id: 'lambda-m-neg',
          label: 'λ_m(−D)',
          latex: '\\lambda_m(-D)',
          value: c?.lambdaMNeg ?? null,
        },
        {
          id: 'mu-lower-bound',
          label: 'imbalance bound [λ_n(D)]₊ + [λ_m(−D)]₊ ≤ μ',
          latex: '[\\lambda_n(D)]_+ + [\\lambda_m(-D)]_+',
          value: c?.muLowerBound ?? null,
        },
        {
          id: 'certified-step',
          label: 'step η* minimizing ρ',
          latex: '\\eta^*',
          value: c?.certifiedStep ?? null,
        },
        {
          id: 'loss',
          label: 'loss ½‖E‖²_F',
          latex: '\\tfrac12\\|E\\|_F^2',
          value: c?.loss ?? null,
        },
      ] as Term[]
    ).map((t) =>
      t.value === null && !t.note
        ? { ...t, note: `not computed: h = ${i.h} < max(n, m) = ${Math.max(i.n, i.m)}` }
        : t,
    ),
    caveats: [
      'The certificate and the imbalance bound are the verifiable one-step pieces of the analysis (derived and checked numerically in https://overparam.dev/docs/theory/linear-networks#certificate), not the paper’s constants: Xu et al. prove linear convergence at a rate set by the imbalance and the margin of the init, with a step that grows as the loss falls.',
      'Evaluated at one seeded init and target (run 0 of the check); the check repeats it over many seeds and every step.',
    ],
  };
}

async function run(
  i: Xu2023LinearNetInputs,
  { step, signal }: CheckProgress,
): Promise<EmpiricalResult> {
  if (!widthOk(i)) {
    return {
      passes: false,
      relation: '‖E_{t+1}‖_F ≤ ρ_t‖E_t‖_F (+ rounding) at every step of every run',
      predicted: Number.NaN,
      measured: Number.NaN,
      series: { x: 'GD step t', points: [] },
      details: `No run: h = ${i.h} < max(n, m) = ${Math.max(i.n, i.m)} (the width assumption is broken).`,
    };
  }
  let violations = 0;
  let boundViolations = 0;
  let stepsChecked = 0;
  let certifiedRuns = 0;
  let worstRatio = 0;
  let diverged = 0;
  let points: { x: number; predicted: number; measured: number }[] = [];
  for (let r = 0; r < i.runs; r++) {
    const { Y, net } = instance(i, r);
    try {
      const res = await linearNetworkGd({
        target: Y,
        init: net,
        learningRate: i.learningRate,
        steps: i.steps,
        ...(signal ? { signal } : {}),
      });
      violations += res.violations;
      stepsChecked += res.history.length;
      if (res.history.every((s) => s.rho < 1)) certifiedRuns++;
      for (const s of res.history) {
        if (s.mu + 1e-12 * s.Lambda < s.muLowerBound) boundViolations++;
        if (s.rho > 0) worstRatio = Math.max(worstRatio, s.ratio / s.rho);
      }
      if (r === 0) {
        points = res.history.map((s) => ({
          x: s.t,
          predicted: s.rho * s.errorNorm,
          measured: s.nextErrorNorm,
        }));
      }
    } catch (e) {
      if (signal?.aborted) throw new CheckAbortedError(ID);
      // A divergent run (a step far too large) is not a violation: ρ ≥ 1 allowed it.
      diverged++;
      if (!(e instanceof Error && e.name === 'DivergenceError')) throw e;
    }
    await step((r + 1) / i.runs);
  }
  const kind = INIT_KINDS[i.init];
  return {
    passes: violations === 0 && boundViolations === 0,
    relation:
      '‖E_{t+1}‖_F ≤ ρ_t‖E_t‖_F (+ rounding) and μ_t ≥ [λ_n(D_t)]₊ + [λ_m(−D_t)]₊ at every step of every run',
    predicted: 1,
    measured: worstRatio,
    tolerance: 0,
    series: { x: 'GD step t (run 0): ρ_t‖E_t‖ against ‖E_{t+1}‖', points },
    details: `${i.runs} seeded GD runs (target Y with N(0, 1/m) entries, ${kind} init, scale ${i.scale}${kind === 'imbalanced' || kind === 'spectral' ? `, δ = ${i.imbalance}` : ''}; n = ${i.n}, m = ${i.m}, h = ${i.h}, η = ${i.learningRate}, ${i.steps} steps; float64, @overparam/train linearNetworkGd). ${stepsChecked} steps checked: ${violations} certificate violations beyond rounding (largest ‖E_{t+1}‖/(ρ_t‖E_t‖) = ${worstRatio.toPrecision(4)}), ${boundViolations} violations of the imbalance bound on μ; ${certifiedRuns} of ${i.runs} runs had ρ_t < 1 at every step (certified convergence)${diverged ? `; ${diverged} runs diverged (ρ ≥ 1 allowed it)` : ''}.`,
  };
}

/**
 * Finite-step gradient descent on a two-layer linear network UVᵀ from any init (Xu, Min,
 * Tarmoun, Mallada & Vidal, AISTATS 2023; https://overparam.dev/docs/theory/linear-networks#certificate): the one-step certificate
 * ‖E_{t+1}‖_F ≤ ρ‖E_t‖_F with ρ = max(|1 − ημ|, |1 − ηΛ|) + η²‖E‖₂‖UVᵀ‖₂, and the imbalance bound
 * μ ≥ [λ_n(D)]₊ + [λ_m(−D)]₊, D = UᵀU − VᵀV. Evaluated with `@overparam/train`'s
 * linearNetworkCertificate at a seeded init; the empirical check runs many seeded GD runs
 * (linearNetworkGd) and counts violations of both. Float64 on the CPU.
 *
 * @example
 * xu2023LinearNetBound.evaluate(xu2023LinearNetBound.defaults).status // 'ok' (imbalanced init, δ = 0.5)
 * xu2023LinearNetBound.evaluate(xu2023LinearNetBound.validate({ init: 1 })).status // 'assumption-broken': balanced
 */
export const xu2023LinearNetBound: Bound<Xu2023LinearNetInputs> =
  defineBound<Xu2023LinearNetInputs>({
    id: ID,
    title: 'Two-layer linear networks: one-step certificate and imbalance bound (Xu et al.)',
    citation: {
      authors: 'Z. Xu, H. Min, S. Tarmoun, E. Mallada, R. Vidal',
      title:
        'Linear Convergence of Gradient Descent for Finite Width Over-parametrized Linear Networks with General Initialization',
      venue: 'AISTATS (PMLR 206, 2262–2284)',
      year: 2023,
      theorem:
        'The linear-rate theorem of §3 (rate from the imbalance and margin of the init); the one-step certificate and the imbalance bound as derived and checked in https://overparam.dev/docs/theory/linear-networks#certificate',
      url: 'https://proceedings.mlr.press/v206/xu23c.html',
    },
    kind: 'upper-bound',
    statement:
      '\\|E_{t+1}\\|_F \\le \\rho\\,\\|E_t\\|_F,\\quad \\rho = \\max(|1 - \\eta\\mu|, |1 - \\eta\\Lambda|) + \\eta^2\\|E\\|_2\\|UV^\\top\\|_2,\\quad \\mu = \\lambda_{\\min}(UU^\\top) + \\lambda_{\\min}(VV^\\top) \\ge [\\lambda_n(D)]_+ + [\\lambda_m(-D)]_+',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Runs many seeded GD runs on ½‖UVᵀ − Y‖²_F (@overparam/train linearNetworkGd, float64) and checks the certificate and the imbalance bound at every step.',
      seed: SEED,
      run,
    },
    snippet: `import { getBound } from '@overparam/bounds';

const xu = getBound('xu-2023-linear-net');
const inputs = xu.validate({ n: 3, m: 4, h: 10, init: 2, imbalance: 0.5, learningRate: 0.1 });
const result = xu.evaluate(inputs);
console.log(result.value, result.status); // ρ < 1 and status 'ok'
const check = await xu.empiricalCheck.run(inputs);
console.log(check.passes, check.details); // 0 violations over every step of every run`,
  });
