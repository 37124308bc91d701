// The two demos of "What infinitely wide networks predict" (/docs/infinite-width-predictions?backend=…),
// each driven by the shared kit driver (experiment.mjs: figure first, automatic default run,
// stale greying, "Run it in Node"), then the page's own claims on their results tables. Their
// contract beyond the kit's:
//   [data-testid="wide-ensemble-results"]         one row per recorded step, td[data-col="step" |
//       "netLoss" | "ntkLoss" | "mean0" | "ntkMean0" | "sd0" | "ntkSd0" | "mean1" | … | "zMax"],
//       and on each tr the full-precision values data-full-<column> (kebab-case), data-prior-sd0/1
//       (√K(x*, x*) from the NNGP's diagonal), data-nets, data-width
//   [data-testid="wide-hyperparameters-results"]  for each depth its σ_w of highest evidence, plus
//       the setting leave-one-out selects; td[data-col="depth" | "wStd" | "logMarginalLikelihood" |
//       "looMse" | "selected"], tr[data-full-w-std][data-full-log-ml][data-full-loo][data-pick]
//
// Figure 1 ('wide-ensemble'): N = 16 erf networks (L = 1, σ_w = 2.8, σ_b = 0.2, initSeed 1)
// trained by GD for 100 steps at η̃ = ½·2/λ_max(Θ) on 8 points, against gradientDescentMseEnsemble
// (Lee et al. 2019; https://overparam.dev/docs/theory/linearized-gd#wide-net-predictions). Values in Node on
// wasm in the comments. At the defaults (width 256):
//   - step 0 is the NNGP prior: the predicted σ at both probes equals √K(x*, x*) (2.344, 2.538)
//     to 1e-12 relative, and the networks' sample σ is within the 99.9% interval of a sample of 16
//     Gaussians, s/σ ∈ [0.48, 1.59] (Node: 0.76, 0.58; with 64 networks 0.94, 0.90);
//   - the band closes on the data: σ at x = 0 falls below 0.1× its step-0 value, predicted (0.026×)
//     and in the networks (0.036×); at x = 1.4, outside the data, it stays above 5× the σ at
//     x = 0 (0.461 against 0.061);
//   - at the last step the networks' mean is within Z_CHANCE = 4 standard errors σ/√N of the
//     predicted mean at both probes and over the whole grid (zMax; Node: 1.95; initSeed 1–4: 1.6–3.3),
//     and their mean training loss is within [0.7, 1.5]× the predicted one (0.91).
// Then width 1024 (the change): the same claims (zMax 1.48, loss ratio 1.00), and the
// infinite-width columns are exactly those of the default run (they do not depend on m). Then
// width 64: the step-0, shrinking and outside-the-data claims, and the finite-width effect is
// resolved, zMax > Z_CHANCE and above width 1024's (Node: 6.77 at initSeed 1; initSeed 2–4 give
// 5.77, 5.50, 3.23, still above width 1024's; the loss ratio there is 1.8, so it is not checked).
//
// Figure 2 ('wide-hyperparameters', float64, no backend): the NNGP prior over depth 1–6 and
// σ_w 0.8–4 at σ² = 0.01. At the defaults the evidence selects L = 6, σ_w = 1.6 (log p = −6.5888)
// and leave-one-out L = 1, σ_w = 3.2 (LOO MSE 0.08078); the selected row has the highest evidence
// of the table, and the evidence's choice at L = 1 is σ_w = 2.8, Figure 1's default. After
// σ² = 0.001: L = 4, σ_w = 1.8 (−6.4861) and L = 1, σ_w = 2.2 (0.04118). Float64 in the page's
// JavaScript gives Node's numbers to rounding: tolerances 1e-6 absolute.
import { driveExperiment, readTable, waitForFinal } from './experiment.mjs';

const ENSEMBLE = '[data-testid="wide-ensemble-demo"]';
const HYPER = '[data-testid="wide-hyperparameters-demo"]';
/** Recorded steps at the defaults: 0, 5, …, 100. */
const DEFAULT_ROWS = 21;
const NETS = 16;
/** The 0.1% and 99.9% quantiles of s/σ for N = 16 Gaussians: √(χ²₁₅ quantile / 15). */
const SD_RATIO_RANGE = [0.48, 1.59];
/** A deviation of more standard errors than this is not chance (max over 63 correlated points). */
const Z_CHANCE = 4;
const SHRINK_MAX = 0.1;
const OUTSIDE_OVER_INSIDE_MIN = 5;
const LOSS_RATIO_RANGE = [0.7, 1.5];
const PRIOR_RTOL = 1e-12;
const F64_ATOL = 1e-6;

