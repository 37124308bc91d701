import {
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  asVector,
  createRng,
  SEED_RANGE,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import type { Dataset } from './dataset.js';
import { drawInputs, INPUT_DISTRIBUTIONS, type InputDistribution } from './gaussian-inputs.js';
import { euclideanNorm } from './internal/euclidean-norm.js';
import { readTeacherSample, teacherNoise } from './internal/teacher-sample.js';
import { DATASET_STREAMS } from './stream-ids.js';

/** Options of {@link nonlinearTeacher}. */
export interface NonlinearTeacherOptions {
  /** Input dimension d. */
  d: number;
  /** Energy F₁² of the linear part: E[f₁(x)²] = F₁². Default 1. */
  linearEnergy?: number;
  /** Energy F*² of the nonlinear part (a degree-2 Hermite term, orthogonal to linear functions). Default 0. */
  nonlinearEnergy?: number;
  /** Noise standard deviation τ. Default 0. */
  noiseStd?: number;
  /** 'sphere' (radius √d, as Mei & Montanari) or 'gaussian' (N(0, I_d)). Default 'sphere'. */
  input?: InputDistribution;
  /**
   * Seed of the directions: β from stream `DATASET_STREAMS.nonlinearTeacherBeta`, θ from
   * `DATASET_STREAMS.nonlinearTeacherTheta`.
   */
  teacherSeed: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor) of the teacher
   * (32·d bytes) and of each sample (8·n·(d + 2) bytes, ~34·n·d flops; `sample` takes its own).
   */
  budget?: WorkBudget;
}

/** A teacher y = f₁(x) + f_NL(x) + ε. */
export interface NonlinearTeacher {
  readonly d: number;
  /** Unit-norm direction of the linear part, and of the nonlinear part. */
  readonly linearDirection: Float64Array;
  readonly nonlinearDirection: Float64Array;
  /** The noiseless target f(x) = f₁(x) + f_NL(x) for one input row. */
  target(x: VectorInput): number;
  /**
   * Draws n samples (targets n×1): x from `dataSeed` (stream `DATASET_STREAMS.inputs`, as
   * drawInputs), ε from `dataSeed` (stream `DATASET_STREAMS.nonlinearTeacherNoise`).
   */
  sample(options: { n: number; dataSeed: number; budget?: WorkBudget }): Dataset;
}

/**
 * The target model of Mei & Montanari (CPAM 2022, §2): a linear part of
 * energy F₁², plus a nonlinear part of energy F*² orthogonal to all linear functions, plus
 * noise τ². Concretely, with unit vectors β, θ and x on the sphere of radius √d (or Gaussian):
 * f₁(x) = F₁·⟨β, x⟩, f_NL(x) = F*·(⟨θ, x⟩² − 1)/√2, whose energies are F₁² and F*² for
 * Gaussian x and to O(1/d) on the sphere. Float64.
 *
 * @throws InvalidArgumentError for d < 1, negative energies or τ, an unknown `input`, or a bad
 *   seed; WorkBudgetError for a d (or a sample's n·d) over the work budget.
 * @example
 * const t = nonlinearTeacher({ d: 50, linearEnergy: 1, nonlinearEnergy: 0.5, noiseStd: 0.1, teacherSeed: 0 });
 * const { X, Y } = t.sample({ n: 100, dataSeed: 1 }); // X 100×50, Y 100×1
 */
export function nonlinearTeacher(options: NonlinearTeacherOptions): NonlinearTeacher {
  const op = 'nonlinearTeacher';
  assertOptions(op, 'options', options, false);
  const {
    d,
    linearEnergy = 1,
    nonlinearEnergy = 0,
    noiseStd = 0,
    input = 'sphere',
    teacherSeed,
  } = options;
  assertInteger(op, 'd', d, { min: 1 }, 'the input dimension');
  assertNonNegative(op, 'linearEnergy', linearEnergy, 'F₁²');
  assertNonNegative(op, 'nonlinearEnergy', nonlinearEnergy, 'F*²');
  assertNonNegative(op, 'noiseStd', noiseStd, 'the noise standard deviation τ');
  assertOneOf(op, 'input', input, INPUT_DISTRIBUTIONS);
  assertInteger(op, 'teacherSeed', teacherSeed, SEED_RANGE, 'a seed');
  assertWorkBudget(op, { bytes: 32 * d, flops: 60 * d }, options.budget, 'lower d');
  const unit = (stream: number) => {
    const v = createRng(teacherSeed, stream).fillNormal(new Float64Array(d));
    const norm = euclideanNorm(v);
    return v.map((x) => x / norm);
  };
  const beta = unit(DATASET_STREAMS.nonlinearTeacherBeta);
  const theta = unit(DATASET_STREAMS.nonlinearTeacherTheta);
  const f1 = Math.sqrt(linearEnergy);
  const fStar = Math.sqrt(nonlinearEnergy);
  const value = (x: ArrayLike<number>): number => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      a += (beta[j] as number) * (x[j] as number);
      b += (theta[j] as number) * (x[j] as number);
    }
    return f1 * a + (fStar * (b * b - 1)) / Math.SQRT2;
  };
  return {
    d,
    linearDirection: beta,
    nonlinearDirection: theta,
    target: (x) =>
      value(asVector(`${op}().target`, 'x', x, { length: d, meaning: 'one input row' })),
    sample(sampleOptions) {
      const { n, dataSeed, budget } = readTeacherSample(op, sampleOptions, options.budget, d, 34);
      const X = drawInputs(input, { n, d, dataSeed, ...(budget ? { budget } : {}) });
      const noise = teacherNoise(dataSeed, DATASET_STREAMS.nonlinearTeacherNoise, n, noiseStd);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++)
        y[i] = value(X.data.subarray(i * d, (i + 1) * d)) + (noise[i] as number);
      return { X, Y: { rows: n, cols: 1, data: y } };
    },
  };
}
