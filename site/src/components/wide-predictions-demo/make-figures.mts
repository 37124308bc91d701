// Makes the static figures of docs/infinite-width-predictions.mdx (shown until the live demos
// draw): static/figures/wide-predictions-ensemble.{svg,json} (Figure 1, the experiment's default
// run on the wasm backend) and wide-predictions-hyperparameters.{svg,json} (Figure 2, float64),
// drawn like the live charts. Run from the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/wide-predictions-demo/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@overparam/tensor';
import { defaultInputs, type Experiment, formatValue } from '../demo-kit/experiment';
import { CURVE_Y_LIMIT, GRID, target, wideData } from './data';
import {
  ensembleExperiment,
  ensembleSetup,
  type WideEnsembleInputs,
  type WideEnsembleRow,
} from './ensemble-experiment';
import { hyperExperiment, type WideHyperRow } from './hyperparameters-experiment';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
// Observable Plot's first categorical colours, in the order the live charts assign them.
const COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2'];
const NET_COLOR = '#ff725c';
const NTK_COLOR = '#4269d0';

async function rowsOf<I extends object, R extends object>(
  x: Experiment<I, R>,
): Promise<{ rows: R[]; seconds: number }> {
  const rows: R[] = [];
  const t0 = performance.now();
  await x.run(defaultInputs<I>(x.inputs), {
    signal: new AbortController().signal,
    onRow: (row) => rows.push(row),
    report() {},
    env: {},
  });
  return { rows, seconds: (performance.now() - t0) / 1000 };
}

/** A linear map from [d0, d1] onto [r0, r1]. */
const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) =>
  r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
const fx = (v: number) => v.toFixed(1);
const polyline = (pts: readonly (readonly [number, number])[]) =>
  pts.map(([a, b]) => `${fx(a)},${fx(b)}`).join(' ');

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

function axes(
  f: Frame,
  px: (v: number) => number,
  py: (v: number) => number,
  xTicks: readonly number[],
  yTicks: readonly number[],
  yText: (v: number) => string = (v) => formatValue(v),
): string[] {
  const out: string[] = [];
  for (const t of yTicks) {
    const y = fx(py(t));
    out.push(
      `<line x1="${f.left}" x2="${f.left + f.width}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${f.left - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${yText(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    const x = fx(px(t));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${f.top}" y2="${f.top + f.height}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${f.top + f.height + 15}" text-anchor="middle" fill="#222">${formatValue(t)}</text>`,
    );
  }
  return out;
}

await initBackend('wasm');
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;

