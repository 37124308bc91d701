import * as Plot from '@observablehq/plot';
import { useMemo, useState } from 'react';
import {
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  StepScrubber,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import { CURVE_Y_LIMIT, GRID, PROBES, target, wideData } from './data';
import {
  ensembleExperiment,
  ensembleSetup,
  type WideEnsembleInputs,
  type WideEnsembleRow,
} from './ensemble-experiment';

/** One point of the curve chart: a network, the band, the width-∞ mean, the target or a datum. */
interface CurvePoint {
  x: number;
  y: number;
  /** Upper edge of the band (kind 'band'). */
  y2?: number;
  series: string;
  kind: 'net' | 'band' | 'mean' | 'target' | 'data' | 'frame';
}

/** σ at a probe over the steps: predicted (a line) or of the networks (dots). */
interface SdPoint {
  step: number;
  sd: number;
  series: string;
  kind: 'ntk' | 'nets';
}

const NET_COLOR = '#ff725c';
const NTK_COLOR = '#4269d0';
const MEAN_LABEL = 'width ∞';
const TARGET_LABEL = 'sin πx';
/** Up to this many standard errors, a deviation is what N draws give by chance. */
const Z_RESOLVED = 4;
const probeLabel = (p: number) => `x = ${PROBES[p]}`;

const TARGET: CurvePoint[] = GRID.map((x) => ({
  x,
  y: target(x),
  series: TARGET_LABEL,
  kind: 'target',
}));
const DATA = (() => {
  const { x, y } = wideData();
  return x.map((v, i) => ({ x: v, y: y[i] as number, series: 'data', kind: 'data' as const }));
})();

function curveMarks(data: readonly CurvePoint[]): Plot.Markish[] {
  const rows = data as CurvePoint[];
  const of = (kind: CurvePoint['kind']) => rows.filter((r) => r.kind === kind);
  return [
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.2 }),
    Plot.areaY(of('band'), { x: 'x', y1: 'y', y2: 'y2', fill: NTK_COLOR, fillOpacity: 0.16 }),
    Plot.line(of('net'), {
      x: 'x',
      y: 'y',
      z: 'series',
      stroke: NET_COLOR,
      strokeOpacity: 0.6,
      strokeWidth: 1,
    }),
    Plot.line(of('target'), {
      x: 'x',
      y: 'y',
      stroke: 'currentColor',
      strokeOpacity: 0.55,
      strokeDasharray: '5 4',
    }),
    Plot.line(of('mean'), { x: 'x', y: 'y', stroke: NTK_COLOR, strokeWidth: 2.5 }),
    Plot.dot(of('data'), { x: 'x', y: 'y', r: 3.5, fill: 'currentColor' }),
    Plot.dot(of('frame'), { x: 'x', y: 'y', r: 0, fill: 'none', stroke: 'none' }),
    endLabels([...of('mean'), ...of('target')], {
      x: 'x',
      y: 'y',
      z: 'series',
      fill: 'currentColor',
    }),
  ];
}

function sdMarks(data: readonly SdPoint[]): Plot.Markish[] {
  const rows = data as SdPoint[];
  const ntk = rows.filter((r) => r.kind === 'ntk');
  const nets = rows.filter((r) => r.kind === 'nets');
  return [
    Plot.line(ntk, { x: 'step', y: 'sd', stroke: 'series', z: 'series', strokeWidth: 2 }),
    Plot.dot(nets, { x: 'step', y: 'sd', stroke: 'series', r: 3 }),
    endLabels(ntk, { x: 'step', y: 'sd', z: 'series' }),
    Plot.tip(nets, Plot.pointer({ x: 'step', y: 'sd', stroke: 'series' })),
  ];
}

/**
 * Figure 1 of the page "What infinitely wide networks predict": N finite networks trained by GD
 * (thin lines) over the mean and ±2σ band that gradientDescentMseEnsemble predicts for the
 * infinitely wide network at the same step, with a step scrubber; below, σ at the two test
 * points over the steps, predicted against the networks' spread.
 */
