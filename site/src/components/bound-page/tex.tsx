import katex from 'katex';
import type { ReactNode } from 'react';
import styles from './bound-page.module.css';

/** KaTeX rendered to HTML + MathML (screen readers read the MathML); never throws on bad TeX. */
export function Tex({
  tex,
  display = false,
  label,
}: {
  tex: string;
  display?: boolean;
  /** Accessible name of a display formula's scrolling region. */
  label?: string;
}) {
  const html = katex.renderToString(tex, { displayMode: display, throwOnError: false });
  return display ? (
    // A long statement scrolls sideways; the scrolling box takes keyboard focus so it can be
    // scrolled without a mouse (axe: scrollable-region-focusable).
    <section
      className={styles.texDisplay}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
      tabIndex={0}
      aria-label={label ?? 'Formula'}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of the package's own statements.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    // A long inline formula (an assumption) scrolls inside itself on a phone; the client module
    // (src/client/katex.ts) gives it keyboard focus when it does overflow.
    <span
      className={styles.texInline}
      data-tex-scroll=""
      // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of the package's own statements.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

/** A table that may scroll sideways on narrow screens, reachable by keyboard when it does. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    <section className={styles.tableWrap} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
