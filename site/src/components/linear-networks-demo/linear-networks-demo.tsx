import * as Plot from '@observablehq/plot';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Chart,
  choiceParam,
  ExportButtons,
  NumberControl,
  numberParam,
  RunControls,
  SelectControl,
  UrlStateControls,
  useRunner,
  useUrlState,
} from '../demo-kit';
import kit from '../demo-kit/demo.module.css';
import {
  initLinearNetwork,
  type LinearNetworkInit,
  type LinearNetworkStep,
  linearNetworkGd,
  linearNetworkTarget,
} from './lib';

const INITS = ['imbalanced', 'balanced', 'spectral', 'gaussian'] as const;
type InitKind = (typeof INITS)[number];
const SCHEDULES = ['constant', 'certified'] as const;
/** Stop once ‖E‖_F ≤ TOLERANCE·‖Y‖_F: below it the ratio is rounding noise. */
const TOLERANCE = 1e-10;

const INIT_LABELS: Record<InitKind, string> = {
  imbalanced: 'Imbalanced (prescribed D)',
  balanced: 'Balanced (D = 0)',
  spectral: 'Spectral (aligned with Y)',
  gaussian: 'Gaussian N(0, scale²/h)',
};

// The URL parameters (documented on the page).
const schema = {
  n: numberParam({ default: 3, min: 1, max: 8, integer: true }),
  m: numberParam({ default: 4, min: 1, max: 8, integer: true }),
  h: numberParam({ default: 8, min: 1, max: 64, integer: true }),
  init: choiceParam({ values: INITS, default: 'imbalanced' }),
  delta: numberParam({ default: 0.5, min: -2, max: 2 }),
  scale: numberParam({ default: 0.1, min: 0.01, max: 3 }),
  learningRate: numberParam({ default: 0.2, min: 0.005, max: 1.5 }),
  schedule: choiceParam({ values: SCHEDULES, default: 'constant' }),
  steps: numberParam({ default: 300, min: 10, max: 3000, integer: true }),
  dataSeed: numberParam({ default: 0, min: 0, max: 1_000_000, integer: true }),
  initSeed: numberParam({ default: 0, min: 0, max: 1_000_000, integer: true }),
};

interface Plan {
  n: number;
  m: number;
  h: number;
  init: LinearNetworkInit;
  learningRate: number;
  schedule: (typeof SCHEDULES)[number];
  steps: number;
  dataSeed: number;
  initSeed: number;
}

interface CurveRow {
  t: number;
  value: number;
  series: string;
}

/** One exported row per step (CSV columns). */
const COLUMNS = [
  't',
  'learningRate',
  'loss',
  'rho',
  'ratio',
  'violated',
  'slack',
  'mu',
  'muLowerBound',
  'Lambda',
  'errorSpectralNorm',
  'productSpectralNorm',
  'imbalanceNorm',
  'imbalanceDrift',
  'driftResidual',
  'errorUpdateResidual',
] as const;
type ExportRow = Pick<LinearNetworkStep, (typeof COLUMNS)[number]>;

const fmt = (v: number | undefined, digits = 3) =>
  v === undefined || Number.isNaN(v)
    ? '–'
    : v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)
      ? v.toExponential(digits - 1)
      : v.toPrecision(digits);

/**
 * Lines of two series with end labels (the first label above its line's end, the second below:
 * ρ_t and the ratio, or μ_t and its bound, often end at the same height), an optional dashed
 * rule, and hover tips.
 */
function twoLines(first: string, second: string, rule: number | null) {
  return (data: readonly CurveRow[]): Plot.Markish[] => {
    const rows = data as CurveRow[];
    const label = (series: string, dy: number) =>
      Plot.text(
        rows.filter((r) => r.series === series),
        Plot.selectLast({ x: 't', y: 'value', text: 'series', dx: 6, dy, textAnchor: 'start' }),
      );
    return [
      rule === null
        ? null
        : Plot.ruleY([rule], {
            stroke: 'currentColor',
            strokeDasharray: '4 3',
            strokeOpacity: 0.6,
          }),
      Plot.line(rows, { x: 't', y: 'value', stroke: 'series', z: 'series', strokeWidth: 1.75 }),
      label(first, -8),
      label(second, 8),
      Plot.tip(rows, Plot.pointer({ x: 't', y: 'value', stroke: 'series' })),
    ];
  };
}
const RATIO_MARKS = twoLines('ρ_t', 'ratio', 1);
const MU_MARKS = twoLines('μ_t', 'bound', null);
const LOSS_MARKS = twoLines('loss', '', null);

