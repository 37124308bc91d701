// Explicit named re-exports only (one exported unit or small family per file).
export { abRelu, abs, cos, erf, identity, leakyRelu, relu, sin } from './activations.js';
export { fanInConcat, fanInSum, fanOut, parallel, serial } from './combinators.js';
export { type DenseOptions, dense } from './dense.js';
export { type ElementwiseOptions, elementwise, gelu, tanh } from './elementwise.js';
export { type EmpiricalNtkOptions, empiricalNtk } from './empirical-ntk.js';
export { type GaussHermiteRule, gaussHermite } from './gauss-hermite.js';
export type {
  Flow,
  InitOptions,
  KernelF64Options,
  KernelPair,
  KernelRecord,
  Layer,
  LayerKernel,
  LayerRules,
  NetworkParams,
  ParamTree,
} from './layer.js';
export {
  type MonteCarloKernelOptions,
  type MonteCarloKernelResult,
  monteCarloKernel,
} from './monte-carlo-kernel.js';
