// NTK Gram matrix (depth 3, ReLU, d = 784) against the fastest bare XXᵀ matmul on every
// backend available in Node, and kernel ridge fits by both solvers: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/ntk.bench.ts`). Prints markdown tables.
//
// The baseline is the faster of two ways to write XXᵀ in tfjs, both timed and reported:
// `tf.matMul(X, X, false, true)` (transposeB) and `tf.matMul(X, tf.transpose(X))`; on wasm
// the transposeB route is 10–20× slower, so it would flatter the NTK. The NTK itself
// multiplies by an explicit transpose (src/internal/gpu.ts, transposeOnce).
//
// With no GPU, webgpu runs on SwiftShader (a software Vulkan driver on the CPU): the table says
// so. A size is skipped when its time predicted from the previous size exceeds NTK_BUDGET_S
// seconds: the Gram matrix costs n²·d (d fixed) plus n²·L for the recursion, so ∝ n²; a CG
// fit costs n² per iteration (∝ n² times the growth of the iteration count, taken as √(n/n₀));
// a float64 Cholesky fit ∝ n³. Skipped sizes are listed with their predicted time.
import { cpus, loadavg } from 'node:os';
import { type BackendName, createRng, type Matrix64, randomUniform } from '@overparam/tensor';
import { prepareBenchEnvironment, startBenchBackend } from '@overparam/tensor/bench';
import * as tf from '@tensorflow/tfjs-core';
import { fcKernel, fitKernelRidge, type KernelRidgeFit } from '../src/index.js';

prepareBenchEnvironment();

const d = 784;
const list = (value: string) => value.split(',').filter(Boolean).map(Number);
const sizes = list(process.env.NTK_SIZES ?? '1000,4000,10000');
const ridgeSizes = list(process.env.RIDGE_SIZES ?? '1000,4000');
const f64Sizes = list(process.env.RIDGE_F64_SIZES ?? '1000,1500,2000,4000');
const budget = Number(process.env.NTK_BUDGET_S ?? 240);
const backends = (process.env.NTK_BACKENDS ?? 'cpu,wasm,webgpu').split(',') as BackendName[];
const kernel = fcKernel({ depth: 3, activation: 'relu', wStd: Math.SQRT2, bStd: 0.1 });
const log = (s: string) => console.error(s);
const started = performance.now();
const loads: number[] = [];
const sampleLoad = () => loads.push(loadavg()[0] as number);
sampleLoad();
const loadTimer = setInterval(sampleLoad, 10_000);

