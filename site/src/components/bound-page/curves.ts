// The formula curve at the top of every bound page: the bound's value (and its main terms)
// against one input swept over its range, computed from `evaluate` (float64, cheap) with the
// reader's other inputs. Pure: no React, no DOM, so the server renders the same curve.
import type { AnyBound, Evaluation, InputSpec } from '@overparam/bounds';
import { formatValue } from '../demo-kit/experiment';

/** An axis scale of the curve. */
export type CurveScale = 'linear' | 'log';

/** Input values of a bound, keyed by input key. */
export type BoundValues = Readonly<Record<string, unknown>>;

/** A vertical label at x (a threshold, an optimum). */
export interface CurveAnnotation {
  x: number;
  text: string;
}

/** A horizontal reference line at y (e.g. "vacuous above 1"). */
export interface CurveRule {
  y: number;
  text: string;
}

/** How one bound's page draws its formula: which input is swept, over what, and what is drawn. */
export interface CurveSpec {
  /** Key of the swept input (a 'number' or 'integer' input). */
  input: string;
  from: number;
  to: number;
  scale: CurveScale;
  /** Default 'linear'. */
  yScale?: CurveScale;
  /** What is drawn: 'value' and term ids; the first is the headline curve (the marker's dot). Default ['value']. */
  series?: readonly string[];
  /** Legend labels by series id (default: the term's label; 'value' → `yLabel`). */
  labels?: Readonly<Record<string, string>>;
  /** Short title of the y axis. Default 'value'. */
  yLabel?: string;
  /** Points of the sweep. Default 240 (fewer for bounds whose evaluate takes milliseconds). */
  points?: number;
  /**
   * Clip the y axis at this multiple of the headline's median (a blow-up such as the risk at an
   * interpolation threshold), so the rest of the curve stays readable.
   */
  clipMedian?: number;
  /** x values where the formula is singular: evaluated exactly, so that the gap shows. */
  include?: (values: BoundValues) => number[];
  /** Labels of the phenomenon, from the reader's values and their evaluation. */
  annotations?: (values: BoundValues, at: Evaluation | null) => CurveAnnotation[];
  rules?: readonly CurveRule[];
  /** The inputs at swept value x (default: the reader's, with the input set to x). */
  apply?: (x: number, values: BoundValues) => BoundValues;
  /** What to look at, in two sentences (the caption starts with it). */
  caption?: string;
  /** One sentence the caption adds (what else moves with x). */
  note?: string;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);

