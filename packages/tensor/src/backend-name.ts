/** The TensorFlow.js backends Overparam knows how to start. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** `'auto'` tries the backends in the environment's preference order. */
export type BackendPreference = 'auto' | BackendName;

/** Every backend name, in the browser's preference order. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * Narrows a string (an environment variable, a URL parameter) to a backend preference.
 *
 * @example
 * isBackendPreference('wasm') // true
 * isBackendPreference('tpu') // false
 */
export function isBackendPreference(value: unknown): value is BackendPreference {
  return value === 'auto' || (BACKEND_NAMES as readonly unknown[]).includes(value);
}
