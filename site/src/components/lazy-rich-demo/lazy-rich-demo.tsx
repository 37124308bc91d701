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
import {
  type LazyRichPoint,
  type LazyRichRun,
  type LazyRichSettings,
  POINT_COLUMNS,
  runLazyRich,
} from './experiment';
import styles from './lazy-rich-demo.module.css';

/** The α values of the comparison (the toggle), spanning the rich and the lazy regime. */
export const SWEEP_ALPHAS = [0.25, 1, 4, 16, 64] as const;
const ACTIVATIONS = ['tanh', 'relu', 'erf'] as const;

// The URL parameters (documented on the page).
const schema = {
  alpha: numberParam({ default: 1, min: 1 / 16, max: 256 }),
  width: numberParam({ default: 256, min: 8, max: 4096, integer: true }),
  sweep: booleanParam({ default: true }),
  n: numberParam({ default: 24, min: 4, max: 200, integer: true }),
  depth: numberParam({ default: 2, min: 1, max: 4, integer: true }),
  act: choiceParam({ values: ACTIVATIONS, default: 'tanh' }),
  effectiveStep: numberParam({ default: 0.1, min: 0.001, max: 2 }),
  steps: numberParam({ default: 300, min: 10, max: 5000, integer: true }),
  every: numberParam({ default: 10, min: 1, max: 500, integer: true }),
  freq: numberParam({ default: 3, min: 1, max: 10, integer: true }),
  seed: numberParam({ default: 1, min: 0, max: 1_000_000, integer: true }),
};

interface Row extends LazyRichPoint {
  series: string;
}

const fmt = (v: number | undefined, digits = 3) =>
  v === undefined || Number.isNaN(v)
    ? '–'
    : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)
      ? v.toExponential(2)
      : v.toPrecision(digits);

const label = (alpha: number, width: number) => `α = ${alpha}, m = ${width}`;

/** The rows whose `key` is positive and finite (what a log axis can draw). */
function positive(rows: readonly Row[], key: keyof LazyRichPoint): Row[] {
  return rows.filter((p) => (p[key] as number) > 0 && Number.isFinite(p[key] as number));
}

/** Lines with end labels and tips, on a log y axis (zeros at step 0 dropped by the caller). */
function lineMarks(y: keyof Row & string) {
  return (data: readonly Row[]): Plot.Markish[] => {
    const rows = data as Row[];
    return [
      Plot.line(rows, { x: 'step', y, stroke: 'series', z: 'series', strokeWidth: 2 }),
      Plot.text(
        rows,
        Plot.selectLast({
          x: 'step',
          y,
          z: 'series',
          text: 'series',
          fill: 'series',
          dx: 6,
          textAnchor: 'start',
        }),
      ),
      Plot.tip(rows, Plot.pointer({ x: 'step', y, stroke: 'series' })),
    ];
  };
}
const lossMarks = lineMarks('loss');
const weightMarks = lineMarks('weightChange');
const ntkMarks = lineMarks('ntkChange');
const scaledMarks = lineMarks('scaledDistance');

/**
 * The Lazy and rich training page's live demo: one MLP (same initial weights) trained by
 * full-batch GD on α·(f − f₀) with loss/α², for several α and widths; charts of the loss, the
 * relative weight change, α·‖θ − θ₀‖ and the NTK drift over training, and a table of the ends.
 */
