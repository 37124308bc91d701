// Makes the static figure of docs/edge-of-stability.mdx (shown before the live demo loads):
// static/figures/edge-of-stability.{svg,json}, the demo's default run computed with the same
// package code on the wasm backend. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/edge-of-stability-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EosSettings, runEdgeOfStability } from './experiment';
import { initBackend } from './lib';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
const backend = await initBackend('wasm');
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}, tfjs ${backend.backend}`;
// The demo's defaults.
const settings: EosSettings = {
  n: 100,
  d: 10,
  width: 32,
  depth: 2,
  effectiveStep: 0.1,
  steps: 300,
  measureEvery: 10,
  dataSeed: 7,
  initSeed: 3,
};
const result = await runEdgeOfStability(settings);

// Observable Plot's first categorical colours, as the live charts draw them.
const COLORS = ['#4269d0', '#efb118', '#ff725c'];
const W = 720;
const PANEL = 230;
const H = 3 * PANEL + 70;
const M = { top: 40, right: 130, bottom: 40, left: 64 };

interface Series {
  name: string;
  steps: number[];
  values: number[];
}

function panel(
  top: number,
  title: string,
  series: Series[],
  y: { log: boolean; ticks: number[] },
  rule: { y: number; label: string } | null,
): string[] {
  const x1 = settings.steps;
  const tf = (v: number) => (y.log ? Math.log10(v) : v);
  const [y0, y1] = [tf(y.ticks[0] as number), tf(y.ticks.at(-1) as number)];
  const bottom = top + PANEL - M.bottom;
  const px = (t: number) => M.left + (t / x1) * (W - M.left - M.right);
  const py = (v: number) =>
    bottom - ((Math.min(Math.max(tf(v), y0), y1) - y0) / (y1 - y0)) * (bottom - top);
  const out = [`<text x="${M.left}" y="${top - 12}" fill="#222" font-weight="600">${title}</text>`];
  for (const v of y.ticks) {
    const yy = py(v).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${yy}" dy="0.32em" text-anchor="end" fill="#222">${y.log ? `1e${Math.log10(v)}` : v}</text>`,
    );
  }
  for (let t = 0; t <= x1; t += 50) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${bottom + 18}" text-anchor="middle" fill="#222">${t}</text>`,
    );
  }
  if (rule) {
    const yy = py(rule.y).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#222" stroke-dasharray="4 3"/>`,
      `<text x="${M.left + 4}" y="${(py(rule.y) - 8).toFixed(1)}" fill="#222">${rule.label}</text>`,
    );
  }
  series.forEach((s, i) => {
    const pts = s.steps
      .map((t, k) => [t, s.values[k] as number] as const)
      .filter(([, v]) => Number.isFinite(v) && (!y.log || v > 0))
      .map(([t, v]) => `${px(t).toFixed(1)},${py(v).toFixed(1)}`);
    const last = pts.at(-1)?.split(',') ?? ['0', '0'];
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${COLORS[i]}" stroke-width="2"/>`,
      `<text x="${(Number(last[0]) + 8).toFixed(1)}" y="${last[1]}" dy="0.32em" fill="#222">${s.name}</text>`,
    );
  });
  return out;
}

const lin = (label: string) => {
  const r = result.linearized.find((x) => x.label === label);
  if (!r) throw new Error(`no linearized run ${label}`);
  return r;
};
const mine = result.linearized.find((r) => r.fraction === null);
const edge = 2 / settings.effectiveStep;
const out = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">Edge of stability: a tanh MLP (width ${settings.width}, ${settings.depth} hidden layers, n = ${settings.n}) trained by full-batch GD with η̃ = ${settings.effectiveStep} sharpens to 2/η̃ = ${edge}; its linearization at initialization converges below 2/λ_max(Θ₀) and diverges above it</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  ...panel(
    M.top,
    `Sharpness c·λ_max(∇²L) every ${settings.measureEvery} steps; dashed: 2/η̃`,
    [
      {
        name: 'sharpness',
        steps: result.points.map((p) => p.step),
        values: result.points.map((p) => p.sharpness),
      },
    ],
    { log: false, ticks: [0, 10, 20, 30, 40] },
    { y: edge, label: `2/η̃ = ${edge}` },
  ),
  ...panel(
    M.top + PANEL + 15,
    `Training loss (log axis), network and its linearization at η̃ = ${settings.effectiveStep}`,
    [
      {
        name: 'network',
        steps: result.losses.map((_, t) => t),
        values: result.losses,
      },
      ...(mine ? [{ name: 'linearized', steps: mine.run.steps, values: mine.run.loss }] : []),
    ],
    { log: true, ticks: [1e-4, 1e-3, 1e-2, 1e-1, 1, 10] },
    null,
  ),
  ...panel(
    M.top + 2 * PANEL + 30,
    `Linearized model at θ₀ (log axis): 2/λ_max(Θ₀) = ${result.thresholds.maxStableEffectiveStep.toPrecision(3)}`,
    ['0.98 × 2/λ_max', '1.02 × 2/λ_max'].map((label) => {
      const r = lin(label);
      return { name: label, steps: r.run.steps, values: r.run.loss };
    }),
    { log: true, ticks: [1e-4, 1e-2, 1, 1e2, 1e4, 1e6] },
    null,
  ),
  `<text x="${M.left}" y="${H - 6}" fill="#222">step t →</text>`,
  '</svg>',
];
writeFileSync(path.join(outDir, 'edge-of-stability.svg'), `${out.join('\n')}\n`);
writeFileSync(
  path.join(outDir, 'edge-of-stability.json'),
  `${JSON.stringify(
    {
      machine,
      settings,
      seconds: result.seconds,
      thresholds: result.thresholds,
      diverged: result.diverged,
      points: result.points,
      losses: result.losses,
      linearized: result.linearized.map((r) => ({
        label: r.label,
        effectiveStep: r.effectiveStep,
        diverged: r.run.diverged,
        divergedAtStep: r.run.divergedAtStep,
        steps: r.run.steps,
        loss: r.run.loss,
      })),
    },
    null,
    1,
  )}\n`,
);
const tail = result.points.filter((p) => p.step >= 200);
console.log(
  `${result.seconds.toFixed(1)} s; sharpness ${result.points[0]?.sharpness.toFixed(2)} → tail mean ${(tail.reduce((a, p) => a + p.sharpness, 0) / tail.length).toFixed(2)} (2/η̃ = ${edge}); ` +
    `λ_max(Θ₀) = ${result.thresholds.lambdaMax.toFixed(3)}, 2/λ_max = ${result.thresholds.maxStableEffectiveStep.toFixed(4)}; ` +
    result.linearized
      .map(
        (r) =>
          `${r.label}: ${r.run.diverged ? `diverged at ${r.run.divergedAtStep}` : `loss ${r.run.loss.at(-1)?.toExponential(2)}`}`,
      )
      .join('; '),
);
