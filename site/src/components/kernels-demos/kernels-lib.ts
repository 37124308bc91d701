// The demos run on the sources of @overparam/kernels. The site does not list the package as a
// dependency yet, so it is reached by path; with "@overparam/kernels": "workspace:*" in
// site/package.json this file becomes a re-export of '@overparam/kernels'.
export {
  fcEmpiricalKernel,
  fcKernel,
  type Kernel,
  kernelRidge,
  laplaceKernel,
  type MatrixInput,
  rbfKernel,
} from '../../../../packages/kernels/src/index';
