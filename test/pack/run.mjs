#!/usr/bin/env node
// Pack-and-install test: what a user gets from `npm install @overparam/<name>`.
//
// For every public package under packages/*: build it when its entry points are missing or
// older than its sources, `pnpm pack` it (pnpm turns `workspace:*` into versions), lint the
// tarball with publint, install all tarballs together with npm into a fresh folder outside
// the workspace, then, in
// that folder: read `<pkg>/package.json`, check that every export resolves to built files and
// not to src/*.ts (the `@overparam/source` condition must not be active for consumers),
// import every export, and run the README example (see readme-example.mjs for the rule).
//
// Usage: node pack/run.mjs [--keep] [--build] [--readme <name>=<path>]...
//   --keep     keep the temporary folder (tarballs + install) and print its path
//   --build    rebuild every package, even when its build output is present and newer than
//              its sources
//   --readme   read <name>'s README from <path> instead of the installed tarball (for
//              drafting an example before the package has a README; the check then says
//              whether the tarball ships one)

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { CheckError, createHarness, indent, seconds } from '../lib/harness.mjs';
import { consumerEnv, describeRun, runCommand, tail } from '../lib/proc.mjs';
import { findReadmeExample, importedPackages } from './readme-example.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES_DIR = join(ROOT, 'packages');
/** Export condition that points workspace tooling at src/*.ts; consumers must never match it. */
const SOURCE_CONDITION = '@overparam/source';
const EXAMPLE_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 300_000;
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

const { values: options } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
    readme: { type: 'string', multiple: true, default: [] },
  },
});
const readmeOverrides = new Map(
  options.readme.map((spec) => {
    const at = spec.lastIndexOf('=');
    if (at <= 0) throw new Error(`--readme takes <name>=<path>, got '${spec}'`);
    return [spec.slice(0, at), resolve(spec.slice(at + 1))];
  }),
);

const harness = createHarness();
const started = Date.now();

/** Workspace packages under packages/*, public and private, keyed by name. */
function discoverPackages() {
  const found = new Map();
  if (!existsSync(PACKAGES_DIR)) return found;
  for (const entry of readdirSync(PACKAGES_DIR, { withFileTypes: true })) {
    const dir = join(PACKAGES_DIR, entry.name);
    const manifestPath = join(dir, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    found.set(manifest.name, { name: manifest.name, dir, manifest });
  }
  return found;
}

/** Names of workspace packages that `manifest` depends on (any dependency field). */
function workspaceDeps(manifest, workspace, fields) {
  const names = new Set();
  for (const field of fields) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (workspace.has(name)) names.add(name);
    }
  }
  return [...names];
}

/** Dependencies first, so that a package's build sees the types of the ones it imports. */
function topologicalOrder(packages, workspace) {
  const order = [];
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new CheckError(`workspace dependency cycle: ${[...trail, name].join(' → ')}`);
    }
    state.set(name, 'visiting');
    const pkg = workspace.get(name);
    const fields = [...DEPENDENCY_FIELDS, 'devDependencies'];
    for (const dep of workspaceDeps(pkg.manifest, workspace, fields)) visit(dep, [...trail, name]);
    state.set(name, 'done');
    if (packages.some((p) => p.name === name)) order.push(pkg);
  };
  for (const pkg of packages) visit(pkg.name, []);
  return order;
}

/** Every file path a consumer's resolution can reach: exports/imports minus the source condition. */
function entryTargets(manifest) {
  const targets = new Set();
  const walk = (node) => {
    if (typeof node === 'string') {
      if (!node.includes('*')) targets.add(node);
    } else if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key !== SOURCE_CONDITION) walk(value);
      }
    }
  };
  walk(manifest.exports);
  walk(manifest.imports);
  for (const field of ['main', 'module', 'types', 'typings']) walk(manifest[field]);
  return [...targets];
}

/** Subpaths a consumer can import: '.', './testing', … (no patterns, no ./package.json). */
function exportSubpaths(manifest) {
  const { exports } = manifest;
  if (exports === undefined) return manifest.main ? ['.'] : [];
  if (typeof exports === 'string' || Array.isArray(exports)) return ['.'];
  const keys = Object.keys(exports);
  if (!keys.every((key) => key.startsWith('.'))) return ['.'];
  return keys.filter((key) => !key.includes('*') && !key.endsWith('.json'));
}

/** Newest modification time (ms) of the files under `dir`, skipping node_modules and dist. */
function newestMtime(dir) {
  let newest = { time: 0, file: '' };
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const time = statSync(file).mtimeMs;
    if (time > newest.time) newest = { time, file };
  }
  return newest;
}

/**
 * Why `pkg` must be built before packing, or undefined when its build output is usable:
 * an entry point is missing, or a source file is newer than the oldest entry point (a stale
 * dist/ would be packed). A rebuilt dependency does not force a rebuild: tsc's output for
 * this package would be the same (type errors are check-types' business).
 */
