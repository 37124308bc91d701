// A double-descent figure as a small hand-written SVG (no DOM, no dependency): three panels
// sharing a log N axis, as in Belkin et al. (PNAS 2019, Fig. 2) — squared loss, 0–1 loss and
// ‖a‖ — with the interpolation threshold N = n marked, and the min–max band over seeds.
import type { SweepSummary } from '../../src/index.js';

export interface DoubleDescentSvgOptions {
  summary: readonly SweepSummary[];
  /** Training samples: the dashed line at N = n. */
  n: number;
  title: string;
  /** Lines under the title: data, features, sizes, where and how long. */
  subtitle: readonly string[];
  width?: number;
}

// Observable Plot's observable10 palette, as the site's live chart draws it.
const TEST = '#4269d0';
const TRAIN = '#ff725c';
const NORM = '#3ca951';

interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  values: (number | null)[];
  low?: (number | null)[];
  high?: (number | null)[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => Number(v.toFixed(2)).toString();

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const v = 10 ** e;
    if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
  }
  return ticks;
}

function label(v: number): string {
  if (v >= 1000) return v >= 1e6 ? `${v / 1e6}M` : `${v / 1000}k`;
  return v >= 1 ? String(v) : String(Number(v.toPrecision(1)));
}

function niceLinear(hi: number): { max: number; step: number } {
  const raw = hi / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  return { max: Math.ceil(hi / step) * step, step };
}

