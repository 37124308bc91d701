import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type Experiment,
  type ExperimentEnv,
  type ExperimentProgress,
  inputsKey,
} from './experiment';
import { schemaFor } from './spec-controls';
import { type RunStatus, useRunner } from './use-runner';
import { type UrlState, useUrlState } from './use-url-state';

/** How long after the last change a reactive experiment re-runs. */
export const RERUN_DELAY_MS = 500;
/** Streamed rows reach the page at most this often (one redraw of the charts per batch). */
export const ROW_BATCH_MS = 150;

/** Options of {@link useExperiment}. */
export interface UseExperimentOptions {
  /** False while something the run needs is not there yet (the backend is starting). */
  ready?: boolean;
  /** Why it is not ready, shown as the status. */
  notReadyReason?: string | null;
  env?: ExperimentEnv;
}

/** What {@link useExperiment} returns: everything the kit's components draw. */
export interface ExperimentState<Inputs extends object, Row extends object> {
  experiment: Experiment<Inputs, Row>;
  /** The controls' values (mirrored to the URL). */
  inputs: Inputs;
  url: UrlState<Record<string, never>>;
  /** Changes some inputs; a reactive experiment re-runs {@link RERUN_DELAY_MS} later. */
  set: (patch: Partial<Inputs>) => void;
  /** The rows on screen: of the running settings once their first row came, else the last run's. */
  rows: readonly Row[];
  /** The settings the rows on screen belong to (null before the first row). */
  shownInputs: Inputs | null;
  /** True when the rows on screen belong to other settings than the controls show. */
  stale: boolean;
  status: RunStatus;
  progress: ExperimentProgress;
  error: unknown;
  /** Seconds of the last finished run (from its start to its last row). */
  elapsedSeconds: number | null;
  /** Why a run cannot start now (not ready, or the experiment's own check); null when it can. */
  blocked: string | null;
  /** Runs the current settings now. */
  run: () => void;
  cancel: () => void;
}

/**
 * The state of one experiment on a page: URL-backed inputs, the run (cancelled and restarted
 * when a setting changes), the streamed rows, and whether they are stale. A reactive experiment
 * (the default) runs its defaults as soon as it is ready and re-runs shortly after the reader
 * stops changing a control; old rows stay on screen, greyed, until the new run's first row.
 */
export function useExperiment<Inputs extends object, Row extends object>(
  experiment: Experiment<Inputs, Row>,
  options: UseExperimentOptions = {},
): ExperimentState<Inputs, Row> {
  const { ready = true, notReadyReason = null, env } = options;
  const [schema] = useState(() => schemaFor(experiment.inputs));
  const url = useUrlState(schema) as unknown as UrlState<Record<string, never>>;
  const inputs = url.values as unknown as Inputs;
  const key = useMemo(() => inputsKey(inputs), [inputs]);
  const runner = useRunner();
  const [shown, setShown] = useState<{ key: string; inputs: Inputs; rows: Row[] } | null>(null);
  const reactive = experiment.reactive !== false;
  const envRef = useRef(env);
  envRef.current = env;

  const checkMessage = useMemo(() => experiment.check?.(inputs) ?? null, [experiment, inputs]);
  const blocked = !ready ? (notReadyReason ?? 'Starting…') : checkMessage;

  const run = useCallback(() => {
    if (blocked) return;
    const own = { key, inputs };
    let first = true;
    // Rows reach the page in batches, at most one redraw per ROW_BATCH_MS (the first at once):
    // a training run streams hundreds of rows, and each redraw re-plots every chart.
    let buffer: Row[] = [];
    let lastFlush = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      lastFlush = performance.now();
      const rows = buffer;
      buffer = [];
      if (rows.length === 0) return;
      if (first) {
        first = false;
        setShown({ key: own.key, inputs: own.inputs, rows });
      } else {
        setShown((current) =>
          current && current.key === own.key
            ? { ...current, rows: [...current.rows, ...rows] }
            : current,
        );
      }
    };
    void runner.run(async ({ signal, report }) => {
      signal.addEventListener('abort', () => {
        if (timer !== null) clearTimeout(timer);
        buffer = [];
      });
      const onRow = (row: Row) => {
        if (signal.aborted) return;
        buffer.push(row);
        const since = performance.now() - lastFlush;
        if (first || since >= ROW_BATCH_MS) flush();
        else timer ??= setTimeout(flush, ROW_BATCH_MS - since);
      };
      await experiment.run(own.inputs, { signal, onRow, report, env: envRef.current ?? {} });
      if (signal.aborted) return;
      flush();
      // A run that ends without a row leaves nothing of the old settings on screen.
      if (first) setShown({ key: own.key, inputs: own.inputs, rows: [] });
    }, experiment.total?.(inputs) ?? 0);
  }, [blocked, key, inputs, runner.run, experiment]);

  // Reactive: run the defaults once ready, and re-run a moment after the last change.
  const lastScheduled = useRef<string | null>(null);
  useEffect(() => {
    if (!reactive || blocked || lastScheduled.current === key) return;
    const delay = lastScheduled.current === null ? 0 : RERUN_DELAY_MS;
    const timer = setTimeout(() => {
      lastScheduled.current = key;
      run();
    }, delay);
    return () => clearTimeout(timer);
  }, [reactive, blocked, key, run]);

  const set = useCallback((patch: Partial<Inputs>) => url.set(patch as never), [url.set]);

  return {
    experiment,
    inputs,
    url,
    set,
    rows: shown?.rows ?? [],
    shownInputs: shown?.inputs ?? null,
    stale: shown !== null && shown.key !== key,
    status: runner.status,
    progress: runner.progress,
    error: runner.error,
    elapsedSeconds: runner.elapsedSeconds,
    blocked,
    run,
    cancel: runner.cancel,
  };
}
