// Client module (see docusaurus.config.ts): KaTeX's CSS and fonts from node_modules, and
// keyboard access to display formulas too wide for the column.
import 'katex/dist/katex.min.css';

// custom.css lets a wide `.katex-display` (and bound pages' inline `[data-tex-scroll]` formulas) scroll sideways instead of overflowing the page. A
// scrolling region must be reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable),
// so each display formula that actually overflows gets tabindex="0" and a label; one that fits
// gets no extra tab stop. Re-checked after every route change, on resize, and when the DOM
// changes (demos and bound pages render formulas after hydration).
const MARK = 'data-overparam-scroll';

function markOverflowing(): void {
  for (const el of document.querySelectorAll<HTMLElement>('.katex-display, [data-tex-scroll]')) {
    const overflows = el.scrollWidth > el.clientWidth + 1;
    if (overflows && !el.hasAttribute(MARK)) {
      el.setAttribute(MARK, '');
      el.tabIndex = 0;
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', 'Formula (scrolls sideways)');
    } else if (!overflows && el.hasAttribute(MARK)) {
      el.removeAttribute(MARK);
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
    }
  }
}

let scheduled = false;
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    markOverflowing();
  });
}

if (typeof window !== 'undefined') {
  window.addEventListener('resize', schedule);
  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
}

export function onRouteDidUpdate(): void {
  schedule();
}