/** The page on `backend`. */
export function widePredictionsPath(backend) {
  return `/docs/infinite-width-predictions?backend=${backend}`;
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

/** The ensemble's rows with their full-precision values as numbers, ascending in step. */
function stepsOf(rows, what) {
  const out = rows
    .map((r) => ({
      step: Number(r.step),
      width: Number(r.width),
      nets: Number(r.nets),
      zMax: Number(r.fullZMax),
      mean: [Number(r.fullMean0), Number(r.fullMean1)],
      ntkMean: [Number(r.fullNtkMean0), Number(r.fullNtkMean1)],
      sd: [Number(r.fullSd0), Number(r.fullSd1)],
      ntkSd: [Number(r.fullNtkSd0), Number(r.fullNtkSd1)],
      prior: [Number(r.priorSd0), Number(r.priorSd1)],
      netLoss: Number(r.fullNetLoss),
      ntkLoss: Number(r.fullNtkLoss),
    }))
    .sort((a, b) => a.step - b.step);
  expectThat(out.length > 0, `${what}: no rows`);
  for (const r of out)
    expectThat(
      [
        r.zMax,
        ...r.mean,
        ...r.ntkMean,
        ...r.sd,
        ...r.ntkSd,
        ...r.prior,
        r.netLoss,
        r.ntkLoss,
      ].every(Number.isFinite),
      `${what}: step ${r.step} has a non-finite value (${JSON.stringify(r)})`,
    );
  return out;
}

/** The claims every width must meet; returns the last step's numbers. */
function ensembleClaims(ctx, steps, what) {
  const first = steps[0];
  const last = steps.at(-1);
  expectThat(first.step === 0, `${what}: the first recorded step is ${first.step}, not 0`);
  expectThat(first.nets === NETS, `${what}: ${first.nets} networks, expected ${NETS}`);
  for (const p of [0, 1]) {
    const gap = Math.abs(first.ntkSd[p] - first.prior[p]) / first.prior[p];
    expectThat(
      gap <= PRIOR_RTOL && first.ntkMean[p] === 0,
      `${what}: at step 0 probe ${p} the prediction is mean ${first.ntkMean[p]}, σ ${first.ntkSd[p]}, not the NNGP prior 0, ${first.prior[p]}`,
    );
    const ratio = first.sd[p] / first.prior[p];
    expectThat(
      ratio >= SD_RATIO_RANGE[0] && ratio <= SD_RATIO_RANGE[1],
      `${what}: at step 0 probe ${p} the networks spread ${first.sd[p]}, ${ratio.toFixed(3)}× the prior's σ, outside [${SD_RATIO_RANGE}]`,
    );
  }
  const shrink = last.ntkSd[0] / first.ntkSd[0];
  const shrinkNets = last.sd[0] / first.sd[0];
  expectThat(
    shrink < SHRINK_MAX && shrinkNets < SHRINK_MAX,
    `${what}: σ at x = 0 fell only to ${shrink.toFixed(3)}× (predicted) and ${shrinkNets.toFixed(3)}× (networks), not below ${SHRINK_MAX}×`,
  );
  expectThat(
    last.ntkSd[1] > OUTSIDE_OVER_INSIDE_MIN * last.ntkSd[0],
    `${what}: at step ${last.step} the predicted σ outside the data (${last.ntkSd[1]}) is not above ${OUTSIDE_OVER_INSIDE_MIN}× the σ between the points (${last.ntkSd[0]})`,
  );
  const z = [0, 1].map(
    (p) => Math.abs(last.mean[p] - last.ntkMean[p]) / (last.ntkSd[p] / Math.sqrt(last.nets)),
  );
  const lossRatio = last.netLoss / last.ntkLoss;
  ctx.log(
    `${what}: step 0 σ ${first.sd.map((v) => v.toFixed(3))} vs prior ${first.prior.map((v) => v.toFixed(3))}; step ${last.step}: z at the probes ${z.map((v) => v.toFixed(2))}, zMax ${last.zMax.toFixed(2)}, loss ${last.netLoss.toExponential(2)} vs ${last.ntkLoss.toExponential(2)}; σ(0) shrank ${shrink.toFixed(3)}× (networks ${shrinkNets.toFixed(3)}×)`,
  );
  return { last, z, lossRatio };
}

/** The claims of a width at which the networks should match the prediction (256 and up). */
function withinChance(what, result) {
  const { last, z, lossRatio } = result;
  expectThat(
    lossRatio >= LOSS_RATIO_RANGE[0] && lossRatio <= LOSS_RATIO_RANGE[1],
    `${what}: the networks' training loss at step ${last.step} is ${lossRatio.toFixed(3)}× the predicted one, outside [${LOSS_RATIO_RANGE}]`,
  );
  expectThat(
    z.every((v) => v <= Z_CHANCE) && last.zMax <= Z_CHANCE,
    `${what}: at step ${last.step} the networks' mean is ${z.map((v) => v.toFixed(2))} (probes) and up to ${last.zMax.toFixed(2)} (grid) standard errors from the prediction, over ${Z_CHANCE}`,
  );
}

async function ensembleDemo(page, ctx, backend) {
  const demo = page.locator(ENSEMBLE);
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: 'wide-ensemble',
    change: async (p) => {
      await p.locator(ENSEMBLE).getByRole('spinbutton', { name: 'Width m' }).fill('1024');
    },
  });
  const badge = await demo.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  expectThat(badge === backend, `the badge says data-backend='${badge}', expected '${backend}'`);
  const svgs = await demo.locator('[data-testid="demo-figure"] svg').count();
  expectThat(svgs >= 2, `${svgs} <svg> in the ensemble's figure, expected 2 charts`);

  const base = stepsOf(rows, 'width 256 (defaults)');
  expectThat(
    base.length === DEFAULT_ROWS && base[0].width === 256,
    `the default run has ${base.length} rows at width ${base[0].width}, expected ${DEFAULT_ROWS} at 256`,
  );
  const m256 = ensembleClaims(ctx, base, 'width 256');
  withinChance('width 256', m256);

  const wide = stepsOf(rowsAfter, 'width 1024');
  expectThat(wide[0].width === 1024, `the re-run is at width ${wide[0].width}, expected 1024`);
  const m1024 = ensembleClaims(ctx, wide, 'width 1024');
  withinChance('width 1024', m1024);
  // The infinite-width prediction does not depend on the finite networks' width.
  for (const [i, r] of wide.entries()) {
    const b = base[i];
    expectThat(
      b &&
        b.step === r.step &&
        [0, 1].every((p) => r.ntkMean[p] === b.ntkMean[p] && r.ntkSd[p] === b.ntkSd[p]),
      `the infinite-width columns changed with the width at step ${r.step}`,
    );
  }

  // Width 64: the finite ensemble leaves the band, and sixteen networks see it.
  await demo.getByRole('spinbutton', { name: 'Width m' }).fill('64');
  const status = await waitForFinal(page, ENSEMBLE);
  expectThat(status === 'done', `the width-64 run ended '${status}'`);
  const narrow = stepsOf(await readTable(page, 'wide-ensemble'), 'width 64');
  expectThat(narrow[0].width === 64, `the third run is at width ${narrow[0].width}, expected 64`);
  const m64 = ensembleClaims(ctx, narrow, 'width 64');
  expectThat(
    m64.last.zMax > Z_CHANCE && m64.last.zMax > m1024.last.zMax,
    `at width 64 the networks' mean is only ${m64.last.zMax.toFixed(2)} standard errors from the prediction (width 1024: ${m1024.last.zMax.toFixed(2)}): the finite-width effect is not resolved`,
  );
  await ctx.screenshot(`wide-ensemble-${backend}`, demo);
  return `ensemble: zMax ${m64.last.zMax.toFixed(2)} (m = 64) → ${m256.last.zMax.toFixed(2)} (256) → ${m1024.last.zMax.toFixed(2)} (1024), loss ratio ${m256.lossRatio.toFixed(2)} at 256`;
}

