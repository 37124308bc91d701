import { assertInteger, assertWorkBudget, SEED_RANGE, type WorkBudget } from '@overparam/tensor';
import type { FeatureKind } from './feature-map.js';
import { MAX_FEATURES } from './feature-stream.js';
import type { FitPoint } from './fit-point.js';
import { engineSettings, featureFactory } from './internal/settings.js';
import {
  type DataPart,
  type FeatureBlock,
  type FeatureMapFactory,
  type Precision,
  SeedSweep,
  SweepData,
} from './internal/sweep-engine.js';
import { sweepWork } from './internal/sweep-work.js';

export type { DataPart, FeatureBlock, FeatureMapFactory, Precision };

/**
 * Train and test sets, e.g. a `Split` of @overparam/datasets. X and Y of each part are
 * MatrixInputs (a Matrix64 or nested arrays; Y may be a vector of n targets).
 */
export interface FitData {
  train: DataPart;
  test: DataPart;
}

/** Which random features: a kind of {@link randomFeatures} and its bandwidth σ. */
export interface FeatureMapSpec {
  kind: FeatureKind;
  /** σ of the Fourier features (ignored by 'relu'). Default 1. */
  lengthScale?: number;
}

/**
 * The fields of a {@link FitPoint} in a fixed order: the columns of CSV exports (the Node
 * script, the site's download button).
 *
 * @example
 * FIT_POINT_COLUMNS.map((c) => String(point[c])).join(',') // one CSV row
 */
export const FIT_POINT_COLUMNS = [
  'N',
  'n',
  'seed',
  'ridge',
  'trainMse',
  'testMse',
  'trainError01',
  'testError01',
  'norm',
  'precision',
  'form',
  'solver',
  'rank',
  'cutoff',
  'condition',
  'seconds',
] as const satisfies readonly (keyof FitPoint)[];

/** Options shared by {@link randomFeaturesFit} and doubleDescent. */
export interface FitSettings {
  /** Ridge λ ≥ 0: minimizes ‖Φa − Y‖²_F + λ‖a‖²_F (sums, not means, over samples). Default 0. */
  ridge?: number;
  /**
   * 'auto' (default) applies the precision rule of {@link randomFeaturesFit}; 'float64' always
   * recomputes the Gram matrix in float64; 'float32-gram' never does (to show what float32 gets
   * wrong at the threshold).
   */
  precision?: 'auto' | Precision;
  /** Largest estimated condition number accepted from the float32 Gram matrix. Default 1e5. */
  float32Condition?: number;
  /** Relative eigenvalue cutoff of the pseudo-inverse. Default 10·min(N, n)·ε. */
  rcond?: number;
  /** Largest feature block on the backend, in floats. Default 2²² (16 MB). */
  blockFloats?: number;
  /** Keep downloaded features for the second pass while they fit in this many floats. Default 2²⁵. */
  cacheFloats?: number;
  /** Aborting rejects with the signal's reason, at the next feature block. */
  signal?: AbortSignal;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor: 2·10¹¹ flops,
   * 2 GiB), checked after the data are read and before any feature is drawn. With n training,
   * n_test test rows, d inputs and k outputs, per feature seed: each N < n costs
   * 4·(n + n_test)·d·N + 2nN² + N³ flops (16N² bytes); the N ≥ n side accumulates its Gram
   * matrix once up to the largest N, 2·(n + n_test)·(d + n)·N_max flops
   * (8·(n + n_test)·n + 24n² bytes), plus n³ per point; drawing a feature costs ~100·(d + 5).
   * That is the float32 path; the float64 recomputation near N = n adds up to as much again
   * for the points that take it.
   */
  budget?: WorkBudget;
}

/** Options of {@link randomFeaturesFit}. */
export interface RandomFeaturesFitOptions extends FitSettings {
  data: FitData;
  /** Number of features N. */
  N: number;
  /** The features: a kind and σ, or a factory of (blocks of) feature maps. */
  featureMap: FeatureMapSpec | FeatureMapFactory;
  /** Seed of the features. */
  featureSeed: number;
}

