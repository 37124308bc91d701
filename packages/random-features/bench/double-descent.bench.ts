// Double-descent sweep time on every backend available in Node, one run: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/double-descent.bench.ts`). One seed, 40
// log-spaced N from 10 to 10n through N = n, MNIST n = 1000 (1000 test digits, binary pixels),
// random Fourier features σ = 5. Prints a markdown table. With no GPU, webgpu runs on
// SwiftShader (a software Vulkan driver): the table says so.
//   BENCH_BACKENDS=wasm,cpu  (default wasm,cpu,webgpu)   BENCH_N=1000
import { cpus } from 'node:os';
import { loadMnist, mnistSplit } from '@overparam/datasets';
import type { BackendName } from '@overparam/tensor';
import { prepareBenchEnvironment, startBenchBackend } from '@overparam/tensor/bench';
import { doubleDescent, featureGrid } from '../src/index.js';

prepareBenchEnvironment();

const n = Number(process.env.BENCH_N ?? 1000);
const backends = (process.env.BENCH_BACKENDS ?? 'wasm,cpu,webgpu').split(',') as BackendName[];
const data = mnistSplit(await loadMnist(), { nTrain: n, nTest: n, dataSeed: 0, pixels: 'binary' });
const grid = featureGrid({ n, min: 10, max: 10 * n, points: 40 });
const nearest = (N: number) =>
  grid.reduce((a, b) => (Math.abs(Math.log(b / N)) < Math.abs(Math.log(a / N)) ? b : a));

const rows: string[] = [];
for (const name of backends) {
  const started = await startBenchBackend(name);
  if ('error' in started) {
    rows.push(`| ${name} | n/a | | | | | ${started.error} |`);
    continue;
  }
  const { label } = started;
  const t0 = performance.now();
  const { summary, points } = await doubleDescent({
    data,
    featureCounts: grid,
    featureMap: { kind: 'fourier-gaussian', lengthScale: 5 },
    onPoint: (p, { done, total }) =>
      console.error(
        `${name} ${done}/${total} N=${p.N} test MSE ${p.testMse.toPrecision(4)} ${p.precision} ${p.seconds.toFixed(2)} s`,
      ),
  });
  const seconds = (performance.now() - t0) / 1000;
  const at = (N: number) => summary.find((s) => s.N === nearest(N))!.testMse.mean.toPrecision(3);
  const peak = summary.reduce((a, b) => (b.testMse.mean > a.testMse.mean ? b : a));
  const float64 = points.filter((p) => p.precision === 'float64').map((p) => p.N);
  rows.push(
    `| ${label} | ${seconds.toFixed(1)} | ${peak.N} | ${at(n / 2)} / ${at(n)} / ${at(10 * n)} | ${float64.join(', ')} | |`,
  );
}

console.log(
  `\nDouble-descent sweep, MNIST n = ${n} (${n} test), RFF σ = 5, 1 seed, ${grid.length} N from ${grid[0]} to ${grid.at(-1)}; ` +
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n`,
);
console.log(
  '| backend | seconds | test-MSE peak at N | test MSE at n/2 / n / 10n | float64 points (N) | note |',
);
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const row of rows) console.log(row);
process.exit(0);
