// The shared core of gradientDescentMse and gradientDescentMseEnsemble (not exported from the
// package): the learning-rate options, one eigendecomposition of Θ + σ²I, the step/time list of
// `predict` and the spectral factors E = (I − η̃Θ)^k or exp(−η̃Θt) and Θ⁻¹(I − E) per eigenvalue.
import {
  assertInteger,
  assertNumber,
  assertOptions,
  assertPositive,
  InvalidArgumentError,
  type Matrix64,
  psdEigh,
} from '@overparam/tensor';
import { type LossNormalization, resolveLossNormalization } from './loss-normalization.js';
import {
  assertPositiveSemiDefinite,
  readIndefiniteTolerance,
  type StepSizeThresholds,
  thresholdsFromEigenvalues,
} from './step-size-thresholds.js';

const EPS = 2 ** -52;

/** The GD options both predictors share. */
export interface GdOptions {
  learningRate: number;
  lossNormalization?: LossNormalization;
  diagReg?: number;
  rcond?: number;
  indefiniteTolerance?: number;
}

/** The checked learning rate, loss normalization, ridge and cutoff. */
export interface GdSettings {
  c: number;
  eta: number;
  diagReg: number;
  rcond: number;
  tolerance: number;
}

export function readGdOptions(op: string, options: GdOptions, n: number): GdSettings {
  assertPositive(op, 'learningRate', options.learningRate, 'the GD step size η, e.g. 0.5');
  const c = resolveLossNormalization(op, options.lossNormalization, n);
  const eta = options.learningRate / c;
  if (!Number.isFinite(eta) || eta === 0) {
    throw new InvalidArgumentError(
      'learningRate',
      options.learningRate,
      `a learning rate whose effective step η/c (c = ${c}) is a finite positive number`,
      op,
    );
  }
  const diagReg = options.diagReg === undefined ? 0 : options.diagReg;
  assertNumber(op, 'diagReg', diagReg, { min: 0 }, 'σ² added to the diagonal, e.g. 1e-4, or 0');
  const rcond = options.rcond === undefined ? 10 * Math.max(n, 1) * EPS : options.rcond;
  assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  const tolerance = readIndefiniteTolerance(op, options.indefiniteTolerance);
  return { c, eta, diagReg, rcond, tolerance };
}

/** Θ + σ²I = VΛVᵀ with what GD on it needs. */
export interface GdSpectrum {
  n: number;
  values: Float64Array;
  V: Matrix64;
  inverse: Float64Array;
  rank: number;
  cutoff: number;
  thresholds: StepSizeThresholds;
  contraction: number;
  converges: boolean;
  withinLeeCondition: boolean;
  eta: number;
}

/** One eigendecomposition of the checked symmetric K + σ²I; an indefinite K throws, naming `name`. */
export function gdSpectrum(op: string, name: string, K: Matrix64, s: GdSettings): GdSpectrum {
  const n = K.rows;
  const {
    values,
    vectors: V,
    inverse,
    rank,
    cutoff,
  } = psdEigh(K, {
    ridge: s.diagReg,
    rcond: s.rcond,
    indefiniteTolerance: Number.POSITIVE_INFINITY,
    symmetryTolerance: Number.POSITIVE_INFINITY,
  });
  if (n > 0) assertPositiveSemiDefinite(op, name, values, K, s.tolerance, false);
  const thresholds = thresholdsFromEigenvalues(values, s.c);
  let contraction = 0;
  for (const lambda of values) contraction = Math.max(contraction, Math.abs(1 - s.eta * lambda));
  return {
    n,
    values,
    V,
    inverse,
    rank,
    cutoff,
    thresholds,
    contraction,
    converges: n === 0 || s.eta < thresholds.maxStableEffectiveStep,
    withinLeeCondition: n === 0 || s.eta < thresholds.leeEffectiveStep,
    eta: s.eta,
  };
}

