// The Linear algebra demo (/docs/linear-algebra?backend=<name>), driven by the shared
// experiment driver (checks/experiment.mjs: figure first, the default sweep runs by itself,
// a change greys the old rows until the re-run, "Run it in Node"); the change sets
// "Samples n" from 100 to 60. Then the page's claims, on the rows at the defaults (n = 100,
// 13 points, seed 0) and after the change (n = 60), read from the results table
// [data-testid="linear-algebra-results"], td[data-col=N|ratio|cond|residual64|error64|
// error32|cgIterations]:
//   - the float64 Gram residual ‖Gc − r‖/‖r‖ stays below 1e-8 at every N;
//   - there is a row at N = n (N/n = 1), and κ(G) peaks there (or is ≥ 100× κ at N = n/4);
//   - the float32 error at N = n is ≥ 100× its smaller value at the ends of the sweep (or CG
//     broke down there).
// The float64 columns do not depend on the backend (plain JavaScript, seeded). In Node on
// wasm: n = 100 gives κ(G) = 5.6e7 at N = n (2.3e5 × κ at n/4), residuals ≤ 1.9e-10, a
// float32 error of 0.98 there against 1.7e-5 and 8.6e-6 at the ends; n = 60 gives κ = 1.4e7
// (1.9e5 ×), residuals ≤ 6e-11, a float32 error of about 1 against ≤ 1e-5. The thresholds
// leave two to four decades of margin.
import { driveExperiment } from './experiment.mjs';

const ID = 'linear-algebra';
/** The default number of samples, and the one the check switches to. */
const DEFAULT_N = 100;
const CHANGED_N = 60;
/** Largest float64 relative residual ‖Gc − r‖/‖r‖ accepted at any N. */
const MAX_RESIDUAL64 = 1e-8;
/** When κ at N = n is not the sweep's maximum, it must still be this many times κ at n/4. */
const MIN_PEAK_RATIO = 100;
/** The float32 error at N = n must be this many times its smaller value at the sweep's ends. */
const MIN_FLOAT32_RISE = 100;

/** The demo's URL for `backend`, at the default settings. */
export function linearAlgebraPath(backend) {
  return `/docs/linear-algebra?backend=${backend}`;
}

const sci = (v) => (typeof v === 'number' && Number.isFinite(v) ? v.toExponential(2) : String(v));

/** The page's claims on the rows of one sweep at n samples; returns a line for the report. */
function checkSweep(ctx, rows, n) {
  if (rows.length === 0) throw new Error(`no result row at n = ${n}`);
  for (const row of rows) {
    ctx.log(
      `n=${n}, N=${row.N} (N/n ${row.ratio}): κ ${sci(row.cond)}, residual64 ${sci(row.residual64)}, ` +
        `error64 ${sci(row.error64)}, error32 ${sci(row.error32)}, CG ${row.cgIterations}`,
    );
  }

  const badResidual = rows.filter((row) => !(row.residual64 <= MAX_RESIDUAL64));
  if (badResidual.length > 0) {
    throw new Error(
      `n = ${n}: the float64 relative residual exceeds ${MAX_RESIDUAL64} (or is not a number) at ` +
        badResidual.map((row) => `N=${row.N} (${sci(row.residual64)})`).join(', '),
    );
  }

  const atThreshold = rows.find((row) => row.N === n);
  if (atThreshold?.ratio !== 1) {
    throw new Error(
      `no row with N = n = ${n} (N/n = 1): the results are not those of n = ${n}; ` +
        `rows: ${rows.map((row) => `${row.N} (N/n ${row.ratio})`).join(', ')}`,
    );
  }
  const peak = rows.reduce((best, row) => (row.cond > best.cond ? row : best), rows[0]);
  const first = rows.reduce((lo, row) => (row.N < lo.N ? row : lo), rows[0]);
  const last = rows.reduce((hi, row) => (row.N > hi.N ? row : hi), rows[0]);
  const ratio = atThreshold.cond / first.cond;
  if (peak.N !== n && !(ratio >= MIN_PEAK_RATIO)) {
    throw new Error(
      `n = ${n}: κ(G) peaks at N=${peak.N} (${sci(peak.cond)}), not at N = n (${sci(atThreshold.cond)}), ` +
        `and κ at N = n is only ${sci(ratio)}× κ at N=${first.N}`,
    );
  }

  // Float32 loses its digits at the threshold: CG broke down there ('–'), or its error is far
  // above the error at the ends of the sweep.
  const ends = Math.min(first.error32, last.error32);
  const float32Broke = typeof atThreshold.error32 !== 'number';
  if (!float32Broke && !(atThreshold.error32 >= MIN_FLOAT32_RISE * ends)) {
    throw new Error(
      `n = ${n}: the float32 error at N = n is ${sci(atThreshold.error32)}, not ${MIN_FLOAT32_RISE}× its value ` +
        `at the ends of the sweep (${sci(first.error32)} at N=${first.N}, ${sci(last.error32)} at N=${last.N})`,
    );
  }
  return (
    `n = ${n}: ${rows.length} rows, κ(G) at N = n ${sci(atThreshold.cond)} ` +
    `(${peak.N === n ? 'the maximum' : `max at N=${peak.N}`}, ${sci(ratio)}× N=${first.N}), ` +
    `float32 error there ${float32Broke ? 'CG broke down' : sci(atThreshold.error32)} against ` +
    `${sci(first.error32)} and ${sci(last.error32)} at the ends`
  );
}

export async function linearAlgebraDemo(page, ctx, backend) {
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: ID,
    change: (p) =>
      p.getByRole('spinbutton', { name: 'Samples n', exact: true }).fill(String(CHANGED_N)),
  });

  const badge = page.locator('[data-testid="backend-badge"]');
  const badgeBackend = await badge.getAttribute('data-backend', { timeout: 5_000 });
  if (badgeBackend !== backend) {
    throw new Error(`the badge says data-backend='${badgeBackend}', expected '${backend}'`);
  }

  const atDefaults = checkSweep(ctx, rows, DEFAULT_N);
  const afterChange = checkSweep(ctx, rowsAfter, CHANGED_N);
  const svgs = await page
    .locator(`[data-testid="${ID}-demo"] [data-testid="demo-figure"] svg`)
    .count();
  if (svgs === 0) throw new Error('no <svg> in [data-testid="demo-figure"]');
  return `${atDefaults}; ${afterChange}; figure: ${svgs} <svg>`;
}
