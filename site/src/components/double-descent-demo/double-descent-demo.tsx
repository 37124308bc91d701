import useBaseUrl from '@docusaurus/useBaseUrl';
import * as Plot from '@observablehq/plot';
import { type BackendInfo, initBackend } from '@overparam/tensor';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BackendBadge,
  Chart,
  choiceParam,
  ExportButtons,
  NumberControl,
  numberParam,
  RunControls,
  SelectControl,
  UrlStateControls,
  useBackendOptions,
  useRunner,
  useUrlState,
} from '../demo-kit';
import styles from './double-descent-demo.module.css';
import {
  doubleDescent,
  type FeatureKind,
  FIT_POINT_COLUMNS,
  type FitData,
  type FitPoint,
  featureGrid,
  loadMnist,
  type MnistDigits,
  mnistSplit,
  nonlinearTeacher,
  summarizeSweep,
} from './lib';

const DATASETS = ['mnist', 'teacher'] as const;
type DatasetName = (typeof DATASETS)[number];
const KINDS = ['fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1', 'relu'] as const;
const PRECISIONS = ['auto', 'float64', 'float32-gram'] as const;
/** A good bandwidth σ for each data set (binary MNIST pixels: ‖x − x'‖² ≈ 100). */
const SIGMA: Record<DatasetName, number> = { mnist: 5, teacher: 3 };
const MNIST_DIGITS = 10_000;
/** Train MSE is ≈ 1e-30 past the threshold: drawn at this floor on the log axis. */
const FLOOR = 1e-3;

const DATASET_LABELS: Record<DatasetName, string> = {
  mnist: 'MNIST digits (10 classes, one-hot)',
  teacher: 'Synthetic: nonlinear teacher, d = 10',
};
const KIND_LABELS: Record<FeatureKind, string> = {
  'fourier-gaussian': 'Fourier, Gaussian kernel',
  'fourier-laplace': 'Fourier, Laplace kernel (L2)',
  'fourier-laplace-l1': 'Fourier, Laplace kernel (L1)',
  relu: 'ReLU (arc-cosine kernel)',
};

// The URL parameters (documented on the page): data, n, test, kind, sigma, ridge, seeds,
// points, span, precision.
const schema = {
  data: choiceParam({ values: DATASETS, default: 'mnist' }),
  n: numberParam({ default: 200, min: 10, max: 2000, integer: true }),
  test: numberParam({ default: 500, min: 10, max: 5000, integer: true }),
  kind: choiceParam({ values: KINDS, default: 'fourier-gaussian' }),
  sigma: numberParam({ default: 5, min: 0.1, max: 100 }),
  ridge: numberParam({ default: 0, min: 0, max: 100 }),
  seeds: numberParam({ default: 1, min: 1, max: 10, integer: true }),
  points: numberParam({ default: 20, min: 4, max: 60, integer: true }),
  span: numberParam({ default: 10, min: 2, max: 50, integer: true }),
  precision: choiceParam({ values: PRECISIONS, default: 'auto' }),
};

interface Plan {
  data: DatasetName;
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '–'
    : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(1)
      : v.toPrecision(digits);

function makeMarks(n: number) {
  return (data: readonly CurveRow[]): Plot.Markish[] => {
    const rows = data as CurveRow[];
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
      Plot.tip(rows, Plot.pointer({ x: 'N', y: 'value', stroke: 'series' })),
    ];
  };
}

/**
 * The Double descent page's live demo: a sweep of random-features fits over N through the
 * interpolation threshold N = n, streamed into a table and two log-axis charts (test and
 * train MSE; ‖a‖), with the threshold marked.
 */
