// Float64 kernel ridge fit against its peer, scipy's Cholesky solve, in the same run:
// `npx tsx --conditions=@overparam/source bench/kernel-ridge.bench.ts` (RIDGE_PEER_SIZES,
// RIDGE_PEER_REPEATS, GRAM_PEER_SIZES override the sizes and repeats). Prints markdown tables.
//
// The problem: n Gaussian points in d = 10 dimensions (createRng, dataSeed 1), the RBF kernel
// with ℓ = √d, targets from createRng(2), λ = 1e-3. Two JavaScript columns: the whole
// `kernelRidge(K, y, { ridge })` (input checks, Cholesky, the two triangular solves, the
// condition estimate and the training residual, one more pass over K) and `solvePsd(K, y,
// { ridge })` of @overparam/tensor alone (its own input checks, Cholesky, solves, estimate).
// The peer is `scipy.linalg.cho_factor` + `cho_solve` on K + λI, built by
// bench/kernel-ridge-peer.py from the same points (written to a temporary file), with
// OPENBLAS_NUM_THREADS=1 (one core, like JavaScript): the factorization and the solves only.
// The script also reports how far the JavaScript α is from scipy's. Without python3, numpy and
// scipy the table says "peer not available".
//
// Second table: the Gram solve of @overparam/random-features (its internal gram-solve.ts is
// solvePsd with fallback 'eigh', maxCond 0.1/rcond, rcond 10·n·ε and no symmetry or
// indefiniteness checks; the same call is timed here, since kernels does not depend on
// random-features) on G = ΦΦᵀ of N = 2n random Fourier features of the same points, λ = 1e-3,
// against scipy on the same G (passed as a file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRng,
  gram,
  type Matrix64,
  type SolvePsdOptions,
  type SolvePsdResult,
  solvePsd,
} from '@overparam/tensor';
import { type KernelRidgeModel, kernelRidge, rbfKernel } from '../src/index.js';

const d = 10;
const ridge = 1e-3;
const list = (s: string) => s.split(',').filter(Boolean).map(Number);
const sizes = list(process.env.RIDGE_PEER_SIZES ?? '1000,2000,4000');
const gramSizes = list(process.env.GRAM_PEER_SIZES ?? '2000');
const repeatsFor = (n: number) =>
  Number(process.env.RIDGE_PEER_REPEATS ?? (n <= 1000 ? 7 : n <= 2000 ? 5 : 3));
const peerScript = join(import.meta.dirname, 'kernel-ridge-peer.py');
const dir = mkdtempSync(join(tmpdir(), 'kernel-ridge-peer-'));
const log = (s: string) => console.error(s);
const load = () => loadavg()[0] as number;
const loads: number[] = [load()];
const file = (name: string) => join(dir, name);

interface PeerResult {
  cases: { n: number; ms: number; alphaRelDiff: number }[];
  numpy: string;
  scipy: string;
  blas: string;
}

/** One case through the peer script, or why it could not run. */
function peer(c: object): { ms: number; alphaRelDiff: number } | string {
  writeFileSync(file('cases.json'), JSON.stringify([c]));
  const run = spawnSync('python3', [peerScript, file('cases.json')], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    maxBuffer: 1 << 24,
  });
  if (run.error) return `peer not available (${run.error.message})`;
  if (run.status !== 0) {
    const why = run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    return `peer not available (${why})`;
  }
  const result = JSON.parse(run.stdout) as PeerResult;
  versions = `scipy ${result.scipy}, numpy ${result.numpy}, ${result.blas}`;
  return result.cases[0]!;
}

const f64 = (path: string, data: Float64Array) =>
  writeFileSync(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));

