// The two demos of the Kernels page (/docs/kernels?backend=…), each driven by the shared kit
// driver (experiment.mjs: figure first, automatic default run, stale greying, "Run it in Node"),
// then the page's own claims on their results tables:
//
// Width sweep ('ntk-width', float64, no backend), defaults (2 hidden layers, ReLU, initSeed 1,
// 4 networks at each width 16 … 1024; in Node: 0.55 s):
//   - the mean NTK error at m = 1024 is below WIDTH_RATIO_MAX × the error at m = 64 (1/√m says
//     0.25; Node gives 0.0767 against 0.278);
//   - the fitted log–log slope of the NTK error over m ≥ 64 is −1/2 within SLOPE_TOL (Node:
//     −0.496; initSeed 0–11 give −0.40 … −0.57 with these widths), read from the summary and
//     recomputed from the table;
//   - √m × error (the table's column) stays within a factor SCALED_SPREAD_MAX over m ≥ 64.
//   Then with the activation switched to erf (σ_w = 1.5): the same ratio and slope claims (Node:
//   0.051 against 0.216, slope −0.532).
// Kernel regression ('kernel-regression', fitKernelRidge; the float32 check and the CG route on
// the page's backend), defaults (NTK, 3 layers, n = 20, λ = 0): 'auto' takes float64, the
// interpolant has residual ~1e-15 and test MSE 0.053, and float32 on the backend is within 4e-3
// of it (relative). Then conjugate gradient at λ = 1e-3 (Advanced → Solver, and the ridge
// slider) keeps that ridge, reaches the same fit (test MSE within 0.01) and is within 5e-5 of
// the float64 fit at that ridge.
import { driveExperiment } from './experiment.mjs';

const WIDTH_DEMO = '[data-testid="ntk-width-demo"]';
const REGRESSION_DEMO = '[data-testid="kernel-regression-demo"]';
/** |slope − (−1/2)| allowed: the spread over 12 seeds in Node. */
const SLOPE_TOL = 0.1;
/** Mean error at m = 1024 against m = 64: 1/√m says 0.25; allow up to 0.5. */
const WIDTH_RATIO_MAX = 0.5;
/** max/min of √m × error over m ≥ 64 (1.25 in Node at the defaults). */
const SCALED_SPREAD_MAX = 2;
const RESIDUAL_MAX = 1e-8;
const TEST_MSE_MAX = 0.2;
/** float32 prediction on the backend vs the float64 interpolant (4.4e-3 in Node on wasm). */
const F32_GAP_MAX = 0.05;
/** CG at λ = 1e-3 vs float64 at the same ridge (5e-5 in Node on wasm). */
const CG_GAP_MAX = 1e-3;

/** The Kernels page on `backend`. */
export function kernelsPath(backend) {
  return `/docs/kernels?backend=${backend}`;
}

/** Least-squares slope of log y against log x. */
function logLogSlope(points) {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/** The width sweep's claims on its table rows; returns a one-line account. */
function sweepClaims(rows, what) {
  const byWidth = new Map(rows.map((r) => [Number(r.width), r]));
  const narrow = byWidth.get(64);
  const wide = byWidth.get(1024);
  if (!narrow || !wide)
    throw new Error(
      `${what}: the table has no row for m = 64 or m = 1024 (${[...byWidth.keys()]})`,
    );
  for (const r of rows)
    if (!(r.ntkError > 0 && r.nngpError > 0))
      throw new Error(`${what}: width ${r.width} has errors ${r.ntkError}, ${r.nngpError}`);
  if (!(wide.ntkError < WIDTH_RATIO_MAX * narrow.ntkError))
    throw new Error(
      `${what}: the NTK error at m = 1024 (${wide.ntkError}) is not below ${WIDTH_RATIO_MAX}× the error at m = 64 (${narrow.ntkError})`,
    );
  const fitted = rows.filter((r) => r.width >= 64);
  const slope = logLogSlope(fitted.map((r) => ({ x: r.width, y: r.ntkError })));
  if (!(Math.abs(slope + 0.5) <= SLOPE_TOL))
    throw new Error(`${what}: the log–log slope of the table is ${slope}, not −0.5 ± ${SLOPE_TOL}`);
  const scaled = fitted.map((r) => r.ntkScaled);
  const spread = Math.max(...scaled) / Math.min(...scaled);
  if (!(spread <= SCALED_SPREAD_MAX))
    throw new Error(
      `${what}: √m × error varies by ${spread}× over m ≥ 64 (> ${SCALED_SPREAD_MAX})`,
    );
  return { narrow: narrow.ntkError, wide: wide.ntkError, slope, spread };
}

async function widthDemo(page, ctx) {
  const demo = page.locator(WIDTH_DEMO);
  let summarySlope = null;
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: 'ntk-width',
    change: async (p) => {
      // The default run's fitted slope, before the change replaces it.
      summarySlope = Number(
        await p.locator(`${WIDTH_DEMO} [data-testid="fitted-slope"]`).getAttribute('data-slope'),
      );
      await p.locator(WIDTH_DEMO).getByLabel('Activation').selectOption('erf');
    },
  });
  if (rows.length < 5) throw new Error(`the default sweep has ${rows.length} rows, expected 7`);
  const relu = sweepClaims(rows, 'ReLU (defaults)');
  if (!(Math.abs(summarySlope + 0.5) <= SLOPE_TOL))
    throw new Error(`the summary's fitted slope is ${summarySlope}, not −0.5 ± ${SLOPE_TOL}`);
  ctx.log(
    `ReLU: NTK error ${relu.narrow} (m = 64) → ${relu.wide} (m = 1024), slope ${summarySlope.toFixed(3)} (table ${relu.slope.toFixed(3)}), √m·error spread ${relu.spread.toFixed(2)}×`,
  );
  const erf = sweepClaims(rowsAfter, 'erf');
  ctx.log(`erf: NTK error ${erf.narrow} → ${erf.wide}, slope ${erf.slope.toFixed(3)}`);
  const charts = await demo.locator('[data-testid="demo-figure"] svg').count();
  if (charts < 2) throw new Error(`${charts} charts in the width demo's figure, expected 2`);
  await ctx.screenshot('kernels-width-demo', demo);
  return `width sweep: NTK error ${relu.narrow} → ${relu.wide} (m = 64 → 1024), slope ${summarySlope.toFixed(3)}; erf slope ${erf.slope.toFixed(3)}`;
}

