// The Linear networks demo (/docs/linear-networks?…), driven through its contract:
//   [data-testid="linear-networks-demo"]  data-status: idle | running | done | cancelled | error
//   <button> "Run gradient descent" (and "Cancel"); the demo also reruns on every change
//   spinbutton "Imbalance δ"               the imbalance slider's numeric input
//   [data-testid="certificate-summary"]    data-steps, data-violations, data-max-rho,
//                                          data-decreasing-steps, data-loss-first, data-loss-last,
//                                          data-mu-first, data-bound-first, data-max-residual
//   [data-testid="demo-figure"]            the three charts (<svg>) once steps exist
//
// The demo is float64 JavaScript with no TensorFlow.js backend, so it runs the same anywhere.
// Claims checked (https://overparam.dev/docs/theory/linear-networks): with the default imbalanced start (δ = 0.5) no step breaks the
// certificate, ρ_t < 1 at every step and the loss falls at every step, μ₀ ≥ its imbalance bound
// 0.5, the identities hold to rounding; then with δ = 0 (balanced) the bound is 0 and ρ_t
// exceeds 1 somewhere (the guarantee is lost), still with no violation.

const DEMO = '[data-testid="linear-networks-demo"]';
const SUMMARY = '[data-testid="certificate-summary"]';
const RUN_TIMEOUT_MS = 60_000;

/** The demo's URL with its defaults. */
export function linearNetworksPath() {
  return '/docs/linear-networks';
}

/**
 * Waits until the demo is done and the summary's `data-<key>` is above (`gt`) or below (`lt`)
 * `value` (the mark of the run asked for, not of the one before); returns the summary's numbers.
 */
async function settled(page, { key, op, value }, what) {
  const handle = await page
    .waitForFunction(
      ({ demo, summary, key, op, value }) => {
        const status = document.querySelector(demo)?.getAttribute('data-status');
        const node = document.querySelector(summary);
        if (status !== 'done' || !node) return false;
        const attrs = Object.fromEntries(
          [...node.attributes]
            .filter((a) => a.name.startsWith('data-') && a.name !== 'data-testid')
            .map((a) => [a.name.slice(5), Number(a.value)]),
        );
        const ok = op === 'gt' ? attrs[key] > value : attrs[key] < value;
        return ok ? attrs : false;
      },
      { demo: DEMO, summary: SUMMARY, key, op, value },
      { timeout: RUN_TIMEOUT_MS, polling: 200 },
    )
    .catch(async () => {
      const status = await page.locator(DEMO).getAttribute('data-status');
      const text = await page
        .locator(SUMMARY)
        .textContent()
        .catch(() => '(no summary)');
      throw new Error(
        `${what}: not reached within ${RUN_TIMEOUT_MS / 1000} s (data-status '${status}'; ${text})`,
      );
    });
  return handle.jsonValue();
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

export async function linearNetworksDemo(page, ctx) {
  const demo = page.locator(DEMO);
  await demo.waitFor({ state: 'visible' });

  const startedAt = Date.now();
  await page.getByRole('button', { name: 'Run gradient descent', exact: true }).click();
  const a = await settled(
    page,
    { key: 'bound-first', op: 'gt', value: 0.4 },
    'the default run (δ = 0.5)',
  );
  ctx.log(
    `δ = 0.5 done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${a.steps} steps, ` +
      `${a.violations} violations, max ρ ${a['max-rho']}, loss ${a['loss-first']} → ${a['loss-last']}, ` +
      `μ₀ ${a['mu-first']} ≥ bound ${a['bound-first']}, residual ${a['max-residual']}`,
  );
  expectThat(a.steps >= 20, `only ${a.steps} steps`);
  expectThat(a.violations === 0, `${a.violations} certificate violations at δ = 0.5`);
  expectThat(a['max-rho'] < 1, `max ρ_t is ${a['max-rho']} at δ = 0.5, expected < 1 throughout`);
  expectThat(
    a['decreasing-steps'] === a.steps,
    `the loss fell at ${a['decreasing-steps']} of ${a.steps} steps, expected all (ρ < 1)`,
  );
  expectThat(
    a['loss-last'] < 1e-12 * a['loss-first'],
    `loss ${a['loss-first']} → ${a['loss-last']}: not converged`,
  );
  expectThat(
    Math.abs(a['bound-first'] - 0.5) < 1e-9 && a['mu-first'] >= a['bound-first'],
    `at t = 0 the bound is ${a['bound-first']} (expected 0.5) and μ₀ = ${a['mu-first']}`,
  );
  expectThat(a['max-residual'] < 1e-12, `identity residual ${a['max-residual']}`);
  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  expectThat(svgs >= 3, `${svgs} <svg> in [data-testid="demo-figure"], expected 3 charts`);

  // Balanced: slide δ to 0. The demo reruns by itself.
  await page.getByRole('spinbutton', { name: 'Imbalance δ' }).fill('0');
  const b = await settled(
    page,
    { key: 'bound-first', op: 'lt', value: 1e-12 },
    'the balanced run (δ = 0)',
  );
  await ctx.screenshot('linear-networks-demo-balanced', demo);
  ctx.log(
    `δ = 0 done: ${b.steps} steps, ${b.violations} violations, max ρ ${b['max-rho']}, ` +
      `bound ${b['bound-first']}, ρ < 1 at ${b['certified-steps']} steps`,
  );
  expectThat(b.violations === 0, `${b.violations} certificate violations at δ = 0`);
  expectThat(
    b['max-rho'] > 1,
    `max ρ_t is ${b['max-rho']} at δ = 0: expected the balanced start to lose the guarantee somewhere`,
  );
  return (
    `δ = 0.5: ${a.steps} steps, 0 violations, max ρ ${a['max-rho'].toFixed(3)}, ` +
    `bound ${a['bound-first'].toFixed(3)}; δ = 0: bound 0, max ρ ${b['max-rho'].toFixed(3)}, 0 violations`
  );
}
