// What the demo takes from @overparam/random-features, and the tfjs-core that @overparam/tensor
// runs on (one copy in the workspace, so the tfjs engine and its backends are shared).

export { type FeatureKind, featureGrid, randomFeatures } from '@overparam/random-features';
export * as tf from '@tensorflow/tfjs-core';
