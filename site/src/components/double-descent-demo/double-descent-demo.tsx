import useBaseUrl from '@docusaurus/useBaseUrl';
import * as Plot from '@observablehq/plot';
import { useMemo, useRef, useState } from 'react';
import {
  BackendBadge,
  booleanParam,
  Chart,
  choiceParam,
  ExportButtons,
  NumberControl,
  numberParam,
  RunControls,
  SelectControl,
  ToggleControl,
  UrlStateControls,
  useAutoBackend,
  useRunner,
  useUrlState,
} from '../demo-kit';
import kit from '../demo-kit/demo.module.css';
import styles from './double-descent-demo.module.css';
import {
  doubleDescent,
  type FeatureKind,
  FIT_POINT_COLUMNS,
  type FitData,
  type FitPoint,
  featureGrid,
  linearTeacher,
  loadMnist,
  type MnistDigits,
  mnistSplit,
  nonlinearTeacher,
  summarizeSweep,
} from './lib';
import { coordinateFeatures } from './linear-features';
import { HMRT_SERIES, hmrtCurve, MM_SERIES, meiMontanariCurve, type TheoryRow } from './theory';

const DATASETS = ['mnist', 'teacher', 'linear'] as const;
type DatasetName = (typeof DATASETS)[number];
const KINDS = ['fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1', 'relu'] as const;
const PRECISIONS = ['auto', 'float64', 'float32-gram'] as const;
/** A good bandwidth σ for each data set (binary MNIST pixels: ‖x − x'‖² ≈ 100). */
const SIGMA: Record<DatasetName, number> = { mnist: 5, teacher: 3, linear: 1 };
const MNIST_DIGITS = 10_000;
/** Train MSE is ≈ 1e-30 past the threshold: drawn at this floor on the log axis. */
const FLOOR = 1e-3;

const DATASET_LABELS: Record<DatasetName, string> = {
  mnist: 'MNIST digits (10 classes, one-hot)',
  teacher: 'Synthetic: nonlinear teacher on the sphere',
  linear: 'Synthetic: Gaussian linear model (HMRT)',
};
/** The nonlinear teacher of the 'teacher' preset (Mei & Montanari's target): F₁², F*², τ. */
const TEACHER = { linearEnergy: 1, nonlinearEnergy: 1, noiseStd: 0.3 } as const;
/** The linear preset: x ~ N(0, I_P), ‖β‖ = 1, noise σ = 0.5 (SNR 4), P = the largest N. */
const LINEAR = { signalNorm: 1, noiseStd: 0.5 } as const;
/**
 * Seeds of the synthetic teachers and their samples, kept apart from the feature seeds (0–9) for
 * readability only: every generator draws from its own stream (datasets' DATASET_STREAMS,
 * random-features' FEATURE_STREAM), so equal values would give independent numbers too.
 */
const SYNTHETIC_SEEDS = { teacherSeed: 7919, train: 7920, test: 7921 } as const;
/** The linear preset holds P·(n + test) floats of data: beyond this it is refused. */
const LINEAR_MAX_FLOATS = 2e7;
const KIND_LABELS: Record<FeatureKind, string> = {
  'fourier-gaussian': 'Fourier, Gaussian kernel',
  'fourier-laplace': 'Fourier, Laplace kernel (L2)',
  'fourier-laplace-l1': 'Fourier, Laplace kernel (L1)',
  relu: 'ReLU (arc-cosine kernel)',
};

// The URL parameters (documented on the page): data, dim, n, test, kind, sigma, ridge, seeds,
// points, span, precision, theory.
const schema = {
  data: choiceParam({ values: DATASETS, default: 'mnist' }),
  dim: numberParam({ default: 10, min: 2, max: 200, integer: true }),
  n: numberParam({ default: 200, min: 10, max: 2000, integer: true }),
  test: numberParam({ default: 500, min: 10, max: 5000, integer: true }),
  kind: choiceParam({ values: KINDS, default: 'fourier-gaussian' }),
  sigma: numberParam({ default: 5, min: 0.1, max: 100 }),
  ridge: numberParam({ default: 0, min: 0, max: 100 }),
  seeds: numberParam({ default: 1, min: 1, max: 10, integer: true }),
  points: numberParam({ default: 20, min: 4, max: 60, integer: true }),
  span: numberParam({ default: 10, min: 2, max: 50, integer: true }),
  precision: choiceParam({ values: PRECISIONS, default: 'auto' }),
  theory: booleanParam({ default: true }),
};

