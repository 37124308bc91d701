export {
  type FeatureKind,
  type FeatureMap,
  type Matrix,
  type RandomFeaturesOptions,
  randomFeatures,
} from './feature-map.js';