// Figure 1: the networks and the band at step 0 and at the last step.
const inputs = defaultInputs<WideEnsembleInputs>(ensembleExperiment.inputs);
const setup = ensembleSetup(inputs);
const ensemble = await rowsOf(ensembleExperiment);
const first = ensemble.rows[0] as WideEnsembleRow;
const last = ensemble.rows.at(-1) as WideEnsembleRow;
const data = wideData();
{
  const W = 720;
  const H = 330;
  // The live chart's y range: the widest curve or band at step 0, at most ±CURVE_Y_LIMIT.
  const widest = Math.max(
    ...first.ntkMean.map((m, i) => Math.abs(m) + 2 * (first.ntkSd[i] as number)),
    ...first.nets.flat().map(Math.abs),
  );
  const limit = Math.min(Math.ceil(widest * 1.05 * 2) / 2, CURVE_Y_LIMIT);
  const panel = (row: WideEnsembleRow, left: number, title: string): string[] => {
    const f: Frame = { left, top: 40, width: 290, height: 250 };
    const px = scale(-1.5, 1.5, f.left, f.left + f.width);
    const py = scale(-limit, limit, f.top + f.height, f.top);
    const stepTick = limit > 6 ? 4 : limit > 3 ? 2 : 1;
    const ticks: number[] = [];
    for (let t = -Math.floor(limit / stepTick) * stepTick; t <= limit; t += stepTick) ticks.push(t);
    const clip = `clip-${left}`;
    const out = [
      `<text x="${f.left}" y="${f.top - 12}" font-weight="600" fill="#222">${title}</text>`,
      ...axes(f, px, py, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5], ticks),
      `<clipPath id="${clip}"><rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}"/></clipPath>`,
      `<g clip-path="url(#${clip})">`,
    ];
    const upper = GRID.map(
      (g, i) => [px(g), py((row.ntkMean[i] as number) + 2 * (row.ntkSd[i] as number))] as const,
    );
    const lower = GRID.map(
      (g, i) => [px(g), py((row.ntkMean[i] as number) - 2 * (row.ntkSd[i] as number))] as const,
    ).reverse();
    out.push(
      `<polygon points="${polyline([...upper, ...lower])}" fill="${NTK_COLOR}" fill-opacity="0.16"/>`,
    );
    for (const net of row.nets)
      out.push(
        `<polyline points="${polyline(GRID.map((g, i) => [px(g), py(net[i] as number)] as const))}" fill="none" stroke="${NET_COLOR}" stroke-opacity="0.6" stroke-width="1"/>`,
      );
    out.push(
      `<polyline points="${polyline(GRID.map((g) => [px(g), py(target(g))] as const))}" fill="none" stroke="#222" stroke-opacity="0.55" stroke-dasharray="5 4"/>`,
      `<polyline points="${polyline(GRID.map((g, i) => [px(g), py(row.ntkMean[i] as number)] as const))}" fill="none" stroke="${NTK_COLOR}" stroke-width="2.5"/>`,
    );
    data.x.forEach((v, i) => {
      out.push(
        `<circle cx="${fx(px(v))}" cy="${fx(py(data.y[i] as number))}" r="3.5" fill="#222"/>`,
      );
    });
    out.push('</g>');
    return out;
  };
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="title">${inputs.nets} networks of width ${inputs.width} (thin lines) and the infinite-width mean ± 2σ (blue) at step 0 and step ${last.step}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...panel(first, 50, `Step 0: the NNGP prior (σ at x = 0: ${formatValue(first.ntkSd0)})`),
    ...panel(
      last,
      410,
      `Step ${last.step}: max |mean − width ∞| = ${formatValue(last.zMax, 2)} σ/√N`,
    ),
    `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">${inputs.nets} erf networks, width ${inputs.width}, L = ${inputs.depth}, σ_w = ${inputs.wStd}; precomputed in Node on ${machine}, wasm</text>`,
    '</svg>',
  ].join('\n');
  writeFileSync(path.join(outDir, 'wide-predictions-ensemble.svg'), `${svg}\n`);
  const summary = ensemble.rows.map(({ nets: _n, ntkMean: _m, ntkSd: _s, ...r }) => r);
  writeFileSync(
    path.join(outDir, 'wide-predictions-ensemble.json'),
    `${JSON.stringify({ inputs, setup, machine, seconds: ensemble.seconds, rows: summary }, null, 1)}\n`,
  );
  console.log(
    `ensemble: ${ensemble.seconds.toFixed(2)} s; step 0 σ(0) ${first.sd0.toFixed(3)} vs ${first.ntkSd0.toFixed(3)} (prior ${setup.priorSd[0].toFixed(3)}); step ${last.step}: zMax ${last.zMax.toFixed(2)}, loss ${last.netLoss.toExponential(2)} vs ${last.ntkLoss.toExponential(2)}`,
  );
}

