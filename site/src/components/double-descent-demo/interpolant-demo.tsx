import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import { Chart, ExperimentDemo, endLabels, useExperiment } from '../demo-kit';
import { interpolantData, interpolantExperiment, X_RANGE } from './interpolant-experiment';

/** The learned functions are drawn within ±Y_CLIP (the wild one leaves it: clipped). */
const Y_CLIP = 3;

interface CurvePoint {
  x: number;
  f: number;
  series: string;
}

function marks(points: { x: number; y: number }[]) {
  return (data: readonly CurvePoint[]): Plot.Markish[] => {
    const rows = data as CurvePoint[];
    return [
      Plot.line(rows, {
        x: 'x',
        y: 'f',
        stroke: 'series',
        z: 'series',
        strokeWidth: 2,
        clip: true,
      }),
      Plot.dot(points, {
        x: 'x',
        y: 'y',
        r: 4,
        fill: 'currentColor',
        stroke: 'var(--ifm-background-color)',
      }),
      endLabels(
        rows.filter((r) => Math.abs(r.f) <= Y_CLIP),
        { x: 'x', y: 'f', z: 'series', fill: 'series' },
      ),
    ];
  };
}

/**
 * What the model learned: the 1-D random-features fit at N = n/4, N = n and N = 40n through
 * noisy samples of sin x, the training points as dots. Float64 in JavaScript, no backend.
 */
export default function InterpolantDemo() {
  const x = useExperiment(interpolantExperiment);
  const shown = x.shownInputs ?? x.inputs;
  const points = useMemo(() => {
    const d = interpolantData(shown);
    return d.x.map((v, i) => ({ x: v, y: d.y[i] as number }));
  }, [shown]);
  const curves = useMemo<CurvePoint[]>(
    () =>
      x.rows.flatMap((row) =>
        row.curve.map((c) => ({
          x: c.x,
          f: Math.max(-Y_CLIP * 1.5, Math.min(Y_CLIP * 1.5, c.f)),
          series: row.label,
        })),
      ),
    [x.rows],
  );
  const chartMarks = useMemo(() => marks(points), [points]);
  return (
    <ExperimentDemo
      x={x}
      caption={
        <>
          <strong>What to look at:</strong> with few features the fit is smooth but misses the
          points; at N = n it must pass through every noisy point with a barely invertible Φ and
          swings far off the chart between them; with many more features than points the
          minimum-norm interpolant is calm again.
        </>
      }
      figure={
        <Chart
          data={curves}
          x="x"
          y="f"
          series="series"
          xLabel="x"
          yLabel="learned function f(x)"
          title="The learned function of random Fourier features at N = n/4, N = n and N = 40n, with the training points"
          marks={chartMarks}
          height={300}
        />
      }
      summary={`The y axis is cut at ±${Y_CLIP}; x runs over [−π, π] (${X_RANGE.toFixed(2)}).`}
      tableCaption="One row per model: how well it fits the points and how far it is from sin x."
    />
  );
}
