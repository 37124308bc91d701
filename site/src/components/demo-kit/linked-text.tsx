import Link from '@docusaurus/Link';
import type { ReactNode } from 'react';

// Strings of the packages (bounds' explanations, caveats and check details; input descriptions of
// bounds and demos) cite the site's Theory pages by absolute URL, so that they also work in Node
// and in an IDE. On the site those URLs become in-site links, labelled by the page title's slug.
const SITE_URL = /https:\/\/overparam\.dev(\/docs\/[A-Za-z0-9/_-]+(?:#[A-Za-z0-9_-]+)?)/g;

function label(path: string): string {
  const [page = '', anchor] = path.replace(/^\/docs\//, '').split('#');
  const name = page.split('/').at(-1)?.replace(/-/g, ' ') ?? page;
  return anchor ? `${name}, ${anchor.replace(/-/g, ' ')}` : name;
}

/** Renders `text` with every absolute URL of a site docs page as an in-site link. */
export function LinkedText({ text }: { text: string }): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(SITE_URL)) {
    const path = match[1] as string;
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <Link key={start} to={path}>
        {label(path)}
      </Link>,
    );
    last = start + match[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
