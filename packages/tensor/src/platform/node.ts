// Node side of initBackend: the optional `webgpu` package (Dawn) for navigator.gpu, wasm
// binaries read from the installed @tensorflow/tfjs-backend-wasm, OVERPARAM_BACKEND.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendName } from '../backend-name.js';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import type { GpuLike } from './gpu-like.js';

export const environment = 'node' as const;

/** Node's 'auto' order: WebGPU when Dawn finds an adapter, then wasm, then cpu. */
export const autoOrder: readonly BackendName[] = ['webgpu', 'wasm', 'cpu'];

/** The backend named by `OVERPARAM_BACKEND`, if any. */
export function forcedBackend(): string | undefined {
  const value = process.env.OVERPARAM_BACKEND?.trim();
  return value ? value : undefined;
}

type WebGpuModule = { create: (flags: string[]) => GpuLike; globals: Record<string, unknown> };
let gpu: GpuLike | undefined;

/** Installs Dawn's `navigator.gpu` (once) and returns it. */
export async function provideNavigatorGpu(): Promise<GpuLike> {
  if (gpu) return gpu;
  let mod: WebGpuModule;
  try {
    // A variable specifier keeps bundlers from following this Node-only import.
    const name = 'webgpu';
    mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as WebGpuModule;
  } catch (cause) {
    throw new BackendUnavailableError(
      'webgpu',
      'package-missing',
      "WebGPU in Node needs the optional 'webgpu' package (Dawn). Install it with `npm install webgpu`, or pick 'wasm' or 'cpu'.",
      { cause },
    );
  }
  Object.assign(globalThis, mod.globals);
  gpu = mod.create([]);
  const g = globalThis as { navigator?: object };
  if (!g.navigator) g.navigator = {};
  Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  return gpu;
}

/** Hint appended to a 'no-adapter' error in Node. */
export const noAdapterHint =
  'Dawn found no GPU adapter. Without a GPU, point Vulkan at a software driver, e.g. ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (Debian chromium) with libvulkan1 installed, ' +
  "or pick 'wasm'.";

/** Folder holding the tfjs wasm binaries, read from the installed package (no CDN). */
export function defaultWasmPaths(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return `${join(dirname(pkg), 'dist')}/`;
}
