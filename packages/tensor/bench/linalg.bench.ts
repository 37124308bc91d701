// Float64 linear algebra against ml-matrix (the JavaScript float64 peer), and the SPD-solve
// crossover between the float64 CPU path (solveSpd) and the float32 tensor path
// (conjugateGradient) on every tfjs backend available in Node. Prints markdown tables.
//
//   npx tsx --conditions=@overparam/source bench/linalg.bench.ts      (from packages/tensor)
//
// Environment: LINALG_SIZES (default 250,500,1000,2000), LINALG_SOLVE_SIZES (default
// 125,250,500,1000,2000), LINALG_BACKENDS (default cpu,wasm,webgpu), LINALG_ML_BUDGET_S
// (default 60: an ml-matrix run predicted, ∝ n³ from the size before, to take longer is
// skipped and the table says so). Times are the minimum over repeats, ours and ml-matrix
// interleaved, so a busy machine slows both alike. Without a GPU, webgpu runs on SwiftShader
// (a software Vulkan driver on the CPU): the table says so.
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { prepareBenchEnvironment } from '../src/bench/index.js';
import {
  type BackendName,
  cholesky,
  conjugateGradient,
  createRng,
  eigh,
  gemmBenchmark,
  gram,
  initBackend,
  type Matrix64,
  matmul,
  solveSpd,
  toArray,
} from '../src/index.js';

