import * as Plot from '@observablehq/plot';
import { type EmpiricalResult, getBound } from '@overparam/bounds';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BackendBadge,
  Chart,
  ExportButtons,
  endLabels,
  formatValue,
  messageOf,
  RunControls,
  SpecControl,
  schemaFor,
  UrlStateControls,
  useAutoBackend,
  useRunner,
  useUrlState,
} from '../demo-kit';
import { LinkedText } from '../demo-kit/linked-text';
import { publishBoundInputs } from './bound-inputs';
import styles from './bound-page.module.css';
import { TableWrap, Tex } from './tex';

/** Digits of the calculator's numbers (a value to read off, not a table cell). */
const DIGITS = 4;

type CheckRow = { x: number; value: number; which: string };

function checkMarks(data: readonly CheckRow[]): Plot.Markish[] {
  const rows = data as CheckRow[];
  return [
    Plot.line(rows, {
      x: 'x',
      y: 'value',
      stroke: 'which',
      z: 'which',
      marker: 'circle-stroke',
      strokeWidth: 2,
    }),
    endLabels(rows, { x: 'x', y: 'value', z: 'which' }),
    Plot.tip(rows, Plot.pointer({ x: 'x', y: 'value', stroke: 'which' })),
  ];
}

function ResultChart({ result, upper }: { result: EmpiricalResult; upper: boolean }) {
  const series = result.series;
  const rows = useMemo(
    () =>
      (series?.points ?? []).flatMap((p): CheckRow[] => [
        { x: p.x, value: p.predicted, which: upper ? 'bound' : 'prediction' },
        { x: p.x, value: p.measured, which: 'measured' },
      ]),
    [series, upper],
  );
  if (!series || rows.length === 0) return null;
  const positive = series.points.every((p) => p.x > 0);
  const spread = positive
    ? Math.max(...series.points.map((p) => p.x)) / Math.min(...series.points.map((p) => p.x))
    : 1;
  return (
    <Chart
      data={rows}
      x="x"
      y="value"
      series="which"
      xLabel={series.x}
      yLabel="value"
      xScale={spread >= 50 ? 'log' : 'linear'}
      title={`${upper ? 'Bound' : 'Prediction'} against measurement over ${series.x}`}
      marks={checkMarks}
    />
  );
}

/**
 * The live half of a bound page: inputs (the kit's controls, mirrored to the URL and shared
 * with the formula curve under the title), assumption checks, the value with its terms and
 * caveats, and the empirical check with bound against measurement. Browser-only.
 */
