// The theory overlay of the Double descent demo (/docs/double-descent?data=linear…): on the
// Gaussian linear preset the MSE chart draws the HMRT limit (from @overparam/bounds) over the
// simulated sweep. Contract, besides the kit's (experiment.mjs):
//   [data-testid="theory-note"]  data-theory-series="HMRT limit", data-theory-end (the limit's
//                                value at its largest N), data-theory-end-n (that N), and the
//                                sentence saying what should and need not match
// The claim checked: away from N = n the simulation agrees with the limit — at the largest N
// (10n) the simulated test MSE is within 35% of it (one draw at n = 40: finite-n fluctuations).
import { readTable, waitForFinal } from './experiment.mjs';

const DEMO = '[data-testid="double-descent-demo"]';
const TOLERANCE = 0.35;

/** The demo's URL with the small Gaussian linear preset on `backend`. */
export function doubleDescentTheoryPath(backend) {
  return `/docs/double-descent?data=linear&n=40&test=400&points=8&backend=${backend}`;
}

export async function doubleDescentTheory(page, ctx) {
  await page.locator(DEMO).waitFor({ state: 'visible' });
  const note = page.locator('[data-testid="theory-note"]');
  const status = await waitForFinal(page, DEMO);
  await ctx.screenshot(
    'double-descent-theory-wasm',
    page.locator(DEMO).locator('[data-testid="demo-figure"]'),
  );
  if (status !== 'done') throw new Error(`data-status is '${status}', expected 'done'`);
  const series = await note.getAttribute('data-theory-series');
  if (series !== 'HMRT limit')
    throw new Error(
      `data-theory-series is '${series}', expected 'HMRT limit' on the linear preset`,
    );
  const text = (await note.textContent()) ?? '';
  if (!/HMRT limit/.test(text))
    throw new Error(`the theory note does not name the limit: '${text}'`);

  const limit = Number(await note.getAttribute('data-theory-end'));
  const limitN = Number(await note.getAttribute('data-theory-end-n'));
  const rows = (await readTable(page, 'double-descent')).map((r) => ({
    ...r,
    N: Number(r.nFeatures),
  }));
  const last = rows.sort((a, b) => a.N - b.N).at(-1);
  if (!last) throw new Error('no result rows');
  const gap = Math.abs(last.testMse - limit) / limit;
  ctx.log(
    `at N = ${last.N}: simulated test MSE ${last.testMse}, HMRT limit ${limit.toFixed(4)} (at N = ${limitN.toFixed(1)}), gap ${(100 * gap).toFixed(1)}%`,
  );
  if (Math.abs(limitN - last.N) > 0.5)
    throw new Error(`the limit ends at N = ${limitN}, the sweep at N = ${last.N}`);
  if (!(gap <= TOLERANCE))
    throw new Error(
      `the simulation (${last.testMse}) is ${(100 * gap).toFixed(1)}% from the HMRT limit (${limit}); allowed ${100 * TOLERANCE}%`,
    );
}
