import { useMemo } from 'react';
import {
  type Annotation,
  Chart,
  ExperimentDemo,
  formatValue,
  type StaticFigure,
  useExperiment,
} from '../demo-kit';
import { hyperExperiment, type WideHyperRow } from './hyperparameters-experiment';

interface SeriesRow extends WideHyperRow {
  series: string;
}

/** The evidence chart shows the settings within this many nats of the best. */
const EVIDENCE_RANGE = 40;
const seriesOf = (depth: number) => `L = ${depth}`;
const settingText = (r: WideHyperRow) => `L = ${r.depth}, σ_w = ${formatValue(r.wStd)}`;

/**
 * For each depth its row of highest evidence, plus the row leave-one-out selects: the table on
 * the page (the export has every setting).
 */
export function tableRowsOf(rows: readonly WideHyperRow[]): WideHyperRow[] {
  const best = new Map<number, WideHyperRow>();
  for (const r of rows) {
    if (r.logMarginalLikelihood === null) continue;
    const held = best.get(r.depth);
    if (!held || (held.logMarginalLikelihood as number) < r.logMarginalLikelihood)
      best.set(r.depth, r);
  }
  const shown = new Set(best.values());
  for (const r of rows) if (r.selected !== '') shown.add(r);
  return rows.filter((r) => shown.has(r));
}

/**
 * Figure 2 of the page "What infinitely wide networks predict": the NNGP prior's log marginal
 * likelihood and leave-one-out error over σ_w, one line per depth, on the data of Figure 1, with
 * the setting each criterion selects marked.
 */
export default function HyperparametersDemo({ figure }: { figure?: StaticFigure }) {
  const x = useExperiment(hyperExperiment);
  const rows = x.rows;
  const series = useMemo<SeriesRow[]>(
    () => rows.map((r) => ({ ...r, series: seriesOf(r.depth) })),
    [rows],
  );
  const byEvidence = rows.find((r) => r.selected === 'evidence' || r.selected === 'both');
  // The evidence near its peak: the lowest values (≈ −100 at small σ_w) would flatten the rest.
  const evidenceRows = useMemo(() => {
    const top = byEvidence?.logMarginalLikelihood ?? 0;
    return series.filter(
      (r) => r.logMarginalLikelihood !== null && r.logMarginalLikelihood >= top - EVIDENCE_RANGE,
    );
  }, [series, byEvidence]);
  const looRows = useMemo(
    () => series.filter((r) => r.looMse !== null && (r.looMse as number) > 0),
    [series],
  );
  const byLoo = rows.find((r) => r.selected === 'LOO' || r.selected === 'both');
  const evidenceMark = useMemo<Annotation[]>(
    () =>
      byEvidence
        ? [
            {
              x: byEvidence.wStd,
              y: byEvidence.logMarginalLikelihood as number,
              text: `evidence: ${settingText(byEvidence)}`,
            },
          ]
        : [],
    [byEvidence],
  );
  const looMark = useMemo<Annotation[]>(
    () =>
      byLoo
        ? [
            {
              x: byLoo.wStd,
              y: byLoo.looMse as number,
              text: `LOO: ${settingText(byLoo)}`,
            },
          ]
        : [],
    [byLoo],
  );
  const tableRows = useMemo(() => tableRowsOf(rows), [rows]);
  const runnerUp = useMemo(() => {
    if (!byEvidence) return null;
    const others = rows.filter(
      (r) => r.depth !== byEvidence.depth && r.logMarginalLikelihood !== null,
    );
    return others.reduce<WideHyperRow | null>(
      (best, r) =>
        best === null ||
        (r.logMarginalLikelihood as number) > (best.logMarginalLikelihood as number)
          ? r
          : best,
      null,
    );
  }, [rows, byEvidence]);

  return (
    <ExperimentDemo
      x={x}
      staticFigure={figure}
      caption={
        <>
          Each line is one depth: how probable the eight points are under the network’s NNGP prior
          (top, higher is better) and how well the posterior mean predicts each point from the other
          seven (bottom, lower is better), against the weight scale σ_w. The two criteria agree that
          σ_w sets the prior’s scale, and disagree about the rest.
        </>
      }
      figure={
        <>
          <Chart
            data={evidenceRows}
            x="wStd"
            y="logMarginalLikelihood"
            series="series"
            xLabel="σ_w"
            yLabel="log p(y | X)"
            title="Log marginal likelihood of the NNGP prior against σ_w, one line per depth (within 40 nats of the best), with the selected setting marked"
            annotations={evidenceMark}
            height={300}
          />
          <Chart
            data={looRows}
            x="wStd"
            y="looMse"
            series="series"
            yScale="log"
            xLabel="σ_w"
            yLabel="leave-one-out MSE"
            title="Leave-one-out mean squared error of the NNGP posterior mean against σ_w, one line per depth, log y axis, with the selected setting marked"
            annotations={looMark}
            height={260}
          />
        </>
      }
      summary={
        byEvidence && byLoo ? (
          <p className="margin-bottom--none" data-testid="wide-hyperparameters-summary">
            The marginal likelihood selects <strong>{settingText(byEvidence)}</strong> (log p ={' '}
            {formatValue(byEvidence.logMarginalLikelihood, 4)})
            {runnerUp
              ? `; the best other depth, ${settingText(runnerUp)}, is ${formatValue((byEvidence.logMarginalLikelihood as number) - (runnerUp.logMarginalLikelihood as number), 2)} nats behind`
              : ''}
            . Leave-one-out selects <strong>{settingText(byLoo)}</strong> (LOO MSE{' '}
            {formatValue(byLoo.looMse)}).
          </p>
        ) : null
      }
      tableRows={tableRows}
      tableCaption="For each depth, the σ_w of highest evidence, and the setting leave-one-out selects (the export has every setting)"
      rowAttributes={(r) => ({
        // Full-precision values for tests, named apart from the cells' data-col keys.
        'data-full-w-std': r.wStd,
        'data-full-log-ml': r.logMarginalLikelihood ?? '',
        'data-full-loo': r.looMse ?? '',
        'data-pick': r.selected,
      })}
    />
  );
}
