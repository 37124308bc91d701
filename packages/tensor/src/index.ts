export {
  BACKEND_NAMES,
  type BackendName,
  type BackendPreference,
  isBackendPreference,
} from './backend-name.js';
export { ensureGradients } from './ensure-gradients.js';
export {
  BackendUnavailableError,
  type BackendUnavailableReason,
} from './errors/backend-unavailable-error.js';
export { formatNumber } from './errors/format-number.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { OverparamError } from './errors/overparam-error.js';
export { type GemmBenchmarkOptions, type GemmResult, gemmBenchmark } from './gemm-benchmark.js';
export {
  type AdapterInfo,
  type BackendInfo,
  type InitBackendOptions,
  initBackend,
} from './init-backend.js';
export {
  asMatrix64,
  assertFiniteEntries,
  isMatrix64,
  type MatrixInput,
  type MatrixShape,
} from './input/as-matrix64.js';
export {
  asSymmetricMatrix64,
  type SymmetricMatrixOptions,
} from './input/as-symmetric-matrix64.js';
export {
  asTargets,
  asTargetsTensor,
  type TargetsInput,
  type TargetsShape,
  type TensorTargetsInput,
} from './input/as-targets.js';
export { asTensor2D, type Owned, type TensorInput } from './input/as-tensor2d.js';
export { asVector, type VectorInput, type VectorShape } from './input/as-vector.js';
export {
  assertBoolean,
  assertFinite,
  assertFunction,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOneOf,
  assertOptions,
  assertPositive,
  assertSignal,
  type IntegerRange,
  type NumberRange,
} from './input/assert.js';
export {
  assertWorkBudget,
  DEFAULT_WORK_BUDGET,
  type ResolvedWorkBudget,
  resolveBudget,
  type WorkBudget,
  WorkBudgetError,
  type WorkEstimate,
} from './input/work-budget.js';
export { type CholeskyOptions, cholesky } from './linalg/cholesky.js';
export { cond } from './linalg/cond.js';
export {
  type ConjugateGradientOptions,
  type ConjugateGradientResult,
  conjugateGradient,
  type MatVec,
} from './linalg/conjugate-gradient.js';
export { type EighOptions, type EighResult, eigh, eigvalsh } from './linalg/eigh.js';
export { type GramOptions, gram } from './linalg/gram.js';
export {
  type ExtremeEigenvaluesOptions,
  type ExtremeEigenvaluesResult,
  extremeEigenvalues,
} from './linalg/lanczos.js';
export {
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
  SingularMatrixError,
} from './linalg/linalg-errors.js';
export {
  type LstsqOptions,
  type LstsqResult,
  lstsqMinNorm,
} from './linalg/lstsq-min-norm.js';
export { matmul } from './linalg/matmul.js';
export {
  type AllocationOptions,
  fromArray,
  fromTensor,
  identity,
  type Matrix64,
  toArray,
  toTensor,
  transpose,
  zeros,
} from './linalg/matrix64.js';
export { pinv } from './linalg/pinv.js';
export {
  type PowerIterationOptions,
  type PowerIterationResult,
  powerIteration,
} from './linalg/power-iteration.js';
export { type PsdEighOptions, type PsdEighResult, psdEigh } from './linalg/psd-eigh.js';
export {
  type SolvePsdFallback,
  type SolvePsdOptions,
  type SolvePsdResult,
  solvePsd,
} from './linalg/solve-psd.js';
export { type SolveSpdOptions, type SolveSpdResult, solveSpd } from './linalg/solve-spd.js';
export {
  type SolveTriangularOptions,
  solveTriangular,
} from './linalg/solve-triangular.js';
export { type SvdResult, svd } from './linalg/svd.js';
export {
  type RandomNormalOptions,
  type RandomUniformOptions,
  randomNormal,
  randomUniform,
} from './random-tensors.js';
export { createRng, type Rng, SEED_RANGE } from './rng.js';
export { erf } from './special/erf.js';
