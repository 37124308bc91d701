// Makes the Backends page's figure, static/figures/backends-gemm.svg (and the numbers behind
// it, backends-gemm.json): the live demo's experiment (backends-demo/experiment.ts, that is
// gemmBenchmark) with every backend Node can start (cpu and wasm; webgpu too where Dawn finds
// an adapter), drawn as a small hand-written SVG (no DOM needed).
//
//   pnpm --filter @overparam/site run figures
//
// (runs this file with the tsx of @overparam/tensor and the `@overparam/source` condition).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@overparam/tensor';
import {
  backendsExperiment,
  type GemmInputs,
  type GemmRow,
} from '../src/components/backends-demo/experiment';

const SIZES = [64, 128, 256, 512, 1024];
const REPEATS = 7;
const inputs: GemmInputs = { sizes: SIZES, backends: 'all', repeats: REPEATS, seed: 0 };
// Observable Plot's default categorical colours (observable10), in the order Plot assigns them.
const COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0'];

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'static',
  'figures',
);

interface Measured {
  backend: string;
  n: number;
  seconds: number;
  gflops: number;
  sampledRelError: number;
}

await initBackend('cpu');
const results: Measured[] = [];
const skipped: { backend: string; reason: string }[] = [];
await backendsExperiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (row: GemmRow) => {
    if (row.skipped !== null || row.n === null) {
      skipped.push({ backend: row.backend, reason: row.skipped ?? '' });
      console.log(row.backend, 'skipped:', row.skipped);
      return;
    }
    const { backend, n, seconds, gflops, sampledRelError } = row as GemmRow & Measured;
    results.push({ backend, n, seconds, gflops, sampledRelError });
    console.log(backend, n, gflops.toFixed(2));
  },
  report() {},
  env: {},
});

const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;
writeFileSync(
  path.join(outDir, 'backends-gemm.json'),
  `${JSON.stringify({ machine, sizes: SIZES, repeats: REPEATS, results, skipped }, null, 2)}\n`,
);

/** A log y axis once the rates span more than this factor (as the live chart). */
const LOG_SPREAD = 30;

/** A round step for about `count` ticks over [0, max]. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

/** The y scale: linear from 0, or log over whole decades when the rates spread widely. */
function yScale(rates: number[], top: number, bottom: number) {
  const lo = Math.min(...rates);
  const hi = Math.max(...rates);
  if (hi / lo > LOG_SPREAD) {
    const d0 = Math.floor(Math.log10(lo));
    const d1 = Math.ceil(Math.log10(hi));
    const ticks = Array.from({ length: d1 - d0 + 1 }, (_, i) => 10 ** (d0 + i));
    const py = (g: number) => bottom - ((Math.log10(g) - d0) / (d1 - d0)) * (bottom - top);
    return { py, ticks, log: true };
  }
  const step = niceStep(hi, 5);
  const yMax = Math.ceil(hi / step) * step;
  const ticks = Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step);
  const py = (g: number) => bottom - (g / yMax) * (bottom - top);
  return { py, ticks, log: false };
}

function svg(data: Measured[]): string {
  const width = 720;
  const height = 360;
  const m = { top: 36, right: 84, bottom: 48, left: 60 };
  const series = [...new Set(data.map((r) => r.backend))].sort();
  const ns = data.map((r) => r.n);
  const [x0, x1] = [Math.log2(Math.min(...ns)), Math.log2(Math.max(...ns))];
  const px = (n: number) => m.left + ((Math.log2(n) - x0) / (x1 - x0)) * (width - m.left - m.right);
  const { py, ticks, log } = yScale(
    data.map((r) => r.gflops),
    m.top,
    height - m.bottom,
  );
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, sans-serif" font-size="12">`,
    '<title id="title">GEMM throughput (GFLOP/s) against matrix size n, cpu and wasm backends in Node</title>',
    `<desc id="desc">Precomputed with gemmBenchmark on ${machine}; ${REPEATS} repeats per size, median.</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  );
  for (const g of ticks) {
    const y = py(g).toFixed(1);
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${m.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${+g.toPrecision(3)}</text>`,
    );
  }
  for (const n of SIZES) {
    const x = px(n).toFixed(1);
    out.push(
      `<line x1="${x}" x2="${x}" y1="${m.top}" y2="${height - m.bottom}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${x}" y="${height - m.bottom + 18}" text-anchor="middle" fill="#222">${n}</text>`,
    );
  }
  out.push(
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 8}" text-anchor="middle" fill="#222">matrix size n →</text>`,
    `<text x="${m.left - 44}" y="${m.top - 16}" fill="#222">↑ GFLOP/s${log ? ' (log scale)' : ''}</text>`,
    `<text x="${width - m.right}" y="${m.top - 16}" text-anchor="end" fill="#555">precomputed in Node on ${machine}</text>`,
  );
  series.forEach((name, i) => {
    const color = COLORS[i % COLORS.length];
    const rows = data.filter((r) => r.backend === name).sort((a, b) => a.n - b.n);
    const points = rows.map((r) => `${px(r.n).toFixed(1)},${py(r.gflops).toFixed(1)}`).join(' ');
    out.push(
      `<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`,
      ...rows.map(
        (r) =>
          `<circle cx="${px(r.n).toFixed(1)}" cy="${py(r.gflops).toFixed(1)}" r="3" fill="#fff" stroke="${color}" stroke-width="1.5"/>`,
      ),
    );
    const last = rows.at(-1);
    if (last) {
      out.push(
        `<text x="${(px(last.n) + 8).toFixed(1)}" y="${py(last.gflops).toFixed(1)}" dy="0.32em" fill="#222">${name}</text>`,
      );
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

writeFileSync(path.join(outDir, 'backends-gemm.svg'), svg(results));
console.log(`wrote ${path.relative(process.cwd(), outDir)}/backends-gemm.{svg,json} (${machine})`);
