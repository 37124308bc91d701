// The "Any architecture" demo of the Kernels page (/docs/kernels?backend=…, 'layers': one
// @overparam/layers description gives the analytic NNGP and NTK in float64 and finite networks
// of the same description, whose Monte-Carlo kernels run in float32 on the page's backend),
// driven by the shared kit driver (experiment.mjs: the demo's figure before any click, the
// automatic default run, stale greying on a change, "Run it in Node"), then its claims on the
// results table. Its contract beyond the kit's:
//   [data-testid="layers-results"]  one row per angle θ_i = iπ/24 (25 rows), with full-precision
//                                   tr[data-theta-full][data-nngp-full][data-ntk-full]
//                                   [data-nngp-mc-full][data-nngp-se-full]
//                                   ([data-ntk-mc-full][data-ntk-se-full] when the NTK is estimated)
//   [data-testid="layers-summary"]  data-within2, data-estimates, data-max-z, data-k0, data-t0
//
// Claims, on the numbers the page computed:
//   - defaults (ReLU, 3 plain blocks, σ_w = 1.5, σ_b = 0.1, 100 networks of width 256): the
//     analytic kernels are 1 at θ = 0 (the demo divides by k(0) and Θ(0)), and equal, at every
//     angle, to the arc-cosine recursion computed here independently (to CLOSED_FORM_TOL); the
//     finite networks' NNGP is within Z_MAX standard errors of the line for at least
//     MIN_WITHIN_SHARE of the angles (Node: all 25 within 2 SE, largest |z| 1.41);
//   - the change (activation erf) re-runs and changes the curve (Node: k(π)/k(0) = −0.90 against
//     0.50), and the finite networks still agree;
//   - ReLU, one block, σ_b = 0: the normalized NNGP is the arc-cosine closed form
//     (1/π)(sin θ + (π − θ) cos θ) and the NTK (sin θ + 2(π − θ) cos θ)/(2π), to CLOSED_FORM_TOL;
//   - residual blocks (x + W·relu(x)), 3 of them: the finite networks agree with the summed
//     kernel (a residual branch ending in φ, x + φ(Wx), misses it by 20 SE at six blocks).
import { driveExperiment, readTable, waitForFinal } from './experiment.mjs';

const ID = 'layers';
const DEMO = `[data-testid="${ID}-demo"]`;
const N_ANGLES = 25;
/** float64 against float64 by another route: only rounding separates them. */
const CLOSED_FORM_TOL = 1e-9;
/** |estimate − kernel| / SE allowed for "within the error". */
const Z_MAX = 4;
/** Share of the estimates that must be within Z_MAX SE (a 4-SE miss is a 6e-5 event per point). */
const MIN_WITHIN_SHARE = 0.9;
/** The default run's σ_w, σ_b and blocks (the page's defaults). */
const DEFAULTS = { wStd: 1.5, bStd: 0.1, depth: 3 };

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

/**
 * The NNGP and NTK of L × (dense → relu) → dense at x(θ) against x(0) on the unit circle, in the
 * NTK parameterization (Σ⁰ = ⟨x, x'⟩/d, Θ⁰ = 0; dense: Σ' = σ_w²Σ + σ_b², Θ' = σ_w²Θ + Σ'; relu:
 * the arc-cosine moments of Cho & Saul 2009), written here independently of the package.
 */
function reluKernels(theta, { depth, wStd, bStd }) {
  const w2 = wStd * wStd;
  const b2 = bStd * bStd;
  let c = Math.cos(theta) / 2;
  let q = 1 / 2;
  let ntk = 0;
  const dense = () => {
    c = w2 * c + b2;
    q = w2 * q + b2;
    ntk = w2 * ntk + c;
  };
  for (let l = 0; l < depth; l++) {
    dense();
    const s = Math.sqrt(Math.max(q * q - c * c, 0));
    const angle = Math.atan2(s, c);
    ntk *= (Math.PI - angle) / (2 * Math.PI);
    c = (s + (Math.PI - angle) * c) / (2 * Math.PI);
    q /= 2;
  }
  dense();
  return { nngp: c, ntk };
}

