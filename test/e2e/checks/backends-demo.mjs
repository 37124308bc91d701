// The Backends demo (/docs/backends?backend=<name>), driven through its contract:
//   [data-testid="backends-demo"]   data-status: idle | running | done | cancelled | error
//   [data-testid="backend-badge"]   data-backend="<name>" once started
//   <button> "Run benchmark" (and "Cancel")
//   [data-testid="gemm-results"]    rows tr[data-backend="<name>"][data-n="<n>"], one cell of
//                                   which (td[data-col="gflops"], else the column headed
//                                   GFLOP/s) holds the rate
//   [data-testid="demo-figure"]     contains an <svg> chart

const DEMO = '[data-testid="backends-demo"]';
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
/** From "Run benchmark" to data-status="done" (SwiftShader WebGPU takes ~5 s today). */
const RUN_TIMEOUT_MS = 120_000;

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

/** Rows of the results table for `backend`: n and the text of the GFLOP/s cell. */
async function resultRows(page, backend) {
  return page.evaluate((name) => {
    const container = document.querySelector('[data-testid="gemm-results"]');
    if (!container) return { error: 'no [data-testid="gemm-results"]' };
    const table =
      container instanceof HTMLTableElement ? container : container.querySelector('table');
    if (!table) return { error: '[data-testid="gemm-results"] holds no <table>' };
    const headers = [...(table.tHead?.rows[0]?.cells ?? [])].map((cell) => cell.textContent ?? '');
    const column = headers.findIndex((text) => /gflop/i.test(text));
    if (column < 0) {
      return { error: `no GFLOP/s column among the headers: ${JSON.stringify(headers)}` };
    }
    const rows = [...table.querySelectorAll(`tr[data-backend="${name}"][data-n]`)];
    return {
      rows: rows.map((row) => ({
        n: row.getAttribute('data-n'),
        gflops:
          (row.querySelector('[data-col="gflops"]') ?? row.cells[column])?.textContent?.trim() ??
          '',
        text: [...row.cells].map((cell) => cell.textContent?.trim() ?? '').join(' | '),
      })),
    };
  }, backend);
}

/** The text as a reader sees it, lines joined with ' · ' (textContent runs words together). */
function renderedText(locator) {
  return locator.evaluate((element) =>
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    element.innerText.replace(/\s*\n\s*/g, ' · ').trim(),
  );
}

/** The first number in `text` ("1,234.5 GFLOP/s" → 1234.5), or NaN. */
export function parseRate(text) {
  const match = /[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(text);
  return match ? Number(match[0].replaceAll(',', '')) : Number.NaN;
}

export async function backendsDemo(page, ctx, backend) {
  if (backend === 'webgpu') {
    const gpu = await webgpuAdapter(page);
    if (!gpu.gpu) throw new Error('navigator.gpu is missing: is --enable-unsafe-webgpu passed?');
    if (!gpu.adapter) throw new Error('navigator.gpu.requestAdapter() returned null');
    ctx.log(`WebGPU adapter: ${JSON.stringify(gpu.adapter)}`);
  }

  const demo = page.locator(DEMO);
  await demo.waitFor({ state: 'visible' });
  const initial = await demo.getAttribute('data-status');
  ctx.log(`status before the run: ${initial}`);

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Run benchmark', exact: true }).click();
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
  await ctx.screenshot(`backends-demo-${backend}`, demo);

  if (finalStatus !== 'done') {
    const text = (await renderedText(demo)).slice(0, 600);
    throw new Error(
      `data-status is '${finalStatus}' ${took} s after "Run benchmark", expected 'done'. Demo text: ${text}`,
    );
  }
  ctx.log(`data-status done ${took} s after "Run benchmark"`);

  const badge = page.locator('[data-testid="backend-badge"]');
  const badgeBackend = await badge.getAttribute('data-backend', { timeout: 5_000 });
  const badgeText = await renderedText(badge);
  if (badgeBackend !== backend) {
    throw new Error(
      `the badge says data-backend='${badgeBackend}' ("${badgeText}"), expected '${backend}'`,
    );
  }
  ctx.log(`badge: data-backend=${badgeBackend} "${badgeText}"`);

  const table = await resultRows(page, backend);
  if (table.error) throw new Error(table.error);
  if (table.rows.length === 0) {
    throw new Error(`no result row tr[data-backend="${backend}"][data-n] in the results table`);
  }
  for (const row of table.rows) {
    const rate = parseRate(row.gflops);
    if (!Number.isFinite(rate) || rate <= 0) {
      throw new Error(`row n=${row.n}: GFLOP/s cell '${row.gflops}' is not a positive number`);
    }
    ctx.log(`n=${row.n}: ${rate} GFLOP/s (${row.text})`);
  }

  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  if (svgs === 0) throw new Error('no <svg> in [data-testid="demo-figure"]');
  return `figure: ${svgs} <svg>`;
}
