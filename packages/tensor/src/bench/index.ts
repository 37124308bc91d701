export { prepareBenchEnvironment } from './prepare-bench-environment.js';
export { type BenchBackend, startBenchBackend } from './start-bench-backend.js';
