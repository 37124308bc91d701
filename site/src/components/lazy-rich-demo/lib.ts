// What the demo (and its figure script) use from the packages, in one place so the lazy-loaded
// demo chunk imports them once.
export { type BackendInfo, createRng, DEFAULT_WORK_BUDGET, initBackend } from '@overparam/tensor';
export {
  createMlp,
  DivergenceError,
  type Measurement,
  type MlpActivation,
  train,
} from '@overparam/train';
