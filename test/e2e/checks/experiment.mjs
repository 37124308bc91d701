// The one driver of every demo built on the site's demo kit (site/src/components/demo-kit:
// useExperiment + ExperimentDemo), through the contract the kit renders:
//   [data-testid="<id>-demo"]      data-status: idle | running | done | cancelled | error,
//                                  data-stale: true | false, data-seconds: the last run's time
//   [data-testid="demo-figure"]    the figure: the static <img> until the first row, then <svg>
//   [data-testid="<id>-results"]   the results table, td[data-col="<column key>"]
//   [data-testid="stale-note"]     "Settings changed" while old rows are shown
//   <button> "Run it in Node"      opens [data-testid="node-script"], the script for the settings
//
// driveExperiment checks, in order, what the issue asks of every demo: a visible figure in the
// first screen before any click; the default run starts by itself and finishes (its time is
// logged, and compared with the 3 s target); a changed control greys the old results at once
// and the re-run replaces them; the Node script for the current settings runs and exits 0.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPTS_DIR = join(TEST_DIR, 'e2e', '.artifacts', 'node-scripts');
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
/** The target for every default run on wasm on a 2-core machine. */
export const DEFAULT_RUN_TARGET_S = 3;
/**
 * A default run slower than this fails: a gross regression, not a benchmark (the time itself is
 * logged against the 3 s target; E2E_DEFAULT_RUN_LIMIT_S overrides the limit).
 */
const DEFAULT_RUN_LIMIT_S = Number(process.env.E2E_DEFAULT_RUN_LIMIT_S ?? 12);
const RUN_TIMEOUT_MS = 90_000;
const SCRIPT_TIMEOUT_MS = 90_000;

/** Every default run's seconds, for the summary line of the e2e report. */
export const defaultRunTimes = [];

/** Waits until the demo's data-status is final (done, error, cancelled); returns it. */
export async function waitForFinal(page, selector, timeout = RUN_TIMEOUT_MS) {
  return page
    .waitForFunction(
      ({ sel, finals }) => {
        const el = document.querySelector(sel);
        const status = el?.getAttribute('data-status');
        return finals.includes(status) && el?.getAttribute('data-stale') !== 'true'
          ? status
          : false;
      },
      { sel: selector, finals: FINAL_STATUSES },
      { timeout, polling: 100 },
    )
    .then((handle) => handle.jsonValue())
    .catch(async () => `still ${await page.locator(selector).getAttribute('data-status')}`);
}

/** The number a cell's text starts with ("1.2e-3", "45.1%" → 0.451, "∞" → Infinity), or the text. */
export function cellValue(text) {
  const t = (text ?? '').trim();
  if (t === '∞') return Infinity;
  if (t === '–' || t === '') return null;
  const match = /^[-+−]?\d[\d,_]*(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(t);
  if (!match) return t;
  const value = Number(match[0].replaceAll(',', '').replaceAll('_', '').replace('−', '-'));
  return t.slice(match[0].length).trim().startsWith('%') ? value / 100 : value;
}

/** The results table as objects keyed by data-col (numbers parsed), plus each row's data-*. */
export async function readTable(page, id) {
  const cells = await page.evaluate((testId) => {
    const rows = document.querySelectorAll(`[data-testid="${testId}"] tbody tr`);
    return [...rows]
      .filter((tr) => tr.querySelector('[data-col]'))
      .map((tr) => ({
        data: { ...tr.dataset },
        cells: Object.fromEntries(
          [...tr.querySelectorAll('[data-col]')].map((td) => [td.dataset.col, td.textContent]),
        ),
      }));
  }, `${id}-results`);
  return cells.map(({ data, cells: c }) => ({
    ...data,
    ...Object.fromEntries(Object.entries(c).map(([k, v]) => [k, cellValue(v)])),
  }));
}

/**
 * What makes the first screen's figure: an <svg> or <img> with content visible in the first
 * screen of the article (the static figure is an <img>: it may take a moment to load, so this
 * waits up to `timeoutMs`). Resolves to its description, or null when there is none.
 */
export async function figureInFirstScreen(page, timeoutMs = 5_000) {
  return page
    .waitForFunction(
      () => {
        // Docs pages: the article; the landing page has none (its figure is in the hero).
        const root = document.querySelector('article') ?? document.body;
        const screen = window.innerHeight;
        for (const el of root.querySelectorAll('svg, img')) {
          const box = el.getBoundingClientRect();
          if (box.width < 120 || box.height < 80) continue; // icons, logos
          if (box.top + window.scrollY >= screen || box.bottom <= 0) continue;
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden' || style.display === 'none') continue;
          if (el instanceof HTMLImageElement) {
            if (el.complete && el.naturalWidth > 0) return `img ${el.getAttribute('src')}`;
            continue;
          }
          if (el.querySelector('path, line, circle, rect, polyline, text')) return 'svg';
        }
        return false;
      },
      null,
      { timeout: timeoutMs, polling: 250 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => null);
}

function runNode(file) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [file], {
      cwd: TEST_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, out, err });
    });
  });
}