/** Options of {@link linalgBenchmark}. */
export interface LinalgBenchmarkOptions {
  /** Sizes n of the ml-matrix comparison. Default [250, 500, 1000, 2000]. */
  sizes?: readonly number[];
  /** Sizes n of the SPD-solve crossover. Default [125, 250, 500, 1000, 2000]. */
  solveSizes?: readonly number[];
  /** tfjs backends for the crossover. Default ['cpu', 'wasm', 'webgpu']. */
  backends?: readonly BackendName[];
  /** Skip an ml-matrix run predicted to take longer than this many seconds. Default 60. */
  mlBudgetSeconds?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** One operation at one size: our float64 time against ml-matrix's. */
export interface PeerRow {
  op: 'matmul' | 'cholesky' | 'eigh';
  n: number;
  oursMs: number;
  /** null when skipped (predicted over budget). */
  mlMs: number | null;
  /** ml-matrix time / ours (how many times faster we are), or null. */
  speedup: number | null;
  /** For a skipped run: the predicted ml-matrix time. */
  predictedMlMs?: number;
}

/** One size of the SPD-solve crossover on one backend. */
export interface SolveRow {
  backend: string;
  n: number;
  float64Ms: number;
  gpuMs: number;
  cgIterations: number;
  cgRelativeResidual: number;
}

/** Everything {@link linalgBenchmark} measured, and the markdown it printed. */
export interface LinalgBenchmarkReport {
  date: string;
  machine: string;
  peer: PeerRow[];
  solve: SolveRow[];
  /** Smallest n from which conjugateGradient beats solveSpd on each backend, or null. */
  crossover: Record<string, number | null>;
  /** float32 tf.matMul GFLOP/s (n = 1000) per backend, for comparison with our float64 kernel. */
  tfjsGemmGflops: Record<string, number>;
  /** Adapter notes per backend (e.g. 'SwiftShader (software)'). */
  adapters: Record<string, string>;
  markdown: string;
}

function randomMatrix(n: number, seed: number): Matrix64 {
  return { rows: n, cols: n, data: createRng(seed).fillNormal(new Float64Array(n * n)) };
}

/** SPD test matrix XᵀX/n + I (κ ≈ 5: the Marchenko–Pastur spectrum shifted by 1). */
function spd(n: number, seed: number): Matrix64 {
  const G = gram(randomMatrix(n, seed));
  for (let i = 0; i < n * n; i++) G.data[i] = (G.data[i] as number) / n;
  for (let i = 0; i < n; i++) G.data[i * n + i] = (G.data[i * n + i] as number) + 1;
  return G;
}

function repeatsFor(n: number): number {
  if (n <= 300) return 7;
  if (n <= 600) return 5;
  return n <= 1200 ? 3 : 2;
}

function ms(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/**
 * Runs both benchmarks and returns the measurements with a markdown report (the README's
 * "Linear algebra benchmark" tables).
 *
 * @example
 * const report = await linalgBenchmark({ sizes: [250], solveSizes: [250], backends: ['cpu'] });
 * console.log(report.markdown);
 */
export async function linalgBenchmark(
  options: LinalgBenchmarkOptions = {},
): Promise<LinalgBenchmarkReport> {
  const {
    sizes = [250, 500, 1000, 2000],
    solveSizes = [125, 250, 500, 1000, 2000],
    backends = ['cpu', 'wasm', 'webgpu'],
    mlBudgetSeconds = 60,
    log = () => {},
  } = options;
  const cpu = cpus();
  const machine = `${cpu.length}× ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`;
  const date = new Date().toISOString().slice(0, 10);

  // JIT warm-up on a small size so the first timed size is not penalized.
  {
    const W = spd(120, 1);
    matmul(W, W);
    cholesky(W);
    eigh(W);
    solveSpd(W, randomMatrix(120, 2));
  }

  // 1. Float64 against ml-matrix.
  const peer: PeerRow[] = [];
  const lastMl: Partial<Record<PeerRow['op'], { n: number; ms: number }>> = {};
  for (const n of sizes) {
    const A = randomMatrix(n, 10 + n);
    const B = randomMatrix(n, 20 + n);
    const S = spd(n, 30 + n);
    const mlA = new Matrix(toArray(A));
    const mlB = new Matrix(toArray(B));
    const mlS = new Matrix(toArray(S));
    const ops: [PeerRow['op'], () => unknown, () => unknown][] = [
      ['matmul', () => matmul(A, B), () => mlA.mmul(mlB)],
      ['cholesky', () => cholesky(S), () => new CholeskyDecomposition(mlS)],
      ['eigh', () => eigh(S), () => new EigenvalueDecomposition(mlS, { assumeSymmetric: true })],
    ];
    for (const [op, ours, theirs] of ops) {
      const prev = lastMl[op];
      const predicted = prev ? prev.ms * (n / prev.n) ** 3 : 0;
      const runMl = predicted <= mlBudgetSeconds * 1000;
      const repeats = repeatsFor(n);
      let best = Number.POSITIVE_INFINITY;
      let bestMl = Number.POSITIVE_INFINITY;
      for (let r = 0; r < repeats; r++) {
        best = Math.min(best, ms(ours));
        // One ml-matrix run is enough for the slow large cases.
        if (runMl && (r === 0 || n <= 1000)) bestMl = Math.min(bestMl, ms(theirs));
      }
      const row: PeerRow = runMl
        ? { op, n, oursMs: best, mlMs: bestMl, speedup: bestMl / best }
        : { op, n, oursMs: best, mlMs: null, speedup: null, predictedMlMs: predicted };
      if (runMl) lastMl[op] = { n, ms: bestMl };
      peer.push(row);
      log(
        `${op} n=${n}: ours ${fmt(best)} ms, ml-matrix ${runMl ? `${fmt(bestMl)} ms (${(bestMl / best).toFixed(1)}×)` : `skipped (predicted ${(predicted / 1000).toFixed(0)} s)`}`,
      );
    }
  }

  // 2. SPD solve: float64 Cholesky against float32 CG on each backend.
  const float64Ms = new Map<number, number>();
  const systems = new Map<number, { A: Matrix64; b: Matrix64 }>();
  for (const n of solveSizes) {
    const A = spd(n, 40 + n);
    const b = randomMatrix(n, 50 + n);
    const b1: Matrix64 = { rows: n, cols: 1, data: b.data.subarray(0, n) };
    systems.set(n, { A, b: b1 });
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < repeatsFor(n); r++)
      best = Math.min(
        best,
        ms(() => solveSpd(A, b1)),
      );
    float64Ms.set(n, best);
    log(`solveSpd n=${n}: ${fmt(best)} ms`);
  }
  const solve: SolveRow[] = [];
  const crossover: Record<string, number | null> = {};
  const tfjsGemmGflops: Record<string, number> = {};
  const adapters: Record<string, string> = {};
  for (const backend of backends) {
    if (backend === 'webgpu') prepareBenchEnvironment();
    let info: Awaited<ReturnType<typeof initBackend>>;
    try {
      info = await initBackend(backend, { webgpuCpuForward: false });
    } catch (error) {
      adapters[backend] = `unavailable: ${(error as Error).message}`;
      log(`${backend}: unavailable`);
      continue;
    }
    adapters[backend] = info.adapter
      ? `${info.adapter.description || info.adapter.device || info.adapter.vendor}${info.isSoftwareAdapter ? ' (software adapter)' : ''}`
      : info.wasm
        ? `wasm${info.wasm.simd ? ' SIMD' : ''}${info.wasm.threads ? ' threads' : ', 1 thread'}`
        : 'JavaScript';
    const [gemm] = await gemmBenchmark({ sizes: [1000], repeats: 2 });
    tfjsGemmGflops[backend] = gemm?.gflops ?? Number.NaN;
    let firstWin: number | null = null;
    for (const n of solveSizes) {
      const { A, b } = systems.get(n)!;
      const At = tf.tensor2d(Float32Array.from(A.data), [n, n]);
      const bt = tf.tensor1d(Float32Array.from(b.data));
      // The first solves compile shaders and warm the JIT; they are not timed.
      const slow = backend === 'webgpu' && n >= 1000;
      let last = await conjugateGradient(At, bt, { tol: 1e-5, validate: false });
      await last.x.data();
      for (let w = slow ? 1 : 3; w > 1; w--) {
        last.x.dispose();
        last = await conjugateGradient(At, bt, { tol: 1e-5, validate: false });
        await last.x.data();
      }
      last.x.dispose();
      let best = Number.POSITIVE_INFINITY;
      const repeats = slow ? 1 : repeatsFor(n);
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        const result = await conjugateGradient(At, bt, { tol: 1e-5, validate: false });
        await result.x.data();
        best = Math.min(best, performance.now() - t0);
        last.x.dispose();
        last = result;
      }
      last.x.dispose();
      At.dispose();
      bt.dispose();
      const f64 = float64Ms.get(n)!;
      solve.push({
        backend,
        n,
        float64Ms: f64,
        gpuMs: best,
        cgIterations: last.iterations,
        cgRelativeResidual: last.relativeResidual,
      });
      if (best < f64) firstWin ??= n;
      else firstWin = null;
      log(
        `${backend} CG n=${n}: ${fmt(best)} ms, ${last.iterations} iterations (float64 ${fmt(f64)} ms)`,
      );
    }
    crossover[backend] = firstWin;
  }

