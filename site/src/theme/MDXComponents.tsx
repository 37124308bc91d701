// The theme's MDX components, plus one: every markdown table sits in a box that scrolls
// sideways on its own, so that a wide table never makes the page wider than a phone. The box
// takes keyboard focus (a scrollable region must be reachable by keyboard: axe's
// scrollable-region-focusable) and is named after the table's header row.
import MDXComponentsOriginal from '@theme-original/MDXComponents';
import { Children, type ComponentProps, isValidElement, type ReactNode } from 'react';

/** The text of a React tree, e.g. the header cells of a table. */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

/** The header cells' text, 'a, b, c', of the table's children (thead > tr > th). */
function headerLabel(children: ReactNode): string {
  for (const section of Children.toArray(children)) {
    if (!isValidElement<{ children?: ReactNode }>(section) || section.type !== 'thead') continue;
    const cells: string[] = [];
    for (const row of Children.toArray(section.props.children)) {
      if (!isValidElement<{ children?: ReactNode }>(row)) continue;
      for (const cell of Children.toArray(row.props.children)) {
        const text = textOf(cell).trim();
        if (text) cells.push(text);
      }
    }
    return cells.join(', ');
  }
  return '';
}

function ScrollingTable(props: ComponentProps<'table'>) {
  const header = headerLabel(props.children);
  const label = header ? `Table: ${header}` : 'Table';
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      <table {...props} />
    </section>
  );
}

export default { ...MDXComponentsOriginal, table: ScrollingTable };
