// The kernels the demos use, in one place so the lazy-loaded demo chunks share them.
export {
  fcKernel,
  fitKernelRidge,
  KERNEL_RIDGE_F64_MAX_N,
  type Kernel,
  type KernelRidgeModel,
  kernelRidge,
  laplaceKernel,
  rbfKernel,
} from '@overparam/kernels';
export type { MatrixInput } from '@overparam/tensor';
// The empirical kernels of a random finite network (train's Mlp, in float64 on the CPU).
export { empiricalNtkF64 } from '@overparam/train';
