export { correlation } from './correlation.js';
export {
  type ExpectCloseOptions,
  expectClose,
  flatten,
  type Numeric,
  relativeError,
} from './expect-close.js';
export { constantRows, identityRows, zeroRows } from './matrices.js';
export { EmptyFixtureError, nonEmpty } from './non-empty.js';
export { TEST_BACKEND } from './test-backend.js';
export { F32_RTOL, F32_TRIG_RTOL, F64_RTOL, MC_RTOL, tolerance } from './tolerances.js';
export { TensorLeakError, withLeakCheck } from './with-leak-check.js';