interface Plan {
  data: DatasetName;
  dim: number;
  n: number;
  test: number;
  kind: FeatureKind;
  sigma: number;
  ridge: number;
  seeds: number;
  precision: (typeof PRECISIONS)[number];
  grid: number[];
}

interface CurveRow {
  N: number;
  value: number;
  series: string;
}

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '–'
    : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(1)
      : v.toPrecision(digits);

const THEORY_SERIES = new Set<string>([HMRT_SERIES, MM_SERIES]);

function makeMarks(n: number) {
  return (data: readonly CurveRow[]): Plot.Markish[] => {
    const all = data as CurveRow[];
    // Simulations as lines with dots; the theory limits (dense, smooth) as dashed lines.
    const rows = all.filter((r) => !THEORY_SERIES.has(r.series));
    const theory = all.filter((r) => THEORY_SERIES.has(r.series));
    return [
      Plot.ruleX([n], { stroke: 'currentColor', strokeDasharray: '4 3' }),
      Plot.text([n], {
        x: (d: number) => d,
        text: () => `N = n = ${n}`,
        frameAnchor: 'top',
        textAnchor: 'start',
        dx: 4,
        dy: 4,
      }),
      Plot.line(theory, {
        x: 'N',
        y: 'value',
        stroke: 'series',
        z: 'series',
        strokeWidth: 2,
        strokeDasharray: '6 4',
      }),
      Plot.line(rows, {
        x: 'N',
        y: 'value',
        stroke: 'series',
        z: 'series',
        marker: 'circle-stroke',
        strokeWidth: 2,
      }),
      Plot.text(
        rows,
        Plot.selectLast({
          x: 'N',
          y: 'value',
          z: 'series',
          text: 'series',
          fill: 'series',
          dx: 8,
          textAnchor: 'start',
        }),
      ),
      // The theory label sits above its curve's end, clear of the simulated test MSE beside it.
      Plot.text(
        theory,
        Plot.selectLast({
          x: 'N',
          y: 'value',
          z: 'series',
          text: 'series',
          fill: 'series',
          dx: 8,
          dy: -12,
          textAnchor: 'start',
        }),
      ),
      Plot.tip(all, Plot.pointer({ x: 'N', y: 'value', stroke: 'series' })),
    ];
  };
}

/** The dimension P of the linear preset: the largest N of the sweep (the model sees N ≤ P coordinates). */
function linearDim(grid: readonly number[]): number {
  return Math.max(1, grid.at(-1) ?? 1);
}

/** Theory curves (from @overparam/bounds) for a plan on synthetic data; none for MNIST. */
function theoryCurves(
  p: Pick<Plan, 'data' | 'dim' | 'n' | 'kind' | 'ridge' | 'grid'>,
): TheoryRow[] {
  const lo = p.grid[0] ?? 1;
  const hi = p.grid.at(-1) ?? 1;
  if (p.data === 'linear') {
    const beta = linearTeacher({
      d: linearDim(p.grid),
      ...LINEAR,
      teacherSeed: SYNTHETIC_SEEDS.teacherSeed,
    }).beta;
    return hmrtCurve({ n: p.n, lo, hi, beta, noiseVariance: LINEAR.noiseStd ** 2, ridge: p.ridge });
  }
  if (p.data === 'teacher' && p.kind === 'relu') {
    return meiMontanariCurve({
      n: p.n,
      d: p.dim,
      lo,
      hi,
      linearEnergy: TEACHER.linearEnergy,
      nonlinearEnergy: TEACHER.nonlinearEnergy,
      noiseVariance: TEACHER.noiseStd ** 2,
      ridge: p.ridge,
    });
  }
  return [];
}

