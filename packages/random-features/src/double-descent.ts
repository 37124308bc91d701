import { assertFunction, assertWorkBudget, SEED_RANGE } from '@overparam/tensor';
import { MAX_FEATURES } from './feature-stream.js';
import type { FitPoint } from './fit-point.js';
import { assertIntegerList, engineSettings, featureFactory } from './internal/settings.js';
import { SeedSweep, SweepData } from './internal/sweep-engine.js';
import { scaleWork, sweepWork } from './internal/sweep-work.js';
import type {
  FeatureMapFactory,
  FeatureMapSpec,
  FitData,
  FitSettings,
} from './random-features-fit.js';
import { type SweepSummary, summarizeSweep } from './summarize-sweep.js';

/** Options of {@link doubleDescent}. */
export interface DoubleDescentOptions extends FitSettings {
  data: FitData;
  /** The feature counts N of the sweep (any order; fitted in increasing order, repeats dropped). */
  featureCounts: readonly number[];
  /** Feature seeds (`featureSeed` of each curve), one curve each. Default [0]. */
  featureSeeds?: readonly number[];
  /** The features: a kind and σ, or a factory of (blocks of) feature maps. */
  featureMap: FeatureMapSpec | FeatureMapFactory;
  /** Called with each point as soon as it is computed (N ascending, all seeds at one N first). */
  onPoint?: (point: FitPoint, progress: { done: number; total: number }) => void;
}

/** Result of {@link doubleDescent}. */
export interface DoubleDescentResult {
  /** Number of training samples: the interpolation threshold is N = n. */
  n: number;
  /** Every fit, in the order computed. */
  points: FitPoint[];
  /** Mean and spread over seeds at each N. */
  summary: SweepSummary[];
}

/**
 * The double-descent experiment of Belkin, Hsu, Ma & Mandal (PNAS 2019; https://overparam.dev/docs/theory/random-features#double-descent): fits
 * random-features models with N features for every N of `featureCounts` and every seed, and
 * streams each point to `onPoint` as it is computed. Test error falls, peaks at the
 * interpolation threshold N = n, where ‖a‖ peaks too, and falls again beyond it.
 *
 * Each fit follows the precision rule of {@link randomFeaturesFit} (float32 Gram matrices far
 * from the threshold, float64 near it). Features are nested, so for N ≥ n the Gram matrices
 * are accumulated once along the sweep (block by block, features N_prev … N − 1 at each step),
 * and the whole over-parameterized side costs about as much as its largest N alone.
 *
 * Cancel: aborting `signal` rejects with its reason at the next feature block, so the sweep
 * stops within one point; the tensors are freed either way.
 *
 * @throws InvalidArgumentError for bad options; ShapeMismatchError for data of the wrong shapes
 *   or an empty test set; WorkBudgetError (before any feature is drawn) for a sweep over the
 *   work budget (see FitSettings.budget: the sum over the grid, times the number of seeds), e.g.
 *   featureCounts: [1e9]; the signal's reason when aborted.
 * @example
 * const data = mnistSplit(await loadMnist(), { nTrain: 1000, nTest: 1000, dataSeed: 0, pixels: 'binary' });
 * const { summary } = await doubleDescent({
 *   data,
 *   featureCounts: featureGrid({ n: 1000, min: 10, max: 10_000, points: 40 }),
 *   featureMap: { kind: 'fourier-gaussian', lengthScale: 5 },
 *   onPoint: (p) => console.log(p.N, p.testMse.toFixed(3), p.precision),
 * });
 * // test MSE ≈ 0.66 at N = 242, ≈ 330 at N = 1000 (float64), ≈ 0.27 at N = 10⁴
 */
export async function doubleDescent(options: DoubleDescentOptions): Promise<DoubleDescentResult> {
  const op = 'doubleDescent';
  const settings = engineSettings(op, options);
  const { data, featureCounts, featureSeeds = [0], onPoint } = options;
  assertIntegerList(
    op,
    'featureCounts',
    featureCounts,
    { min: 1, max: MAX_FEATURES },
    'a non-empty array of integers ≥ 1',
    'a number of features',
  );
  assertIntegerList(
    op,
    'featureSeeds',
    featureSeeds,
    SEED_RANGE,
    'a non-empty array of seeds, e.g. [0, 1, 2]',
    'a seed',
  );
  if (onPoint !== undefined) assertFunction(op, 'onPoint', onPoint);
  const counts = [...new Set(featureCounts)].sort((a, b) => a - b);
  const maxN = counts[counts.length - 1]!;
  const factory = featureFactory(op, options.featureMap, settings.budget);
  settings.signal?.throwIfAborted();
  const shared = new SweepData(op, data);
  assertWorkBudget(
    op,
    scaleWork(sweepWork(shared, counts, settings.blockFloats), featureSeeds.length),
    settings.budget,
    'fewer or smaller feature counts, or fewer seeds',
  );
  const points: FitPoint[] = [];
  const total = counts.length * featureSeeds.length;
  try {
    shared.upload();
    const sweeps = featureSeeds.map((seed) => new SeedSweep(shared, factory, seed, maxN, settings));
    for (const N of counts) {
      for (const sweep of sweeps) {
        settings.signal?.throwIfAborted();
        const point = await sweep.fit(N);
        points.push(point);
        onPoint?.(point, { done: points.length, total });
      }
    }
  } finally {
    shared.dispose();
  }
  return { n: shared.n, points, summary: summarizeSweep(points) };
}
