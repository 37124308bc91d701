// The abort contract every empirical check keeps, in one place for the bound tests.
import { expect } from 'vitest';
import { type Bound, CheckAbortedError } from '../../src/index.js';

/**
 * Runs `bound`'s empirical check on `bound.validate(raw)` with a signal that is aborted at the
 * first progress report past 0, and expects the run to reject with CheckAbortedError.
 */
export async function expectCheckAborts<I>(bound: Bound<I>, raw: Partial<I>): Promise<void> {
  const ac = new AbortController();
  const pending = bound.empiricalCheck.run(bound.validate(raw), {
    signal: ac.signal,
    onProgress: (f) => {
      if (f > 0) ac.abort();
    },
  });
  await expect(pending).rejects.toThrow(CheckAbortedError);
}