/** What the overlay shows for these settings, and what should and need not match. */
function overlayNote(p: Pick<Plan, 'data' | 'dim' | 'n' | 'kind'>, on: boolean): string {
  if (!on) return 'Theory overlay off.';
  if (p.data === 'mnist') {
    return 'No theory overlay on MNIST: both limits assume Gaussian or spherical synthetic inputs, which digits are not. Choose a synthetic data set to see them.';
  }
  if (p.data === 'linear') {
    return `Dashed, "HMRT limit": the limit of Hastie, Montanari, Rosset and Tibshirani (hmrt-ridgeless, or hmrt-ridge when λ > 0, from @overparam/bounds) for this exact model — x ~ N(0, I_P), the fit sees the first N coordinates, the unseen part of β acts as noise. It should match the simulation within finite-n fluctuations everywhere except right at N = n, where the limit is infinite and one finite draw is merely large.`;
  }
  if (p.kind !== 'relu') {
    return 'The Mei–Montanari limit is for features σ(⟨θ, x⟩/√d) with a fixed σ: choose the ReLU feature map to overlay it (Fourier features have a random phase and are not of that form).';
  }
  const ratio = p.n / p.dim;
  return `Dashed, "MM limit": the Mei–Montanari limit (mei-montanari-rf from @overparam/bounds) at ψ₁ = N/d, ψ₂ = n/d = ${ratio.toPrecision(3)}, plus the test noise τ². The peak at N = n and the descent beyond it should match; the values match (within about 20%) only when d is large and n/d moderate (try d = 50): at small d with n ≫ d the quadratic part of the teacher becomes learnable, which the limit treats as noise, so the simulation then lies well below the curve.`;
}

/**
 * The Double descent page's live demo: a sweep of random-features fits over N through the
 * interpolation threshold N = n, streamed into a table and two log-axis charts (test and
 * train MSE; ‖a‖), with the threshold marked.
 */
