import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import styles from './demo-kit.module.css';
import { logTicks, tickText } from './experiment';

/**
 * A vertical rule and label at the reader's current setting (e.g. their N or step size); the
 * label sits near the top of the frame, right of the rule, or left of it when `leftOfRule`
 * (near the right edge, where the end labels are).
 */
export function currentSettingMarks(x: number, label: string, leftOfRule = false): Plot.Markish[] {
  return [
    Plot.ruleX([x], { stroke: 'var(--ifm-color-primary)', strokeWidth: 2, strokeOpacity: 0.7 }),
    Plot.text([x], {
      x: (d: number) => d,
      text: () => label,
      frameAnchor: 'top',
      textAnchor: leftOfRule ? 'end' : 'start',
      dx: leftOfRule ? -4 : 4,
      dy: 18,
      fill: 'var(--ifm-color-primary-darkest)',
      fontWeight: 600,
    }),
  ];
}

/** An explicit y axis (replacing Plot's implicit one) with in-range {@link logTicks} and grid
 * lines, for custom marks on a log y scale. */
export function logAxisY(values: readonly number[], label: string): Plot.Markish[] {
  const ticks = logTicks(values);
  return [
    Plot.gridY(ticks),
    Plot.axisY(ticks, { tickFormat: (v: number) => tickText(v, 0, ticks), label }),
  ];
}

/** One annotation of a phenomenon: a label at (x, y) with a short leader, e.g. "classical U". */
export interface Annotation {
  x: number;
  y: number;
  text: string;
  /** Where the label sits relative to the point. Default 'top'. */
  side?: 'top' | 'bottom';
}

/** Marks for annotations: a dot at each point and its label above (or below) it, haloed. */
export function annotationMarks(annotations: readonly Annotation[]): Plot.Markish[] {
  const rows = annotations as Annotation[];
  // One text mark per side: Plot's dy is a constant, not a channel.
  const label = (side: 'top' | 'bottom', dy: number) =>
    Plot.text(
      rows.filter((d) => (d.side ?? 'top') === side),
      {
        x: 'x',
        y: 'y',
        text: 'text',
        dy,
        fontStyle: 'italic',
        stroke: 'var(--ifm-background-color)',
        strokeWidth: 4,
        paintOrder: 'stroke',
        fill: 'currentColor',
      } as Plot.TextOptions,
    );
  return [
    Plot.dot(rows, { x: 'x', y: 'y', r: 4, stroke: 'currentColor', fill: 'none' }),
    label('top', -14),
    label('bottom', 16),
  ];
}

/**
 * End labels of series (the last point of each z), pushed apart vertically so that no two
 * overlap (at least `gap` pixels between baselines).
 */
export function endLabels<Row extends object>(
  rows: readonly Row[],
  options: { x: string; y: string; z: string; text?: string; fill?: string; gap?: number },
): Plot.Markish {
  const gap = options.gap ?? 13;
  return Plot.text(
    rows as Row[],
    Plot.selectLast({
      x: options.x,
      y: options.y,
      z: options.z,
      text: options.text ?? options.z,
      fill: options.fill ?? 'currentColor',
      dx: 8,
      textAnchor: 'start',
      stroke: 'var(--ifm-background-color)',
      strokeWidth: 3,
      paintOrder: 'stroke',
      render(index, scales, values, dimensions, context, next) {
        const y = values.y as Float64Array | undefined;
        if (!y || !next) return next?.(index, scales, values, dimensions, context) ?? null;
        const placed = Float64Array.from(y);
        const order = [...index].sort((a, b) => (y[a] as number) - (y[b] as number));
        for (let i = 1; i < order.length; i++) {
          const prev = order[i - 1] as number;
          const cur = order[i] as number;
          if ((placed[cur] as number) - (placed[prev] as number) < gap)
            placed[cur] = (placed[prev] as number) + gap;
        }
        // Shift the whole stack back up if it ran past the bottom of the frame.
        const bottom = dimensions.height - dimensions.marginBottom;
        const last = order.at(-1);
        const over = last === undefined ? 0 : (placed[last] as number) - bottom;
        if (over > 0) for (const i of order) placed[i] = (placed[i] as number) - over;
        const moved = { ...values, y: placed } as unknown as typeof values;
        return next(index, scales, moved, dimensions, context);
      },
    } as Plot.TextOptions),
  );
}

