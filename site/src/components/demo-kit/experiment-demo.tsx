import useBaseUrl from '@docusaurus/useBaseUrl';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { BackendBadge } from './backend-badge';
import kit from './demo.module.css';
import type { StaticFigure } from './demo-frame';
import styles from './demo-kit.module.css';
import { downloadFile } from './download-file';
import { type ColumnSpec, formatCell, isNumericColumn } from './experiment';
import { ExportButtons } from './export-buttons';
import { SpecControl } from './spec-controls';
import { UrlStateControls } from './url-state-controls';
import type { AutoBackend } from './use-auto-backend';
import type { ExperimentState } from './use-experiment';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusText<I extends object, R extends object>(x: ExperimentState<I, R>): string {
  const { status, progress, elapsedSeconds, error, blocked } = x;
  const took = elapsedSeconds === null ? '' : ` in ${elapsedSeconds.toFixed(1)} s`;
  const said = progress.message ? `: ${progress.message}` : '.';
  // A setting the experiment refuses (or a backend still starting) says why, whatever ran before.
  if (blocked && status !== 'running') return blocked;
  switch (status) {
    case 'running':
      return `${progress.message || 'Running…'}${progress.total > 0 ? ` (${progress.done} of ${progress.total})` : ''}`;
    case 'done':
      return `Done${took}${said}`;
    case 'cancelled':
      return `Cancelled${took}.`;
    case 'error':
      return `Failed: ${errorText(error)}`;
    default:
      return blocked ?? 'Ready.';
  }
}

/** The run row: Run/Cancel, a progress bar (full when done), the status and the stale note. */
export function ExperimentStatus<I extends object, R extends object>({
  x,
}: {
  x: ExperimentState<I, R>;
}) {
  const running = x.status === 'running';
  const { done, total } = x.progress;
  const max = Math.max(total, 1);
  return (
    <div className={styles.runRow}>
      <button
        type="button"
        className="button button--primary"
        onClick={x.run}
        disabled={running || Boolean(x.blocked)}
      >
        {x.experiment.runLabel ?? 'Run'}
      </button>
      <button
        type="button"
        className="button button--secondary"
        onClick={x.cancel}
        disabled={!running}
      >
        Cancel
      </button>
      <progress
        className={styles.progress}
        aria-label="Progress of the run"
        max={max}
        value={x.status === 'done' ? max : running ? Math.min(done, max) : 0}
      />
      <p
        className={`${styles.status} ${x.status === 'error' ? styles.error : ''}`}
        role="status"
        aria-live="polite"
        data-testid="run-status"
      >
        {statusText(x)}
      </p>
      {x.stale && (
        <span className={styles.staleTag} data-testid="stale-note">
          Settings changed: {running ? 'recomputing…' : 'results below are for the old settings.'}
        </span>
      )}
    </div>
  );
}

/** The inputs of an experiment: main controls on top, the rest in a collapsed Advanced section. */
export function ExperimentControls<I extends object, R extends object>({
  x,
  children,
}: {
  x: ExperimentState<I, R>;
  /** Extra controls of the demo's own, shown with the advanced ones. */
  children?: ReactNode;
}) {
  const values = x.inputs as Record<string, unknown>;
  const visible = x.experiment.inputs.filter((spec) => spec.shown?.(values) ?? true);
  const control = (spec: (typeof visible)[number]) => (
    <SpecControl
      key={spec.key}
      spec={spec}
      value={values[spec.key]}
      onChange={(value) => x.set({ [spec.key]: value } as never)}
    />
  );
  return (
    <>
      <div className={kit.controls}>{visible.filter((s) => !s.advanced).map(control)}</div>
      <details className={styles.advanced}>
        <summary>Advanced settings, link and reset</summary>
        <div className={kit.controls}>
          {visible.filter((s) => s.advanced).map(control)}
          {children}
          <UrlStateControls state={x.url} />
        </div>
      </details>
    </>
  );
}

