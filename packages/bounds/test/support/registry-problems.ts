// The checks the registry test runs on every registered bound, in one function so that the
// generator test can run the same checks on a scaffolded copy of the package.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyBound, BoundKind } from '../../src/index.js';

/** Where a bound's companion files live. */
export interface RegistryLayout {
  /** packages/bounds */
  packageRoot: string;
  /** site/docs/bounds */
  siteDocsDir: string;
}

export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KINDS: readonly BoundKind[] = ['upper-bound', 'asymptotic', 'rate', 'scaling'];

function isFiniteOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

/** Every problem found, as a sentence naming the bound; empty when the registry is sound. */
export function registryProblems(bounds: readonly AnyBound[], layout: RegistryLayout): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const ids = bounds.map((b) => b.id);
  const sorted = [...ids].sort();
  if (ids.join() !== sorted.join()) {
    problems.push(`the register-all list is not sorted by id: ${ids.join(', ')}`);
  }
  for (const b of bounds) {
    const say = (what: string) => problems.push(`${b.id}: ${what}`);
    if (!KEBAB_CASE.test(b.id))
      say('id is not kebab-case (lowercase words and digits joined by -)');
    if (seen.has(b.id)) say('id is registered twice');
    seen.add(b.id);

    const files = {
      test: join(layout.packageRoot, 'test', 'bounds', `${b.id}.test.ts`),
      script: join(layout.packageRoot, 'test', 'fixtures', `${b.id}.py`),
      fixture: join(layout.packageRoot, 'test', 'fixtures', `${b.id}.json`),
      page: join(layout.siteDocsDir, `${b.id}.mdx`),
    };
    if (!existsSync(files.test)) say(`no test file test/bounds/${b.id}.test.ts`);
    if (!existsSync(files.script)) say(`no fixture script test/fixtures/${b.id}.py`);
    if (!existsSync(files.fixture))
      say(`no fixture test/fixtures/${b.id}.json (run the .py script)`);
    else {
      try {
        JSON.parse(readFileSync(files.fixture, 'utf8'));
      } catch {
        say(`test/fixtures/${b.id}.json is not valid JSON`);
      }
    }
    if (!existsSync(files.page)) say(`no site page site/docs/bounds/${b.id}.mdx`);
    else {
      const page = readFileSync(files.page, 'utf8');
      const calculator = page.indexOf(`<BoundPage id="${b.id}"`);
      if (calculator < 0)
        say(`site/docs/bounds/${b.id}.mdx does not render <BoundPage id="${b.id}" />`);
      // Figure first: the formula curve directly under the title, before any prose.
      const title = page.search(/^# /m);
      const curve = page.indexOf(`<BoundCurve id="${b.id}"`);
      const between =
        curve > title && title >= 0 ? page.slice(page.indexOf('\n', title), curve) : '';
      if (curve < 0 || (calculator >= 0 && curve > calculator) || between.trim() !== '')
        say(
          `site/docs/bounds/${b.id}.mdx does not render <BoundCurve id="${b.id}" /> directly under its # title`,
        );
    }

    if (!b.title.trim()) say('empty title');
    if (!b.statement.trim()) say('empty statement');
    if (!b.snippet.includes('@overparam/bounds'))
      say('the snippet does not import @overparam/bounds');
    if (!KINDS.includes(b.kind)) say(`kind '${b.kind}' is not one of ${KINDS.join(', ')}`);
    const c = b.citation;
    if (!c.authors || !c.title || !c.venue || !c.theorem || !Number.isInteger(c.year)) {
      say('citation lacks authors, title, venue, year or theorem');
    }

    const keys = b.inputs.map((s) => s.key);
    if (new Set(keys).size !== keys.length) say('duplicate input keys');
    const defaults = b.defaults as Record<string, unknown>;
    if (keys.slice().sort().join() !== Object.keys(defaults).sort().join()) {
      say(`input keys (${keys.join(', ')}) differ from the keys of defaults`);
    }
    for (const s of b.inputs) {
      if (JSON.stringify(s.default) !== JSON.stringify(defaults[s.key])) {
        say(
          `input '${s.key}' has default ${JSON.stringify(s.default)} but defaults says ${JSON.stringify(defaults[s.key])}`,
        );
      }
    }
    try {
      if (JSON.stringify(b.validate({})) !== JSON.stringify(b.validate(b.defaults))) {
        say('validate({}) differs from validate(defaults)');
      }
      const e = b.evaluate(b.validate(b.defaults));
      if (!isFiniteOrNull(e.value)) say(`evaluate(defaults).value is ${e.value}`);
      if (!e.valueLabel) say('evaluate(defaults) has no valueLabel');
      const aIds = e.assumptions.map((a) => a.id).join();
      if (aIds !== b.assumptions.map((a) => a.id).join()) {
        say('evaluate(defaults).assumptions do not list the bound’s assumptions in order');
      }
      // Conditions of the check alone (scope 'check') leave the status 'ok'.
      const broken = e.assumptions.some((a) => !a.holds && a.scope !== 'check');
      if ((e.status === 'ok') === broken)
        say(`status '${e.status}' disagrees with the assumption checks`);
      if (broken && e.value !== null)
        say(`evaluate(defaults) breaks an assumption but its value is ${e.value}, not null`);
      const tIds = e.terms.map((t) => t.id);
      if (new Set(tIds).size !== tIds.length) say('duplicate term ids');
      for (const t of e.terms) if (!isFiniteOrNull(t.value)) say(`term '${t.id}' is ${t.value}`);
      for (const t of e.terms)
        if (t.value === null && !t.note) say(`term '${t.id}' is null with no note saying why`);
    } catch (error) {
      say(`validate/evaluate at the defaults threw: ${(error as Error).message}`);
    }
    const check = b.empiricalCheck;
    if (!check.description || !Number.isInteger(check.seed) || typeof check.run !== 'function') {
      say('empiricalCheck lacks a description, an integer seed or run()');
    }
  }
  return problems;
}
