import { existsSync, mkdirSync } from 'node:fs';

/** The software Vulkan driver Debian's chromium ships (SwiftShader). */
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * Prepares a Node benchmark script for the webgpu backend: with no Vulkan driver configured
 * (`VK_ICD_FILENAMES` unset) it points Dawn at SwiftShader when that is installed, so a
 * machine without a GPU still runs (and labels as software) the webgpu rows; and it gives Dawn
 * a runtime folder (`XDG_RUNTIME_DIR`, default /tmp/overparam-xdg). Call it once, before the
 * first `initBackend`. Node only; it changes `process.env` and nothing else.
 *
 * @example
 * prepareBenchEnvironment();
 * process.env.XDG_RUNTIME_DIR // '/tmp/overparam-xdg' unless it was set
 */
export function prepareBenchEnvironment(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER;
  }
  if (!process.env.XDG_RUNTIME_DIR) {
    process.env.XDG_RUNTIME_DIR = '/tmp/overparam-xdg';
    mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });
  }
}
