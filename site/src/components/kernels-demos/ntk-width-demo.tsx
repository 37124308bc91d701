import * as Plot from '@observablehq/plot';
import { useCallback, useMemo, useState } from 'react';
import {
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  StepScrubber,
  useExperiment,
} from '../demo-kit';
import { currentSettingMarks, logAxisY } from '../demo-kit/chart';
import {
  fittedSlope,
  type KernelEntry,
  N_POINTS,
  ntkWidthExperiment,
  SLOPE_MIN_WIDTH,
} from './ntk-width-experiment';

interface SweepPoint {
  width: number;
  kernel: 'NTK' | 'NNGP';
  error: number;
}

/**
 * The width sweep of the Kernels page: the mean relative error of random networks' empirical
 * NTK and NNGP against the infinite-width kernels, on log–log axes (slope −1/2), and the entries
 * of one network's NTK against the analytic ones at the width the scrubber picks.
 */
export default function NtkWidthDemo({ figure }: { figure?: StaticFigure }) {
  const x = useExperiment(ntkWidthExperiment);
  const { rows } = x;
  const widths = useMemo(() => rows.map((r) => r.width), [rows]);
  const [picked, setPicked] = useState<number | null>(null);
  const width = picked !== null && widths.includes(picked) ? picked : (widths.at(-1) ?? 0);
  const row = rows.find((r) => r.width === width);
  const slope = fittedSlope(rows);
  const shownWidth = row?.width ?? 0;
  const firstWidth = widths[0] ?? 1;
  const lastWidth = widths.at(-1) ?? 1;

  const points = useMemo<SweepPoint[]>(
    () =>
      rows.flatMap((r) => [
        { width: r.width, kernel: 'NTK' as const, error: r.ntkError },
        { width: r.width, kernel: 'NNGP' as const, error: r.nngpError },
      ]),
    [rows],
  );
  // The reference c/√m through the widest NTK point so far.
  const reference = useMemo(() => {
    const last = rows.at(-1);
    return last
      ? rows.map((r) => ({
          width: r.width,
          error: last.ntkError * Math.sqrt(last.width / r.width),
        }))
      : [];
  }, [rows]);
  const sweepMarks = useCallback(
    (data: readonly SweepPoint[]): Plot.Markish[] => [
      Plot.line(reference, {
        x: 'width',
        y: 'error',
        stroke: 'currentColor',
        strokeOpacity: 0.45,
        strokeDasharray: '4 4',
      }),
      Plot.text(reference.slice(0, 1), {
        x: 'width',
        y: 'error',
        text: () => 'slope −1/2',
        dy: 12,
        dx: 4,
        textAnchor: 'start',
        fontStyle: 'italic',
      }),
      Plot.line(data as SweepPoint[], {
        x: 'width',
        y: 'error',
        stroke: 'kernel',
        z: 'kernel',
        marker: 'circle-stroke',
        strokeWidth: 2,
      }),
      endLabels(data, {
        x: 'width',
        y: 'error',
        z: 'kernel',
        text: 'kernel',
        fill: 'currentColor',
      }),
      ...logAxisY(
        [...data, ...reference].map((p) => p.error),
        'relative error ‖Θ̂ − Θ‖/‖Θ‖',
      ),
      ...(shownWidth > 0
        ? currentSettingMarks(
            shownWidth,
            `m = ${shownWidth}`,
            shownWidth > Math.sqrt(firstWidth * lastWidth),
          )
        : []),
      Plot.tip(data as SweepPoint[], Plot.pointer({ x: 'width', y: 'error', stroke: 'kernel' })),
    ],
    [reference, shownWidth, firstWidth, lastWidth],
  );
  const entries = row?.entries ?? [];
  const scatterMarks = useCallback((data: readonly KernelEntry[]): Plot.Markish[] => {
    const values = data.flatMap((p) => [p.analytic, p.empirical]);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return [
      Plot.line(
        [
          [lo, lo],
          [hi, hi],
        ],
        { stroke: 'currentColor', strokeOpacity: 0.45, strokeDasharray: '4 4' },
      ),
      Plot.dot(data as KernelEntry[], { x: 'analytic', y: 'empirical', stroke: '#4269d0' }),
      Plot.tip(data as KernelEntry[], Plot.pointer({ x: 'analytic', y: 'empirical' })),
    ];
  }, []);

  const charts = (
    <>
      <Chart
        data={points}
        x="width"
        y="error"
        series="kernel"
        xScale="log2"
        yScale="log"
        xLabel="width m"
        yLabel="relative error ‖Θ̂ − Θ‖/‖Θ‖"
        yTex="\lVert\hat\Theta - \Theta\rVert_F \,/\, \lVert\Theta\rVert_F"
        title="Mean relative error of the empirical NTK and NNGP of random networks against width, log–log, with a slope −1/2 reference"
        marks={sweepMarks}
        height={300}
      />
      <Chart
        data={entries}
        x="analytic"
        y="empirical"
        xLabel="analytic Θ(xᵢ, xⱼ)"
        yLabel={`one network, m = ${width}`}
        xTex="\Theta(x_i, x_j)\ \text{(infinite width)}"
        yTex={`\\hat\\Theta(x_i, x_j)\\ \\text{(one network, } m = ${width})`}
        title={`Entries of the empirical NTK of one random network of width ${width} against the analytic NTK; the dashed line is y = x`}
        marks={scatterMarks}
        height={240}
      />
    </>
  );

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      caption={
        <>
          Each dot on the top chart is the error of a finite network’s kernel against its
          infinite-width limit, averaged over random networks: it falls along the dashed slope −1/2,
          that is like 1/√m. Scrub the width to see one network’s NTK entries close in on the
          diagonal y = x as m grows.
        </>
      }
      figure={charts}
      summary={
        slope === null ? null : (
          <span data-testid="fitted-slope" data-slope={slope}>
            Fitted log–log slope of the NTK error for m ≥ {SLOPE_MIN_WIDTH}:{' '}
            <strong>{formatValue(slope, 3)}</strong> (theory: −0.5), on {N_POINTS} points of the
            unit sphere in R³, float64.
          </span>
        )
      }
      tableCaption="Mean relative error by width"
      rowAttributes={(r) => ({ 'data-width': r.width, 'data-ntk-error': r.ntkError })}
    >
      {widths.length > 1 && (
        <StepScrubber steps={widths} value={width} onChange={setPicked} label="Width m" />
      )}
    </ExperimentDemo>
  );
}
