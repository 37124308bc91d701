import type { RefObject } from 'react';
import styles from './demo-kit.module.css';
import { downloadFile } from './download-file';
import { toCsv } from './to-csv';

/** Props of {@link ExportButtons}. */
export interface ExportButtonsProps<Row extends object> {
  /** The results, one object per row. */
  rows: readonly Row[];
  /** CSV columns, in order. Default: the keys of the first row. */
  columns?: readonly (keyof Row & string)[];
  /** File name without extension, e.g. 'gemm-benchmark'. */
  basename: string;
  /** Extra fields of the JSON file (settings, environment), beside `rows`. */
  meta?: Record<string, unknown>;
  /** The element holding the chart's `<svg>`; no SVG button without it. */
  figure?: RefObject<HTMLElement | null>;
}

function svgText(container: HTMLElement | null): string | null {
  const svg = container?.querySelector('svg');
  if (!svg) return null;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  // Plot draws text and axes in currentColor; pin the page's colour for viewers outside it.
  copy.style.color = getComputedStyle(svg).color;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** Buttons that download the results as CSV and JSON and the figure as SVG. */
export function ExportButtons<Row extends object>({
  rows,
  columns,
  basename,
  meta,
  figure,
}: ExportButtonsProps<Row>) {
  const none = rows.length === 0;
  return (
    <div className={styles.buttons}>
      <button
        type="button"
        className="button button--outline button--primary button--sm"
        disabled={none}
        onClick={() => downloadFile(`${basename}.csv`, 'text/csv', toCsv(rows, columns))}
      >
        Download CSV
      </button>
      <button
        type="button"
        className="button button--outline button--primary button--sm"
        disabled={none}
        onClick={() =>
          downloadFile(
            `${basename}.json`,
            'application/json',
            `${JSON.stringify({ ...meta, rows }, null, 2)}\n`,
          )
        }
      >
        Download JSON
      </button>
      {figure && (
        <button
          type="button"
          className="button button--outline button--primary button--sm"
          disabled={none}
          onClick={() => {
            const text = svgText(figure.current);
            if (text) downloadFile(`${basename}.svg`, 'image/svg+xml', text);
          }}
        >
          Download SVG
        </button>
      )}
    </div>
  );
}