function buildReason(pkg) {
  const targets = entryTargets(pkg.manifest).map((target) => join(pkg.dir, target));
  const missing = targets.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    return `missing ${missing
      .slice(0, 3)
      .map((file) => relative(pkg.dir, file))
      .join(', ')}`;
  }
  const built = targets.filter((file) => !file.endsWith('package.json'));
  if (built.length === 0) return undefined;
  const oldest = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const inputs = [newestMtime(join(pkg.dir, 'src'))];
  for (const name of readdirSync(pkg.dir)) {
    if (name === 'package.json' || /^tsconfig.*\.json$/.test(name)) {
      const file = join(pkg.dir, name);
      inputs.push({ time: statSync(file).mtimeMs, file });
    }
  }
  const newer = inputs.find((input) => input.time > oldest);
  if (newer) return `stale: ${relative(pkg.dir, newer.file)} is newer than the build`;
  return undefined;
}

function formatPublintMessages(messages, pkg) {
  return messages
    .map((message) => {
      const text = formatMessage(message, pkg, { color: false }) ?? message.code;
      return `${message.type}: ${text} [${message.code}]`;
    })
    .join('\n');
}

// Runs inside the install folder so that resolution is exactly a consumer's: no workspace,
// no custom conditions. Prints one marker line of JSON after whatever the imports log.
const PROBE_SOURCE = `import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const [name, ...subpaths] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const out = { entries: [] };
try {
  const manifest = require(name + '/package.json');
  out.packageJson = { name: manifest.name, version: manifest.version, deps: manifest.dependencies ?? {} };
} catch (error) {
  out.packageJsonError = String(error?.message ?? error);
}
for (const subpath of subpaths) {
  const spec = subpath === '.' ? name : name + subpath.slice(1);
  const entry = { subpath, spec };
  try {
    entry.resolved = fileURLToPath(import.meta.resolve(spec));
  } catch (error) {
    entry.resolveError = String(error?.message ?? error);
  }
  try {
    entry.exports = Object.keys(await import(spec)).sort();
  } catch (error) {
    entry.importError = String(error?.stack ?? error);
  }
  out.entries.push(entry);
}
process.stdout.write('\\n@@PROBE@@' + JSON.stringify(out) + '\\n');
`;

function parseProbe(stdout) {
  const line = stdout.split('\n').find((l) => l.startsWith('@@PROBE@@'));
  return line ? JSON.parse(line.slice('@@PROBE@@'.length)) : undefined;
}

async function main() {
  const workspace = discoverPackages();
  const publicPackages = [...workspace.values()].filter((pkg) => pkg.manifest.private !== true);

  const discovered = await harness.check('discover public packages under packages/*', () => {
    if (publicPackages.length === 0) {
      throw new CheckError(`no public package.json under ${relative(ROOT, PACKAGES_DIR)}/*`);
    }
    return publicPackages.map((pkg) => `${pkg.name}@${pkg.manifest.version}`).join(', ');
  });
  if (!discovered) return;

  let ordered;
  const sorted = await harness.check('order packages by workspace dependencies', () => {
    ordered = topologicalOrder(publicPackages, workspace);
    return ordered.map((pkg) => pkg.name).join(' → ');
  });
  if (!sorted) return;

  for (const pkg of ordered) {
    await harness.check(`${pkg.name}: depends on no private workspace package`, () => {
      const deps = workspaceDeps(pkg.manifest, workspace, DEPENDENCY_FIELDS);
      const privates = deps.filter((name) => workspace.get(name).manifest.private === true);
      if (privates.length > 0) {
        throw new CheckError(
          `${pkg.name} depends on private ${privates.join(', ')}, which users cannot install. ` +
            'Make them public or move them to devDependencies.',
        );
      }
      return deps.length > 0 ? `workspace deps: ${deps.join(', ')}` : undefined;
    });
  }

  const work = await mkdtemp(join(tmpdir(), 'overparam-pack-'));
  const tarballDir = join(work, 'tarballs');
  const installDir = join(work, 'install');
  await mkdir(tarballDir);
  await mkdir(installDir);
  console.log(`# work folder: ${work}`);

  try {
    await packAndInstall(ordered, tarballDir, installDir);
  } finally {
    if (options.keep) {
      console.log(`# kept ${work} (--keep)`);
    } else {
      await rm(work, { recursive: true, force: true });
    }
  }
}

