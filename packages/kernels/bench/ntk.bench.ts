// NTK Gram matrix (depth 3, ReLU, d = 784) against the bare XXᵀ matmul on every backend
// available in Node, and kernel ridge fits: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/ntk.bench.ts`). Prints markdown tables.
// With no GPU, webgpu runs on SwiftShader (a software Vulkan driver on the CPU): the table
// says so. Sizes whose predicted time (from the previous size, ∝ n³) exceeds NTK_BUDGET_S
// seconds are skipped and listed.
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import {
  type BackendName,
  createRng,
  initBackend,
  type Matrix64,
  randomUniform,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { fcKernel, kernelRidge, kernelRidgeGpu } from '../src/index.js';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER))
  process.env.VK_ICD_FILENAMES = SWIFTSHADER;
if (!process.env.XDG_RUNTIME_DIR) {
  process.env.XDG_RUNTIME_DIR = '/tmp/overparam-xdg';
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });
}

const d = 784;
const list = (value: string) => value.split(',').filter(Boolean).map(Number);
const sizes = list(process.env.NTK_SIZES ?? '1000,4000,10000');
const ridgeSizes = list(process.env.RIDGE_SIZES ?? '1000,4000');
const budget = Number(process.env.NTK_BUDGET_S ?? 240);
const backends = (process.env.NTK_BACKENDS ?? 'cpu,wasm,webgpu').split(',') as BackendName[];
const kernel = fcKernel({ depth: 3, activation: 'relu', wStd: Math.SQRT2, bStd: 0.1 });
const log = (s: string) => console.error(s);

