// The Linear algebra demo (/docs/linear-algebra?backend=<name>&n=…), driven through its contract:
//   [data-testid="linear-algebra-demo"]  data-status: idle | running | done | cancelled | error
//   [data-testid="backend-badge"]        data-backend="<name>" once started
//   <button> "Run sweep" (and "Cancel")
//   [data-testid="precision-results"]    rows tr[data-n-features="<N>"] carrying the numbers at
//                                        full precision: data-cond, data-residual64,
//                                        data-residual32, data-error64, data-error32 (the
//                                        cells td[data-col="<same name>"] show them rounded)
//   [data-testid="demo-figure"]          contains an <svg> chart once data exists
//
// The preset is small (n = 40, 13 points: about a second of work) and its float64 columns do
// not depend on the backend (plain JavaScript, seeded): with seed 2, κ(G) = 3.3e5 at N = n, the
// maximum and 4.1e3 × its value at N = n/4, and the float64 residual stays below 5e-13
// (Chromium 156). The thresholds below leave four decades of margin.

const DEMO = '[data-testid="linear-algebra-demo"]';
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
/** From "Run sweep" to data-status="done". */
const RUN_TIMEOUT_MS = 120_000;
/** Largest float64 relative residual ‖Gc − r‖/‖r‖ accepted at any N. */
const MAX_RESIDUAL64 = 1e-8;
/** When κ at N = n is not the sweep's maximum, it must still be this many times κ at n/4. */
const MIN_PEAK_RATIO = 100;

/** The demo's URL for `backend` and the small preset. */
export function linearAlgebraPath(backend) {
  return `/docs/linear-algebra?backend=${backend}&n=40&points=13&seed=2&kind=relu`;
}

/** The text as a reader sees it, lines joined with ' · ' (textContent runs words together). */
function renderedText(locator) {
  return locator.evaluate((element) =>
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    element.innerText.replace(/\s*\n\s*/g, ' · ').trim(),
  );
}

/** The first number in `text` ("3.3e+5" → 330000), or NaN. */
function parseNumber(text) {
  const match = /[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(text ?? '');
  return match ? Number(match[0].replaceAll(',', '')) : Number.NaN;
}

/** Rows of the results table: N and each number, from data attributes (else the cell text). */
async function resultRows(page) {
  const raw = await page.evaluate(() => {
    const container = document.querySelector('[data-testid="precision-results"]');
    if (!container) return { error: 'no [data-testid="precision-results"]' };
    const table =
      container instanceof HTMLTableElement ? container : container.querySelector('table');
    if (!table) return { error: '[data-testid="precision-results"] holds no <table>' };
    const names = ['cond', 'residual64', 'residual32', 'error64', 'error32'];
    return {
      rows: [...table.querySelectorAll('tr[data-n-features]')].map((row) => {
        const values = {};
        for (const name of names) {
          values[name] =
            row.getAttribute(`data-${name}`) ??
            row.querySelector(`[data-col="${name}"]`)?.textContent?.trim() ??
            '';
        }
        return {
          N: row.getAttribute('data-n-features'),
          values,
          text: [...row.cells].map((cell) => cell.textContent?.trim() ?? '').join(' | '),
        };
      }),
    };
  });
  if (raw.error) return raw;
  return {
    rows: raw.rows.map((row) => ({
      N: Number(row.N),
      text: row.text,
      ...Object.fromEntries(
        Object.entries(row.values).map(([name, value]) => [name, parseNumber(value)]),
      ),
    })),
  };
}

const sci = (v) => (Number.isFinite(v) ? v.toExponential(2) : String(v));

export async function linearAlgebraDemo(page, ctx, backend) {
  const n = Number(new URL(page.url()).searchParams.get('n'));
  const demo = page.locator(DEMO);
  await demo.waitFor({ state: 'visible' });
  ctx.log(`status before the run: ${await demo.getAttribute('data-status')}`);

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Run sweep', exact: true }).click();
  const finalStatus = await page
    .waitForFunction(
      ({ selector, finals }) => {
        const status = document.querySelector(selector)?.getAttribute('data-status');
        return finals.includes(status) ? status : false;
      },
      { selector: DEMO, finals: FINAL_STATUSES },
      { timeout: RUN_TIMEOUT_MS, polling: 250 },
    )
    .then((handle) => handle.jsonValue())
    .catch(async () => `still ${await demo.getAttribute('data-status')}`);
  const took = ((Date.now() - startedAt) / 1000).toFixed(1);
  await ctx.screenshot(`linear-algebra-demo-${backend}`, demo);

  if (finalStatus !== 'done') {
    const text = (await renderedText(demo)).slice(0, 600);
    throw new Error(
      `data-status is '${finalStatus}' ${took} s after "Run sweep", expected 'done'. Demo text: ${text}`,
    );
  }
  ctx.log(`data-status done ${took} s after "Run sweep"`);

  const badge = page.locator('[data-testid="backend-badge"]');
  const badgeBackend = await badge.getAttribute('data-backend', { timeout: 5_000 });
  if (badgeBackend !== backend) {
    throw new Error(
      `the badge says data-backend='${badgeBackend}' ("${await renderedText(badge)}"), expected '${backend}'`,
    );
  }

  const table = await resultRows(page);
  if (table.error) throw new Error(table.error);
  const { rows } = table;
  if (rows.length === 0) throw new Error('no result row tr[data-n-features] in the results table');
  for (const row of rows) {
    ctx.log(
      `N=${row.N}: κ ${sci(row.cond)}, residual64 ${sci(row.residual64)}, error64 ${sci(row.error64)}, error32 ${sci(row.error32)}`,
    );
  }

  const badResidual = rows.filter((row) => !(row.residual64 <= MAX_RESIDUAL64));
  if (badResidual.length > 0) {
    throw new Error(
      `the float64 relative residual exceeds ${MAX_RESIDUAL64} (or is not a number) at ` +
        badResidual.map((row) => `N=${row.N} (${sci(row.residual64)})`).join(', '),
    );
  }

  const atThreshold = rows.find((row) => row.N === n);
  if (!atThreshold) {
    throw new Error(`no row for N = n = ${n}; rows: ${rows.map((row) => row.N).join(', ')}`);
  }
  const peak = rows.reduce((best, row) => (row.cond > best.cond ? row : best), rows[0]);
  const first = rows.reduce((lo, row) => (row.N < lo.N ? row : lo), rows[0]);
  const ratio = atThreshold.cond / first.cond;
  if (peak.N !== n && !(ratio >= MIN_PEAK_RATIO)) {
    throw new Error(
      `κ(G) peaks at N=${peak.N} (${sci(peak.cond)}), not at N = n = ${n} (${sci(atThreshold.cond)}), ` +
        `and κ at N = n is only ${sci(ratio)}× κ at N=${first.N}`,
    );
  }

  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  if (svgs === 0) throw new Error('no <svg> in [data-testid="demo-figure"]');
  return (
    `${rows.length} rows; κ(G) at N = n = ${n}: ${sci(atThreshold.cond)} ` +
    `(${peak.N === n ? 'the maximum' : `max at N=${peak.N}`}, ${sci(ratio)}× N=${first.N}); ` +
    `float32 error there ${sci(atThreshold.error32)} against ${sci(rows.at(-1).error32)} at N=${rows.at(-1).N}; ` +
    `figure: ${svgs} <svg>`
  );
}
