// Makes the static figure of docs/lazy-and-rich-training.mdx (shown until the live demo's first
// rows): static/figures/lazy-rich-training.{svg,json}, the experiment's default run on the wasm
// backend, drawn like the live charts. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/lazy-rich-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultInputs, formatValue } from '../demo-kit/experiment';
import {
  gridAngles,
  type LazyRichInputs,
  type LazyRichRow,
  lazyRichData,
  lazyRichExperiment,
} from './experiment';
import { initBackend } from './lib';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
// Observable Plot's first categorical colours, in the order the live charts assign them.
const COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951'];
const W = 720;
const M = { top: 30, right: 110, bottom: 36, left: 70 };

const inputs = defaultInputs<LazyRichInputs>(lazyRichExperiment.inputs);
const info = await initBackend('wasm');
const rows: LazyRichRow[] = [];
const t0 = performance.now();
await lazyRichExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (r) => rows.push(r),
  report: () => {},
  env: {},
});
const seconds = (performance.now() - t0) / 1000;
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}, ${info.backend}`;
const alphas = [...new Set(rows.map((r) => r.alpha))];
// The live charts name series "α = …" and Plot sorts them as strings: the same colours here.
const label = (a: number) => `α = ${formatValue(a)}`;
const order = alphas.map(label).sort();
const color = (a: number) => COLORS[order.indexOf(label(a))] as string;
const last = new Map(rows.map((r) => [r.alpha, r]));
for (const r of last.values()) {
  console.log(
    `α = ${r.alpha}: loss ${r.loss.toExponential(2)}, weight change ${r.weightChange.toExponential(2)}, α·distance ${r.scaledDistance.toFixed(3)}, NTK change ${r.ntkChange.toExponential(2)}`,
  );
}

/** End labels pushed apart vertically (at least 13 px), as the kit's endLabels does. */
function spread(ys: number[], gap = 13): number[] {
  const order = ys.map((y, i) => [y, i] as const).sort((a, b) => a[0] - b[0]);
  const placed = [...ys];
  for (let k = 1; k < order.length; k++) {
    const prev = placed[(order[k - 1] as readonly [number, number])[1]] as number;
    const i = (order[k] as readonly [number, number])[1];
    if ((placed[i] as number) - prev < gap) placed[i] = prev + gap;
  }
  return placed;
}

function frame(top: number, title: string): string[] {
  return [`<text x="${M.left}" y="${top + 18}" font-weight="600" fill="#222">${title}</text>`];
}

function circlePanel(top: number, height: number): string[] {
  const h = height - M.top - M.bottom;
  const angles = gridAngles();
  const data = lazyRichData(inputs.n, inputs.freq);
  const ends = [...last.values()];
  const values = ends.flatMap((r) => r.f).concat([-1, 1]);
  const [y0, y1] = [Math.min(...values), Math.max(...values)];
  const px = (t: number) => M.left + (t / (2 * Math.PI)) * (W - M.left - M.right);
  const py = (v: number) => top + M.top + h - ((v - y0) / (y1 - y0)) * h;
  const out = frame(
    top,
    `The learned function h(θ) = α(f − f₀) at step ${inputs.steps}; dashed: the target sin ${inputs.freq}θ`,
  );
  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    const y = py(v).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="${v === 0 ? 0.3 : 0.1}"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${v}</text>`,
    );
  }
  ['0', 'π/2', 'π', '3π/2', '2π'].forEach((text, k) => {
    const x = px((k * Math.PI) / 2).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top + M.top}" y2="${top + M.top + h}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${top + M.top + h + 16}" text-anchor="middle" fill="#222">${text}</text>`,
    );
  });
  out.push(
    `<text x="${W - M.right}" y="${top + M.top + h + 30}" text-anchor="end" fill="#222">angle θ on the circle →</text>`,
  );
  const path = (ys: readonly number[]) =>
    ys
      .map((v, j) => `${j ? 'L' : 'M'}${px(angles[j] as number).toFixed(1)},${py(v).toFixed(1)}`)
      .join('');
  out.push(
    `<path d="${path(angles.map((t) => Math.sin(inputs.freq * t)))}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="5 4"/>`,
  );
  for (const r of ends) {
    out.push(`<path d="${path(r.f)}" fill="none" stroke="${color(r.alpha)}" stroke-width="2"/>`);
  }
  data.theta.forEach((t, i) => {
    out.push(
      `<circle cx="${px(t).toFixed(1)}" cy="${py(data.y[i] as number).toFixed(1)}" r="3.5" fill="#222"/>`,
    );
  });
  const labels = [
    ...ends.map((r) => ({ text: label(r.alpha), v: r.f.at(-1) as number })),
    { text: `sin ${inputs.freq}θ`, v: 0 },
  ];
  const ys = spread(labels.map((l) => py(l.v)));
  labels.forEach((l, i) => {
    out.push(
      `<text x="${W - M.right + 8}" y="${(ys[i] as number).toFixed(1)}" dy="0.32em" fill="#222">${l.text}</text>`,
    );
  });
  return out;
}