/** The figure as an SVG document (UTF-8 text). */
export function doubleDescentSvg(options: DoubleDescentSvgOptions): string {
  const { summary, n, title, subtitle, width = 760 } = options;
  const m = { left: 72, right: 118, top: 60 + 16 * subtitle.length, bottom: 44 };
  const panelHeight = 190;
  const gap = 34;
  const panels = 3;
  const height = m.top + panels * panelHeight + (panels - 1) * gap + m.bottom;
  const Ns = summary.map((s) => s.N);
  const x0 = Math.log10(Math.min(...Ns));
  const x1 = Math.log10(Math.max(...Ns));
  const px = (N: number) =>
    m.left + ((Math.log10(N) - x0) / (x1 - x0)) * (width - m.left - m.right);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<desc>${esc(subtitle.join(' '))}</desc>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${m.left}" y="24" font-size="16" font-weight="600" fill="#1c1e21">${esc(title)}</text>`,
    ...subtitle.map(
      (line, i) => `<text x="${m.left}" y="${44 + 16 * i}" fill="#444">${esc(line)}</text>`,
    ),
  );

  const panel = (
    index: number,
    heading: string,
    scale: 'log' | 'linear',
    series: Series[],
    floorNote?: string,
  ) => {
    const top = m.top + index * (panelHeight + gap);
    const bottom = top + panelHeight - 18;
    const all = series.flatMap((s) => [...s.values, ...(s.high ?? [])]);
    const positive = all.filter((v): v is number => v !== null && v > 0 && Number.isFinite(v));
    let py: (v: number) => number;
    let ticks: number[];
    let lo: number;
    if (scale === 'log') {
      const main = series[0]!.values.filter((v): v is number => v !== null && v > 0);
      lo = 10 ** Math.floor(Math.log10(Math.min(...main) / 2));
      const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
      const [l0, l1] = [Math.log10(lo), Math.log10(hi)];
      py = (v) => bottom - ((Math.log10(Math.max(v, lo)) - l0) / (l1 - l0)) * (bottom - top - 18);
      ticks = logTicks(lo, hi);
    } else {
      lo = 0;
      const { max, step } = niceLinear(Math.max(...positive, 1e-9));
      py = (v) => bottom - (v / max) * (bottom - top - 18);
      ticks = [];
      for (let t = 0; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(6)));
    }
    out.push(
      `<text x="${m.left}" y="${top + 6}" font-weight="600" fill="#1c1e21">${esc(heading)}</text>`,
    );
    for (const t of ticks) {
      const y = py(t);
      out.push(
        `<line x1="${m.left}" x2="${width - m.right}" y1="${fmt(y)}" y2="${fmt(y)}" stroke="#e5e5e5"/>`,
        `<text x="${m.left - 6}" y="${fmt(y + 4)}" text-anchor="end" fill="#444">${scale === 'log' ? label(t) : `${fmt(t * 100)}%`}</text>`,
      );
    }
    for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
      const x = px(10 ** e);
      out.push(
        `<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${top + 18}" y2="${bottom}" stroke="#e5e5e5"/>`,
      );
      if (index === panels - 1) {
        out.push(
          `<text x="${fmt(x)}" y="${bottom + 16}" text-anchor="middle" fill="#444">${label(10 ** e)}</text>`,
        );
      }
    }
    out.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${bottom}" y2="${bottom}" stroke="#888"/>`,
    );
    // The interpolation threshold.
    const xn = px(n);
    out.push(
      `<line x1="${fmt(xn)}" x2="${fmt(xn)}" y1="${top + 14}" y2="${bottom}" stroke="#1c1e21" stroke-dasharray="4 3"/>`,
    );
    if (index === 0) {
      out.push(
        `<text x="${fmt(xn + 5)}" y="${top + 26}" fill="#1c1e21">N = n = ${n.toLocaleString('en-US')}</text>`,
      );
    }
    const labels: { y: number; text: string; color: string }[] = [];
    for (const s of series) {
      if (s.low && s.high) {
        const upper: string[] = [];
        const lower: string[] = [];
        summary.forEach((row, i) => {
          const a = s.low?.[i];
          const b = s.high?.[i];
          if (a == null || b == null) return;
          upper.push(`${fmt(px(row.N))},${fmt(py(b))}`);
          lower.unshift(`${fmt(px(row.N))},${fmt(py(a))}`);
        });
        if (upper.length > 1) {
          out.push(
            `<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`,
          );
        }
      }
      const pts = summary
        .map((row, i) => [row.N, s.values[i]] as const)
        .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]))
        .map(([N, v]) => `${fmt(px(N))},${fmt(py(v))}`);
      if (pts.length === 0) continue;
      out.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`,
      );
      for (const p of pts) {
        const [x, y] = p.split(',');
        out.push(`<circle cx="${x}" cy="${y}" r="2.2" fill="${s.color}"/>`);
      }
      const last = [...s.values].reverse().find((v) => v !== null && Number.isFinite(v));
      if (last != null) labels.push({ y: py(last) + 4, text: s.label, color: s.color });
    }
    // End labels, pushed apart when the curves end close together.
    labels.sort((a, b) => a.y - b.y);
    for (let i = 1; i < labels.length; i++) {
      labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 13);
    }
    for (const l of labels) {
      out.push(
        `<text x="${width - m.right + 8}" y="${fmt(l.y)}" fill="${l.color}" font-weight="600">${esc(l.text)}</text>`,
      );
    }
    if (floorNote) {
      out.push(
        `<text x="${width - m.right}" y="${top + 6}" text-anchor="end" fill="#666" font-size="11">${esc(floorNote)}</text>`,
      );
    }
  };

  const stat = (pick: (s: SweepSummary) => { mean: number; min: number; max: number } | null) => {
    const spread = summary.some((s) => s.count > 1);
    return {
      values: summary.map((s) => pick(s)?.mean ?? null),
      ...(spread
        ? {
            low: summary.map((s) => pick(s)?.min ?? null),
            high: summary.map((s) => pick(s)?.max ?? null),
          }
        : {}),
    };
  };
  panel(
    0,
    'Squared loss (MSE, summed over outputs)',
    'log',
    [
      { label: 'test', color: TEST, ...stat((s) => s.testMse) },
      { label: 'train', color: TRAIN, dashed: true, ...stat((s) => s.trainMse) },
    ],
    'train MSE ≈ 0 past N = n (drawn on the axis)',
  );
  const hasErrors = summary.some((s) => s.testError01 !== null);
  panel(
    1,
    hasErrors ? 'Zero–one loss (classification error)' : 'Zero–one loss (no labels)',
    'linear',
    [
      { label: 'test', color: TEST, ...stat((s) => s.testError01) },
      { label: 'train', color: TRAIN, dashed: true, ...stat((s) => s.trainError01) },
    ],
  );
  panel(2, 'Norm of the coefficients ‖a‖', 'log', [
    { label: '‖a‖', color: NORM, ...stat((s) => s.norm) },
  ]);
  out.push(
    `<text x="${fmt((m.left + width - m.right) / 2)}" y="${height - 8}" text-anchor="middle" fill="#1c1e21">number of random features N (log scale)</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}
