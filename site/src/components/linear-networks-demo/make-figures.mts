// Makes the static figure of docs/linear-networks.mdx (shown before the live demo loads):
// static/figures/linear-networks-certificate.{svg,json}: the demo's experiment at its defaults,
// in float64. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/linear-networks-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInputs } from '../demo-kit/experiment';
import {
  certificateSummary,
  initOf,
  type LinearNetworksInputs,
  type LinearNetworksRow,
  linearNetworksExperiment,
  TOLERANCE,
} from './experiment';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;
// Observable Plot's first two categorical colours, as the live charts draw them.
const COLORS = ['#4269d0', '#efb118'];
const W = 720;
const PANEL = 250;
const H = 2 * PANEL + 60;
const M = { top: 40, right: 90, bottom: 40, left: 64 };

// The demo's defaults, run by the demo's own experiment.
const inputs = defaultInputs<LinearNetworksInputs>(linearNetworksExperiment.inputs);
const settings = {
  n: inputs.n,
  m: inputs.m,
  h: inputs.h,
  init: initOf(inputs),
  learningRate: inputs.learningRate,
  steps: inputs.steps,
  dataSeed: inputs.dataSeed,
  initSeed: inputs.initSeed,
  tolerance: TOLERANCE,
};
const history: LinearNetworksRow[] = [];
await linearNetworksExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (row) => history.push(row),
  report() {},
  env: {},
});
const summary = certificateSummary(history);
if (!summary) throw new Error('the default run gave no step');
const run = {
  stepsTaken: history.length,
  stopReason: history.length < inputs.steps ? 'tolerance' : 'steps',
  violations: summary.violations,
  rawViolations: summary.raw,
  maxExcess: summary.maxExcess,
  finalLoss: summary.finalLoss,
};

interface Series {
  name: string;
  values: number[];
}

function panel(
  top: number,
  title: string,
  series: Series[],
  yTicks: number[],
  rule: number | null,
): string[] {
  const x1 = history.length - 1;
  const [y0, y1] = [yTicks[0] as number, yTicks.at(-1) as number];
  const bottom = top + PANEL - M.bottom;
  const px = (t: number) => M.left + (t / x1) * (W - M.left - M.right);
  const py = (v: number) => bottom - ((v - y0) / (y1 - y0)) * (bottom - top);
  const out = [`<text x="${M.left}" y="${top - 12}" fill="#222" font-weight="600">${title}</text>`];
  for (const v of yTicks) {
    const y = py(v).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${v}</text>`,
    );
  }
  const step = x1 > 200 ? 50 : x1 > 80 ? 20 : 10;
  for (let t = 0; t <= x1; t += step) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${bottom + 18}" text-anchor="middle" fill="#222">${t}</text>`,
    );
  }
  if (rule !== null) {
    const y = py(rule).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#222" stroke-dasharray="4 3"/>`,
    );
  }
  series.forEach((s, i) => {
    const pts = s.values.map((v, t) => `${px(t).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    out.push(
      `<polyline points="${pts}" fill="none" stroke="${COLORS[i]}" stroke-width="2"/>`,
      // The two curves of a panel can end at the same height: the first label above, the second below.
      `<text x="${(px(x1) + 8).toFixed(1)}" y="${(py(s.values.at(-1) as number) + (i === 0 ? -8 : 8)).toFixed(1)}" dy="0.32em" fill="#222">${s.name}</text>`,
    );
  });
  return out;
}

const out = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">Gradient descent on a two-layer linear network (n = 3, m = 4, h = 8, δ = 0.5, η = 0.2): the certificate ρₜ above the actual ratio at every step, and μₜ above its imbalance bound</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  ...panel(
    M.top,
    'ρₜ (certificate) and the actual ratio ‖Eₜ₊₁‖/‖Eₜ‖; dashed: 1',
    [
      { name: 'ρₜ', values: history.map((s) => s.rho) },
      { name: 'ratio', values: history.map((s) => s.ratio) },
    ],
    [0.6, 0.7, 0.8, 0.9, 1],
    1,
  ),
  ...panel(
    M.top + PANEL + 20,
    'μₜ and its imbalance lower bound [λₙ(Dₜ)]₊ + [λₘ(−Dₜ)]₊',
    [
      { name: 'μₜ', values: history.map((s) => s.mu) },
      { name: 'bound', values: history.map((s) => s.muLowerBound) },
    ],
    [0, 0.25, 0.5, 0.75, 1],
    null,
  ),
  `<text x="${M.left}" y="${H - 6}" fill="#222">step t →</text>`,
  '</svg>',
];
writeFileSync(path.join(outDir, 'linear-networks-certificate.svg'), `${out.join('\n')}\n`);
writeFileSync(
  path.join(outDir, 'linear-networks-certificate.json'),
  `${JSON.stringify(
    {
      machine,
      settings,
      stepsTaken: run.stepsTaken,
      stopReason: run.stopReason,
      violations: run.violations,
      rawViolations: run.rawViolations,
      maxExcess: run.maxExcess,
      finalLoss: run.finalLoss,
      rows: history.map((s) => ({
        t: s.t,
        loss: s.loss,
        rho: s.rho,
        ratio: s.ratio,
        mu: s.mu,
        muLowerBound: s.muLowerBound,
        Lambda: s.Lambda,
      })),
    },
    null,
    2,
  )}\n`,
);
console.log(
  `${run.stepsTaken} steps (${run.stopReason}), ${run.violations} violations, max ρ ${Math.max(...history.map((s) => s.rho)).toFixed(4)}, loss ${history[0]?.loss.toExponential(3)} → ${run.finalLoss.toExponential(3)}`,
);
