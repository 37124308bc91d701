// `pnpm new:bound <id>` (scripts/new-bound.mjs) run against a temporary copy of the package
// and of site/docs/bounds: the scaffold must pass the registry checks with no manual wiring.
// The scaffold's fixture script is the same for every id, so its JSON is checked in once
// (test/fixtures/new-bound-scaffold.{py,json}); python is not needed at test time.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_BOUNDS, type AnyBound } from '../src/index.js';
import { registryProblems } from './support/registry-problems.js';

const PKG = join(import.meta.dirname, '..');
const REPO = join(PKG, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'new-bound.mjs');
const ID = 'demo-bound';
const REAL_LAYOUT = { packageRoot: PKG, siteDocsDir: join(REPO, 'site', 'docs', 'bounds') };
let root = '';

function generate(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'overparam-new-bound-'));
  const pkg = join(root, 'packages', 'bounds');
  for (const dir of ['src', 'test/bounds', 'test/fixtures']) {
    cpSync(join(PKG, dir), join(pkg, dir), { recursive: true });
  }
  cpSync(join(REPO, 'site', 'docs', 'bounds'), join(root, 'site', 'docs', 'bounds'), {
    recursive: true,
  });
  // Bare imports (@overparam/tensor, …) resolve through the real package's node_modules.
  symlinkSync(join(PKG, 'node_modules'), join(pkg, 'node_modules'), 'dir');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe(`[${TEST_BACKEND}] pnpm new:bound`, () => {
  it('rejects an id that is not kebab-case, and --dry-run writes nothing', () => {
    const bad = generate('Bad_Id', '--root', root);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/id 'Bad_Id' is not kebab-case/);
    const dry = generate(ID, '--root', root, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/would write packages\/bounds\/src\/bounds\/demo-bound.ts/);
    expect(existsSync(join(root, 'packages', 'bounds', 'src', 'bounds', `${ID}.ts`))).toBe(false);
  });

  it('scaffolds source, test, fixture script, page, and registers the bound; the scaffold passes the registry checks', async () => {
    const run = generate(ID, '--root', root, '--no-python', '--no-format', '--title', 'Demo bound');
    expect(run.status, run.stderr).toBe(0);
    const pkg = join(root, 'packages', 'bounds');
    // The fixture script is the shared scaffold script with the id swapped: its checked-in output applies.
    const script = readFileSync(join(pkg, 'test', 'fixtures', `${ID}.py`), 'utf8');
    const golden = readFileSync(join(PKG, 'test', 'fixtures', 'new-bound-scaffold.py'), 'utf8');
    expect(script).toBe(golden.replaceAll('new-bound-scaffold', ID));
    mkdirSync(join(pkg, 'test', 'fixtures'), { recursive: true });
    cpSync(
      join(PKG, 'test', 'fixtures', 'new-bound-scaffold.json'),
      join(pkg, 'test', 'fixtures', `${ID}.json`),
    );

    const registry = (await import(join(pkg, 'src', 'all-bounds.ts'))) as {
      ALL_BOUNDS: readonly AnyBound[];
    };
    const ids = registry.ALL_BOUNDS.map((b) => b.id);
    expect(ids).toContain(ID);
    expect(ids).toEqual([...ids].sort());
    // The scaffold adds no problem of its own (the real registry's, if any, are the registry test's).
    const problems = registryProblems(registry.ALL_BOUNDS, {
      packageRoot: pkg,
      siteDocsDir: join(root, 'site', 'docs', 'bounds'),
    });
    const real = new Set(registryProblems(ALL_BOUNDS, REAL_LAYOUT));
    expect(problems.filter((p) => !real.has(p))).toEqual([]);
    expect(problems.filter((p) => p.startsWith(`${ID}:`))).toEqual([]);
    const index = (await import(join(pkg, 'src', 'index.ts'))) as Record<string, unknown>;
    expect(index.demoBoundBound).toBe(registry.ALL_BOUNDS.find((b) => b.id === ID));
    const page = readFileSync(join(root, 'site', 'docs', 'bounds', `${ID}.mdx`), 'utf8');
    expect(page).toMatch(/<BoundPage id="demo-bound" \/>/);
    expect(page).toMatch(/^# .*\n\n<BoundCurve id="demo-bound" \/>\n/m);
  });

  it('the scaffolded bound is honest: its value matches the fixture and its empirical check passes', async () => {
    const pkg = join(root, 'packages', 'bounds');
    const mod = (await import(join(pkg, 'src', 'bounds', `${ID}.ts`))) as {
      demoBoundBound: AnyBound;
      demoBoundRadius: (n: number, delta: number) => number;
    };
    const fixture = JSON.parse(
      readFileSync(join(pkg, 'test', 'fixtures', `${ID}.json`), 'utf8'),
    ) as {
      cases: { n: number; delta: number; radius: number }[];
    };
    for (const c of nonEmpty(fixture.cases, 'scaffold fixture cases'))
      expectClose(mod.demoBoundRadius(c.n, c.delta), c.radius, { rtol: 1e-10 });
    const b = mod.demoBoundBound;
    expect(b.title).toBe('Demo bound');
    const check = await b.empiricalCheck.run(b.defaults);
    expect(check.passes, check.details).toBe(true);
  });

  it('refuses to overwrite an existing bound', () => {
    const again = generate(ID, '--root', root, '--no-python', '--no-format');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
  });
});
