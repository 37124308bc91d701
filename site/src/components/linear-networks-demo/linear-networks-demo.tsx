import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import {
  Chart,
  ExperimentDemo,
  formatValue,
  type StaticFigure,
  StepScrubber,
  useExperiment,
} from '../demo-kit';
import { currentSettingMarks, logAxisY } from '../demo-kit/chart';
import kit from '../demo-kit/demo.module.css';
import {
  certificateSummary,
  hiddenWidth,
  type LinearNetworksRow,
  linearNetworksExperiment,
  tableSteps,
} from './experiment';

interface CurveRow {
  t: number;
  value: number;
  series: string;
}

/** A label of the phenomenon at a point of a chart (drawn with a ring around the point). */
interface Note {
  t: number;
  value: number;
  text: string;
  /** Below the point rather than above. */
  below?: boolean;
}

/**
 * Marks for notes: a ring at each point and its label, anchored away from the nearer edge so
 * that a note near t = 0 or the last step stays inside the frame on a phone (the kit's
 * annotationMarks centres every label).
 */
function noteMarks(notes: readonly Note[], tMax: number): Plot.Markish[] {
  const anchor = (n: Note) => (n.t < 0.3 * tMax ? 'start' : n.t > 0.7 * tMax ? 'end' : 'middle');
  return notes.map((n) => [
    Plot.dot([n], { x: 't', y: 'value', r: 4, stroke: 'currentColor', fill: 'none' }),
    Plot.text([n], {
      x: 't',
      y: 'value',
      text: 'text',
      dy: n.below ? 16 : -14,
      textAnchor: anchor(n),
      fontStyle: 'italic',
      stroke: 'var(--ifm-background-color)',
      strokeWidth: 4,
      paintOrder: 'stroke',
      fill: 'currentColor',
    }),
  ]);
}

/** The scrubbed step, marked on every chart. */
interface Marker {
  t: number;
  /** Label to the left of the rule (the step is in the right half). */
  left: boolean;
}

/** What a chart draws besides its lines. */
interface LineOptions {
  /** A dashed horizontal rule (ρ = 1). */
  rule?: number;
  notes?: readonly Note[];
  marker?: Marker | null;
  /** A log y axis with ticks inside the data, titled so. */
  logAxis?: string;
}

/**
 * One colour per series, fixed (not the chart's categorical scale, whose order follows the
 * names), so that the legend above a chart can name them: where ρₜ and the ratio meet, end
 * labels could not say which line is which.
 */
const SERIES_COLORS: Readonly<Record<string, string>> = {
  'ρₜ (certificate)': '#4269d0',
  'actual ratio': '#efb118',
  μₜ: '#4269d0',
  'imbalance bound': '#efb118',
  loss: '#4269d0',
};
const colorOf = (d: CurveRow) => SERIES_COLORS[d.series] ?? 'currentColor';

/** Swatches naming the lines of a chart, in the text colour (legible in both colour modes). */
function Legend({ series }: { series: readonly string[] }) {
  return (
    <p className={kit.muted} aria-hidden="true">
      {series.map((name) => (
        <span key={name} style={{ marginRight: '1.25rem', whiteSpace: 'nowrap' }}>
          <span
            style={{
              display: 'inline-block',
              width: '1.5rem',
              height: 0,
              borderTop: `3px solid ${SERIES_COLORS[name]}`,
              verticalAlign: 'middle',
              marginRight: '0.4rem',
            }}
          />
          {name}
        </span>
      ))}
    </p>
  );
}

/** Lines of the series in their fixed colours, the options' extras, and tips. */
function lineMarks({ rule, notes = [], marker = null, logAxis }: LineOptions) {
  return (data: readonly CurveRow[]): Plot.Markish[] => {
    const rows = data as CurveRow[];
    const tMax = rows.reduce((m, r) => Math.max(m, r.t), 0);
    return [
      rule === undefined
        ? null
        : Plot.ruleY([rule], {
            stroke: 'currentColor',
            strokeDasharray: '4 3',
            strokeOpacity: 0.6,
          }),
      Plot.line(rows, {
        x: 't',
        y: 'value',
        stroke: { value: colorOf, scale: null },
        z: 'series',
        strokeWidth: 1.75,
      }),
      ...noteMarks(notes, tMax),
      ...(logAxis === undefined
        ? []
        : logAxisY(
            rows.map((r) => r.value),
            logAxis,
          )),
      ...(marker ? currentSettingMarks(marker.t, `t = ${marker.t}`, marker.left) : []),
      Plot.tip(
        rows,
        Plot.pointer({
          x: 't',
          y: 'value',
          title: (d: CurveRow) => `${d.series}\nt = ${d.t}: ${formatValue(d.value, 4)}`,
        }),
      ),
    ];
  };
}

