// The Double descent demo (/docs/double-descent), driven by the shared kit driver
// (experiment.mjs: figure first, automatic default run, stale greying, "Run it in Node"), then
// the page's own claims on the default sweep (MNIST, n = 400, 16 values of N through N = n):
//   - the test-MSE peak and the ‖a‖ peak sit within one grid step of N = n, and the fit at
//     N = n took the float64 path;
//   - the largest N beats the peak;
//   - the classical U shows in the 0–1 test error: its minimum over N < n lies strictly inside
//     that range (below the first N and below the last N before the threshold), and the largest
//     N ends below the bottom of the U (the second descent).
// Then the 1-D interpolant demo on the same page: at N = n the learned function is far from
// sin x (distance > 10× that at 40n) and its coefficients far larger.
import { driveExperiment } from './experiment.mjs';

/** The demo's URL at its defaults on `backend`. */
export function doubleDescentPath(backend) {
  return `/docs/double-descent?backend=${backend}`;
}

export async function doubleDescentDemo(page, ctx, backend) {
  const { rows } = await driveExperiment(page, ctx, {
    id: 'double-descent',
    change: (p) => p.getByRole('spinbutton', { name: 'Training samples n' }).fill('300'),
  });
  const badge = await page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  if (badge !== backend)
    throw new Error(`the badge says data-backend='${badge}', expected '${backend}'`);

  const n = 400;
  const points = rows.map((r) => ({ ...r, N: Number(r.nFeatures) })).sort((a, b) => a.N - b.N);
  if (points.length < 10) throw new Error(`only ${points.length} result rows at the defaults`);
  for (const p of points)
    ctx.log(
      `N=${p.N}: test MSE ${p.testMse}, test error ${p.testError01}, ‖a‖ ${p.norm}, ${p.path}`,
    );
  const at = points.findIndex((p) => p.N === n);
  if (at < 0) throw new Error(`no row for N = n = ${n}`);
  const argmax = (key, list = points) =>
    list.reduce((best, p, i) => (p[key] > list[best][key] ? i : best), 0);
  const peak = argmax('testMse');
  if (Math.abs(peak - at) > 1)
    throw new Error(
      `the test-MSE peak is at N=${points[peak].N}, more than one grid step from N = n`,
    );
  if (!(points.at(-1).testMse < points[peak].testMse))
    throw new Error('test MSE at the largest N is not below the peak');
  if (Math.abs(argmax('norm') - at) > 1) throw new Error('‖a‖ does not peak at N = n');
  if (points[at].path !== 'float64')
    throw new Error(`the point N = n took the '${points[at].path}' path, expected 'float64'`);

  const below = points.filter((p) => p.N < n);
  const bottom = below.reduce((a, b) => (b.testError01 < a.testError01 ? b : a));
  if (!(bottom.testError01 < below[0].testError01 && bottom.testError01 < below.at(-1).testError01))
    throw new Error(
      `no classical U: the 0–1 test error over N < n is lowest at N=${bottom.N}, an end of the range`,
    );
  if (!(points.at(-1).testError01 < bottom.testError01))
    throw new Error(
      `no second descent below the U: ${points.at(-1).testError01} at the largest N vs ${bottom.testError01}`,
    );

  // The interpolant demo, further down the same page.
  const interp = page.locator('[data-testid="interpolant-demo"]');
  await interp.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="interpolant-demo"]')?.getAttribute('data-status') ===
      'done',
    null,
    { timeout: 30_000 },
  );
  const fits = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="interpolant-results"] tbody tr')].map((tr) =>
      Object.fromEntries(
        [...tr.querySelectorAll('[data-col]')].map((td) => [td.dataset.col, td.textContent]),
      ),
    ),
  );
  if (fits.length !== 3)
    throw new Error(`the interpolant table has ${fits.length} rows, expected 3`);
  const dist = fits.map((f) => Number(f.testMse));
  ctx.log(`interpolant: distance to sin x ${dist.join(', ')} at N = n/4, n, 40n`);
  if (!(dist[1] > 10 * dist[2]))
    throw new Error('the N = n interpolant is not wild compared with N = 40n');
  await ctx.screenshot('double-descent-interpolant', interp);
  return `${points.length} rows; U bottom at N=${bottom.N} (${bottom.testError01}), peak at N=${points[peak].N}, last ${points.at(-1).testError01}`;
}
