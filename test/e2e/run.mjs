#!/usr/bin/env node
// Browser end-to-end test of the built site (site/build), in the system's Chromium.
//
// 1. Every page of build/sitemap.xml: loads and hydrates with no console error, no uncaught
//    exception, no failed request and no HTTP error from our origin; axe-core finds no
//    serious or critical violation.
// 2. Per-page interaction checks (PAGE_CHECKS below): the Backends demo on webgpu and wasm;
//    on wasm the Linear algebra, Double descent (and its theory overlay), Kernels, Lazy and
//    rich training, Edge of stability and Linear networks demos, and every bound page's live
//    empirical check. Each ends with a screenshot under E2E_ARTIFACTS and an axe run of the final state.
//
// Environment:
//   CHROMIUM_PATH      browser binary (default /usr/bin/chromium); never downloaded
//   E2E_SITE_BUILD     built site folder (default site/build)
//   E2E_ARTIFACTS      screenshots folder (default test/e2e/.artifacts); its *.png files are
//                      deleted at the start of a run
//   E2E_CONCURRENCY    sitemap pages visited at once (default 2)
//   E2E_ONLY           substring: only visit sitemap paths and page checks containing it

import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM_PATH } from '../lib/browser.mjs';
import { CheckError, createHarness, seconds } from '../lib/harness.mjs';
import { backendsDemo } from './checks/backends-demo.mjs';
import { boundPageChecks } from './checks/bound-pages.mjs';
import { doubleDescentDemo, doubleDescentPath } from './checks/double-descent-demo.mjs';
import { doubleDescentTheory, doubleDescentTheoryPath } from './checks/double-descent-theory.mjs';
import { edgeOfStabilityDemo, edgeOfStabilityPath } from './checks/edge-of-stability-demo.mjs';
import {
  DEFAULT_RUN_TARGET_S,
  defaultRunTimes,
  figureInFirstScreen,
} from './checks/experiment.mjs';
import { kernelsDemo, kernelsPath } from './checks/kernels-demo.mjs';
import { layersDemo, layersPath } from './checks/layers-demo.mjs';
import { lazyRichDemo, lazyRichPath } from './checks/lazy-rich-demo.mjs';
import { linearAlgebraDemo, linearAlgebraPath } from './checks/linear-algebra-demo.mjs';
import { linearNetworksDemo, linearNetworksPath } from './checks/linear-networks-demo.mjs';
import { widePredictionsDemo, widePredictionsPath } from './checks/wide-predictions-demo.mjs';
import { MIN_TARGET_PX, measure } from './page-overflow.mjs';
import { startStaticServer } from './static-server.mjs';

const TEST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(TEST_DIR, '..');
const SITE_BUILD = resolve(process.env.E2E_SITE_BUILD ?? join(ROOT, 'site', 'build'));
const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS ?? join(TEST_DIR, 'e2e', '.artifacts'));
const CONCURRENCY = Math.max(1, Number(process.env.E2E_CONCURRENCY ?? 2));
const ONLY = process.env.E2E_ONLY ?? '';
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Where our server hands out axe-core, cacheable, so that each page does not recompile it. */
const AXE_ROUTE = '/__e2e__/axe.min.js';

const NAVIGATION_TIMEOUT_MS = 30_000;
const HYDRATION_TIMEOUT_MS = 15_000;
/** After hydration, wait this long at most for the network to go quiet (lazy chunks, wasm). */
const SETTLE_TIMEOUT_MS = 3_000;
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
/** The two viewports every page is checked at: a laptop and a phone. */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/**
 * Pages that must show a figure (an <svg> or <img> with content) in the first screen of the
 * article before any click: the landing page, every topic page with a demo, every bound page.
 * Reference pages (theory, glossary, API) are text first.
 */
const FIGURE_FIRST = [
  /^\/$/,
  /^\/docs\/(double-descent|kernels|infinite-width-predictions|lazy-and-rich-training|edge-of-stability|linear-networks|linear-algebra|backends)$/,
  /^\/docs\/bounds\/(?!index)[\w-]+$/,
];
const SCREENSHOT_STYLE = '.navbar { position: static !important; }';

/**
 * Interaction checks, one entry per page state worth driving. `run(page, ctx)` throws (or
 * returns { ok: false, details }) to fail; it may return a string of details. ctx has
 * `log(line)`, `screenshot(name, locator?)` → saved path, and `timeoutMs`.
 * Add a demo: write checks/<demo>.mjs and list it here.
 */
