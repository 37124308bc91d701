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
  /** The element holding the charts' `<svg>`s (all are exported, stacked); no SVG button without it. */
  figure?: RefObject<HTMLElement | null>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox?.baseVal;
  const width = Number(svg.getAttribute('width')) || box?.width || svg.clientWidth || 640;
  const height = Number(svg.getAttribute('height')) || box?.height || svg.clientHeight || 400;
  return { width, height };
}

/**
 * The figure's charts as one standalone SVG file: every chart <svg> in the container (not the
 * ones nested in another), stacked top to bottom in the order of the page.
 */
function svgText(container: HTMLElement | null): string | null {
  const all = [...(container?.querySelectorAll('svg') ?? [])].filter(
    (svg) => !svg.parentElement?.closest('svg'),
  );
  if (all.length === 0) return null;
  const color = getComputedStyle(all[0] as SVGSVGElement).color;
  const parts = all.map((svg) => ({ svg, ...size(svg) }));
  const width = Math.max(...parts.map((p) => p.width));
  const height = parts.reduce((sum, p) => sum + p.height, 0);
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // Plot draws text and axes in currentColor; pin the page's colour for viewers outside it.
  root.setAttribute('style', `color: ${color}; background: white`);
  let y = 0;
  for (const part of parts) {
    const copy = part.svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(part.width));
    copy.setAttribute('height', String(part.height));
    root.append(copy);
    y += part.height;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;
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
