import { nonlinearTeacher, sphereInputs } from '@overparam/datasets';
import { leastSquaresFit } from '@overparam/random-features';
import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertWorkBudget,
  lstsqMinNorm,
  type Matrix64,
  matmul,
  SEED_RANGE,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import { type Activation, resolveActivation } from './activation-constants.js';

/** Options of {@link randomFeaturesSphereRisk}. */
export interface RandomFeaturesSphereOptions {
  /** Input dimension d (an integer ≥ 1). */
  d: number;
  /** Number of random features N. */
  N: number;
  /** Training samples n. */
  n: number;
  /** Test samples used to estimate the risk. Default 1000. */
  nTest?: number;
  /** Ridge λ ≥ 0 of the penalty (Nλ/d)‖a‖² (0: minimum-norm least squares). */
  lambda: number;
  /** σ. Default 'relu'. */
  activation?: Activation;
  /** F₁². Default 1. */
  linearEnergy?: number;
  /** F*². Default 0. */
  nonlinearEnergy?: number;
  /** τ² (noise variance of the training labels). Default 0. */
  noiseVariance?: number;
  /**
   * Seed of the teacher (datasets' `teacherSeed`), the training sample (`dataSeed`, the
   * teacher's streams), the test points (stream 3) and the features θ_j (stream 4).
   */
  seed: number;
  /**
   * Work limits, default `DEFAULT_WORK_BUDGET` of @overparam/tensor. The estimate, checked
   * before anything is drawn, is 2(n + nTest)·N·d + 10(n + nTest)·N + 20·m²·M + 10·m³ flops
   * (m = min(n, N), M = max(n, N)) and 8·(N·d + (n + nTest)·(d + N) + 3nN + 2m²) bytes.
   */
  budget?: WorkBudget;
}

/** What {@link randomFeaturesSphereRisk} returns. */
export interface RandomFeaturesSphereResult {
  /** E_x (f(x) − f̂(x))² on the test points (against the noiseless target). */
  testError: number;
  /** (1/n)Σ(y_i − f̂(x_i))² on the noisy training labels. */
  trainError: number;
}

/** Streams of `seed` for the test points and the features (the teacher uses datasets' own). */
const TEST_STREAM = 3;
const FEATURE_STREAM = 4;

function features(X: Matrix64, ThetaT: Matrix64, sigma: (u: number) => number): Matrix64 {
  const Z = matmul(X, ThetaT);
  const s = 1 / Math.sqrt(X.cols);
  for (let k = 0; k < Z.data.length; k++) Z.data[k] = sigma((Z.data[k] as number) * s);
  return Z;
}

/**
 * One seeded instance of the random-features regression of Mei & Montanari (CPAM 2022, §2;
 * https://overparam.dev/docs/theory/rf-asymptotics#setting), in float64 on the CPU: x_i and θ_j
 * uniform on the sphere of radius √d (@overparam/datasets' sphereInputs), Z_ij = σ(⟨θ_j, x_i⟩/√d),
 * target y = F₁⟨β, x⟩ + F*(⟨θ*, x⟩² − 1)/√2 + τ·ε (datasets' nonlinearTeacher: its linear and
 * quadratic parts are orthogonal in L² for any unit β, θ*), and
 * â = argmin (1/n)‖y − Za‖² + (Nλ/d)‖a‖² = (ZᵀZ + (nNλ/d)·I)⁻¹Zᵀy (λ > 0: random-features'
 * leastSquaresFit, the smaller Gram matrix) or Z⁺y (λ = 0: tensor's lstsqMinNorm, SVD).
 * Returns the test error against the noiseless target on fresh points, the quantity Mei &
 * Montanari's limit describes. Every d ≥ 1 works (at d = 1 the sphere is {±1} and the
 * quadratic part vanishes).
 *
 * @throws InvalidArgumentError for sizes that are not integers ≥ 1, λ < 0, negative energies,
 *   an unknown activation or a bad seed (an explicit null included: defaults are for keys
 *   left out); WorkBudgetError when the instance exceeds `budget`.
 * @example
 * randomFeaturesSphereRisk({ d: 60, N: 120, n: 180, lambda: 0.1, nonlinearEnergy: 1,
 *   noiseVariance: 0.09, seed: 0 }).testError // 1.335 (one instance; over seeds 0–19 the mean is 1.545, the limit 1.600)
 */
export function randomFeaturesSphereRisk(
  options: RandomFeaturesSphereOptions,
): RandomFeaturesSphereResult {
  const op = 'randomFeaturesSphereRisk';
  assertOptions(op, 'options', options, false);
  const { d, N, n, lambda, seed } = options;
  // Each default is for undefined only: an explicit null is refused by the check that follows.
  const nTest = options.nTest === undefined ? 1000 : options.nTest;
  assertInteger(op, 'd', d, { min: 1 }, 'the input dimension');
  assertInteger(op, 'N', N, { min: 1 }, 'the number of random features');
  assertInteger(op, 'n', n, { min: 1 }, 'the number of training samples');
  assertInteger(op, 'nTest', nTest, { min: 1 }, 'the number of test samples');
  assertNonNegative(op, 'lambda', lambda, 'the ridge λ (0: minimum-norm least squares)');
  const linearEnergy = options.linearEnergy === undefined ? 1 : options.linearEnergy;
  const nonlinearEnergy = options.nonlinearEnergy === undefined ? 0 : options.nonlinearEnergy;
  const noiseVariance = options.noiseVariance === undefined ? 0 : options.noiseVariance;
  assertNonNegative(op, 'linearEnergy', linearEnergy, 'F₁²');
  assertNonNegative(op, 'nonlinearEnergy', nonlinearEnergy, 'F*²');
  assertNonNegative(op, 'noiseVariance', noiseVariance, 'τ²');
  assertInteger(op, 'seed', seed, SEED_RANGE, 'a seed');
  const m = Math.min(n, N);
  const M = Math.max(n, N);
  assertWorkBudget(
    op,
    {
      flops: 2 * (n + nTest) * N * d + 10 * (n + nTest) * N + 20 * m * m * M + 10 * m ** 3,
      bytes: 8 * (N * d + (n + nTest) * (d + N) + 3 * n * N + 2 * m * m),
    },
    options.budget,
    'lower d, N, n or nTest',
  );
  const sigma = resolveActivation(
    options.activation === undefined ? 'relu' : options.activation,
  ).fn;
  const teacher = nonlinearTeacher({
    d,
    linearEnergy,
    nonlinearEnergy,
    noiseStd: Math.sqrt(noiseVariance),
    input: 'sphere',
    teacherSeed: seed,
  });
  const { X, Y } = teacher.sample({ n, dataSeed: seed });
  const Xt = sphereInputs({ n: nTest, d, dataSeed: seed, stream: TEST_STREAM });
  const ThetaT = transpose(sphereInputs({ n: N, d, dataSeed: seed, stream: FEATURE_STREAM }));

  const Z = features(X, ThetaT, sigma);
  const a =
    lambda === 0 ? lstsqMinNorm(Z, Y).x : leastSquaresFit(Z, Y, { ridge: (n * N * lambda) / d }).a;
  const fit = matmul(Z, a);
  let train = 0;
  for (let i = 0; i < n; i++) train += ((Y.data[i] as number) - (fit.data[i] as number)) ** 2;
  const pred = matmul(features(Xt, ThetaT, sigma), a);
  let test = 0;
  for (let i = 0; i < nTest; i++) {
    const target = teacher.target(Xt.data.subarray(i * d, (i + 1) * d));
    test += (target - (pred.data[i] as number)) ** 2;
  }
  return { testError: test / nTest, trainError: train / n };
}
