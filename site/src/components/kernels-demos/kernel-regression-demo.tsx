import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import {
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import { target } from './data';
import {
  GRID,
  KERNEL_LABELS,
  type KernelRegressionRow,
  kernelRegressionExperiment,
} from './kernel-regression-experiment';

interface CurvePoint {
  x: number;
  y: number;
  series: string;
}

const TARGET = GRID.map((x) => ({ x, y: target(x), series: 'target' }));
/** Half the y range drawn: the target's with a margin (wider for noisier data); an
 * ill-conditioned fit can leave it. */
const Y_LIMIT = 2.6;

/**
 * The kernel regression demo of the Kernels page: the kernel ridge prediction of the chosen
 * kernel on noisy samples of sin(2.5x) + 0.3x, the training points and the target, with the
 * solver's numbers (residual, condition, the float32 gap on the page's backend) in the table.
 */
export default function KernelRegressionDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(kernelRegressionExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error ?? 'Starting a TensorFlow.js backend…',
  });
  const fit: KernelRegressionRow | undefined = x.rows[0];
  const limit = Math.max(Y_LIMIT, ...(fit?.train.y.map((v) => Math.abs(v) + 0.3) ?? []));
  const curve = useMemo<CurvePoint[]>(
    () => [
      // Values off the plotted range become gaps (Chart takes no y domain).
      ...(fit
        ? GRID.map((g, i) => {
            const y = fit.prediction[i] as number;
            return { x: g, y: Math.abs(y) <= limit ? y : Number.NaN, series: 'fit' };
          })
        : []),
      ...TARGET,
    ],
    [fit, limit],
  );
  const marks = useCallback(
    (data: readonly CurvePoint[]): Plot.Markish[] => {
      const rows = data as CurvePoint[];
      const train = fit ? fit.train.x.map((v, i) => ({ x: v, y: fit.train.y[i] as number })) : [];
      return [
        Plot.line(
          rows.filter((r) => r.series === 'target'),
          { x: 'x', y: 'y', stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '4 4' },
        ),
        Plot.line(
          rows.filter((r) => r.series === 'fit'),
          { x: 'x', y: 'y', stroke: '#4269d0', strokeWidth: 2 },
        ),
        Plot.dot(train, { x: 'x', y: 'y', fill: 'currentColor', r: 3 }),
        endLabels(
          rows.filter((r) => Number.isFinite(r.y)),
          { x: 'x', y: 'y', z: 'series', text: 'series', fill: 'currentColor' },
        ),
        // Invisible: holds the y domain at ±limit whatever the fit does.
        Plot.ruleY([-limit, limit], { strokeOpacity: 0 }),
      ];
    },
    [fit, limit],
  );
  const leaves = fit?.prediction.some((v) => Math.abs(v) > limit) ?? false;
  const kernel = fit ? KERNEL_LABELS[fit.kernel as keyof typeof KERNEL_LABELS] : '';

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      backend={backend}
      caption={
        <>
          At λ = 0 the NTK fit passes through every noisy point yet stays close to the dashed target
          between them: the minimum-norm interpolant a wide network trained to zero loss converges
          to. Raise λ to smooth it, or switch to the Gaussian kernel to see an interpolant that is
          not benign.
        </>
      }
      figure={
        <Chart
          data={curve}
          x="x"
          y="y"
          series="series"
          xLabel="x"
          yLabel="f(x)"
          title={`Kernel ridge regression with the ${kernel} kernel on ${fit?.train.x.length ?? 0} noisy samples of sin(2.5x) + 0.3x`}
          marks={marks}
          height={320}
        />
      }
      summary={
        fit ? (
          <span>
            {fit.solver === 'f64'
              ? `Float64 fit (${fit.reason}); the same prediction in float32 on the backend differs by ${formatValue(fit.f32Gap, 2)} (relative).`
              : `Conjugate gradient in float32 (${fit.reason}) at ridge ${formatValue(fit.ridge, 2)}: ${formatValue(fit.f32Gap, 2)} from the float64 fit at the same ridge.`}
            {leaves ? ' The prediction leaves the plotted range.' : ''}
          </span>
        ) : null
      }
      tableCaption="The fit"
      rowAttributes={(r) => ({
        'data-solver': r.solver,
        'data-ridge': r.ridge,
        'data-residual': r.residual,
        'data-test-mse': r.testMse,
        'data-gap': r.f32Gap,
      })}
    />
  );
}
