import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useRef } from 'react';
import styles from './demo-kit.module.css';

/** Scale of a {@link Chart} axis; 'log2' is a log scale with ticks at powers of two. */
export type AxisScale = 'linear' | 'log' | 'log2';

/** Props of {@link Chart}. */
export interface ChartProps<Row extends object> {
  /** The rows to plot; pass a new array as results stream in and the chart redraws. */
  data: readonly Row[];
  /** Column of the x values. */
  x: keyof Row & string;
  /** Column of the y values. */
  y: keyof Row & string;
  /** Column naming each row's series: one coloured, labelled line per value. */
  series?: keyof Row & string;
  xLabel?: string;
  yLabel?: string;
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Accessible name of the figure, also written as the SVG's `<title>` (kept on export). */
  title: string;
  /** A longer accessible description. */
  description?: string;
  /** Replaces the default marks (lines with dots, end labels, hover tips). Keep it stable
   * (module-level or useCallback): a new function redraws the chart. */
  marks?: (data: readonly Row[]) => Plot.Markish[];
  height?: number;
  /** Include zero in a linear y domain (honest bars of throughput, error, …). Default false. */
  zeroY?: boolean;
  /** Shown instead of the chart while `data` is empty. */
  empty?: ReactNode;
}

/** The powers of two that span the values (the tick positions of a log2 axis). */
function powersOfTwo(values: number[]): number[] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [];
  const lo = Math.floor(Math.log2(Math.min(...positive)));
  const hi = Math.ceil(Math.log2(Math.max(...positive)));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 2 ** (lo + i));
}

function scale(kind: AxisScale, label: string | undefined, values: number[]): Plot.ScaleOptions {
  const base: Plot.ScaleOptions = { label, grid: true };
  // Plot's own log-2 ticks fall between powers of two on short domains; name them instead.
  if (kind === 'log2')
    return { ...base, type: 'log', base: 2, ticks: powersOfTwo(values), tickFormat: 'd' };
  if (kind === 'log') return { ...base, type: 'log', tickFormat: '~s' };
  return base;
}

function column<Row extends object>(data: readonly Row[], key: keyof Row): number[] {
  return data.map((row) => Number(row[key]));
}

function defaultMarks<Row extends object>(
  data: readonly Row[],
  x: string,
  y: string,
  series: string | undefined,
): Plot.Markish[] {
  const rows = data as Row[];
  const channels = { x, y, stroke: series, z: series };
  return [
    Plot.line(rows, { ...channels, marker: 'circle-stroke', strokeWidth: 2 }),
    series
      ? Plot.text(
          rows,
          // A label at each line's end, in the text colour (readable in both colour modes).
          Plot.selectLast({
            x,
            y,
            z: series,
            text: series,
            dx: 8,
            textAnchor: 'start',
          }),
        )
      : null,
    Plot.tip(rows, Plot.pointer({ x, y, stroke: series })),
  ];
}

/**
 * A line chart drawn with Observable Plot as plain, accessible SVG (role img, aria-label and
 * `<title>`). It redraws whenever `data` changes, which is cheap at the sizes of our demos, so
 * results can be appended one by one as they stream in.
 */
export function Chart<Row extends object>({
  data,
  x,
  y,
  series,
  xLabel,
  yLabel,
  xScale = 'linear',
  yScale = 'linear',
  title,
  description,
  marks,
  height = 340,
  zeroY = false,
  empty = null,
}: ChartProps<Row>) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    if (data.length === 0) {
      node.replaceChildren();
      return;
    }
    const width = Math.max(320, Math.min(node.clientWidth || 640, 900));
    const figure = Plot.plot({
      width,
      height,
      marginRight: series ? 72 : 20,
      marginLeft: 56,
      style: { fontSize: '12px' },
      x: scale(xScale, xLabel, column(data, x)),
      y: { ...scale(yScale, yLabel, column(data, y)), zero: zeroY && yScale === 'linear' },
      color: { type: 'categorical' },
      ariaLabel: title,
      ariaDescription: description,
      marks: marks ? marks(data) : defaultMarks(data, x, y, series),
    });
    const svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
    if (svg) {
      // One accessible image: Plot labels its mark groups (<g aria-label="line">), which is
      // not allowed on role-less <g> and says nothing once the whole SVG is role="img".
      for (const child of svg.querySelectorAll('[aria-label], [aria-description]')) {
        child.removeAttribute('aria-label');
        child.removeAttribute('aria-description');
      }
      svg.setAttribute('role', 'img');
      const titleNode = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      titleNode.textContent = title;
      svg.prepend(titleNode);
    }
    node.replaceChildren(figure);
  }, [
    data,
    x,
    y,
    series,
    xLabel,
    yLabel,
    xScale,
    yScale,
    title,
    description,
    marks,
    height,
    zeroY,
  ]);

  return (
    <>
      {data.length === 0 && empty}
      <div ref={container} className={styles.chart} />
    </>
  );
}