function logPanel(top: number, height: number, title: string, key: keyof LazyRichRow): string[] {
  const series = alphas.map((alpha) => ({
    alpha,
    pts: rows.filter((r) => r.alpha === alpha && (r[key] as number) > 0 && !r.diverged),
  }));
  const logs = series.flatMap((s) => s.pts.map((p) => Math.log10(p[key] as number)));
  const y0 = Math.floor(Math.min(...logs));
  const y1 = Math.ceil(Math.max(...logs));
  const h = height - M.top - M.bottom;
  const px = (step: number) => M.left + (step / inputs.steps) * (W - M.left - M.right);
  const py = (v: number) => top + M.top + h - ((Math.log10(v) - y0) / (y1 - y0 || 1)) * h;
  const out = frame(top, title);
  const sup = (e: number) =>
    String(e)
      .split('')
      .map((c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)] ?? c)
      .join('');
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${e === 0 ? '1' : `10${sup(e)}`}</text>`,
    );
  }
  const every =
    [10, 20, 25, 50, 100, 200, 250, 500, 1000].find((k) => k >= inputs.steps / 8) ?? 1000;
  for (let s = 0; s <= inputs.steps; s += every) {
    const x = px(s).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top + M.top}" y2="${top + M.top + h}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${top + M.top + h + 16}" text-anchor="middle" fill="#222">${s}</text>`,
    );
  }
  out.push(
    `<text x="${W - M.right}" y="${top + M.top + h + 30}" text-anchor="end" fill="#222">GD step t →</text>`,
  );
  const ends: { text: string; y: number }[] = [];
  for (const s of series) {
    const d = s.pts
      .map((p, j) => `${j ? 'L' : 'M'}${px(p.step).toFixed(1)},${py(p[key] as number).toFixed(1)}`)
      .join('');
    out.push(`<path d="${d}" fill="none" stroke="${color(s.alpha)}" stroke-width="2"/>`);
    const end = s.pts.at(-1);
    if (end) ends.push({ text: label(s.alpha), y: py(end[key] as number) });
  }
  const ys = spread(ends.map((e) => e.y));
  ends.forEach((e, i) => {
    out.push(
      `<text x="${W - M.right + 8}" y="${(ys[i] as number).toFixed(1)}" dy="0.32em" fill="#222">${e.text}</text>`,
    );
  });
  return out;
}

const CIRCLE = 280;
const PANEL = 190;
const H = CIRCLE + 3 * PANEL + 20;
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">Lazy and rich training: what the network learned and how far its weights and NTK moved, α = ${alphas.join(', ')} (width ${inputs.width})</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  ...circlePanel(0, CIRCLE),
  ...logPanel(CIRCLE, PANEL, 'Training loss (1/(2n))·Σ(h − y)², log scale', 'loss'),
  ...logPanel(
    CIRCLE + PANEL,
    PANEL,
    'Relative weight change ‖θ_t − θ₀‖/‖θ₀‖, log scale',
    'weightChange',
  ),
  ...logPanel(
    CIRCLE + 2 * PANEL,
    PANEL,
    'Relative NTK change ‖Θ_t − Θ₀‖_F/‖Θ₀‖_F, log scale',
    'ntkChange',
  ),
  '</svg>',
].join('\n');
writeFileSync(path.join(outDir, 'lazy-rich-training.svg'), `${svg}\n`);
writeFileSync(
  path.join(outDir, 'lazy-rich-training.json'),
  `${JSON.stringify({ inputs, machine, seconds, rows }, null, 1)}\n`,
);
console.log(`wrote lazy-rich-training.svg and .json (${seconds.toFixed(1)} s)`);
