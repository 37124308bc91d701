// Makes the static figures of docs/kernels.mdx (shown before the live demos draw):
// static/figures/kernels-ntk-width.{svg,json} and kernels-regression.{svg,json}, by running the
// demos' own experiments at their defaults (the float32 check on wasm). Run from the repository root:
//
//   pnpm --filter @overparam/kernels exec tsx --conditions=@overparam/source ../../site/src/components/kernels-demos/make-figures.mts
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@overparam/tensor';
import { defaultInputs, type Experiment } from '../demo-kit/experiment';
import { target } from './data';
import { GRID, kernelRegressionExperiment } from './kernel-regression-experiment';
import { fittedSlope, kernelOptions, ntkWidthExperiment } from './ntk-width-experiment';

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

async function rowsOf<I extends object, R extends object>(x: Experiment<I, R>): Promise<R[]> {
  const rows: R[] = [];
  await x.run(defaultInputs<I>(x.inputs), {
    signal: new AbortController().signal,
    onRow: (row) => rows.push(row),
    report() {},
    env: {},
  });
  return rows;
}

await initBackend('wasm');

// Width sweep: the demo's defaults.
const widthInputs = defaultInputs<Parameters<typeof ntkWidthExperiment.run>[0]>(
  ntkWidthExperiment.inputs,
);
const sweep = await rowsOf(ntkWidthExperiment);
const rows = sweep.map(({ width, ntkError, nngpError }) => ({
  width,
  ntk: ntkError,
  nngp: nngpError,
}));
const widths = rows.map((r) => r.width);
const slope = fittedSlope(sweep) ?? Number.NaN;
writeFileSync(
  path.join(outDir, 'kernels-ntk-width.json'),
  `${JSON.stringify({ machine, inputs: widthInputs, kernel: kernelOptions(widthInputs), points: 12, rows, slope }, null, 2)}\n`,
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
      yLabel: 'relative error ‖Θ̂ − Θ‖/‖Θ‖',
      xTicks: widths,
      yTicks: [0.03, 0.1, 0.3, 1, 3],
    },
  ),
);
console.log(`width sweep: slope ${slope.toFixed(3)}`, rows);

// Regression: the demo's defaults (NTK, L = 3, λ = 0, n = 20, σ = 0.1, seed 3).
const [fit] = await rowsOf(kernelRegressionExperiment);
if (!fit) throw new Error('the regression experiment gave no row');
const { prediction, train, ...summary } = fit;
writeFileSync(
  path.join(outDir, 'kernels-regression.json'),
  `${JSON.stringify({ machine, ...summary, train, grid: GRID, prediction })}\n`,
);
writeFileSync(
  path.join(outDir, 'kernels-regression.svg'),
  svg(
    'Kernel ridge regression (λ = 0) with the NTK of a 3-layer ReLU network on 20 noisy samples of sin(2.5x) + 0.3x',
    [
      { name: 'fit', points: GRID.map((x, i) => ({ x, y: prediction[i] as number })) },
      {
        name: 'training data',
        points: train.x.map((x, i) => ({ x, y: train.y[i] as number })),
        dots: true,
        line: false,
      },
      { name: 'target', points: GRID.map((x) => ({ x, y: target(x) })), dashed: true },
    ],
    { xLabel: 'x', yLabel: 'f(x)', xTicks: [-2, -1, 0, 1, 2], yTicks: [-2, -1, 0, 1, 2] },
  ),
);
console.log(
  `regression: residual ${fit.residual.toExponential(2)}, cond ${fit.cond.toExponential(2)}, float32 gap ${fit.f32Gap.toExponential(2)}`,
);
