import { type AnyBound, getBound } from '@overparam/bounds';
import {
  type RefObject,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { formatValue, tickText } from '../demo-kit/experiment';
import { ExportButtons } from '../demo-kit/export-buttons';
import { publishBoundInputs, urlBoundInputs, useBoundInputs } from './bound-inputs';
import styles from './bound-page.module.css';
import {
  type BoundCurveData,
  type BoundValues,
  type CurveScale,
  computeCurve,
  curveSpecFor,
  gapText,
} from './curves';

// Colours are literal (not CSS variables) so that a downloaded SVG keeps them; each has at
// least 3:1 contrast on the light (#fff) and the dark (#1b1b1d) background. The headline curve
// and all text use currentColor (the page's text colour, pinned on export).
const TERM_COLOURS = ['#3b82f6', '#d97706', '#a855f7', '#0d9488'];
const TERM_DASHES = ['7 4', '2 3', '9 3 2 3', '4 2'];
const MARKER = '#e11d48';
const DEFAULT_WIDTH = 640;

/** A tick label: on an axis of powers of ten (`decades`) the kit's 10ᵏ rule, else decimals. */
function tickLabel(v: number, decades: boolean): string {
  return decades ? tickText(v) : formatValue(v, 3);
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const base = 10 ** Math.floor(Math.log10(raw));
  const m = raw / base;
  return base * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10);
}

