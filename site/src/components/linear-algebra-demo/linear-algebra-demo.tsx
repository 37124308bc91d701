import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import {
  annotationMarks,
  Chart,
  ExperimentDemo,
  endLabels,
  formatValue,
  type StaticFigure,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import { WHAT_TO_LOOK_AT } from './caption';
import { linearAlgebraExperiment } from './experiment';
import styles from './linear-algebra-demo.module.css';
import { D, EPS32, EPS64, type PrecisionPoint } from './precision-sweep';

interface CurveRow {
  N: number;
  value: number;
  series: string;
  dashed: boolean;
}

const SERIES = { f32: 'float32', f64: 'float64', b32: 'u₃₂·κ', b64: 'u₆₄·κ' } as const;
// Plot's observable10 blue and orange: float32 and its rule blue, float64 and its rule orange,
// set per mark (not by a colour scale) so that each rule shares its path's colour.
const COLOR: Record<string, string> = {
  [SERIES.f32]: '#4269d0',
  [SERIES.b32]: '#4269d0',
  [SERIES.f64]: '#efb118',
  [SERIES.b64]: '#efb118',
};

function curveRows(points: readonly PrecisionPoint[]): CurveRow[] {
  const rows: CurveRow[] = [];
  for (const p of points) {
    // Log axes: a NaN (CG broke down) or an exact 0 has no place on them.
    if (p.error32 > 0) rows.push({ N: p.N, value: p.error32, series: SERIES.f32, dashed: false });
    if (p.error64 > 0) rows.push({ N: p.N, value: p.error64, series: SERIES.f64, dashed: false });
    rows.push({ N: p.N, value: p.bound32, series: SERIES.b32, dashed: true });
    rows.push({ N: p.N, value: p.bound64, series: SERIES.b64, dashed: true });
  }
  return rows;
}

/** κ(G) against N, its peak labelled. */
function condMarks(data: readonly PrecisionPoint[]): Plot.Markish[] {
  const rows = data as PrecisionPoint[];
  const peak = rows.reduce<PrecisionPoint | undefined>(
    (best, p) => (best === undefined || p.cond > best.cond ? p : best),
    undefined,
  );
  return [
    Plot.line(rows, {
      x: 'N',
      y: 'cond',
      stroke: 'currentColor',
      marker: 'circle-stroke',
      strokeWidth: 2,
    }),
    Plot.tip(
      rows,
      Plot.pointer({
        x: 'N',
        y: 'cond',
        title: (p: PrecisionPoint) => `N = ${p.N} (${p.form})\nκ(G) = ${formatValue(p.cond, 2)}`,
      }),
    ),
    ...annotationMarks(
      peak ? [{ x: peak.N, y: peak.cond, text: `κ(G) = ${formatValue(peak.cond, 2)}` }] : [],
    ),
  ];
}

/** Measured errors solid with dots, the rules u·κ dashed, each labelled at its end; the
 * largest float32 error labelled. */
function errorMarks(data: readonly CurveRow[]): Plot.Markish[] {
  const rows = data as CurveRow[];
  const worst = rows
    .filter((r) => r.series === SERIES.f32)
    .reduce<CurveRow | undefined>(
      (best, r) => (best === undefined || r.value > best.value ? r : best),
      undefined,
    );
  return [
    ...Object.values(SERIES).map((name) => {
      const line = rows.filter((r) => r.series === name);
      return Plot.line(line, {
        x: 'N',
        y: 'value',
        stroke: COLOR[name],
        ...(line[0]?.dashed
          ? { strokeDasharray: '5 4', strokeWidth: 1.5 }
          : { marker: 'circle-stroke', strokeWidth: 2 }),
      });
    }),
    endLabels(rows, { x: 'N', y: 'value', z: 'series', fill: 'currentColor' }),
    Plot.tip(
      rows,
      Plot.pointer({
        x: 'N',
        y: 'value',
        title: (r: CurveRow) => `${r.series}\nN = ${r.N}\n${formatValue(r.value, 2)}`,
      }),
    ),
    ...annotationMarks(
      worst
        ? [
            {
              x: worst.N,
              y: worst.value,
              text:
                worst.value > 0.1
                  ? 'float32: no correct digit'
                  : `float32: ${formatValue(worst.value, 2)}`,
            },
          ]
        : [],
    ),
  ];
}

/**
 * The Linear algebra page's live demo: the precision sweep (experiment.ts) through N = n, drawn
 * as κ(G) and the float32/float64 errors against N, with the rule of thumb u·κ dashed.
 */
export default function LinearAlgebraDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(linearAlgebraExperiment, {
    ready: backend.info !== null,
    notReadyReason:
      backend.error === null
        ? 'Starting a backend…'
        : 'No backend started: the float32 path needs one.',
  });
  const shown = x.shownInputs ?? x.inputs;
  const n = shown.n;
  const curves = useMemo(() => curveRows(x.rows), [x.rows]);
  const atThreshold = x.rows.find((p) => p.N === n);
  const maxCond = x.rows.reduce((m, p) => Math.max(m, p.cond), 0);
  const current = useMemo(() => ({ x: n, label: 'N = n' }), [n]);
  const grid = x.rows.length > 0 ? `${x.rows[0]?.N} to ${x.rows.at(-1)?.N}` : '';

  return (
    <div className={styles.root}>
      <ExperimentDemo
        x={x}
        staticFigure={figure}
        caption={WHAT_TO_LOOK_AT}
        backend={backend}
        rowAttributes={(p) => ({ 'data-threshold': p.N === n ? 'true' : undefined })}
        meta={{ d: D, eps: { float32: EPS32, float64: EPS64 }, backend: backend.info }}
        summary={
          <p className={styles.summary} data-testid="sweep-summary">
            {x.rows.length} values of N from {grid}; X is {n}×{D}, y has {n} entries, all standard
            normal.
            {atThreshold && (
              <>
                {' '}
                At N = n: κ(G) = {formatValue(atThreshold.cond, 2)}
                {atThreshold.cond === maxCond ? ' (the largest of the sweep)' : ''}, float32 error{' '}
                {formatValue(atThreshold.error32, 2)}, float64 error{' '}
                {formatValue(atThreshold.error64, 2)}.
              </>
            )}
          </p>
        }
        figure={
          <div className={styles.charts}>
            <Chart
              data={x.rows}
              x="N"
              y="cond"
              xScale="log2"
              yScale="log"
              xLabel="number of features N"
              yLabel="κ(G), condition number of the Gram matrix"
              xTex="\text{number of features } N"
              yTex="\kappa(G) = \lambda_{\max}(G) / \lambda_{\min}(G)"
              title="Condition number of the Gram matrix against the number of features N, log–log axes, N = n marked"
              marks={condMarks}
              height={260}
              current={current}
            />
            <Chart
              data={curves}
              x="N"
              y="value"
              series="series"
              xScale="log2"
              yScale="log"
              xLabel="number of features N"
              yLabel="relative error of a against the float64 SVD solution"
              xTex="\text{number of features } N"
              yTex="\|a - a^\star\| / \|a^\star\|"
              title="Relative error of the float32 and float64 Gram solves against N, log–log axes, with the rule of thumb u·κ dashed and N = n marked"
              marks={errorMarks}
              height={300}
              current={current}
            />
            <p className={styles.legend}>
              Solid: measured, float32 (conjugateGradient) in blue, float64 (solveSpd) in orange.
              Dashed: the rule of thumb u·κ(G), u₃₂ = 2⁻²⁴ ≈ {EPS32.toExponential(2)}, u₆₄ = 2⁻⁵³ ≈{' '}
              {EPS64.toExponential(2)}.
            </p>
          </div>
        }
      />
    </div>
  );
}
