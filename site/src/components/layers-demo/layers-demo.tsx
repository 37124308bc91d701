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
import {
  describeNetwork,
  type LayersRow,
  layersExperiment,
  MOMENTS,
  N_ANGLES,
  zScores,
} from './experiment';

type Kernel = 'NNGP' | 'NTK';

/** A point of an analytic curve. */
interface CurvePoint {
  theta: number;
  value: number;
  kernel: Kernel;
}

/** A Monte-Carlo estimate with its ±2 SE bar. */
interface EstimatePoint extends CurvePoint {
  lo: number;
  hi: number;
  se: number;
}

function estimates(rows: readonly LayersRow[]): EstimatePoint[] {
  return rows.flatMap((r) => {
    const out: EstimatePoint[] = [
      {
        theta: r.theta,
        value: r.nngpMc,
        kernel: 'NNGP',
        lo: r.nngpMc - 2 * r.nngpSe,
        hi: r.nngpMc + 2 * r.nngpSe,
        se: r.nngpSe,
      },
    ];
    if (r.ntkMc !== null && r.ntkSe !== null)
      out.push({
        theta: r.theta,
        value: r.ntkMc,
        kernel: 'NTK',
        lo: r.ntkMc - 2 * r.ntkSe,
        hi: r.ntkMc + 2 * r.ntkSe,
        se: r.ntkSe,
      });
    return out;
  });
}

/**
 * The "Any architecture" demo of the Kernels page: the analytic NNGP and NTK of one
 * @overparam/layers description on the unit circle (lines, normalized at θ = 0), and the
 * Monte-Carlo kernels of finite networks of the same description (dots with ±2 SE bars).
 */
export default function LayersDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(layersExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error ?? 'Starting a TensorFlow.js backend…',
  });
  const { rows, shownInputs } = x;
  const curves = useMemo<CurvePoint[]>(
    () =>
      rows.flatMap((r) => [
        { theta: r.theta, value: r.nngp, kernel: 'NNGP' as const },
        { theta: r.theta, value: r.ntk, kernel: 'NTK' as const },
      ]),
    [rows],
  );
  const dots = useMemo(() => estimates(rows), [rows]);
  const marks = useCallback(
    (data: readonly CurvePoint[]): Plot.Markish[] => [
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.3 }),
      Plot.line(data as CurvePoint[], {
        x: 'theta',
        y: 'value',
        stroke: 'kernel',
        z: 'kernel',
        strokeWidth: 2,
      }),
      Plot.ruleX(dots, { x: 'theta', y1: 'lo', y2: 'hi', stroke: 'kernel', strokeOpacity: 0.7 }),
      Plot.dot(dots, {
        x: 'theta',
        y: 'value',
        stroke: 'kernel',
        fill: 'var(--ifm-background-color)',
        r: 3,
      }),
      endLabels(data, { x: 'theta', y: 'value', z: 'kernel', text: 'kernel' }),
      Plot.tip(
        dots,
        Plot.pointer({
          x: 'theta',
          y: 'value',
          stroke: 'kernel',
          title: (d: EstimatePoint) =>
            `${d.kernel}, θ = ${formatValue(d.theta, 3)}\nfinite networks ${formatValue(d.value, 3)} ± ${formatValue(d.se, 2)}`,
        }),
      ),
    ],
    [dots],
  );

  const z = zScores(rows);
  const within2 = z.filter((v) => v <= 2).length;
  const maxZ = z.length ? Math.max(...z) : Number.NaN;
  const first = rows[0];
  const network = shownInputs ? describeNetwork(shownInputs) : '';

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      backend={backend}
      caption={
        <>
          Lines: the infinite-width NNGP and NTK of the network on inputs at angle θ, divided by
          their value at θ = 0; dots: the same kernels measured on random finite networks of the
          same description, ±2 standard errors. Add ReLU blocks and the kernel flattens towards a
          constant; erf, tanh and sin decorrelate instead; residual blocks hold the shape for longer
          — and the dots stay on the lines.
        </>
      }
      figure={
        <Chart
          data={curves}
          x="theta"
          y="value"
          series="kernel"
          xLabel="angle θ between x and x(0) (rad)"
          yLabel="k(θ)/k(0)"
          xTex="\theta\ \text{(rad)}"
          yTex="k(\theta)/k(0),\ \Theta(\theta)/\Theta(0)"
          title={`Normalized NNGP and NTK of a network of ${network} on the unit circle (lines) and Monte-Carlo estimates from finite networks of the same description (dots, ±2 SE)`}
          marks={marks}
          height={320}
        />
      }
      summary={
        first && shownInputs ? (
          <span
            data-testid="layers-summary"
            data-within2={within2}
            data-estimates={z.length}
            data-max-z={maxZ}
            data-k0={first.nngpAt0}
            data-t0={first.ntkAt0}
          >
            {within2} of {z.length} finite-network estimates within 2 SE of the analytic kernel
            (largest |z| {formatValue(maxZ, 2)}). Analytic k(0) = {formatValue(first.nngpAt0, 4)},
            Θ(0) = {formatValue(first.ntkAt0, 4)}, float64 with {MOMENTS[shownInputs.activation]}{' '}
            moments; {shownInputs.samples} networks of {network}
            {first.ntkZ === null ? '' : ` (and ${shownInputs.ntkSamples} for the NTK)`}, float32 on
            the backend; {N_ANGLES} angles.
          </span>
        ) : null
      }
      tableCaption="Analytic kernels and finite networks by angle"
      rowAttributes={(r) => ({
        'data-theta-full': r.theta,
        'data-nngp-full': r.nngp,
        'data-ntk-full': r.ntk,
        'data-nngp-mc-full': r.nngpMc,
        'data-nngp-se-full': r.nngpSe,
        'data-ntk-mc-full': r.ntkMc ?? undefined,
        'data-ntk-se-full': r.ntkSe ?? undefined,
      })}
      meta={{ network }}
    />
  );
}