async function packAndInstall(ordered, tarballDir, installDir) {
  const tarballs = new Map();

  for (const pkg of ordered) {
    const why = options.build ? '--build' : buildReason(pkg);
    if (why) {
      await harness.check(`${pkg.name}: build (${why})`, async () => {
        const result = await runCommand('pnpm', ['--filter', pkg.name, 'run', 'build'], {
          cwd: ROOT,
        });
        if (result.code !== 0) throw new CheckError(describeRun('pnpm run build', result));
        const still = entryTargets(pkg.manifest).filter((t) => !existsSync(join(pkg.dir, t)));
        if (still.length > 0) {
          throw new CheckError(`the build did not produce ${still.join(', ')}`);
        }
      });
    }

    await harness.check(`${pkg.name}: pnpm pack`, async () => {
      const result = await runCommand(
        'pnpm',
        ['pack', '--pack-destination', tarballDir, '--json'],
        {
          cwd: pkg.dir,
        },
      );
      if (result.code !== 0) throw new CheckError(describeRun('pnpm pack', result));
      const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
      const file = report.filename;
      if (!file || !existsSync(file))
        throw new CheckError(`pnpm pack wrote no tarball:\n${tail(result.stdout)}`);
      tarballs.set(pkg.name, file);
      const kib = (statSync(file).size / 1024).toFixed(1);
      return `${relative(tarballDir, file)}: ${report.files.length} files, ${kib} KiB`;
    });
  }

  for (const pkg of ordered) {
    const file = tarballs.get(pkg.name);
    if (!file) continue;
    await harness.check(`${pkg.name}: publint (tarball)`, async () => {
      const bytes = await readFile(file);
      const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const { messages, pkg: packed } = await publint({ pack: { tarball }, level: 'suggestion' });
      const leftover = DEPENDENCY_FIELDS.flatMap((field) =>
        Object.entries(packed[field] ?? {})
          .filter(([, range]) => String(range).startsWith('workspace:'))
          .map(([name, range]) => `${field}.${name}: ${range}`),
      );
      const errors = messages.filter((m) => m.type === 'error');
      const others = messages.filter((m) => m.type !== 'error');
      const details = [
        errors.length > 0 ? formatPublintMessages(errors, packed) : '',
        others.length > 0 ? formatPublintMessages(others, packed) : '',
        leftover.length > 0
          ? `workspace: protocol left in the tarball: ${leftover.join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join('\n');
      if (errors.length > 0 || leftover.length > 0) return { ok: false, details };
      return details || 'no messages';
    });
  }

  if (tarballs.size !== ordered.length) {
    harness.fail('npm install of the tarballs', 'skipped: not every package could be packed');
    return;
  }

  const installed = await harness.check(
    `npm install ${tarballs.size} tarball(s) into a fresh folder`,
    async () => {
      const env = consumerEnv();
      const init = await runCommand('npm', ['init', '-y'], { cwd: installDir, env });
      if (init.code !== 0) throw new CheckError(describeRun('npm init -y', init));
      const manifestPath = join(installDir, 'package.json');
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
      manifest.type = 'module';
      manifest.private = true;
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      const result = await runCommand(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs.values()],
        { cwd: installDir, env, timeoutMs: INSTALL_TIMEOUT_MS },
      );
      if (result.code !== 0) throw new CheckError(describeRun('npm install', result));
      return tail(result.stdout.trim(), 5);
    },
  );
  if (!installed) return;

  // A range like ^0.1.0 could also be met from the registry; each package must come from its
  // tarball, once, or the test would run someone else's build.
  await harness.check('every @overparam package is installed once, from its tarball', async () => {
    const lock = JSON.parse(await readFile(join(installDir, 'package-lock.json'), 'utf8'));
    const wrong = [];
    for (const [name, file] of tarballs) {
      const copies = Object.entries(lock.packages ?? {}).filter(([key]) =>
        key.endsWith(`node_modules/${name}`),
      );
      if (copies.length !== 1) {
        wrong.push(`${name}: ${copies.length} copies (${copies.map(([key]) => key).join(', ')})`);
      }
      for (const [key, entry] of copies) {
        if (!String(entry.resolved).endsWith(`/${file.split(sep).at(-1)}`)) {
          wrong.push(`${key} resolved to ${entry.resolved}, not the local tarball`);
        }
      }
    }
    if (wrong.length > 0) throw new CheckError(wrong.join('\n'));
  });

  await writeFile(join(installDir, 'probe.mjs'), PROBE_SOURCE);

  for (const pkg of ordered) {
    const pkgDir = join(installDir, 'node_modules', ...pkg.name.split('/'));
    const subpaths = exportSubpaths(pkg.manifest);
    const result = await runCommand('node', ['probe.mjs', pkg.name, ...subpaths], {
      cwd: installDir,
      env: consumerEnv(),
      timeoutMs: EXAMPLE_TIMEOUT_MS,
    });
    const probe = parseProbe(result.stdout);

    await harness.check(`${pkg.name}: ${pkg.name}/package.json is readable`, () => {
      if (!probe) throw new CheckError(describeRun('the probe', result));
      if (probe.packageJsonError) {
        throw new CheckError(
          `require('${pkg.name}/package.json') failed: ${probe.packageJsonError}\n` +
            'Add "./package.json": "./package.json" to exports.',
        );
      }
      const { name, version, deps } = probe.packageJson;
      if (name !== pkg.name || version !== pkg.manifest.version) {
        throw new CheckError(
          `installed ${name}@${version}, expected ${pkg.name}@${pkg.manifest.version}`,
        );
      }
      const leftover = Object.entries(deps).filter(([, range]) => range.startsWith('workspace:'));
      if (leftover.length > 0) {
        throw new CheckError(
          `installed manifest still has workspace: ranges: ${leftover.join(', ')}`,
        );
      }
      return `${name}@${version}`;
    });

    for (const subpath of subpaths) {
      const entry = probe?.entries.find((e) => e.subpath === subpath);
      await harness.check(`${pkg.name}: '${subpath}' resolves to built files, not src/*.ts`, () => {
        if (!entry) throw new CheckError(describeRun('the probe', result));
        if (entry.resolveError)
          throw new CheckError(`import.meta.resolve failed: ${entry.resolveError}`);
        const rel = relative(pkgDir, entry.resolved);
        if (rel.startsWith('..') || rel.startsWith(sep)) {
          throw new CheckError(
            `${entry.spec} resolved outside the installed package: ${entry.resolved}`,
          );
        }
        if (/\.[cm]?tsx?$/.test(rel) || rel.split(sep)[0] === 'src') {
          throw new CheckError(
            `${entry.spec} resolved to ${rel}: the '${SOURCE_CONDITION}' condition (or another ` +
              'source entry) is active for consumers; exports must send them to built .js files.',
          );
        }
        if (!existsSync(entry.resolved)) throw new CheckError(`${rel} is not in the tarball`);
        return rel;
      });
      await harness.check(`${pkg.name}: import('${entry?.spec ?? subpath}') works`, () => {
        if (!entry) throw new CheckError(describeRun('the probe', result));
        if (entry.importError) throw new CheckError(entry.importError);
        if (entry.exports.length === 0) throw new CheckError(`${entry.spec} exports nothing`);
        return `exports: ${entry.exports.join(', ')}`;
      });
    }

    await harness.check(
      `${pkg.name}: README example runs against the installed tarball`,
      async () => {
        const shipped = join(pkgDir, 'README.md');
        const override = readmeOverrides.get(pkg.name);
        if (!existsSync(shipped) && !override) {
          throw new CheckError(
            `the tarball has no README.md: add one to packages/${pkg.dir.split(sep).at(-1)} ` +
              'with a ```js example under "## Quick start"',
          );
        }
        const found = findReadmeExample(await readFile(override ?? shipped, 'utf8'), pkg.name);
        if (!found.ok) throw new CheckError(found.reason);
        const notes = [
          `${override ? `${override} (--readme; the tarball ${existsSync(shipped) ? 'ships' : 'has NO'} README.md)` : 'README.md'}, ` +
            `line ${found.line}, under "${found.heading}"`,
        ];
        // Imports the reader never installed (neither our packages nor their peers) work here
        // only because npm hoists transitive dependencies: worth a note to the README author,
        // not a failure.
        const direct = new Set([
          ...tarballs.keys(),
          ...ordered.flatMap((p) => Object.keys(p.manifest.peerDependencies ?? {})),
        ]);
        const indirect = importedPackages(found.code).filter(
          (name) => !direct.has(name) && !isBuiltin(name),
        );
        if (indirect.length > 0) {
          notes.push(
            `note: the example imports ${indirect.join(', ')}, which the reader did not install; ` +
              'it resolves through npm hoisting (not under pnpm): say so in the install section or export what it needs.',
          );
        }
        const file = `example-${pkg.name.replace(/^@/, '').replace(/[^\w.-]+/g, '-')}.mjs`;
        await writeFile(join(installDir, file), `${found.code}\n`);
        const startedAt = Date.now();
        const run = await runCommand('node', [file], {
          cwd: installDir,
          env: consumerEnv(),
          timeoutMs: EXAMPLE_TIMEOUT_MS,
        });
        const output = tail(`${run.stdout}\n${run.stderr}`.trim(), 20);
        if (run.code !== 0) {
          return {
            ok: false,
            details: `${notes.join('\n')}\n${describeRun(`node ${file}`, run)}\n--- example ---\n${found.code}`,
          };
        }
        notes.push(`node ${file}: exit 0 in ${seconds(Date.now() - startedAt)}`);
        if (output) notes.push(indent(output, '| '));
        return notes.join('\n');
      },
    );
  }
}

try {
  await main();
} catch (error) {
  harness.fail(
    'pack test harness',
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
}
console.log(`# total ${seconds(Date.now() - started)}`);
process.exitCode = harness.finish();
