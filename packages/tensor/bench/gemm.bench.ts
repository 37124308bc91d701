// GEMM GFLOP/s on every backend available in Node, one run: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/gemm.bench.ts`). Prints a markdown table.
// With no GPU, webgpu runs on SwiftShader (software): the table says so.
import { cpus } from 'node:os';
import { prepareBenchEnvironment, startBenchBackend } from '../src/bench/index.js';
import { type BackendName, gemmBenchmark } from '../src/index.js';

prepareBenchEnvironment();

const sizes = (process.env.GEMM_SIZES ?? '256,512,1024,2048').split(',').map(Number);
const backends: BackendName[] = ['cpu', 'wasm', 'webgpu'];
const rows: string[] = [];
for (const name of backends) {
  const started = await startBenchBackend(name);
  if ('error' in started) {
    rows.push(`| ${name} | ${sizes.map(() => 'n/a').join(' | ')} | ${started.error} |`);
    continue;
  }
  const { label } = started;
  const results = await gemmBenchmark({
    sizes,
    repeats: 1,
    onResult: (r) =>
      console.error(`${name} n=${r.n}: ${r.gflops.toFixed(2)} GFLOP/s (${r.seconds.toFixed(3)} s)`),
  });
  const worst = Math.max(...results.map((r) => r.sampledRelError));
  rows.push(
    `| ${label} | ${results.map((r) => r.gflops.toFixed(2)).join(' | ')} | ${worst.toExponential(1)} |`,
  );
}

console.log(
  `\nGEMM (float32 tf.matMul, read back), GFLOP/s, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}\n`,
);
console.log(`| backend | ${sizes.map((n) => `n = ${n}`).join(' | ')} | max sampled rel. error |`);
console.log(`| --- | ${sizes.map(() => '---:').join(' | ')} | ---: |`);
for (const row of rows) console.log(row);
process.exit(0);
