// One test suite, run once per backend (tfjs's habit): each project sets OVERPARAM_BACKEND,
// and the setup file starts that backend before any test. Test names carry the backend,
// e.g. "[webgpu] solveSpd ...". The webgpu project uses Dawn (the `webgpu` package) with the
// SwiftShader Vulkan driver that Debian's chromium ships when no GPU driver is configured.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProjectInlineConfiguration } from 'vitest/config';

export const SOURCE_CONDITION = '@overparam/source';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Which backends to test: OVERPARAM_TEST_BACKENDS=cpu,wasm narrows the set; default all three. */
export function testBackends(): string[] {
  const list = process.env.OVERPARAM_TEST_BACKENDS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list && list.length > 0 ? list : ['cpu', 'wasm', 'webgpu'];
}

function webgpuEnv(backend: string): Record<string, string> {
  const env: Record<string, string> = {};
  // Every project may touch Dawn ('auto' tries webgpu first): give it a runtime dir; only the
  // webgpu project is pointed at SwiftShader.
  if (
    backend === 'webgpu' &&
    !process.env.VK_ICD_FILENAMES &&
    !process.env.VK_DRIVER_FILES &&
    existsSync(SWIFTSHADER_ICD)
  ) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = join(process.env.TMPDIR ?? '/tmp', `overparam-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    env.XDG_RUNTIME_DIR = dir;
  }
  return env;
}

/**
 * Vitest projects for a package, one per backend. A package with no tensor code passes
 * `backends: ['cpu']`: its numbers do not depend on the backend, so three runs prove nothing.
 */
export function backendProjects(
  root: string,
  extra: { testTimeout?: number; backends?: string[] } = {},
): TestProjectInlineConfiguration[] {
  return (extra.backends ?? testBackends()).map((backend) => ({
    resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'import', 'default'] },
    ssr: { resolve: { conditions: [SOURCE_CONDITION, 'node', 'import', 'default'] } },
    test: {
      name: backend,
      root,
      include: ['test/**/*.test.ts'],
      setupFiles: [join(import.meta.dirname, 'vitest.setup-backend.ts')],
      env: { OVERPARAM_BACKEND: backend, ...webgpuEnv(backend) },
      testTimeout: extra.testTimeout ?? 60_000,
      hookTimeout: 60_000,
    },
  }));
}
