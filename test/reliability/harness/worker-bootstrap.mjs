// Worker entry: TypeScript through tsx (the packages run from source under the
// @overparam/source condition, which pool.ts passes in execArgv), then the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
