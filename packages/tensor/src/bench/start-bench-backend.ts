import type { BackendName } from '../backend-name.js';
import { type BackendInfo, initBackend } from '../init-backend.js';

/** What {@link startBenchBackend} returns: the backend's row label, or why it did not start. */
export type BenchBackend = { label: string; info: BackendInfo } | { error: string };

/**
 * Starts one backend for a benchmark table row and names it: the backend, then its GPU adapter
 * (vendor and architecture, or the description; ", software" for a software adapter) or its
 * wasm features (SIMD, threads). A backend that does not start gives `{ error }`, the first 80
 * characters of the error, for the row that says so; nothing is thrown.
 *
 * @example
 * const started = await startBenchBackend('wasm');
 * 'error' in started ? started.error : started.label // 'wasm (SIMD on, threads off)'
 */
export async function startBenchBackend(name: BackendName): Promise<BenchBackend> {
  let info: BackendInfo;
  try {
    info = await initBackend(name);
  } catch (error) {
    return { error: String(error).slice(0, 80) };
  }
  let label: string = name;
  if (info.adapter)
    label += ` (${[info.adapter.vendor, info.adapter.architecture].filter(Boolean).join(' ') || info.adapter.description}${info.isSoftwareAdapter ? ', software' : ''})`;
  if (info.wasm)
    label += ` (SIMD ${info.wasm.simd ? 'on' : 'off'}, threads ${info.wasm.threads ? 'on' : 'off'})`;
  return { label, info };
}
