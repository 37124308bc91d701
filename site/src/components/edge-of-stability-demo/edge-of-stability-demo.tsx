import * as Plot from '@observablehq/plot';
import { useMemo, useRef, useState } from 'react';
import {
  BackendBadge,
  Chart,
  ExportButtons,
  messageOf,
  NumberControl,
  numberParam,
  RunControls,
  UrlStateControls,
  useAutoBackend,
  useRunner,
  useUrlState,
} from '../demo-kit';
import kit from '../demo-kit/demo.module.css';
import {
  type EosPoint,
  type EosResult,
  type EosSettings,
  type LinearizedRun,
  runEdgeOfStability,
} from './experiment';
import type { StepSizeThresholds } from './lib';

// The URL parameters (documented on the page).
const schema = {
  effectiveStep: numberParam({ default: 0.1, min: 0.01, max: 0.5 }),
  steps: numberParam({ default: 300, min: 20, max: 3000, integer: true }),
  width: numberParam({ default: 32, min: 4, max: 256, integer: true }),
  depth: numberParam({ default: 2, min: 1, max: 4, integer: true }),
  n: numberParam({ default: 100, min: 10, max: 500, integer: true }),
  every: numberParam({ default: 10, min: 1, max: 100, integer: true }),
  dataSeed: numberParam({ default: 7, min: 0, max: 1_000_000, integer: true }),
  initSeed: numberParam({ default: 3, min: 0, max: 1_000_000, integer: true }),
};

const D = 10;

interface Row {
  step: number;
  value: number;
  series: string;
}

const fmt = (v: number | undefined | null, digits = 3) =>
  v === undefined || v === null || Number.isNaN(v)
    ? '–'
    : !Number.isFinite(v)
      ? String(v)
      : v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)
        ? v.toExponential(digits - 1)
        : v.toPrecision(digits);

/** Lines with end labels, hover tips and an optional dashed horizontal rule with its label. */
function linesWithRule(rule: { y: number; label: string } | null) {
  return (data: readonly Row[]): Plot.Markish[] => {
    const rows = data as Row[];
    return [
      rule
        ? Plot.ruleY([rule.y], {
            stroke: 'currentColor',
            strokeDasharray: '4 3',
            strokeOpacity: 0.7,
          })
        : null,
      rule
        ? Plot.text([rule.y], {
            y: (v: number) => v,
            text: () => rule.label,
            frameAnchor: 'left',
            textAnchor: 'start',
            dx: 4,
            dy: -8,
          })
        : null,
      Plot.line(rows, { x: 'step', y: 'value', stroke: 'series', z: 'series', strokeWidth: 1.75 }),
      Plot.text(
        rows,
        Plot.selectLast({
          x: 'step',
          y: 'value',
          z: 'series',
          text: 'series',
          fill: 'series',
          dx: 6,
          textAnchor: 'start',
        }),
      ),
      Plot.tip(rows, Plot.pointer({ x: 'step', y: 'value', stroke: 'series' })),
    ];
  };
}
const PLAIN_MARKS = linesWithRule(null);

/** Summary numbers of a finished (or partial) run, also written as data-* attributes. */
function summarize(
  points: readonly EosPoint[],
  thresholds: StepSizeThresholds | null,
  linear: readonly LinearizedRun[],
  effectiveStep: number,
) {
  if (points.length === 0 || !thresholds) return null;
  const edge = 2 / effectiveStep;
  const lastStep = (points.at(-1) as EosPoint).step;
  const tail = points.filter((p) => p.step >= (2 * lastStep) / 3);
  const tailMean = tail.reduce((a, p) => a + p.sharpness, 0) / Math.max(tail.length, 1);
  const below = linear.find((r) => r.fraction === 0.98);
  const above = linear.find((r) => r.fraction === 1.02);
  const ratio = (r: LinearizedRun | undefined) =>
    r ? (r.run.loss.at(-1) as number) / (r.run.loss[0] as number) : Number.NaN;
  return {
    edge,
    sharpnessFirst: (points[0] as EosPoint).sharpness,
    sharpnessMax: Math.max(...points.map((p) => p.sharpness)),
    sharpnessTail: tailMean,
    tailCount: tail.length,
    lossFirst: (points[0] as EosPoint).loss,
    lossLast: (points.at(-1) as EosPoint).loss,
    lastStep,
    lambdaMax: thresholds.lambdaMax,
    threshold: thresholds.maxStableEffectiveStep,
    lee: thresholds.leeEffectiveStep,
    belowRatio: ratio(below),
    aboveRatio: ratio(above),
  };
}

/**
 * The Edge of stability page's live demo: a tanh MLP trained by full-batch GD at the chosen
 * effective step η̃ = η/c, its sharpness c·λ_max(∇²L) drawn against 2/η̃ and its loss; and the
 * linearized model at initialization (Θ₀ = its empirical NTK), which converges just below
 * 2/λ_max(Θ₀) and diverges just above it.
 */
