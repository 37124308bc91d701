// Generates the API reference from TSDoc: docs/api/<package>/ for every workspace package under
// ../packages/* (new packages are picked up automatically), with typedoc and
// typedoc-plugin-markdown. Entry points are the `@overparam/source` targets of the package's
// `exports` map, i.e. what readers import: '@overparam/tensor' → docs/api/tensor/,
// '@overparam/tensor/testing' → docs/api/tensor/testing/. Packages that export nothing yet get
// no page. The output (gitignored) is CommonMark: every file gets `mdx: { format: md }` front matter, so
// TSDoc text such as `{ data }` or `a < b` can never be read as JSX; raw HTML anchors still work.
// Docusaurus compiles it with broken links and anchors = throw.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.resolve(siteDir, '..', 'packages');
const targetDir = path.join(siteDir, 'docs', 'api');
// Written beside the site, then swapped in whole: a running dev server (or a second build)
// never sees a half-written reference.
const apiDir = path.join(siteDir, `.api-${process.pid}`);

/** Sidebar labels of the folders typedoc-plugin-markdown writes, in sidebar order. */
const KIND_FOLDERS = [
  ['classes', 'Classes'],
  ['functions', 'Functions'],
  ['interfaces', 'Interfaces'],
  ['type-aliases', 'Type aliases'],
  ['variables', 'Variables'],
  ['enumerations', 'Enumerations'],
  ['namespaces', 'Namespaces'],
];

function workspacePackages() {
  if (!existsSync(packagesDir)) return [];
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(packagesDir, entry.name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** The package's public entry points: subpath, import specifier and source file. */
function entryPoints(dir, pkg) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const source = target && typeof target === 'object' ? target['@overparam/source'] : undefined;
    if (typeof source !== 'string' || !/\.tsx?$/.test(source)) continue;
    const sub = subpath.replace(/^\.\/?/, '');
    entries.push({
      sub,
      specifier: sub ? `${pkg.name}/${sub}` : pkg.name,
      file: path.join(dir, source),
    });
  }
  if (entries.length === 0 && existsSync(path.join(dir, 'src', 'index.ts'))) {
    entries.push({ sub: '', specifier: pkg.name, file: path.join(dir, 'src', 'index.ts') });
  }
  // The root entry first: typedoc-plugin-markdown empties its output folder.
  return entries
    .filter((entry) => existsSync(entry.file))
    .sort((a, b) => a.sub.length - b.sub.length);
}

async function document(entry, tsconfig, out) {
  const app = await Application.bootstrapWithPlugins({
    name: entry.specifier,
    entryPoints: [entry.file],
    tsconfig,
    compilerOptions: { customConditions: ['@overparam/source'], noEmit: true },
    plugin: ['typedoc-plugin-markdown'],
    out,
    readme: 'none',
    excludePrivate: true,
    excludeProtected: true,
    excludeInternal: true,
    excludeExternals: true,
    disableSources: true,
    hideGenerator: true,
    logLevel: 'Warn',
    // Type errors are check-types' job; a package mid-change must not break the docs build.
    skipErrorChecking: true,
    // typedoc-plugin-markdown: plain Markdown inside Docusaurus's own page chrome.
    fileExtension: '.md',
    entryFileName: 'index',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    classPropertiesFormat: 'table',
    typeDeclarationFormat: 'table',
    enumMembersFormat: 'table',
    indexFormat: 'table',
  });
  const project = await app.convert();
  if (!project || app.logger.hasErrors()) {
    throw new Error(`gen-api: typedoc failed on ${entry.specifier} (${entry.file})`);
  }
  if (!project.children?.length) return false;
  // Keep the sub-entries' folders that are already there (see entryPoints' order).
  await app.generateOutputs(project);
  return true;
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Front matter on every page (`mdx: { format: md }`; short sidebar labels such as 'initBackend', not
 * 'Function: initBackend()') and labels for the kind folders.
 */
function polish(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const kind = KIND_FOLDERS.findIndex(([name]) => name === entry.name);
      if (kind >= 0) {
        writeJson(path.join(file, '_category_.json'), {
          label: KIND_FOLDERS[kind][1],
          position: kind + 1,
          collapsed: true,
        });
      }
      polish(file);
    } else if (entry.name.endsWith('.md')) {
      const text = readFileSync(file, 'utf8');
      const title = /^# (?:[A-Za-z ]+: )?(.+?)(?:\(\))?$/m.exec(text)?.[1];
      const front = ['mdx:', '  format: md'];
      if (title && entry.name !== 'index.md') {
        front.push(`sidebar_label: ${JSON.stringify(title.replace(/\\/g, ''))}`);
      }
      writeFileSync(file, `---\n${front.join('\n')}\n---\n\n${text}`);
    }
  }
}