  const report = { date, machine, peer, solve, crossover, tfjsGemmGflops, adapters, markdown: '' };
  report.markdown = markdown(report, solveSizes, mlBudgetSeconds);
  return report;
}

function markdown(
  r: Omit<LinalgBenchmarkReport, 'markdown'>,
  solveSizes: readonly number[],
  budget: number,
): string {
  const lines: string[] = [];
  lines.push(`Measured ${r.date} on ${r.machine}; minimum over repeats, milliseconds.`, '');
  lines.push('| operation | n | ours (float64) | ml-matrix | ours faster by |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const row of r.peer) {
    const ml =
      row.mlMs === null
        ? `skipped (~${((row.predictedMlMs ?? 0) / 1000).toFixed(0)} s predicted > ${budget} s)`
        : fmt(row.mlMs);
    const ratio = row.speedup === null ? '—' : `${row.speedup.toFixed(1)}×`;
    lines.push(`| ${row.op} | ${row.n} | ${fmt(row.oursMs)} | ${ml} | ${ratio} |`);
  }
  lines.push('');
  const flops = r.peer.find((p) => p.op === 'matmul' && p.n === 1000);
  const ours = flops ? (2e9 / (flops.oursMs / 1000) / 1e9).toFixed(1) : '?';
  lines.push(
    `Float64 matmul kernel: ${ours} GFLOP/s at n = 1000. tfjs float32 tf.matMul at n = 1000: ${Object.entries(
      r.tfjsGemmGflops,
    )
      .map(([b, g]) => `${b} ${g.toFixed(1)}`)
      .join(', ')} GFLOP/s.`,
    '',
  );
  lines.push(
    'SPD solve A·x = b, A = XᵀX/n + I (κ ≈ 5): float64 `solveSpd` (Cholesky) against float32 `conjugateGradient` ' +
      '(tol 1e-5, A already on the device, x read back), milliseconds.',
    '',
  );
  const backends = Object.keys(r.crossover);
  lines.push(`| n | float64 solveSpd | ${backends.map((b) => `CG ${b}`).join(' | ')} |`);
  lines.push(`| ---: | ---: | ${backends.map(() => '---:').join(' | ')} |`);
  for (const n of solveSizes) {
    const cells = backends.map((b) => {
      const row = r.solve.find((s) => s.backend === b && s.n === n);
      return row ? `${fmt(row.gpuMs)} (${row.cgIterations} it)` : '—';
    });
    const f64 = r.solve.find((s) => s.n === n)?.float64Ms;
    lines.push(`| ${n} | ${f64 === undefined ? '—' : fmt(f64)} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  lines.push('Crossover (smallest n from which CG stays faster than the float64 solve):');
  lines.push('');
  for (const b of backends) {
    const c = r.crossover[b];
    const max = solveSizes[solveSizes.length - 1];
    lines.push(
      `- ${b} (${r.adapters[b]}): ${c === null || c === undefined ? `not reached up to n = ${max}` : `n ≈ ${c}`}`,
    );
  }
  for (const [b, note] of Object.entries(r.adapters)) {
    if (!(b in r.crossover)) lines.push(`- ${b}: ${note}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const list = (name: string) =>
    process.env[name]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const report = await linalgBenchmark({
    ...(list('LINALG_SIZES') ? { sizes: list('LINALG_SIZES')!.map(Number) } : {}),
    ...(list('LINALG_SOLVE_SIZES') ? { solveSizes: list('LINALG_SOLVE_SIZES')!.map(Number) } : {}),
    ...(list('LINALG_BACKENDS') ? { backends: list('LINALG_BACKENDS') as BackendName[] } : {}),
    ...(process.env.LINALG_ML_BUDGET_S
      ? { mlBudgetSeconds: Number(process.env.LINALG_ML_BUDGET_S) }
      : {}),
    log: (line) => console.error(line),
  });
  console.log(report.markdown);
}
