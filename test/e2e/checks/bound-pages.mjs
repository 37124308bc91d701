// The bound pages (/docs/bounds/<id>), one check per page, driven through the shared
// BoundPage component's contract (site/src/components/bound-page):
//   [data-testid="bound-curve"]    the formula curve under the title (server-rendered):
//                                  data-bound-id, data-input (swept key), data-input-label (its
//                                  control's label), data-input-type, data-from, data-to,
//                                  data-scale, data-points (points drawn);
//                                  svg[data-testid="bound-curve-svg"] with path[data-series] and
//                                  the marker g[data-testid="bound-curve-marker"][data-x]
//   [data-testid="bound-page"]     data-bound-id="<id>" (server-rendered statement, citation)
//   [data-testid="bound-live"]     data-status: idle | running | done | cancelled | error
//   [data-testid="backend-badge"]  data-backend="<name>" once a backend started
//   [data-testid="bound-value"]    the computed value (data-value, empty when not given)
//   [data-testid="assumptions"]    items [data-assumption][data-holds][data-scope=theorem|check]
//   <button> "Run the check"
//   [data-testid="check-result"]   data-passes="true|false", td[data-col=predicted|measured]
//   [data-testid="check-figure"]   the bound-against-measurement chart (<svg>) when a series exists,
//                                  with Download CSV / JSON / SVG buttons in check-result
//
// The pages are the .mdx files of site/docs/bounds (every registered bound has one; the
// registry test enforces it), so a bound added with `pnpm new:bound` is visited with no wiring.
// Each check asserts, in order: the formula curve is drawn (a path with content) in the first
// screen before any click; at the defaults every assumption holds and the empirical check
// passes; the page is no wider than a 390 px phone; changing the swept input's field moves the
// curve's marker to the new value.

import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
const RUN_TIMEOUT_MS = 120_000;
/** The headline curve must have at least this many drawn points (segments of its path). */
const MIN_CURVE_POINTS = 10;
const PHONE = { width: 390, height: 844 };
const MARKER_TIMEOUT_MS = 10_000;

