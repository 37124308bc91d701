import { sphereInputs } from '@overparam/datasets';
import type { Matrix64 } from '@overparam/tensor';
import type { Assumption, InputSpec, Term } from '../bound.js';
import { InvalidBoundInputError } from '../errors.js';
import { type GramInfinity, gramInfinity } from '../formulas/gram-infinity.js';

/**
 * What the two-layer ReLU bounds in the kernel regime (du-2019-gd-rate,
 * arora-2019-generalization) share: their common inputs and assumptions, the seeded data
 * (inputs on the unit sphere, labels y = ⟨β, x⟩) with H^∞, and small helpers of their checks.
 */

/** The input dimension d (2..100). */
export function dimensionInput(defaultD: number): InputSpec {
  return {
    key: 'd',
    label: 'd',
    description: 'Input dimension.',
    type: 'integer',
    min: 2,
    max: 100,
    default: defaultD,
  };
}

/** The hidden width m (1..20 000, default 1000). */
export function widthInput(description: string): InputSpec {
  return {
    key: 'width',
    label: 'm',
    description,
    type: 'integer',
    min: 1,
    max: 20_000,
    step: 100,
    default: 1000,
  };
}

/** The step η·λ_max(H^∞) and the number of GD steps k, in this order. */
export const STEP_INPUTS: InputSpec[] = [
  {
    key: 'stepRatio',
    label: 'η·λ_max(H^∞)',
    description: 'The step η as a fraction of 1/λ_max(H^∞).',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 4,
    step: 0.05,
    default: 0.5,
  },
  {
    key: 'steps',
    label: 'k',
    description: 'GD steps.',
    type: 'integer',
    min: 1,
    max: 5000,
    step: 10,
    default: 300,
  },
];

/** How many training inputs repeat another one (0..max). */
export function parallelInput(max: number): InputSpec {
  return {
    key: 'parallel',
    label: 'parallel inputs',
    description:
      'Number of training inputs that repeat another one: any makes H^∞ singular (λ₀ = 0).',
    type: 'integer',
    min: 0,
    max,
    default: 0,
  };
}

/** At most n/2 parallel inputs; `note` is appended to the requirement of the error. */
export function checkParallel(id: string, v: { n: number; parallel: number }, note = ''): void {
  if (v.parallel > v.n / 2) {
    throw new InvalidBoundInputError(
      id,
      'parallel',
      v.parallel,
      `at most n/2 = ${v.n / 2}${note}`,
      'lower parallel or raise n',
    );
  }
}

/** The assumption η·λ_max(H^∞) < 2 (the kernel-regime residual does not diverge). */
export function stableStepAssumption<I extends { stepRatio: number }>(
  explanation: string,
): Assumption<I> {
  return {
    id: 'stable-step',
    statement:
      '\\eta\\,\\lambda_{\\max}(H^\\infty) < 2\\quad(\\text{implied by } \\eta = O(\\lambda_0/n^2))',
    check: (i) => ({
      holds: i.stepRatio < 2,
      value: i.stepRatio,
      requirement: 'η·λ_max(H^∞) < 2',
      explanation,
    }),
  };
}

/** λ₀ > 0 up to rounding: λ₀ above 1e-12·λ_max. */
export function nonDegenerate(g: GramInfinity): boolean {
  return g.lambda0 > 1e-12 * g.lambdaMax;
}

/** The note of a term that needs λ₀ > 0: H^∞ is singular when two inputs are parallel. */
export const DEGENERATE_NOTE = 'undefined: λ₀ = 0 (parallel inputs make H^∞ singular)';

/** Terms with a note on each null value when the data are degenerate (λ₀ = 0). */
export function withDegenerateNote(terms: Term[], ok: boolean): Term[] {
  return ok
    ? terms
    : terms.map((t) => (t.value === null && !t.note ? { ...t, note: DEGENERATE_NOTE } : t));
}

/** y_r = ⟨β, x_r⟩ for each row of X. */
export function linearLabels(X: Matrix64, beta: Float64Array): Float64Array {
  const out = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let s = 0;
    for (let k = 0; k < X.cols; k++) s += (X.data[r * X.cols + k] as number) * (beta[k] as number);
    out[r] = s;
  }
  return out;
}

/** Seeded training data of the two-layer bounds. */
export interface SphereProblem {
  /** n×d inputs on the unit sphere (rng stream 1), `parallel` of them repeating others. */
  X: Matrix64;
  /** β on the unit sphere (rng stream 3). */
  beta: Float64Array;
  /** y = ⟨β, x⟩: |y| ≤ 1 and learnable (Arora et al., Corollary 6.2). */
  y: Float64Array;
  /** H^∞ of X. */
  g: GramInfinity;
}

/** n seeded points uniform on the unit sphere of R^d (datasets' sphereInputs, ‖x‖ = 1). */
export function unitSphere(n: number, d: number, seed: number, stream: number): Matrix64 {
  return sphereInputs({ n, d, dataSeed: seed, stream, radius: 1 });
}

/**
 * Draws the training data of {@link SphereProblem} and H^∞ from `seed`: the last `parallel`
 * inputs repeat the first ones, so H^∞ is singular (λ₀ = 0) when parallel > 0 (validate keeps
 * parallel ≤ n/2).
 */
export function sphereProblem(n: number, d: number, parallel: number, seed: number): SphereProblem {
  const X = unitSphere(n, d, seed, 1);
  X.data.copyWithin((n - parallel) * d, 0, parallel * d);
  const beta = unitSphere(1, d, seed, 3).data;
  return { X, beta, y: linearLabels(X, beta), g: gramInfinity(X) };
}

/** Memoizes `build` by `key` (at most 17 entries: cleared when full). */
export function memoized<I, P>(key: (i: I) => string, build: (i: I) => P): (i: I) => P {
  const cache = new Map<string, P>();
  return (i) => {
    const k = key(i);
    const hit = cache.get(k);
    if (hit) return hit;
    const p = build(i);
    if (cache.size > 16) cache.clear();
    cache.set(k, p);
    return p;
  };
}

/** The steps 0, e, 2e, … ≤ steps plotted by a check, e chosen for about 60 points. */
export function plottedSteps(steps: number): number[] {
  const every = Math.max(1, Math.ceil(steps / 60));
  const out: number[] = [];
  for (let k = 0; k <= steps; k += every) out.push(k);
  return out;
}
