// The Edge of stability demo (/docs/edge-of-stability?backend=…), driven through its contract:
//   [data-testid="edge-of-stability-demo"]  data-status: idle | running | done | cancelled | error
//   [data-testid="backend-badge"]           the active backend (data-backend)
//   <button> "Train" (and "Cancel")
//   [data-testid="eos-summary"]             data-done, data-effective-step (η̃), data-edge,
//                                           data-last-step, data-sharpness-first, data-sharpness-max,
//                                           data-sharpness-tail, data-loss-first, data-loss-last,
//                                           data-lambda-max, data-threshold, data-lee,
//                                           data-lin-below-ratio, data-lin-above-ratio, data-diverged
//   [data-testid="demo-figure"]             the three charts (<svg>) once measurements exist
//
// Claims checked on the defaults (https://overparam.dev/docs/theory/linearized-gd#stability and https://overparam.dev/docs/theory/sharpness#edge-of-stability; a tanh MLP of width 32 with two hidden
// layers, n = 100, η̃ = 0.1, 300 full-batch GD steps on the page's backend): the sharpness
// c·λ_max(∇²L) starts below 0.8 × 2/η̃ = 16 and averages within 10% of 2/η̃ = 20 over the last
// third of the run, above where it started (progressive sharpening); the loss fell; the network
// did not diverge; the linearized model at θ₀ converges at 0.98 × 2/λ_max(Θ₀) and grows at
// 1.02 × (by more than 10³ in 300 steps: the top mode grows by 1.04 per step).

const DEMO = '[data-testid="edge-of-stability-demo"]';
const SUMMARY = '[data-testid="eos-summary"]';
const RUN_TIMEOUT_MS = 120_000;

/** The demo's URL with its defaults on a forced backend. */
export function edgeOfStabilityPath(backend) {
  return `/docs/edge-of-stability?backend=${backend}`;
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

export async function edgeOfStabilityDemo(page, ctx, backend) {
  const demo = page.locator(DEMO);
  await demo.waitFor({ state: 'visible' });
  await page
    .locator(`[data-testid="backend-badge"][data-backend="${backend}"]`)
    .waitFor({ timeout: 30_000 })
    .catch(async () => {
      const text = await page.locator('[data-testid="backend-badge"]').textContent();
      throw new Error(`the demo did not start on ${backend}: badge says '${text}'`);
    });

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const handle = await page
    .waitForFunction(
      ({ demo, summary }) => {
        const status = document.querySelector(demo)?.getAttribute('data-status');
        if (status === 'error') return { error: true };
        const node = document.querySelector(summary);
        if (status !== 'done' || !node || node.getAttribute('data-done') !== '1') return false;
        return Object.fromEntries(
          [...node.attributes]
            .filter((a) => a.name.startsWith('data-') && a.name !== 'data-testid')
            .map((a) => [a.name.slice(5), Number(a.value)]),
        );
      },
      { demo: DEMO, summary: SUMMARY },
      { timeout: RUN_TIMEOUT_MS, polling: 250 },
    )
    .catch(async () => {
      const status = await demo.getAttribute('data-status');
      const text = await page
        .locator(SUMMARY)
        .textContent()
        .catch(() => '(no summary)');
      throw new Error(
        `the run did not finish within ${RUN_TIMEOUT_MS / 1000} s (data-status '${status}'; ${text})`,
      );
    });
  const s = await handle.jsonValue();
  if (s.error) {
    const alert = await page
      .getByRole('alert')
      .textContent()
      .catch(() => '');
    throw new Error(`the demo reported an error: ${alert}`);
  }
  const seconds = (Date.now() - startedAt) / 1000;
  await ctx.screenshot(`edge-of-stability-demo-${backend}`, demo);
  ctx.log(
    `done in ${seconds.toFixed(1)} s on ${backend}: ${s['last-step']} steps, sharpness ` +
      `${s['sharpness-first'].toFixed(2)} → max ${s['sharpness-max'].toFixed(2)} → tail ` +
      `${s['sharpness-tail'].toFixed(2)} (2/η̃ = ${s.edge}), loss ${s['loss-first'].toExponential(2)} → ` +
      `${s['loss-last'].toExponential(2)}; λ_max(Θ₀) ${s['lambda-max'].toFixed(3)}, 2/λ_max ` +
      `${s.threshold.toFixed(4)}; linearized loss ×${s['lin-below-ratio'].toExponential(1)} at 0.98, ` +
      `×${s['lin-above-ratio'].toExponential(1)} at 1.02`,
  );
  expectThat(s.diverged === 0, 'the network diverged at the default step');
  expectThat(s['last-step'] === 300, `the run ended at step ${s['last-step']}, expected 300`);
  expectThat(s['effective-step'] === 0.1, `η̃ is ${s['effective-step']}, expected the default 0.1`);
  expectThat(Math.abs(s.edge - 20) < 1e-9, `2/η̃ is ${s.edge}, expected 20 (η̃ = 0.1)`);
  expectThat(
    s['sharpness-first'] < 0.8 * s.edge,
    `the sharpness starts at ${s['sharpness-first']}, not below 0.8 × 2/η̃: no sharpening to see`,
  );
  expectThat(
    Math.abs(s['sharpness-tail'] - s.edge) / s.edge < 0.1,
    `the sharpness averages ${s['sharpness-tail']} over the last third, not within 10% of 2/η̃ = ${s.edge}`,
  );
  expectThat(
    s['loss-last'] < 0.05 * s['loss-first'],
    `loss ${s['loss-first']} → ${s['loss-last']}: not 20× lower`,
  );
  expectThat(
    Math.abs(s.threshold * s['lambda-max'] - 2) < 1e-9,
    `2/λ_max is ${s.threshold} with λ_max ${s['lambda-max']}`,
  );
  expectThat(
    s['lin-below-ratio'] < 0.1,
    `the linearized model at 0.98 × 2/λ_max changed its loss by ×${s['lin-below-ratio']}, expected it to fall`,
  );
  expectThat(
    s['lin-above-ratio'] > 1e3,
    `the linearized model at 1.02 × 2/λ_max changed its loss by ×${s['lin-above-ratio']}, expected > 10³`,
  );
  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  expectThat(svgs >= 3, `${svgs} <svg> in [data-testid="demo-figure"], expected 3 charts`);
  return (
    `${backend}: sharpness ${s['sharpness-first'].toFixed(1)} → ${s['sharpness-tail'].toFixed(2)} ` +
    `(2/η̃ = 20) in ${seconds.toFixed(1)} s; linearized ×${s['lin-below-ratio'].toExponential(1)} below, ` +
    `×${s['lin-above-ratio'].toExponential(1)} above 2/λ_max`
  );
}
