import { createRng, InvalidArgumentError } from '@overparam/tensor';
import type { Dataset } from './data-matrix.js';
import { gaussianInputs } from './gaussian-inputs.js';
import { assertInteger, assertNonNegative } from './validate.js';

/** Options of {@link linearTeacher}. */
export interface LinearTeacherOptions {
  /** Input dimension p. */
  d: number;
  /** ‖β‖ = r (signal norm). Default 1. */
  signalNorm?: number;
  /** Noise standard deviation σ. Give this or `snr`. */
  noiseStd?: number;
  /** Signal-to-noise ratio r²/σ²; sets σ = r/√snr. */
  snr?: number;
  /** Diagonal covariance eigenvalues of x (default identity). */
  covariance?: ArrayLike<number>;
  /** Seed of β (a uniformly random direction scaled to norm r). */
  teacherSeed: number;
}

/** A linear teacher y = ⟨x, β⟩ + ε. */
export interface LinearTeacher {
  readonly d: number;
  readonly beta: Float64Array;
  readonly signalNorm: number;
  readonly noiseStd: number;
  /** Draws n samples (targets n×1). Different `dataSeed`s give independent sets. */
  sample(options: { n: number; dataSeed: number }): Dataset;
  /** Excess risk E[(⟨x₀, β̂ − β⟩)²] = (β̂ − β)ᵀΣ(β̂ − β) of an estimate β̂. */
  excessRisk(betaHat: ArrayLike<number>): number;
}

/**
 * The linear model of Hastie, Montanari, Rosset & Tibshirani (Ann. Stat. 2022, §2):
 * x ~ N(0, Σ), y = ⟨x, β⟩ + ε, ‖β‖ = r, Var ε = σ². Float64.
 *
 * @example
 * const t = linearTeacher({ d: 100, signalNorm: 1, snr: 5, teacherSeed: 0 });
 * const { X, Y } = t.sample({ n: 200, dataSeed: 1 }); // X 200×100, Y 200×1
 * t.excessRisk(new Float64Array(100)) // 1 = r² (predicting 0), for Σ = I
 */
export function linearTeacher(options: LinearTeacherOptions): LinearTeacher {
  const { d, signalNorm = 1, teacherSeed, covariance } = options;
  assertInteger('d', d, 1);
  assertNonNegative('signalNorm', signalNorm);
  let noiseStd: number;
  if (options.snr !== undefined) {
    if (options.noiseStd !== undefined) {
      throw new InvalidArgumentError('snr', options.snr, 'either snr or noiseStd, not both');
    }
    if (!(options.snr > 0))
      throw new InvalidArgumentError('snr', options.snr, 'a number > 0 (r²/σ²)');
    noiseStd = signalNorm / Math.sqrt(options.snr);
  } else {
    noiseStd = options.noiseStd ?? 0;
    assertNonNegative('noiseStd', noiseStd);
  }
  const beta = createRng(teacherSeed, 1).fillNormal(new Float64Array(d));
  const norm = Math.hypot(...beta);
  for (let j = 0; j < d; j++) beta[j] = ((beta[j] as number) * signalNorm) / norm;
  const cov = covariance ? Float64Array.from(covariance) : undefined;

  return {
    d,
    beta,
    signalNorm,
    noiseStd,
    sample({ n, dataSeed }) {
      const X = gaussianInputs({ n, d, dataSeed, ...(cov ? { covariance: cov } : {}) });
      const noise = createRng(dataSeed, 2).fillNormal(new Float64Array(n), 0, noiseStd);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (X.data[i * d + j] as number) * (beta[j] as number);
        y[i] = s + (noise[i] as number);
      }
      return { X, Y: { rows: n, cols: 1, data: y } };
    },
    excessRisk(betaHat) {
      if (betaHat.length !== d)
        throw new InvalidArgumentError('betaHat', `length ${betaHat.length}`, `length ${d}`);
      let r = 0;
      for (let j = 0; j < d; j++)
        r += (cov ? (cov[j] as number) : 1) * ((betaHat[j] as number) - (beta[j] as number)) ** 2;
      return r;
    },
  };
}