/** The term's value at these inputs, or null (used by annotations). */
function term(at: Evaluation | null, id: string): number | null {
  const v = at?.terms.find((t) => t.id === id)?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The swept input of each bound page, chosen so that the curve shows what the theorem says:
 * a threshold, an optimum, a rate. A bound without an entry gets {@link fallbackCurve}.
 */
export const CURVES: Readonly<Record<string, CurveSpec>> = {
  'arora-2019-generalization': {
    caption:
      'For true labels the explicit term falls as n grows: the kernel finds the labels easy. For random labels it stays high, so the bound tells learnable labels from noise.',
    input: 'n',
    from: 5,
    to: 150,
    scale: 'log',
    yScale: 'log',
    series: ['value', 'explicit-term-random'],
    labels: { value: 'true labels', 'explicit-term-random': 'random labels' },
    yLabel: '√(2yᵀ(H^∞)⁻¹y/n)',
    points: 12,
    note: 'Each n draws its own training set (seeded), so the curve has the wiggles of a sample.',
  },
  'bartlett-2020-benign': {
    caption:
      'The variance scale falls as the dimension p grows past n: many weak directions absorb the noise that interpolation fits (benign overfitting). Its two parts say which side limits it, k*/n (the strong directions) or n/R_k* (the tail).',
    input: 'p',
    from: 150,
    to: 7000,
    scale: 'log',
    yScale: 'log',
    series: ['value', 'k-ratio', 'R-ratio'],
    labels: { value: 'k*/n + n/R_k*', 'k-ratio': 'k*/n', 'R-ratio': 'n/R_k*' },
    yLabel: 'variance scale',
    points: 40,
  },
  'du-2019-gd-rate': {
    caption:
      'The bound on the training residual falls geometrically in the number of steps k, a straight line on the log axis with slope log(1 − ηλ₀/2). A smaller λ₀ (nearly parallel inputs) flattens it.',
    input: 'steps',
    from: 1,
    to: 5000,
    scale: 'linear',
    yScale: 'log',
    yLabel: 'bound on ‖u(k) − y‖²',
    labels: { value: '(1 − ηλ₀/2)^k·‖u(0) − y‖²' },
    points: 24,
  },
  'dziugaite-roy-pac-bayes': {
    caption:
      'The bound on the test error grows with KL(Q‖P), how far training moved the posterior from the prior; the dashed curve leaves out the correction for sampling the weights. Once the KL is comparable to the sample size m the bound reaches 1 and says nothing.',
    input: 'kl',
    from: 10,
    to: 1e6,
    scale: 'log',
    series: ['value', 'single-inverse'],
    labels: { value: 'bound on e(Q)' },
    yLabel: 'test error bound',
    rules: [{ y: 1, text: 'vacuous at 1' }],
  },
  'edge-of-stability': {
    caption:
      "Gradient descent with effective step η̃ is stable on a quadratic only while the sharpness stays below 2/η̃; at the edge of stability a network's sharpness settles on this line. Halving the step doubles the sharpness training can reach.",
    input: 'effectiveStep',
    from: 0.07,
    to: 10,
    scale: 'log',
    yScale: 'log',
    yLabel: 'sharpness threshold 2/η̃',
    labels: { value: '2/η̃' },
  },
  'el-karoui-linearization': {
    caption:
      "Kernel ridge with penalty λ behaves like linear ridge with the penalty (λ + c₂)/c₁, which flattens at c₂/c₁ as λ → 0. The kernel's nonlinear part supplies a ridge of its own even with no penalty.",
    input: 'ridge',
    from: 1e-3,
    to: 1e3,
    scale: 'log',
    yScale: 'log',
    yLabel: 'equivalent linear ridge',
    labels: { value: '(λ + c₂)/c₁' },
    annotations: (_v, at) => {
      const c1 = term(at, 'c1');
      const c2 = term(at, 'c2');
      return c1 && c2 && c2 > 0 ? [{ x: c2, text: 'λ = c₂: the kernel’s own ridge' }] : [];
    },
  },
  'hmrt-ridge': {
    caption:
      'The ridge risk is U-shaped in λ: the variance falls and the bias grows as the penalty grows. Its minimum sits at λ* = σ²γ/r², the Bayes-optimal penalty.',
    input: 'lambda',
    from: 1e-3,
    to: 100,
    scale: 'log',
    series: ['value', 'bias', 'variance'],
    labels: { value: 'risk R(λ)', bias: 'bias', variance: 'variance' },
    yLabel: 'excess risk',
    annotations: (_v, at) => {
      const star = term(at, 'lambda-star');
      return star === null ? [] : [{ x: star, text: 'optimal λ*' }];
    },
  },
  'hmrt-ridgeless': {
    caption:
      'The risk of the minimum-norm interpolator blows up at the interpolation threshold γ = 1 and falls again past it: the double descent. Beyond γ = 1 the bias r²(1 − 1/γ) grows while the variance σ²/(γ − 1) falls; with SNR > 1 their sum is smallest at γ*.',
    input: 'gamma',
    from: 0.05,
    to: 5,
    scale: 'log',
    series: ['value', 'bias', 'variance'],
    labels: { value: 'risk R(γ)', bias: 'bias', variance: 'variance' },
    yLabel: 'excess risk',
    points: 300,
    clipMedian: 6,
    include: () => [1],
    annotations: (_v, at) => {
      const star = term(at, 'gamma-star');
      return [
        { x: 1, text: 'interpolation threshold γ = 1' },
        ...(star !== null && star <= 5 ? [{ x: star, text: 'optimum γ*' }] : []),
      ];
    },
  },
  'linearized-gd': {
    caption:
      "The linear model's training residual after k steps shrinks faster as the step grows, up to the stability threshold η̃ = 2/λ_max (1 on this axis). Past it gradient descent diverges and the theorem says nothing (the gap).",
    input: 'stepRatio',
    from: 0.05,
    to: 1.2,
    scale: 'linear',
    yScale: 'log',
    series: ['residual-ratio'],
    labels: { 'residual-ratio': '‖r(k)‖/‖r(0)‖ of the linear model' },
    yLabel: 'residual ratio after k steps',
    points: 30,
    clipMedian: 1e6,
    annotations: () => [{ x: 1, text: 'stability threshold η̃ = 2/λ_max' }],
    rules: [{ y: 1, text: 'no progress' }],
  },
  'marchenko-pastur': {
    caption:
      'As γ = p/n grows the eigenvalues of XᵀX/n spread over [λ₋, λ₊] around the true variance s². At γ = 1 the lower edge reaches 0, which is why least squares is unstable there.',
    input: 'gamma',
    from: 0.15,
    to: 6,
    scale: 'log',
    series: ['upper-edge', 'lower-edge', 'mean'],
    labels: { 'upper-edge': 'λ₊', 'lower-edge': 'λ₋', mean: 'mean s²' },
    yLabel: 'eigenvalues of XᵀX/n',
    annotations: () => [{ x: 1, text: 'γ = 1: λ₋ = 0' }],
  },
  'mei-montanari-rf': {
    caption:
      'The random-features test error against the number of features N/d at fixed n/d: with a small ridge (λ = 0.001, say) it peaks at N = n and falls again as N grows. At λ = 0.1 the ridge smooths the peak away.',
    input: 'psi1',
    from: 0.1,
    to: 5,
    scale: 'log',
    series: ['value', 'bias', 'variance'],
    labels: { value: 'test error R', bias: 'bias B', variance: 'variance V' },
    yLabel: 'test error',
    points: 80,
    clipMedian: 6,
    annotations: (v) => [{ x: num(v.psi2), text: 'interpolation threshold N = n' }],
  },
  'rademacher-kernel': {
    caption:
      'The margin bound falls like 1/√m as the sample grows: the complexity and confidence terms shrink and leave the training margin loss. Where it is above 1 it says nothing.',
    input: 'm',
    from: 100,
    to: 1e7,
    scale: 'log',
    yScale: 'log',
    series: ['value', 'complexity', 'confidence'],
    labels: { value: 'bound on R(h)' },
    yLabel: '0–1 error bound',
    apply: (x, v) => ({ ...v, m: x, traceK: (num(v.traceK) * x) / num(v.m) }),
    rules: [{ y: 1, text: 'vacuous at 1' }],
    note: 'Along the curve tr K grows with m at your tr K/m (the mean diagonal of the Gram matrix, 1 for the RBF kernel).',
  },
  'xu-2023-linear-net': {
    caption:
      'The one-step certificate ρ of the linear network: below 1 the error shrinks by at least that factor at the first step, most at an intermediate step size. Past the certified range (the gap) the theorem does not apply.',
    input: 'learningRate',
    from: 0.005,
    to: 0.8,
    scale: 'log',
    series: ['rho'],
    labels: { rho: 'certificate ρ' },
    yLabel: 'ρ',
    points: 24,
    rules: [{ y: 1, text: 'no certificate above 1' }],
  },
};

/**
 * The curve of a bound without an entry: its first numeric input with a finite range, swept
 * over it (log scale over two decades or more), drawing the value.
 */
export function fallbackCurve(bound: AnyBound): CurveSpec | null {
  const spec = bound.inputs.find(
    (s) =>
      (s.type === 'number' || s.type === 'integer') &&
      Number.isFinite(s.min) &&
      Number.isFinite(s.max) &&
      (s.max as number) > (s.min as number),
  );
  if (!spec) return null;
  const lo = spec.min as number;
  const hi = spec.max as number;
  // A range over two decades or more is swept on a log scale (an open 0 starts 4 decades down).
  const start = lo > 0 ? lo : hi * 1e-4;
  if (lo >= 0 && hi / start >= 100 && (lo > 0 || spec.exclusiveMin))
    return { input: spec.key, from: start, to: hi, scale: 'log' };
  // An open lower end starts a hundredth of the range in.
  return {
    input: spec.key,
    from: spec.exclusiveMin ? lo + (hi - lo) / 100 : lo,
    to: hi,
    scale: 'linear',
  };
}

/** The curve of a bound: its entry in {@link CURVES}, else {@link fallbackCurve}. */
export function curveSpecFor(bound: AnyBound): CurveSpec | null {
  return CURVES[bound.id] ?? fallbackCurve(bound);
}

/** One point of a curve: x and each series' value there (null: left out). */
export type CurveRow = { x: number } & Record<string, number | null>;

/** A run of swept values with no headline value, and why. */
export interface CurveGap {
  from: number;
  to: number;
  /** Points left out in the run. */
  count: number;
  reason: string;
}

/** A curve ready to draw and export. */
export interface BoundCurveData {
  spec: CurveSpec;
  /** What the value is (the evaluation's label at the reader's inputs), or ''. */
  valueLabel: string;
  /** The swept input's spec. */
  inputSpec: InputSpec;
  series: { id: string; label: string }[];
  rows: CurveRow[];
  gaps: CurveGap[];
  /** The reader's point: x, and the headline value there (null when not given). */
  current: { x: number; y: number | null } | null;
  /** Why the reader's x is not marked (off a log axis), or null. */
  currentNote: string | null;
  annotations: CurveAnnotation[];
  rules: CurveRule[];
  xDomain: [number, number];
  yDomain: [number, number];
  /** The y value the axis stops at when the headline runs past it (a blow-up), else null. */
  clippedAt: number | null;
}

function grid(
  spec: CurveSpec,
  lo: number,
  hi: number,
  integer: boolean,
  extra: number[],
): number[] {
  const n = Math.max(2, spec.points ?? 240);
  const xs: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = k / (n - 1);
    xs.push(spec.scale === 'log' ? lo * (hi / lo) ** t : lo + (hi - lo) * t);
  }
  const all = [...xs, ...extra.filter((x) => x >= lo && x <= hi)].map((x) =>
    integer ? Math.round(x) : x,
  );
  return [...new Set(all)].sort((a, b) => a - b);
}

