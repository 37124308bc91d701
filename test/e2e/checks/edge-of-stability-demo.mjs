// The Edge of stability demo (/docs/edge-of-stability?backend=…), a demo-kit experiment driven by
// the shared driver (checks/experiment.mjs): the figure shows before any click, the default run
// (a tanh MLP of width 32 with two hidden layers, n = 100, η̃ = 0.1, 300 full-batch GD steps)
// starts by itself, a changed step size (η̃ = 0.2) greys the old rows and refreshes them, and the
// "Run it in Node" script runs. Its own contract beyond the kit's:
//   [data-testid="edge-of-stability-results"]  one row per measured step, tr[data-lambda-max]
//       [data-lambda-min][data-threshold][data-diverged], td[data-col="step" | "sharpness" |
//       "loss" | "linearized" | "linBelow" | "linAbove"]
//   [data-testid="demo-figure"]  three charts: the sharpness, the losses, the linearized model
//   [data-testid="backend-badge"] data-backend="<name>"
//
// Claims checked (https://overparam.dev/docs/theory/linearized-gd#stability and
// https://overparam.dev/docs/theory/sharpness#edge-of-stability). At the defaults: the sharpness
// c·λ_max(∇²L) starts below 0.8 × 2/η̃ = 16 and averages within 10% of 2/η̃ = 20 over the last
// third of the run (progressive sharpening to the edge); the loss fell 20-fold; the network did
// not diverge; 2/λ_max(Θ₀) is the threshold of λ_max(Θ₀); the linearized model at θ₀ converges 2%
// below that threshold and grows 2% above it (by more than 10³ in 300 steps: the top mode grows
// by 1.04 per step). At η̃ = 0.2, above 2/λ_max(Θ₀) ≈ 0.158 (a catapult): the linearized model at
// that step blows up, while the network does not diverge, ends with its sharpness within 10% of
// 2/η̃ = 10, and its loss below 1% of where it started.
import { driveExperiment } from './experiment.mjs';

const ID = 'edge-of-stability';

/** The demo's URL with its defaults on a forced backend. */
export function edgeOfStabilityPath(backend) {
  return `/docs/edge-of-stability?backend=${backend}`;
}

function expectThat(ok, message) {
  if (!ok) throw new Error(message);
}

/** The table's measured steps, checked: finite, none diverged, ending at `steps`. */
function measuredRows(rows, steps) {
  expectThat(rows.length >= 3, `${rows.length} rows in the results, expected the measured steps`);
  const bad = rows.find((r) => r.diverged !== 'false' || !Number.isFinite(r.sharpness));
  expectThat(!bad, `a row is diverged or has no sharpness: ${JSON.stringify(bad)}`);
  expectThat(rows[0].step === 0, `the first row is step ${rows[0].step}, expected 0`);
  const last = rows.at(-1);
  expectThat(last.step === steps, `the run ended at step ${last.step}, expected ${steps}`);
  return { first: rows[0], last };
}

const tailMean = (rows) => {
  const lastStep = rows.at(-1).step;
  const tail = rows.filter((r) => r.step >= (2 * lastStep) / 3);
  return tail.reduce((a, r) => a + r.sharpness, 0) / tail.length;
};

export async function edgeOfStabilityDemo(page, ctx, backend) {
  const { rows, rowsAfter } = await driveExperiment(page, ctx, {
    id: ID,
    change: async (p) => {
      await p.getByRole('spinbutton', { name: 'Effective step η̃' }).fill('0.2');
    },
  });

  const badge = await page.locator('[data-testid="backend-badge"]').getAttribute('data-backend');
  expectThat(badge === backend, `the badge says data-backend='${badge}', expected '${backend}'`);
  const svgs = await page.locator('[data-testid="demo-figure"] svg').count();
  expectThat(svgs >= 3, `${svgs} <svg> in [data-testid="demo-figure"], expected 3 charts`);

  // The defaults: η̃ = 0.1, 300 steps.
  const edge = 2 / 0.1;
  const { first, last } = measuredRows(rows, 300);
  const tail = tailMean(rows);
  const lambdaMax = Number(first.lambdaMax);
  const threshold = Number(first.threshold);
  const below = last.linBelow / first.linBelow;
  const above = last.linAbove / first.linAbove;
  ctx.log(
    `defaults: sharpness ${first.sharpness} → max ${Math.max(...rows.map((r) => r.sharpness))} → tail ${tail.toFixed(2)} (2/η̃ = ${edge}), loss ${first.loss} → ${last.loss}; λ_max(Θ₀) ${lambdaMax.toFixed(3)}, 2/λ_max ${threshold.toFixed(4)}; linearized loss ×${below.toExponential(1)} 2% below, ×${above.toExponential(1)} 2% above`,
  );
  expectThat(
    first.sharpness < 0.8 * edge,
    `the sharpness starts at ${first.sharpness}, not below 0.8 × 2/η̃: no sharpening to see`,
  );
  expectThat(
    Math.abs(tail - edge) / edge < 0.1,
    `the sharpness averages ${tail} over the last third, not within 10% of 2/η̃ = ${edge}`,
  );
  expectThat(last.loss < 0.05 * first.loss, `loss ${first.loss} → ${last.loss}: not 20× lower`);
  expectThat(
    Math.abs(threshold * lambdaMax - 2) < 1e-6,
    `2/λ_max is ${threshold} with λ_max ${lambdaMax}`,
  );
  expectThat(
    below < 0.1,
    `the linearized model 2% below 2/λ_max changed its loss by ×${below}, expected it to fall`,
  );
  expectThat(
    above > 1e3,
    `the linearized model 2% above 2/λ_max changed its loss by ×${above}, expected > 10³`,
  );

  // η̃ = 0.2 > 2/λ_max(Θ₀): a catapult.
  const catapultEdge = 2 / 0.2;
  expectThat(0.2 > threshold, `η̃ = 0.2 is not above 2/λ_max(Θ₀) = ${threshold}`);
  const after = measuredRows(rowsAfter, 300);
  const lastSharpness = after.last.sharpness;
  ctx.log(
    `η̃ = 0.2: sharpness ${after.first.sharpness} → ${lastSharpness} (2/η̃ = ${catapultEdge}), loss ${after.first.loss} → ${after.last.loss}, linearized at η̃: ${after.last.linearized}`,
  );
  expectThat(
    after.last.linearized === null,
    `the linearized model at η̃ = 0.2 did not blow up (loss ${after.last.linearized} at step 300)`,
  );
  expectThat(
    Math.abs(lastSharpness - catapultEdge) / catapultEdge < 0.1,
    `at η̃ = 0.2 the sharpness ends at ${lastSharpness}, not within 10% of 2/η̃ = ${catapultEdge}`,
  );
  expectThat(
    after.last.loss < 0.01 * after.first.loss,
    `at η̃ = 0.2 the loss went ${after.first.loss} → ${after.last.loss}: not 100× lower`,
  );
  return (
    `${backend}: sharpness ${first.sharpness.toFixed(1)} → ${tail.toFixed(2)} (2/η̃ = 20); ` +
    `linearized ×${below.toExponential(1)} below, ×${above.toExponential(1)} above 2/λ_max; ` +
    `catapult at η̃ = 0.2: sharpness ${lastSharpness} (2/η̃ = 10), linearized blown up`
  );
}
