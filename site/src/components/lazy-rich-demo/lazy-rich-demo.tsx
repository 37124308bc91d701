import { useMemo, useState } from 'react';
import {
  Chart,
  ExperimentDemo,
  formatValue,
  type StaticFigure,
  StepScrubber,
  useAutoBackend,
  useExperiment,
} from '../demo-kit';
import { CircleChart, type CircleRow } from './circle-chart';
import {
  gridAngles,
  type LazyRichInputs,
  type LazyRichRow,
  lazyRichData,
  lazyRichExperiment,
} from './experiment';

interface SeriesRow extends LazyRichRow {
  series: string;
}

const seriesOf = (alpha: number) => `α = ${formatValue(alpha)}`;
const percent = (v: number) => `${formatValue(100 * v, 2)}%`;

/** The rows whose `key` is positive and finite (what a log axis can draw). */
function positive(rows: readonly SeriesRow[], key: keyof LazyRichRow): SeriesRow[] {
  return rows.filter((r) => (r[key] as number) > 0 && Number.isFinite(r[key] as number));
}

/** The last row of each α, in the order the runs came (ascending α). */
function lastOfEach(rows: readonly LazyRichRow[]): LazyRichRow[] {
  return [...new Map(rows.map((r) => [r.alpha, r])).values()];
}

/**
 * The Lazy and rich training page's live demo: one MLP (same initial weights) trained by
 * full-batch GD on α·(f − f₀) with loss/α² for α = ¼, 1, 16 (and the reader's α): the function
 * it learned on the circle at the scrubbed step, and the loss, weight change and NTK change over
 * training, with the end of each run in the table.
 */
export default function LazyRichDemo({ figure }: { figure?: StaticFigure }) {
  const backend = useAutoBackend();
  const x = useExperiment(lazyRichExperiment, {
    ready: backend.info !== null,
    notReadyReason: backend.error
      ? `No backend could start: ${backend.error}`
      : 'Starting a backend…',
  });
  const [picked, setPicked] = useState<number | null>(null);
  const shown: LazyRichInputs | null = x.shownInputs;

  const rows = useMemo<SeriesRow[]>(
    () => x.rows.filter((r) => !r.diverged).map((r) => ({ ...r, series: seriesOf(r.alpha) })),
    [x.rows],
  );
  const steps = useMemo(() => [...new Set(rows.map((r) => r.step))].sort((a, b) => a - b), [rows]);
  // Until the reader scrubs, the latest measured step (the run as it trains).
  const step = picked !== null && steps.includes(picked) ? picked : (steps.at(-1) ?? 0);
  const lastStep = steps.at(-1) ?? 0;
  // Near the right edge the label goes left of the rule, clear of the end labels.
  const marker = useMemo(
    () => ({ x: step, label: `t = ${step}`, left: step > lastStep / 2 }),
    [step, lastStep],
  );

  const circleRows = useMemo<CircleRow[]>(() => {
    if (!shown) return [];
    const angles = gridAngles();
    const data = lazyRichData(shown.n, shown.freq);
    const target = `sin ${shown.freq}θ`;
    return [
      ...angles.map((theta) => ({
        theta,
        value: Math.sin(shown.freq * theta),
        series: target,
        kind: 'target' as const,
      })),
      ...data.theta.map((theta, i) => ({
        theta,
        value: data.y[i] as number,
        series: 'data',
        kind: 'data' as const,
      })),
      ...rows
        .filter((r) => r.step === step)
        .flatMap((r) =>
          r.f.map((value, j) => ({
            theta: angles[j] as number,
            value,
            series: r.series,
            kind: 'net' as const,
          })),
        ),
    ];
  }, [rows, step, shown]);
  const lossRows = useMemo(() => positive(rows, 'loss'), [rows]);
  const weightRows = useMemo(() => positive(rows, 'weightChange'), [rows]);
  const ntkRows = useMemo(() => positive(rows, 'ntkChange'), [rows]);
  const ends = useMemo(() => lastOfEach(x.rows), [x.rows]);
  const finished = ends.filter((r) => !r.diverged);
  const diverged = ends.filter((r) => r.diverged);

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      backend={backend}
      caption={
        <>
          Top: the function each network has learned on the circle at the step the slider shows;
          every α fits the target through the training points (dots), however far its weights had to
          move. Below, on log axes: the larger α, the less the weights and the tangent kernel move
          (lazy); at α = ¼ the kernel changes by more than its own size (rich).
        </>
      }
      figure={
        <>
          <CircleChart
            data={circleRows}
            title={`The learned function h(θ) = α(f − f₀) on the circle at step ${step}, one line per α, and the target (dashed)`}
            yLabel={`network output h(θ) at step ${step}`}
          />
          <Chart
            data={lossRows}
            x="step"
            y="loss"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="training loss"
            title="Training loss (1/(2n))·Σ(h − y)² over training, one line per α, log y axis"
            current={marker}
            height={220}
          />
          <Chart
            data={weightRows}
            x="step"
            y="weightChange"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="‖θ_t − θ₀‖/‖θ₀‖"
            yTex="\lVert\theta_t - \theta_0\rVert / \lVert\theta_0\rVert"
            title="Relative weight change over training, one line per α, log y axis"
            current={marker}
            height={240}
          />
          <Chart
            data={ntkRows}
            x="step"
            y="ntkChange"
            series="series"
            yScale="log"
            xLabel="GD step t"
            yLabel="‖Θ_t − Θ₀‖_F/‖Θ₀‖_F"
            yTex="\lVert\hat\Theta_t - \hat\Theta_0\rVert_F / \lVert\hat\Theta_0\rVert_F"
            title="Relative change of the empirical NTK over training, one line per α, log y axis"
            current={marker}
            height={240}
          />
        </>
      }
      summary={
        ends.length > 0 ? (
          <p className="margin-bottom--none" data-testid="lazy-rich-summary">
            {finished.length > 0 ? (
              <>
                {x.status === 'done' ? 'At the end' : 'So far'}: the weights moved{' '}
                {finished.map((r) => percent(r.weightChange)).join(', ')} of their norm and the
                kernel {finished.map((r) => percent(r.ntkChange)).join(', ')} (α ={' '}
                {finished.map((r) => formatValue(r.alpha)).join(', ')}); α·‖θ − θ₀‖ ={' '}
                {finished.map((r) => formatValue(r.scaledDistance)).join(', ')}, a constant once α
                is large.{' '}
              </>
            ) : null}
            {diverged.length > 0
              ? `α = ${diverged.map((r) => formatValue(r.alpha)).join(', ')} diverged at step ${diverged.map((r) => r.step).join(', ')}: lower the effective step η̃.`
              : ''}
          </p>
        ) : null
      }
      tableRows={ends}
      tableCaption="End of each run: the weights and the kernel move like 1/α once α is large, and α·‖θ − θ₀‖ settles."
      rowAttributes={(r) => ({ 'data-alpha': r.alpha, 'data-finite': !r.diverged })}
    >
      <StepScrubber
        steps={steps}
        value={step}
        onChange={setPicked}
        label="Learned function at step"
      />
    </ExperimentDemo>
  );
}