export default function EnsembleDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(ensembleExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error
      ? `No backend could start: ${backend.error}`
      : 'Starting a backend…',
  });
  const shown: WideEnsembleInputs | null = x.shownInputs;
  const setup = useMemo(() => (shown ? ensembleSetup(shown) : null), [shown]);
  const [picked, setPicked] = useState<number | null>(null);
  const rows = x.rows;
  const steps = useMemo(() => rows.map((r) => r.step), [rows]);
  // Until the reader scrubs, the last recorded step.
  const step = picked !== null && steps.includes(picked) ? picked : (steps.at(-1) ?? 0);
  const row = rows.find((r) => r.step === step);
  const last = rows.at(-1);
  const lastStep = steps.at(-1) ?? 0;

  // One y range for the whole run (the band at step 0 is the widest), so that scrubbing shows
  // the band shrink rather than the axis rescale.
  const limit = useMemo(() => {
    let hi = 1.5;
    for (const r of rows) {
      r.ntkMean.forEach((m, i) => {
        hi = Math.max(hi, Math.abs(m) + 2 * (r.ntkSd[i] as number));
      });
      for (const f of r.nets) for (const v of f) hi = Math.max(hi, Math.abs(v));
    }
    // At most ±CURVE_Y_LIMIT: the prior's band (±2σ ≈ ±5 at the defaults) may leave the frame, the
    // fitted curves stay readable.
    return Math.min(Math.ceil(hi * 1.05 * 2) / 2, CURVE_Y_LIMIT);
  }, [rows]);

  const curve = useMemo<CurvePoint[]>(() => {
    if (!row) return [];
    // Clipped by hand (the band clamped, networks beyond the range as gaps) rather than with the
    // chart's yDomain, which clips the end labels too.
    const clamp = (v: number) => Math.min(limit, Math.max(-limit, v));
    const inRange = (v: number) => (Math.abs(v) <= limit ? v : Number.NaN);
    return [
      ...GRID.map((g, i) => {
        const m = row.ntkMean[i] as number;
        const s = row.ntkSd[i] as number;
        return {
          x: g,
          y: clamp(m - 2 * s),
          y2: clamp(m + 2 * s),
          series: 'band',
          kind: 'band' as const,
        };
      }),
      ...row.nets.flatMap((f, s) =>
        f.map((v, i) => ({
          x: GRID[i] as number,
          y: inRange(v),
          series: `net ${s}`,
          kind: 'net' as const,
        })),
      ),
      ...TARGET,
      ...GRID.map((g, i) => ({
        x: g,
        y: row.ntkMean[i] as number,
        series: MEAN_LABEL,
        kind: 'mean' as const,
      })),
      ...DATA,
      // Invisible: hold the y range at ±limit for every step.
      { x: 0, y: -limit, series: 'frame', kind: 'frame' as const },
      { x: 0, y: limit, series: 'frame', kind: 'frame' as const },
    ];
  }, [row, limit]);

  const sds = useMemo<SdPoint[]>(
    () =>
      rows.flatMap((r) => [
        { step: r.step, sd: r.ntkSd0, series: probeLabel(0), kind: 'ntk' as const },
        { step: r.step, sd: r.ntkSd1, series: probeLabel(1), kind: 'ntk' as const },
        { step: r.step, sd: r.sd0, series: probeLabel(0), kind: 'nets' as const },
        { step: r.step, sd: r.sd1, series: probeLabel(1), kind: 'nets' as const },
      ]),
    [rows],
  );
  const marker = useMemo(
    () => ({ x: step, label: `t = ${step}`, left: step > lastStep / 2 }),
    [step, lastStep],
  );
  const n = shown?.nets ?? 0;
  const width = shown?.width ?? 0;

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      backend={backend}
      caption={
        <>
          Thin lines: {n || 'N'} networks of width {width || 'm'}, each from its own random
          initialization, trained by gradient descent on the eight points; blue: the mean and ±2σ
          band over initializations that the infinite-width formula predicts at the same step. At
          step 0 the band is the NNGP prior; scrub the steps to watch it close in on the data, and
          raise the width to watch the networks fill the band as the formula says.
        </>
      }
      figure={
        <>
          <Chart
            data={curve}
            x="x"
            y="y"
            series="series"
            xLabel="x (input (x, 1))"
            yLabel={`f(x) at step ${step}`}
            title={`${n} finite networks of width ${width} at step ${step} of gradient descent (thin lines) and the infinite-width ensemble's mean and ±2σ band`}
            marks={curveMarks}
            height={340}
          />
          <Chart
            data={sds}
            x="step"
            y="sd"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="σ over initializations"
            title="Standard deviation of the output over initializations at x = 0 and x = 1.4, predicted for infinite width (lines) and of the finite networks (dots), log y axis"
            marks={sdMarks}
            current={marker}
            height={230}
          />
        </>
      }
      summary={
        last && setup ? (
          <p className="margin-bottom--none" data-testid="wide-ensemble-summary">
            At step 0 the predicted σ at x = {PROBES[0]} is {formatValue(rows[0]?.ntkSd0)}, the NNGP
            prior √K(x, x) = {formatValue(setup.priorSd[0])}; the {n} networks spread{' '}
            {formatValue(rows[0]?.sd0)}. At step {last.step} (η̃ = {shown?.stepFraction} × 2/λ_max(Θ)
            = {formatValue(setup.effectiveStep)}) the networks' mean{' '}
            {last.zMax <= Z_RESOLVED ? (
              <>
                is within <strong>{formatValue(last.zMax, 2)}</strong> standard errors σ/√N of the
                infinite-width mean everywhere on [−1.5, 1.5]: at this width and N the ensemble
                cannot tell the networks from the formula.
              </>
            ) : (
              <>
                is up to <strong>{formatValue(last.zMax, 2)}</strong> standard errors σ/√N away from
                the infinite-width mean: a finite-width effect that {n} networks resolve.
              </>
            )}
          </p>
        ) : null
      }
      tableCaption="One row per recorded step: the finite networks against the infinite-width prediction"
      rowAttributes={(r: WideEnsembleRow) => ({
        // Full-precision values for tests, named apart from the cells' data-col keys.
        'data-full-z-max': r.zMax,
        'data-full-mean0': r.mean0,
        'data-full-ntk-mean0': r.ntkMean0,
        'data-full-sd0': r.sd0,
        'data-full-ntk-sd0': r.ntkSd0,
        'data-full-mean1': r.mean1,
        'data-full-ntk-mean1': r.ntkMean1,
        'data-full-sd1': r.sd1,
        'data-full-ntk-sd1': r.ntkSd1,
        'data-full-net-loss': r.netLoss,
        'data-full-ntk-loss': r.ntkLoss,
        'data-prior-sd0': setup?.priorSd[0],
        'data-prior-sd1': setup?.priorSd[1],
        'data-nets': n,
        'data-width': width,
      })}
    >
      <StepScrubber
        steps={steps}
        value={step}
        onChange={setPicked}
        label="Networks and band at step"
      />
    </ExperimentDemo>
  );
}
