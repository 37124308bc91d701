import { assertFunction, assertNumber, assertOptions, assertSignal } from '@overparam/tensor';
import type { EmpiricalRunOptions } from './bound.js';
import { CheckAbortedError } from './errors.js';

/**
 * The step helper an empirical check calls between units of work: throws
 * {@link CheckAbortedError} when the signal is aborted, reports progress, and yields to the
 * event loop so a browser page stays responsive (and can abort) during a long check. The
 * fraction is clamped to [0, 1]; a fraction that is not a number (NaN included) rejects with
 * InvalidArgumentError.
 *
 * @example
 * const step = checkRunner('marchenko-pastur', opts);
 * for (let s = 0; s < seeds; s++) { await step(s / seeds); work(s); }
 * await step(1);
 */
export function checkRunner(
  boundId: string,
  opts: EmpiricalRunOptions = {},
): (fraction: number) => Promise<void> {
  const op = `${boundId} empiricalCheck.run`;
  assertOptions(op, 'opts', opts);
  assertSignal(op, 'signal', opts.signal);
  if (opts.onProgress !== undefined) assertFunction(op, 'onProgress', opts.onProgress);
  return async (fraction: number) => {
    // A non-number would reach onProgress as NaN (a progress bar stuck at NaN%); out-of-range
    // numbers are clamped to [0, 1] (an overshoot of the last step is harmless).
    assertNumber(op, 'fraction', fraction, { allowInfinity: true }, 'the fraction done, in [0, 1]');
    if (opts.signal?.aborted) throw new CheckAbortedError(boundId);
    opts.onProgress?.(Math.min(1, Math.max(0, fraction)));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (opts.signal?.aborted) throw new CheckAbortedError(boundId);
  };
}
