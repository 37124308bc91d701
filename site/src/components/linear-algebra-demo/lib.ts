// The demo runs on the sources of @overparam/random-features and on the tfjs-core that
// @overparam/tensor runs on. The site lists neither as a dependency yet, so both are reached by
// path (the tfjs-core folder is a pnpm symlink to the one copy every package uses, so the tfjs
// engine and its backends stay shared). With "@overparam/random-features": "workspace:*" and
// "@tensorflow/tfjs-core" in site/package.json this file becomes two re-exports of the package
// names.

export {
  type FeatureKind,
  featureGrid,
  randomFeatures,
} from '../../../../packages/random-features/src/index';
export * as tf from '../../../../packages/tensor/node_modules/@tensorflow/tfjs-core';