export default function DoubleDescentDemo() {
  const state = useUrlState(schema);
  const { data, dim, n, test, kind, sigma, ridge, seeds, points, span, precision, theory } =
    state.values;
  const mnistUrl = useBaseUrl('/data/mnist.bin');
  const runner = useRunner();
  const { info, error: backendError } = useAutoBackend();
  const [results, setResults] = useState<FitPoint[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const digits = useRef<MnistDigits | null>(null);
  const figure = useRef<HTMLDivElement>(null);

  const testCount = data === 'mnist' ? Math.min(test, MNIST_DIGITS - n) : test;
  const grid = useMemo(
    () => featureGrid({ n, min: Math.max(1, Math.round(n / span)), max: span * n, points }),
    [n, span, points],
  );

  const makeData = async (p: Plan, signal: AbortSignal): Promise<FitData> => {
    if (p.data === 'teacher') {
      const t = nonlinearTeacher({
        d: p.dim,
        ...TEACHER,
        teacherSeed: SYNTHETIC_SEEDS.teacherSeed,
      });
      return {
        train: t.sample({ n: p.n, dataSeed: SYNTHETIC_SEEDS.train }),
        test: t.sample({ n: p.test, dataSeed: SYNTHETIC_SEEDS.test }),
      };
    }
    if (p.data === 'linear') {
      const t = linearTeacher({
        d: linearDim(p.grid),
        ...LINEAR,
        teacherSeed: SYNTHETIC_SEEDS.teacherSeed,
      });
      return {
        train: t.sample({ n: p.n, dataSeed: SYNTHETIC_SEEDS.train }),
        test: t.sample({ n: p.test, dataSeed: SYNTHETIC_SEEDS.test }),
      };
    }
    digits.current ??= await loadMnist({ url: mnistUrl, signal });
    return mnistSplit(digits.current, {
      nTrain: p.n,
      nTest: p.test,
      dataSeed: 0,
      pixels: 'binary',
    });
  };

  const run = () => {
    const next: Plan = {
      data,
      dim,
      n,
      test: testCount,
      kind,
      sigma,
      ridge,
      seeds,
      precision,
      grid,
    };
    setResults([]);
    setPlan(next);
    return runner.run(async ({ signal, report }) => {
      report({ message: next.data === 'mnist' ? 'Loading the MNIST digits…' : 'Drawing data…' });
      const fitData = await makeData(next, signal);
      report({ message: 'Sweeping N…' });
      await doubleDescent({
        data: fitData,
        featureCounts: next.grid,
        featureSeeds: Array.from({ length: next.seeds }, (_, i) => i),
        ridge: next.ridge,
        precision: next.precision,
        featureMap:
          next.data === 'linear'
            ? coordinateFeatures
            : { kind: next.kind, lengthScale: next.sigma },
        signal,
        onPoint: (p, { done }) => {
          setResults((list) => [...list, p]);
          report({
            done,
            message: `N = ${p.N}, seed ${p.seed}: test MSE ${fmt(p.testMse)} (${p.precision})`,
          });
        },
      });
    }, next.grid.length * next.seeds);
  };

  const summary = useMemo(() => summarizeSweep(results), [results]);
  // The theory curves: for the settings of the last run, or of the controls before any run.
  const shown = useMemo(
    () => plan ?? { data, dim, n, kind, ridge, grid },
    [plan, data, dim, n, kind, ridge, grid],
  );
  const theoryRows = useMemo<TheoryRow[]>(
    () => (theory ? theoryCurves(shown) : []),
    [theory, shown],
  );
  const lossRows = useMemo<CurveRow[]>(
    () => [
      ...summary.flatMap((s) => [
        { N: s.N, value: Math.max(s.testMse.mean, FLOOR), series: 'test MSE' },
        { N: s.N, value: Math.max(s.trainMse.mean, FLOOR), series: 'train MSE' },
      ]),
      ...theoryRows,
    ],
    [summary, theoryRows],
  );
  const normRows = useMemo<CurveRow[]>(
    () => summary.map((s) => ({ N: s.N, value: s.norm.mean, series: '‖a‖' })),
    [summary],
  );
  const threshold = plan?.n ?? n;
  const marks = useMemo(() => makeMarks(threshold), [threshold]);
  const peak = summary.length
    ? summary.reduce((a, b) => (b.testMse.mean > a.testMse.mean ? b : a))
    : null;

  const disabledReason =
    info === null
      ? backendError
        ? 'No backend could start.'
        : 'Starting a backend…'
      : testCount < 1
        ? 'No MNIST digits left for a test set: lower n.'
        : data === 'linear' && linearDim(grid) * (n + testCount) > LINEAR_MAX_FLOATS
          ? `The linear preset holds P·(n + test) = ${linearDim(grid) * (n + testCount)} numbers (P = the largest N): lower n, the span or the test samples.`
          : null;

  return (
    <div className={kit.demo} data-testid="double-descent-demo" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} />

      <div className={kit.controls}>
        <SelectControl
          label="Data set"
          value={data}
          options={DATASETS.map((value) => ({ value, label: DATASET_LABELS[value] }))}
          onChange={(next) => state.set({ data: next, sigma: SIGMA[next] })}
        />
        {data === 'teacher' ? (
          <NumberControl
            label="Input dimension d"
            hint="Of the teacher on the sphere of radius √d (Mei & Montanari's d)."
            min={2}
            max={200}
            value={dim}
            onChange={(next) => state.set({ dim: next })}
          />
        ) : null}
        <NumberControl
          label="Training samples n"
          hint="The threshold N = n."
          min={10}
          max={2000}
          step={10}
          value={n}
          onChange={(next) => state.set({ n: next })}
        />
        <NumberControl
          label="Test samples"
          hint={data === 'mnist' ? `At most ${MNIST_DIGITS - n} MNIST digits remain.` : undefined}
          min={10}
          max={5000}
          step={10}
          value={test}
          onChange={(next) => state.set({ test: next })}
        />
        {data === 'linear' ? (
          <p className={kit.muted}>
            Features: the first N coordinates of x (the isotropic linear model of HMRT), so the
            feature map and σ do not apply.
          </p>
        ) : (
          <>
            <SelectControl
              label="Feature map"
              value={kind}
              options={KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
              onChange={(next) => state.set({ kind: next })}
            />
            <NumberControl
              label="Bandwidth σ"
              hint={`Fourier features only; ${SIGMA[data]} suits this data set.`}
              min={0.1}
              max={100}
              step={0.1}
              slider={false}
              value={sigma}
              onChange={(next) => state.set({ sigma: next })}
            />
          </>
        )}
        <NumberControl
          label="Ridge λ"
          hint="0: minimum-norm least squares. Try 0.1 or 1: the peak goes."
          min={0}
          max={100}
          step={0.01}
          slider={false}
          value={ridge}
          onChange={(next) => state.set({ ridge: next })}
        />
        <NumberControl
          label="Seeds"
          hint="Feature draws; the curve is their mean."
          min={1}
          max={10}
          value={seeds}
          onChange={(next) => state.set({ seeds: next })}
        />
        <NumberControl
          label="Grid points"
          hint={`Log-spaced N from n/${span} to ${span}n, through N = n.`}
          min={4}
          max={60}
          value={points}
          onChange={(next) => state.set({ points: next })}
        />
        <SelectControl
          label="Precision"
          value={precision}
          options={[
            { value: 'auto', label: 'auto (float64 near N = n)' },
            { value: 'float64', label: 'float64 everywhere' },
            { value: 'float32-gram', label: 'float32 Gram everywhere (wrong at N = n)' },
          ]}
          onChange={(next) => state.set({ precision: next })}
        />
        <ToggleControl
          label="Theory overlay (synthetic data)"
          checked={theory}
          onChange={(next) => state.set({ theory: next })}
        />
        <UrlStateControls state={state} />
      </div>

      <RunControls
        runner={runner}
        onRun={run}
        runLabel="Run sweep"
        cancelLabel="Cancel"
        disabledReason={disabledReason}
      />

      <p className={kit.muted}>
        {grid.length} values of N from {grid[0]} to {grid.at(-1)} × {seeds} seed
        {seeds > 1 ? 's' : ''}: {grid.length * seeds} fits on n = {n} training and {testCount} test
        samples.
        {peak && plan
          ? ` So far the test MSE peaks at N = ${peak.N} (${fmt(peak.testMse.mean)}); the threshold is N = ${plan.n}.`
          : ''}
      </p>

      <div
        ref={figure}
        data-testid="demo-figure"
        data-theory-series={[...new Set(theoryRows.map((r) => r.series))].join(',')}
        data-theory-end={theoryRows.at(-1)?.value ?? ''}
        data-theory-end-n={theoryRows.at(-1)?.N ?? ''}
        className={kit.charts}
      >
        <Chart
          data={lossRows}
          x="N"
          y="value"
          series="series"
          xScale="log"
          yScale="log"
          xLabel="number of features N"
          yLabel="mean squared error"
          title="Test and train MSE against the number of random features N, log axes, threshold N = n dashed"
          marks={marks}
          empty={<p className={kit.muted}>The curves appear with the first point.</p>}
        />
        <Chart
          data={normRows}
          x="N"
          y="value"
          series="series"
          xScale="log"
          yScale="log"
          xLabel="number of features N"
          yLabel="‖a‖"
          title="Norm of the coefficients ‖a‖ against N, log axes, threshold N = n dashed"
          marks={marks}
          height={240}
        />
      </div>
      <p className={kit.muted}>
        Train MSE below {FLOOR} (≈ 0 once N ≥ n: the fit interpolates) is drawn at {FLOOR}.
      </p>
      <p className={kit.muted} data-testid="theory-note">
        {overlayNote(shown, theory)}
      </p>

      <div className={kit.tableWrap}>
        <table className={kit.table} data-testid="sweep-results">
          <caption className={kit.caption}>
            One row per N: mean over the seeds done so far; the path the solve took.
          </caption>
          <thead>
            <tr>
              <th scope="col" className={kit.num}>
                N
              </th>
              <th scope="col" className={kit.num}>
                Seeds
              </th>
              <th scope="col" className={kit.num}>
                Test MSE
              </th>
              <th scope="col" className={kit.num}>
                Train MSE
              </th>
              <th scope="col" className={kit.num}>
                Test error
              </th>
              <th scope="col" className={kit.num}>
                ‖a‖
              </th>
              <th scope="col">Path</th>
              <th scope="col" className={kit.num}>
                Time (s)
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.length === 0 ? (
              <tr>
                <td colSpan={8} className={kit.muted}>
                  No results yet: press Run sweep.
                </td>
              </tr>
            ) : (
              summary.map((s) => {
                const ofN = results.filter((p) => p.N === s.N);
                const last = ofN[ofN.length - 1];
                return (
                  <tr
                    key={s.N}
                    data-n-features={s.N}
                    data-precision={s.precision}
                    className={s.N === plan?.n ? styles.threshold : undefined}
                  >
                    <th scope="row" className={kit.num}>
                      {s.N}
                    </th>
                    <td className={kit.num}>{s.count}</td>
                    <td className={kit.num} data-col="testMse">
                      {fmt(s.testMse.mean)}
                    </td>
                    <td className={kit.num}>{fmt(s.trainMse.mean)}</td>
                    <td className={kit.num}>
                      {s.testError01 ? `${(100 * s.testError01.mean).toFixed(1)}%` : '–'}
                    </td>
                    <td className={kit.num} data-col="norm">
                      {fmt(s.norm.mean)}
                    </td>
                    <td>
                      {s.precision}
                      {last ? `, ${last.form} ${last.solver}, κ ≈ ${fmt(last.condition, 2)}` : ''}
                    </td>
                    <td className={kit.num}>{ofN.reduce((t, p) => t + p.seconds, 0).toFixed(2)}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>

      <ExportButtons
        rows={results}
        columns={FIT_POINT_COLUMNS}
        basename="overparam-double-descent"
        figure={figure}
        meta={{
          experiment: 'doubleDescent (@overparam/random-features)',
          settings: plan,
          backend: info,
          userAgent: navigator.userAgent,
          date: new Date().toISOString(),
        }}
      />
    </div>
  );
}
