// The reliability suite runs on package sources, like the package suites: the
// @overparam/source condition resolves each package's src/index.ts (see vitest.shared.ts).
// The cases themselves run in worker threads (harness/pool.ts), on the cpu backend.
import { defineConfig } from 'vitest/config';
import { SOURCE_CONDITION } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, 'node', 'import', 'default'] } },
  test: {
    name: 'reliability',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
