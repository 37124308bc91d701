import { useState } from 'react';
import styles from './demo-kit.module.css';
import type { UrlState } from './use-url-state';

/** Props of {@link UrlStateControls}. */
export interface UrlStateControlsProps {
  state: Pick<UrlState<never>, 'reset' | 'isDefault' | 'shareUrl'>;
}

/** "Copy link" (the URL that reproduces these settings) and "Reset" (back to the defaults). */
export function UrlStateControls({ state }: UrlStateControlsProps) {
  const [copied, setCopied] = useState<{ ok: boolean; url: string } | null>(null);
  const copy = async () => {
    const url = state.shareUrl();
    try {
      await navigator.clipboard.writeText(url);
      setCopied({ ok: true, url });
    } catch {
      // No clipboard (insecure origin, permission denied): show the link to copy by hand.
      setCopied({ ok: false, url });
    }
  };
  return (
    <div className={styles.control}>
      <div className={styles.buttons}>
        <button type="button" className="button button--secondary button--sm" onClick={copy}>
          Copy link
        </button>
        <button
          type="button"
          className="button button--secondary button--sm"
          onClick={() => {
            state.reset();
            setCopied(null);
          }}
          disabled={state.isDefault}
        >
          Reset
        </button>
      </div>
      <span className={styles.hint} aria-live="polite">
        {copied?.ok && 'Link copied to the clipboard.'}
      </span>
      {copied && !copied.ok && (
        <label className={styles.hint}>
          Copy this link:
          <input
            className={`${styles.input} ${styles.linkBox}`}
            readOnly
            value={copied.url}
            onFocus={(event) => event.target.select()}
          />
        </label>
      )}
    </div>
  );
}
