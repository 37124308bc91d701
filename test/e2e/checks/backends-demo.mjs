// The Backends demo (/docs/backends?backend=<name>: the page's backend forced by the URL),
// driven by the shared experiment driver (checks/experiment.mjs: figure first, the default
// benchmark runs by itself on the page's backend, a change greys the old rows until the
// re-run, "Run it in Node"); the change sets the sizes from 128, 256, 512 to 64, 256. Then
// the page's claims, on the rows at the defaults and after the change, read from the results
// table [data-testid="backends-results"], td[data-col=backend|n|milliseconds|gflops|
// sampledRelError]:
//   - the badge says data-backend="<name>", and every row was measured on it;
//   - one row per size asked for, each with a positive, finite GFLOP/s from n = 256 on (a
//     smaller multiply may take less than the browser clock's 0.1 ms: its rate is then '–',
//     never ∞ or 0);
//   - the sampled relative error of the float32 product is at most F32_RTOL = 1e-4 (float32
//     rounding gives about 6e-8 here; WebGL's float16 would not pass, and is not checked).

import { driveExperiment } from './experiment.mjs';

const ID = 'backends';
const DEFAULT_SIZES = [128, 256, 512];
const CHANGED_SIZES = [64, 256];
/** From this size on, a multiply takes well over the browser clock's 0.1 ms on any backend. */
const ALWAYS_TIMED = 256;
/** The float32 tolerance the page states (F32_RTOL of @overparam/tensor). */
const F32_RTOL = 1e-4;

/** The demo's URL with `backend` forced (run.mjs writes the same path). */
export function backendsPath(backend) {
  return `/docs/backends?backend=${backend}`;
}

/** `navigator.gpu` and its adapter, as the page sees them. */
async function webgpuAdapter(page) {
  return page.evaluate(async () => {
    if (!('gpu' in navigator) || !navigator.gpu) return { gpu: false };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { gpu: true, adapter: null };
    const info = adapter.info ?? {};
    return {
      gpu: true,
      adapter: {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device,
        description: info.description,
        isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter,
      },
    };
  });
}

/** The claims on the rows of one run of `sizes` on `backend`; returns a line for the report. */
function checkRun(ctx, rows, backend, sizes) {
  for (const row of rows) {
    ctx.log(
      `${row.backend} n=${row.n}: ${row.gflops} GFLOP/s, ${row.milliseconds} ms, rel. error ${row.sampledRelError}`,
    );
  }
  const other = rows.filter((row) => row.backend !== backend);
  if (other.length > 0) {
    throw new Error(
      `rows measured on ${[...new Set(other.map((row) => row.backend))].join(', ')}, expected only ${backend}`,
    );
  }
  const ns = rows.map((row) => row.n);
  if (ns.join(',') !== sizes.join(',')) {
    throw new Error(`rows for n = ${ns.join(', ')}, expected n = ${sizes.join(', ')}`);
  }
  for (const row of rows) {
    const untimed = row.gflops === null && row.n < ALWAYS_TIMED;
    if (!untimed && !(Number.isFinite(row.gflops) && row.gflops > 0)) {
      throw new Error(`n=${row.n}: GFLOP/s cell '${row.gflops}' is not a positive number`);
    }
    if (!(row.sampledRelError <= F32_RTOL)) {
      throw new Error(
        `n=${row.n}: sampled relative error ${row.sampledRelError} is over F32_RTOL = ${F32_RTOL}`,
      );
    }
  }
  const best = rows.reduce((a, b) => ((b.gflops ?? 0) > (a.gflops ?? 0) ? b : a));
  return `n = ${sizes.join(', ')}: up to ${best.gflops} GFLOP/s (n = ${best.n})`;
}

export async function backendsDemo(page, ctx, backend) {
  if (backend === 'webgpu') {
    const gpu = await webgpuAdapter(page);
    if (!gpu.gpu) throw new Error('navigator.gpu is missing: is --enable-unsafe-webgpu passed?');
    if (!gpu.adapter) throw new Error('navigator.gpu.requestAdapter() returned null');
    ctx.log(`WebGPU adapter: ${JSON.stringify(gpu.adapter)}`);
  }

  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: ID,
    change: (p) =>
      p
        .getByRole('textbox', { name: 'Matrix sizes n', exact: true })
        .fill(CHANGED_SIZES.join(', ')),
  });

  const badge = page.locator('[data-testid="backend-badge"]');
  const badgeBackend = await badge.getAttribute('data-backend', { timeout: 5_000 });
  if (badgeBackend !== backend) {
    throw new Error(`the badge says data-backend='${badgeBackend}', expected '${backend}'`);
  }
  ctx.log(`badge: data-backend=${badgeBackend}`);

  const atDefaults = checkRun(ctx, rows, backend, DEFAULT_SIZES);
  const afterChange = checkRun(ctx, rowsAfter, backend, CHANGED_SIZES);
  const svgs = await page
    .locator(`[data-testid="${ID}-demo"] [data-testid="demo-figure"] svg`)
    .count();
  if (svgs === 0) throw new Error('no <svg> in [data-testid="demo-figure"]');
  return `${atDefaults}; ${afterChange}; figure: ${svgs} <svg>`;
}
