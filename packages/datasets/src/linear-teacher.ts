import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asVector,
  createRng,
  InvalidArgumentError,
  SEED_RANGE,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import type { Dataset } from './dataset.js';
import { gaussianInputs } from './gaussian-inputs.js';
import { euclideanNorm } from './internal/euclidean-norm.js';
import { readTeacherSample, teacherNoise } from './internal/teacher-sample.js';
import { DATASET_STREAMS } from './stream-ids.js';

/** Options of {@link linearTeacher}. */
export interface LinearTeacherOptions {
  /** Input dimension d (p in Hastie et al.). */
  d: number;
  /** ‖β‖ = r (signal norm). Default 1 (with `beta`: ‖beta‖, and giving both is an error). */
  signalNorm?: number;
  /** Noise standard deviation σ. Give this or `snr`. */
  noiseStd?: number;
  /** Signal-to-noise ratio r²/σ²; sets σ = r/√snr. */
  snr?: number;
  /** Diagonal covariance eigenvalues of x (default identity). */
  covariance?: VectorInput;
  /**
   * Seed of β (a uniformly random direction scaled to norm r), stream
   * `DATASET_STREAMS.linearTeacherBeta`. Required unless `beta` is given.
   */
  teacherSeed?: number;
  /**
   * β itself (d finite coefficients) instead of a seeded direction: e.g. a teacher whose last
   * coordinates a fit does not see (the misspecified model of Hastie et al., §5). Copied.
   */
  beta?: VectorInput;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor) of the teacher
   * (24·d bytes) and of each sample (8·n·(d + 2) bytes, ~32·n·d flops; `sample` takes its own).
   */
  budget?: WorkBudget;
}

/** A linear teacher y = ⟨x, β⟩ + ε. */
export interface LinearTeacher {
  readonly d: number;
  readonly beta: Float64Array;
  readonly signalNorm: number;
  readonly noiseStd: number;
  /**
   * Draws n samples (targets n×1): x from `dataSeed` (stream `DATASET_STREAMS.inputs`, as
   * gaussianInputs), ε from `dataSeed` (stream `DATASET_STREAMS.linearTeacherNoise`).
   * Different `dataSeed`s give independent sets.
   */
  sample(options: { n: number; dataSeed: number; budget?: WorkBudget }): Dataset;
  /** Excess risk E[(⟨x₀, β̂ − β⟩)²] = (β̂ − β)ᵀΣ(β̂ − β) of an estimate β̂. */
  excessRisk(betaHat: VectorInput): number;
}

/**
 * The linear model of Hastie, Montanari, Rosset & Tibshirani (Ann. Stat. 2022, §2):
 * x ~ N(0, Σ), y = ⟨x, β⟩ + ε, ‖β‖ = r, Var ε = σ². β is a seeded uniformly random direction of
 * norm r, or the `beta` given. Float64.
 *
 * @throws InvalidArgumentError for d < 1, r < 0, snr ≤ 0, snr together with noiseStd, σ < 0,
 *   a bad seed (or none without `beta`), `beta` together with signalNorm, or a covariance
 *   that is not d eigenvalues ≥ 0; ShapeMismatchError / NonFiniteError for a `beta` that is
 *   not d finite numbers; WorkBudgetError for a d (or a sample's n·d) over the work budget.
 * @example
 * const t = linearTeacher({ d: 100, signalNorm: 1, snr: 5, teacherSeed: 0 });
 * const { X, Y } = t.sample({ n: 200, dataSeed: 1 }); // X 200×100, Y 200×1
 * t.excessRisk(new Float64Array(100)) // 1 = r² (predicting 0), for Σ = I
 * linearTeacher({ d: 2, beta: [3, 4], noiseStd: 0 }).signalNorm // 5
 */
export function linearTeacher(options: LinearTeacherOptions): LinearTeacher {
  const op = 'linearTeacher';
  assertOptions(op, 'options', options, false);
  const { d, teacherSeed, covariance } = options;
  assertInteger(op, 'd', d, { min: 1 }, 'the input dimension');
  assertWorkBudget(op, { bytes: 24 * d, flops: 30 * d }, options.budget, 'lower d');
  let beta: Float64Array;
  let signalNorm: number;
  if (options.beta !== undefined) {
    if (options.signalNorm !== undefined) {
      throw new InvalidArgumentError(
        'signalNorm',
        options.signalNorm,
        'either beta or signalNorm, not both (with beta, r = ‖beta‖)',
        op,
      );
    }
    beta = asVector(op, 'beta', options.beta, {
      length: d,
      meaning: 'one coefficient per input dimension',
    });
    signalNorm = euclideanNorm(beta);
  } else {
    signalNorm = options.signalNorm === undefined ? 1 : options.signalNorm;
    assertNonNegative(op, 'signalNorm', signalNorm, 'the norm r of β');
    assertInteger(op, 'teacherSeed', teacherSeed, SEED_RANGE, 'a seed (or pass beta itself)');
    beta = createRng(teacherSeed, DATASET_STREAMS.linearTeacherBeta).fillNormal(
      new Float64Array(d),
    );
    const norm = euclideanNorm(beta);
    for (let j = 0; j < d; j++) beta[j] = ((beta[j] as number) * signalNorm) / norm;
  }
  let noiseStd: number;
  if (options.snr !== undefined) {
    if (options.noiseStd !== undefined) {
      throw new InvalidArgumentError('snr', options.snr, 'either snr or noiseStd, not both', op);
    }
    assertPositive(op, 'snr', options.snr, 'r²/σ²');
    noiseStd = signalNorm / Math.sqrt(options.snr);
  } else {
    noiseStd = options.noiseStd === undefined ? 0 : options.noiseStd;
    assertNonNegative(op, 'noiseStd', noiseStd, 'the noise standard deviation σ');
  }
  const cov =
    covariance === undefined
      ? undefined
      : asVector(op, 'covariance', covariance, {
          length: d,
          meaning: 'one eigenvalue per input dimension',
        });
  if (cov) for (let j = 0; j < d; j++) assertNonNegative(op, `covariance[${j}]`, cov[j]);

  return {
    d,
    beta,
    signalNorm,
    noiseStd,
    sample(sampleOptions) {
      const { n, dataSeed, budget } = readTeacherSample(op, sampleOptions, options.budget, d, 32);
      const X = gaussianInputs({
        n,
        d,
        dataSeed,
        ...(cov ? { covariance: cov } : {}),
        ...(budget ? { budget } : {}),
      });
      const noise = teacherNoise(dataSeed, DATASET_STREAMS.linearTeacherNoise, n, noiseStd);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (X.data[i * d + j] as number) * (beta[j] as number);
        y[i] = s + (noise[i] as number);
      }
      return { X, Y: { rows: n, cols: 1, data: y } };
    },
    excessRisk(betaHat) {
      const b = asVector(`${op}().excessRisk`, 'betaHat', betaHat, {
        length: d,
        meaning: 'one coefficient per input dimension',
      });
      let r = 0;
      for (let j = 0; j < d; j++)
        r += (cov ? (cov[j] as number) : 1) * ((b[j] as number) - (beta[j] as number)) ** 2;
      return r;
    },
  };
}
