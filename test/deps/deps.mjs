// Declared dependencies = imports: for every package in packages/* and the site, the packages
// its source imports, compared with what its package.json declares. The rule of the house style
// ("a package's declared dependencies are exactly the packages it imports"), enforced by
// deps.test.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const CODE = /\.(?:[cm]?[jt]sx?)$/;
const DOCS = /\.mdx?$/;
const BUILTINS = new Set(builtinModules);

/** Files under `dir` (recursively) whose name matches `pattern`; node_modules and build output skipped. */
export function walk(dir, pattern) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'build' || name.startsWith('.'))
      continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

/**
 * The module specifiers a TS/JS source imports, each with whether the import is types only:
 * import/export … from, side-effect imports, `import x = require()`, dynamic `import('x')` and
 * `require('x')` with a string literal, and `import('x')` types. Comments and strings are the
 * TypeScript parser's business, not a regex's.
 */
export function importsOfCode(text, fileName = 'x.tsx') {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, typeOnly) => {
    if (!node) return;
    if (ts.isStringLiteralLike(node)) found.push({ specifier: node.text, typeOnly });
    // `mnist/src/digits/${c}.json`: the literal head names the package.
    else if (ts.isTemplateExpression(node) && /^(@[^/]+\/)?[^/@.][^/]*\//.test(node.head.text))
      found.push({ specifier: node.head.text, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly =
        node.isTypeOnly ||
        (!!node.exportClause &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (ts.isExternalModuleReference(node.moduleReference))
        add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire =
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        (ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'require' &&
          callee.name.text === 'resolve');
      if ((isImport || isRequire) && node.arguments.length >= 1) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The ESM imports of an MDX page: top-level import/export lines, outside fenced code blocks. */
export function importsOfMdx(text) {
  const lines = text.split('\n');
  const esm = [];
  let fence = null;
  let statement = null;
  for (const line of lines) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    if (statement !== null) {
      statement += `\n${line}`;
      if (/['"];?\s*$/.test(line)) {
        esm.push(statement);
        statement = null;
      }
    } else if (/^(?:import|export)\s/.test(line)) {
      if (/from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line)) esm.push(line);
      else if (/^import\s/.test(line) || /^export\s.*\{[^}]*$/.test(line)) statement = line;
    }
  }
  return importsOfCode(esm.join('\n'), 'page.tsx');
}

/**
 * The package a specifier names ('@a/b/c' → '@a/b', 'x/y' → 'x'), or null for relative paths,
 * Node builtins and bundler aliases that are not packages. `aliases` maps such specifiers of an
 * app (Docusaurus's '@theme/…', '@docusaurus/Link') to the package that provides them.
 */
export function packageOf(specifier, aliases = []) {
  // Relative paths, and subpath imports of the package's own "imports" field ('#platform').
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#'))
    return null;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0])) return null;
  for (const [pattern, provider] of aliases) if (pattern.test(specifier)) return provider;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// Docusaurus resolves these for the site: its client API (@docusaurus/Link, useBaseUrl, …) from
// @docusaurus/core, swizzlable theme components from the classic preset's theme, and the site's
// own folders.
const DOCUSAURUS_ALIASES = [
  [/^@site\//, null],
  [/^@generated\//, null],
  [/^@theme(?:-original|-init)?\//, '@docusaurus/preset-classic'],
  [
    /^@docusaurus\/(?!core$|core\/|preset-classic|types|module-type-aliases|tsconfig|theme-|plugin-|logger|utils)/,
    '@docusaurus/core',
  ],
];

/** What one workspace package imports, from which files, against what it declares. */
export function checkPackage(dir, { app = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = Object.keys(manifest.dependencies ?? {});
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const devs = Object.keys(manifest.devDependencies ?? {});
  const aliases = app ? DOCUSAURUS_ALIASES : [];
  // A library ships src/: its dependencies are what src/ imports. The app (the site) ships
  // everything it builds: src/, docs/ pages, plugins, scripts and its config files.
  const shipped = app
    ? [
        ...walk(join(dir, 'src'), CODE),
        ...walk(join(dir, 'plugins'), CODE),
        ...walk(join(dir, 'scripts'), CODE),
        ...readdirSync(dir)
          .filter((f) => CODE.test(f))
          .map((f) => join(dir, f)),
        ...walk(join(dir, 'docs'), DOCS),
      ]
    : walk(join(dir, 'src'), CODE);
  const tooling = app
    ? []
    : [
        ...walk(join(dir, 'test'), CODE),
        ...walk(join(dir, 'bench'), CODE),
        ...walk(join(dir, 'scripts'), CODE),
        ...readdirSync(dir)
          .filter((f) => CODE.test(f))
          .map((f) => join(dir, f)),
      ];
  const read = (file) => {
    const text = readFileSync(file, 'utf8');
    return DOCS.test(file) ? importsOfMdx(text) : importsOfCode(text, file);
  };
  const used = new Map(); // package → first file importing it for real (not types only)
  const typeOnly = new Map();
  for (const file of shipped) {
    for (const { specifier, typeOnly: t } of read(file)) {
      const pkg = packageOf(specifier, aliases);
      if (!pkg || pkg === manifest.name) continue;
      const target = t ? typeOnly : used;
      if (!target.has(pkg)) target.set(pkg, relative(dir, file));
    }
  }
  const toolingUsed = new Map();
  for (const file of tooling) {
    for (const { specifier } of read(file)) {
      const pkg = packageOf(specifier, aliases);
      if (pkg && pkg !== manifest.name && !toolingUsed.has(pkg))
        toolingUsed.set(pkg, relative(dir, file));
    }
  }
  const declared = new Set([...deps, ...peers]);
  const missing = [];
  for (const [pkg, file] of used) {
    if (!declared.has(pkg) && !(app && devs.includes(pkg))) missing.push(`${pkg} (${file})`);
  }
  for (const [pkg, file] of typeOnly) {
    // Types a library's .d.ts re-exports must resolve for its users; an app's types are its own.
    if (!used.has(pkg) && !declared.has(pkg) && !devs.includes(pkg) && !pkg.startsWith('@types/'))
      missing.push(`${pkg} (${file}, types only)`);
    else if (!app && !used.has(pkg) && !declared.has(pkg) && !pkg.startsWith('@types/'))
      missing.push(`${pkg} (${file}, types only, in devDependencies: users of the .d.ts need it)`);
  }
  const missingDev = [];
  for (const [pkg, file] of toolingUsed) {
    if (!declared.has(pkg) && !devs.includes(pkg)) missingDev.push(`${pkg} (${file})`);
  }
  const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta?.optional === true)
    .map(([pkg]) => pkg);
  // Peers that a declared dependency requires of its host: a package or app must declare them
  // even without importing them (react-dom for Docusaurus, tfjs-core for @overparam/tensor).
  const peersOfDeps = new Set();
  for (const dep of deps) {
    const file = join(dir, 'node_modules', dep, 'package.json');
    if (!existsSync(file)) continue;
    const m = JSON.parse(readFileSync(file, 'utf8'));
    for (const peer of Object.keys(m.peerDependencies ?? {})) peersOfDeps.add(peer);
  }
  return {
    name: manifest.name,
    deps,
    peers,
    optionalPeers,
    peersOfDeps,
    used,
    typeOnly,
    missing,
    missingDev,
  };
}

/**
 * Every declared dependency or peer that the shipped source does not import, except those a
 * declared dependency needs from its host as a peer (the package forwards the peer: datasets
 * declares tfjs-core because @overparam/tensor needs it; the site declares react-dom for
 * Docusaurus) and optional peers loaded by a computed specifier (tensor's 'webgpu', so that
 * bundlers leave the Node-only import alone).
 */
export function unusedOf(result) {
  const imported = (pkg) => result.used.has(pkg) || result.typeOnly.has(pkg);
  const needed = (pkg) => imported(pkg) || result.peersOfDeps.has(pkg);
  const unused = result.deps.filter((pkg) => !needed(pkg));
  for (const peer of result.peers) {
    if (!needed(peer) && !result.optionalPeers.includes(peer)) unused.push(`${peer} (peer)`);
  }
  return unused;
}

/** The workspace packages checked: packages/* and the site. */
export function workspace(root) {
  const dirs = readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name))
    .filter((dir) => existsSync(join(dir, 'package.json')));
  const results = dirs.map((dir) => ({ dir, ...checkPackage(dir) }));
  const site = join(root, 'site');
  if (existsSync(join(site, 'package.json')))
    results.push({ dir: site, ...checkPackage(site, { app: true }) });
  return results;
}