export default function LazyRichDemo() {
  const state = useUrlState(schema);
  const { alpha, width, sweep, n, depth, act, effectiveStep, steps, every, freq, seed } =
    state.values;
  const runner = useRunner();
  const { info, error: backendError } = useAutoBackend();
  const [points, setPoints] = useState<LazyRichPoint[]>([]);
  const [runs, setRuns] = useState<LazyRichRun[]>([]);
  const figure = useRef<HTMLDivElement>(null);

  const settings: LazyRichSettings = useMemo(
    () => ({
      n,
      width,
      depth,
      activation: act,
      effectiveStep,
      steps,
      measureEvery: every,
      frequency: freq,
      initSeed: seed,
    }),
    [n, width, depth, act, effectiveStep, steps, every, freq, seed],
  );
  // Runs compare only under the same data, depth, step and schedule: a change there starts over.
  const settingsKey = JSON.stringify({ ...settings, width: 0 });
  const lastKey = useRef(settingsKey);

  const run = () => {
    const alphas = sweep ? [...SWEEP_ALPHAS] : [alpha];
    const fresh = lastKey.current !== settingsKey || sweep;
    lastKey.current = settingsKey;
    const keep = (r: { alpha: number; width: number }) =>
      !fresh && !alphas.some((a) => a === r.alpha && width === r.width);
    setPoints((list) => list.filter(keep));
    setRuns((list) => list.filter(keep));
    return runner.run(async ({ signal, report }) => {
      for (const [i, a] of alphas.entries()) {
        report({ done: i, message: `Training α = ${a}, width ${width}…` });
        const result = await runLazyRich(settings, a, {
          signal,
          onPoint: (p) => setPoints((list) => [...list, p]),
        });
        setRuns((list) => [...list, result]);
      }
      report({ done: alphas.length, message: '' });
    }, alphas.length);
  };

  const clear = () => {
    setPoints([]);
    setRuns([]);
  };

  // Series named by α alone while every run has the same width (the end labels stay short).
  const rows = useMemo<Row[]>(() => {
    const oneWidth = new Set(points.map((p) => p.width)).size <= 1;
    return points.map((p) => ({
      ...p,
      series: oneWidth ? `α = ${p.alpha}` : `α=${p.alpha} m=${p.width}`,
    }));
  }, [points]);
  // Log axes: the step-0 zeros of the weight and NTK change are not drawn.
  const lossRows = useMemo(() => positive(rows, 'loss'), [rows]);
  const weightRows = useMemo(() => positive(rows, 'weightChange'), [rows]);
  const ntkRows = useMemo(() => positive(rows, 'ntkChange'), [rows]);
  const scaledRows = useMemo(() => positive(rows, 'scaledDistance'), [rows]);

  const disabledReason =
    info === null ? (backendError ? 'No backend could start.' : 'Starting a backend…') : null;
  const sorted = [...runs].sort((a, b) => a.width - b.width || a.alpha - b.alpha);

  return (
    <div className={kit.demo} data-testid="lazy-rich-demo" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} />

      <div className={kit.controls}>
        <NumberControl
          label="Lazy scale: log₂ α"
          hint={`α = ${alpha}${sweep ? ' (used when the comparison is off)' : ''}. Large α: lazy; small α: rich.`}
          min={-4}
          max={8}
          step={1}
          value={Math.round(Math.log2(alpha))}
          onChange={(k) => state.set({ alpha: 2 ** k })}
        />
        <NumberControl
          label="Width: log₂ m"
          hint={`m = ${width} units per hidden layer.`}
          min={3}
          max={12}
          step={1}
          value={Math.round(Math.log2(width))}
          onChange={(k) => state.set({ width: 2 ** k })}
        />
        <ToggleControl
          label={`Compare α ∈ {${SWEEP_ALPHAS.join(', ')}}`}
          checked={sweep}
          onChange={(next) => state.set({ sweep: next })}
        />
        <NumberControl
          label="Effective step η̃ = η/n"
          hint="GD on the linearized model needs η̃ < 2/λ_max(Θ₀)."
          min={0.001}
          max={2}
          step={0.001}
          slider={false}
          value={effectiveStep}
          onChange={(next) => state.set({ effectiveStep: next })}
        />
        <NumberControl
          label="Steps"
          min={10}
          max={5000}
          step={10}
          slider={false}
          value={steps}
          onChange={(next) => state.set({ steps: next })}
        />
        <SelectControl
          label="Activation"
          value={act}
          options={ACTIVATIONS.map((value) => ({ value, label: value }))}
          onChange={(next) => state.set({ act: next })}
        />
        <NumberControl
          label="Hidden layers L"
          min={1}
          max={4}
          value={depth}
          onChange={(next) => state.set({ depth: next })}
        />
        <NumberControl
          label="Training points n"
          hint={`On the unit circle; target sin(${freq}θ).`}
          min={4}
          max={200}
          slider={false}
          value={n}
          onChange={(next) => state.set({ n: next })}
        />
        <UrlStateControls state={state} />
      </div>

      <div className={styles.buttons}>
        <RunControls
          runner={runner}
          onRun={run}
          runLabel={sweep ? 'Run comparison' : `Add run α = ${alpha}, m = ${width}`}
          cancelLabel="Cancel"
          disabledReason={disabledReason}
        />
        <button
          type="button"
          className="button button--secondary"
          onClick={clear}
          disabled={runner.status === 'running' || runs.length === 0}
        >
          Clear runs
        </button>
      </div>

      <p className={kit.muted}>
        Each run: an MLP with {depth} hidden layer{depth > 1 ? 's' : ''} ({act}, NTK
        parameterization, initSeed {seed}), trained for {steps} full-batch GD steps at η̃ ={' '}
        {effectiveStep} on h = α·(f − f₀) with loss (1/(2n))·Σ(h − y)²/α²; measured every {every}{' '}
        steps.
      </p>

      <div ref={figure} data-testid="demo-figure" className={kit.charts}>
        <Chart
          data={weightRows}
          x="step"
          y="weightChange"
          series="series"
          yScale="log"
          xLabel="GD step t"
          yLabel="‖θ_t − θ₀‖/‖θ₀‖"
          title="Relative weight change over training, one line per run, log y axis"
          marks={weightMarks}
          empty={<p className={kit.muted}>The curves appear with the first measurement.</p>}
        />
        <Chart
          data={ntkRows}
          x="step"
          y="ntkChange"
          series="series"
          yScale="log"
          xLabel="GD step t"
          yLabel="‖Θ_t − Θ₀‖_F/‖Θ₀‖_F"
          title="Relative change of the empirical NTK over training, one line per run, log y axis"
          marks={ntkMarks}
        />
        <Chart
          data={scaledRows}
          x="step"
          y="scaledDistance"
          series="series"
          yScale="log"
          xLabel="GD step t"
          yLabel="α·‖θ_t − θ₀‖"
          title="Weight distance times α over training: the curves of large α coincide"
          marks={scaledMarks}
          height={240}
        />
        <Chart
          data={lossRows}
          x="step"
          y="loss"
          series="series"
          yScale="log"
          xLabel="GD step t"
          yLabel="training loss"
          title="Training loss (1/(2n))·Σ(h − y)² over training, one line per run, log y axis"
          marks={lossMarks}
          height={240}
        />
      </div>

      <div className={kit.tableWrap}>
        <table className={kit.table} data-testid="lazy-rich-results">
          <caption className={kit.caption}>
            End of each run (step {steps}); α·‖θ − θ₀‖ is constant in α in the lazy regime.
          </caption>
          <thead>
            <tr>
              <th scope="col">α</th>
              <th scope="col">width m</th>
              <th scope="col">loss</th>
              <th scope="col">‖θ − θ₀‖/‖θ₀‖</th>
              <th scope="col">α·‖θ − θ₀‖</th>
              <th scope="col">NTK change</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr
                key={label(r.alpha, r.width)}
                data-alpha={r.alpha}
                data-width={r.width}
                data-finite={r.finite ? 'true' : 'false'}
              >
                <td className={kit.num}>{r.alpha}</td>
                <td className={kit.num}>{r.width}</td>
                <td className={kit.num} data-col="loss">
                  {r.finite ? fmt(r.final?.loss) : 'diverged'}
                </td>
                <td className={kit.num} data-col="weightChange">
                  {fmt(r.final?.weightChange)}
                </td>
                <td className={kit.num} data-col="scaledDistance">
                  {fmt(r.final?.scaledDistance)}
                </td>
                <td className={kit.num} data-col="ntkChange">
                  {fmt(r.final?.ntkChange)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {runs
          .filter((r) => !r.finite)
          .map((r) => (
            <p key={`msg-${label(r.alpha, r.width)}`} className={kit.muted} role="status">
              α = {r.alpha}, m = {r.width}: {r.message}
            </p>
          ))}
      </div>

      <ExportButtons
        rows={points}
        columns={POINT_COLUMNS}
        basename="lazy-rich-training"
        meta={{ ...settings, backend: info?.backend ?? null }}
        figure={figure}
      />
    </div>
  );
}