/** The formula curve's geometry and content as the page shows it now (no interaction). */
async function readCurve(page, id) {
  return page.evaluate((boundId) => {
    const fig = document.querySelector(`[data-testid="bound-curve"][data-bound-id="${boundId}"]`);
    if (!fig) return { error: 'no [data-testid="bound-curve"] on the page' };
    const svg = fig.querySelector('svg[data-testid="bound-curve-svg"]');
    if (!svg) return { error: 'the curve has no svg[data-testid="bound-curve-svg"]' };
    const box = svg.getBoundingClientRect();
    const style = getComputedStyle(svg);
    const paths = [...svg.querySelectorAll('path[data-series]')].map((p) => ({
      series: p.getAttribute('data-series'),
      segments: (p.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0,
    }));
    const marker = svg.querySelector('[data-testid="bound-curve-marker"]');
    return {
      top: box.top + window.scrollY,
      bottom: box.bottom + window.scrollY,
      width: box.width,
      height: box.height,
      screen: window.innerHeight,
      visible: style.visibility !== 'hidden' && style.display !== 'none',
      paths,
      points: Number(fig.getAttribute('data-points')),
      input: fig.getAttribute('data-input'),
      inputLabel: fig.getAttribute('data-input-label'),
      integer: fig.getAttribute('data-input-type') === 'integer',
      from: Number(fig.getAttribute('data-from')),
      to: Number(fig.getAttribute('data-to')),
      scale: fig.getAttribute('data-scale'),
      markerX: marker ? Number(marker.getAttribute('data-x')) : null,
      markerPx: marker ? Number(marker.querySelector('line')?.getAttribute('x1')) : null,
    };
  }, id);
}

/** Throws unless the formula curve is drawn, with content, in the first screen. */
async function assertCurveInFirstScreen(page, id) {
  const c = await readCurve(page, id);
  if (c.error) throw new Error(c.error);
  if (!c.visible || c.width < 200 || c.height < 120)
    throw new Error(`the formula curve is not visible (${c.width}×${c.height} px)`);
  if (c.top >= c.screen - 120)
    throw new Error(
      `the formula curve starts at ${Math.round(c.top)} px, below the first screen (${c.screen} px)`,
    );
  const longest = Math.max(0, ...c.paths.map((p) => p.segments));
  if (c.points < MIN_CURVE_POINTS || longest < MIN_CURVE_POINTS)
    throw new Error(
      `the formula curve has ${c.points} points drawn (paths: ${JSON.stringify(c.paths)}); expected ≥ ${MIN_CURVE_POINTS}`,
    );
  if (c.markerX === null || !Number.isFinite(c.markerX))
    throw new Error('the formula curve has no marker at the reader’s value');
  return c;
}

/** A value of the swept input away from the current one: 70% along the range, or 30% if past half. */
function probeValue(c) {
  const log = c.scale === 'log';
  const at = log
    ? Math.log(c.markerX / c.from) / Math.log(c.to / c.from)
    : (c.markerX - c.from) / (c.to - c.from);
  const t = at < 0.5 ? 0.7 : 0.3;
  const v = log ? c.from * (c.to / c.from) ** t : c.from + (c.to - c.from) * t;
  return c.integer ? Math.round(v) : Number(v.toPrecision(3));
}

/** Changes the swept input's number field and waits until the curve's marker sits at the new value. */
async function assertMarkerMoves(page, id, before) {
  const live = page.locator('[data-testid="bound-live"]');
  const field = live.getByRole('spinbutton', { name: before.inputLabel, exact: true });
  if ((await field.count()) !== 1)
    throw new Error(
      `no single number field labelled '${before.inputLabel}' for the swept input ${before.input}`,
    );
  const next = probeValue(before);
  await field.fill(String(next));
  const moved = await page
    .waitForFunction(
      ({ sel, x }) => {
        const v = Number(document.querySelector(sel)?.getAttribute('data-x'));
        return Number.isFinite(v) && Math.abs(v - x) <= 1e-9 * Math.max(1, Math.abs(x)) ? v : false;
      },
      {
        sel: `[data-testid="bound-curve"][data-bound-id="${id}"] [data-testid="bound-curve-marker"]`,
        x: next,
      },
      { timeout: MARKER_TIMEOUT_MS, polling: 100 },
    )
    .then(() => true)
    .catch(() => false);
  const after = await readCurve(page, id);
  if (!moved)
    throw new Error(
      `after setting ${before.input} to ${next} the curve's marker is at ${after.markerX} (was ${before.markerX})`,
    );
  if (after.markerPx === before.markerPx)
    throw new Error(
      `the marker's data-x moved to ${next} but its line stayed at x = ${before.markerPx} px`,
    );
  return `${before.input} ${before.markerX} → ${next}: marker moved ${Math.round(before.markerPx)} → ${Math.round(after.markerPx)} px`;
}

/** Throws unless the page at phone width scrolls no wider than the screen (wide parts scroll inside). */
async function assertPhoneWidth(page) {
  const original = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    await page.waitForTimeout(300); // the curve re-measures its container
    const { width, wide } = await page.evaluate((limit) => {
      const overflow = [];
      for (const el of document.querySelectorAll('article *')) {
        const r = el.getBoundingClientRect();
        if (r.right > limit + 1 && r.width > 0) {
          // Inside a horizontally scrolling box (tables, display formulas) is fine.
          let p = el.parentElement;
          let scrolls = false;
          while (p && p !== document.body) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') {
              scrolls = p.getBoundingClientRect().right <= limit + 1;
              if (scrolls) break;
            }
            p = p.parentElement;
          }
          if (!scrolls)
            overflow.push(
              `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} (right ${Math.round(r.right)})`,
            );
        }
      }
      return { width: document.documentElement.scrollWidth, wide: overflow.slice(0, 5) };
    }, PHONE.width);
    if (width > PHONE.width + 1)
      throw new Error(
        `at ${PHONE.width} px the page is ${width} px wide: ${wide.join(', ') || 'outside the article'}`,
      );
    return width;
  } finally {
    if (original) await page.setViewportSize(original);
  }
}

/** The ids of the bound pages: every site/docs/bounds/<id>.mdx except the index. */
export function boundPageIds(docsDir = join(ROOT, 'site', 'docs', 'bounds')) {
  return readdirSync(docsDir)
    .filter((f) => f.endsWith('.mdx') && f !== 'index.mdx')
    .map((f) => f.slice(0, -'.mdx'.length))
    .sort();
}