const PAGE_CHECKS = [
  ...['webgpu', 'wasm'].map((backend) => ({
    name: `Backends demo runs on ${backend}`,
    path: `/docs/backends?backend=${backend}`,
    timeoutMs: 150_000,
    run: (page, ctx) => backendsDemo(page, ctx, backend),
  })),
  {
    name: 'Linear algebra demo runs on wasm',
    path: linearAlgebraPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => linearAlgebraDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Double descent demo runs on wasm',
    path: doubleDescentPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => doubleDescentDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Double descent theory overlay (HMRT) on wasm',
    path: doubleDescentTheoryPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => doubleDescentTheory(page, ctx),
  },
  {
    name: 'Kernels demos (width sweep, kernel regression) run on wasm',
    path: kernelsPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => kernelsDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Kernels page: any-architecture (layers) demo runs on wasm',
    path: layersPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => layersDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Infinite-width predictions demos (GD ensemble, hyperparameters) run on wasm',
    path: widePredictionsPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => widePredictionsDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Lazy and rich training demo runs on wasm',
    path: lazyRichPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => lazyRichDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Edge of stability demo runs on wasm',
    path: edgeOfStabilityPath('wasm'),
    timeoutMs: 150_000,
    run: (page, ctx) => edgeOfStabilityDemo(page, ctx, 'wasm'),
  },
  {
    name: 'Linear networks demo runs (float64 JavaScript, any backend)',
    path: linearNetworksPath(),
    timeoutMs: 90_000,
    run: (page, ctx) => linearNetworksDemo(page, ctx),
  },
  ...boundPageChecks('wasm'),
];

/**
 * Console errors we accept, each with why: `{ pattern: /regexp on the text/, why: '…' }`.
 * Keep this short: an entry hides a message on every page. Allowed messages are still printed
 * under the page's check, marked "(allowed)". Empty today: the site logs no error.
 */
const ALLOWED_CONSOLE_ERRORS = [];

const harness = createHarness();
const started = Date.now();

/** The site's baseUrl, read from the runtime chunk that every Docusaurus page loads. */
function detectBaseUrl(indexHtml) {
  const match = /(?:src|href)="([^"]*?)assets\/js\/runtime~main\.[\w]+\.js"/.exec(indexHtml);
  return match?.[1] || '/';
}

/** Paths (with baseUrl) of every <loc> in the sitemap, deduplicated, in order. */
function sitemapPaths(xml) {
  const paths = new Set();
  for (const match of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) {
    const url = new URL(match[1].replaceAll('&amp;', '&'));
    paths.add(`${url.pathname}${url.search}`);
  }
  return [...paths];
}

/** A path as the reader can use it from where the runner was started. */
function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function slug(text) {
  return (
    text
      .replace(/^\/+/, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 100) || 'index'
  );
}

/**
 * A browser tab that records, per visit, everything that goes wrong: console errors, uncaught
 * exceptions, failed requests and HTTP errors from our origin. A sitemap worker reuses one tab
 * for many pages (a new tab costs more than the page); events from a page we already left
 * (requests aborted by the next navigation, say) belong to no visit and are dropped.
 */
