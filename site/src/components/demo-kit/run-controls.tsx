import styles from './demo-kit.module.css';
import type { Runner } from './use-runner';

/** Props of {@link RunControls}. */
export interface RunControlsProps {
  runner: Runner;
  /** Starts the run, typically `() => runner.run(task, total)`. */
  onRun: () => void;
  /** The run button's text and accessible name. Default 'Run'. */
  runLabel?: string;
  /** The cancel button's text and accessible name. Default 'Cancel'. */
  cancelLabel?: string;
  /** Why the run button is disabled, when it is (shown as the status). */
  disabledReason?: string | null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusText(runner: Runner, disabledReason: string | null | undefined): string {
  const { status, progress, elapsedSeconds, error } = runner;
  const steps = progress.total > 0 ? ` (${progress.done} of ${progress.total})` : '';
  const took = elapsedSeconds === null ? '' : ` in ${elapsedSeconds.toFixed(1)} s`;
  switch (status) {
    case 'running':
      return `${progress.message || 'Running…'}${steps}`;
    case 'done':
      return `Done${took}${steps}.`;
    case 'cancelled':
      return `Cancelled${took}${steps}.`;
    case 'error':
      return `Failed: ${errorText(error)}`;
    default:
      return disabledReason ?? 'Ready.';
  }
}

/**
 * The run button, a cancel button, a `<progress>` bar and a polite live status line.
 */
export function RunControls({
  runner,
  onRun,
  runLabel = 'Run',
  cancelLabel = 'Cancel',
  disabledReason,
}: RunControlsProps) {
  const running = runner.status === 'running';
  const { done, total } = runner.progress;
  return (
    <div className={styles.runRow}>
      <button
        type="button"
        className="button button--primary"
        onClick={onRun}
        disabled={running || Boolean(disabledReason)}
      >
        {runLabel}
      </button>
      <button
        type="button"
        className="button button--secondary"
        onClick={runner.cancel}
        disabled={!running}
      >
        {cancelLabel}
      </button>
      <progress
        className={styles.progress}
        aria-label="Progress of the run"
        max={Math.max(total, 1)}
        value={running || runner.status !== 'idle' ? done : 0}
      />
      <p
        className={`${styles.status} ${runner.status === 'error' ? styles.error : ''}`}
        role="status"
        aria-live="polite"
      >
        {statusText(runner, disabledReason)}
      </p>
    </div>
  );
}
