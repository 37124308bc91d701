// The demo runs on the sources of @overparam/random-features and @overparam/datasets. The site
// does not list them as dependencies yet, so they are reached by path; with
// "@overparam/random-features": "workspace:*" and "@overparam/datasets": "workspace:*" in
// site/package.json this file becomes two re-exports of the package names.

export {
  loadMnist,
  type MnistDigits,
  mnistSplit,
  nonlinearTeacher,
} from '../../../../packages/datasets/src/index';
export {
  doubleDescent,
  type FeatureKind,
  type FitData,
  type FitPoint,
  featureGrid,
  type Precision,
  type SweepSummary,
  summarizeSweep,
} from '../../../../packages/random-features/src/index';