/**
 * Fits a random-features model y ≈ aᵀz(x) with N features on the training set and reports
 * train and test error and ‖a‖ (Belkin, Hsu, Ma & Mandal, PNAS 2019; https://overparam.dev/docs/theory/random-features#min-norm-fit):
 * least squares for N < n, the minimum-norm interpolant a = Φ⁺Y = Φᵀ(ΦΦᵀ)⁻¹Y for N ≥ n, or
 * ridge a = (ΦᵀΦ + λI)⁻¹ΦᵀY = Φᵀ(ΦΦᵀ + λI)⁻¹Y.
 *
 * Where the numbers are computed. Features z(x) are computed on the active tfjs backend in
 * float32, in blocks (never the whole n×N matrix Φ), and taken as exact: they are a legitimate
 * random draw. Every solve is float64 on the CPU, in the smaller of the two forms: primal
 * H = ΦᵀΦ (N×N) when N < n, dual G = ΦΦᵀ (n×n) when N ≥ n. The precision rule
 * (`precision: 'auto'`):
 * 1. 'float32-gram': the Gram matrix is formed from float32 products of feature blocks on the
 *    backend (summed over blocks in float64), then factored by float64 Cholesky. It is kept if
 *    Cholesky succeeds and the estimated condition number κ̂ = λ_max/λ_min (power and inverse
 *    iteration) is at most `float32Condition` (1e5). Float32 rounding of the block products
 *    perturbs the Gram matrix by about 1e-7 of its norm, which moves the solution by at most
 *    about κ·1e-7 (1% at κ = 1e5); measured on MNIST (n = 1000), the two paths agree to 1e-6
 *    in test MSE for every κ ≤ 5·10⁴ and differ by 1% only at the threshold itself (κ ≈ 3·10⁸).
 * 2. 'float64' otherwise, which is what happens near the interpolation threshold N ≈ n, where
 *    κ explodes: the Gram matrix is recomputed in float64 from the downloaded float32 features
 *    and solved by float64 Cholesky when κ̂ ≤ 0.1/rcond, else by the eigendecomposition with
 *    eigenvalues ≤ rcond·λ_max set to zero (the pseudo-inverse; rcond = 10·min(N, n)·ε, the
 *    level at which a float64 Gram's own rounding makes eigenvalues meaningless).
 * The point reports `precision`, `form`, `solver`, `rank`, `cutoff` and `condition`.
 *
 * @throws InvalidArgumentError for bad options; ShapeMismatchError for data of the wrong shapes
 *   or an empty test set; WorkBudgetError (before any feature is drawn) for a fit over the work
 *   budget (see FitSettings.budget), e.g. N: 1e9; the signal's reason when aborted.
 * @example
 * const data = mnistSplit(await loadMnist(), { nTrain: 200, nTest: 200, dataSeed: 0, pixels: 'binary' });
 * const p = await randomFeaturesFit({
 *   data, N: 2000, featureSeed: 0, featureMap: { kind: 'fourier-gaussian', lengthScale: 5 },
 * });
 * p.trainMse  // ≈ 5e-31 (N ≥ n: the minimum-norm interpolant)
 * p.testMse   // ≈ 0.46, p.testError01 ≈ 0.25
 * p.precision // 'float32-gram' (κ ≈ 170, far from N = n)
 */
export async function randomFeaturesFit(options: RandomFeaturesFitOptions): Promise<FitPoint> {
  const op = 'randomFeaturesFit';
  const settings = engineSettings(op, options);
  const { data, N, featureSeed } = options;
  assertInteger(op, 'N', N, { min: 1, max: MAX_FEATURES }, 'the number of features');
  assertInteger(op, 'featureSeed', featureSeed, SEED_RANGE, 'a seed');
  const factory = featureFactory(op, options.featureMap, settings.budget);
  settings.signal?.throwIfAborted();
  const shared = new SweepData(op, data);
  assertWorkBudget(op, sweepWork(shared, [N], settings.blockFloats), settings.budget, 'lower N');
  try {
    shared.upload();
    return await new SeedSweep(shared, factory, featureSeed, N, settings).fit(N);
  } finally {
    shared.dispose();
  }
}
