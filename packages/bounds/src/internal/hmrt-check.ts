import type { InputSpec } from '../bound.js';
import type { CheckProgress } from '../define-bound.js';
import { InvalidBoundInputError } from '../errors.js';
import type { HmrtModel } from '../formulas/hmrt-risk.js';
import { validateInputs } from '../validate-inputs.js';
import { linearRiskDraw } from './linear-risk-simulation.js';

/**
 * What hmrt-ridge and hmrt-ridgeless share: the isotropic linear model's inputs, the size limit
 * of its simulation and the simulated risk curve of their empirical checks.
 */

/** Inputs of the isotropic linear model common to both HMRT bounds. */
export interface HmrtModelInputs {
  /** γ = p/n. */
  gamma: number;
  /** r² = ‖β‖². */
  signal: number;
  /** σ² = Var ε. */
  noise: number;
  /** s²: energy of the unobserved part of the signal. */
  misspecification: number;
  /** Samples n of the simulation (p = round(γn)). */
  n: number;
  /** Seeds averaged in the simulation. */
  seeds: number;
}

/** The γ = p/n input. */
export const GAMMA_INPUT: InputSpec = {
  key: 'gamma',
  label: 'γ = p/n',
  description: 'Parameters over samples.',
  type: 'number',
  min: 0,
  exclusiveMin: true,
  max: 10,
  step: 0.05,
  default: 2,
};

/** The r², σ² and s² inputs, in this order. */
export const SIGNAL_NOISE_INPUTS: InputSpec[] = [
  {
    key: 'signal',
    label: 'r² = ‖β‖²',
    description: 'Energy of the observed signal.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.1,
    default: 1,
  },
  {
    key: 'noise',
    label: 'σ²',
    description: 'Noise variance.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.05,
    default: 0.25,
  },
  {
    key: 'misspecification',
    label: 's²',
    description: 'Energy of a part of the signal carried by features the model does not see.',
    type: 'number',
    min: 0,
    max: 100,
    step: 0.05,
    default: 0,
  },
];

/** The n and seeds inputs of the check; `over` names the reader's parameter (λ or γ). */
export function simulationInputs(over: string): InputSpec[] {
  return [
    {
      key: 'n',
      label: 'n (check)',
      description: 'Samples of the simulation; p = round(γn).',
      type: 'integer',
      min: 20,
      max: 1000,
      step: 10,
      default: 200,
    },
    {
      key: 'seeds',
      label: 'seeds (check)',
      description: `Independent draws averaged at the reader’s ${over}.`,
      type: 'integer',
      min: 1,
      max: 200,
      default: 20,
    },
  ];
}

/** Columns p = round(γn) of the simulated design (at least 1). */
export function columns(n: number, gamma: number): number {
  return Math.max(1, Math.round(gamma * n));
}

/**
 * The `validate` of both HMRT bounds: {@link validateInputs}, then the size of the simulation,
 * n·p ≤ 1.6e6, so that it stays within seconds.
 */
export function validateHmrtInputs<I extends HmrtModelInputs>(
  id: string,
  specs: readonly InputSpec[],
  raw: unknown,
): I {
  const v = validateInputs<I>(id, specs, raw);
  const p = columns(v.n, v.gamma);
  if (p * v.n > 1.6e6) {
    throw new InvalidBoundInputError(
      id,
      'n',
      v.n,
      `n·p ≤ 1.6e6 so the simulation stays within seconds (here p = ${p})`,
      'lower n or γ',
    );
  }
  return v;
}

/** The limit formulas' model (γ, r², σ², s²) of the inputs. */
export function hmrtModel(i: HmrtModelInputs): HmrtModel {
  return {
    gamma: i.gamma,
    signal: i.signal,
    noise: i.noise,
    misspecification: i.misspecification,
  };
}

/** Mean excess risk over `seeds` draws (seeds seedBase, seedBase + 1, …) at this γ and λ. */
export function simulatedMeanRisk(
  i: HmrtModelInputs,
  gamma: number,
  lambda: number,
  seeds: number,
  seedBase: number,
): number {
  let sum = 0;
  for (let s = 0; s < seeds; s++) {
    sum += linearRiskDraw({
      n: i.n,
      p: columns(i.n, gamma),
      signal: i.signal,
      noise: i.noise,
      misspecification: i.misspecification,
      lambda,
      seed: seedBase + s,
    });
  }
  return sum / seeds;
}

/** How {@link simulateRiskCurve} varies one parameter x (λ or γ). */
export interface RiskCurve {
  /** First seed of the reader's point; the curve's points start at seed + 1000. */
  seed: number;
  /** The reader's x, simulated with `seeds` draws. */
  x: number;
  seeds: number;
  /** Further x of the curve (the reader's x already left out), `curveSeeds` draws each. */
  grid: number[];
  curveSeeds: number;
  /** Mean excess risk of `seeds` draws at x from seedBase. */
  measure: (x: number, seeds: number, seedBase: number) => number;
  /** The limit formula at x. */
  predict: (x: number) => number;
}

/**
 * Runs an HMRT check: the reader's point seed by seed, then the curve, reporting progress per
 * draw. Returns the measured and predicted risk at the reader's x and the curve sorted by x.
 */
export async function simulateRiskCurve(c: RiskCurve, { step }: CheckProgress) {
  const total = c.seeds + c.grid.length * c.curveSeeds;
  let done = 0;
  let sum = 0;
  for (let s = 0; s < c.seeds; s++) {
    sum += c.measure(c.x, 1, c.seed + s);
    done += 1;
    await step(done / total);
  }
  const measured = sum / c.seeds;
  const predicted = c.predict(c.x);
  const points = [{ x: c.x, predicted, measured }];
  for (const x of c.grid) {
    const m = c.measure(x, c.curveSeeds, c.seed + 1000);
    done += c.curveSeeds;
    points.push({ x, predicted: c.predict(x), measured: m });
    await step(done / total);
  }
  points.sort((a, b) => a.x - b.x);
  return { measured, predicted, points };
}
