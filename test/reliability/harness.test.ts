// The harness catches what it claims to: each canary (harness/canaries.ts) plants one defect,
// and the runner must report exactly that failure kind (and nothing for the clean one).
import { afterAll, describe, expect, it } from 'vitest';
import { CANARIES } from './harness/canaries.js';
import { WorkerSlot } from './harness/pool.js';
import { runEntry } from './harness/runner.js';

const slot = new WorkerSlot();
afterAll(() => slot.close());

describe('reliability harness', () => {
  for (const [entry, kinds] of CANARIES) {
    it(`${entry.name} reports ${kinds.length ? kinds.join(', ') : 'nothing'}`, async () => {
      const r = await runEntry(entry, slot);
      expect([...new Set(r.failures.map((f) => f.kind))].sort()).toEqual([...kinds].sort());
    });
  }
});