async function openTab(context, origin) {
  const page = await context.newPage();
  page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
  const tab = { page, visit: null, pending: new Set(), owner: new WeakMap() };
  page.on('console', (message) => {
    if (message.type() !== 'error' || !tab.visit) return;
    const { url, lineNumber } = message.location();
    const text = `${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`;
    const allowed = ALLOWED_CONSOLE_ERRORS.find((entry) => entry.pattern.test(message.text()));
    if (allowed) tab.visit.allowed.push(`${text} — allowed: ${allowed.why}`);
    else tab.visit.console.push(text);
  });
  page.on('pageerror', (error) => {
    tab.visit?.pageErrors.push(error.stack ?? error.message);
  });
  page.on('request', (request) => {
    tab.pending.add(request);
    tab.owner.set(request, tab.visit);
  });
  page.on('requestfinished', (request) => {
    tab.pending.delete(request);
  });
  page.on('requestfailed', (request) => {
    tab.pending.delete(request);
    const visit = tab.owner.get(request);
    if (!visit || visit !== tab.visit) return;
    const error = request.failure()?.errorText ?? 'failed';
    const headers = request.headers();
    const purpose = headers['sec-purpose'] ?? headers.purpose;
    visit.requests.push(
      `${request.method()} ${request.url()}: ${error} (${request.resourceType()}${purpose ? `, purpose ${purpose}` : ''})`,
    );
  });
  page.on('response', (response) => {
    const visit = tab.owner.get(response.request());
    if (!visit || visit !== tab.visit) return;
    if (response.status() >= 400 && response.url().startsWith(origin)) {
      visit.requests.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return tab;
}

/** Resolves once no request has been in flight for `quietMs`, or after `timeoutMs`. */
async function settle(tab, { quietMs = 100, timeoutMs = SETTLE_TIMEOUT_MS } = {}) {
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (tab.pending.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return true;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 50));
  }
  return false;
}

/** Loads `path` in `tab` and waits for hydration and a quiet network. */
async function visitPath(tab, origin, path) {
  const visit = { console: [], allowed: [], pageErrors: [], requests: [], notes: [] };
  // The page we are leaving may still be issuing requests (lazy chunks, prefetches) that the
  // next navigation aborts; leave it for a blank page first, while no visit is recording.
  tab.visit = null;
  await tab.page.goto('about:blank').catch(() => {});
  tab.pending.clear();
  tab.visit = visit;
  const startedAt = Date.now();
  try {
    const response = await tab.page.goto(`${origin}${path}`, { waitUntil: 'load' });
    if (response?.status() !== 200) {
      visit.loadError = `the document answered ${response?.status() ?? 'nothing'}`;
    } else {
      await tab.page
        .waitForFunction(() => document.documentElement.dataset.hasHydrated === 'true', null, {
          timeout: HYDRATION_TIMEOUT_MS,
        })
        .catch(() => {
          visit.loadError = `React did not hydrate within ${seconds(HYDRATION_TIMEOUT_MS)} (no <html data-has-hydrated="true">)`;
        });
      if (!(await settle(tab))) {
        const urls = [...tab.pending].map((request) => request.url()).slice(0, 3);
        visit.notes.push(`still loading after ${seconds(SETTLE_TIMEOUT_MS)}: ${urls.join(', ')}`);
      }
    }
  } catch (error) {
    visit.loadError = error instanceof Error ? error.message : String(error);
  }
  visit.loadMs = Date.now() - startedAt;
  return visit;
}

/** Runs axe-core on the current state of the tab's page; returns its violations, compactly. */
async function runAxe(page) {
  await page.addScriptTag({ url: new URL(AXE_ROUTE, page.url()).href });
  return page.evaluate(async () => {
    // window.axe: injected by addScriptTag above.
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      count: violation.nodes.length,
      targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
}

function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `${v.impact ?? 'n/a'}: ${v.id} (${v.count} node${v.count === 1 ? '' : 's'}): ${v.help}\n` +
        v.targets.map((target) => `  at ${target}`).join('\n'),
    )
    .join('\n');
}

function problemLines(visit) {
  return [
    visit.loadError ? `load: ${visit.loadError}` : '',
    ...visit.pageErrors.map((text) => `page error: ${text}`),
    ...visit.console.map((text) => `console error: ${text}`),
    ...visit.requests.map((text) => `request: ${text}`),
    ...visit.allowed.map((text) => `(allowed) console error: ${text}`),
    ...visit.notes,
  ].filter(Boolean);
}

function countProblems(visit) {
  return (
    (visit.loadError ? 1 : 0) +
    visit.pageErrors.length +
    visit.console.length +
    visit.requests.length
  );
}

/** Records the load check and the axe check of one page. */
function reportPage(label, visit, violations, axeError) {
  const summary =
    `console errors ${visit.console.length}, page errors ${visit.pageErrors.length}, ` +
    `failed requests ${visit.requests.length}`;
  const lines = problemLines(visit).join('\n');
  const name = `${label} — ${summary} (${seconds(visit.loadMs)})`;
  if (countProblems(visit) > 0) harness.fail(name, lines);
  else harness.pass(name, lines || undefined);
  reportAxe(`axe ${label}`, violations, axeError);
}

/** Fails on serious or critical violations; lesser ones are printed under the check. */
function reportAxe(label, violations, axeError) {
  if (axeError) {
    harness.fail(label, `axe-core did not run: ${axeError}`);
    return;
  }
  const blocking = violations.filter((v) => BLOCKING_IMPACTS.has(v.impact));
  const name = `${label} — ${violations.length} violation(s), ${blocking.length} serious/critical`;
  if (blocking.length > 0) harness.fail(name, describeViolations(violations));
  else harness.pass(name, violations.length > 0 ? describeViolations(violations) : undefined);
}

async function axeOrError(page) {
  try {
    return { violations: await runAxe(page) };
  } catch (error) {
    return { violations: [], axeError: error instanceof Error ? error.message : String(error) };
  }
}

/** Layout checks at both viewports: no sideways page scroll; a figure first where required. */
async function layoutChecks(page, path, baseUrl) {
  const local = `/${path.slice(baseUrl.length)}`.replace(/\/+$/, '') || '/';
  const needsFigure = FIGURE_FIRST.some((pattern) => pattern.test(local));
  const problems = [];
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    await page.setViewportSize(viewport);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    const m = await page.evaluate(measure, { minTarget: MIN_TARGET_PX, width: viewport.width });
    if (m.overflows) {
      const wide = m.wide.slice(0, 3).map((w) => `${w.element} (right edge ${w.right} px)`);
      problems.push(
        `${name} ${viewport.width}×${viewport.height}: page is ${m.scrollWidth} px wide: ${wide.join(', ')}`,
      );
    }
    // Tap targets: every control of the main pages is at least 44 px high on a phone.
    const small = Object.entries(m.small);
    if (name === 'phone' && needsFigure && small.length > 0) {
      problems.push(
        `phone: controls under ${MIN_TARGET_PX} px: ${small.map(([kind, e]) => `${e.count} ${kind} (${e.minHeight} px, e.g. ${e.example})`).join('; ')}`,
      );
    }
    if (needsFigure) {
      await page.evaluate(() => window.scrollTo(0, 0));
      if (!(await figureInFirstScreen(page)))
        problems.push(`${name}: no visible figure (svg or img with content) in the first screen`);
    }
  }
  await page.setViewportSize(DESKTOP);
  return { problems, needsFigure };
}