/**
 * The Linear networks page's live demo: gradient descent on ½‖UVᵀ − Y‖²_F from an
 * initialization with a prescribed imbalance, with the one-step certificate ρ_t drawn against
 * the actual ratio ‖E_{t+1}‖/‖E_t‖, μ_t against its imbalance lower bound, and the loss.
 * Float64 JavaScript on the main thread (no TensorFlow.js backend).
 */
export default function LinearNetworksDemo({ figure }: { figure?: StaticFigure }) {
  const x = useExperiment(linearNetworksExperiment);
  const history = x.rows;
  const [picked, setPicked] = useState<number | null>(null);
  const steps = useMemo(() => history.map((s) => s.t), [history]);
  const step = picked !== null && picked < history.length ? picked : (steps.at(-1) ?? 0);
  const at: LinearNetworksRow | undefined = history[step];
  const lastStep = steps.at(-1) ?? 0;
  const marker = useMemo<Marker | null>(
    () => (picked !== null && at ? { t: step, left: step > lastStep / 2 } : null),
    [picked, at, step, lastStep],
  );
  const summary = useMemo(() => certificateSummary(history), [history]);

  const ratioRows = useMemo<CurveRow[]>(
    () =>
      history.flatMap((s) => [
        { t: s.t, value: s.rho, series: 'ρₜ (certificate)' },
        { t: s.t, value: s.ratio, series: 'actual ratio' },
      ]),
    [history],
  );
  const muRows = useMemo<CurveRow[]>(
    () =>
      history.flatMap((s) => [
        { t: s.t, value: s.mu, series: 'μₜ' },
        { t: s.t, value: s.muLowerBound, series: 'imbalance bound' },
      ]),
    [history],
  );
  const lossRows = useMemo<CurveRow[]>(
    () => history.map((s) => ({ t: s.t, value: s.loss, series: 'loss' })),
    [history],
  );

  // The phenomenon: where the certificate is weakest (or lost), and what the bound does.
  const ratioMarks = useMemo(() => {
    const notes: Note[] = summary
      ? [
          {
            t: summary.maxRhoStep,
            value: summary.maxRho,
            text:
              summary.maxRho >= 1
                ? `ρₜ up to ${formatValue(summary.maxRho, 3)}: no guarantee`
                : `largest ρₜ = ${formatValue(summary.maxRho, 3)}`,
            below: true,
          },
        ]
      : [];
    return lineMarks({ rule: 1, notes, marker });
  }, [summary, marker]);
  const muMarks = useMemo(() => {
    if (!summary) return lineMarks({ marker });
    const { first, last } = summary;
    const s = history[Math.round(last.t * 0.6)] ?? last;
    const note: Note =
      first.muLowerBound < 1e-12
        ? { t: s.t, value: 0, text: 'bound 0: balanced start' }
        : { t: s.t, value: s.muLowerBound, text: 'bound drifts, then freezes' };
    return lineMarks({ notes: [note], marker });
  }, [history, summary, marker]);
  const lossMarks = useMemo(() => lineMarks({ marker, logAxis: 'loss ½‖E‖²' }), [marker]);

  const charts = (
    <>
      <Legend series={['ρₜ (certificate)', 'actual ratio']} />
      <Chart
        data={ratioRows}
        x="t"
        y="value"
        xLabel="step t"
        yLabel="ρₜ and ‖Eₜ₊₁‖/‖Eₜ‖"
        yTex="\rho_t \ \text{and}\ \lVert E_{t+1}\rVert_F / \lVert E_t\rVert_F"
        title="The certificate ρₜ (blue) and the actual ratio ‖Eₜ₊₁‖/‖Eₜ‖ (orange) against the step t; the dashed line is 1"
        marks={ratioMarks}
        height={300}
      />
      <Legend series={['μₜ', 'imbalance bound']} />
      <Chart
        data={muRows}
        x="t"
        y="value"
        xLabel="step t"
        yLabel="μₜ and [λₙ(Dₜ)]₊ + [λₘ(−Dₜ)]₊"
        yTex="\mu_t \ \text{and}\ [\lambda_n(D_t)]_+ + [\lambda_m(-D_t)]_+"
        title="μₜ = λ_min(UUᵀ) + λ_min(VVᵀ) (blue) and its imbalance lower bound [λₙ(Dₜ)]₊ + [λₘ(−Dₜ)]₊ (orange) against t"
        marks={muMarks}
        height={240}
      />
      <Chart
        data={lossRows}
        x="t"
        y="value"
        yScale="log"
        xLabel="step t"
        yLabel="loss ½‖E‖²"
        yTex="\tfrac12\lVert U_tV_t^\top - Y\rVert_F^2"
        title="The loss ½‖UVᵀ − Y‖² against t, log axis"
        marks={lossMarks}
        height={220}
      />
    </>
  );

  const shown = x.shownInputs;
  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      caption={
        <>
          The certificate ρₜ (computable at the current weights) lies above the actual ratio
          ‖Eₜ₊₁‖/‖Eₜ‖ at every step and below the dashed 1, so every step is certified to lower the
          loss; late in the run the two meet. That margin comes from the imbalance: μₜ stays above
          its bound, which drifts early and then freezes; set δ to 0 to lose it.
        </>
      }
      figure={charts}
      summary={
        summary && (
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
              in {summary.steps} steps: ‖E<sub>t+1</sub>‖ ≤ ρ<sub>t</sub>‖E<sub>t</sub>‖ at every
              step
              {summary.raw > 0
                ? ` up to rounding (${summary.raw} step${summary.raw > 1 ? 's' : ''} within ${formatValue(summary.maxExcess, 2)} of the allowance, at the float64 floor)`
                : ''}
              .
            </li>
            <li>
              ρ<sub>t</sub> &lt; 1 at {summary.certified} of {summary.steps} steps (max ρ ={' '}
              {formatValue(summary.maxRho, 4)}
              {summary.maxRho < 1 ? ': every step certified to decrease the loss' : ''}); the loss
              fell at {summary.decreasing} of them, from {formatValue(summary.first.loss)} to{' '}
              {formatValue(summary.finalLoss)}.
            </li>
            <li>
              At t = 0: μ = {formatValue(summary.first.mu)} ≥ imbalance bound{' '}
              {formatValue(summary.first.muLowerBound)}
              {summary.first.muLowerBound < 1e-12
                ? ' (balanced: the imbalance guarantees nothing)'
                : ''}
              ; at the end: μ = {formatValue(summary.last.mu)} ≥{' '}
              {formatValue(summary.last.muLowerBound)}.
            </li>
            <li>
              The error update and the imbalance drift formula match the actual step to{' '}
              {formatValue(summary.maxResidual, 2)} (relative).
            </li>
          </ul>
        )
      }
      tableRows={tableSteps(history)}
      tableCaption={`Selected steps${shown ? ` (n = ${shown.n}, m = ${shown.m}, h = ${hiddenWidth(shown)})` : ''}`}
      rowAttributes={(s) => ({ 'data-step': s.t, 'data-violated': s.violated ? 'true' : 'false' })}
    >
      {steps.length > 1 && at && (
        <div>
          <StepScrubber steps={steps} value={step} onChange={setPicked} label="Step t =" />
          <p className={kit.muted} data-testid="scrubbed-step">
            At t = {step}: ρₜ = {formatValue(at.rho, 4)}, actual ratio {formatValue(at.ratio, 4)},
            μₜ = {formatValue(at.mu)} ≥ bound {formatValue(at.muLowerBound)}, loss{' '}
            {formatValue(at.loss)}, η = {formatValue(at.learningRate)}.
          </p>
        </div>
      )}
    </ExperimentDemo>
  );
}
