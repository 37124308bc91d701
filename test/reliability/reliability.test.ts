// The property-based reliability suite: every export of the seven packages, on valid,
// degenerate and bad inputs, must return or throw a typed error, give finite outputs, leak no
// tensor, mutate no argument, and neither hang nor crash its worker. See README.md.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerSlot } from './harness/pool.js';
import { formatFailure, loadKnownDefects, summarize, writeReport } from './harness/report.js';
import { BASE_SEED, type EntryResult, runEntry } from './harness/runner.js';
import { ALL_SPECS, ENTRIES } from './specs/index.js';

const ONLY = process.env.RELIABILITY_ONLY ? new RegExp(process.env.RELIABILITY_ONLY) : null;
const PACKAGES = process.env.RELIABILITY_PACKAGES?.split(',');
const VERBOSE = process.env.RELIABILITY_VERBOSE === '1';
const REPORT = join(import.meta.dirname, '.artifacts', 'report.json');
const known = loadKnownDefects(join(import.meta.dirname, 'known-defects.json'));
const knownKeys = new Set(known.map((d) => `${d.export}|${d.kind}`));
const slot = new WorkerSlot();
const results: EntryResult[] = [];
const t0 = performance.now();

afterAll(() => slot.close());

describe('reliability', () => {
  for (const spec of ALL_SPECS) {
    if (PACKAGES && !PACKAGES.includes(spec.package)) continue;
    it(`${spec.package}: every export returns or throws a typed error, with finite outputs, no leak, no mutation, no hang, no crash`, async () => {
      const mine: EntryResult[] = [];
      for (const entry of spec.entries) {
        if (ONLY && !ONLY.test(entry.name)) continue;
        const r = await runEntry(entry, slot);
        mine.push(r);
        results.push(r);
        if (VERBOSE) {
          const n = r.stats.valid.cases + r.stats.degenerate.cases + r.stats.bad.cases;
          const f = r.failures.map((x) => `${x.kind}×${x.count}`).join(' ');
          console.log(`  ${entry.name}: ${n} cases, ${(r.ms / 1000).toFixed(1)} s ${f}`);
        }
      }
      const unknown = mine
        .flatMap((r) => r.failures)
        .filter((f) => !knownKeys.has(`${f.entry}|${f.kind}`));
      expect(unknown.map(formatFailure), 'failures not in known-defects.json').toEqual([]);
    });
  }

  it('summary: report written, every listed known defect still reproduces, every returned method has an entry', () => {
    const notCallable = ALL_SPECS.reduce((n, spec) => n + Object.keys(spec.notCallable).length, 0);
    const s = summarize(
      results,
      ENTRIES,
      known,
      ONLY === null && PACKAGES === undefined,
      performance.now() - t0,
      notCallable,
    );
    writeReport(REPORT, s, results, BASE_SEED);
    console.log(s.line);
    console.log(`reliability: report at ${REPORT}`);
    expect(
      s.stale.map((d) => `${d.export} [${d.kind}]: ${d.why}`),
      'stale entries of known-defects.json',
    ).toEqual([]);
    expect(s.uncoveredMethods, 'methods of returned objects with no entry').toEqual([]);
  });
});