/** A TeX axis title; KaTeX (≈ 260 kB) loads only for charts that have one. */
function Tex({ tex, className }: { tex: string; className: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('katex').then(({ default: katex }) => {
      if (live) setHtml(katex.renderToString(tex, { throwOnError: false }));
    });
    return () => {
      live = false;
    };
  }, [tex]);
  if (html === null) return <div className={className} aria-hidden="true" />;
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of the demo's own axis titles.
    <div className={className} aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />
  );
}

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
  /** Axis titles as plain text (also the exported SVG's and the accessible text). */
  xLabel?: string;
  yLabel?: string;
  /** Axis titles in TeX, drawn by KaTeX beside the chart instead of the plain ones. */
  xTex?: string;
  yTex?: string;
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
  /** Marks the reader's current setting on the x axis (a rule and a label; `left` puts the label left of the rule). */
  current?: { x: number; label: string; left?: boolean };
  /** Fixes the y domain (values outside are clipped), e.g. to keep a diverging fit in view. */
  yDomain?: readonly [number, number];
  /** Labels for the phenomenon (classical U, threshold, second descent). */
  annotations?: readonly Annotation[];
}

/** The powers of two within the values' range (the tick positions of a log2 axis). */
function powersOfTwo(values: number[]): number[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [];
  const lo = Math.ceil(Math.log2(Math.min(...positive)) - 1e-9);
  const hi = Math.floor(Math.log2(Math.max(...positive)) + 1e-9);
  return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => 2 ** (lo + i));
}

/** At most one tick per `pixels` of axis length (labels never touch on a phone). */
function tickBudget(length: number, pixels: number): number {
  return Math.max(3, Math.floor(length / pixels));
}

function scale(
  kind: AxisScale,
  label: string | undefined,
  values: number[],
  maxTicks: number,
): Plot.ScaleOptions {
  const base: Plot.ScaleOptions = { label, grid: true, tickFormat: tickText, ticks: maxTicks };
  // Plot's own log-2 ticks fall between powers of two on short domains; name them instead.
  if (kind === 'log2') {
    const all = powersOfTwo(values);
    const every = Math.ceil(all.length / maxTicks);
    const ticks = all.filter((_, i) => i % every === 0);
    return { ...base, type: 'log', base: 2, ticks, tickFormat: 'd' };
  }
  if (kind === 'log') {
    const ticks = logTicks(values, maxTicks);
    return { ...base, type: 'log', ticks, tickFormat: (v: number) => tickText(v, 0, ticks) };
  }
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
    // A label at each line's end, in the text colour, pushed apart so none overprint.
    series ? endLabels(rows, { x, y, z: series }) : null,
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
  xTex,
  yTex,
  current,
  annotations,
  yDomain,
}: ChartProps<Row>) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = container.current;
    if (!node) return;
    if (data.length === 0) {
      node.replaceChildren();
      return;
    }
    const width = Math.max(280, Math.min(node.clientWidth || 640, 900));
    const extra: Plot.Markish[] = [
      ...(current ? currentSettingMarks(current.x, current.label, current.left) : []),
      ...(annotations?.length ? annotationMarks(annotations) : []),
    ];
    const marginRight = series ? 96 : 20;
    const marginLeft = 56;
    const figure = Plot.plot({
      width,
      height,
      marginRight,
      marginLeft,
      style: { fontSize: '12px' },
      x: scale(xScale, xLabel, column(data, x), tickBudget(width - marginLeft - marginRight, 64)),
      y: {
        ...scale(
          yScale,
          yLabel,
          yDomain ? [...yDomain] : column(data, y),
          tickBudget(height - 50, 36),
        ),
        // Headroom for the labels of annotations at the top of the data.
        ...(annotations?.length ? { insetTop: 22 } : {}),
        zero: zeroY && yScale === 'linear',
        ...(yDomain ? { domain: [...yDomain], clamp: false } : {}),
      },
      clip: yDomain !== undefined,
      color: { type: 'categorical' },
      ariaLabel: title,
      ariaDescription: description,
      marks: [...(marks ? marks(data) : defaultMarks(data, x, y, series)), ...extra],
    });
    const svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
    if (svg) {
      // TeX titles are drawn beside the chart; the plain ones stay in the SVG for export.
      if (xTex || yTex) {
        for (const label of svg.querySelectorAll('[aria-label$="-axis label"]')) {
          const axis = label.getAttribute('aria-label')?.[0];
          if ((axis === 'x' && xTex) || (axis === 'y' && yTex))
            label.setAttribute(
              'class',
              `${label.getAttribute('class') ?? ''} ${styles.texReplaced}`,
            );
        }
      }
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
    xTex,
    yTex,
    current,
    annotations,
    yDomain,
  ]);

  return (
    <>
      {data.length === 0 && empty}
      {yTex && data.length > 0 && <Tex tex={yTex} className={styles.yTex} />}
      <div ref={container} className={styles.chart} />
      {xTex && data.length > 0 && <Tex tex={xTex} className={styles.xTex} />}
    </>
  );
}