export default function BoundPageLive({ id }: { id: string }) {
  const bound = getBound(id);
  const [schema] = useState(() => schemaFor(bound.inputs));
  const state = useUrlState(schema);
  const runner = useRunner();
  const { info, error: backendError } = useAutoBackend();
  const [result, setResult] = useState<EmpiricalResult | null>(null);
  const checkFigure = useRef<HTMLDivElement>(null);

  const validated = useMemo(() => {
    try {
      return { inputs: bound.validate(state.values) as Record<string, unknown>, error: null };
    } catch (e) {
      return { inputs: null, error: messageOf(e) };
    }
  }, [bound, state.values]);

  // The formula curve under the title follows the inputs (valid ones only).
  useEffect(() => {
    if (validated.inputs) publishBoundInputs(id, validated.inputs);
  }, [id, validated.inputs]);

  const evaluation = useMemo(() => {
    if (!validated.inputs) return null;
    try {
      return { value: bound.evaluate(validated.inputs), error: null };
    } catch (e) {
      return { value: null, error: messageOf(e) };
    }
  }, [bound, validated.inputs]);

  // A result belongs to the inputs it ran on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: clear the result whenever the inputs change.
  useEffect(() => setResult(null), [validated.inputs]);

  const runCheck = () => {
    const inputs = validated.inputs;
    if (!inputs) return;
    setResult(null);
    void runner.run(async ({ signal, report }) => {
      report({ message: 'Running the empirical check…' });
      const r = await bound.empiricalCheck.run(inputs, {
        signal,
        onProgress: (f) => report({ done: Math.round(f * 100) }),
      });
      if (!signal.aborted) setResult(r);
    }, 100);
  };

  const ev = evaluation?.value ?? null;
  const upper = bound.kind === 'upper-bound';
  // A condition of the check alone (e.g. |γ − 1| ≥ 0.2): the value stands, the check is skipped.
  const skipped = ev?.assumptions.filter((a) => !a.holds && a.scope === 'check') ?? [];
  const disabledReason = validated.error
    ? 'Fix the inputs first.'
    : skipped.length > 0
      ? `The empirical check skips these inputs (it needs ${skipped.map((a) => a.requirement).join('; ')}); the value above still holds.`
      : !info && !backendError
        ? 'Starting a backend…'
        : !info
          ? 'No backend could start.'
          : null;
  const seriesRows = useMemo(
    () =>
      (result?.series?.points ?? []).map((p) => ({
        x: p.x,
        [upper ? 'bound' : 'prediction']: p.predicted,
        measured: p.measured,
      })),
    [result, upper],
  );

  return (
    <div className={styles.live} data-testid="bound-live" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} showSkipped={false} />
      <div className={styles.controls}>
        {bound.inputs.map((spec) => (
          <SpecControl
            key={spec.key}
            spec={spec}
            value={state.values[spec.key]}
            onChange={(v) => state.set({ [spec.key]: v })}
          />
        ))}
      </div>
      <UrlStateControls state={state} />
      {validated.error && (
        <p className={styles.errorBox} role="alert" data-testid="input-error">
          {validated.error}
        </p>
      )}
      {evaluation?.error && (
        <p className={styles.errorBox} role="alert">
          Evaluation failed: {evaluation.error}
        </p>
      )}

      {ev && (
        <>
          <h3>Assumptions</h3>
          <ul className={styles.assumptionCards} data-testid="assumptions">
            {ev.assumptions.map((a) => {
              const statement = bound.assumptions.find((x) => x.id === a.id)?.statement ?? a.id;
              const checkOnly = a.scope === 'check';
              return (
                <li
                  key={a.id}
                  data-assumption={a.id}
                  data-holds={a.holds}
                  data-scope={a.scope}
                  className={a.holds ? styles.cardOk : checkOnly ? styles.warnCard : styles.cardBad}
                >
                  <p className={styles.cardHead}>
                    <span className={a.holds ? styles.ok : checkOnly ? styles.warn : styles.bad}>
                      {a.holds
                        ? '✓ holds'
                        : checkOnly
                          ? '⚠ outside the empirical check’s range'
                          : '✗ broken'}
                    </span>{' '}
                    <Tex tex={statement} />
                  </p>
                  <p className={styles.cardCheck}>
                    Checked:{' '}
                    <strong>
                      {typeof a.value === 'number' ? formatValue(a.value, DIGITS) : a.value}
                    </strong>{' '}
                    against {a.requirement}.
                  </p>
                  <p className={styles.cardWhy}>
                    <LinkedText text={a.explanation} />
                  </p>
                </li>
              );
            })}
          </ul>

          <h3>Value</h3>
          {ev.status === 'assumption-broken' && (
            <p className={styles.warnBox} data-testid="assumption-broken">
              An assumption of the theorem is broken for these inputs (see above): the theorem does
              not cover them, so it gives no value.
              {ev.formulaValue === null || ev.formulaValue === undefined
                ? ' The formula has no finite value here either.'
                : ' The formula evaluated anyway is shown below it, as a guide only.'}
            </p>
          )}
          {ev.status === 'ok' && skipped.length > 0 && (
            <p className={styles.warnBox} data-testid="check-skipped">
              The theorem covers these inputs and the value below is its value; only the empirical
              check skips them (the condition marked ⚠ above says why).
            </p>
          )}
          <p className={styles.value}>
            {ev.valueLabel}:{' '}
            <output data-testid="bound-value" data-value={ev.value ?? ''}>
              {ev.value === null ? 'not given' : formatValue(ev.value, DIGITS)}
            </output>
          </p>
          {ev.status === 'assumption-broken' &&
            ev.formulaValue !== null &&
            ev.formulaValue !== undefined && (
              <p className={styles.value}>
                Formula value outside the theorem’s assumptions (a guide, not covered by the
                theorem):{' '}
                <output data-testid="formula-value" data-value={ev.formulaValue}>
                  {formatValue(ev.formulaValue, DIGITS)}
                </output>
              </p>
            )}
          <TableWrap label="Terms of the value">
            <table className={styles.table} data-testid="terms">
              <thead>
                <tr>
                  <th scope="col">Term</th>
                  <th scope="col">Formula</th>
                  <th scope="col">Value</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {ev.terms.map((t) => (
                  <tr key={t.id} data-term={t.id}>
                    <td>{t.label}</td>
                    <td>{t.latex ? <Tex tex={t.latex} /> : null}</td>
                    <td
                      className={t.value === null && !t.infinite ? styles.unspecified : undefined}
                      data-value={t.value ?? (t.infinite ? 'Infinity' : '')}
                    >
                      {t.value !== null
                        ? formatValue(t.value, DIGITS)
                        : t.infinite
                          ? '∞'
                          : 'unspecified'}
                    </td>
                    <td>{t.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {ev.caveats.length > 0 && (
            <ul className={styles.caveats}>
              {ev.caveats.map((c) => (
                <li key={c}>
                  <LinkedText text={c} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <h3>Empirical check</h3>
      <p>
        <LinkedText text={bound.empiricalCheck.description} />
      </p>
      <RunControls
        runner={runner}
        onRun={runCheck}
        runLabel="Run the check"
        disabledReason={disabledReason}
      />
      {result && (
        <div data-testid="check-result" data-passes={result.passes} className={styles.result}>
          <p className={result.passes ? styles.passBox : styles.failBox}>
            {result.passes ? 'Passes' : 'Fails'}: {result.relation}
          </p>
          <table className={styles.table}>
            <tbody>
              <tr>
                <th scope="row">{upper ? 'Bound' : 'Prediction'}</th>
                <td data-col="predicted">{formatValue(result.predicted, DIGITS)}</td>
              </tr>
              <tr>
                <th scope="row">Measured</th>
                <td data-col="measured">{formatValue(result.measured, DIGITS)}</td>
              </tr>
              {result.tolerance !== undefined && (
                <tr>
                  <th scope="row">Tolerance</th>
                  <td>{formatValue(result.tolerance, DIGITS)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <p className={styles.details}>
            <LinkedText text={result.details} />
          </p>
          <div data-testid="check-figure" ref={checkFigure}>
            <ResultChart result={result} upper={upper} />
          </div>
          {result.series && (
            <>
              <ExportButtons
                rows={seriesRows}
                basename={`overparam-${id}-check`}
                meta={{
                  bound: id,
                  x: result.series.x,
                  inputs: validated.inputs,
                  passes: result.passes,
                  relation: result.relation,
                  predicted: result.predicted,
                  measured: result.measured,
                  tolerance: result.tolerance,
                  seed: bound.empiricalCheck.seed,
                }}
                figure={checkFigure}
              />
              <details>
                <summary>The numbers ({result.series.points.length} points)</summary>
                <TableWrap label="The check's series">
                  <table className={styles.table} data-testid="check-series">
                    <thead>
                      <tr>
                        <th scope="col">{result.series.x}</th>
                        <th scope="col">{upper ? 'bound' : 'prediction'}</th>
                        <th scope="col">measured</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.series.points.map((p) => (
                        <tr key={p.x}>
                          <td>{formatValue(p.x, DIGITS)}</td>
                          <td>{formatValue(p.predicted, DIGITS)}</td>
                          <td>{formatValue(p.measured, DIGITS)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </details>
            </>
          )}
        </div>
      )}
    </div>
  );
}
