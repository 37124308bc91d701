import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import {
  type Annotation,
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  StepScrubber,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import { type EosInputs, type EosRow, edgeOfStabilityExperiment } from './experiment';

interface LineRow {
  step: number;
  value: number;
  series: string;
}

/** A horizontal guide: a rule at y with its label at the right end. */
interface Guide {
  y: number;
  label: string;
  /** The reader's setting (drawn in the kit's current-setting colour) or a reference line. */
  current: boolean;
}

/** Lines with their labels at the end (pushed apart), hover tips and horizontal guides. */
function lineMarks(guides: readonly Guide[], options: { dots?: boolean } = {}) {
  const { dots = false } = options;
  return (data: readonly LineRow[]): Plot.Markish[] => {
    const rows = data as LineRow[];
    return [
      ...guides.flatMap((g) => [
        Plot.ruleY([g.y], {
          stroke: g.current ? 'var(--ifm-color-primary)' : 'currentColor',
          strokeWidth: g.current ? 2 : 1,
          strokeDasharray: g.current ? '6 3' : '2 3',
          strokeOpacity: g.current ? 0.9 : 0.6,
        }),
        Plot.text([g.y], {
          y: (v: number) => v,
          text: () => g.label,
          // At the right end, above the rule: clear of the rise at the start of training.
          frameAnchor: 'right',
          textAnchor: 'end',
          dx: -4,
          // The step size's line labelled above, the reference below: apart when close.
          dy: g.current ? -10 : 14,
          fill: g.current ? 'var(--ifm-color-primary-darkest)' : 'currentColor',
          fontWeight: g.current ? 600 : 400,
          stroke: 'var(--ifm-background-color)',
          strokeWidth: 3,
          paintOrder: 'stroke',
        } as Plot.TextOptions),
      ]),
      Plot.line(rows, {
        x: 'step',
        y: 'value',
        stroke: 'series',
        z: 'series',
        strokeWidth: 2,
        ...(dots ? { marker: 'circle-stroke' } : {}),
      }),
      endLabels(rows, { x: 'step', y: 'value', z: 'series' }),
      Plot.tip(rows, Plot.pointer({ x: 'step', y: 'value', stroke: 'series' })),
    ];
  };
}
const LINE_MARKS = lineMarks([]);

const finitePositive = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;

/** What the finished (or partial) run shows, for the line under the figure and its annotations. */
function summarize(rows: readonly EosRow[], inputs: EosInputs | null) {
  const measured = rows.filter((r) => r.sharpness !== null);
  const first = measured[0];
  const last = measured.at(-1);
  if (!inputs || !first || !last) return null;
  const edge = 2 / inputs.effectiveStep;
  const tail = measured.filter((r) => r.step >= (2 * last.step) / 3);
  const tailMean = tail.reduce((a, r) => a + (r.sharpness as number), 0) / tail.length;
  const peak = measured.reduce((a, r) =>
    (r.sharpness as number) > (a.sharpness as number) ? r : a,
  );
  const end = rows.at(-1) as EosRow;
  return {
    edge,
    first,
    last,
    tail,
    tailMean,
    peak,
    end,
    atEdge: Math.abs(tailMean - edge) < 0.1 * edge,
  };
}

/**
 * The Edge of stability page's live demo: a tanh MLP trained by full-batch GD at the chosen
 * effective step η̃ = η/c, its sharpness c·λ_max(∇²L) drawn against 2/η̃, its loss beside that of
 * its linearization at the same η̃, and the linearized model just below and just above its own
 * threshold 2/λ_max(Θ₀).
 */
export default function EdgeOfStabilityDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(edgeOfStabilityExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error
      ? `No backend could start: ${backend.error}`
      : 'Starting a backend…',
  });
  const shown = x.shownInputs;
  const rows = x.rows;
  const s = useMemo(() => summarize(rows, shown), [rows, shown]);
  const lambdaMax = rows[0]?.lambdaMax ?? null;
  const threshold = rows[0]?.threshold ?? null;
  const eta = shown?.effectiveStep ?? null;
  // The step the scrubber shows (null: the last measured one); replayed with Play.
  const [picked, setPicked] = useState<number | null>(null);
  const measured = useMemo(
    () => rows.filter((r) => r.sharpness !== null).map((r) => r.step),
    [rows],
  );
  const step = picked !== null && measured.includes(picked) ? picked : (measured.at(-1) ?? 0);
  const atStep = rows.find((r) => r.step === step);
  const current =
    measured.length > 0
      ? { x: step, label: `t = ${step}`, left: step > (measured.at(-1) ?? 0) / 2 }
      : undefined;

  const sharpRows = useMemo<LineRow[]>(
    () =>
      rows
        .filter((r) => r.sharpness !== null)
        .map((r) => ({ step: r.step, value: r.sharpness as number, series: 'sharpness' })),
    [rows],
  );
  const sharpNotes = useMemo<Annotation[]>(() => {
    if (!s || s.end.diverged) return [];
    const notes: Annotation[] = [];
    const first = s.first.sharpness as number;
    const peak = s.peak.sharpness as number;
    if (peak > 1.2 * first && s.peak.step > s.first.step)
      notes.push({ x: s.peak.step, y: peak, text: 'sharpening, overshoot' });
    if (s.atEdge && s.last.step > s.peak.step)
      notes.push({
        x: s.last.step,
        y: s.last.sharpness as number,
        text: 'edge of stability',
        side: 'bottom',
      });
    return notes;
  }, [s]);
  const sharpMarks = useMemo(
    () =>
      lineMarks(
        [
          ...(eta === null
            ? []
            : [
                {
                  y: 2 / eta,
                  label: `2/η̃ = ${formatValue(2 / eta)} (your η̃ = ${eta})`,
                  current: true,
                },
              ]),
          ...(lambdaMax === null
            ? []
            : [{ y: lambdaMax, label: `λ_max(Θ₀) = ${formatValue(lambdaMax)}`, current: false }]),
        ],
        { dots: true },
      ),
    [eta, lambdaMax],
  );
  const lossRows = useMemo<LineRow[]>(
    () => [
      ...rows
        .filter((r) => finitePositive(r.loss))
        .map((r) => ({ step: r.step, value: r.loss, series: 'network' })),
      ...rows
        .filter((r) => finitePositive(r.linearized))
        .map((r) => ({ step: r.step, value: r.linearized as number, series: 'linearized' })),
    ],
    [rows],
  );
  const linRows = useMemo<LineRow[]>(
    () => [
      ...rows
        .filter((r) => finitePositive(r.linBelow))
        .map((r) => ({ step: r.step, value: r.linBelow as number, series: '2% below' })),
      ...rows
        .filter((r) => finitePositive(r.linAbove))
        .map((r) => ({ step: r.step, value: r.linAbove as number, series: '2% above' })),
    ],
    [rows],
  );
  const tableRows = useMemo(() => rows.filter((r) => r.sharpness !== null || r.diverged), [rows]);

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      backend={backend}
      caption={
        <>
          Top: the sharpness of the network rises from λ_max(Θ₀), overshoots, and then hovers at the
          dashed line 2/η̃ of your step size, where a quadratic would diverge, while the loss below
          keeps falling, with spikes. Bottom: the linearized model has a sharp threshold instead,
          converging 2% below 2/λ_max(Θ₀) and blowing up along its top eigenvector 2% above it.
        </>
      }
      figure={
        <>
          <Chart
            data={sharpRows}
            x="step"
            y="value"
            series="series"
            xLabel="GD step t"
            yLabel="sharpness c·λ_max(∇²L)"
            yTex="c\,\lambda_{\max}(\nabla^2 L)"
            title="Sharpness c·λ_max(∇²L) of the network against the step t; dashed: 2/η̃ of the chosen step size"
            marks={sharpMarks}
            annotations={sharpNotes}
            current={current}
            zeroY
            height={280}
          />
          <Chart
            data={lossRows}
            x="step"
            y="value"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="training loss"
            title="Training loss of the network and of its linearization at the same η̃ against t, log axis"
            marks={LINE_MARKS}
            current={current}
            height={240}
          />
          <Chart
            data={linRows}
            x="step"
            y="value"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="linearized loss"
            title={`Loss of GD on the linearized model 2% below and 2% above its threshold 2/λ_max(Θ₀)${threshold === null ? '' : ` = ${formatValue(threshold)}`}, log axis: the first converges, the second diverges`}
            marks={LINE_MARKS}
            height={220}
          />
        </>
      }
      summary={
        s ? (
          <p className="margin-bottom--none" data-testid="eos-summary">
            {s.last.step > s.first.step && !s.end.diverged
              ? `Sharpness ${formatValue(s.first.sharpness)} at t = 0, at most ${formatValue(s.peak.sharpness)} (step ${s.peak.step}), ${formatValue(s.tailMean)} on average over the last third; 2/η̃ = ${formatValue(s.edge)}. `
              : `Sharpness ${formatValue(s.first.sharpness)} at t = 0; 2/η̃ = ${formatValue(s.edge)}. `}
            {s.end.diverged
              ? `The network diverged at step ${s.end.step}: its loss overflowed.`
              : `Loss ${formatValue(s.first.loss)} → ${formatValue(s.end.loss)} at step ${s.end.step}.`}
            {threshold !== null && eta !== null
              ? ` The linearized model converges iff η̃ < 2/λ_max(Θ₀) = ${formatValue(threshold)}: at your η̃ = ${eta} it ${eta < threshold ? 'converges' : 'diverges'}.`
              : ''}
          </p>
        ) : null
      }
      tableRows={tableRows}
      tableCaption="The measured steps: the sharpness, the loss of the network, and the loss of the linearized model at the same step."
      rowAttributes={(r) => ({
        'data-lambda-max': r.lambdaMax,
        'data-lambda-min': r.lambdaMin,
        'data-threshold': r.threshold,
        'data-diverged': r.diverged,
      })}
    >
      <StepScrubber steps={measured} value={step} onChange={setPicked} label="Step" />
      {atStep && eta !== null ? (
        <p className="margin-bottom--none" data-testid="eos-at-step">
          At step {step}: sharpness {formatValue(atStep.sharpness)} against 2/η̃ ={' '}
          {formatValue(2 / eta)}, network loss {formatValue(atStep.loss)}
          {atStep.linearized !== null
            ? `, linearized model ${formatValue(atStep.linearized)}`
            : ', linearized model diverged'}
          .
        </p>
      ) : null}
    </ExperimentDemo>
  );
}
