import * as Plot from '@observablehq/plot';
import { type AnyBound, type EmpiricalResult, getBound, type InputSpec } from '@overparam/bounds';
import { useEffect, useId, useMemo, useState } from 'react';
import {
  BackendBadge,
  Chart,
  choiceParam,
  messageOf,
  NumberControl,
  numberParam,
  RunControls,
  SelectControl,
  type UrlParam,
  UrlStateControls,
  useAutoBackend,
  useRunner,
  useUrlState,
} from '../demo-kit';
import styles from './bound-page.module.css';
import { LinkedText } from './linked-text';
import { formatNumber, TableWrap, Tex } from './tex';

/** A comma-separated list of numbers, order kept (numberListParam sorts, which a spectrum must not). */
function listParam(spec: InputSpec): UrlParam<readonly number[]> {
  const fallback = Array.isArray(spec.default) ? spec.default : [spec.default as number];
  return {
    defaultValue: fallback,
    parse: (text) => {
      const list = text.split(',').map((s) => Number(s.trim()));
      return list.length > 0 && list.every(Number.isFinite) ? list : undefined;
    },
    normalize: (value) => value,
    serialize: (value) => value.join(','),
  };
}

function schemaFor(bound: AnyBound): Record<string, UrlParam<unknown>> {
  const schema: Record<string, UrlParam<unknown>> = {};
  for (const s of bound.inputs) {
    schema[s.key] = (
      s.type === 'choice'
        ? choiceParam({ values: s.choices ?? [], default: s.default as string })
        : s.type === 'number-list'
          ? listParam(s)
          : numberParam({
              default: s.default as number,
              ...(s.min === undefined ? {} : { min: s.min }),
              ...(s.max === undefined ? {} : { max: s.max }),
              integer: s.type === 'integer',
            })
    ) as UrlParam<unknown>;
  }
  return schema;
}

function ListControl({
  spec,
  value,
  onChange,
}: {
  spec: InputSpec;
  value: readonly number[];
  onChange: (v: number[]) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className={styles.control}>
      <label htmlFor={id} className={styles.controlLabel}>
        {spec.label}
      </label>
      <input
        id={id}
        className={styles.textInput}
        value={draft ?? value.join(', ')}
        onChange={(e) => {
          setDraft(e.target.value);
          const list = e.target.value.split(',').map((s) => Number(s.trim()));
          if (list.length > 0 && list.every(Number.isFinite)) onChange(list);
        }}
        onBlur={() => setDraft(null)}
      />
      <span className={styles.hint}>
        <LinkedText text={spec.description} />
      </span>
    </div>
  );
}