/**
 * Drives one kit demo on the current page (already loaded at its path). `change(page)` changes
 * one main control (it must make the settings differ from the defaults). `firstOnPage: false`
 * for a demo further down a page (its own figure is checked, not the first screen). Returns
 * `{ rows, rowsAfter, seconds, script }`: the table at the defaults and after the change.
 */
export async function driveExperiment(
  page,
  ctx,
  { id, change, runTimeoutMs = RUN_TIMEOUT_MS, firstOnPage = true },
) {
  const selector = `[data-testid="${id}-demo"]`;
  const demo = page.locator(selector);
  await demo.waitFor({ state: 'visible' });

  if (firstOnPage) {
    // The page's first demo: its figure is what the reader sees first, before any click.
    const figure = await figureInFirstScreen(page);
    if (!figure) throw new Error('no visible figure (svg or img with content) in the first screen');
    ctx.log(`figure in the first screen before any click: ${figure}`);
  } else {
    // A later demo on the page: its own figure is there (static or live) before any click.
    await demo.scrollIntoViewIfNeeded();
    const own = demo.locator('[data-testid="demo-figure"]').locator('svg, img').first();
    await own.waitFor({ state: 'visible', timeout: 10_000 });
    ctx.log('the demo shows its figure before any click');
  }

  const status = await waitForFinal(page, selector, runTimeoutMs);
  // Seconds from the start of navigation to the finished default run: what a reader waits.
  const sinceLoad = await page.evaluate(() => performance.now() / 1000);
  if (status !== 'done') {
    const text = await page.locator('[data-testid="run-status"]').first().textContent();
    throw new Error(`the default run ended '${status}', expected 'done' (status: ${text})`);
  }
  const seconds = Number(await demo.getAttribute('data-seconds'));
  defaultRunTimes.push({ id, seconds, sinceLoad });
  ctx.log(
    `default run started by itself and finished in ${seconds.toFixed(2)} s (target ≤ ${DEFAULT_RUN_TARGET_S} s on wasm); ${sinceLoad.toFixed(1)} s after navigation started`,
  );
  if (!(seconds <= DEFAULT_RUN_LIMIT_S))
    throw new Error(`the default run took ${seconds} s, over the ${DEFAULT_RUN_LIMIT_S} s limit`);
  const rows = await readTable(page, id);
  if (rows.length === 0) throw new Error('the default run left an empty results table');
  await ctx.screenshot(`${id}-defaults`, demo);

  let rowsAfter = rows;
  if (change) {
    await change(page);
    const greyed = await page
      .waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('data-stale') === 'true',
        selector,
        {
          timeout: 2_000,
          polling: 20,
        },
      )
      .then(() => true)
      .catch(() => false);
    if (!greyed) {
      // A run fast enough may have replaced the rows before we looked: then the first new row
      // must have arrived, which the status shows.
      const now = await demo.getAttribute('data-status');
      if (now !== 'running' && now !== 'done')
        throw new Error('changing a control did not grey the old results (data-stale never true)');
      ctx.log('changing a control: the re-run replaced the rows before the grey state was seen');
    } else {
      ctx.log('changing a control greyed the old results (data-stale="true", "Settings changed")');
    }
    const after = await waitForFinal(page, selector, runTimeoutMs);
    if (after !== 'done') throw new Error(`the re-run after the change ended '${after}'`);
    rowsAfter = await readTable(page, id);
    if (rowsAfter.length === 0) throw new Error('the re-run left an empty results table');
    ctx.log(
      `re-run after the change: ${rowsAfter.length} rows, ${await demo.getAttribute('data-seconds')} s`,
    );
  }

  await demo.getByRole('button', { name: 'Run it in Node', exact: true }).click();
  const text = await demo.locator('[data-testid="node-script"]').textContent();
  if (!text?.includes('@overparam/'))
    throw new Error('the Node script is empty or imports no package');
  await mkdir(SCRIPTS_DIR, { recursive: true });
  const file = join(SCRIPTS_DIR, `${id}.mjs`);
  await writeFile(file, text);
  const t0 = Date.now();
  const run = await runNode(file);
  const took = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.code !== 0) {
    throw new Error(
      `node ${file} exited ${run.code ?? run.signal} after ${took} s:\n${(run.err || run.out).slice(-2000)}`,
    );
  }
  if (run.out.trim() === '') throw new Error(`node ${file} printed nothing`);
  ctx.log(
    `"Run it in Node": the script ran in ${took} s and printed ${run.out.trim().split('\n').length} lines`,
  );
  return { rows, rowsAfter, seconds, script: { file, out: run.out } };
}
