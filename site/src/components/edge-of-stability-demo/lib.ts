// What the demo (and its figure script) use from the packages, in one place so the lazy-loaded
// demo chunk imports them once. The data set is datasets' edgeOfStabilityData.
export { edgeOfStabilityData } from '@overparam/datasets';
export { type BackendInfo, fromTensor, initBackend, type Matrix64 } from '@overparam/tensor';
export {
  createMlp,
  DivergenceError,
  empiricalNtk,
  type LinearizedGdResult,
  linearizedGd,
  type Mlp,
  type StepSizeThresholds,
  sharpnessMeasurement,
  stepSizeThresholds,
  type TrajectoryPoint,
  train,
} from '@overparam/train';