async function seconds(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

/** Up to n = 1000: one warm-up run (shaders are compiled per shape), then the median of 3. */
async function timed(n: number, f: () => Promise<void>): Promise<number> {
  if (n > 1000) return seconds(f);
  await f();
  const t = [await seconds(f), await seconds(f), await seconds(f)].sort((a, b) => a - b);
  return t[1] as number;
}

const matmulRun = (X: tf.Tensor2D) => async () => {
  const c = tf.matMul(X, X, false, true);
  await c.data();
  c.dispose();
};
const ntkRun =
  (X: tf.Tensor2D, implementation: 'fused' | 'ops' = 'fused') =>
  async () => {
    const { nngp, ntk } = await kernel.gpu(X, undefined, { implementation });
    await ntk.data();
    tf.dispose([nngp, ntk]);
  };

/** MNIST-sized inputs: n×784 pixels in [0, 1), the same on every backend. */
const inputs = (n: number) => randomUniform<tf.Rank.R2>([n, d], { seed: 1 });

const gramRows: string[] = [];
const ridgeRows: string[] = [];
const skipped: string[] = [];
for (const name of backends) {
  let label: string = name;
  try {
    const info = await initBackend(name);
    if (info.adapter)
      label += ` (${info.adapter.vendor || info.adapter.description}${info.isSoftwareAdapter ? ', software' : ''})`;
    if (info.wasm)
      label += ` (SIMD ${info.wasm.simd ? 'on' : 'off'}, threads ${info.wasm.threads ? 'on' : 'off'})`;
  } catch (error) {
    gramRows.push(`| ${name} | n/a | | | | ${String(error).slice(0, 80)} |`);
    continue;
  }
  // Warm-up: shader compilation and buffer pools.
  const W = inputs(128);
  await matmulRun(W)();
  await ntkRun(W)();
  await ntkRun(W, 'ops')();
  W.dispose();
  let previous: { n: number; total: number } | null = null;
  for (const n of sizes) {
    const predicted = previous ? previous.total * (n / previous.n) ** 3 : 0;
    if (predicted > budget) {
      skipped.push(`${label}, n = ${n} (predicted ${predicted.toFixed(0)} s > ${budget} s)`);
      continue;
    }
    const X = inputs(n);
    const tMatmul = await timed(n, matmulRun(X));
    const tNtk = await timed(n, ntkRun(X));
    const tOps = n <= 1000 ? await timed(n, ntkRun(X, 'ops')) : Number.NaN;
    X.dispose();
    log(
      `${label} n=${n}: matmul ${tMatmul.toFixed(2)} s, NTK ${tNtk.toFixed(2)} s, ops ${tOps.toFixed(2)} s`,
    );
    gramRows.push(
      `| ${label} | ${n} | ${tMatmul.toFixed(2)} | ${tNtk.toFixed(2)} | **${(tNtk / tMatmul).toFixed(2)}×** | ${Number.isNaN(tOps) ? '–' : `${tOps.toFixed(2)} (${(tOps / tMatmul).toFixed(2)}×)`} |`,
    );
    previous = { n, total: tMatmul + tNtk };
  }
  // Kernel ridge by conjugate gradient on the NTK Gram matrix, λ = 1e-3·tr(K)/n.
  for (const n of ridgeSizes) {
    const X = inputs(n);
    const { nngp, ntk } = await kernel.gpu(X);
    nngp.dispose();
    const y = createRng(2).fillNormal(new Float32Array(n));
    let fit: Awaited<ReturnType<typeof kernelRidgeGpu>> | null = null;
    const t = await seconds(async () => {
      fit = await kernelRidgeGpu(ntk, Array.from(y), { ridgeFloor: 1e-3, maxIterations: 2000 });
    });
    const f = fit as unknown as Awaited<ReturnType<typeof kernelRidgeGpu>>;
    log(`${label} ridge n=${n}: ${t.toFixed(2)} s, ${f.iterations[0]} iterations`);
    ridgeRows.push(
      `| kernelRidgeGpu (CG), ${label} | ${n} | ${t.toFixed(2)} | ${f.iterations[0]} | ${f.cond.toExponential(1)} | ${f.residual.toExponential(1)} |`,
    );
    f.dispose();
    tf.dispose([ntk, X]);
  }
}

// The float64 fit on the CPU (Cholesky), the same problem (after a small warm-up for the JIT).
kernelRidge(
  kernel.f64([
    [1, 2],
    [3, 5],
  ]).ntk,
  [1, 2],
);
for (const n of ridgeSizes) {
  const rng = createRng(1);
  const X: Matrix64 = { rows: n, cols: d, data: rng.fillUniform(new Float64Array(n * d)) };
  let K = kernel.f64(X).ntk;
  const tGram = await seconds(async () => {
    K = kernel.f64(X).ntk;
  });
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (K.data[i * n + i] as number) / n;
  const y = Array.from(createRng(2).fillNormal(new Float64Array(n)));
  let model: ReturnType<typeof kernelRidge> | null = null;
  const t = await seconds(async () => {
    model = kernelRidge(K, y, { ridge: 1e-3 * mean });
  });
  const m = model as unknown as ReturnType<typeof kernelRidge>;
  log(`f64 ridge n=${n}: ${t.toFixed(2)} s (Gram ${tGram.toFixed(2)} s)`);
  ridgeRows.push(
    `| kernelRidge (float64 Cholesky, CPU; the f64 NTK Gram took ${tGram.toFixed(1)} s) | ${n} | ${t.toFixed(2)} | – | ${m.cond.toExponential(1)} | ${m.residual.toExponential(1)} |`,
  );
}

const date = new Date().toISOString().slice(0, 10);
console.log(
  `\nNTK Gram matrix K(X, X), depth 3, ReLU, d = 784 (float32, read back), seconds; ${date}, ${cpus().length} cores (${cpus()[0]?.model ?? ''}), Node ${process.version}\n`,
);
console.log('| backend | n | XXᵀ matmul | NTK (fused) | NTK / matmul | NTK (elementwise ops) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of gramRows) console.log(row);
if (skipped.length > 0) console.log(`\nSkipped: ${skipped.join('; ')}.`);
console.log(
  `\nKernel ridge fit on the NTK Gram matrix, λ = 1e-3·tr(K)/n, seconds (Gram matrix excluded)\n`,
);
console.log('| solver | n | fit | CG iterations | cond | training residual |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of ridgeRows) console.log(row);
process.exit(0);
