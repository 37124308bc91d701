// The Linear networks demo (/docs/linear-networks), driven by the shared kit driver
// (experiment.mjs: figure first, automatic default run, stale greying, "Run it in Node"), then
// the page's own claims (https://overparam.dev/docs/theory/linear-networks), read from the
// run's summary, which covers every step, not only the table's selected ones:
//   [data-testid="certificate-summary"]  data-steps, data-violations, data-max-rho,
//                                        data-decreasing-steps, data-certified-steps,
//                                        data-loss-first, data-loss-last, data-mu-first,
//                                        data-bound-first, data-max-residual
//   [data-testid="linear-networks-results"]  the selected steps (t, η_t, loss, ρ_t, ratio, μ_t, …)
//
// The demo is float64 JavaScript with no TensorFlow.js backend, so it runs the same anywhere.
// Claims: with the default imbalanced start (δ = 0.5) no step breaks the certificate, ρ_t < 1
// at every step and the loss falls at every step, μ₀ ≥ its imbalance bound 0.5, the identities
// hold to rounding, and every selected step of the table has ρ_t ≥ ratio; then with δ = 0
// (balanced) the bound is 0 and ρ_t exceeds 1 somewhere (the guarantee is lost), still with no
// violation.
import { driveExperiment } from './experiment.mjs';

const DEMO = '[data-testid="linear-networks-demo"]';
const SUMMARY = `${DEMO} [data-testid="certificate-summary"]`;

/** The demo's URL with its defaults. */
export function linearNetworksPath() {
  return '/docs/linear-networks';
}

/** The summary's data-* numbers. */
async function summaryOf(page) {
  return page
    .locator(SUMMARY)
    .evaluate((node) =>
      Object.fromEntries(
        [...node.attributes]
          .filter((a) => a.name.startsWith('data-') && a.name !== 'data-testid')
          .map((a) => [a.name.slice(5), Number(a.value)]),
      ),
    );
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

export async function linearNetworksDemo(page, ctx) {
  let a = null;
  const { rows } = await driveExperiment(page, ctx, {
    id: 'linear-networks',
    change: async (p) => {
      // The default run's summary, before the change replaces it.
      a = await summaryOf(p);
      await p.locator(DEMO).getByRole('spinbutton', { name: 'Imbalance δ' }).fill('0');
    },
  });
  ctx.log(
    `δ = 0.5: ${a.steps} steps, ${a.violations} violations, max ρ ${a['max-rho']}, ` +
      `loss ${a['loss-first']} → ${a['loss-last']}, μ₀ ${a['mu-first']} ≥ bound ${a['bound-first']}, ` +
      `residual ${a['max-residual']}`,
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

  // The table: t = 0 first, the last step last, ρ_t ≥ the actual ratio and < 1 on every row.
  expectThat(rows.length >= 5, `the table shows ${rows.length} steps`);
  expectThat(rows[0].t === 0, `the table starts at t = ${rows[0].t}`);
  expectThat(rows.at(-1).t === a.steps - 1, `the table ends at t = ${rows.at(-1).t}`);
  for (const r of rows) {
    expectThat(r.rho >= r.ratio, `t = ${r.t}: ρ_t ${r.rho} < the actual ratio ${r.ratio}`);
    expectThat(r.rho < 1, `t = ${r.t}: ρ_t ${r.rho} ≥ 1 at δ = 0.5`);
  }
  const svgs = await page.locator(`${DEMO} [data-testid="demo-figure"] svg`).count();
  expectThat(svgs >= 3, `${svgs} <svg> in the demo's figure, expected 3 charts`);

  // Balanced (δ = 0), after the driver's re-run.
  const b = await summaryOf(page);
  await ctx.screenshot('linear-networks-demo-balanced', page.locator(DEMO));
  ctx.log(
    `δ = 0: ${b.steps} steps, ${b.violations} violations, max ρ ${b['max-rho']}, ` +
      `bound ${b['bound-first']}, ρ < 1 at ${b['certified-steps']} steps`,
  );
  expectThat(b['bound-first'] < 1e-12, `the balanced start has bound ${b['bound-first']}, not 0`);
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
