// Runs the table: per entry and category, fast-check generates cases (fixed seed), the worker
// runs them, and each case is classified. A failure is shrunk to a small input; the category is
// then run again with that failure kind known, until a pass finds nothing new. The last pass
// runs every case, so its counts are the statistics of the summary.
import fc from 'fast-check';
import type { WorkerSlot } from './pool.js';
import {
  type Args,
  CATEGORIES,
  type CaseResult,
  type Category,
  DEFAULT_RUNS,
  DEFAULT_TIMEOUT_MS,
  type Entry,
  FAILURE_KINDS,
  type FailureKind,
} from './types.js';

export const BASE_SEED = Number(process.env.RELIABILITY_SEED ?? 20_250_601);
const RUNS_SCALE = Number(process.env.RELIABILITY_RUNS_SCALE ?? 1);
const ENTRY_BUDGET_MS = Number(process.env.RELIABILITY_ENTRY_BUDGET_MS ?? 45_000);
const MAX_SHRINK_CALLS = 24;
const MAX_SHRINK_MS = 8000;
const MAX_HANGS = 1;
const MAX_CRASHES = 2;
const MAX_EXAMPLES = 3;

export interface CategoryStats {
  cases: number;
  returned: number;
  typedErrors: number;
  skipped: number;
  kinds: Record<FailureKind, number>;
}

export interface Failure {
  package: string;
  export: string;
  entry: string;
  kind: FailureKind;
  category: Category;
  /** Cases of the final pass with this kind. */
  count: number;
  /** The shrunk counterexample: the arguments, as fast-check prints them. */
  input: string;
  detail: string;
  /** Up to three other (unshrunk) inputs of the final pass with this kind, and what happened. */
  examples: string[];
}

export interface EntryResult {
  entry: Entry;
  stats: Record<Category, CategoryStats>;
  failures: Failure[];
  /** Methods seen on returned objects. */
  methods: string[];
  ms: number;
  workerStarts: number;
}

function emptyStats(): CategoryStats {
  const kinds = Object.fromEntries(FAILURE_KINDS.map((k) => [k, 0])) as Record<FailureKind, number>;
  return { cases: 0, returned: 0, typedErrors: 0, skipped: 0, kinds };
}

/** A 32-bit FNV-1a hash: each entry and category has its own seed, stable when the table grows. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function classify(
  entry: Entry,
  category: Category,
  r: CaseResult,
): { kind: FailureKind; detail: string }[] {
  const out: { kind: FailureKind; detail: string }[] = [];
  const err = `${r.errorName ?? ''}: ${r.errorMessage ?? ''}`;
  if (r.outcome === 'hang') return [{ kind: 'hang', detail: err }];
  if (r.outcome === 'crash') return [{ kind: 'crash', detail: err }];
  if (r.outcome === 'threw') {
    if (!r.typed) out.push({ kind: 'untyped-error', detail: err });
    else if (category === 'valid' && entry.validMayThrow === undefined) {
      out.push({ kind: 'rejected-valid-input', detail: err });
    }
  } else if (category === 'bad') {
    out.push({ kind: 'accepted-bad-input', detail: 'returned instead of throwing a typed error' });
  }
  const seen = new Set(out.map((p) => p.kind));
  for (const p of r.problems) {
    if (seen.has(p.kind)) continue;
    seen.add(p.kind);
    out.push(p);
  }
  return out;
}

/** Large typed arrays print as their type, length and first entries. */
function compact(v: unknown, depth = 0): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number> & { constructor: { name: string } };
    if (a.length <= 16) return v;
    const head = Array.from({ length: 4 }, (_, i) => a[i]).join(', ');
    return `<${a.constructor.name}(${a.length}) [${head}, …]>`;
  }
  if (depth > 8 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v))
    return v.length > 64 ? `<Array(${v.length})>` : v.map((x) => compact(x, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x, depth + 1)]));
}

function stringify(args: Args): string {
  const s = fc.stringify(compact(args));
  return s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
}