/** Minimum over `repeats` runs after one untimed run; the last result. */
function timed<T>(repeats: number, f: () => T): { ms: number; result: T } {
  let result = f();
  let ms = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

function points(n: number): Matrix64 {
  return { rows: n, cols: d, data: createRng(1).fillNormal(new Float64Array(n * d)) };
}

function fmt(ms: number): string {
  return ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/**
 * Writes each array to `<name>.bin` for the Python peer, runs it on those paths plus `args`, and
 * records the load average before and after (for the table's load column).
 */
function runPeer(arrays: Record<string, Float64Array>, args: object, before: number) {
  const paths: Record<string, string> = {};
  for (const [name, data] of Object.entries(arrays)) {
    paths[name] = file(`${name}.bin`);
    f64(paths[name], data);
  }
  const py = peer({ ...args, ...paths });
  const after = load();
  loads.push(before, after);
  return { py, after };
}

const ratio = (js: number, py: { ms: number } | string) =>
  typeof py === 'string' ? '–' : `**${(js / py.ms).toFixed(2)}×**`;
const peerMs = (py: { ms: number } | string) => (typeof py === 'string' ? py : fmt(py.ms));
const peerDiff = (py: { alphaRelDiff: number } | string) =>
  typeof py === 'string' ? '–' : py.alphaRelDiff.toExponential(1);

let versions = '';
// Warm-up for the JIT and the WebAssembly compile (small n, not timed).
kernelRidge(rbfKernel({ lengthScale: Math.sqrt(d) }).f64(points(200)), new Array(200).fill(1), {
  ridge,
});

const rows: string[] = [];
for (const n of sizes) {
  const X = points(n);
  const K = rbfKernel({ lengthScale: Math.sqrt(d) }).f64(X);
  const y = createRng(2).fillNormal(new Float64Array(n));
  const repeats = repeatsFor(n);
  const before = load();
  const fit = timed(repeats, () => kernelRidge(K, y, { ridge }));
  const solver = timed(repeats, () => solvePsd(K, y, { ridge }));
  const m: KernelRidgeModel = fit.result;
  const { py, after } = runPeer(
    { x: X.data, y, alpha: m.alpha.data },
    { n, d, lengthScale: Math.sqrt(d), ridge, repeats },
    before,
  );
  log(
    `n=${n}: kernelRidge ${fmt(fit.ms)} ms, solvePsd ${fmt(solver.ms)} ms, scipy ${peerMs(py)} ms`,
  );
  rows.push(
    `| ${n} | ${fmt(fit.ms)} | ${fmt(solver.ms)} | ${peerMs(py)} | ${ratio(fit.ms, py)} | ${ratio(solver.ms, py)} | ${m.cond.toExponential(2)} | ${m.residual.toExponential(1)} | ${peerDiff(py)} | ${before.toFixed(1)}–${after.toFixed(1)} |`,
  );
}

// The Gram solve of random-features on ΦΦᵀ, Φ = √(2/N)·cos(XW + b) (random Fourier features
// of the RBF kernel above), N = 2n.
const gramRows: string[] = [];
for (const n of gramSizes) {
  const N = 2 * n;
  const X = points(n);
  const rng = createRng(3);
  const W = rng.fillNormal(new Float64Array(d * N)).map((w) => w / Math.sqrt(d));
  const b = rng.fillUniform(new Float64Array(N), 0, 2 * Math.PI);
  const phi = new Float64Array(n * N);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < N; j++) {
      let s = b[j]!;
      for (let p = 0; p < d; p++) s += X.data[i * d + p]! * W[p * N + j]!;
      phi[i * N + j] = Math.sqrt(2 / N) * Math.cos(s);
    }
  }
  const G = gram({ rows: n, cols: N, data: phi }, { form: 'AAt' });
  const y = createRng(2).fillNormal(new Float64Array(n));
  const rcond = 10 * n * Number.EPSILON;
  const options: SolvePsdOptions = {
    ridge,
    rcond,
    fallback: 'eigh',
    maxCond: 0.1 / rcond,
    symmetryTolerance: Number.POSITIVE_INFINITY,
    indefiniteTolerance: Number.POSITIVE_INFINITY,
  };
  const repeats = repeatsFor(n);
  const before = load();
  const solve = timed(repeats, () => solvePsd(G, y, options));
  const r: SolvePsdResult = solve.result;
  const { py, after } = runPeer(
    { matrix: G.data, y, alpha: r.x.data },
    { n, ridge, repeats },
    before,
  );
  log(`Gram n=${n}: solvePsd ${fmt(solve.ms)} ms (${r.method}), scipy ${peerMs(py)} ms`);
  gramRows.push(
    `| ${n} | ${N} | ${r.method} | ${fmt(solve.ms)} | ${peerMs(py)} | ${ratio(solve.ms, py)} | ${r.cond.toExponential(2)} | ${peerDiff(py)} | ${before.toFixed(1)}–${after.toFixed(1)} |`,
  );
}
rmSync(dir, { recursive: true, force: true });

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? ''}), Node ${process.version}`;
console.log(
  `\nkernelRidge(K, y, { ridge: ${ridge} }) on an RBF kernel (d = ${d}, ℓ = √d), float64, milliseconds (minimum over repeats after a warm-up); ${date}, ${machine}; peer: ${versions || 'peer not available'} with OPENBLAS_NUM_THREADS=1; load average (1 min) ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}\n`,
);
console.log(
  '| n | kernelRidge | solvePsd alone | scipy cho_factor + cho_solve | kernelRidge / scipy | solvePsd / scipy | cond (estimate) | training residual | ‖α − α_scipy‖/‖α_scipy‖ | load average |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);
if (gramRows.length > 0) {
  console.log(
    `\nrandom-features' Gram solve (solvePsd as gram-solve.ts calls it) on ΦΦᵀ + ${ridge}·I, N = 2n random Fourier features, milliseconds\n`,
  );
  console.log(
    '| n | N | method | Gram solve | scipy cho_factor + cho_solve | Gram solve / scipy | cond | ‖α − α_scipy‖/‖α_scipy‖ | load average |',
  );
  console.log('| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of gramRows) console.log(row);
}
