// Makes the static figure of docs/lazy-and-rich-training.mdx (shown before the live demo loads):
// static/figures/lazy-rich-training.{svg,json}, with the code the demo runs and its defaults, on
// the wasm backend. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/lazy-rich-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LazyRichPoint, type LazyRichSettings, runLazyRich } from './experiment';
import { initBackend } from './lib';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
const COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951'];
const W = 720;
const PANEL = 190;
const M = { top: 30, right: 110, bottom: 36, left: 70 };

// The demo's defaults (its URL schema).
const settings: LazyRichSettings = {
  n: 24,
  width: 256,
  depth: 2,
  activation: 'tanh',
  effectiveStep: 0.1,
  steps: 300,
  measureEvery: 10,
  frequency: 3,
  initSeed: 1,
};
const alphas = [0.25, 1, 4, 16, 64];

const info = await initBackend('wasm');
const t0 = performance.now();
const runs: { alpha: number; points: LazyRichPoint[] }[] = [];
for (const alpha of alphas) {
  const points: LazyRichPoint[] = [];
  const run = await runLazyRich(settings, alpha, { onPoint: (p) => points.push(p) });
  if (!run.finite) throw new Error(`α = ${alpha} diverged: ${run.message}`);
  runs.push({ alpha, points });
  const f = run.final as LazyRichPoint;
  console.log(
    `α = ${alpha}: loss ${f.loss.toExponential(2)}, weight change ${f.weightChange.toExponential(2)}, α·distance ${f.scaledDistance.toFixed(3)}, NTK change ${f.ntkChange.toExponential(2)}`,
  );
}
const seconds = (performance.now() - t0) / 1000;
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}, ${info.backend}`;

function panel(top: number, title: string, key: keyof LazyRichPoint, yLabel: string): string[] {
  const rows = runs.map((r) => ({
    alpha: r.alpha,
    pts: r.points.filter((p) => (p[key] as number) > 0),
  }));
  const values = rows.flatMap((r) => r.pts.map((p) => Math.log10(p[key] as number)));
  const y0 = Math.floor(Math.min(...values));
  const y1 = Math.ceil(Math.max(...values));
  const h = PANEL - M.top - M.bottom;
  const px = (step: number) => M.left + (step / settings.steps) * (W - M.left - M.right);
  const py = (v: number) => top + M.top + h - ((Math.log10(v) - y0) / (y1 - y0 || 1)) * h;
  const out = [`<text x="${M.left}" y="${top + 18}" font-weight="600" fill="#222">${title}</text>`];
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">1e${e}</text>`,
    );
  }
  for (let s = 0; s <= settings.steps; s += settings.steps / 6) {
    const x = px(s).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top + M.top}" y2="${top + M.top + h}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${top + M.top + h + 16}" text-anchor="middle" fill="#222">${s}</text>`,
    );
  }
  out.push(
    `<text x="${W - M.right}" y="${top + 18}" text-anchor="end" fill="#555">${yLabel}</text>`,
    `<text x="${W - M.right}" y="${top + M.top + h + 30}" text-anchor="end" fill="#222">GD step t →</text>`,
  );
  rows.forEach((r, i) => {
    const d = r.pts
      .map((p, j) => `${j ? 'L' : 'M'}${px(p.step).toFixed(1)},${py(p[key] as number).toFixed(1)}`)
      .join('');
    const last = r.pts.at(-1);
    out.push(`<path d="${d}" fill="none" stroke="${COLORS[i]}" stroke-width="2"/>`);
    if (last) {
      out.push(
        `<text x="${(px(last.step) + 6).toFixed(1)}" y="${py(last[key] as number).toFixed(1)}" dy="0.32em" fill="${COLORS[i]}">α = ${r.alpha}</text>`,
      );
    }
  });
  return out;
}

const H = 4 * PANEL + 20;
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">Lazy and rich training: weight and NTK movement for α = ${alphas.join(', ')} (width ${settings.width})</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="14" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  ...panel(0, 'Relative weight change ‖θ_t − θ₀‖/‖θ₀‖', 'weightChange', 'log scale'),
  ...panel(PANEL, 'Relative NTK change ‖Θ_t − Θ₀‖_F/‖Θ₀‖_F', 'ntkChange', 'log scale'),
  ...panel(2 * PANEL, 'α·‖θ_t − θ₀‖ (the lazy limit: one curve)', 'scaledDistance', 'log scale'),
  ...panel(3 * PANEL, 'Training loss (1/(2n))·Σ(h − y)²', 'loss', 'log scale'),
  '</svg>',
].join('\n');
writeFileSync(path.join(outDir, 'lazy-rich-training.svg'), `${svg}\n`);
writeFileSync(
  path.join(outDir, 'lazy-rich-training.json'),
  `${JSON.stringify({ settings, alphas, machine, seconds, runs }, null, 1)}\n`,
);
console.log(`wrote lazy-rich-training.svg and .json (${seconds.toFixed(1)} s)`);
