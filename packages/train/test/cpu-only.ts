// Float64 JavaScript that never touches tfjs needs one run, not one per backend.
import { TEST_BACKEND } from '@overparam/tensor/testing';
import { describe } from 'vitest';

/**
 * `describe(name, body)`, registered only in the cpu project: the other projects neither run
 * nor report it as skipped.
 */
export function cpuOnly(name: string, body: () => void): void {
  if (TEST_BACKEND === 'cpu') describe(name, body);
}