/** The page of one bound on `backend`, at its default inputs. */
export function boundPagePath(id, backend) {
  return `/docs/bounds/${id}?backend=${backend}`;
}

export async function boundPage(page, ctx, id, backend) {
  const shell = page.locator(`[data-testid="bound-page"][data-bound-id="${id}"]`);
  await shell.waitFor({ state: 'visible' });
  // Figure first: the formula curve is drawn in the first screen before any click.
  const curve = await assertCurveInFirstScreen(page, id);
  ctx.log(
    `formula curve in the first screen before any click: ${curve.points} points over ${curve.input} (top ${Math.round(curve.top)} px of ${curve.screen})`,
  );
  const live = page.locator('[data-testid="bound-live"]');
  await live.waitFor({ state: 'visible' });
  await page.waitForFunction(
    (b) =>
      document.querySelector('[data-testid="backend-badge"]')?.getAttribute('data-backend') === b,
    backend,
    { timeout: 30_000 },
  );

  const broken = await page.locator('[data-testid="assumptions"] [data-holds="false"]').count();
  if (broken > 0) {
    const ids = await page
      .locator('[data-testid="assumptions"] [data-holds="false"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-assumption')));
    throw new Error(`assumptions broken at the defaults: ${ids.join(', ')}`);
  }
  const value = await page.locator('[data-testid="bound-value"]').textContent();
  if (!value?.trim()) throw new Error('no computed value shown');
  const inputError = await page.locator('[data-testid="input-error"]').count();
  if (inputError > 0) throw new Error('the default inputs are reported invalid');

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Run the check', exact: true }).click();
  const finalStatus = await page
    .waitForFunction(
      ({ finals }) => {
        const status = document
          .querySelector('[data-testid="bound-live"]')
          ?.getAttribute('data-status');
        return finals.includes(status) ? status : false;
      },
      { finals: FINAL_STATUSES },
      { timeout: RUN_TIMEOUT_MS, polling: 250 },
    )
    .then((handle) => handle.jsonValue())
    .catch(async () => `still ${await live.getAttribute('data-status')}`);
  const took = ((Date.now() - startedAt) / 1000).toFixed(1);
  await ctx.screenshot(`bound-${id}-${backend}`, live);
  if (finalStatus !== 'done') {
    const status = await page.locator('[data-testid="bound-live"] [role="status"]').textContent();
    throw new Error(`data-status is '${finalStatus}' ${took} s after "Run the check" (${status})`);
  }
  const result = page.locator('[data-testid="check-result"]');
  const passes = await result.getAttribute('data-passes');
  const predicted = await result.locator('td[data-col="predicted"]').textContent();
  const measured = await result.locator('td[data-col="measured"]').textContent();
  if (passes !== 'true') {
    const details = await result.textContent();
    throw new Error(`the empirical check fails at the defaults: ${details}`);
  }
  const series = await page.locator('[data-testid="check-series"] tbody tr').count();
  const svgs = await page.locator('[data-testid="check-figure"] svg').count();
  if (series > 0 && svgs === 0)
    throw new Error('a series but no <svg> in [data-testid="check-figure"]');
  const exports = await result.getByRole('button', { name: /^Download (CSV|JSON|SVG)$/ }).count();
  if (series > 0 && exports < 3)
    throw new Error(`the check's series has ${exports} of the CSV, JSON and SVG downloads`);

  const phoneWidth = await assertPhoneWidth(page);
  ctx.log(`at ${PHONE.width} px the page is ${phoneWidth} px wide`);
  const marker = await assertMarkerMoves(page, id, await readCurve(page, id));
  ctx.log(`changing the swept input moves the curve's marker: ${marker}`);
  return `value ${value.trim()}; check passes in ${took} s (predicted ${predicted}, measured ${measured}); ${series} series points, ${svgs} <svg>; curve ${curve.points} points, ${marker}`;
}

/** One PAGE_CHECKS entry per bound page, on wasm. */
export function boundPageChecks(backend = 'wasm') {
  return boundPageIds().map((id) => ({
    name: `Bound page ${id} runs its empirical check on ${backend}`,
    path: boundPagePath(id, backend),
    timeoutMs: 150_000,
    run: (page, ctx) => boundPage(page, ctx, id, backend),
  }));
}