// Figure 2: log marginal likelihood and LOO error over σ_w, one line per depth.
const hyper = await rowsOf(hyperExperiment);
{
  const rows = hyper.rows as WideHyperRow[];
  const W = 720;
  const H = 560;
  const depths = [...new Set(rows.map((r) => r.depth))];
  const wStds = [...new Set(rows.map((r) => r.wStd))];
  const [w0, w1] = [Math.min(...wStds), Math.max(...wStds)];
  const color = (d: number) => COLORS[depths.indexOf(d) % COLORS.length] as string;
  const best = rows.find((r) => r.selected === 'evidence' || r.selected === 'both') as WideHyperRow;
  const loo = rows.find((r) => r.selected === 'LOO' || r.selected === 'both') as WideHyperRow;
  const top = best.logMarginalLikelihood as number;
  const xTicks = wStds.filter((_, i) => i % 2 === 0);
  const linePanel = (
    f: Frame,
    title: string,
    value: (r: WideHyperRow) => number | null,
    yDomain: [number, number],
    yTicks: number[],
    log: boolean,
    mark: WideHyperRow,
    markText: string,
  ): string[] => {
    const tr = (v: number) => (log ? Math.log10(v) : v);
    const px = scale(w0, w1, f.left, f.left + f.width);
    const py0 = scale(tr(yDomain[0]), tr(yDomain[1]), f.top + f.height, f.top);
    const py = (v: number) => py0(tr(v));
    const out = [
      `<text x="${f.left}" y="${f.top - 12}" font-weight="600" fill="#222">${title}</text>`,
      ...axes(f, px, py, xTicks, yTicks),
      `<text x="${f.left + f.width}" y="${f.top + f.height + 30}" text-anchor="end" fill="#222">σ_w →</text>`,
      `<clipPath id="clip-${f.top}"><rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}"/></clipPath>`,
    ];
    const ends: { d: number; y: number }[] = [];
    for (const d of depths) {
      const pts = rows
        .filter((r) => r.depth === d && value(r) !== null)
        .map((r) => [px(r.wStd), py(value(r) as number)] as const);
      out.push(
        `<polyline clip-path="url(#clip-${f.top})" points="${polyline(pts)}" fill="none" stroke="${color(d)}" stroke-width="2"/>`,
      );
      const end = pts.at(-1);
      if (end) ends.push({ d, y: Math.min(Math.max(end[1], f.top), f.top + f.height) });
    }
    // End labels pushed apart (13 px between baselines), as the kit's endLabels does.
    ends.sort((a, b) => a.y - b.y);
    for (let i = 1; i < ends.length; i++) {
      const prev = ends[i - 1] as { y: number };
      const cur = ends[i] as { y: number };
      if (cur.y - prev.y < 13) cur.y = prev.y + 13;
    }
    for (const e of ends)
      out.push(
        `<text x="${fx(f.left + f.width + 8)}" y="${fx(e.y)}" dy="0.32em" fill="#222">L = ${e.d}</text>`,
      );
    const mx = px(mark.wStd);
    const my = py(value(mark) as number);
    out.push(
      `<circle cx="${fx(mx)}" cy="${fx(my)}" r="5" fill="none" stroke="#222" stroke-width="1.5"/>`,
      `<text x="${fx(mx)}" y="${fx(my - 12)}" text-anchor="middle" font-style="italic" fill="#222" stroke="#fff" stroke-width="4" paint-order="stroke">${markText}</text>`,
    );
    return out;
  };
  const ml = (r: WideHyperRow) => r.logMarginalLikelihood;
  const lo = (r: WideHyperRow) => r.looMse;
  const looValues = rows.map(lo).filter((v): v is number => v !== null && v > 0);
  const looTicks = [0.05, 0.1, 0.2, 0.5].filter(
    (t) => t >= Math.min(...looValues) && t <= Math.max(...looValues),
  );
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="title">Log marginal likelihood and leave-one-out error of the NNGP prior against σ_w, one line per depth; selected: L = ${best.depth}, σ_w = ${best.wStd} (evidence) and L = ${loo.depth}, σ_w = ${loo.wStd} (LOO)</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...linePanel(
      { left: 60, top: 36, width: 560, height: 210 },
      'Log marginal likelihood log p(y | X) (higher is better)',
      ml,
      [top - 30, top + 3],
      [0, -10, -20, -30]
        .map((v) => Math.round(top / 10) * 10 + v)
        .filter((v) => v >= top - 30 && v <= top + 3),
      false,
      best,
      `evidence: L = ${best.depth}, σ_w = ${best.wStd}`,
    ),
    ...linePanel(
      { left: 60, top: 310, width: 560, height: 200 },
      'Leave-one-out MSE (lower is better), log scale',
      lo,
      [Math.min(...looValues) * 0.85, Math.max(...looValues) * 1.1],
      looTicks,
      true,
      loo,
      `LOO: L = ${loo.depth}, σ_w = ${loo.wStd}`,
    ),
    `<text x="${W - 8}" y="${H - 6}" text-anchor="end" fill="#555">precomputed in Node on ${machine} (float64)</text>`,
    '</svg>',
  ].join('\n');
  writeFileSync(path.join(outDir, 'wide-predictions-hyperparameters.svg'), `${svg}\n`);
  writeFileSync(
    path.join(outDir, 'wide-predictions-hyperparameters.json'),
    `${JSON.stringify({ machine, seconds: hyper.seconds, rows }, null, 1)}\n`,
  );
  console.log(
    `hyperparameters: ${rows.length} settings in ${hyper.seconds.toFixed(2)} s; evidence ${best.depth}/${best.wStd} (${top.toFixed(3)}), LOO ${loo.depth}/${loo.wStd} (${loo.looMse?.toFixed(4)})`,
  );
}
