// Checks, after `docusaurus build`, the links that the packages make to this site. TSDoc comments
// and package READMEs cannot use relative doc links (npm users read them outside the site), so
// they link to https://overparam.dev/docs/<page>#<anchor>; Docusaurus treats those as external
// and never checks them. This script does: every such URL in packages/*/{src,test,bench,scripts},
// packages/*/README.md, the repository's README.md and CONTRIBUTING.md, and site/src must name a
// page that site/build has, and its anchor must be an id in that page's HTML.
//
// It also fails when the developers' working reference is mentioned anywhere in packages/ or site/
// (outside node_modules, build output and caches): it is not part of the product, so nothing the
// product ships may cite it; link to the Theory pages of the site instead.
//
// Usage: node scripts/check-package-links.mjs (from site/, after docusaurus build). Exit code 1
// with one `file:line  url  (reason)` per problem.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = path.resolve(siteDir, '..');
const buildDir = path.join(siteDir, 'build');
const selfPath = fileURLToPath(import.meta.url);

const ORIGIN = 'https://overparam.dev';
/** An absolute link to the docs; stops at whitespace, quotes, brackets, `|` and `>`. */
const URL_PATTERN = /https:\/\/overparam\.dev\/docs\/[^\s"'`)<>|\]}]*/g;
/** Built at run time so that this file does not match itself. */
const REFERENCE_NAME = ['theory', 'md'].join('.');

const SKIP_DIRS = new Set([
  'node_modules',
  'build',
  'dist',
  'coverage',
  '.docusaurus',
  '.turbo',
  '.git',
]);
const BINARY =
  /\.(png|jpe?g|gif|webp|ico|woff2?|ttf|otf|eot|wasm|gz|zip|pdf|bin|ubyte|idx\d?-ubyte)$/i;

/** Text files under dir (recursively), skipping dependency, build and cache folders. */
function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.api-')) continue;
      walk(path.join(dir, entry.name), out);
    } else if (entry.isFile() && !BINARY.test(entry.name)) {
      const file = path.join(dir, entry.name);
      if (file !== selfPath && statSync(file).size < 8 * 1024 * 1024) out.push(file);
    }
  }
  return out;
}

function packageDirs() {
  const dir = path.join(rootDir, 'packages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name));
}

/** The files whose absolute doc links are checked. */
function linkSources() {
  const files = [];
  for (const pkg of packageDirs()) {
    for (const sub of ['src', 'test', 'bench', 'scripts']) walk(path.join(pkg, sub), files);
    const readme = path.join(pkg, 'README.md');
    if (existsSync(readme)) files.push(readme);
  }
  for (const name of ['README.md', 'CONTRIBUTING.md']) {
    const file = path.join(rootDir, name);
    if (existsSync(file)) files.push(file);
  }
  walk(path.join(siteDir, 'src'), files);
  return files;
}

/** The built HTML of a docs path (trailingSlash: false writes page.html; an index may be page/index.html). */
function builtPage(pathname) {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '').replace(/\/+$/, '');
  const candidates = rel.endsWith('.html') ? [rel] : [`${rel}.html`, path.join(rel, 'index.html')];
  for (const candidate of candidates) {
    const file = path.join(buildDir, candidate);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

const htmlCache = new Map();
function idsOf(file) {
  let ids = htmlCache.get(file);
  if (!ids) {
    ids = new Set();
    for (const m of readFileSync(file, 'utf8').matchAll(
      /\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g,
    )) {
      ids.add(m[1] ?? m[2] ?? m[3]);
    }
    htmlCache.set(file, ids);
  }
  return ids;
}

function relative(file) {
  return path.relative(rootDir, file);
}

const problems = [];
let checked = 0;

if (!existsSync(buildDir)) {
  console.error(
    `check-package-links: ${relative(buildDir)} does not exist; run docusaurus build first.`,
  );
  process.exit(1);
}

for (const file of linkSources()) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const match of line.matchAll(URL_PATTERN)) {
      // Sentence punctuation after a bare URL in prose is not part of it.
      const raw = match[0].replace(/[.,;:!?]+$/, '');
      checked++;
      const url = new URL(raw, ORIGIN);
      const page = builtPage(url.pathname);
      const where = `${relative(file)}:${i + 1}`;
      if (!page) {
        problems.push(`${where}  ${raw}  (no page ${url.pathname} in site/build)`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.replace(/^#/, ''));
      if (anchor && !idsOf(page).has(anchor)) {
        problems.push(`${where}  ${raw}  (no id "${anchor}" in ${relative(page)})`);
      }
    }
  });
}

for (const dir of [path.join(rootDir, 'packages'), siteDir]) {
  for (const file of walk(dir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.includes(REFERENCE_NAME)) {
        problems.push(
          `${relative(file)}:${i + 1}  mentions ${REFERENCE_NAME} (the developers' reference is not part of the product; link to https://overparam.dev/docs/theory/… instead)`,
        );
      }
    });
  }
}

if (problems.length > 0) {
  console.error(`check-package-links: ${problems.length} problem(s):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`check-package-links: ${checked} links to ${ORIGIN}/docs checked, all resolve.`);