export default function DoubleDescentDemo() {
  const state = useUrlState(schema);
  const { data, n, test, kind, sigma, ridge, seeds, points, span, precision } = state.values;
  const backendOptions = useBackendOptions();
  const mnistUrl = useBaseUrl('/data/mnist.bin');
  const runner = useRunner();
  const [info, setInfo] = useState<BackendInfo | null>(null);
  const [backendError, setBackendError] = useState<string | null>(null);
  const [results, setResults] = useState<FitPoint[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const digits = useRef<MnistDigits | null>(null);
  const figure = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    // 'auto', or the backend forced by ?backend=.
    initBackend('auto', backendOptions).then(
      (i) => live && setInfo(i),
      (e: unknown) => live && setBackendError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [backendOptions]);

  const testCount = data === 'mnist' ? Math.min(test, MNIST_DIGITS - n) : test;
  const grid = useMemo(
    () => featureGrid({ n, min: Math.max(1, Math.round(n / span)), max: span * n, points }),
    [n, span, points],
  );

  const makeData = async (p: Plan, signal: AbortSignal): Promise<FitData> => {
    if (p.data === 'teacher') {
      const t = nonlinearTeacher({
        d: 10,
        linearEnergy: 1,
        nonlinearEnergy: 1,
        noiseStd: 0.3,
        teacherSeed: 0,
      });
      return {
        train: t.sample({ n: p.n, dataSeed: 1 }),
        test: t.sample({ n: p.test, dataSeed: 2 }),
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
        seeds: Array.from({ length: next.seeds }, (_, i) => i),
        ridge: next.ridge,
        precision: next.precision,
        featureMap: { kind: next.kind, lengthScale: next.sigma },
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
  const lossRows = useMemo<CurveRow[]>(
    () =>
      summary.flatMap((s) => [
        { N: s.N, value: Math.max(s.testMse.mean, FLOOR), series: 'test MSE' },
        { N: s.N, value: Math.max(s.trainMse.mean, FLOOR), series: 'train MSE' },
      ]),
    [summary],
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
        : null;

  return (
    <div className={styles.demo} data-testid="double-descent-demo" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} />

      <div className={styles.controls}>
        <SelectControl
          label="Data set"
          value={data}
          options={DATASETS.map((value) => ({ value, label: DATASET_LABELS[value] }))}
          onChange={(next) => state.set({ data: next, sigma: SIGMA[next] })}
        />
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
        <UrlStateControls state={state} />
      </div>

      <RunControls
        runner={runner}
        onRun={run}
        runLabel="Run sweep"
        cancelLabel="Cancel"
        disabledReason={disabledReason}
      />

      <p className={styles.muted}>
        {grid.length} values of N from {grid[0]} to {grid.at(-1)} × {seeds} seed
        {seeds > 1 ? 's' : ''}: {grid.length * seeds} fits on n = {n} training and {testCount} test
        samples.
        {peak && plan
          ? ` So far the test MSE peaks at N = ${peak.N} (${fmt(peak.testMse.mean)}); the threshold is N = ${plan.n}.`
          : ''}
      </p>

      <div ref={figure} data-testid="demo-figure" className={styles.charts}>
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
          empty={<p className={styles.muted}>The curves appear with the first point.</p>}
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
      <p className={styles.muted}>
        Train MSE below {FLOOR} (≈ 0 once N ≥ n: the fit interpolates) is drawn at {FLOOR}.
      </p>

      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="sweep-results">
          <caption className={styles.caption}>
            One row per N: mean over the seeds done so far; the path the solve took.
          </caption>
          <thead>
            <tr>
              <th scope="col" className={styles.num}>
                N
              </th>
              <th scope="col" className={styles.num}>
                Seeds
              </th>
              <th scope="col" className={styles.num}>
                Test MSE
              </th>
              <th scope="col" className={styles.num}>
                Train MSE
              </th>
              <th scope="col" className={styles.num}>
                Test error
              </th>
              <th scope="col" className={styles.num}>
                ‖a‖
              </th>
              <th scope="col">Path</th>
              <th scope="col" className={styles.num}>
                Time (s)
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.length === 0 ? (
              <tr>
                <td colSpan={8} className={styles.muted}>
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
                    <th scope="row" className={styles.num}>
                      {s.N}
                    </th>
                    <td className={styles.num}>{s.count}</td>
                    <td className={styles.num} data-col="testMse">
                      {fmt(s.testMse.mean)}
                    </td>
                    <td className={styles.num}>{fmt(s.trainMse.mean)}</td>
                    <td className={styles.num}>
                      {s.testError01 ? `${(100 * s.testError01.mean).toFixed(1)}%` : '–'}
                    </td>
                    <td className={styles.num} data-col="norm">
                      {fmt(s.norm.mean)}
                    </td>
                    <td>
                      {s.precision}
                      {last ? `, ${last.form} ${last.solver}, κ ≈ ${fmt(last.condition, 2)}` : ''}
                    </td>
                    <td className={styles.num}>
                      {ofN.reduce((t, p) => t + p.seconds, 0).toFixed(2)}
                    </td>
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