/** The table's rows as numbers (full precision from the row attributes), checked complete. */
function anglesOf(rows, what) {
  expectThat(rows.length === N_ANGLES, `${what}: ${rows.length} rows, expected ${N_ANGLES}`);
  const out = rows.map((r) => ({
    theta: Number(r.thetaFull),
    nngp: Number(r.nngpFull),
    ntk: Number(r.ntkFull),
    nngpMc: Number(r.nngpMcFull),
    nngpSe: Number(r.nngpSeFull),
    ntkMc: r.ntkMcFull === undefined ? null : Number(r.ntkMcFull),
    ntkSe: r.ntkSeFull === undefined ? null : Number(r.ntkSeFull),
  }));
  out.forEach((r, i) => {
    expectThat(
      Math.abs(r.theta - (Math.PI * i) / (N_ANGLES - 1)) < 1e-12,
      `${what}: row ${i} has θ = ${r.theta}, expected ${(Math.PI * i) / (N_ANGLES - 1)}`,
    );
    expectThat(
      [r.nngp, r.ntk, r.nngpMc].every(Number.isFinite) && r.nngpSe > 0 && r.nngpSe < 0.2,
      `${what}: θ = ${r.theta} has no finite kernels or a standard error outside (0, 0.2): ${JSON.stringify(r)}`,
    );
  });
  return out;
}

/** k(0)/k(0) = 1: the demo's normalization. */
function normalizedAtZero(angles, what) {
  const [first] = angles;
  expectThat(
    Math.abs(first.nngp - 1) < 1e-12 && Math.abs(first.ntk - 1) < 1e-12,
    `${what}: the normalized kernels at θ = 0 are ${first.nngp} (NNGP) and ${first.ntk} (NTK), not 1`,
  );
}

/** The finite networks within Z_MAX SE of the lines for most angles; returns a one-line account. */
function agreement(angles, what) {
  const z = angles.flatMap((r) => [
    Math.abs(r.nngpMc - r.nngp) / r.nngpSe,
    ...(r.ntkMc === null ? [] : [r.ntkSe > 0 ? Math.abs(r.ntkMc - r.ntk) / r.ntkSe : 0]),
  ]);
  expectThat(z.length >= N_ANGLES, `${what}: only ${z.length} estimates`);
  const within = z.filter((v) => v <= Z_MAX).length;
  const maxZ = Math.max(...z);
  expectThat(
    within >= MIN_WITHIN_SHARE * z.length,
    `${what}: only ${within} of ${z.length} finite-network estimates within ${Z_MAX} SE of the analytic kernel (largest |z| ${maxZ.toFixed(2)})`,
  );
  return `${within} of ${z.length} within ${Z_MAX} SE, largest |z| ${maxZ.toFixed(2)}`;
}

/** The largest |table − expected| over the angles, for NNGP and NTK. */
function closedFormGap(angles, expected) {
  let nngp = 0;
  let ntk = 0;
  for (const r of angles) {
    const e = expected(r.theta);
    nngp = Math.max(nngp, Math.abs(r.nngp - e.nngp));
    ntk = Math.max(ntk, Math.abs(r.ntk - e.ntk));
  }
  return { nngp, ntk };
}

/** Makes `act` change controls, then waits for the re-run of the new settings to finish. */
async function rerun(page, what, act) {
  await act(page.locator(DEMO));
  await page
    .waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-stale') === 'true',
      DEMO,
      {
        timeout: 2_000,
        polling: 20,
      },
    )
    .catch(() => {});
  const status = await waitForFinal(page, DEMO);
  expectThat(status === 'done', `${what}: the re-run ended '${status}'`);
  return anglesOf(await readTable(page, ID), what);
}

/** The Kernels page on `backend` (the layers demo is its second demo). */
export function layersPath(backend) {
  return `/docs/kernels?backend=${backend}`;
}

