// Finds the runnable example in a package README.
//
// The rule (README authors: follow it, and the pack test runs your example against the
// installed tarball):
//   1. The block sits in a section whose heading, or one of whose parent headings, contains
//      "Example" or "Quick start" (case-insensitive; "Quickstart" and "Examples" count too).
//   2. It is a fenced block (``` or ~~~) whose info string starts with js, javascript, mjs,
//      ts or typescript.
//   3. It imports the package itself: `from '<name>'`, `from '<name>/sub'` or
//      `import('<name>…')`.
//   The first block meeting all three is the example. It must be plain JavaScript (```js):
//   it is written to a .mjs file and run with `node`, so a ```ts block fails with a request
//   to make it JS (Node 20 cannot strip types, and a regex that strips them would test
//   something other than what readers copy). Top-level await is fine.

const EXAMPLE_HEADING = /\b(examples?|quick\s*-?\s*start)\b/i;
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)(.*)$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const JS_LANGS = new Set(['js', 'javascript', 'mjs']);
const TS_LANGS = new Set(['ts', 'typescript', 'mts']);

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `code` imports `packageName` or one of its subpaths. */
export function importsPackage(code, packageName) {
  const name = escapeRegExp(packageName);
  const specifier = `['"]${name}(?:/[^'"]*)?['"]`;
  return new RegExp(
    `\\bfrom\\s*${specifier}|\\bimport\\s*\\(\\s*${specifier}|\\bimport\\s*${specifier}`,
  ).test(code);
}

/** Every fenced code block of `markdown`, with the headings it sits under. */
export function fencedBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  /** @type {{ level: number, text: string }[]} */
  const headings = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      const [, , marker, lang] = fence;
      const body = [];
      const closing = new RegExp(`^ {0,3}${marker[0]}{${marker.length},}\\s*$`);
      const startLine = i + 1;
      for (i += 1; i < lines.length && !closing.test(lines[i]); i += 1) body.push(lines[i]);
      blocks.push({
        lang: lang.toLowerCase(),
        code: body.join('\n'),
        line: startLine,
        headings: headings.map((h) => h.text),
      });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      while (headings.length > 0 && headings.at(-1).level >= level) headings.pop();
      headings.push({ level, text: heading[2] });
    }
  }
  return blocks;
}

/**
 * The README example of `packageName`, as `{ ok: true, code, lang, line, heading }`, or
 * `{ ok: false, reason }` saying what the README author has to add or change.
 */
export function findReadmeExample(markdown, packageName) {
  const candidates = fencedBlocks(markdown).filter(
    (block) =>
      (JS_LANGS.has(block.lang) || TS_LANGS.has(block.lang)) &&
      block.headings.some((text) => EXAMPLE_HEADING.test(text)) &&
      importsPackage(block.code, packageName),
  );
  const first = candidates[0];
  if (!first) {
    return {
      ok: false,
      reason:
        `README.md of ${packageName} has no runnable example. Add a \`\`\`js block that imports ` +
        `from '${packageName}' under a heading containing "Quick start" or "Example" ` +
        `(e.g. "## Quick start"); the pack test runs it with node against the installed tarball.`,
    };
  }
  const heading = first.headings.findLast((text) => EXAMPLE_HEADING.test(text));
  if (TS_LANGS.has(first.lang)) {
    return {
      ok: false,
      reason:
        `README.md of ${packageName}, line ${first.line} (under "${heading}"): the example is ` +
        `\`\`\`${first.lang}. Make it plain JavaScript (\`\`\`js): the pack test runs it as-is ` +
        'with node, the way a reader would paste it.',
    };
  }
  return { ok: true, code: first.code, lang: first.lang, line: first.line, heading };
}

/** Bare package names that `code` imports (`@scope/name` or `name`, subpaths dropped). */
export function importedPackages(code) {
  const names = new Set();
  const pattern = /\b(?:from\s*|import\s*\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[1];
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names];
}
