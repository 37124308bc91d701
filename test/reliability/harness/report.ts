// The summary line, the JSON report and the known-defects rule: a listed failure is reported
// but does not fail; a listed defect that no longer reproduces fails (the list only shrinks).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EntryResult, Failure } from './runner.js';
import { CATEGORIES, type Entry, FAILURE_KINDS, type FailureKind } from './types.js';

export interface KnownDefect {
  /** The entry name (the export, or `export().method`). */
  export: string;
  kind: FailureKind;
  description: string;
}

export function loadKnownDefects(path: string): KnownDefect[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { defects?: unknown };
  if (!Array.isArray(raw.defects)) throw new Error(`${path}: expected { "defects": [...] }`);
  const seen = new Set<string>();
  for (const d of raw.defects as KnownDefect[]) {
    if (
      typeof d.export !== 'string' ||
      !FAILURE_KINDS.includes(d.kind) ||
      typeof d.description !== 'string'
    ) {
      throw new Error(`${path}: bad defect ${JSON.stringify(d)} (export, kind, description)`);
    }
    const key = `${d.export}|${d.kind}`;
    if (seen.has(key)) throw new Error(`${path}: ${key} is listed twice`);
    seen.add(key);
  }
  return raw.defects as KnownDefect[];
}

export interface ReportedFailure extends Failure {
  known: boolean;
}

export interface Summary {
  line: string;
  counts: Record<string, number>;
  failures: ReportedFailure[];
  /** Known defects that did not reproduce (or name no entry): each fails the suite. */
  stale: (KnownDefect & { why: string })[];
  /** Methods of returned objects with no entry and no reason. */
  uncoveredMethods: string[];
}

const KIND_LABEL: Record<FailureKind, string> = {
  crash: 'crashes',
  hang: 'hangs',
  leak: 'leaks',
  mutation: 'mutations',
  nan: 'NaN outputs',
  'untyped-error': 'untyped errors',
  'accepted-bad-input': 'accepted bad inputs',
  'rejected-valid-input': 'rejected valid inputs',
};

export function summarize(
  results: readonly EntryResult[],
  allEntries: readonly Entry[],
  known: readonly KnownDefect[],
  complete: boolean,
  wallMs: number,
  notCallable = 0,
): Summary {
  const knownKeys = new Set(known.map((d) => `${d.export}|${d.kind}`));
  const kinds = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  let cases = 0;
  let skipped = 0;
  let badCases = 0;
  let badTyped = 0;
  const failures: ReportedFailure[] = [];
  for (const r of results) {
    for (const c of CATEGORIES) {
      const s = r.stats[c];
      cases += s.cases;
      skipped += s.skipped;
      if (c === 'bad') {
        badCases += s.cases;
        badTyped += s.typedErrors;
      }
      for (const k of FAILURE_KINDS) kinds[k] += s.kinds[k];
    }
    for (const f of r.failures)
      failures.push({ ...f, known: knownKeys.has(`${f.entry}|${f.kind}`) });
  }
  const ran = new Set(results.map((r) => r.entry.name));
  const names = new Set(allEntries.map((e) => e.name));
  const failed = new Set(failures.map((f) => `${f.entry}|${f.kind}`));
  const stale: (KnownDefect & { why: string })[] = [];
  for (const d of known) {
    if (!names.has(d.export)) {
      if (complete) stale.push({ ...d, why: 'no entry of that name' });
    } else if (ran.has(d.export) && !failed.has(`${d.export}|${d.kind}`)) {
      stale.push({ ...d, why: 'no longer reproduces: remove it from known-defects.json' });
    }
  }
  const uncoveredMethods: string[] = [];
  for (const r of results) {
    const e = r.entry;
    if (e.name !== e.export) continue;
    for (const m of r.methods) {
      if (m === 'dispose') continue; // called by the harness after every case
      const covered =
        names.has(`${e.export}().${m}`) ||
        names.has(`${e.export}.${m}`) ||
        e.methodsElsewhere?.[m] !== undefined;
      if (!covered) uncoveredMethods.push(`${e.export}().${m}`);
    }
  }
  const exportsCovered = new Set(results.map((r) => `${r.entry.package}/${r.entry.export}`)).size;
  const pct = badCases > 0 ? ((100 * badTyped) / badCases).toFixed(1) : '100.0';
  const knownCount = failures.filter((f) => f.known).length;
  const tally = FAILURE_KINDS.filter(
    (k) => k !== 'untyped-error' && k !== 'accepted-bad-input',
  ).map((k) => `${kinds[k]} ${KIND_LABEL[k]}`);
  const line =
    `reliability: ${exportsCovered} exports (${results.length} entries; ${notCallable} constants and error classes listed as not callable), ${cases} cases: ` +
    `${badTyped} typed errors on bad input of ${badCases} (${pct}%; ${kinds['untyped-error']} untyped errors, ` +
    `${kinds['accepted-bad-input']} accepted bad inputs), ${tally.join(', ')}; ` +
    `${failures.length} distinct failures (${knownCount} known), ${stale.length} stale known defects, ` +
    `${skipped} cases skipped; ${(wallMs / 1000).toFixed(0)} s`;
  return {
    line,
    counts: {
      exports: exportsCovered,
      entries: results.length,
      cases,
      skipped,
      badCases,
      badTyped,
      ...kinds,
    },
    failures,
    stale,
    uncoveredMethods,
  };
}

export function writeReport(
  path: string,
  summary: Summary,
  results: readonly EntryResult[],
  seed: number,
): void {
  mkdirSync(dirname(path), { recursive: true });
  const perEntry = results.map((r) => ({
    package: r.entry.package,
    entry: r.entry.name,
    ms: Math.round(r.ms),
    workerStarts: r.workerStarts,
    cases: Object.fromEntries(CATEGORIES.map((c) => [c, r.stats[c].cases])),
    skipped: CATEGORIES.reduce((s, c) => s + r.stats[c].skipped, 0),
  }));
  const body = {
    summary: summary.line,
    seed,
    counts: summary.counts,
    failures: summary.failures,
    staleKnownDefects: summary.stale,
    uncoveredMethods: summary.uncoveredMethods,
    entries: perEntry,
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}

export function formatFailure(f: Failure): string {
  return `${f.entry} [${f.kind}, ${f.category}, ×${f.count}] ${f.detail}\n    input: ${f.input}`;
}
