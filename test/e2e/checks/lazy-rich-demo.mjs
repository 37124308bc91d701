// The Lazy and rich training demo (/docs/lazy-and-rich-training?…), driven through its contract:
//   [data-testid="lazy-rich-demo"]    data-status: idle | running | done | cancelled | error
//   [data-testid="backend-badge"]     data-backend="<name>" once started
//   <button> "Run comparison" (and "Cancel")
//   [data-testid="lazy-rich-results"] rows tr[data-alpha][data-width][data-finite], with
//                                     td[data-col="loss" | "weightChange" | "scaledDistance" | "ntkChange"]
//   [data-testid="demo-figure"]       the charts (<svg>) once data exist
//
// The preset is the page's default comparison (α ∈ {1/4, 1, 4, 16, 64}, width 256) cut to 150
// steps. The claims checked are Chizat–Oyallon–Bach's (https://overparam.dev/docs/theory/sharpness#lazy-training) on the real output: the
// weight change and the NTK change fall with α (by ≥ 20× from α = 1 to 64), α·‖θ − θ₀‖ is the
// same for α ≥ 4 (within 10%) and within a factor 2 for α ≥ 1, and the rich run (α = 1/4) moves
// its kernel more than the α = 1 run.

const DEMO = '[data-testid="lazy-rich-demo"]';
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
const RUN_TIMEOUT_MS = 120_000;

/** The demo's URL for `backend` with the small preset. */
export function lazyRichPath(backend) {
  return `/docs/lazy-and-rich-training?steps=150&backend=${backend}`;
}

/** The first number in `text` ("1.2e-3" → 0.0012), or NaN. */
function parseNumber(text) {
  const match = /[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?/i.exec(text ?? '');
  return match ? Number(match[0].replaceAll(',', '')) : Number.NaN;
}

export async function lazyRichDemo(page, ctx, backend) {
  const demo = page.locator(DEMO);
  await demo.waitFor({ state: 'visible' });

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Run comparison', exact: true }).click();
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
  await ctx.screenshot(`lazy-rich-demo-${backend}`, demo);
  if (finalStatus !== 'done') {
    throw new Error(
      `data-status is '${finalStatus}' ${took} s after "Run comparison", expected 'done'`,
    );
  }
  ctx.log(`data-status done ${took} s after "Run comparison"`);

  const badge = await page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  if (badge !== backend)
    throw new Error(`the badge says data-backend='${badge}', expected '${backend}'`);

  const rows = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="lazy-rich-results"] tr[data-alpha]')].map(
      (row) => ({
        alpha: row.getAttribute('data-alpha'),
        finite: row.getAttribute('data-finite'),
        loss: row.querySelector('[data-col="loss"]')?.textContent ?? '',
        weightChange: row.querySelector('[data-col="weightChange"]')?.textContent ?? '',
        scaledDistance: row.querySelector('[data-col="scaledDistance"]')?.textContent ?? '',
        ntkChange: row.querySelector('[data-col="ntkChange"]')?.textContent ?? '',
      }),
    ),
  );
  const runs = rows
    .map((r) => ({
      alpha: Number(r.alpha),
      finite: r.finite === 'true',
      loss: parseNumber(r.loss),
      weightChange: parseNumber(r.weightChange),
      scaledDistance: parseNumber(r.scaledDistance),
      ntkChange: parseNumber(r.ntkChange),
    }))
    .sort((a, b) => a.alpha - b.alpha);
  for (const r of runs) {
    ctx.log(
      `α=${r.alpha}: loss ${r.loss}, weight change ${r.weightChange}, α·distance ${r.scaledDistance}, NTK change ${r.ntkChange}`,
    );
  }
  const alphas = runs.map((r) => r.alpha).join(', ');
  if (alphas !== '0.25, 1, 4, 16, 64')
    throw new Error(`result rows for α = ${alphas}, expected 0.25, 1, 4, 16, 64`);
  const bad = runs.find(
    (r) =>
      !r.finite ||
      ![r.loss, r.weightChange, r.scaledDistance, r.ntkChange].every(
        (v) => Number.isFinite(v) && v > 0,
      ),
  );
  if (bad) throw new Error(`the run α = ${bad.alpha} has no finite positive measurements`);

  const lazy = runs.filter((r) => r.alpha >= 1);
  for (let i = 1; i < lazy.length; i++) {
    const [a, b] = [lazy[i - 1], lazy[i]];
    if (!(b.ntkChange < a.ntkChange && b.weightChange < a.weightChange)) {
      throw new Error(
        `from α = ${a.alpha} to ${b.alpha} the NTK change (${a.ntkChange} → ${b.ntkChange}) or the weight change (${a.weightChange} → ${b.weightChange}) did not fall`,
      );
    }
  }
  const fall = lazy[0].ntkChange / lazy.at(-1).ntkChange;
  if (!(fall >= 20))
    throw new Error(`the NTK change fell only ${fall.toFixed(1)}× from α = 1 to 64`);
  const spread = (list) =>
    Math.max(...list.map((r) => r.scaledDistance)) / Math.min(...list.map((r) => r.scaledDistance));
  const deep = spread(runs.filter((r) => r.alpha >= 4));
  if (!(deep <= 1.1))
    throw new Error(`α·‖θ − θ₀‖ varies ${deep.toFixed(3)}× over α ≥ 4, not ≤ 1.1`);
  const all = spread(lazy);
  if (!(all <= 2)) throw new Error(`α·‖θ − θ₀‖ varies ${all.toFixed(3)}× over α ≥ 1, not ≤ 2`);
  const rich = runs[0];
  if (!(rich.ntkChange > lazy[0].ntkChange)) {
    throw new Error(
      `the rich run α = 1/4 moved its NTK by ${rich.ntkChange}, not more than α = 1 (${lazy[0].ntkChange})`,
    );
  }
  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  if (svgs < 4) throw new Error(`${svgs} <svg> in [data-testid="demo-figure"], expected 4 charts`);
  return `5 runs; NTK change ${rich.ntkChange} (α = 1/4) → ${lazy[0].ntkChange} (α = 1) → ${lazy.at(-1).ntkChange} (α = 64); α·‖θ − θ₀‖ spread ${deep.toFixed(3)}× over α ≥ 4; figure: ${svgs} <svg>`;
}
