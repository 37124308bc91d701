// The Lazy and rich training demo (/docs/lazy-and-rich-training?backend=…), a demo-kit experiment
// driven by the shared driver (checks/experiment.mjs): the figure shows before any click, the
// default comparison (α ∈ {1/4, 1, 16}, width 128, 200 steps) runs by itself, a changed α
// (64, which joins the comparison) greys the old rows and refreshes them, and the "Run it in
// Node" script runs. Its own contract beyond the kit's:
//   [data-testid="lazy-rich-results"] one row per α (the end of its run), tr[data-alpha][data-finite],
//                                     td[data-col="alpha" | "step" | "loss" | "circleLoss" |
//                                     "weightChange" | "scaledDistance" | "ntkChange"]
//   [data-testid="demo-figure"]       four charts: the learned function on the circle, the loss,
//                                     the weight change and the NTK change
//   [data-testid="backend-badge"]     data-backend="<name>"
//
// The claims checked are Chizat–Oyallon–Bach's (https://overparam.dev/docs/theory/sharpness#lazy-training)
// on the real output. At the defaults: the weight change and the NTK change fall with α, the NTK
// change by ≥ 20× from α = 1 to 16; α·‖θ − θ₀‖ is within a factor 2 over α ≥ 1; the rich run
// (α = 1/4) moves its kernel more than the α = 1 run; every run fits (loss < 0.05). After α = 64
// joins: the same, and α·‖θ − θ₀‖ is the same for α = 16 and 64 (within 10%).
import { driveExperiment } from './experiment.mjs';

const ID = 'lazy-rich';

/** The demo's URL with its defaults on a forced backend. */
export function lazyRichPath(backend) {
  return `/docs/lazy-and-rich-training?backend=${backend}`;
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

/** The runs of a results table, ascending in α, checked finite and positive. */
function runsOf(rows, expected) {
  const runs = rows
    .map((r) => ({ ...r, alpha: Number(r.alpha) }))
    .sort((a, b) => a.alpha - b.alpha);
  const alphas = runs.map((r) => r.alpha).join(', ');
  expectThat(alphas === expected, `result rows for α = ${alphas}, expected ${expected}`);
  for (const r of runs) {
    expectThat(
      r.finite === 'true' &&
        [r.loss, r.weightChange, r.scaledDistance, r.ntkChange].every(
          (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
        ),
      `the run α = ${r.alpha} has no finite positive measurements (${JSON.stringify(r)})`,
    );
  }
  return runs;
}

/** The lazy-training claims on a set of runs (ascending α, the first the rich one α = 1/4). */
function checkClaims(ctx, runs) {
  for (const r of runs) {
    ctx.log(
      `α=${r.alpha}: loss ${r.loss}, weight change ${r.weightChange}, α·distance ${r.scaledDistance}, NTK change ${r.ntkChange}`,
    );
    expectThat(r.loss < 0.05, `the run α = ${r.alpha} did not fit: loss ${r.loss}`);
  }
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [runs[i - 1], runs[i]];
    expectThat(
      b.ntkChange < a.ntkChange && b.weightChange < a.weightChange,
      `from α = ${a.alpha} to ${b.alpha} the NTK change (${a.ntkChange} → ${b.ntkChange}) or the weight change (${a.weightChange} → ${b.weightChange}) did not fall`,
    );
  }
  const lazy = runs.filter((r) => r.alpha >= 1);
  const one = lazy[0];
  const sixteen = runs.find((r) => r.alpha === 16);
  const fall = one.ntkChange / sixteen.ntkChange;
  expectThat(fall >= 20, `the NTK change fell only ${fall.toFixed(1)}× from α = 1 to 16`);
  const spread = (list) =>
    Math.max(...list.map((r) => r.scaledDistance)) / Math.min(...list.map((r) => r.scaledDistance));
  const all = spread(lazy);
  expectThat(all <= 2, `α·‖θ − θ₀‖ varies ${all.toFixed(3)}× over α ≥ 1, not ≤ 2`);
  const rich = runs[0];
  expectThat(
    rich.alpha === 0.25 && rich.ntkChange > one.ntkChange,
    `the rich run α = ${rich.alpha} moved its NTK by ${rich.ntkChange}, not more than α = 1 (${one.ntkChange})`,
  );
  return { rich, one, fall, all };
}

export async function lazyRichDemo(page, ctx, backend) {
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: ID,
    // α = 64 joins the comparison: a fourth, lazier run.
    change: async (p) => {
      await p.getByRole('spinbutton', { name: 'Lazy scale α' }).fill('64');
    },
  });

  const badge = await page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  expectThat(badge === backend, `the badge says data-backend='${badge}', expected '${backend}'`);
  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  expectThat(svgs >= 4, `${svgs} <svg> in [data-testid="demo-figure"], expected 4 charts`);

  const { rich, one, fall, all } = checkClaims(ctx, runsOf(rows, '0.25, 1, 16'));
  const after = runsOf(rowsAfter, '0.25, 1, 16, 64');
  checkClaims(ctx, after);
  const deep = after.filter((r) => r.alpha >= 16);
  const spread = deep[1].scaledDistance / deep[0].scaledDistance;
  expectThat(
    Math.abs(spread - 1) <= 0.1,
    `α·‖θ − θ₀‖ is ${deep[0].scaledDistance} at α = 16 and ${deep[1].scaledDistance} at 64: not within 10%`,
  );
  return `NTK change ${rich.ntkChange} (α = 1/4) → ${one.ntkChange} (α = 1) → ÷${fall.toFixed(0)} at α = 16; α·‖θ − θ₀‖ spread ${all.toFixed(2)}× over α ≥ 1, ${spread.toFixed(3)} from α = 16 to 64; figure: ${svgs} <svg>`;
}
