export {
  type DoubleDescentOptions,
  type DoubleDescentResult,
  doubleDescent,
} from './double-descent.js';
export { fitPointsToCsv, nonFiniteToString } from './export-fit-points.js';
export { type FeatureGridOptions, featureGrid } from './feature-grid.js';
export {
  FEATURE_KINDS,
  type FeatureKind,
  type FeatureMap,
  type RandomFeaturesOptions,
  randomFeatures,
} from './feature-map.js';
export { FEATURE_STREAM, MAX_FEATURES } from './feature-stream.js';
export type { FitPoint } from './fit-point.js';
export {
  type LeastSquaresFit,
  type LeastSquaresFitOptions,
  leastSquaresFit,
} from './least-squares-fit.js';
export {
  type DataPart,
  type FeatureBlock,
  type FeatureMapFactory,
  type FeatureMapSpec,
  FIT_POINT_COLUMNS,
  type FitData,
  type FitSettings,
  type Precision,
  type RandomFeaturesFitOptions,
  randomFeaturesFit,
} from './random-features-fit.js';
export { type SeedStats, type SweepSummary, summarizeSweep } from './summarize-sweep.js';
