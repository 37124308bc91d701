// Browser side of initBackend: the page's navigator.gpu, wasm binaries served beside the
// page (no CDN at run time), and the `?backend=` URL parameter.
import type { BackendName } from '../backend-name.js';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import type { GpuLike } from './gpu-like.js';

export const environment = 'browser' as const;

/** The browser's 'auto' order: WebGPU, WebGL, wasm, cpu. */
export const autoOrder: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend named by the page's `?backend=` parameter, if any. */
export function forcedBackend(): string | undefined {
  if (typeof location === 'undefined') return undefined;
  return new URLSearchParams(location.search).get('backend') ?? undefined;
}

/** The page's `navigator.gpu`. */
export async function provideNavigatorGpu(): Promise<GpuLike> {
  const gpu = typeof navigator === 'undefined' ? undefined : (navigator as { gpu?: GpuLike }).gpu;
  if (!gpu) {
    throw new BackendUnavailableError(
      'webgpu',
      'no-navigator-gpu',
      'this browser exposes no navigator.gpu. Use a browser with WebGPU enabled (Chrome/Edge 113+, Safari 26+, ' +
        "Firefox 141+ on Windows), serve the page over https or localhost, or pick 'webgl' or 'wasm'.",
    );
  }
  return gpu;
}

export const noAdapterHint =
  "the browser has WebGPU but offered no adapter (blocklisted GPU, or GPU disabled). Pick 'webgl' or 'wasm'.";

/**
 * `/tfjs-wasm/` at the site's root (a page's own URL would give a different folder on every
 * nested page). A site served under a base path passes `wasmPaths` explicitly.
 */
export function defaultWasmPaths(): string {
  const origin = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return new URL('/tfjs-wasm/', origin).href;
}
