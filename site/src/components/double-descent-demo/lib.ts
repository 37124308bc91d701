// What the demo uses from @overparam/random-features and @overparam/datasets (and, in theory.ts,
// @overparam/bounds), in one place so the lazy-loaded demo chunk imports them once.
export {
  linearTeacher,
  loadMnist,
  type MnistDigits,
  mnistSplit,
  nonlinearTeacher,
} from '@overparam/datasets';
export {
  doubleDescent,
  type FeatureKind,
  FIT_POINT_COLUMNS,
  type FitData,
  type FitPoint,
  featureGrid,
  leastSquaresFit,
  type Precision,
  type SweepSummary,
  summarizeSweep,
} from '@overparam/random-features';