async function runCategory(
  entry: Entry,
  category: Category,
  arb: fc.Arbitrary<Args>,
  slot: WorkerSlot,
  deadline: number,
  methods: Set<string>,
): Promise<{ stats: CategoryStats; failures: Failure[] }> {
  const numRuns = Math.max(
    1,
    Math.round((entry.runs?.[category] ?? DEFAULT_RUNS[category]) * RUNS_SCALE),
  );
  const timeoutMs = entry.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const seed = hash32(`${entry.name}/${category}`) ^ BASE_SEED;
  const found = new Set<FailureKind>();
  const failures: Failure[] = [];
  for (let pass = 0; pass <= FAILURE_KINDS.length; pass++) {
    const stats = emptyStats();
    const examples = new Map<FailureKind, string[]>();
    let shrinking = false;
    let shrinkCalls = 0;
    let shrinkStart = 0;
    let shrinkLimit = MAX_SHRINK_CALLS;
    let last: { args: Args; kinds: { kind: FailureKind; detail: string }[] } | null = null;
    let tableError: Error | null = null;
    const property = fc.asyncProperty(arb, async (args) => {
      if (shrinking) {
        if (shrinkCalls >= shrinkLimit || performance.now() - shrinkStart > MAX_SHRINK_MS)
          return true;
        shrinkCalls++;
      } else if (
        performance.now() > deadline ||
        stats.kinds.hang >= MAX_HANGS ||
        stats.kinds.crash >= MAX_CRASHES
      ) {
        stats.skipped++;
        return true;
      }
      let r = await slot.run(entry.name, category, args, timeoutMs);
      // A busy machine can stretch a case past its limit: a hang is a case that also overruns
      // twice the limit on a fresh worker.
      if (r.outcome === 'hang') r = await slot.run(entry.name, category, args, 2 * timeoutMs);
      if (r.harnessError) {
        tableError = new Error(`reliability table error in ${entry.name}: ${r.harnessError}`);
        throw tableError;
      }
      const kinds = classify(entry, category, r);
      if (!shrinking) {
        stats.cases++;
        if (r.outcome === 'returned') stats.returned++;
        if (r.outcome === 'threw' && r.typed) stats.typedErrors++;
        for (const k of kinds) {
          stats.kinds[k.kind]++;
          const list = examples.get(k.kind) ?? [];
          if (list.length < MAX_EXAMPLES)
            list.push(`${stringify(args).slice(0, 300)} → ${k.detail.slice(0, 200)}`);
          examples.set(k.kind, list);
        }
        for (const m of r.methods ?? []) methods.add(m);
      }
      const fresh = kinds.filter((k) => !found.has(k.kind));
      if (fresh.length === 0) return true;
      if (!shrinking) {
        shrinking = true;
        shrinkStart = performance.now();
        // Shrinking a hang or a crash costs a time limit or a worker per step: report it as found.
        if (fresh.some((k) => k.kind === 'hang' || k.kind === 'crash')) shrinkLimit = 0;
      }
      last = { args, kinds: fresh };
      return false;
    });
    const details = await fc.check(property, { seed, numRuns, endOnFailure: false });
    if (tableError) throw tableError;
    if (details.errorInstance && !last) throw details.errorInstance;
    const failing = last as { args: Args; kinds: { kind: FailureKind; detail: string }[] } | null;
    if (!details.failed || !failing) {
      for (const f of failures) {
        f.count = stats.kinds[f.kind];
        f.examples = examples.get(f.kind) ?? [];
      }
      return { stats, failures };
    }
    for (const k of failing.kinds) {
      found.add(k.kind);
      failures.push({
        package: entry.package,
        export: entry.export,
        entry: entry.name,
        kind: k.kind,
        category,
        count: 0,
        input: stringify(failing.args),
        detail: k.detail,
        examples: [],
      });
    }
  }
  throw new Error(`reliability: ${entry.name}/${category} did not settle`);
}

export async function runEntry(entry: Entry, slot: WorkerSlot): Promise<EntryResult> {
  const t0 = performance.now();
  const starts0 = slot.starts;
  const deadline = t0 + ENTRY_BUDGET_MS;
  const methods = new Set<string>();
  const stats = {} as Record<Category, CategoryStats>;
  const failures: Failure[] = [];
  for (const category of CATEGORIES) {
    const arb = category === 'valid' ? entry.valid : entry[category];
    if (!arb) {
      stats[category] = emptyStats();
      continue;
    }
    const r = await runCategory(entry, category, arb, slot, deadline, methods);
    stats[category] = r.stats;
    failures.push(...r.failures);
  }
  return {
    entry,
    stats,
    failures,
    methods: [...methods].sort(),
    ms: performance.now() - t0,
    workerStarts: slot.starts - starts0,
  };
}