/** Steps shown in the table: the first few, then roughly doubling, and the last. */
function tableSteps(history: readonly LinearNetworkStep[]): LinearNetworkStep[] {
  const picked = new Set<number>();
  for (let t = 0; t < history.length; t = t < 3 ? t + 1 : Math.ceil(t * 2)) picked.add(t);
  if (history.length > 0) picked.add(history.length - 1);
  return [...picked].sort((a, b) => a - b).map((t) => history[t] as LinearNetworkStep);
}

/**
 * The Linear networks page's live demo: gradient descent on ½‖UVᵀ − Y‖²_F from an
 * initialization with a prescribed imbalance, with the one-step certificate ρ_t drawn against
 * the actual ratio ‖E_{t+1}‖/‖E_t‖, and μ_t against its imbalance lower bound. Float64
 * JavaScript on the main thread (the matrices are a few by a few); it reruns on every change.
 */
export default function LinearNetworksDemo() {
  const state = useUrlState(schema);
  const { n, m, h, init, delta, scale, learningRate, schedule, steps, dataSeed, initSeed } =
    state.values;
  const runner = useRunner();
  const [history, setHistory] = useState<LinearNetworkStep[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const figure = useRef<HTMLDivElement>(null);
  const width = Math.max(h, n, m);

  const next = useMemo<Plan>(() => {
    const spec: LinearNetworkInit =
      init === 'imbalanced'
        ? { kind: 'imbalanced', imbalance: delta, scale }
        : init === 'spectral'
          ? { kind: 'spectral', imbalance: delta, scale }
          : { kind: init, scale };
    return { n, m, h: width, init: spec, learningRate, schedule, steps, dataSeed, initSeed };
  }, [n, m, width, init, delta, scale, learningRate, schedule, steps, dataSeed, initSeed]);

  const run = (p: Plan) => {
    setHistory([]);
    setPlan(p);
    return runner.run(async ({ signal, report }) => {
      const target = linearNetworkTarget({ n: p.n, m: p.m, dataSeed: p.dataSeed });
      const start = initLinearNetwork({
        n: p.n,
        m: p.m,
        h: p.h,
        init: p.init,
        initSeed: p.initSeed,
        target,
      });
      const buffer: LinearNetworkStep[] = [];
      let flushed = performance.now();
      try {
        const result = await linearNetworkGd({
          target,
          init: start,
          learningRate: p.learningRate,
          steps: p.steps,
          schedule: p.schedule,
          tolerance: TOLERANCE,
          signal,
          onStep: (s, { done, total }) => {
            buffer.push(s);
            if (performance.now() - flushed > 60) {
              flushed = performance.now();
              setHistory([...buffer]);
              report({ done, total, message: `step ${s.t}: loss ${fmt(s.loss)}, ρ ${fmt(s.rho)}` });
            }
          },
        });
        report({ done: result.stepsTaken, total: p.steps });
      } finally {
        // Show what was computed, also when the run diverged or was cancelled.
        setHistory([...buffer]);
      }
    }, p.steps);
  };

  // Rerun on every change (a default run takes a few milliseconds), after a short pause so
  // that dragging a slider does not queue a run per pixel.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `run` is recreated every render; `next` carries the settings.
  useEffect(() => {
    const timer = setTimeout(() => run(next), 150);
    return () => clearTimeout(timer);
  }, [next]);

  const ratioRows = useMemo<CurveRow[]>(
    () =>
      history.flatMap((s) => [
        { t: s.t, value: s.rho, series: 'ρ_t' },
        { t: s.t, value: s.ratio, series: 'ratio' },
      ]),
    [history],
  );
  const muRows = useMemo<CurveRow[]>(
    () =>
      history.flatMap((s) => [
        { t: s.t, value: s.mu, series: 'μ_t' },
        { t: s.t, value: s.muLowerBound, series: 'bound' },
      ]),
    [history],
  );
  const lossRows = useMemo<CurveRow[]>(
    () => history.map((s) => ({ t: s.t, value: s.loss, series: 'loss' })),
    [history],
  );
  const exportRows = useMemo<ExportRow[]>(
    () =>
      history.map((s) => Object.fromEntries(COLUMNS.map((c) => [c, s[c]])) as unknown as ExportRow),
    [history],
  );

  const summary = useMemo(() => {
    if (history.length === 0) return null;
    const first = history[0] as LinearNetworkStep;
    const last = history.at(-1) as LinearNetworkStep;
    let violations = 0;
    let raw = 0;
    let certified = 0;
    let decreasing = 0;
    let maxRho = 0;
    let maxExcess = Number.NEGATIVE_INFINITY;
    let maxResidual = 0;
    for (const s of history) {
      if (s.violated) violations++;
      if (s.nextErrorNorm > s.rho * s.errorNorm) raw++;
      if (s.rho < 1) certified++;
      if (s.nextErrorNorm < s.errorNorm) decreasing++;
      maxRho = Math.max(maxRho, s.rho);
      maxExcess = Math.max(maxExcess, (s.nextErrorNorm - s.rho * s.errorNorm) / s.slack);
      maxResidual = Math.max(maxResidual, s.driftResidual, s.errorUpdateResidual);
    }
    const finalLoss = 0.5 * last.nextErrorNorm ** 2;
    return {
      first,
      last,
      steps: history.length,
      violations,
      raw,
      certified,
      decreasing,
      maxRho,
      maxExcess,
      maxResidual,
      finalLoss,
    };
  }, [history]);

  const showDelta = init === 'imbalanced' || init === 'spectral';
  const running = runner.status === 'running';

  return (
    <div className={kit.demo} data-testid="linear-networks-demo" data-status={runner.status}>
      <div className={kit.controls}>
        <SelectControl
          label="Initialization"
          value={init}
          options={INITS.map((value) => ({ value, label: INIT_LABELS[value] }))}
          onChange={(value) => state.set({ init: value })}
        />
        <NumberControl
          label="Imbalance δ"
          hint={
            showDelta
              ? 'D = UᵀU − VᵀV has eigenvalues δ (and ±|δ|): the bound on μ is |δ|. 0 is balanced.'
              : 'Only for the imbalanced and spectral initializations.'
          }
          min={-2}
          max={2}
          step={0.05}
          value={delta}
          disabled={!showDelta}
          onChange={(value) => state.set({ delta: value })}
        />
        <NumberControl
          label="Step size η"
          hint="Steps near 2/Λ overshoot; the certificate says when."
          min={0.005}
          max={1.5}
          step={0.005}
          value={learningRate}
          onChange={(value) => state.set({ learningRate: value })}
        />
        <NumberControl
          label="Scale"
          hint="Size of the weights at t = 0 (singular values of U and V)."
          min={0.01}
          max={3}
          step={0.01}
          value={scale}
          onChange={(value) => state.set({ scale: value })}
        />
        <SelectControl
          label="Step-size schedule"
          value={schedule}
          options={[
            { value: 'constant', label: 'constant η' },
            { value: 'certified', label: 'certified: max(η, argmin ρ_t)' },
          ]}
          onChange={(value) => state.set({ schedule: value })}
        />
        <NumberControl
          label="Outputs n"
          min={1}
          max={8}
          value={n}
          onChange={(value) => state.set({ n: value })}
        />
        <NumberControl
          label="Inputs m"
          min={1}
          max={8}
          value={m}
          onChange={(value) => state.set({ m: value })}
        />
        <NumberControl
          label="Hidden width h"
          hint={width > h ? `Raised to max(n, m) = ${width}.` : 'At least max(n, m).'}
          min={1}
          max={64}
          value={h}
          onChange={(value) => state.set({ h: value })}
        />
        <NumberControl
          label="Steps"
          min={10}
          max={3000}
          step={10}
          value={steps}
          onChange={(value) => state.set({ steps: value })}
        />
        <NumberControl
          label="dataSeed"
          hint="Draws the target Y."
          min={0}
          max={1_000_000}
          slider={false}
          value={dataSeed}
          onChange={(value) => state.set({ dataSeed: value })}
        />
        <NumberControl
          label="initSeed"
          hint="Draws U₀ and V₀."
          min={0}
          max={1_000_000}
          slider={false}
          value={initSeed}
          onChange={(value) => state.set({ initSeed: value })}
        />
        <UrlStateControls state={state} />
      </div>

      <RunControls
        runner={runner}
        onRun={() => run(next)}
        runLabel="Run gradient descent"
        cancelLabel="Cancel"
      />

      {summary ? (
        <ul
          className={kit.summary}
          data-testid="certificate-summary"
          data-steps={summary.steps}
          data-violations={summary.violations}
          data-raw-violations={summary.raw}
          data-max-excess={summary.maxExcess}
          data-max-rho={summary.maxRho}
          data-certified-steps={summary.certified}
          data-decreasing-steps={summary.decreasing}
          data-loss-first={summary.first.loss}
          data-loss-last={summary.finalLoss}
          data-mu-first={summary.first.mu}
          data-bound-first={summary.first.muLowerBound}
          data-max-residual={summary.maxResidual}
        >
          <li>
            <strong>
              {summary.violations === 0
                ? 'No certificate violation'
                : `${summary.violations} certificate violation${summary.violations > 1 ? 's' : ''}`}
            </strong>{' '}
            in {summary.steps} steps: ‖E<sub>t+1</sub>‖ ≤ ρ<sub>t</sub>‖E<sub>t</sub>‖ at every step
            {summary.raw > 0
              ? ` up to rounding (${summary.raw} step${summary.raw > 1 ? 's' : ''} within ${fmt(summary.maxExcess, 2)} of the allowance, at the float64 floor)`
              : ''}
            .
          </li>
          <li>
            ρ<sub>t</sub> &lt; 1 at {summary.certified} of {summary.steps} steps (max ρ ={' '}
            {fmt(summary.maxRho, 4)}
            {summary.maxRho < 1 ? ': every step certified to decrease the loss' : ''}); the loss
            fell at {summary.decreasing} of them, from {fmt(summary.first.loss)} to{' '}
            {fmt(summary.finalLoss)}.
          </li>
          <li>
            At t = 0: μ = {fmt(summary.first.mu)} ≥ imbalance bound{' '}
            {fmt(summary.first.muLowerBound)}
            {summary.first.muLowerBound < 1e-12
              ? ' (balanced: the imbalance guarantees nothing)'
              : ''}
            ; at the end: μ = {fmt(summary.last.mu)} ≥ {fmt(summary.last.muLowerBound)}.
          </li>
          <li>
            The error update and the imbalance drift formula match the actual step to{' '}
            {fmt(summary.maxResidual, 2)} (relative).
          </li>
        </ul>
      ) : (
        <p className={kit.muted}>{running ? 'Running…' : 'The results appear here.'}</p>
      )}

      <div ref={figure} data-testid="demo-figure" className={kit.charts}>
        <Chart
          data={ratioRows}
          x="t"
          y="value"
          series="series"
          xLabel="step t"
          yLabel="‖E_{t+1}‖ / ‖E_t‖"
          title="The certificate ρ_t and the actual ratio ‖E_{t+1}‖/‖E_t‖ against the step t; the dashed line is 1"
          marks={RATIO_MARKS}
          height={300}
          empty={<p className={kit.muted}>The curves appear with the first step.</p>}
        />
        <Chart
          data={muRows}
          x="t"
          y="value"
          series="series"
          xLabel="step t"
          yLabel="μ_t"
          title="μ_t = λ_min(UUᵀ) + λ_min(VVᵀ) and its imbalance lower bound [λ_n(D_t)]₊ + [λ_m(−D_t)]₊ against t"
          marks={MU_MARKS}
          height={240}
        />
        <Chart
          data={lossRows}
          x="t"
          y="value"
          series="series"
          yScale="log"
          xLabel="step t"
          yLabel="loss ½‖E‖²"
          title="The loss ½‖UVᵀ − Y‖² against t, log axis"
          marks={LOSS_MARKS}
          height={220}
        />
      </div>

      <div className={kit.tableWrap}>
        <table className={kit.table} data-testid="step-table">
          <caption className={kit.caption}>
            Selected steps{plan ? ` (n = ${plan.n}, m = ${plan.m}, h = ${plan.h})` : ''}.
          </caption>
          <thead>
            <tr>
              <th scope="col" className={kit.num}>
                t
              </th>
              <th scope="col" className={kit.num}>
                η_t
              </th>
              <th scope="col" className={kit.num}>
                loss
              </th>
              <th scope="col" className={kit.num}>
                ρ_t
              </th>
              <th scope="col" className={kit.num}>
                ratio
              </th>
              <th scope="col" className={kit.num}>
                μ_t
              </th>
              <th scope="col" className={kit.num}>
                bound
              </th>
              <th scope="col" className={kit.num}>
                Λ_t
              </th>
              <th scope="col" className={kit.num}>
                ‖D_t‖_F
              </th>
            </tr>
          </thead>
          <tbody>
            {history.length === 0 ? (
              <tr>
                <td colSpan={9} className={kit.muted}>
                  No steps yet.
                </td>
              </tr>
            ) : (
              tableSteps(history).map((s) => (
                <tr key={s.t} data-step={s.t} data-violated={s.violated ? 'true' : 'false'}>
                  <th scope="row" className={kit.num}>
                    {s.t}
                  </th>
                  <td className={kit.num}>{fmt(s.learningRate)}</td>
                  <td className={kit.num}>{fmt(s.loss)}</td>
                  <td className={kit.num}>{fmt(s.rho, 4)}</td>
                  <td className={kit.num}>{fmt(s.ratio, 4)}</td>
                  <td className={kit.num}>{fmt(s.mu)}</td>
                  <td className={kit.num}>{fmt(s.muLowerBound)}</td>
                  <td className={kit.num}>{fmt(s.Lambda)}</td>
                  <td className={kit.num}>{fmt(s.imbalanceNorm)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <ExportButtons
        rows={exportRows}
        columns={COLUMNS}
        basename="overparam-linear-network"
        figure={figure}
        meta={{
          experiment: 'linearNetworkGd (@overparam/train)',
          settings: plan,
          tolerance: TOLERANCE,
          userAgent: navigator.userAgent,
          date: new Date().toISOString(),
        }}
      />
    </div>
  );
}