function InputControl({
  spec,
  value,
  onChange,
}: {
  spec: InputSpec;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  if (spec.type === 'number-list') {
    return <ListControl spec={spec} value={value as readonly number[]} onChange={onChange} />;
  }
  if (spec.type === 'choice') {
    return (
      <SelectControl
        label={spec.label}
        hint={spec.description}
        value={value as string}
        options={(spec.choices ?? []).map((c) => ({ value: c }))}
        onChange={onChange}
      />
    );
  }
  const min = spec.min ?? -1e12;
  const max = spec.max ?? 1e12;
  const step = spec.step ?? (spec.type === 'integer' ? 1 : 'any');
  const numericStep = typeof step === 'number' ? step : (max - min) / 1000;
  const slider =
    spec.min !== undefined && spec.max !== undefined && (max - min) / numericStep <= 5000;
  return (
    <NumberControl
      label={spec.unit ? `${spec.label} (${spec.unit})` : spec.label}
      hint={spec.description}
      min={min}
      max={max}
      step={typeof step === 'number' ? step : undefined}
      slider={slider}
      value={value as number}
      onChange={onChange}
    />
  );
}

function ResultChart({ result, upper }: { result: EmpiricalResult; upper: boolean }) {
  const series = result.series;
  const rows = useMemo(
    () =>
      (series?.points ?? []).flatMap((p) => [
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
      marks={markFor}
    />
  );
}

function markFor(data: readonly { x: number; value: number; which: string }[]): Plot.Markish[] {
  const rows = data as { x: number; value: number; which: string }[];
  return [
    Plot.line(rows, {
      x: 'x',
      y: 'value',
      stroke: 'which',
      z: 'which',
      marker: 'circle-stroke',
      strokeWidth: 2,
    }),
    Plot.text(
      rows,
      Plot.selectLast({
        x: 'x',
        y: 'value',
        z: 'which',
        text: 'which',
        dx: 8,
        textAnchor: 'start',
      }),
    ),
    Plot.tip(rows, Plot.pointer({ x: 'x', y: 'value', stroke: 'which' })),
  ];
}

/**
 * The live half of a bound page: inputs (URL state), assumption checks, the value with its
 * terms and caveats, and the empirical check with bound against measurement. Browser-only.
 */
export default function BoundPageLive({ id }: { id: string }) {
  const bound = getBound(id);
  const [schema] = useState(() => schemaFor(bound));
  const state = useUrlState(schema);
  const runner = useRunner();
  const { info, error: backendError } = useAutoBackend();
  const [result, setResult] = useState<EmpiricalResult | null>(null);

  const validated = useMemo(() => {
    try {
      return { inputs: bound.validate(state.values), error: null };
    } catch (e) {
      return { inputs: null, error: messageOf(e) };
    }
  }, [bound, state.values]);

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
  const disabledReason = validated.error
    ? 'Fix the inputs first.'
    : !info && !backendError
      ? 'Starting a backend…'
      : !info
        ? 'No backend could start.'
        : null;

  return (
    <div className={styles.live} data-testid="bound-live" data-status={runner.status}>
      <BackendBadge testId="backend-badge" info={info} error={backendError} showSkipped={false} />
      <div className={styles.controls}>
        {bound.inputs.map((spec) => (
          <InputControl
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
              return (
                <li
                  key={a.id}
                  data-assumption={a.id}
                  data-holds={a.holds}
                  className={a.holds ? styles.cardOk : styles.cardBad}
                >
                  <p className={styles.cardHead}>
                    <span className={a.holds ? styles.ok : styles.bad}>
                      {a.holds ? '✓ holds' : '✗ broken'}
                    </span>{' '}
                    <Tex tex={statement} />
                  </p>
                  <p className={styles.cardCheck}>
                    Checked:{' '}
                    <strong>{typeof a.value === 'number' ? formatNumber(a.value) : a.value}</strong>{' '}
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
              An assumption is broken for these inputs (see above): the theorem does not cover them,
              so it gives no value.
              {ev.formulaValue === null || ev.formulaValue === undefined
                ? ' The formula has no finite value here either.'
                : ' The formula evaluated anyway is shown below it, as a guide only.'}
            </p>
          )}
          <p className={styles.value}>
            {ev.valueLabel}:{' '}
            <output data-testid="bound-value" data-value={ev.value ?? ''}>
              {ev.value === null ? 'not given' : formatNumber(ev.value)}
            </output>
          </p>
          {ev.status === 'assumption-broken' &&
            ev.formulaValue !== null &&
            ev.formulaValue !== undefined && (
              <p className={styles.value}>
                Formula value outside the assumptions (not covered by the theorem):{' '}
                <output data-testid="formula-value" data-value={ev.formulaValue}>
                  {formatNumber(ev.formulaValue)}
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
                    <td className={t.value === null ? styles.unspecified : undefined}>
                      {formatNumber(t.value)}
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
                <td data-col="predicted">{formatNumber(result.predicted)}</td>
              </tr>
              <tr>
                <th scope="row">Measured</th>
                <td data-col="measured">{formatNumber(result.measured)}</td>
              </tr>
              {result.tolerance !== undefined && (
                <tr>
                  <th scope="row">Tolerance</th>
                  <td>{formatNumber(result.tolerance)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <p className={styles.details}>
            <LinkedText text={result.details} />
          </p>
          <div data-testid="check-figure">
            <ResultChart result={result} upper={upper} />
          </div>
          {result.series && (
            <details>
              <summary>The numbers ({result.series.points.length} points)</summary>
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
                      <td>{formatNumber(p.x)}</td>
                      <td>{formatNumber(p.predicted)}</td>
                      <td>{formatNumber(p.measured)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
