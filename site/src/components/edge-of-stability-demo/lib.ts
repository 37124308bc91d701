// What the demo (and its figure script) use from the packages, in one place so the lazy-loaded
// demo chunk imports them once. The data set is datasets' edgeOfStabilityData.
export { edgeOfStabilityData } from '@overparam/datasets';
export { DEFAULT_WORK_BUDGET, fromTensor, initBackend } from '@overparam/tensor';
export {
  createMlp,
  DivergenceError,
  empiricalNtk,
  type LinearizedGdResult,
  linearizedGd,
  type Measurement,
  sharpnessMeasurement,
  stepSizeThresholds,
  train,
} from '@overparam/train';
