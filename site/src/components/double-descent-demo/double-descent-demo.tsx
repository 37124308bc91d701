import useBaseUrl from '@docusaurus/useBaseUrl';
import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import {
  type Annotation,
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import kit from '../demo-kit/demo.module.css';
import {
  type DoubleDescentInputs,
  doubleDescentExperiment,
  LINEAR,
  linearDim,
  SYNTHETIC_SEEDS,
  sweepGrid,
  TEACHER,
} from './experiment';
import { type FitPoint, linearTeacher, summarizeSweep } from './lib';
import { HMRT_SERIES, hmrtCurve, MM_SERIES, meiMontanariCurve, type TheoryRow } from './theory';

/** Train MSE is ≈ 1e-30 past the threshold: drawn at this floor on the log axis. */
const FLOOR = 1e-3;
const THEORY_SERIES = new Set<string>([HMRT_SERIES, MM_SERIES]);

interface CurveRow {
  N: number;
  value: number;
  series: string;
}

function thresholdMarks(n: number): Plot.Markish[] {
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
  ];
}

function makeMarks(n: number) {
  return (data: readonly CurveRow[]): Plot.Markish[] => {
    const all = data as CurveRow[];
    // Simulations as lines with dots; the theory limits (dense, smooth) as dashed lines.
    const rows = all.filter((r) => !THEORY_SERIES.has(r.series));
    const theory = all.filter((r) => THEORY_SERIES.has(r.series));
    return [
      ...thresholdMarks(n),
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
      endLabels(all, { x: 'N', y: 'value', z: 'series', fill: 'series' }),
      Plot.tip(all, Plot.pointer({ x: 'N', y: 'value', stroke: 'series' })),
    ];
  };
}

