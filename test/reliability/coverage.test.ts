// Every runtime export of the seven package indexes has an entry in the reliability table, or a
// reason in its package's notCallable list; entry names are unique and name real exports.
import * as bounds from '@overparam/bounds';
import * as datasets from '@overparam/datasets';
import * as kernels from '@overparam/kernels';
import * as layers from '@overparam/layers';
import * as randomFeatures from '@overparam/random-features';
import * as tensor from '@overparam/tensor';
import * as train from '@overparam/train';
import { describe, expect, it } from 'vitest';
import type { PackageName } from './harness/types.js';
import { ALL_SPECS, ENTRIES } from './specs/index.js';

const MODULES: Record<PackageName, Record<string, unknown>> = {
  tensor,
  layers,
  kernels,
  datasets,
  'random-features': randomFeatures,
  train,
  bounds,
};

describe('reliability table coverage', () => {
  for (const spec of ALL_SPECS) {
    it(`${spec.package}: every runtime export has an entry or a not-callable reason`, () => {
      const exports = Object.keys(MODULES[spec.package]).sort();
      const covered = new Set(spec.entries.map((e) => e.export));
      const missing = exports.filter(
        (name) => !covered.has(name) && spec.notCallable[name] === undefined,
      );
      expect(
        missing,
        `exports of @overparam/${spec.package} with no entry in specs/${spec.package}.ts`,
      ).toEqual([]);
    });

    it(`${spec.package}: every entry and not-callable reason names a runtime export, once`, () => {
      const exports = new Set(Object.keys(MODULES[spec.package]));
      const stale = [...spec.entries.map((e) => e.export), ...Object.keys(spec.notCallable)].filter(
        (name) => !exports.has(name),
      );
      expect(stale, 'names that are not exports (renamed or removed?)').toEqual([]);
      const both = spec.entries
        .map((e) => e.export)
        .filter((name) => spec.notCallable[name] !== undefined);
      expect(both, 'exports both in the table and in notCallable').toEqual([]);
      for (const e of spec.entries) expect(e.package).toBe(spec.package);
    });
  }

  it('entry names are unique', () => {
    const seen = new Map<string, number>();
    for (const e of ENTRIES) seen.set(e.name, (seen.get(e.name) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([name]) => name)).toEqual([]);
  });

  it('every entry has bad inputs, or says why it has none', () => {
    const silent = ENTRIES.filter((e) => !e.bad && !e.noBadInput).map((e) => e.name);
    expect(silent, 'entries with neither bad inputs nor noBadInput').toEqual([]);
    const both = ENTRIES.filter((e) => e.bad && e.noBadInput).map((e) => e.name);
    expect(both, 'entries with bad inputs and a noBadInput reason').toEqual([]);
  });
});
