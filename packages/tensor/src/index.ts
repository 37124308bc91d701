export {
  BACKEND_NAMES,
  type BackendName,
  type BackendPreference,
  isBackendPreference,
} from './backend-name.js';
export {
  BackendUnavailableError,
  type BackendUnavailableReason,
} from './errors/backend-unavailable-error.js';
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
  type RandomNormalOptions,
  type RandomUniformOptions,
  randomNormal,
  randomUniform,
} from './random-tensors.js';
export { createRng, type Rng } from './rng.js';