/** The shown rows of the hyperparameter table, with full-precision values. */
function settingsOf(rows, what) {
  const out = rows.map((r) => ({
    depth: Number(r.depth),
    wStd: Number(r.fullWStd),
    logMl: r.fullLogMl === '' ? null : Number(r.fullLogMl),
    loo: r.fullLoo === '' ? null : Number(r.fullLoo),
    pick: r.pick ?? '',
  }));
  expectThat(out.length > 0, `${what}: the table is empty`);
  return out;
}

function selectionClaims(ctx, rows, what, expected) {
  const depths = [...new Set(rows.map((r) => r.depth))].sort((a, b) => a - b).join(',');
  expectThat(depths === '1,2,3,4,5,6', `${what}: the table covers depths ${depths}, not 1–6`);
  const evidence = rows.filter((r) => r.pick === 'evidence' || r.pick === 'both');
  const loo = rows.filter((r) => r.pick === 'LOO' || r.pick === 'both');
  expectThat(
    evidence.length === 1 && loo.length === 1,
    `${what}: ${evidence.length} rows selected by the evidence and ${loo.length} by LOO, expected one each`,
  );
  const [e] = evidence;
  const [l] = loo;
  ctx.log(
    `${what}: evidence L = ${e.depth}, σ_w = ${e.wStd} (log p = ${e.logMl}); LOO L = ${l.depth}, σ_w = ${l.wStd} (${l.loo})`,
  );
  const top = Math.max(...rows.map((r) => r.logMl ?? -Infinity));
  expectThat(
    e.logMl === top,
    `${what}: the evidence's row (${e.logMl}) is not the table's highest (${top})`,
  );
  const least = Math.min(...rows.map((r) => r.loo ?? Infinity));
  expectThat(
    l.loo === least,
    `${what}: the LOO row (${l.loo}) is not the table's lowest (${least})`,
  );
  expectThat(
    e.depth === expected.evidence.depth &&
      Math.abs(e.wStd - expected.evidence.wStd) < 1e-9 &&
      Math.abs(e.logMl - expected.evidence.logMl) < F64_ATOL,
    `${what}: the evidence selects L = ${e.depth}, σ_w = ${e.wStd} (${e.logMl}), expected ${JSON.stringify(expected.evidence)}`,
  );
  expectThat(
    l.depth === expected.loo.depth &&
      Math.abs(l.wStd - expected.loo.wStd) < 1e-9 &&
      Math.abs(l.loo - expected.loo.loo) < F64_ATOL,
    `${what}: LOO selects L = ${l.depth}, σ_w = ${l.wStd} (${l.loo}), expected ${JSON.stringify(expected.loo)}`,
  );
  return { e, l };
}