/** The results table, from the experiment's columns. */
export function ResultsTable<Row extends object>({
  columns,
  rows,
  caption,
  testId,
  rowAttributes,
  stale = false,
}: {
  columns: readonly ColumnSpec<Row>[];
  rows: readonly Row[];
  caption: string;
  testId?: string;
  /** data-* attributes of each row, for tests and highlighting. */
  rowAttributes?: (row: Row) => Record<string, string | number | boolean | undefined>;
  stale?: boolean;
}) {
  const shown = columns.filter((c) => !c.exportOnly);
  const numeric = shown.map((c) => isNumericColumn(c, rows));
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    <section className={kit.tableWrap} tabIndex={0} aria-label={caption}>
      <table className={`${kit.table} ${stale ? styles.stale : ''}`} data-testid={testId}>
        <caption className={kit.caption}>{caption}</caption>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={c.key} scope="col" className={numeric[i] ? kit.num : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={shown.length} className={kit.muted}>
                No results yet.
              </td>
            </tr>
          ) : (
            rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are append-only within a run.
              <tr key={r} {...rowAttributes?.(row)}>
                {shown.map((c, i) => (
                  <td key={c.key} className={numeric[i] ? kit.num : undefined} data-col={c.key}>
                    {formatCell(c, row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

/** The script, in a region that scrolls by itself and is reachable by keyboard. */
function ScriptCode({ file, script }: { file: string; script: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    <section className={styles.code} tabIndex={0} aria-label={`Node script ${file}`}>
      <pre data-testid="node-script">
        <code>{script}</code>
      </pre>
    </section>
  );
}

/** "Run it in Node": the script that reproduces the current settings, to copy or download. */
export function NodeScript<I extends object, R extends object>({
  x,
}: {
  x: ExperimentState<I, R>;
}) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const id = useId();
  const script = open ? x.experiment.nodeScript(x.inputs) : '';
  const file = `overparam-${x.experiment.id}.mjs`;
  return (
    <div className={styles.nodeScript}>
      <button
        type="button"
        className="button button--outline button--primary button--sm"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
      >
        Run it in Node
      </button>
      {open && (
        <div id={id} className={styles.nodeScriptBody}>
          <p className={kit.muted}>
            These settings as a script: save it as <code>{file}</code>, install the packages named
            in its first lines, and run <code>node {file}</code>. It prints the same rows.
          </p>
          <div className={styles.buttons}>
            <button
              type="button"
              className="button button--secondary button--sm"
              onClick={() => downloadFile(file, 'text/javascript', script)}
            >
              Download {file}
            </button>
            <button
              type="button"
              className="button button--secondary button--sm"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(script);
                  setCopied(true);
                } catch {
                  setCopied(false);
                }
              }}
            >
              Copy
            </button>
            <span className={styles.hint} aria-live="polite">
              {copied ? 'Copied.' : ''}
            </span>
          </div>
          <ScriptCode file={file} script={script} />
        </div>
      )}
    </div>
  );
}

/** Props of {@link ExperimentDemo}. */
export interface ExperimentDemoProps<Inputs extends object, Row extends object> {
  x: ExperimentState<Inputs, Row>;
  /** The precomputed figure: shown in the figure's place until the live run's first row. */
  staticFigure?: StaticFigure;
  /** "What to look at": two sentences under the figure. */
  caption?: ReactNode;
  /** The live figure (charts drawn from x.rows); rendered once there are rows. */
  figure: ReactNode;
  /** The backend the run uses, when it uses one (shows the badge). */
  backend?: AutoBackend;
  /** A line under the figure that summarizes the rows (peak, fit, …). */
  summary?: ReactNode;
  /** Table rows (default x.rows) and the table caption. */
  tableRows?: readonly Row[];
  tableCaption?: string;
  rowAttributes?: (row: Row) => Record<string, string | number | boolean | undefined>;
  /** Extra controls of the demo's own, in the Advanced section. */
  extraControls?: ReactNode;
  /** Anything else the demo shows under the figure (a scrubber, a note). */
  children?: ReactNode;
  /** Extra fields of the JSON export. */
  meta?: Record<string, unknown>;
}

/**
 * One demo, laid out the same way everywhere: the figure first (the precomputed one until the
 * live run draws, the live one greyed while it is stale), its caption, the run row, the main
 * controls, the collapsed advanced ones, then the results table, exports and the Node script.
 * The root carries data-testid="<id>-demo", data-status, data-stale and data-seconds.
 */
export function ExperimentDemo<Inputs extends object, Row extends object>({
  x,
  staticFigure,
  caption,
  figure,
  backend,
  summary,
  tableRows,
  tableCaption,
  rowAttributes,
  extraControls,
  children,
  meta,
}: ExperimentDemoProps<Inputs, Row>) {
  const figureRef = useRef<HTMLDivElement>(null);
  const staticSrc = useBaseUrl(staticFigure?.src ?? '/');
  const live = x.rows.length > 0;
  const columns: readonly ColumnSpec<Row>[] = x.experiment.columns;
  return (
    <div
      className={kit.demo}
      data-testid={`${x.experiment.id}-demo`}
      data-status={x.status}
      data-stale={x.stale ? 'true' : 'false'}
      data-seconds={x.elapsedSeconds ?? ''}
    >
      <div
        ref={figureRef}
        data-testid="demo-figure"
        className={`${kit.charts} ${x.stale ? styles.stale : ''}`}
      >
        {live || !staticFigure ? (
          figure
        ) : (
          <figure className={styles.figure}>
            <img
              src={staticSrc}
              alt={staticFigure.alt}
              width={staticFigure.width}
              height={staticFigure.height}
            />
          </figure>
        )}
      </div>
      {caption && <p className={styles.whatToSee}>{caption}</p>}
      {summary && <div className={kit.muted}>{summary}</div>}
      {children}
      <ExperimentStatus x={x} />
      <ExperimentControls x={x}>{extraControls}</ExperimentControls>
      {backend && (
        <BackendBadge
          testId="backend-badge"
          label={`Backend of ${x.experiment.title}`}
          info={backend.info}
          error={backend.error}
        />
      )}
      <ResultsTable
        columns={columns}
        rows={tableRows ?? x.rows}
        caption={tableCaption ?? x.experiment.title}
        testId={`${x.experiment.id}-results`}
        rowAttributes={rowAttributes}
        stale={x.stale}
      />
      <div className={styles.buttons}>
        <ExportButtons
          rows={x.rows}
          columns={columns.map((c) => c.key)}
          basename={`overparam-${x.experiment.id}`}
          figure={figureRef}
          meta={{
            experiment: x.experiment.title,
            inputs: x.shownInputs,
            ...meta,
            userAgent: typeof navigator === 'undefined' ? undefined : navigator.userAgent,
            date: new Date().toISOString(),
          }}
        />
        <NodeScript x={x} />
      </div>
    </div>
  );
}

/** Props of {@link StepScrubber}. */
export interface StepScrubberProps {
  /** The steps that can be shown, ascending. */
  steps: readonly number[];
  value: number;
  onChange: (step: number) => void;
  label?: string;
}

/**
 * Play/pause and a slider over the measured steps of a training run: scrub to any step, or
 * play the run back (about 4 s end to end).
 */
export function StepScrubber({ steps, value, onChange, label = 'Step' }: StepScrubberProps) {
  const [playing, setPlaying] = useState(false);
  const id = useId();
  const index = Math.max(0, steps.indexOf(value) >= 0 ? steps.indexOf(value) : steps.length - 1);
  const stepsRef = useRef(steps);
  stepsRef.current = steps;
  const indexRef = useRef(index);
  indexRef.current = index;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(
      () => {
        const list = stepsRef.current;
        const next = indexRef.current + 1;
        if (next >= list.length) {
          setPlaying(false);
          return;
        }
        onChange(list[next] as number);
      },
      Math.max(16, 4000 / Math.max(1, steps.length)),
    );
    return () => clearInterval(timer);
  }, [playing, onChange, steps.length]);
  if (steps.length === 0) return null;
  return (
    <div className={styles.scrubber}>
      <button
        type="button"
        className="button button--secondary button--sm"
        aria-pressed={playing}
        onClick={() => {
          if (!playing && index >= steps.length - 1) onChange(steps[0] as number);
          setPlaying((p) => !p);
        }}
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <label htmlFor={id} className={styles.label}>
        {label} {value}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={steps.length - 1}
        step={1}
        value={index}
        aria-valuetext={`${label} ${value}`}
        onChange={(event) => {
          setPlaying(false);
          onChange(steps[Number(event.target.value)] as number);
        }}
      />
    </div>
  );
}