export default function EdgeOfStabilityDemo() {
  const state = useUrlState(schema);
  const { effectiveStep, steps, width, depth, n, every, dataSeed, initSeed } = state.values;
  const runner = useRunner();
  const { info, error: backendError } = useAutoBackend();
  const [points, setPoints] = useState<EosPoint[]>([]);
  const [thresholds, setThresholds] = useState<StepSizeThresholds | null>(null);
  const [linear, setLinear] = useState<LinearizedRun[]>([]);
  const [result, setResult] = useState<EosResult | null>(null);
  const [plan, setPlan] = useState<EosSettings | null>(null);
  const figure = useRef<HTMLDivElement>(null);

  const run = () => {
    const settings: EosSettings = {
      n,
      d: D,
      width,
      depth,
      effectiveStep,
      steps,
      measureEvery: every,
      dataSeed,
      initSeed,
    };
    setPoints([]);
    setThresholds(null);
    setLinear([]);
    setResult(null);
    setPlan(settings);
    return runner.run(async ({ signal, report }) => {
      report({ message: 'Empirical NTK at initialization and the linearized model…' });
      const r = await runEdgeOfStability(settings, {
        signal,
        onLinearized: (t, runs) => {
          setThresholds(t);
          setLinear(runs);
        },
        onPoint: (p) => {
          setPoints((list) => [...list, p]);
          report({
            done: p.step,
            message: `step ${p.step}: sharpness ${fmt(p.sharpness)} (2/η̃ = ${fmt(2 / settings.effectiveStep)}), loss ${fmt(p.loss)}`,
          });
        },
      });
      setResult(r);
      report({ done: settings.steps, message: r.diverged ? 'diverged' : 'done' });
    }, settings.steps);
  };

  const shownEffectiveStep = plan?.effectiveStep ?? effectiveStep;
  const edge = 2 / shownEffectiveStep;
  const sharpRows = useMemo<Row[]>(
    () => points.map((p) => ({ step: p.step, value: p.sharpness, series: 'sharpness' })),
    [points],
  );
  const sharpMarks = useMemo(() => linesWithRule({ y: edge, label: `2/η̃ = ${fmt(edge)}` }), [edge]);
  const lossRows = useMemo<Row[]>(() => {
    const net: Row[] =
      result && result.losses.length > 0
        ? result.losses.map((value, step) => ({ step, value, series: 'network' }))
        : points.map((p) => ({ step: p.step, value: p.loss, series: 'network' }));
    const mine = linear.find((r) => r.fraction === null);
    const lin: Row[] = mine
      ? mine.run.steps.map((step, i) => ({
          step,
          value: mine.run.loss[i] as number,
          series: 'linearized',
        }))
      : [];
    return [...net, ...lin].filter((r) => r.value > 0 && Number.isFinite(r.value));
  }, [result, points, linear]);
  const linRows = useMemo<Row[]>(
    () =>
      linear
        .filter((r) => r.fraction !== null)
        .flatMap((r) =>
          r.run.steps.map((step, i) => ({
            step,
            value: r.run.loss[i] as number,
            // Short end labels (the chart's title says "× 2/λ_max(Θ₀)").
            series: `${r.fraction} ×`,
          })),
        )
        .filter((r) => r.value > 0 && Number.isFinite(r.value)),
    [linear],
  );
  const summary = useMemo(
    () => summarize(points, thresholds, linear, shownEffectiveStep),
    [points, thresholds, linear, shownEffectiveStep],
  );
  const exportRows = useMemo(() => {
    const byStep = new Map(points.map((p) => [p.step, p]));
    const losses = result?.losses ?? [];
    const total = Math.max(losses.length, (points.at(-1)?.step ?? -1) + 1);
    return Array.from({ length: total }, (_, step) => ({
      step,
      loss: losses[step] ?? byStep.get(step)?.loss ?? null,
      sharpness: byStep.get(step)?.sharpness ?? null,
    }));
  }, [points, result]);

  const disabledReason =
    info === null ? (backendError ? 'No backend could start.' : 'Starting a backend…') : null;
  const done = runner.status === 'done' && result !== null;

  return (
    <div className={kit.demo} data-testid="edge-of-stability-demo" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} />
      <div className={kit.controls}>
        <NumberControl
          label="Effective step η̃ = η/c"
          hint={`c = n = ${n}, so η = ${fmt(effectiveStep * n)}. The network sharpens to 2/η̃ = ${fmt(2 / effectiveStep)}.`}
          min={0.01}
          max={0.5}
          step={0.01}
          value={effectiveStep}
          onChange={(value) => state.set({ effectiveStep: value })}
        />
        <NumberControl
          label="Steps"
          min={20}
          max={3000}
          step={10}
          value={steps}
          onChange={(value) => state.set({ steps: value })}
        />
        <NumberControl
          label="Width"
          hint={`${depth} hidden tanh layer${depth > 1 ? 's' : ''}, NTK parameterization.`}
          min={4}
          max={256}
          value={width}
          onChange={(value) => state.set({ width: value })}
        />
        <NumberControl
          label="Hidden layers L"
          min={1}
          max={4}
          value={depth}
          onChange={(value) => state.set({ depth: value })}
        />
        <NumberControl
          label="Training points n"
          hint={`x ~ N(0, I_${D}), y = sin(2x₁) + cos(x₂x₃).`}
          min={10}
          max={500}
          step={10}
          value={n}
          onChange={(value) => state.set({ n: value })}
        />
        <NumberControl
          label="Sharpness every k steps"
          hint="Each measurement: ≥ 20 Hessian-vector products."
          min={1}
          max={100}
          value={every}
          onChange={(value) => state.set({ every: value })}
        />
        <NumberControl
          label="dataSeed"
          min={0}
          max={1_000_000}
          slider={false}
          value={dataSeed}
          onChange={(value) => state.set({ dataSeed: value })}
        />
        <NumberControl
          label="initSeed"
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
        onRun={run}
        runLabel="Train"
        cancelLabel="Cancel"
        disabledReason={disabledReason}
      />
      {runner.status === 'error' ? (
        <p role="alert">The run failed: {messageOf(runner.error)}</p>
      ) : null}

      {summary ? (
        <ul
          className={kit.summary}
          data-testid="eos-summary"
          data-done={done ? 1 : 0}
          data-effective-step={shownEffectiveStep}
          data-edge={summary.edge}
          data-last-step={summary.lastStep}
          data-sharpness-first={summary.sharpnessFirst}
          data-sharpness-max={summary.sharpnessMax}
          data-sharpness-tail={summary.sharpnessTail}
          data-loss-first={summary.lossFirst}
          data-loss-last={summary.lossLast}
          data-lambda-max={summary.lambdaMax}
          data-threshold={summary.threshold}
          data-lee={summary.lee}
          data-lin-below-ratio={summary.belowRatio}
          data-lin-above-ratio={summary.aboveRatio}
          data-diverged={result?.diverged ? 1 : 0}
        >
          <li>
            Sharpness c·λ<sub>max</sub>(∇²L): {fmt(summary.sharpnessFirst)} at t = 0, at most{' '}
            {fmt(summary.sharpnessMax)}, and {fmt(summary.sharpnessTail)} on average over the last
            third of the run (steps ≥ {Math.ceil((2 * summary.lastStep) / 3)}); 2/η̃ ={' '}
            {fmt(summary.edge)}.
          </li>
          <li>
            Loss {fmt(summary.lossFirst)} → {fmt(summary.lossLast)} (step {summary.lastStep}).
            {result?.diverged ? ` The network diverged at step ${result.diverged.step}.` : ''}
          </li>
          <li>
            Linearized model at θ₀: λ<sub>max</sub>(Θ₀) = {fmt(summary.lambdaMax)}, so it converges
            iff η̃ &lt; 2/λ<sub>max</sub> = {fmt(summary.threshold)} (Lee et al.&apos;s condition: η̃
            &lt; {fmt(summary.lee)}). Over the run its loss changed by a factor{' '}
            {fmt(summary.belowRatio)} at 0.98 × 2/λ<sub>max</sub> and {fmt(summary.aboveRatio)} at
            1.02 × 2/λ<sub>max</sub>, where the top eigenvector grows by |1 − 2.04| = 1.04 per step.
          </li>
        </ul>
      ) : (
        <p className={kit.muted}>
          {runner.status === 'running' ? 'Running…' : 'Press Train: the results appear here.'}
        </p>
      )}

      <div ref={figure} data-testid="demo-figure" className={kit.charts}>
        <Chart
          data={sharpRows}
          x="step"
          y="value"
          series="series"
          xLabel="step t"
          yLabel="c·λ_max(∇²L)"
          title="Sharpness c·λ_max(∇²L) of the network against the step t; the dashed line is 2/η̃"
          marks={sharpMarks}
          height={280}
          empty={<p className={kit.muted}>The sharpness appears with the first measurement.</p>}
        />
        <Chart
          data={lossRows}
          x="step"
          y="value"
          series="series"
          yScale="log"
          xLabel="step t"
          yLabel="training loss"
          title="Training loss of the network and of its linearization at the same η̃ against t, log axis"
          marks={PLAIN_MARKS}
          height={240}
        />
        <Chart
          data={linRows}
          x="step"
          y="value"
          series="series"
          yScale="log"
          xLabel="step t"
          yLabel="linearized loss"
          title="Loss of GD on the linearized model at 0.98 and 1.02 times 2/λ_max(Θ₀) against t, log axis: the first converges, the second diverges"
          marks={PLAIN_MARKS}
          height={240}
        />
      </div>

      <ExportButtons
        rows={exportRows}
        columns={['step', 'loss', 'sharpness']}
        basename="overparam-edge-of-stability"
        figure={figure}
        meta={{
          experiment: 'edge of stability (@overparam/train)',
          settings: plan,
          thresholds,
          linearized: linear.map((r) => ({
            label: r.label,
            effectiveStep: r.effectiveStep,
            diverged: r.run.diverged,
            divergedAtStep: r.run.divergedAtStep,
            finalLoss: r.run.loss.at(-1),
          })),
          backend: info,
          userAgent: typeof navigator === 'undefined' ? null : navigator.userAgent,
          date: new Date().toISOString(),
        }}
      />
    </div>
  );
}