async function seconds(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

/**
 * Up to n = 1000: one warm-up run (shaders are compiled per shape), then the median of 3 — or
 * one more run when the warm-up took over 5 s (software webgpu), to keep the whole run short.
 * Larger n: one run.
 */
async function timed(n: number, f: () => Promise<void>): Promise<number> {
  if (n > 1000) return seconds(f);
  if ((await seconds(f)) > 5) return seconds(f);
  const t = [await seconds(f), await seconds(f), await seconds(f)].sort((a, b) => a - b);
  return t[1] as number;
}

const matmulTransposeB = (X: tf.Tensor2D) => async () => {
  const c = tf.matMul(X, X, false, true);
  await c.data();
  c.dispose();
};
const matmulExplicit = (X: tf.Tensor2D) => async () => {
  const c = tf.tidy(() => tf.matMul(X, tf.transpose(X)));
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
const fmt = (t: number) => (Number.isNaN(t) ? '–' : t.toFixed(t < 10 ? 3 : 1));

const gramRows: string[] = [];
const ridgeRows: string[] = [];
const skipped: string[] = [];
for (const name of backends) {
  const started = await startBenchBackend(name);
  if ('error' in started) {
    gramRows.push(`| ${name} | n/a | | | | | ${started.error} |`);
    continue;
  }
  const { label } = started;
  // Warm-up: shader compilation and buffer pools.
  const W = inputs(128);
  await matmulTransposeB(W)();
  await matmulExplicit(W)();
  await ntkRun(W)();
  await ntkRun(W, 'ops')();
  W.dispose();
  let previous: { n: number; total: number } | null = null;
  for (const n of sizes) {
    const predicted = previous ? previous.total * (n / previous.n) ** 2 : 0;
    if (predicted > budget) {
      skipped.push(
        `Gram matrix on ${label}, n = ${n} (predicted ${predicted.toFixed(0)} s > ${budget} s)`,
      );
      continue;
    }
    const X = inputs(n);
    const tB = await timed(n, matmulTransposeB(X));
    const tT = await timed(n, matmulExplicit(X));
    const tNtk = await timed(n, ntkRun(X));
    // The elementwise-ops path (~20 tfjs ops per layer, what WebGL uses): one run after the
    // warm-up, at n ≤ 1000 only (it is 2–10× the fused path).
    const tOps = n <= 1000 ? await seconds(ntkRun(X, 'ops')) : Number.NaN;
    X.dispose();
    const base = Math.min(tB, tT);
    log(
      `${label} n=${n}: matmul transposeB ${fmt(tB)} s, transpose+matmul ${fmt(tT)} s, NTK ${fmt(tNtk)} s, ops ${fmt(tOps)} s`,
    );
    gramRows.push(
      `| ${label} | ${n} | ${fmt(tB)} | ${fmt(tT)} | ${fmt(tNtk)} | **${(tNtk / base).toFixed(2)}×** | ${Number.isNaN(tOps) ? '–' : `${fmt(tOps)} (${(tOps / base).toFixed(1)}×)`} |`,
    );
    previous = { n, total: tB + tT + tNtk };
  }
  // Kernel ridge by conjugate gradient on the NTK Gram matrix, λ = 1e-3·tr(K)/n.
  let previousFit: { n: number; t: number } | null = null;
  for (const n of ridgeSizes) {
    const predicted = previousFit
      ? previousFit.t * (n / previousFit.n) ** 2 * Math.sqrt(n / previousFit.n)
      : 0;
    if (predicted > budget) {
      skipped.push(
        `CG fit on ${label}, n = ${n} (predicted ${predicted.toFixed(0)} s > ${budget} s)`,
      );
      continue;
    }
    const X = inputs(n);
    const { nngp, ntk } = await kernel.gpu(X);
    nngp.dispose();
    const y = createRng(2).fillNormal(new Float32Array(n));
    let fit: KernelRidgeFit | null = null;
    const t = await seconds(async () => {
      fit = await fitKernelRidge(ntk, Array.from(y), {
        solver: 'gpu-cg',
        ridgeFloor: 1e-3,
        maxIterations: 2000,
      });
    });
    const f = fit as unknown as KernelRidgeFit;
    const iterations = f.solver === 'gpu-cg' ? f.model.iterations[0] : '–';
    log(`${label} CG n=${n}: ${fmt(t)} s, ${iterations} iterations`);
    ridgeRows.push(
      `| gpu-cg, ${label} | ${n} | ${fmt(t)} | ${iterations} | ${f.cond.toExponential(1)} (Lanczos estimate) | ${f.residual.toExponential(1)} |`,
    );
    f.dispose();
    tf.dispose([ntk, X]);
    previousFit = { n, t };
  }
}

// The float64 fit on the CPU (Cholesky), the same problem (after a small warm-up for the JIT).
await fitKernelRidge(
  kernel.f64([
    [1, 2],
    [3, 5],
  ]).ntk,
  [1, 2],
);
let previousF64: { n: number; t: number } | null = null;
for (const n of f64Sizes) {
  const predicted = previousF64 ? previousF64.t * (n / previousF64.n) ** 3 : 0;
  if (predicted > budget) {
    skipped.push(`float64 fit, n = ${n} (predicted ${predicted.toFixed(0)} s > ${budget} s)`);
    continue;
  }
  const rng = createRng(1);
  const X: Matrix64 = { rows: n, cols: d, data: rng.fillUniform(new Float64Array(n * d)) };
  let K = kernel.f64(X).ntk;
  const tGram = await seconds(async () => {
    K = kernel.f64(X).ntk;
  });
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (K.data[i * n + i] as number) / n;
  const y = Array.from(createRng(2).fillNormal(new Float64Array(n)));
  let fit: KernelRidgeFit | null = null;
  const t = await seconds(async () => {
    fit = await fitKernelRidge(K, y, { ridge: 1e-3 * mean, solver: 'f64' });
  });
  const m = fit as unknown as KernelRidgeFit;
  log(`f64 n=${n}: ${fmt(t)} s (Gram ${fmt(tGram)} s)`);
  ridgeRows.push(
    `| f64 (Cholesky, CPU, one core; the float64 NTK Gram took ${tGram.toFixed(1)} s) | ${n} | ${fmt(t)} | – | ${m.cond.toExponential(1)} (power/inverse iteration) | ${m.residual.toExponential(1)} |`,
  );
  previousF64 = { n, t };
}

clearInterval(loadTimer);
sampleLoad();
const date = new Date().toISOString().slice(0, 10);
const load = `load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores`;
const total = (performance.now() - started) / 1000;
console.log(
  `\nNTK Gram matrix K(X, X), depth 3, ReLU, d = 784 (float32, read back), seconds; ${date}, ${cpus().length} cores (${cpus()[0]?.model ?? ''}), Node ${process.version}, ${load}, whole run ${total.toFixed(0)} s\n`,
);
console.log(
  '| backend | n | XXᵀ: matMul(X, X, false, true) | XXᵀ: matMul(X, transpose(X)) | NTK (fused) | NTK / fastest XXᵀ | NTK (elementwise ops, 1 run) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of gramRows) console.log(row);
console.log(
  `\nKernel ridge fit (fitKernelRidge) on the NTK Gram matrix, λ = 1e-3·tr(K)/n, seconds (Gram matrix excluded)\n`,
);
console.log('| solver | n | fit | CG iterations | cond | training residual |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of ridgeRows) console.log(row);
if (skipped.length > 0) console.log(`\nSkipped: ${skipped.join('; ')}.`);
process.exit(0);
