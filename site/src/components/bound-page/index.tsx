import BrowserOnly from '@docusaurus/BrowserOnly';
import Link from '@docusaurus/Link';
import { useDocsVersion } from '@docusaurus/plugin-content-docs/client';
import useGlobalData from '@docusaurus/useGlobalData';
import { type AnyBound, getBound, listBounds } from '@overparam/bounds';
import CodeBlock from '@theme/CodeBlock';
import { lazy, Suspense } from 'react';
import { formatValue } from '../demo-kit/experiment';
import { LinkedText } from '../demo-kit/linked-text';
import styles from './bound-page.module.css';
import { TableWrap, Tex } from './tex';

export { BoundCurve } from './bound-curve';

const Live = lazy(() => import('./bound-page-live'));

const KIND_TEXT: Record<AnyBound['kind'], string> = {
  'upper-bound': 'upper bound (finite sample)',
  asymptotic: 'asymptotic formula (limit)',
  rate: 'rate',
  scaling: 'scaling (constants unspecified)',
};

function CitationLine({ bound }: { bound: AnyBound }) {
  const c = bound.citation;
  return (
    <p className={styles.citation}>
      {c.authors}. <cite>{c.title}</cite>. {c.venue}, {c.year}.{' '}
      <strong>
        <LinkedText text={c.theorem} />
      </strong>
      .
      {c.url && (
        <>
          {' '}
          <a href={c.url}>{c.url}</a>
        </>
      )}
    </p>
  );
}

function rangeText(spec: AnyBound['inputs'][number]): string {
  if (spec.type === 'choice') return `one of ${(spec.choices ?? []).join(', ')}`;
  const lo =
    spec.min === undefined ? '' : `${spec.exclusiveMin ? '>' : '≥'} ${formatValue(spec.min, 4)}`;
  const hi = spec.max === undefined ? '' : `≤ ${formatValue(spec.max, 4)}`;
  return [lo, hi].filter(Boolean).join(', ') || 'any';
}

/**
 * One bound's page, everything from its registry entry: the statement (KaTeX), kind and
 * citation, the inputs and assumptions (server-rendered), then in the browser the live
 * calculator (inputs form mirrored to the URL, assumption checks, value with terms and caveats,
 * the empirical check with bound against measurement), and the "use it in code" snippet. The
 * page's figure, {@link BoundCurve}, goes directly under the title of the .mdx page.
 */
export default function BoundPage({ id }: { id: string }) {
  const bound = getBound(id);
  return (
    <div className={styles.page} data-testid="bound-page" data-bound-id={id}>
      <section aria-labelledby={`${id}-statement`}>
        <h2 id={`${id}-statement`}>Statement</h2>
        <p>
          <span className={styles.kind}>{KIND_TEXT[bound.kind]}</span>
        </p>
        <Tex tex={bound.statement} display label="Statement formula" />
        <CitationLine bound={bound} />
      </section>

      <section aria-labelledby={`${id}-inputs`}>
        <h2 id={`${id}-inputs`}>Inputs and assumptions</h2>
        <TableWrap label="Inputs">
          <table className={styles.table}>
            <caption className={styles.caption}>Inputs (URL parameter, range, default)</caption>
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Parameter</th>
                <th scope="col">Range</th>
                <th scope="col">Default</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {bound.inputs.map((s) => (
                <tr key={s.key}>
                  <td>{s.label}</td>
                  <td>
                    <code>{s.key}</code>
                  </td>
                  <td>
                    {s.type === 'integer'
                      ? 'integer '
                      : s.type === 'number-list'
                        ? 'list, each '
                        : ''}
                    {rangeText(s)}
                  </td>
                  <td>
                    {Array.isArray(s.default)
                      ? s.default.join(', ')
                      : typeof s.default === 'string'
                        ? s.default
                        : formatValue(s.default, 4)}
                  </td>
                  <td>
                    <LinkedText text={s.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <ul className={styles.assumptionList}>
          {bound.assumptions.map((a) => (
            <li key={a.id} data-scope={a.scope ?? 'theorem'}>
              <code>{a.id}</code>: <Tex tex={a.statement} />
              {a.scope === 'check' && ' (a condition of the empirical check, not of the theorem)'}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={`${id}-live`}>
        <h2 id={`${id}-live`}>Your numbers</h2>
        <BrowserOnly
          fallback={<p>The calculator and its empirical check run here once JavaScript loads.</p>}
        >
          {() => (
            <Suspense fallback={<p>Loading the calculator…</p>}>
              <Live id={id} />
            </Suspense>
          )}
        </BrowserOnly>
      </section>

      <section aria-labelledby={`${id}-code`}>
        <h2 id={`${id}-code`}>Use it in code</h2>
        <CodeBlock language="ts">{bound.snippet}</CodeBlock>
        <p>
          The empirical check: <LinkedText text={bound.empiricalCheck.description} /> Seed{' '}
          {bound.empiricalCheck.seed}.
        </p>
      </section>
    </div>
  );
}

interface DocsGlobalData {
  versions?: { docs?: { id: string; path: string }[] }[];
}

/** Doc id → URL path of every doc the docs plugin built (its global data). */
function docPaths(globalData: Record<string, Record<string, unknown>>): Map<string, string> {
  const docs = globalData['docusaurus-plugin-content-docs']?.default as DocsGlobalData | undefined;
  return new Map((docs?.versions?.[0]?.docs ?? []).map((d) => [d.id, d.path]));
}

/**
 * The list of every registered bound (docs/bounds/index.mdx), straight from listBounds(): each
 * bound's title, linked to its page, and what it tells you, the first sentence of that page's
 * description; then its kind and source, with the id as small print. A list, not a table, so
 * that it reflows on a phone.
 */
export function BoundIndex() {
  const bounds = listBounds();
  // Link each bound to its page as the docs plugin knows it (the registry test requires every
  // page to exist; a page not written yet shows as plain text instead of a broken link).
  const pathOf = docPaths(useGlobalData());
  const docs = useDocsVersion().docs;
  return (
    <section aria-label="All bounds">
      <p className={styles.caption}>{bounds.length} bounds, sorted by id</p>
      <ul className={styles.boundIndex} data-testid="bound-index">
        {bounds.map((b) => {
          const path = pathOf.get(`bounds/${b.id}`);
          const description = docs[`bounds/${b.id}`]?.description;
          return (
            <li key={b.id} className={styles.boundIndexItem} data-bound-id={b.id}>
              <p className={styles.boundIndexTitle}>
                {path ? <Link to={path}>{b.title}</Link> : <>{b.title} (page pending)</>}{' '}
                <span className={styles.kind}>{b.kind}</span>
              </p>
              <p className={styles.boundIndexWhat}>
                {description ? firstSentence(description) : b.citation.title}
              </p>
              <p className={styles.boundIndexSource}>
                {b.citation.authors} ({b.citation.year}), {b.citation.theorem} · <code>{b.id}</code>
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The first sentence of a page description: up to the first '.', '!' or '?' that ends a
 * sentence outside parentheses ('(El Karoui, Ann. Stat. 2010)' and 'et al.' do not end one).
 */
function firstSentence(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (
      depth === 0 &&
      (c === '.' || c === '!' || c === '?') &&
      /^\s+[A-Z]/.test(text.slice(i + 1, i + 3))
    ) {
      return text.slice(0, i + 1);
    }
  }
  return text;
}