async function visitSitemapPage(tab, origin, path, baseUrl) {
  const visit = await visitPath(tab, origin, path);
  const { violations, axeError } = visit.loadError
    ? { violations: [], axeError: undefined }
    : await axeOrError(tab.page);
  if (!visit.loadError) {
    const layout = await layoutChecks(tab.page, path, baseUrl).catch((error) => ({
      problems: [`layout check failed: ${error instanceof Error ? error.message : String(error)}`],
    }));
    visit.layout = layout.problems;
    visit.figureChecked = layout.needsFigure;
  }
  tab.visit = null;
  if (countProblems(visit) > 0) {
    const file = join(ARTIFACTS, `page-${slug(path)}.png`);
    await tab.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    visit.notes.push(`screenshot: ${shown(file)}`);
  }
  reportPage(path, visit, violations, axeError);
  const layoutName = `layout ${path} — no sideways scroll at ${DESKTOP.width} and ${PHONE.width} px${visit.figureChecked ? `, a figure in the first screen, tap targets ≥ ${MIN_TARGET_PX} px` : ''}`;
  if (visit.layout?.length) harness.fail(layoutName, visit.layout.join('\n'));
  else if (visit.layout) harness.pass(layoutName);
}

async function runPageCheck(context, origin, check) {
  const tab = await openTab(context, origin);
  const { page } = tab;
  const visit = await visitPath(tab, origin, check.path);
  const notes = [];
  const ctx = {
    timeoutMs: check.timeoutMs,
    log: (line) => notes.push(line),
    screenshot: async (name, locator) => {
      const file = join(ARTIFACTS, `${slug(name)}.png`);
      // The sticky navbar would cover the top of an element scrolled into view.
      await (locator ?? page).screenshot({ path: file, style: SCREENSHOT_STYLE });
      notes.push(`screenshot: ${shown(file)}`);
      return file;
    },
  };
  const startedAt = Date.now();
  let failure;
  if (!visit.loadError) {
    let timer;
    try {
      const outcome = await Promise.race([
        check.run(page, ctx),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`did not finish within ${seconds(check.timeoutMs)}`)),
            check.timeoutMs,
          );
        }),
      ]);
      if (outcome && typeof outcome === 'object' && outcome.ok === false) failure = outcome.details;
      else if (typeof outcome === 'string') notes.push(outcome);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
    }
  }
  if (failure) await ctx.screenshot(`${check.name} (failed)`).catch(() => {});
  const { violations, axeError } = await axeOrError(page);
  tab.visit = null;
  await page.close();

  const lines = [...notes, ...problemLines(visit)];
  const name = `${check.name} (${check.path}) (${seconds(Date.now() - startedAt)})`;
  if (failure || countProblems(visit) > 0) {
    harness.fail(name, [failure, ...lines].filter(Boolean).join('\n'));
  } else {
    harness.pass(name, lines.join('\n'));
  }
  reportAxe(`axe ${check.path} after "${check.name}"`, violations, axeError);
}

