import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findReadmeExample, importedPackages, importsPackage } from './readme-example.mjs';

const fence = '```';

describe('findReadmeExample', () => {
  it('takes the first js block importing the package under "Quick start"', () => {
    const md = [
      '# @x/y',
      '## Install',
      `${fence}js`,
      "import { a } from '@x/y';",
      fence,
      '## Quick start',
      `${fence}sh`,
      'npm i @x/y',
      fence,
      `${fence}js`,
      "import { b } from 'other';",
      fence,
      `${fence}js`,
      "import { c } from '@x/y/sub';",
      fence,
      `${fence}js`,
      "import { d } from '@x/y';",
      fence,
    ].join('\n');
    const found = findReadmeExample(md, '@x/y');
    assert.equal(found.ok, true);
    assert.equal(found.code, "import { c } from '@x/y/sub';");
    assert.equal(found.heading, 'Quick start');
  });

  it('accepts a block under a subheading of "Examples"', () => {
    const md = `## Examples\n### In Node\n${fence}javascript\nconst m = await import('@x/y');\n${fence}\n`;
    assert.equal(findReadmeExample(md, '@x/y').ok, true);
  });

  it('ignores headings inside code blocks and blocks after the section ends', () => {
    const md = `## Example\n${fence}md\n## API\n${fence}\n## API\n${fence}js\nimport '@x/y';\n${fence}\n`;
    const found = findReadmeExample(md, '@x/y');
    assert.equal(found.ok, false);
    assert.match(found.reason, /Quick start/);
  });

  it('asks for plain JS when the example is TypeScript', () => {
    const md = `## Quick start\n${fence}ts\nimport { a } from '@x/y';\nconst n: number = a();\n${fence}\n`;
    const found = findReadmeExample(md, '@x/y');
    assert.equal(found.ok, false);
    assert.match(found.reason, /plain JavaScript/);
  });

  it('does not take a package whose name merely starts with ours', () => {
    assert.equal(importsPackage("import x from '@x/y-extra';", '@x/y'), false);
    assert.equal(importsPackage("import x from '@x/y/sub';", '@x/y'), true);
  });
});

describe('importedPackages', () => {
  it('lists bare package names without subpaths, relative paths or node: builtins', () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import { a } from '@x/y/testing';",
      "import fs from 'node:fs';",
      "import local from './local.js';",
      "const m = await import('lodash/fp');",
    ].join('\n');
    assert.deepEqual(importedPackages(code).sort(), ['@tensorflow/tfjs-core', '@x/y', 'lodash']);
  });
});
