export type { Dataset, Split } from './dataset.js';
export {
  type EdgeOfStabilityDataOptions,
  edgeOfStabilityData,
} from './edge-of-stability-data.js';
export {
  drawInputs,
  type GaussianInputsOptions,
  gaussianInputs,
  INPUT_DISTRIBUTIONS,
  type InputDistribution,
  type SphereInputsOptions,
  sphereInputs,
} from './gaussian-inputs.js';
export { type LinearTeacher, type LinearTeacherOptions, linearTeacher } from './linear-teacher.js';
export {
  decodeMnist,
  type EncodeMnistOptions,
  encodeMnist,
  type LoadMnistOptions,
  loadMnist,
  MNIST_PIXELS,
  type MnistDigits,
  type MnistFormat,
} from './mnist.js';
export { MNIST_PIXEL_ENCODINGS, type MnistSplitOptions, mnistSplit } from './mnist-split.js';
export {
  type NonlinearTeacher,
  type NonlinearTeacherOptions,
  nonlinearTeacher,
} from './nonlinear-teacher.js';
export { type OneHotOptions, oneHot } from './one-hot.js';
export { type PermutationOptions, permutation } from './permutation.js';
export { DATASET_STREAMS } from './stream-ids.js';
export {
  TOY1D_FUNCTIONS,
  TOY2D_KINDS,
  type Toy1dOptions,
  type Toy2dOptions,
  toy1d,
  toy2d,
} from './toy-sets.js';