async function regressionDemo(page, ctx, backend) {
  const demo = page.locator(REGRESSION_DEMO);
  // The page's second demo: the driver checks its own figure, not the first screen.
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: 'kernel-regression',
    firstOnPage: false,
    change: async (p) => {
      const d = p.locator(REGRESSION_DEMO);
      await d.getByText('Advanced settings, link and reset').click();
      await d.getByLabel('Solver').selectOption('gpu-cg');
      await d.getByRole('slider', { name: 'log₁₀ ridge λ' }).fill('-3');
    },
  });
  const badge = await demo.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  if (badge !== backend)
    throw new Error(`the badge says data-backend='${badge}', expected '${backend}'`);

  const f64 = rows[0];
  const f64Gap = Number(f64.gap);
  ctx.log(
    `auto → ${f64.solver}: residual ${f64.residual}, test MSE ${f64.testMse}, float32 gap ${f64Gap}`,
  );
  if (f64.solver !== 'f64') throw new Error(`'auto' at n = 20 ran '${f64.solver}', expected 'f64'`);
  if (!(f64.ridge === 0 && f64.residual < RESIDUAL_MAX))
    throw new Error(
      `λ = 0: ridge ${f64.ridge}, residual ${f64.residual}, want 0 and < ${RESIDUAL_MAX}`,
    );
  if (!(f64.testMse > 0 && f64.testMse < TEST_MSE_MAX))
    throw new Error(`test MSE ${f64.testMse} is not in (0, ${TEST_MSE_MAX})`);
  if (!(f64Gap < F32_GAP_MAX))
    throw new Error(
      `float32 prediction on ${backend} is ${f64Gap} from float64 (> ${F32_GAP_MAX})`,
    );

  const cg = rowsAfter[0];
  const cgGap = Number(cg.gap);
  ctx.log(
    `${cg.solver}, λ = ${cg.ridge}: residual ${cg.residual}, test MSE ${cg.testMse}, gap ${cgGap}`,
  );
  if (cg.solver !== 'gpu-cg')
    throw new Error(`the changed fit ran '${cg.solver}', expected 'gpu-cg'`);
  if (!(Math.abs(Number(cg.ridge) - 1e-3) < 1e-12))
    throw new Error(`CG used ridge ${cg.ridge}, expected the requested 1e-3`);
  if (!(Number.isFinite(cg.residual) && cg.residual > 0 && cg.residual < 0.05))
    throw new Error(`CG training residual ${cg.residual} is not in (0, 0.05)`);
  if (!(Math.abs(cg.testMse - f64.testMse) < 0.01))
    throw new Error(
      `CG test MSE ${cg.testMse} is not within 0.01 of the float64 fit's ${f64.testMse}`,
    );
  if (!(cgGap < CG_GAP_MAX))
    throw new Error(`CG is ${cgGap} from the float64 fit at the same ridge (> ${CG_GAP_MAX})`);
  const paths = await demo.locator('[data-testid="demo-figure"] svg path').count();
  if (paths < 2)
    throw new Error(`the regression chart has ${paths} <path>s, expected the fit and the target`);
  await ctx.screenshot(`kernels-regression-demo-${backend}`, demo);
  return `regression on ${backend}: f64 residual ${f64.residual}, float32 gap ${f64Gap.toExponential(1)}; CG gap ${cgGap.toExponential(1)}`;
}

/** Drives both demos; throws on the first claim that fails. */
export async function kernelsDemo(page, ctx, backend) {
  const width = await widthDemo(page, ctx);
  const regression = await regressionDemo(page, ctx, backend);
  return `${width}; ${regression}`;
}
