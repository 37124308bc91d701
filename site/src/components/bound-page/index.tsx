import BrowserOnly from '@docusaurus/BrowserOnly';
import Link from '@docusaurus/Link';
import useGlobalData from '@docusaurus/useGlobalData';
import { type AnyBound, getBound, listBounds } from '@overparam/bounds';
import CodeBlock from '@theme/CodeBlock';
import { lazy, Suspense } from 'react';
import styles from './bound-page.module.css';
import { LinkedText } from './linked-text';
import { formatNumber, TableWrap, Tex } from './tex';

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
    spec.min === undefined ? '' : `${spec.exclusiveMin ? '>' : '≥'} ${formatNumber(spec.min)}`;
  const hi = spec.max === undefined ? '' : `≤ ${formatNumber(spec.max)}`;
  return [lo, hi].filter(Boolean).join(', ') || 'any';
}

/**
 * One bound's page, everything from its registry entry: the statement (KaTeX), kind and
 * citation, the inputs and assumptions (server-rendered), then in the browser the live
 * calculator (inputs form mirrored to the URL, assumption checks, value with terms and caveats,
 * the empirical check with bound against measurement), and the "use it in code" snippet.
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
                        : formatNumber(s.default)}
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
            <li key={a.id}>
              <code>{a.id}</code>: <Tex tex={a.statement} />
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

/** The table of every registered bound (docs/bounds/index.mdx), straight from listBounds(). */
export function BoundIndex() {
  const bounds = listBounds();
  // Link each bound to its page as the docs plugin knows it (the registry test requires every
  // page to exist; a page not written yet shows as plain text instead of a broken link).
  const pathOf = docPaths(useGlobalData());
  return (
    <TableWrap label="All bounds">
      <table className={styles.table} data-testid="bound-index">
        <caption className={styles.caption}>{bounds.length} bounds, sorted by id</caption>
        <thead>
          <tr>
            <th scope="col">Bound</th>
            <th scope="col">Id</th>
            <th scope="col">Kind</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {bounds.map((b) => (
            <tr key={b.id} data-bound-id={b.id}>
              <td>
                {pathOf.has(`bounds/${b.id}`) ? (
                  <Link to={pathOf.get(`bounds/${b.id}`) ?? ''}>{b.title}</Link>
                ) : (
                  <>{b.title} (page pending)</>
                )}
              </td>
              <td>
                <code>{b.id}</code>
              </td>
              <td>{b.kind}</td>
              <td>
                {b.citation.authors} ({b.citation.year}), {b.citation.theorem}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