async function hyperDemo(page, ctx) {
  const demo = page.locator(HYPER);
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: 'wide-hyperparameters',
    firstOnPage: false,
    change: async (p) => {
      await p.locator(HYPER).getByRole('spinbutton', { name: 'Noise variance σ²' }).fill('0.001');
    },
  });
  const base = settingsOf(rows, 'σ² = 0.01 (defaults)');
  const d = selectionClaims(ctx, base, 'σ² = 0.01', {
    evidence: { depth: 6, wStd: 1.6, logMl: -6.588828 },
    loo: { depth: 1, wStd: 3.2, loo: 0.080784 },
  });
  const shallow = base.filter((r) => r.depth === 1 && r.pick !== 'LOO');
  expectThat(
    shallow.length === 1 && Math.abs(shallow[0].wStd - 2.8) < 1e-9,
    `the evidence's σ_w at L = 1 is ${shallow.map((r) => r.wStd)}, not 2.8 (Figure 1's default)`,
  );
  const after = settingsOf(rowsAfter, 'σ² = 0.001');
  const a = selectionClaims(ctx, after, 'σ² = 0.001', {
    evidence: { depth: 4, wStd: 1.8, logMl: -6.486062 },
    loo: { depth: 1, wStd: 2.2, loo: 0.041179 },
  });
  const charts = await demo.locator('[data-testid="demo-figure"] svg').count();
  expectThat(charts >= 2, `${charts} charts in the hyperparameter figure, expected 2`);
  await ctx.screenshot('wide-hyperparameters', demo);
  return `hyperparameters: evidence L = ${d.e.depth}, σ_w = ${d.e.wStd}; LOO L = ${d.l.depth}, σ_w = ${d.l.wStd}; at σ² = 0.001: L = ${a.e.depth}, σ_w = ${a.e.wStd} and L = ${a.l.depth}, σ_w = ${a.l.wStd}`;
}

/** Drives both demos; throws on the first claim that fails. */
export async function widePredictionsDemo(page, ctx, backend) {
  const ensemble = await ensembleDemo(page, ctx, backend);
  const hyper = await hyperDemo(page, ctx);
  return `${ensemble}; ${hyper}`;
}
