// Makes the Backends page's static figure, static/figures/backends-gemm.svg (and the numbers
// behind it, backends-gemm.json): the same gemmBenchmark the live demo runs, here in Node on
// the cpu and wasm backends, drawn as a small hand-written SVG (no DOM needed).
//
//   pnpm --filter @overparam/site run figures
//
// (runs this file with the tsx of @overparam/tensor and the `@overparam/source` condition).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type GemmResult, gemmBenchmark, initBackend } from '@overparam/tensor';

const SIZES = [128, 256, 512, 1024];
const REPEATS = 3;
const BACKENDS = ['cpu', 'wasm'] as const;
// Observable Plot's default categorical colours (observable10), in the order Plot assigns them.
const COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0'];

const outDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'static',
  'figures',
);

const results: GemmResult[] = [];
for (const backend of BACKENDS) {
  await initBackend(backend);
  results.push(...(await gemmBenchmark({ sizes: SIZES, repeats: REPEATS })));
  console.log(
    backend,
    results.filter((r) => r.backend === backend).map((r) => `${r.n}: ${r.gflops.toFixed(2)}`),
  );
}

const machine = `${os.cpus().length}-core ${os.arch()}, Node ${process.versions.node}`;
writeFileSync(
  path.join(outDir, 'backends-gemm.json'),
  `${JSON.stringify({ machine, sizes: SIZES, repeats: REPEATS, results }, null, 2)}\n`,
);

/** A round step for about `count` ticks over [0, max]. */
function niceStep(max: number, count: number): number {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

function svg(data: GemmResult[]): string {
  const width = 720;
  const height = 360;
  const m = { top: 36, right: 84, bottom: 48, left: 60 };
  const series = [...new Set(data.map((r) => r.backend))].sort();
  const ns = data.map((r) => r.n);
  const [x0, x1] = [Math.log2(Math.min(...ns)), Math.log2(Math.max(...ns))];
  const step = niceStep(Math.max(...data.map((r) => r.gflops)), 5);
  const yMax = Math.ceil(Math.max(...data.map((r) => r.gflops)) / step) * step;
  const px = (n: number) => m.left + ((Math.log2(n) - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (g: number) => height - m.bottom - (g / yMax) * (height - m.top - m.bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, sans-serif" font-size="12">`,
    '<title id="title">GEMM throughput (GFLOP/s) against matrix size n, cpu and wasm backends in Node</title>',
    `<desc id="desc">Precomputed with gemmBenchmark on ${machine}; ${REPEATS} repeats per size, median.</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  );
  for (let g = 0; g <= yMax + 1e-9; g += step) {
    const y = py(g).toFixed(1);
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${y}" y2="${y}" stroke="#000" stroke-opacity="0.1"/>`,
      `<text x="${m.left - 8}" y="${y}" dy="0.32em" text-anchor="end" fill="#222">${+g.toFixed(2)}</text>`,
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
    `<text x="${m.left - 44}" y="${m.top - 16}" fill="#222">↑ GFLOP/s</text>`,
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
