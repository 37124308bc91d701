// The experiment of the Backends page: float32 GEMM C = A·B timed with gemmBenchmark on the
// page's backend (or on each backend this environment can start). Pure (no React, no DOM):
// the live demo, site/scripts/backends-figure.mts and the timing script share it.
import {
  BACKEND_NAMES,
  type BackendName,
  DEFAULT_WORK_BUDGET,
  type GemmResult,
  gemmBenchmark,
  type InitBackendOptions,
  initBackend,
  isBackendPreference,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import {
  type ColumnSpec,
  type Experiment,
  literal,
  type ParamSpec,
  scriptHeader,
  seedInput,
} from '../demo-kit/experiment';

/** Which backends one run times: the page's own, one by name, or every one that starts. */
export const BACKEND_CHOICES = ['page', ...BACKEND_NAMES, 'all'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The inputs of one benchmark (the page's URL parameters sizes, backends, repeats, seed). */
export interface GemmInputs {
  /** Square sizes n of A and B. */
  sizes: number[];
  backends: BackendChoice;
  /** Timed multiplies per size after one warm-up; the median is reported. */
  repeats: number;
  /** Seed of A and B. */
  seed: number;
}

/** One measured size on one backend, or a backend that could not start (`skipped`). */
export interface GemmRow {
  backend: string;
  /** Null for a skipped backend. */
  n: number | null;
  /** Median milliseconds of one multiply, read-back included; null when too fast to time. */
  milliseconds: number | null;
  seconds: number | null;
  /** 2n³ / seconds / 1e9; null when too fast to time (or skipped). */
  gflops: number | null;
  /** Largest relative error of 16 sampled entries against float64 dot products. */
  sampledRelError: number | null;
  /** Why the backend could not start; null when it ran. */
  skipped: string | null;
}

/** Largest n the controls accept (n = 4096 is over the default work budget). */
export const MAX_SIZE = 2048;

const INPUTS: readonly ParamSpec[] = [
  {
    key: 'sizes',
    label: 'Matrix sizes n',
    description: `A and B are n×n; comma-separated, up to ${MAX_SIZE}.`,
    type: 'number-list',
    default: [128, 256, 512],
    min: 1,
    max: MAX_SIZE,
  },
  {
    key: 'backends',
    label: 'Backends timed',
    description: 'The page’s backend (the badge), one by name, or every backend that starts.',
    type: 'choice',
    choices: BACKEND_CHOICES,
    choiceLabels: { page: 'This page’s backend', all: 'Every backend' },
    default: 'page',
  },
  {
    key: 'repeats',
    label: 'Repeats per size',
    description: 'Timed multiplies after one warm-up; the median is reported.',
    type: 'integer',
    default: 2,
    min: 1,
    max: 9,
    step: 1,
    advanced: true,
  },
  seedInput({
    key: 'seed',
    label: 'Seed',
    description: 'Entries of A and B (standard normal).',
    default: 0,
  }),
];

const COLUMNS: readonly ColumnSpec<GemmRow>[] = [
  { key: 'backend', label: 'Backend', format: 'text' },
  { key: 'n', label: 'n', format: 'integer' },
  { key: 'milliseconds', label: 'Median ms', digits: 3 },
  { key: 'gflops', label: 'GFLOP/s', digits: 3 },
  { key: 'sampledRelError', label: 'Rel. error', digits: 2 },
  { key: 'seconds', label: 'Median seconds', exportOnly: true, digits: 3 },
  { key: 'skipped', label: 'Skipped because', exportOnly: true, format: 'text' },
];

/** Flops of one gemmBenchmark call as it counts them (warm-up and dispatch included). */
function benchmarkFlops(sizes: readonly number[], repeats: number): number {
  return sizes.reduce((sum, n) => sum + (repeats + 1) * (2 * n ** 3 + 1e5), 0);
}

function check(inputs: GemmInputs): string | null {
  if (inputs.sizes.length === 0) return 'Pick at least one size.';
  const bad = inputs.sizes.find((n) => !Number.isInteger(n) || n < 1 || n > MAX_SIZE);
  if (bad !== undefined) return `Sizes are whole numbers from 1 to ${MAX_SIZE}; ${bad} is not.`;
  const flops = benchmarkFlops(inputs.sizes, inputs.repeats);
  if (flops > DEFAULT_WORK_BUDGET.maxFlops) {
    return `These sizes and repeats take ${flops.toExponential(1)} flops, over the budget of ${DEFAULT_WORK_BUDGET.maxFlops.toExponential(0)}: time fewer or smaller sizes, or fewer repeats.`;
  }
  return null;
}

function toRow(result: GemmResult): GemmRow {
  // A multiply faster than the clock's resolution (a browser's performance.now() ticks in
  // 0.1 ms) measures 0 s: no rate, rather than an infinite one.
  const timed = result.seconds > 0 && Number.isFinite(result.gflops);
  return {
    backend: result.backend,
    n: result.n,
    milliseconds: timed ? result.seconds * 1e3 : null,
    seconds: result.seconds,
    gflops: timed ? result.gflops : null,
    sampledRelError: result.sampledRelError,
    skipped: null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The backends a run starts by name: none for the page's own. */
function namedBackends(choice: BackendChoice): readonly BackendName[] {
  if (choice === 'page') return [];
  if (choice === 'all') return BACKEND_NAMES;
  return [choice];
}

function nodeScript(inputs: GemmInputs): string {
  const { sizes, backends, repeats, seed } = inputs;
  const query = new URLSearchParams({
    sizes: sizes.join(','),
    backends,
    repeats: String(repeats),
    seed: String(seed),
  });
  const names = namedBackends(backends);
  const start =
    names.length === 0
      ? `// The page's backend: here 'auto' (webgpu with the optional webgpu package, else wasm, else
// cpu), or the one OVERPARAM_BACKEND names.
const backends = [undefined];`
      : `const backends = ${literal(names)};`;
  return `${scriptHeader({
    what: `float32 GEMM benchmark: sizes ${sizes.join(', ')}, ${repeats} repeats, seed ${seed}, backends: ${backends}.`,
    packages: ['@overparam/tensor'],
    url: `https://overparam.dev/docs/backends?${query}`,
  })}import { gemmBenchmark, initBackend } from '@overparam/tensor';

const sizes = ${literal(sizes)};
const repeats = ${literal(repeats)};
const seed = ${literal(seed)};
${start}

const rows = [];
for (const name of backends) {
  try {
    const info = await initBackend(name);
    console.log(\`\${info.backend}: \${info.adapter?.description ?? ''} float\${info.floatPrecision}\`);
  } catch (error) {
    // A backend this machine cannot start is a finding, not a failure.
    console.log(\`\${name}: skipped (\${error.message})\`);
    continue;
  }
  for (const r of await gemmBenchmark({ sizes, repeats, seed })) {
    rows.push({
      backend: r.backend,
      n: r.n,
      'median ms': Number((r.seconds * 1e3).toPrecision(3)),
      // A multiply faster than the clock's resolution measures 0 s: no rate.
      'GFLOP/s': Number.isFinite(r.gflops) ? Number(r.gflops.toPrecision(3)) : '–',
      'rel. error': r.sampledRelError.toExponential(1),
    });
  }
}
console.table(rows);
`;
}

/**
 * The GEMM benchmark as an {@link Experiment}, for the given `initBackend` options (the page
 * passes where its wasm binaries live; Node needs none). Backends asked for by name that cannot
 * start become rows with `skipped` set; after a run that switched backends, the one active
 * before is started again, so the page keeps the backend its badge shows.
 */
export function gemmExperiment(
  backendOptions: InitBackendOptions = {},
): Experiment<GemmInputs, GemmRow> {
  return {
    id: 'backends',
    title:
      'GEMM C = A·B in float32, A and B n×n: median time after one warm-up, read-back included',
    inputs: INPUTS,
    columns: COLUMNS,
    check,
    total: (inputs) => Math.max(1, namedBackends(inputs.backends).length) * inputs.sizes.length,
    runLabel: 'Run benchmark',
    nodeScript,
    async run(inputs, { signal, onRow, report }) {
      const names = namedBackends(inputs.backends);
      const before = tf.getBackend();
      let done = 0;
      const measure = async (label: string) => {
        report({ message: `Multiplying on ${label}…` });
        await gemmBenchmark({
          sizes: inputs.sizes,
          repeats: inputs.repeats,
          seed: inputs.seed,
          signal,
          onResult: (result) => {
            done += 1;
            onRow(toRow(result));
            report({ done, message: `${result.backend}: n = ${result.n} done` });
          },
        });
      };
      if (names.length === 0) {
        await measure(before);
        return;
      }
      try {
        for (const name of names) {
          signal.throwIfAborted();
          report({ message: `Starting ${name}…` });
          try {
            await initBackend(name, backendOptions);
          } catch (error) {
            signal.throwIfAborted();
            onRow({
              backend: name,
              n: null,
              milliseconds: null,
              seconds: null,
              gflops: null,
              sampledRelError: null,
              skipped: messageOf(error),
            });
            done += inputs.sizes.length;
            report({ done });
            continue;
          }
          await measure(name);
        }
      } finally {
        if (isBackendPreference(before) && tf.getBackend() !== before) {
          await initBackend(before, backendOptions);
        }
      }
    },
  };
}

/** The experiment with Node's backend options (none). */
export const backendsExperiment = gemmExperiment();