/** When to predict: GD steps k (integers ≥ 0) or gradient-flow time t ≥ 0, one or many; Infinity allowed. */
export type GdMseAt =
  | { steps: number | readonly number[]; time?: never }
  | { time: number | readonly number[]; steps?: never };

/** The checked list of steps or times of one `predict` call. */
export interface GdTimes {
  kind: 'steps' | 'time';
  list: readonly number[];
  /** A number was given (one result), not an array. */
  single: boolean;
}

export function readGdTimes(op: string, at: unknown, sp: GdSpectrum): GdTimes {
  assertOptions(op, 'at', at, false);
  const a = at as { steps?: unknown; time?: unknown };
  if ((a.steps === undefined) === (a.time === undefined)) {
    throw new InvalidArgumentError(
      'at',
      at,
      '{ steps: k } (discrete GD) or { time: t } (gradient flow), one of them; numbers or arrays',
      op,
    );
  }
  const kind = a.steps !== undefined ? 'steps' : 'time';
  const raw = kind === 'steps' ? a.steps : a.time;
  const single = typeof raw === 'number';
  const list = single ? [raw] : raw;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(kind, raw, 'a number or an array of numbers', op);
  }
  list.forEach((v: unknown, i) => {
    const name = single ? kind : `${kind}[${i}]`;
    if (kind === 'time') {
      assertNumber(
        op,
        name,
        v,
        { min: 0, allowInfinity: true },
        'a time t ≥ 0 in units of the learning rate (Infinity: converged)',
      );
    } else if (v !== Number.POSITIVE_INFINITY) {
      assertInteger(
        op,
        name,
        v,
        { min: 0 },
        'a number of GD steps (or Infinity); use { time } for gradient flow',
      );
    } else if (!sp.converges) {
      throw new InvalidArgumentError(
        name,
        v,
        `a finite number of steps: GD diverges at η̃ = ${sp.eta} ≥ 2/λ_max = ${sp.thresholds.maxStableEffectiveStep} (lower the learningRate below ${sp.thresholds.maxStableLearningRate}, or use { time: Infinity } for gradient flow)`,
        op,
      );
    }
  });
  return { kind, list: list as number[], single };
}

/**
 * Fills, per eigenvalue λ of Θ + σ²I, decay = (1 − η̃λ)^k or exp(−η̃λt) (the factor of the
 * training residual) and gain = (1 − decay)/λ (the factor of Θ⁻¹(I − E)), without cancellation;
 * at Infinity the pseudo-inverse limit (modes at or below the cutoff do not move).
 */
export function spectralFactors(
  sp: GdSpectrum,
  kind: 'steps' | 'time',
  t: number,
  decay: Float64Array,
  gain: Float64Array,
): void {
  const { eta, values, cutoff, inverse } = sp;
  for (let j = 0; j < sp.n; j++) {
    const lambda = values[j] as number;
    if (t === Number.POSITIVE_INFINITY) {
      const live = lambda > cutoff && lambda > 0;
      decay[j] = live ? 0 : 1;
      gain[j] = live ? (inverse[j] as number) : 0;
    } else if (kind === 'steps') {
      decay[j] = (1 - eta * lambda) ** t;
      gain[j] = discreteGain(eta, lambda, t);
    } else {
      decay[j] = Math.exp(-eta * lambda * t);
      gain[j] = lambda === 0 ? eta * t : -Math.expm1(-eta * lambda * t) / lambda;
    }
  }
}

/** g = (1 − (1 − η̃λ)^k)/λ = η̃·Σ_{j<k}(1 − η̃λ)^j, without cancellation for small η̃λ. */
function discreteGain(eta: number, lambda: number, k: number): number {
  const x = eta * lambda;
  if (x === 0) return eta * k;
  if (Math.abs(x) < 0.5) return -Math.expm1(k * Math.log1p(-x)) / lambda;
  return (1 - (1 - x) ** k) / lambda;
}
