// GEMM GFLOP/s on every backend available in Node, one run: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/gemm.bench.ts`). Prints a markdown table.
// With no GPU, webgpu runs on SwiftShader (software): the table says so.
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { type BackendName, gemmBenchmark, initBackend } from '../src/index.js';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER))
  process.env.VK_ICD_FILENAMES = SWIFTSHADER;
if (!process.env.XDG_RUNTIME_DIR) {
  process.env.XDG_RUNTIME_DIR = '/tmp/overparam-xdg';
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });
}

const sizes = (process.env.GEMM_SIZES ?? '256,512,1024,2048').split(',').map(Number);
const backends: BackendName[] = ['cpu', 'wasm', 'webgpu'];
const rows: string[] = [];
for (const name of backends) {
  let label: string = name;
  try {
    const info = await initBackend(name);
    if (info.adapter)
      label += ` (${[info.adapter.vendor, info.adapter.architecture].filter(Boolean).join(' ') || info.adapter.description}${info.isSoftwareAdapter ? ', software' : ''})`;
    if (info.wasm)
      label += ` (SIMD ${info.wasm.simd ? 'on' : 'off'}, threads ${info.wasm.threads ? 'on' : 'off'})`;
  } catch (error) {
    rows.push(
      `| ${name} | ${sizes.map(() => 'n/a').join(' | ')} | ${String(error).slice(0, 80)} |`,
    );
    continue;
  }
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
