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
  useBackendOptions,
  useExperiment,
} from '../demo-kit';
import styles from './backends-demo.module.css';
import { WHAT_TO_LOOK_AT } from './caption';
import { type GemmRow, gemmExperiment } from './experiment';

/** A log y axis once the rates span more than this factor (cpu next to a GPU). */
const LOG_SPREAD = 30;

type Measured = GemmRow & { n: number; gflops: number };

/** Whether the rates spread widely enough for a log axis. */
function wideSpread(rows: readonly Measured[]): boolean {
  const rates = rows.map((r) => r.gflops).filter((g) => g > 0);
  return rates.length > 0 && Math.max(...rates) / Math.min(...rates) > LOG_SPREAD;
}

/** One line of GFLOP/s per backend, labelled at its end; the fastest point labelled. */
function gemmMarks(data: readonly Measured[]): Plot.Markish[] {
  const rows = data as Measured[];
  const fastest = rows.reduce<Measured | undefined>(
    (best, r) => (best === undefined || r.gflops > best.gflops ? r : best),
    undefined,
  );
  return [
    Plot.line(rows, {
      x: 'n',
      y: 'gflops',
      stroke: 'backend',
      z: 'backend',
      marker: 'circle-stroke',
      strokeWidth: 2,
    }),
    // fill given: without it the kit's haloed labels come out fill="none" (invisible).
    endLabels(rows, { x: 'n', y: 'gflops', z: 'backend', fill: 'currentColor' }),
    Plot.tip(
      rows,
      Plot.pointer({
        x: 'n',
        y: 'gflops',
        stroke: 'backend',
        title: (r: Measured) =>
          `${r.backend}, n = ${r.n}\n${formatValue(r.gflops, 3)} GFLOP/s\n${formatValue(r.milliseconds, 3)} ms`,
      }),
    ),
    ...annotationMarks(
      fastest
        ? [
            {
              x: fastest.n,
              y: fastest.gflops,
              text: `fastest: ${formatValue(fastest.gflops, 3)} GFLOP/s`,
              side: 'bottom',
            },
          ]
        : [],
    ),
  ];
}

/**
 * The Backends page's live demo: which backend this browser starts (the badge), then float32
 * GEMM timed on it (or on every backend that starts), one line of GFLOP/s per backend.
 */
export default function BackendsDemo({ figure }: { figure?: StaticFigure }) {
  const backendOptions = useBackendOptions();
  const experiment = useMemo(() => gemmExperiment(backendOptions), [backendOptions]);
  const backend = useAutoBackend();
  const x = useExperiment(experiment, {
    ready: backend.info !== null,
    notReadyReason:
      backend.error === null ? 'Starting a backend…' : 'No backend started: see the badge.',
  });
  const measured = useMemo(
    () => x.rows.filter((r): r is Measured => r.gflops !== null && r.n !== null),
    [x.rows],
  );
  const skipped = x.rows.filter((r) => r.skipped !== null);
  const ran = useMemo(() => x.rows.filter((r) => r.skipped === null), [x.rows]);
  const untimed = ran.filter((r) => r.gflops === null);
  const logY = wideSpread(measured);

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      caption={WHAT_TO_LOOK_AT}
      backend={backend}
      tableRows={ran}
      rowAttributes={(r) => ({ 'data-backend': r.backend, 'data-n': r.n ?? undefined })}
      meta={{ backend: backend.info, skipped }}
      summary={
        (skipped.length > 0 || untimed.length > 0) && (
          <div>
            {untimed.length > 0 && (
              <p className={styles.note} data-testid="untimed-sizes">
                n = {untimed.map((r) => `${r.n} (${r.backend})`).join(', ')}: one multiply took less
                than the clock's resolution (0.1 ms or coarser in a browser), so no rate; time
                larger sizes.
              </p>
            )}
            {skipped.length > 0 && (
              <>
                <p className={styles.note}>Skipped (could not start here):</p>
                <ul className={styles.skipped} data-testid="skipped-backends">
                  {skipped.map((s) => (
                    <li key={s.backend} data-backend={s.backend}>
                      <code>{s.backend}</code>: {s.skipped}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )
      }
      figure={
        <Chart
          data={measured}
          x="n"
          y="gflops"
          series="backend"
          xScale="log2"
          yScale={logY ? 'log' : 'linear'}
          zeroY
          xLabel="matrix size n"
          yLabel="GFLOP/s"
          xTex="\text{matrix size } n"
          yTex="\text{GFLOP/s} = 2n^3 / t"
          title="GEMM throughput in GFLOP/s against matrix size n, one line per backend"
          marks={gemmMarks}
          empty={<p className={styles.note}>No rate to draw: see the note above.</p>}
        />
      }
    />
  );
}