function seriesValue(e: Evaluation, id: string): number | null {
  const v = id === 'value' ? e.value : (e.terms.find((t) => t.id === id)?.value ?? null);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Why the headline has no value at this point (a key to group runs by, and the words), or null. */
function missingReason(e: Evaluation, headline: string): { key: string; text: string } | null {
  if (e.status === 'assumption-broken') {
    const broken = e.assumptions.filter((a) => !a.holds && a.scope === 'theorem').map((a) => a.id);
    const text = `an assumption of the theorem is broken (${broken.join(', ')})`;
    return { key: text, text };
  }
  if (seriesValue(e, headline) !== null) return null;
  const t = headline === 'value' ? null : e.terms.find((x) => x.id === headline);
  if (t?.infinite) return { key: 'infinite', text: 'the formula is +∞' };
  const text = t?.note ? `no value: ${t.note}` : 'the formula gives no finite value';
  return { key: text, text };
}

/**
 * The bound's curve at the reader's inputs: `evaluate` at each swept x (points where an
 * assumption of the theorem breaks, where validate rejects the inputs or where the value is
 * not finite are left out and listed in `gaps`), and the reader's own point.
 */
export function computeCurve(
  bound: AnyBound,
  values: BoundValues,
  spec: CurveSpec | null = curveSpecFor(bound),
): BoundCurveData | null {
  if (!spec) return null;
  const inputSpec = bound.inputs.find((s) => s.key === spec.input);
  if (!inputSpec) return null;
  const ids = spec.series ?? ['value'];
  const headline = ids[0] ?? 'value';
  let at: Evaluation | null = null;
  try {
    at = bound.evaluate(values);
  } catch {
    at = null;
  }
  const x0 = num(values[spec.input]);
  const log = spec.scale === 'log';
  const markable = Number.isFinite(x0) && (!log || x0 > 0);
  const lo = markable ? Math.min(spec.from, x0) : spec.from;
  const hi = markable ? Math.max(spec.to, x0) : spec.to;
  const xs = grid(spec, lo, hi, inputSpec.type === 'integer', [
    ...(spec.include?.(values) ?? []),
    ...(markable ? [x0] : []),
  ]);

  const rows: CurveRow[] = [];
  const gaps: (CurveGap & { key: string; index: number })[] = [];
  xs.forEach((x, index) => {
    const raw = spec.apply ? spec.apply(x, values) : { ...values, [spec.input]: x };
    let e: Evaluation | null = null;
    let reason: { key: string; text: string } | null;
    try {
      e = bound.evaluate(raw);
      reason = missingReason(e, headline);
    } catch (error) {
      // validate refuses inputs past the empirical check's size limits (e.g. n·p too large).
      const message = error instanceof Error ? error.message : String(error);
      reason = {
        key: 'rejected',
        text: `validate rejects the inputs (${message.replace(/^[^:]*: /, '')})`,
      };
    }
    const row = { x } as CurveRow;
    for (const id of ids) row[id] = e && e.status === 'ok' ? seriesValue(e, id) : null;
    rows.push(row);
    if (!reason) return;
    // Runs of consecutive points left out for the same reason (the first one's words).
    const last = gaps.at(-1);
    if (last && last.key === reason.key && last.index === index - 1) {
      last.to = x;
      last.index = index;
      last.count += 1;
    } else gaps.push({ from: x, to: x, count: 1, reason: reason.text, key: reason.key, index });
  });

  const yScale = spec.yScale ?? 'linear';
  const usable = (v: number | null): v is number =>
    v !== null && Number.isFinite(v) && (yScale === 'linear' || v > 0);
  const ys = rows.flatMap((r) => ids.map((id) => r[id] ?? null)).filter(usable);
  const headlineYs = rows.map((r) => r[headline] ?? null).filter(usable);
  // No drawable point at all (every x refused): an empty frame, positive on a log axis.
  let yLo = ys.length ? Math.min(...ys) : yScale === 'log' ? 0.1 : 0;
  let yHi = ys.length ? Math.max(...ys) : 1;
  let clippedAt: number | null = null;
  if (spec.clipMedian && headlineYs.length) {
    const cap = spec.clipMedian * Math.abs(median(headlineYs));
    // The reader's own point stays on the chart.
    const mine = at?.status === 'ok' ? seriesValue(at, headline) : null;
    const top = Math.max(cap, mine !== null ? mine * 1.1 : 0);
    if (cap > 0 && yHi > top) {
      yHi = top;
      clippedAt = top;
    }
  }
  const rules = (spec.rules ?? []).filter((r) => yScale === 'linear' || r.y > 0);
  if (yScale === 'linear') {
    if (yLo >= 0) yLo = 0;
    // A reference line just above the data is still drawn (e.g. "vacuous at 1").
    for (const r of rules) if (r.y > yHi && r.y <= yHi * 1.25 && clippedAt === null) yHi = r.y;
  }
  if (yHi <= yLo) {
    const pad = Math.abs(yHi) > 0 ? Math.abs(yHi) * 0.1 : 1;
    yHi += pad;
    yLo = yScale === 'log' ? yLo / 2 : yLo - pad;
  }

  const annotations = (spec.annotations?.(values, at) ?? []).filter(
    (a) => Number.isFinite(a.x) && a.x >= lo && a.x <= hi,
  );
  const y = at && at.status === 'ok' ? seriesValue(at, headline) : null;
  const label = (id: string) =>
    spec.labels?.[id] ??
    (id === 'value' ? (spec.yLabel ?? 'value') : (at?.terms.find((t) => t.id === id)?.label ?? id));
  return {
    spec,
    valueLabel: at?.valueLabel ?? '',
    inputSpec,
    series: ids.map((id) => ({ id, label: label(id) })),
    rows,
    gaps: gaps.map(({ from, to, count, reason }) => ({ from, to, count, reason })),
    current: markable ? { x: x0, y } : null,
    currentNote: markable
      ? null
      : `your ${inputSpec.label} = ${formatValue(x0)} is off the log axis, so it is not marked`,
    annotations,
    rules: rules.filter((r) => r.y >= yLo && r.y <= yHi),
    xDomain: [lo, hi],
    yDomain: [yLo, yHi],
    clippedAt,
  };
}

/** The gaps in words, e.g. "γ = p/n = 1: an assumption is broken (not-at-threshold)". */
export function gapText(data: BoundCurveData): string[] {
  const name = data.inputSpec.label;
  return data.gaps.map((g) =>
    g.from === g.to
      ? `${name} = ${formatValue(g.from)}: ${g.reason}`
      : `${name} from ${formatValue(g.from)} to ${formatValue(g.to)}: ${g.reason}`,
  );
}