/** Theory curves (from @overparam/bounds) for a sweep on synthetic data; none for MNIST. */
function theoryCurves(p: DoubleDescentInputs): TheoryRow[] {
  const grid = sweepGrid(p);
  const lo = grid[0] ?? 1;
  const hi = grid.at(-1) ?? 1;
  if (p.data === 'linear') {
    const beta = linearTeacher({
      d: linearDim(grid),
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
function overlayNote(p: DoubleDescentInputs): string {
  if (!p.theory) return 'Theory overlay off.';
  if (p.data === 'mnist') {
    return 'No theory overlay on MNIST: both limits assume Gaussian or spherical synthetic inputs, which digits are not. Choose a synthetic data set (Advanced) to see them.';
  }
  if (p.data === 'linear') {
    return 'Dashed, "HMRT limit": the limit of Hastie, Montanari, Rosset and Tibshirani (hmrt-ridgeless, or hmrt-ridge when λ > 0, from @overparam/bounds) for this exact model — x ~ N(0, I_P), the fit sees the first N coordinates, the unseen part of β acts as noise. It should match the simulation within finite-n fluctuations everywhere except right at N = n, where the limit is infinite and one finite draw is merely large.';
  }
  if (p.kind !== 'relu') {
    return 'The Mei–Montanari limit is for features σ(⟨θ, x⟩/√d) with a fixed σ: choose the ReLU feature map to overlay it (Fourier features have a random phase and are not of that form).';
  }
  return `Dashed, "MM limit": the Mei–Montanari limit (mei-montanari-rf from @overparam/bounds) at ψ₁ = N/d, ψ₂ = n/d = ${(p.n / p.dim).toPrecision(3)}, plus the test noise τ². The peak at N = n and the descent beyond it should match; the values match (within about 20%) only when d is large and n/d moderate (try d = 50).`;
}

/** The phenomenon, read off the 0–1 test error: the bottom of the U, the peak, the last point. */
function errorAnnotations(rows: readonly CurveRow[], n: number): Annotation[] {
  const below = rows.filter((r) => r.N < n);
  const above = rows.filter((r) => r.N > n);
  const out: Annotation[] = [];
  if (below.length >= 3) {
    const bottom = below.reduce((a, b) => (b.value < a.value ? b : a));
    if (bottom !== below[0] && bottom !== below.at(-1))
      out.push({ x: bottom.N, y: bottom.value, text: 'classical U', side: 'bottom' });
  }
  const peak = rows.reduce<CurveRow | null>(
    (a, b) => (a === null || b.value > a.value ? b : a),
    null,
  );
  if (peak && Math.abs(Math.log(peak.N / n)) < 0.3)
    out.push({ x: peak.N, y: peak.value, text: 'peak at the threshold' });
  const last = above.at(-1);
  if (last && peak && last.value < peak.value)
    out.push({ x: last.N, y: last.value, text: 'second descent' });
  return out;
}

/**
 * The Double descent page's live demo: a sweep of random-features fits over N through the
 * interpolation threshold N = n, re-run whenever a setting changes, drawn as the test 0–1
 * error (with the classical U, the peak and the second descent marked), the MSEs and ‖a‖.
 */
export default function DoubleDescentDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const mnistUrl = useBaseUrl('/data/mnist.bin');
  const x = useExperiment(doubleDescentExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error ? 'No backend could start.' : 'Starting a backend…',
    env: { mnistUrl },
  });
  const shown = x.shownInputs ?? x.inputs;
  const summary = useMemo(() => summarizeSweep(x.rows as FitPoint[]), [x.rows]);
  const theoryRows = useMemo(() => (shown.theory ? theoryCurves(shown) : []), [shown]);
  const errorRows = useMemo<CurveRow[]>(
    () =>
      summary
        .filter((s) => s.testError01)
        .map((s) => ({ N: s.N, value: s.testError01?.mean ?? 0, series: 'test error' })),
    [summary],
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
  const marks = useMemo(() => makeMarks(shown.n), [shown.n]);
  const annotations = useMemo(() => errorAnnotations(errorRows, shown.n), [errorRows, shown.n]);
  const peak = summary.length
    ? summary.reduce((a, b) => (b.testMse.mean > a.testMse.mean ? b : a))
    : null;
  const grid = sweepGrid(x.inputs);

  return (
    <ExperimentDemo
      x={x}
      backend={backend}
      staticFigure={figure}
      caption={
        <>
          <strong>What to look at:</strong> the test error first falls and rises (the classical U),
          peaks where the model can just interpolate the training set, N = n, and falls again beyond
          it, below the bottom of the U. Drag n or add a ridge λ: the peak follows n, and a ridge
          removes it.
        </>
      }
      figure={
        <>
          {errorRows.length > 0 && (
            <Chart
              data={errorRows}
              x="N"
              y="value"
              series="series"
              xScale="log"
              xLabel="number of features N"
              yLabel="test 0–1 error"
              title="Test 0–1 error against the number of random features N, log x axis, threshold N = n dashed, with the classical U, the peak and the second descent marked"
              marks={marks}
              annotations={annotations}
              height={300}
            />
          )}
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
            height={280}
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
            height={200}
          />
        </>
      }
      summary={
        <>
          <p className={kit.muted}>
            {grid.length} values of N from {grid[0]} to {grid.at(-1)} × {x.inputs.seeds} seed
            {x.inputs.seeds > 1 ? 's' : ''} on n = {x.inputs.n} training samples.
            {peak && x.shownInputs
              ? ` The test MSE peaks at N = ${peak.N} (${formatValue(peak.testMse.mean)}); the threshold is N = ${x.shownInputs.n}.`
              : ''}{' '}
            Train MSE below {FLOOR} (≈ 0 once N ≥ n: the fit interpolates) is drawn at {FLOOR}.
          </p>
          <p
            className={kit.muted}
            data-testid="theory-note"
            data-theory-series={[...new Set(theoryRows.map((r) => r.series))].join(',')}
            data-theory-end={theoryRows.at(-1)?.value ?? ''}
            data-theory-end-n={theoryRows.at(-1)?.N ?? ''}
          >
            {overlayNote(shown)}
          </p>
        </>
      }
      tableCaption="One row per fit (N, seed): the mean over seeds is what the charts draw."
      rowAttributes={(row) => ({
        'data-n-features': row.N,
        'data-path': row.precision,
        'data-threshold': row.N === row.n ? 'true' : undefined,
      })}
      meta={{ backend: backend.info }}
    />
  );
}
