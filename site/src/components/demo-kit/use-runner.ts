import { useCallback, useEffect, useRef, useState } from 'react';

/** Where a run stands. `data-status` attributes use these words. */
export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** Progress of a run: `done` of `total` steps, and what is happening now. */
export interface RunProgress {
  done: number;
  total: number;
  message: string;
}

/** What a task gets: the signal to honour, and a way to report progress. */
export interface TaskContext {
  /** Aborted when the reader presses Cancel or leaves the page; pass it on to long work. */
  signal: AbortSignal;
  /** Updates the progress (fields not given keep their value). */
  report: (progress: Partial<RunProgress>) => void;
}

/** What {@link useRunner} returns. */
export interface Runner {
  status: RunStatus;
  progress: RunProgress;
  /** The error of the last run, when `status` is 'error'. */
  error: unknown;
  /** Seconds the last finished run took. */
  elapsedSeconds: number | null;
  /** Starts `task` (a run already going is cancelled first). */
  run: (task: (context: TaskContext) => Promise<void>, total?: number) => Promise<void>;
  /** Aborts the running task's signal. */
  cancel: () => void;
}

const IDLE: RunProgress = { done: 0, total: 0, message: '' };

/**
 * Runs one cancellable async task at a time and tracks its status and progress.
 * Cancel aborts the task's AbortSignal; a task that then stops (typically by rejecting with
 * the signal's reason) ends as 'cancelled', not 'error'.
 */
export function useRunner(): Runner {
  const [status, setStatus] = useState<RunStatus>('idle');
  const [progress, setProgress] = useState<RunProgress>(IDLE);
  const [error, setError] = useState<unknown>(null);
  const [elapsedSeconds, setElapsedSeconds] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(async (task: (context: TaskContext) => Promise<void>, total = 0) => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    const live = () => controller.current === own;
    setStatus('running');
    setError(null);
    setElapsedSeconds(null);
    setProgress({ done: 0, total, message: '' });
    const t0 = performance.now();
    const report = (next: Partial<RunProgress>) => {
      if (live()) setProgress((current) => ({ ...current, ...next }));
    };
    let outcome: RunStatus = 'done';
    try {
      await task({ signal: own.signal, report });
      if (own.signal.aborted) outcome = 'cancelled';
    } catch (caught) {
      outcome = own.signal.aborted ? 'cancelled' : 'error';
      if (outcome === 'error' && live()) setError(caught);
    }
    if (!live()) return;
    controller.current = null;
    setElapsedSeconds((performance.now() - t0) / 1000);
    setStatus(outcome);
  }, []);

  const cancel = useCallback(() => {
    controller.current?.abort(new DOMException('Cancelled by the reader.', 'AbortError'));
  }, []);

  return { status, progress, error, elapsedSeconds, run, cancel };
}