/** Under the package page's title: its description and its other entry points. */
function introduce(indexFile, pkg, specifiers) {
  const lines = [];
  if (pkg.description) lines.push(sanitize(pkg.description), '');
  const optional = pkg.peerDependenciesMeta ?? {};
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optional[name]?.optional);
  lines.push(`\`\`\`sh\nnpm install ${[pkg.name, ...peers].join(' ')}\n\`\`\``, '');
  for (const specifier of specifiers.slice(1)) {
    const sub = specifier.slice(pkg.name.length + 1);
    lines.push(`Also exported: [\`${specifier}\`](${sub}/index.md).`, '');
  }
  const text = readFileSync(indexFile, 'utf8');
  writeFileSync(indexFile, text.replace(/^(# .*\n)/m, `$1\n${lines.join('\n')}`));
}

/** Escapes what MDX would read as JSX or expressions in plain prose. */
function sanitize(text) {
  return text.replace(/[{}<>]/g, (c) => `\\${c}`);
}

rmSync(apiDir, { recursive: true, force: true });
mkdirSync(apiDir, { recursive: true });
// On failure, leave no temporary folder behind (on success it has become docs/api).
process.on('exit', () => rmSync(apiDir, { recursive: true, force: true }));
let count = 0;
for (const { dir, pkg } of workspacePackages()) {
  const out = path.join(apiDir, path.basename(dir));
  const tsconfig = ['tsconfig.build.json', 'tsconfig.json']
    .map((name) => path.join(dir, name))
    .find((file) => existsSync(file));
  const documented = [];
  for (const entry of entryPoints(dir, pkg)) {
    const target = entry.sub ? path.join(out, entry.sub) : out;
    if (await document(entry, tsconfig, target)) documented.push(entry.specifier);
  }
  if (documented.length === 0 || !existsSync(path.join(out, 'index.md'))) {
    rmSync(out, { recursive: true, force: true });
    console.warn(`gen-api: ${pkg.name} exports nothing yet; no API page`);
    continue;
  }
  polish(out);
  introduce(path.join(out, 'index.md'), pkg, documented);
  writeJson(path.join(out, '_category_.json'), { label: pkg.name, position: count + 1 });
  for (const sub of documented.slice(1)) {
    const subDir = path.join(apiDir, path.basename(dir), sub.slice(pkg.name.length + 1));
    if (statSync(subDir).isDirectory()) {
      writeJson(path.join(subDir, '_category_.json'), {
        label: sub,
        position: KIND_FOLDERS.length + 1,
        collapsed: true,
      });
    }
  }
  console.log(`gen-api: ${documented.join(', ')}`);
  count++;
}
if (count === 0) {
  rmSync(apiDir, { recursive: true, force: true });
  throw new Error(`gen-api: no package under ${packagesDir} exports anything`);
}
const old = path.join(siteDir, `.api-old-${process.pid}`);
if (existsSync(targetDir)) renameSync(targetDir, old);
renameSync(apiDir, targetDir);
rmSync(old, { recursive: true, force: true });
