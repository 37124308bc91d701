// What the demos (and their figure script) use from the packages, in one place so that the
// lazy-loaded demo chunks import them once.
export {
  fcKernel,
  gradientDescentMseEnsemble,
  selectHyperparameters,
  stepSizeThresholds,
} from '@overparam/kernels';
export { createRng } from '@overparam/tensor';
export { createMlp, DivergenceError, type Measurement, train } from '@overparam/train';
