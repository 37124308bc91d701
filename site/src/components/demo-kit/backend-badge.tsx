import type { BackendInfo } from '@overparam/tensor';
import styles from './demo-kit.module.css';

/** Props of {@link BackendBadge}. */
export interface BackendBadgeProps {
  /** What `initBackend` returned; null while it runs or when it failed. */
  info: BackendInfo | null;
  /** Why no backend started, when none did. */
  error?: string | null;
  /** List the backends 'auto' skipped, with reasons. Default true. */
  showSkipped?: boolean;
  /** A `data-testid` for tests. */
  testId?: string;
  /** The region's accessible name; unique per demo when a page has several. Default 'Backend'. */
  label?: string;
}

function adapterText(info: BackendInfo): string {
  const adapter = info.adapter;
  if (!adapter)
    return info.backend === 'wasm' || info.backend === 'cpu' ? 'CPU' : 'unknown adapter';
  const parts = [adapter.vendor, adapter.architecture, adapter.device || adapter.description];
  return Array.from(new Set(parts.filter(Boolean))).join(' · ') || 'unnamed adapter';
}

/**
 * Which TensorFlow.js backend runs the demo: name, adapter, software or hardware, float
 * precision (and SIMD/threads for wasm), plus what 'auto' skipped and why. Once a backend has
 * started, the root carries `data-backend="<name>"`.
 */
export function BackendBadge({
  info,
  error = null,
  showSkipped = true,
  testId,
  label = 'Backend',
}: BackendBadgeProps) {
  return (
    <section
      className={styles.badge}
      aria-label={label}
      data-testid={testId}
      data-backend={info?.backend}
    >
      {info ? (
        <>
          <div className={styles.badgeTitle}>
            <span className={styles.badgeName}>{info.backend}</span>
            <span className={styles.tag}>float{info.floatPrecision}</span>
            {info.adapter && (
              <span className={styles.tag}>
                {info.isSoftwareAdapter ? 'software adapter: correct, not fast' : 'hardware GPU'}
              </span>
            )}
            {info.wasm && (
              <span className={styles.tag}>
                SIMD {info.wasm.simd ? 'on' : 'off'}, threads {info.wasm.threads ? 'on' : 'off'}
              </span>
            )}
          </div>
          <span>{adapterText(info)}</span>
          {showSkipped && info.skipped.length > 0 && (
            <>
              <span>Skipped before it:</span>
              <ul className={styles.skipped}>
                {info.skipped.map((s) => (
                  <li key={s.backend}>
                    <code>{s.backend}</code>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : error ? (
        <span className={styles.error} role="alert">
          No backend started: {error}
        </span>
      ) : (
        <span>Starting a backend…</span>
      )}
    </section>
  );
}
