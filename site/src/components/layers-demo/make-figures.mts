// Makes the static figure of the "Any architecture" section of docs/kernels.mdx (shown until the
// live demo draws): static/figures/layers-kernels.{svg,json}, by running the demo's own
// experiment at its defaults on the wasm backend, drawn like the live chart. Run from the
// repository root:
//
//   pnpm --filter @overparam/layers exec tsx --conditions=@overparam/source ../../site/src/components/layers-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@overparam/tensor';
import { defaultInputs, formatValue } from '../demo-kit/experiment';
import {
  describeNetwork,
  type LayersInputs,
  type LayersRow,
  layersExperiment,
  layersNetwork,
  MOMENTS,
  withinShare,
  zScores,
} from './experiment';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
// Observable Plot's first categorical colours, in the order the live chart assigns them
// (its kernel domain sorts NNGP before NTK).
const NNGP_COLOR = '#4269d0';
const NTK_COLOR = '#efb118';
const W = 720;
const H = 360;
const M = { top: 40, right: 90, bottom: 48, left: 64 };

await initBackend('wasm');
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;
const inputs = defaultInputs<LayersInputs>(layersExperiment.inputs);
const rows: LayersRow[] = [];
const t0 = performance.now();
await layersExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (row) => rows.push(row),
  report() {},
  env: {},
});
const seconds = (performance.now() - t0) / 1000;
const first = rows[0];
if (!first) throw new Error('the layers experiment gave no row');

const fx = (v: number) => v.toFixed(1);
const values = rows.flatMap((r) => [
  r.nngp,
  r.ntk,
  r.nngpMc - 2 * r.nngpSe,
  r.nngpMc + 2 * r.nngpSe,
  ...(r.ntkMc === null || r.ntkSe === null ? [] : [r.ntkMc - 2 * r.ntkSe, r.ntkMc + 2 * r.ntkSe]),
]);
const y0 = Math.min(0, Math.floor(Math.min(...values) * 4) / 4);
const y1 = Math.max(1, Math.ceil(Math.max(...values) * 4) / 4);
const px = (v: number) => M.left + (v / Math.PI) * (W - M.left - M.right);
const py = (v: number) => H - M.bottom - ((v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
const xTicks: [number, string][] = [
  [0, '0'],
  [Math.PI / 4, 'π/4'],
  [Math.PI / 2, 'π/2'],
  [(3 * Math.PI) / 4, '3π/4'],
  [Math.PI, 'π'],
];
const yTicks: number[] = [];
for (let t = y0; t <= y1 + 1e-9; t += 0.25) yTicks.push(Number(t.toFixed(2)));

const z = zScores(rows);
const within2 = z.filter((v) => v <= 2).length;
const title = `Normalized NNGP and NTK of ${describeNetwork(inputs)} on the unit circle (lines), and the NNGP of ${inputs.samples} finite networks of the same description (dots, ±2 SE): ${within2} of ${z.length} within 2 SE`;
const out = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
  `<title id="title">${title}</title>`,
  `<rect width="${W}" height="${H}" fill="#fff"/>`,
];
for (const t of yTicks) {
  const y = fx(py(t));
  out.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="${t === 0 ? 0.3 : 0.1}"/>`,
    `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${formatValue(t)}</text>`,
  );
}
for (const [t, label] of xTicks) {
  const x = fx(px(t));
  out.push(
    `<line x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}" stroke="#000" stroke-opacity="0.1"/>`,
    `<text x="${x}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#222">${label}</text>`,
  );
}
out.push(
  `<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle" fill="#222">angle θ between x and x(0) →</text>`,
  `<text x="${M.left - 48}" y="${M.top - 16}" fill="#222">↑ k(θ)/k(0), Θ(θ)/Θ(0)</text>`,
  `<text x="${W - M.right}" y="${M.top - 16}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
);
const curve = (pick: (r: LayersRow) => number, color: string, name: string) => {
  out.push(
    `<polyline points="${rows.map((r) => `${fx(px(r.theta))},${fx(py(pick(r)))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`,
  );
  const last = rows.at(-1) as LayersRow;
  out.push(
    `<text x="${fx(px(last.theta) + 8)}" y="${fx(py(pick(last)))}" dy="0.32em" fill="#222">${name}</text>`,
  );
};
const dots = (
  mean: (r: LayersRow) => number | null,
  se: (r: LayersRow) => number | null,
  color: string,
) => {
  for (const r of rows) {
    const m = mean(r);
    const s = se(r);
    if (m === null || s === null) continue;
    const x = fx(px(r.theta));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${fx(py(m - 2 * s))}" y2="${fx(py(m + 2 * s))}" stroke="${color}" stroke-opacity="0.7"/>`,
      `<circle cx="${x}" cy="${fx(py(m))}" r="3" fill="#fff" stroke="${color}" stroke-width="1.5"/>`,
    );
  }
};
curve((r) => r.nngp, NNGP_COLOR, 'NNGP');
curve((r) => r.ntk, NTK_COLOR, 'NTK');
dots(
  (r) => r.nngpMc,
  (r) => r.nngpSe,
  NNGP_COLOR,
);
dots(
  (r) => r.ntkMc,
  (r) => r.ntkSe,
  NTK_COLOR,
);
out.push('</svg>');
writeFileSync(path.join(outDir, 'layers-kernels.svg'), `${out.join('\n')}\n`);

const maxZ = Math.max(...z);
writeFileSync(
  path.join(outDir, 'layers-kernels.json'),
  `${JSON.stringify(
    {
      machine,
      seconds: Number(seconds.toFixed(2)),
      inputs,
      network: layersNetwork(inputs, inputs.outputs).name,
      moments: MOMENTS[inputs.activation],
      nngpAt0: first.nngpAt0,
      ntkAt0: first.ntkAt0,
      within2SE: within2,
      within4SE: withinShare(rows, 4),
      estimates: z.length,
      maxZ,
      rows: rows.map(({ nngpAt0: _k, ntkAt0: _t, ...r }) => r),
    },
    null,
    2,
  )}\n`,
);
console.log(
  `layers: ${seconds.toFixed(2)} s; k(0) = ${first.nngpAt0}, Θ(0) = ${first.ntkAt0}; ${within2} of ${z.length} within 2 SE, max |z| ${maxZ.toFixed(2)}; NNGP at π/2 ${formatValue(rows[12]?.nngp, 4)}, at π ${formatValue(rows.at(-1)?.nngp, 4)}; NTK at π ${formatValue(rows.at(-1)?.ntk, 4)}`,
);
