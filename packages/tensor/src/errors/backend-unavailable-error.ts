import type { BackendName } from '../backend-name.js';
import { OverparamError } from './overparam-error.js';

/** Why a backend could not start. */
export type BackendUnavailableReason =
  | 'no-navigator-gpu'
  | 'no-adapter'
  | 'package-missing'
  | 'not-in-this-environment'
  | 'init-failed'
  | 'unknown-backend';

/**
 * A backend that was asked for by name could not start. `reason` is machine-readable;
 * the message says why in words and what to do about it.
 *
 * @example
 * // In Node without the optional `webgpu` package:
 * await initBackend('webgpu'); // throws BackendUnavailableError (reason 'package-missing')
 */
export class BackendUnavailableError extends OverparamError {
  override readonly name = 'BackendUnavailableError';
  constructor(
    readonly backend: BackendName | string,
    readonly reason: BackendUnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`backend '${backend}' is unavailable (${reason}): ${message}`, options);
  }
}