/** Runs `fn(item, worker)` over `items` with `workers.length` workers, in order of the list. */
async function pool(items, workers, fn) {
  let next = 0;
  const run = async (worker) => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await fn(item, worker);
    }
  };
  await Promise.all(workers.map(run));
}

async function main() {
  const sitemapFile = join(SITE_BUILD, 'sitemap.xml');
  const ready = await harness.check('the built site is there', () => {
    if (!existsSync(join(SITE_BUILD, 'index.html')) || !existsSync(sitemapFile)) {
      throw new CheckError(
        `${shown(SITE_BUILD)} has no index.html and sitemap.xml: ` +
          'build the site first with `pnpm --filter @overparam/site run build` ' +
          '(or point E2E_SITE_BUILD at a build).',
      );
    }
    if (!existsSync(CHROMIUM_PATH)) {
      throw new CheckError(
        `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`,
      );
    }
    return shown(SITE_BUILD);
  });
  if (!ready) return;

  const buildStamp = statSync(sitemapFile).mtimeMs;
  const baseUrl = detectBaseUrl(readFileSync(join(SITE_BUILD, 'index.html'), 'utf8'));
  const allPaths = sitemapPaths(readFileSync(sitemapFile, 'utf8'));
  const paths = allPaths.filter((path) => path.includes(ONLY));
  const checks = PAGE_CHECKS.filter((check) => `${check.path} ${check.name}`.includes(ONLY));
  const listed = await harness.check('sitemap.xml lists pages', () => {
    if (allPaths.length === 0) throw new CheckError('sitemap.xml has no <loc>');
    return `${allPaths.length} pages${ONLY ? `, ${paths.length} matching E2E_ONLY='${ONLY}'` : ''}, baseUrl ${baseUrl}`;
  });
  if (!listed) return;

  await mkdir(ARTIFACTS, { recursive: true });
  // Screenshots of an earlier run would pass for this one's.
  for (const file of await readdir(ARTIFACTS)) {
    if (file.endsWith('.png')) await rm(join(ARTIFACTS, file), { force: true });
  }
  const server = await startStaticServer(SITE_BUILD, {
    basePath: baseUrl,
    extraFiles: { [AXE_ROUTE]: AXE_PATH },
  });
  let browser;
  try {
    const launchedAt = Date.now();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
    console.log(
      `# Chromium ${browser.version()} launched in ${seconds(Date.now() - launchedAt)}; site at ${server.url}`,
    );
    const context = await browser.newContext({ viewport: DESKTOP });

    const pageStart = Date.now();
    const tabs = await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, paths.length) }, () =>
        openTab(context, server.origin),
      ),
    );
    await pool(paths, tabs, (path, tab) => visitSitemapPage(tab, server.origin, path, baseUrl));
    await Promise.all(tabs.map((tab) => tab.page.close()));
    console.log(`# ${paths.length} sitemap pages in ${seconds(Date.now() - pageStart)}`);

    for (const check of checks) {
      const path = check.path.startsWith('/') ? check.path.slice(1) : check.path;
      await runPageCheck(context, server.origin, { ...check, path: `${baseUrl}${path}` });
    }
    await context.close();
    if (defaultRunTimes.length > 0) {
      console.log(`# default runs (target ≤ ${DEFAULT_RUN_TARGET_S} s on wasm):`);
      for (const t of defaultRunTimes)
        console.log(
          `#   ${t.id}: ${t.seconds.toFixed(2)} s (result ${t.sinceLoad.toFixed(1)} s after navigation)`,
        );
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  // A build running beside us deletes and rewrites the folder: every page then fails with a
  // 404 that says nothing about the site.
  await harness.check('the site build did not change during the run', () => {
    const now = existsSync(sitemapFile) ? statSync(sitemapFile).mtimeMs : undefined;
    if (now !== buildStamp) {
      throw new CheckError(
        `${shown(SITE_BUILD)} was rebuilt or removed while the test ran (a concurrent ` +
          '`docusaurus build`?); failures above may be that, not the site. Run again.',
      );
    }
  });
}

try {
  await main();
} catch (error) {
  harness.fail(
    'e2e harness',
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
}
console.log(`# artifacts: ${shown(ARTIFACTS)}`);
console.log(`# total ${seconds(Date.now() - started)}`);
process.exitCode = harness.finish();
