// Makes the static figure of docs/edge-of-stability.mdx (shown before the live demo loads):
// static/figures/edge-of-stability.{svg,json}, the experiment's default run on the wasm backend,
// drawn like the live charts. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/edge-of-stability-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInputs, formatValue } from '../demo-kit/experiment';
import { type EosInputs, type EosRow, edgeOfStabilityExperiment } from './experiment';
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
const settings = defaultInputs<EosInputs>(edgeOfStabilityExperiment.inputs);
const rows: EosRow[] = [];
const t0 = performance.now();
await edgeOfStabilityExperiment.run(settings, {
  signal: new AbortController().signal,
  onRow: (r) => rows.push(r),
  report: () => {},
  env: {},
});
const seconds = (performance.now() - t0) / 1000;
const measured = rows.filter((r) => r.sharpness !== null);
const first = rows[0] as EosRow;
const column = (key: 'loss' | 'linearized' | 'linBelow' | 'linAbove') => ({
  steps: rows.filter((r) => r[key] !== null).map((r) => r.step),
  values: rows.filter((r) => r[key] !== null).map((r) => r[key] as number),
});
const sup = (e: number) =>
  String(e)
    .split('')
    .map((c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)] ?? c)
    .join('');

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
  rules: { y: number; label: string; current: boolean }[],
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
      `<text x="${M.left - 8}" y="${yy}" dy="0.32em" text-anchor="end" fill="#222">${y.log ? (v === 1 ? '1' : `10${sup(Math.log10(v))}`) : v}</text>`,
    );
  }
  for (let t = 0; t <= x1; t += 50) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${bottom + 18}" text-anchor="middle" fill="#222">${t}</text>`,
    );
  }
  for (const rule of rules) {
    const yy = py(rule.y).toFixed(1);
    const stroke = rule.current ? '#2e8555' : '#222';
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${stroke}" stroke-width="${rule.current ? 2 : 1}" stroke-dasharray="${rule.current ? '6 3' : '2 3'}"/>`,
      `<text x="${M.left + 4}" y="${(py(rule.y) + (rule.current ? -8 : 14)).toFixed(1)}" fill="${stroke}"${rule.current ? ' font-weight="600"' : ''}>${rule.label}</text>`,
    );
  }
  // Plot's categorical scale colours series in sorted order: the same colours as the live charts.
  const sorted = series.map((s) => s.name).sort();
  for (const s of series) {
    const pts = s.steps
      .map((t, k) => [t, s.values[k] as number] as const)
      .filter(([, v]) => Number.isFinite(v) && (!y.log || v > 0))
      .map(([t, v]) => `${px(t).toFixed(1)},${py(v).toFixed(1)}`);
    const last = pts.at(-1)?.split(',') ?? ['0', '0'];
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${COLORS[sorted.indexOf(s.name)]}" stroke-width="2"/>`,
      `<text x="${(Number(last[0]) + 8).toFixed(1)}" y="${last[1]}" dy="0.32em" fill="#222">${s.name}</text>`,
    );
  }
  return out;
}

const edge = 2 / settings.effectiveStep;
const out = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">Edge of stability: a tanh MLP (width ${settings.width}, ${settings.depth} hidden layers, n = ${settings.n}) trained by full-batch GD with η̃ = ${settings.effectiveStep} sharpens to 2/η̃ = ${edge}; its linearization at initialization converges below 2/λ_max(Θ₀) and diverges above it</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  ...panel(
    M.top,
    `Sharpness c·λ_max(∇²L) every ${settings.every} steps; dashed: 2/η̃ of the step size`,
    [
      {
        name: 'sharpness',
        steps: measured.map((r) => r.step),
        values: measured.map((r) => r.sharpness as number),
      },
    ],
    { log: false, ticks: [0, 10, 20, 30, 40] },
    [
      { y: edge, label: `2/η̃ = ${edge} (η̃ = ${settings.effectiveStep})`, current: true },
      { y: first.lambdaMax, label: `λ_max(Θ₀) = ${formatValue(first.lambdaMax)}`, current: false },
    ],
  ),
  ...panel(
    M.top + PANEL + 15,
    `Training loss (log axis), network and its linearization at η̃ = ${settings.effectiveStep}`,
    [
      { name: 'network', ...column('loss') },
      { name: 'linearized', ...column('linearized') },
    ],
    { log: true, ticks: [1e-4, 1e-3, 1e-2, 1e-1, 1, 10] },
    [],
  ),
  ...panel(
    M.top + 2 * PANEL + 30,
    `Linearized model at θ₀ (log axis), 2% below and above 2/λ_max(Θ₀) = ${formatValue(first.threshold)}`,
    [
      { name: '2% below', ...column('linBelow') },
      { name: '2% above', ...column('linAbove') },
    ],
    { log: true, ticks: [1e-4, 1e-2, 1, 1e2, 1e4, 1e6] },
    [],
  ),
  `<text x="${M.left}" y="${H - 6}" fill="#222">step t →</text>`,
  '</svg>',
];
writeFileSync(path.join(outDir, 'edge-of-stability.svg'), `${out.join('\n')}\n`);
writeFileSync(
  path.join(outDir, 'edge-of-stability.json'),
  `${JSON.stringify({ machine, settings, seconds, rows }, null, 1)}\n`,
);
const tail = measured.filter((r) => r.step >= 200);
console.log(
  `${seconds.toFixed(1)} s; sharpness ${measured[0]?.sharpness?.toFixed(2)} → tail mean ${(tail.reduce((a, r) => a + (r.sharpness as number), 0) / tail.length).toFixed(2)} (2/η̃ = ${edge}); ` +
    `λ_max(Θ₀) = ${first.lambdaMax.toFixed(3)}, 2/λ_max = ${first.threshold.toFixed(4)}; loss ${rows.at(-1)?.loss.toExponential(2)}`,
);