/** Drives the layers demo; throws on the first claim that fails. */
export async function layersDemo(page, ctx, backend) {
  const demo = page.locator(DEMO);
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: ID,
    firstOnPage: false,
    change: async (p) => {
      await p.locator(DEMO).getByLabel('Activation φ').selectOption('erf');
    },
  });
  const badge = await demo.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  expectThat(badge === backend, `the badge says data-backend='${badge}', expected '${backend}'`);

  // Defaults: ReLU, 3 plain blocks.
  const relu = anglesOf(rows, 'defaults');
  normalizedAtZero(relu, 'defaults');
  const ref0 = reluKernels(0, DEFAULTS);
  const gap = closedFormGap(relu, (theta) => {
    const k = reluKernels(theta, DEFAULTS);
    return { nngp: k.nngp / ref0.nngp, ntk: k.ntk / ref0.ntk };
  });
  expectThat(
    gap.nngp < CLOSED_FORM_TOL && gap.ntk < CLOSED_FORM_TOL,
    `defaults: the analytic kernels are ${gap.nngp} (NNGP) and ${gap.ntk} (NTK) from the arc-cosine recursion (> ${CLOSED_FORM_TOL})`,
  );
  const defaults = agreement(relu, 'defaults');
  const last = relu.at(-1);
  ctx.log(
    `defaults (ReLU, 3 plain blocks): k(π)/k(0) = ${last.nngp.toFixed(4)}, Θ(π)/Θ(0) = ${last.ntk.toFixed(4)}, ${gap.nngp.toExponential(1)} from the recursion; finite networks ${defaults}`,
  );

  // The change: erf decorrelates, and the curve is a different one.
  const erf = anglesOf(rowsAfter, 'erf');
  normalizedAtZero(erf, 'erf');
  const moved = Math.max(...erf.map((r, i) => Math.abs(r.nngp - relu[i].nngp)));
  expectThat(
    moved > 0.2 && erf.at(-1).nngp < 0,
    `erf: the NNGP curve moved by at most ${moved} and k(π)/k(0) = ${erf.at(-1).nngp}; expected a different curve, negative at π`,
  );
  const erfAgreement = agreement(erf, 'erf');
  ctx.log(
    `erf: k(π)/k(0) = ${erf.at(-1).nngp.toFixed(4)} (curve moved by up to ${moved.toFixed(3)}); finite networks ${erfAgreement}`,
  );

  // ReLU, one block, σ_b = 0: the arc-cosine closed forms.
  const oneBlock = await rerun(page, 'ReLU, L = 1, σ_b = 0', async (d) => {
    await d.getByLabel('Activation φ').selectOption('relu');
    await d.getByRole('slider', { name: 'Blocks L', exact: true }).fill('1');
    await d.getByRole('slider', { name: 'σ_b', exact: true }).fill('0');
  });
  normalizedAtZero(oneBlock, 'ReLU, L = 1');
  const arcCos = closedFormGap(oneBlock, (t) => ({
    nngp: (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / Math.PI,
    ntk: (Math.sin(t) + 2 * (Math.PI - t) * Math.cos(t)) / (2 * Math.PI),
  }));
  expectThat(
    arcCos.nngp < CLOSED_FORM_TOL && arcCos.ntk < CLOSED_FORM_TOL,
    `ReLU, L = 1, σ_b = 0: the normalized kernels are ${arcCos.nngp} (NNGP) and ${arcCos.ntk} (NTK) from the arc-cosine closed forms (> ${CLOSED_FORM_TOL})`,
  );
  const oneAgreement = agreement(oneBlock, 'ReLU, L = 1');
  ctx.log(
    `ReLU, L = 1, σ_b = 0: ${arcCos.nngp.toExponential(1)} (NNGP) and ${arcCos.ntk.toExponential(1)} (NTK) from (1/π)(sin θ + (π − θ) cos θ) and (sin θ + 2(π − θ) cos θ)/(2π); finite networks ${oneAgreement}`,
  );

  // Residual blocks: the finite networks agree with the summed kernel.
  const residual = await rerun(page, 'residual ReLU, L = 3', async (d) => {
    await d.getByLabel('Block', { exact: true }).selectOption('residual');
    await d.getByRole('slider', { name: 'Blocks L', exact: true }).fill('3');
  });
  normalizedAtZero(residual, 'residual');
  const residualAgreement = agreement(residual, 'residual ReLU, L = 3');
  ctx.log(
    `residual ReLU, L = 3, σ_b = 0: k(π)/k(0) = ${residual.at(-1).nngp.toFixed(4)}; finite networks ${residualAgreement}`,
  );

  const paths = await demo.locator('[data-testid="demo-figure"] svg path').count();
  expectThat(paths >= 2, `the layers chart has ${paths} <path>s, expected the NNGP and NTK lines`);
  await ctx.screenshot(`layers-demo-${backend}`, demo);
  return `layers on ${backend}: defaults ${defaults}; erf ${erfAgreement}; ReLU L = 1 closed form to ${arcCos.nngp.toExponential(1)}; residual ${residualAgreement}`;
}