function linearTicks(lo: number, hi: number, count: number): number[] {
  const step = niceStep(hi - lo, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Ticks of a log axis, and whether they are whole powers of ten. */
function logTicks(lo: number, hi: number, count: number): { ticks: number[]; decades: boolean } {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  // Over fewer than 2.5 decades, 1, 2, 5 × 10ᵏ (if they fit), else the powers of ten.
  if (Math.log10(hi / lo) < 2.5) {
    const fine: number[] = [];
    for (let e = a - 1; e <= b + 1; e++)
      for (const m of [1, 2, 5]) {
        const t = Number((m * 10 ** e).toPrecision(12));
        if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) fine.push(t);
      }
    if (fine.length >= 2 && fine.length <= count + 1) return { ticks: fine, decades: false };
  }
  if (b - a >= 1) {
    const every = Math.ceil((b - a + 1) / count);
    const ticks: number[] = [];
    for (let e = a; e <= b; e += every) ticks.push(10 ** e);
    return { ticks, decades: true };
  }
  return { ticks: linearTicks(lo, hi, Math.min(count, 4)), decades: false };
}

/** A map from data to pixels on one axis. */
function scaleOf(kind: CurveScale, [d0, d1]: [number, number], [r0, r1]: [number, number]) {
  if (kind === 'log') {
    const l0 = Math.log(d0);
    const l1 = Math.log(d1);
    return (v: number) => r0 + ((Math.log(v) - l0) / (l1 - l0)) * (r1 - r0);
  }
  return (v: number) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** The reader's inputs: the defaults on the server, then the URL, then what the calculator publishes. */
function useReaderInputs(bound: AnyBound): BoundValues {
  const published = useBoundInputs(bound.id);
  useEffect(() => {
    publishBoundInputs(bound.id, urlBoundInputs(bound, window.location.search));
  }, [bound]);
  return published ?? (bound.defaults as BoundValues);
}

/** The container's width in pixels, measured in the browser (a fixed width on the server). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const node = ref.current;
    if (!node || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.round(node.clientWidth);
      if (w > 0) setWidth(Math.min(w, 900));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function pathOf(
  rows: BoundCurveData['rows'],
  id: string,
  x: (v: number) => number,
  y: (v: number) => number,
  logY: boolean,
): string {
  let d = '';
  let pen = false;
  for (const row of rows) {
    const v = row[id];
    if (v === null || v === undefined || !Number.isFinite(v) || (logY && v <= 0)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(row.x).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The curve drawn as plain SVG at `width` pixels (no DOM needed: the server renders it too). */
export function CurveSvg({
  data,
  width,
  title,
}: {
  data: BoundCurveData;
  width: number;
  title: string;
}) {
  const clip = `bound-curve-clip-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const narrow = width < 480;
  const height = narrow ? 260 : 300;
  const m = { top: 22, right: 14, bottom: 44, left: narrow ? 44 : 52 };
  const xKind = data.spec.scale;
  const yKind = data.spec.yScale ?? 'linear';
  const [yLo, yHi] =
    yKind === 'log'
      ? [data.yDomain[0] / 1.15, data.yDomain[1] * 1.15]
      : [data.yDomain[0], data.yDomain[1] + (data.yDomain[1] - data.yDomain[0]) * 0.05];
  const x = scaleOf(xKind, data.xDomain, [m.left, width - m.right]);
  const y = scaleOf(yKind, [yLo, yHi], [height - m.bottom, m.top]);
  const tickCount = Math.max(3, Math.floor((width - m.left - m.right) / 80));
  const xAxis =
    xKind === 'log'
      ? logTicks(data.xDomain[0], data.xDomain[1], tickCount)
      : { ticks: linearTicks(data.xDomain[0], data.xDomain[1], tickCount), decades: false };
  const yAxis =
    yKind === 'log' ? logTicks(yLo, yHi, 6) : { ticks: linearTicks(yLo, yHi, 5), decades: false };
  const inner = { x0: m.left, x1: width - m.right, y0: m.top, y1: height - m.bottom };
  const mid = (inner.x0 + inner.x1) / 2;
  const halo = {
    stroke: 'var(--ifm-background-color, #fff)',
    strokeWidth: 4,
    paintOrder: 'stroke' as const,
    strokeLinejoin: 'round' as const,
  };
  const cur = data.current;
  const curY =
    cur &&
    cur.y !== null &&
    Number.isFinite(cur.y) &&
    cur.y >= yLo &&
    cur.y <= yHi &&
    (yKind === 'linear' || cur.y > 0)
      ? cur.y
      : null;
  const headline = data.series[0];
  const inputName = data.inputSpec.unit
    ? `${data.inputSpec.label} (${data.inputSpec.unit})`
    : data.inputSpec.label;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={title}
      className={styles.curveSvg}
      data-testid="bound-curve-svg"
      fontSize={12}
      fill="currentColor"
    >
      <title>{title}</title>
      <defs>
        <clipPath id={clip}>
          <rect
            x={inner.x0}
            y={inner.y0}
            width={inner.x1 - inner.x0}
            height={inner.y1 - inner.y0}
          />
        </clipPath>
      </defs>
      <g>
        {yAxis.ticks.map((t) => (
          <g key={`y${t}`}>
            <line
              x1={inner.x0}
              x2={inner.x1}
              y1={y(t)}
              y2={y(t)}
              stroke="currentColor"
              strokeOpacity={0.12}
            />
            <text x={inner.x0 - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {tickLabel(t, yAxis.decades)}
            </text>
          </g>
        ))}
        {xAxis.ticks.map((t) => (
          <g key={`x${t}`}>
            <line
              x1={x(t)}
              x2={x(t)}
              y1={inner.y0}
              y2={inner.y1}
              stroke="currentColor"
              strokeOpacity={0.12}
            />
            <text x={x(t)} y={inner.y1 + 16} textAnchor="middle">
              {tickLabel(t, xAxis.decades)}
            </text>
          </g>
        ))}
        <line x1={inner.x0} x2={inner.x1} y1={inner.y1} y2={inner.y1} stroke="currentColor" />
        <line x1={inner.x0} x2={inner.x0} y1={inner.y0} y2={inner.y1} stroke="currentColor" />
        <text x={mid} y={height - 6} textAnchor="middle" fontWeight={600}>
          {inputName} →{xKind === 'log' ? ' (log scale)' : ''}
        </text>
        <text x={4} y={12} fontWeight={600}>
          ↑ {data.spec.yLabel ?? headline?.label ?? 'value'}
          {yKind === 'log' ? ' (log scale)' : ''}
        </text>
      </g>
      <g clipPath={`url(#${clip})`}>
        {data.rules.map((r) => (
          <line
            key={`rule${r.y}`}
            x1={inner.x0}
            x2={inner.x1}
            y1={y(r.y)}
            y2={y(r.y)}
            stroke="currentColor"
            strokeOpacity={0.6}
            strokeDasharray="4 3"
          />
        ))}
        {data.annotations.map((a) => (
          <line
            key={`ann${a.x}`}
            x1={x(a.x)}
            x2={x(a.x)}
            y1={inner.y0}
            y2={inner.y1}
            stroke="currentColor"
            strokeOpacity={0.55}
            strokeDasharray="4 3"
          />
        ))}
        {data.series
          .map((s, i) => ({ s, i }))
          .reverse()
          .map(({ s, i }) => (
            <path
              key={s.id}
              data-series={s.id}
              d={pathOf(data.rows, s.id, x, y, yKind === 'log')}
              fill="none"
              stroke={i === 0 ? 'currentColor' : TERM_COLOURS[(i - 1) % TERM_COLOURS.length]}
              strokeWidth={i === 0 ? 2.5 : 1.75}
              strokeDasharray={i === 0 ? undefined : TERM_DASHES[(i - 1) % TERM_DASHES.length]}
              strokeLinejoin="round"
            />
          ))}
      </g>
      <g>
        {data.rules.map((r) => (
          <text
            key={`rt${r.y}`}
            x={inner.x1 - 4}
            y={y(r.y) - 5}
            textAnchor="end"
            fontStyle="italic"
            {...halo}
          >
            {r.text}
          </text>
        ))}
        {data.annotations.map((a, i) => {
          const ax = x(a.x);
          const right = ax > mid;
          return (
            <text
              key={`at${a.x}`}
              x={ax + (right ? -5 : 5)}
              y={inner.y0 + 13 + 15 * i}
              textAnchor={right ? 'end' : 'start'}
              fontStyle="italic"
              {...halo}
            >
              {a.text}
            </text>
          );
        })}
      </g>
      {cur && (
        <g data-testid="bound-curve-marker" data-x={cur.x} data-y={cur.y ?? ''}>
          <line
            x1={x(cur.x)}
            x2={x(cur.x)}
            y1={inner.y0}
            y2={inner.y1}
            stroke={MARKER}
            strokeWidth={2}
            strokeOpacity={0.8}
          />
          {curY !== null && <circle cx={x(cur.x)} cy={y(curY)} r={5} fill={MARKER} />}
          <text
            x={x(cur.x) + (x(cur.x) > mid ? -8 : 8)}
            // Beside the dot (below it when the dot is near the top), else at the bottom.
            y={curY === null ? inner.y1 - 8 : y(curY) + (y(curY) < inner.y0 + 40 ? 18 : -9)}
            textAnchor={x(cur.x) > mid ? 'end' : 'start'}
            fill={MARKER}
            fontWeight={600}
            {...halo}
          >
            yours: {formatValue(cur.x, 3)}
            {cur.y !== null ? ` → ${formatValue(cur.y, 3)}` : ' (no value)'}
          </text>
        </g>
      )}
    </svg>
  );
}

function Legend({ data }: { data: BoundCurveData }) {
  if (data.series.length < 2) return null;
  return (
    <ul className={styles.curveLegend} aria-label="Curves">
      {data.series.map((s, i) => (
        <li key={s.id}>
          <svg width={28} height={10} aria-hidden="true">
            <line
              x1={1}
              x2={27}
              y1={5}
              y2={5}
              stroke={i === 0 ? 'currentColor' : TERM_COLOURS[(i - 1) % TERM_COLOURS.length]}
              strokeWidth={i === 0 ? 2.5 : 1.75}
              strokeDasharray={i === 0 ? undefined : TERM_DASHES[(i - 1) % TERM_DASHES.length]}
            />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * The formula curve of a bound page, for the top of the page (directly under the title): the
 * value (and main terms) against one input swept over its range, from `evaluate` at every
 * point with the reader's other inputs, and a marker at the reader's value of that input. It is
 * server-rendered at the defaults and follows the calculator's inputs in the browser; points
 * where an assumption of the theorem breaks (or the value is not finite) are left out, and the
 * caption says where and why. The points download as CSV/JSON and the figure as SVG.
 */
export function BoundCurve({ id }: { id: string }) {
  const bound = getBound(id);
  const spec = useMemo(() => curveSpecFor(bound), [bound]);
  const values = useDeferredValue(useReaderInputs(bound));
  const data = useMemo(() => computeCurve(bound, values, spec), [bound, values, spec]);
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  // The export names the swept input's column by its key (gamma, lambda, …).
  const exportRows = useMemo(
    () => (data?.rows ?? []).map(({ x, ...rest }) => ({ [data?.spec.input ?? 'x']: x, ...rest })),
    [data],
  );
  if (!data) return null;
  const inputName = data.inputSpec.label;
  const drawn = data.rows.filter((r) => r[data.series[0]?.id ?? 'value'] !== null).length;
  const title = `${bound.title}: ${data.series.map((s) => s.label).join(', ')} against ${inputName}`;
  const gaps = gapText(data);
  const csvColumns = [data.spec.input, ...data.series.map((s) => s.id)];
  return (
    <figure
      className={styles.curve}
      data-testid="bound-curve"
      data-bound-id={id}
      data-input={data.spec.input}
      data-input-label={
        data.inputSpec.unit
          ? `${data.inputSpec.label} (${data.inputSpec.unit})`
          : data.inputSpec.label
      }
      data-input-type={data.inputSpec.type}
      data-from={data.spec.from}
      data-to={data.spec.to}
      data-scale={data.spec.scale}
      data-points={drawn}
      data-current={data.current?.x ?? ''}
    >
      <Legend data={data} />
      <div ref={box} className={styles.curveBox}>
        <CurveSvg data={data} width={width} title={title} />
      </div>
      <figcaption className={styles.curveCaption}>
        {data.spec.caption && <span className={styles.curveWhat}>{data.spec.caption} </span>}
        Computed from the formula at {data.rows.length} values of {inputName} with your other
        inputs; the red line is your {inputName} and follows the inputs below.
        {data.clippedAt !== null &&
          ` The y axis stops at ${formatValue(data.clippedAt, 2)}: the curve runs off the top where the formula blows up.`}
        {data.spec.note && ` ${data.spec.note}`}
        {data.currentNote && ` (${data.currentNote}.)`}
        {gaps.length > 0 && (
          <span data-testid="bound-curve-gaps">
            {' '}
            Left out (gaps in the curve): {gaps.join('; ')}.
          </span>
        )}
      </figcaption>
      <ExportButtons
        rows={exportRows}
        columns={csvColumns}
        basename={`overparam-${id}-curve`}
        meta={{
          bound: id,
          swept: data.spec.input,
          x: `${data.spec.input} (${inputName})`,
          series: data.series,
          valueLabel: data.valueLabel,
          inputs: values,
          gaps: data.gaps,
        }}
        figure={box}
      />
    </figure>
  );
}
