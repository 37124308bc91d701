import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { importsOfCode, importsOfMdx, packageOf, unusedOf, workspace } from './deps.mjs';

const root = join(import.meta.dirname, '..', '..');

describe('import scanning', () => {
  it('finds static, type-only, side-effect, re-export and dynamic imports, not comments', () => {
    const found = importsOfCode(
      [
        "import { a } from '@x/a';",
        "import type { B } from '@x/b/sub';",
        "import { type C } from 'c';",
        "import 'side-effect';",
        "export { d } from './local.js';",
        "const e = await import('e');",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal.
        'const f = require.resolve(`f/data/${name}.json`);',
        "// import { z } from 'commented-out';",
        'const s = "import { q } from \'in-a-string\'";',
      ].join('\n'),
    );
    assert.deepEqual(found, [
      { specifier: '@x/a', typeOnly: false },
      { specifier: '@x/b/sub', typeOnly: true },
      { specifier: 'c', typeOnly: true },
      { specifier: 'side-effect', typeOnly: false },
      { specifier: './local.js', typeOnly: false },
      { specifier: 'e', typeOnly: false },
      { specifier: 'f/data/', typeOnly: false },
    ]);
  });

  it('reads the ESM lines of an MDX page and skips fenced examples', () => {
    const mdx = [
      "import Demo from '@site/src/components/demo';",
      'import {',
      '  a,',
      "} from '@x/multi';",
      '',
      '```js',
      "import { loadMnist } from '@overparam/datasets';",
      '```',
      'Text that says import this from there.',
    ].join('\n');
    assert.deepEqual(
      importsOfMdx(mdx).map((i) => i.specifier),
      ['@site/src/components/demo', '@x/multi'],
    );
  });

  it('maps specifiers to package names', () => {
    assert.equal(packageOf('@overparam/tensor/testing'), '@overparam/tensor');
    assert.equal(packageOf('katex/dist/katex.min.css'), 'katex');
    assert.equal(packageOf('node:fs'), null);
    assert.equal(packageOf('fs/promises'), null);
    assert.equal(packageOf('./x.js'), null);
    assert.equal(packageOf('#platform'), null);
  });
});

describe('declared dependencies = imports (packages/* and site)', () => {
  const results = workspace(root);

  it('checks every package', () => {
    assert.ok(results.length >= 7, `found ${results.map((r) => r.name).join(', ')}`);
  });

  for (const r of results) {
    it(`${r.name} (${relative(root, r.dir)}): every import declared, every declaration imported`, () => {
      const unused = unusedOf(r);
      const problems = [
        r.missing.length > 0
          ? `imported but not in dependencies/peerDependencies: ${r.missing.join(', ')}`
          : '',
        unused.length > 0
          ? `declared but not imported by the shipped source: ${unused.join(', ')} (move to devDependencies if only tests, benchmarks or scripts use it)`
          : '',
        r.missingDev.length > 0
          ? `imported by tests/benchmarks/scripts but not declared at all: ${r.missingDev.join(', ')}`
          : '',
      ].filter(Boolean);
      assert.equal(problems.length, 0, `${r.name}: ${problems.join('; ')}`);
    });
  }
});

describe('the check can fail', () => {
  it('reports an undeclared import and an unused declaration of a package', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { checkPackage } = await import('./deps.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'deps-check-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: '@x/pkg', dependencies: { used: '1', unused: '1' } }),
      );
      writeFileSync(
        join(dir, 'src', 'index.ts'),
        "import { a } from 'used';\nimport { b } from '@x/undeclared/sub';\nexport { a, b };\n",
      );
      const r = checkPackage(dir);
      assert.deepEqual(r.missing, ['@x/undeclared (src/index.ts)']);
      assert.deepEqual(unusedOf(r), ['unused']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
