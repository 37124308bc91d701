#!/usr/bin/env node
// Is any main page of the built site wider than the screen, and are its tap targets big
// enough? At a phone (390×844, touch) and a laptop (1280×800) viewport, each page reports
//
// - whether the document scrolls sideways (document.documentElement.scrollWidth > innerWidth),
// - the outermost visible elements that stick out past the right edge and are not inside a
//   box that scrolls on its own (those are harmless), and
// - on the phone, the visible controls (buttons, links outside prose, inputs, selects,
//   summaries) shorter than 44 px, counted by kind.
//
//   node test/e2e/page-overflow.mjs [build dir]      (default site/build)
//
// pageOverflows(baseUrl, paths, browser) is exported for the e2e runner.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuiltSite } from '../lib/browser.mjs';
import { MAIN_PAGES } from './page-weight.mjs';

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844, touch: true },
  { name: 'laptop', width: 1280, height: 800, touch: false },
];

/** Tap targets smaller than this (CSS px) are reported on touch viewports (WCAG 2.5.5). */
export const MIN_TARGET_PX = 44;

const SETTLE_MS = 2_000;

/** Runs in the page: what sticks out, and which controls are small. */
export function measure({ minTarget, width }) {
  // A mobile browser widens its layout viewport (innerWidth) to content that overflows and
  // zooms out; measure against the device width instead.
  const vw = width;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    const cls = [...el.classList].filter((c) => !/^(?:css-|_)/.test(c)).slice(0, 3);
    if (cls.length) s += `.${cls.join('.')}`;
    const testid = el.getAttribute('data-testid');
    if (testid) s += `[data-testid=${testid}]`;
    return s;
  };
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(describe(e));
    }
    return parts.join(' > ');
  };
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  /** Inside a box that clips or scrolls sideways, or a fixed layer (off-canvas menus). */
  const contained = (el) => {
    if (getComputedStyle(el).position === 'fixed') return true;
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.position === 'fixed') return true;
      if (
        ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) &&
        e.getBoundingClientRect().right <= vw + 1
      ) {
        return true;
      }
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1 || !visible(el) || contained(el)) continue;
    // Report the outermost offender only.
    const parent = el.parentElement;
    if (parent && parent !== document.body) {
      const p = parent.getBoundingClientRect();
      if (p.right > vw + 1 && visible(parent) && !contained(parent)) continue;
    }
    wide.push({ element: path(el), right: Math.round(r.right), width: Math.round(r.width) });
  }

  const small = {};
  const controls = document.querySelectorAll(
    'button, .button, select, input, summary, label:has(> input[type=checkbox]), label:has(> input[type=radio]), nav a, .menu__link, footer a, .pagination-nav__link',
  );
  for (const el of controls) {
    if (!visible(el) || el.closest('[aria-hidden=true]')) continue;
    // A checkbox or radio counts through its label, which is the target.
    if (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) continue;
    if (el.matches('input[type=hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.height >= minTarget - 0.5) continue;
    let kind = el.tagName.toLowerCase();
    if (el.matches('input')) kind = `input[type=${el.type}]`;
    else if (el.matches('label')) kind = 'label(checkbox/radio)';
    else if (el.matches('.menu__link')) kind = 'menu link';
    else if (el.matches('.button')) kind = '.button';
    small[kind] ??= { count: 0, minHeight: Number.POSITIVE_INFINITY, example: '' };
    const entry = small[kind];
    entry.count += 1;
    if (r.height < entry.minHeight) {
      entry.minHeight = Math.round(r.height);
      entry.example = path(el);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    overflows: document.documentElement.scrollWidth > vw || window.innerWidth > vw,
    wide: wide.slice(0, 12),
    small,
  };
}

/**
 * Loads each of `paths` under `baseUrl` in `browser` (a playwright-core Browser) at each of
 * `viewports` and measures what overflows. Resolves to [{ path, viewport, scrollWidth,
 * innerWidth, overflows, wide: [{ element, right, width }], small: { kind: { count,
 * minHeight, example } }, notes }].
 */
export async function pageOverflows(baseUrl, paths, browser, { viewports = VIEWPORTS } = {}) {
  const results = [];
  for (const viewport of viewports) {
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height },
      isMobile: viewport.touch,
      hasTouch: viewport.touch,
      deviceScaleFactor: viewport.touch ? 3 : 1,
    });
    for (const path of paths) {
      const page = await context.newPage();
      const notes = [];
      try {
        await page.goto(new URL(path.replace(/^\//, ''), baseUrl).href, { waitUntil: 'load' });
        await page
          .waitForFunction(() => document.documentElement.dataset.hasHydrated === 'true', null, {
            timeout: 15_000,
          })
          .catch(() => notes.push('did not hydrate'));
        await page
          .waitForFunction(
            () => !document.body.textContent.includes('Loading the live demo'),
            null,
            {
              timeout: 20_000,
            },
          )
          .catch(() => notes.push('demo still loading'));
        await page.waitForTimeout(SETTLE_MS);
        results.push({
          path,
          viewport: viewport.name,
          ...(await page.evaluate(measure, {
            minTarget: viewport.touch ? MIN_TARGET_PX : 0,
            width: viewport.width,
          })),
          notes,
        });
      } catch (error) {
        notes.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
        results.push({
          path,
          viewport: viewport.name,
          overflows: null,
          wide: [],
          small: {},
          notes,
        });
      }
      await page.close();
    }
    await context.close();
  }
  return results;
}

/** A markdown report of {@link pageOverflows} records. */
export function overflowReport(records) {
  const lines = [
    '| page | viewport | scrollWidth / innerWidth (device width) | sticks out (outermost) | controls < 44 px (phone) |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of records) {
    const wide = r.wide.map((w) => `\`${w.element}\` (right ${w.right})`).join('<br>') || '—';
    const small =
      Object.entries(r.small)
        .map(([kind, s]) => `${kind} ×${s.count} (min ${s.minHeight} px)`)
        .join(', ') || '—';
    const device = VIEWPORTS.find((v) => v.name === r.viewport)?.width;
    const ratio =
      r.overflows === null
        ? 'error'
        : `${r.scrollWidth} / ${r.innerWidth} (${device})${r.overflows ? ' **overflows**' : ''}`;
    lines.push(
      `| ${r.path} | ${r.viewport} | ${ratio}${r.notes.length ? ` (${r.notes.join('; ')})` : ''} | ${wide} | ${r.viewport === 'phone' ? small : ''} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  await withBuiltSite(process.argv[2], root, async (server, browser) => {
    const paths = process.env.PAGE_OVERFLOW_ONLY
      ? MAIN_PAGES.filter((p) => p.includes(process.env.PAGE_OVERFLOW_ONLY))
      : MAIN_PAGES;
    const records = await pageOverflows(server.url, paths, browser);
    console.log(overflowReport(records));
    if (process.env.PAGE_OVERFLOW_DETAILS) {
      for (const r of records) {
        for (const [kind, s] of Object.entries(r.small)) {
          console.log(`${r.path} ${r.viewport} ${kind}: ${s.example}`);
        }
      }
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
