// Makes the static figures of docs/kernels.mdx (shown before the live demos load):
// static/figures/kernels-ntk-width.{svg,json} and kernels-regression.{svg,json}, with the same
// code the demos run, in float64. Run from the repository root:
//
//   pnpm --filter @overparam/kernels exec tsx --conditions=@overparam/source ../../site/src/components/kernels-demos/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { relativeError } from '@overparam/tensor/testing';
import { logLogSlope, regressionData, spherePoints, target } from './data';
import { empiricalNtkF64, fcKernel, kernelRidge } from './kernels-lib';

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'static',
  'figures',
);
const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;
const COLORS = ['#4269d0', '#efb118', '#ff725c'];
const W = 720;
const H = 360;
const M = { top: 36, right: 90, bottom: 48, left: 64 };

interface Series {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
  dots?: boolean;
  line?: boolean;
}

function svg(
  title: string,
  series: Series[],
  opts: {
    logX?: boolean;
    logY?: boolean;
    xLabel: string;
    yLabel: string;
    xTicks: number[];
    yTicks: number[];
  },
): string {
  const fx = (v: number) => (opts.logX ? Math.log10(v) : v);
  const fy = (v: number) => (opts.logY ? Math.log10(v) : v);
  const xs = opts.xTicks.map(fx);
  const ys = opts.yTicks.map(fy);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const px = (v: number) => M.left + ((fx(v) - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - ((fy(v) - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="title" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="title">${title}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  for (const t of opts.yTicks) {
    const y = py(t).toFixed(1);
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${M.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${t}</text>`,
    );
  }
  for (const t of opts.xTicks) {
    const x = px(t).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${M.top}" y2="${H - M.bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#222">${t}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle" fill="#222">${opts.xLabel} →</text>`,
    `<text x="${M.left - 48}" y="${M.top - 16}" fill="#222">↑ ${opts.yLabel}</text>`,
    `<text x="${W - M.right}" y="${M.top - 16}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  );
  series.forEach((s, i) => {
    const color = s.dashed ? '#777' : (COLORS[i % COLORS.length] as string);
    if (s.line !== false) {
      const pts = s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
      out.push(
        `<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 4"' : ''}/>`,
      );
    }
    if (s.dots) {
      for (const p of s.points)
        out.push(
          `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="#fff" stroke="${color}" stroke-width="1.5"/>`,
        );
    }
    // Curves are labelled at their right end, the dashed reference at its left end.
    const at = s.dashed ? s.points[0] : s.points.at(-1);
    if (at) {
      const [dx, dy, anchor] = s.dashed ? [4, -10, 'start'] : [8, 0, 'start'];
      out.push(
        `<text x="${(px(at.x) + dx).toFixed(1)}" y="${(py(at.y) + dy).toFixed(1)}" dy="0.32em" text-anchor="${anchor}" fill="#222">${s.name}</text>`,
      );
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

// Width sweep: the demo's defaults.
const X = spherePoints(12, 3, 7);
const options = { depth: 2, activation: 'relu' as const, wStd: Math.SQRT2, bStd: 0.1 };
const exact = fcKernel(options).f64(X);
const widths = [16, 32, 64, 128, 256, 512, 1024, 2048];
const rows: { width: number; ntk: number; nngp: number }[] = [];
for (const width of widths) {
  let ntk = 0;
  let nngp = 0;
  for (let s = 0; s < 4; s++) {
    const emp = empiricalNtkF64({ inputDim: 3, ...options, width, initSeed: 1000 + s }, X);
    ntk += relativeError(emp.ntk, exact.ntk) / 4;
    nngp += relativeError(emp.nngp, exact.nngp) / 4;
  }
  rows.push({ width, ntk, nngp });
}
// Fitted where the 1/√m regime holds (the smallest widths have heavy-tailed errors).
const slope = logLogSlope(rows.filter((r) => r.width >= 64).map((r) => ({ x: r.width, y: r.ntk })));
writeFileSync(
  path.join(outDir, 'kernels-ntk-width.json'),
  `${JSON.stringify({ machine, options, points: 12, networksPerWidth: 4, rows, slope }, null, 2)}\n`,
);
const last = rows.at(-1) as { width: number; ntk: number };
writeFileSync(
  path.join(outDir, 'kernels-ntk-width.svg'),
  svg(
    `Mean relative error of the empirical NTK and NNGP against width (log–log); fitted NTK slope ${slope.toFixed(2)} (m ≥ 64)`,
    [
      { name: 'NTK', points: rows.map((r) => ({ x: r.width, y: r.ntk })), dots: true },
      { name: 'NNGP', points: rows.map((r) => ({ x: r.width, y: r.nngp })), dots: true },
      {
        name: 'slope −1/2',
        points: widths.map((m) => ({ x: m, y: last.ntk * Math.sqrt(last.width / m) })),
        dashed: true,
      },
    ],
    {
      logX: true,
      logY: true,
      xLabel: 'width m',
      yLabel: 'relative Frobenius error',
      xTicks: widths,
      yTicks: [0.03, 0.1, 0.3, 1, 3],
    },
  ),
);
console.log(`width sweep: slope ${slope.toFixed(3)}`, rows);

// Regression: the demo's defaults (NTK, L = 3, λ = 0, n = 20, σ = 0.1, seed 3).
const data = regressionData(20, 0.1, 3);
const embed = (xs: readonly number[]) => xs.map((x) => [x, 1]);
const k = fcKernel({ depth: 3, activation: 'relu', wStd: Math.SQRT2, bStd: 0.2 });
const model = kernelRidge(k.f64(embed(data.x)).ntk, data.y);
const grid = Array.from({ length: 241 }, (_, i) => -2.4 + (4.8 * i) / 240);
const pred = model.predict(k.f64(embed(grid), embed(data.x)).ntk).data;
writeFileSync(
  path.join(outDir, 'kernels-regression.json'),
  `${JSON.stringify({ machine, residual: model.residual, cond: model.cond, train: data, grid, prediction: Array.from(pred) })}\n`,
);
writeFileSync(
  path.join(outDir, 'kernels-regression.svg'),
  svg(
    'Kernel ridge regression (λ = 0) with the NTK of a 3-layer ReLU network on 20 noisy samples of sin(2.5x) + 0.3x',
    [
      { name: 'kernel ridge', points: grid.map((x, i) => ({ x, y: pred[i] as number })) },
      {
        name: 'training data',
        points: data.x.map((x, i) => ({ x, y: data.y[i] as number })),
        dots: true,
        line: false,
      },
      { name: 'target', points: grid.map((x) => ({ x, y: target(x) })), dashed: true },
    ],
    { xLabel: 'x', yLabel: 'f(x)', xTicks: [-2, -1, 0, 1, 2], yTicks: [-2, -1, 0, 1, 2] },
  ),
);
console.log(
  `regression: residual ${model.residual.toExponential(2)}, cond ${model.cond.toExponential(2)}`,
);
