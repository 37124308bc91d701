// gradientDescentMse: one eigendecomposition, then predictions at 100 steps on train and m test
// points, against one eigh of the same n, and against numpy (eigh + the same predictions, one
// thread) in the same run: `pnpm bench` in packages/kernels, or
// `npx tsx --conditions=@overparam/source bench/gd-predict.bench.ts` (GD_SIZES, GD_REPEATS override).
//
// The problem: n Gaussian points in d = 10 (createRng seed 1), m = n/4 test points, the NTK of
// a depth-2 ReLU network (fcKernel, float64), targets from createRng(2), learning rate 0.9 of
// the stability threshold. The goal: the whole (eigh + the test products Θ(X*, X)·V +
// 100 predictions) within 1.5× one eigh plus the test products.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, eigh, matmul } from '@overparam/tensor';
import { fcKernel, gradientDescentMse } from '../src/index.js';

const list = (s: string) => s.split(',').filter(Boolean).map(Number);
const sizes = list(process.env.GD_SIZES ?? '500,1000,2000');
const steps = 100;
const repeatsFor = (n: number) =>
  Number(process.env.GD_REPEATS ?? (n <= 500 ? 3 : n <= 1000 ? 2 : 1));
const dir = mkdtempSync(join(tmpdir(), 'gd-predict-peer-'));
const f64 = (name: string, data: Float64Array) => {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return path;
};
function best<T>(repeats: number, f: () => T): { ms: number; result: T } {
  let ms = Number.POSITIVE_INFINITY;
  let result = f();
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

const rows: string[] = [];
const kernel = fcKernel({ depth: 2, wStd: Math.SQRT2, bStd: 0.1 });
for (const n of sizes) {
  const m = Math.round(n / 4);
  const rng = createRng(1);
  const X = Array.from({ length: n + m }, () => Array.from({ length: 10 }, () => rng.normal()));
  const { ntk: K } = kernel.f64(X.slice(0, n));
  const { ntk: Kx } = kernel.f64(X.slice(n), X.slice(0, n));
  const yr = createRng(2);
  const y = Float64Array.from({ length: n }, () => yr.normal());
  const repeats = repeatsFor(n);
  console.error(`n = ${n}: timing eigh, eigh + Θ(X*, X)·V, and gradientDescentMse …`);
  // Warm-up run outside the timings is inside best().
  const eighOnly = best(repeats, () => eigh(K));
  const withTest = best(repeats, () => matmul(Kx, eigh(K).vectors));
  let learningRate = 0;
  const full = best(repeats, () => {
    const probe = gradientDescentMse(K, y, { learningRate: 1, lossNormalization: 'sum' });
    learningRate = 0.9 * probe.thresholds.maxStableLearningRate;
    // The setup (eigh) is timed with the predictions: a fresh fit each repeat.
    const gd = gradientDescentMse(K, y, { learningRate, lossNormalization: 'sum' });
    return gd.predict(
      { steps: Array.from({ length: steps }, (_, i) => i + 1) },
      { kTestTrain: Kx },
    );
  });
  // The probe fit above is one extra eigh per repeat: subtract it by timing a probe alone.
  const probeOnly = best(repeats, () =>
    gradientDescentMse(K, y, { learningRate: 1, lossNormalization: 'sum' }),
  );
  const gdMs = full.ms - probeOnly.ms;
  const last = full.result.at(-1)?.test?.data as Float64Array;
  const cases = [
    {
      n,
      m,
      steps,
      eta: learningRate,
      repeats,
      K: f64('K', K.data),
      Kx: f64('Kx', Kx.data),
      y: f64('y', y),
      pred: f64('pred', last),
    },
  ];
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
  const run = spawnSync(
    'python3',
    [join(import.meta.dirname, 'gd-predict-peer.py'), join(dir, 'cases.json')],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        OPENBLAS_NUM_THREADS: '1',
        OMP_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
      },
      maxBuffer: 1 << 24,
    },
  );
  let peer = 'peer not available';
  let peerRatio = '—';
  if (!run.error && run.status === 0) {
    const r = JSON.parse(run.stdout) as {
      numpy: string;
      cases: { eighMs: number; totalMs: number; relDiff: number }[];
    };
    const c = r.cases[0]!;
    peer = `${c.totalMs.toFixed(0)} ms (eigh ${c.eighMs.toFixed(0)}; numpy ${r.numpy}; rel. diff ${c.relDiff.toExponential(1)})`;
    peerRatio = `${(gdMs / c.totalMs).toFixed(1)}×`;
  }
  rows.push(
    `| ${n} | ${m} | ${eighOnly.ms.toFixed(0)} ms | ${withTest.ms.toFixed(0)} ms | ${gdMs.toFixed(0)} ms | ${(gdMs / withTest.ms).toFixed(2)} | ${peer} | ${peerRatio} |`,
  );
}
rmSync(dir, { recursive: true, force: true });
console.log(
  `\n### gradientDescentMse: ${steps} steps on n training and m = n/4 test points (float64, one thread, ${cpus()[0]?.model ?? 'cpu'})\n`,
);
console.log(
  '| n | m | eigh | eigh + Θ(X*, X)·V | gradientDescentMse, 100 steps | ratio (goal ≤ 1.5) | numpy, same work | vs numpy |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(r);
