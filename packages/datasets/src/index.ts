export type { DataMatrix, Dataset, Split } from './data-matrix.js';
export {
  drawInputs,
  type GaussianInputsOptions,
  gaussianInputs,
  type InputDistribution,
  type SphereInputsOptions,
  sphereInputs,
} from './gaussian-inputs.js';
export { type LinearTeacher, type LinearTeacherOptions, linearTeacher } from './linear-teacher.js';
export {
  decodeMnist,
  encodeMnist,
  type LoadMnistOptions,
  loadMnist,
  MNIST_PIXELS,
  type MnistDigits,
} from './mnist.js';
export { type MnistSplitOptions, mnistSplit } from './mnist-split.js';
export {
  type NonlinearTeacher,
  type NonlinearTeacherOptions,
  nonlinearTeacher,
} from './nonlinear-teacher.js';
export { oneHot } from './one-hot.js';
export { permutation } from './permutation.js';
export { type Toy1dOptions, type Toy2dOptions, toy1d, toy2d } from './toy-sets.js';
