// The kernels the demos use, in one place so the lazy-loaded demo chunks share them.
export {
  fcEmpiricalKernel,
  fcKernel,
  type Kernel,
  kernelRidge,
  laplaceKernel,
  type MatrixInput,
  rbfKernel,
} from '@overparam/kernels';
