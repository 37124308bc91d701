// Makes the figure of docs/linear-algebra.mdx (shown before the live demo's first row),
// static/figures/linear-algebra-precision.svg: the demo's experiment (experiment.ts) at its
// default settings on the wasm backend, drawn as a hand-written SVG (no DOM needed). The
// numbers are written into the SVG's <desc> as JSON. Run from the repository root:
//
//   pnpm --filter @overparam/random-features exec tsx --conditions=@overparam/source ../../site/src/components/linear-algebra-demo/make-figure.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../demo-kit/experiment';
import { linearAlgebraExperiment, type PrecisionInputs } from './experiment';
import { D, EPS32, EPS64, type PrecisionPoint } from './precision-sweep';

const inputs = defaultInputs<PrecisionInputs>(linearAlgebraExperiment.inputs);
const SETTINGS = { ...inputs, d: D };
const outFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
  'linear-algebra-precision.svg',
);

const info = await initBackend('wasm');
const t0 = Date.now();
const points: PrecisionPoint[] = [];
await linearAlgebraExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (p) => {
    points.push(p);
    console.log(
      p.N,
      p.cond.toExponential(2),
      p.residual64.toExponential(1),
      p.error64.toExponential(1),
      p.error32.toExponential(1),
    );
  },
  report() {},
  env: {},
});
const seconds = (Date.now() - t0) / 1000;
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}, ${info.backend}`;

const W = 720;
const PANEL = 320;
const M = { top: 40, right: 130, bottom: 48, left: 64 };
const BLUE = '#4269d0';
const ORANGE = '#efb118';

interface Series {
  name: string;
  color: string;
  values: (p: PrecisionPoint) => number;
  dashed?: boolean;
}

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function decades(values: number[]): number[] {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map(Math.log10);
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.ceil(Math.max(...logs));
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** One log–log panel at vertical offset `top`. */
function panel(top: number, title: string, yLabel: string, series: Series[]): string[] {
  const n = SETTINGS.n;
  const xs = points.map((p) => p.N);
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const yDecades = decades(series.flatMap((s) => points.map(s.values)));
  const step = Math.max(1, Math.ceil(yDecades.length / 8));
  const yTicks = yDecades.filter((_, i) => (yDecades.length - 1 - i) % step === 0);
  const [y0, y1] = [yDecades[0] as number, yDecades.at(-1) as number];
  const px = (v: number) => M.left + ((Math.log10(v) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (v: number) =>
    top + PANEL - M.bottom - ((Math.log10(v) - y0) / (y1 - y0)) * (PANEL - M.top - M.bottom);
  const out = [
    `<text x="${M.left}" y="${top + 18}" font-weight="600" fill="#222">${esc(title)}</text>`,
  ];
  for (const e of yTicks) {
    const y = py(10 ** e).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">10<tspan dy="-0.45em" font-size="9">${e < 0 ? '−' : ''}${Math.abs(e)}</tspan></text>`,
    );
  }
  const xTicks = [n / 4, n / 2, n, 2 * n, 4 * n].map(Math.round);
  for (const t of xTicks) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${top + M.top}" y2="${top + PANEL - M.bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${top + PANEL - M.bottom + 18}" text-anchor="middle" fill="#222">${t}</text>`,
    );
  }
  const xn = px(n).toFixed(1);
  out.push(
    `<line x1="${xn}" x2="${xn}" y1="${top + M.top}" y2="${top + PANEL - M.bottom}" stroke="#222" stroke-dasharray="4 3"/>`,
    `<text x="${Number(xn) + 4}" y="${top + PANEL - M.bottom - 6}" fill="#222">N = n = ${n}</text>`,
    `<text x="${(M.left + W - M.right) / 2}" y="${top + PANEL - 10}" text-anchor="middle" fill="#222">number of features N →</text>`,
    `<text x="${M.left - 56}" y="${top + M.top - 8}" fill="#222">↑ ${esc(yLabel)}</text>`,
  );
  for (const s of series) {
    const pts = points
      .map((p) => ({ N: p.N, v: s.values(p) }))
      .filter((q) => q.v > 0 && Number.isFinite(q.v));
    const d = pts.map((q, i) => `${i ? 'L' : 'M'}${px(q.N).toFixed(1)},${py(q.v).toFixed(1)}`);
    out.push(
      `<path d="${d.join('')}" fill="none" stroke="${s.color}" stroke-width="${s.dashed ? 1.5 : 2}"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    if (!s.dashed) {
      for (const q of pts) {
        out.push(
          `<circle cx="${px(q.N).toFixed(1)}" cy="${py(q.v).toFixed(1)}" r="3" fill="#fff" stroke="${s.color}" stroke-width="1.5"/>`,
        );
      }
    }
    const last = pts.at(-1);
    if (last) {
      out.push(
        `<text x="${px(last.N) + 8}" y="${py(last.v).toFixed(1)}" dy="0.32em" fill="#222">${esc(s.name)}</text>`,
      );
    }
  }
  return out;
}

const H = 2 * PANEL + 24;
const summary = {
  settings: SETTINGS,
  machine,
  seconds,
  eps: { float32: EPS32, float64: EPS64 },
  points: points.map(({ N, cond, residual64, residual32, error64, error32, cgIterations }) => ({
    N,
    cond,
    residual64,
    residual32,
    error64,
    error32,
    cgIterations,
  })),
};
const title =
  'Condition number of the Gram matrix, and relative error of float32 and float64 Gram solves, against the number of features N';
const svg = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">${title}</title>`,
  `<desc>${esc(JSON.stringify(summary))}</desc>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
  `<text x="${W - 8}" y="${H - 8}" text-anchor="end" fill="#555">precomputed in Node on ${esc(machine)}; ${SETTINGS.kind} features, n = ${SETTINGS.n}, d = ${SETTINGS.d}, seed ${SETTINGS.seed}, ${SETTINGS.points} points</text>`,
  ...panel(0, 'Condition number κ(G) of the Gram matrix', 'κ(G)', [
    { name: 'κ(G)', color: '#222', values: (p) => p.cond },
  ]),
  ...panel(PANEL, 'Relative error of a against the float64 SVD solution', 'relative error', [
    { name: 'float32', color: BLUE, values: (p) => p.error32 },
    { name: 'u₃₂·κ', color: BLUE, values: (p) => p.bound32, dashed: true },
    { name: 'float64', color: ORANGE, values: (p) => p.error64 },
    { name: 'u₆₄·κ', color: ORANGE, values: (p) => p.bound64, dashed: true },
  ]),
  '</svg>',
].join('\n');
writeFileSync(outFile, `${svg}\n`);
console.log(`wrote ${outFile} (${seconds.toFixed(1)} s)`);
