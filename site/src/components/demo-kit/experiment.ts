// The declarative half of the demo kit: an experiment is its inputs (specs with defaults, ranges
// and an "advanced" flag), a pure `run` that streams result rows, the columns of its results
// table, and the Node script that reproduces a setting. Everything a reader touches is derived
// from it by the kit (controls, URL state, the table, CSV/JSON export, number formatting, the
// stale-result state, "Run it in Node"); a demo adds only the layout that is its own (charts).
//
// This module imports nothing from React or the browser, so the same experiment runs in a
// make-figures script in Node, in the page, and in the e2e checks.
import type { InputSpec } from '@overparam/bounds';
import { SEED_RANGE } from '@overparam/tensor';

/**
 * One input of an experiment. The numeric and choice inputs are the bounds package's
 * {@link InputSpec} (so bound pages and demos share one description and one set of controls);
 * a demo adds switches (`type: 'boolean'`), labels for choices, and presentation flags.
 */
export type ParamSpec =
  | (InputSpec & ParamExtras)
  | (Omit<InputSpec, 'type' | 'default' | 'min' | 'max' | 'step' | 'choices'> &
      ParamExtras & { type: 'boolean'; default: boolean });

/** What a demo input adds to an {@link InputSpec}. */
export interface ParamExtras {
  /** Shown in the collapsed "Advanced" section rather than on top. Default false. */
  advanced?: boolean;
  /** Visible labels of a 'choice' input's values. */
  choiceLabels?: Readonly<Record<string, string>>;
  /** Draw a slider beside the number field (numeric inputs with a finite range). Default true. */
  slider?: boolean;
  /** The slider moves on a log scale (min > 0). Default false. */
  logSlider?: boolean;
  /** When given and false for the current values, the control is hidden (the input keeps its value). */
  shown?: (values: Readonly<Record<string, unknown>>) => boolean;
}

/** How a results-table column shows its values. */
export type ColumnFormat =
  | 'number'
  | 'integer'
  | 'percent'
  | 'seconds'
  | 'text'
  | ((value: unknown, row: never) => string);

/** One column of an experiment's results (table, CSV and JSON). */
export interface ColumnSpec<Row> {
  key: keyof Row & string;
  /** Header text. */
  label: string;
  /** Default: 'number' for numbers, 'text' otherwise. */
  format?: ColumnFormat;
  /** Significant digits of 'number'. Default 3. */
  digits?: number;
  /** Left out of the visible table (still exported). Default false. */
  exportOnly?: boolean;
}

/** Progress of a run: `done` of `total` steps, and what is happening now. */
export interface ExperimentProgress {
  done: number;
  total: number;
  message: string;
}

/** Where a run finds what the page serves (in Node, every field is left out). */
export interface ExperimentEnv {
  /** URL of the site's packed MNIST digits (`loadMnist({ url })`); absent in Node. */
  mnistUrl?: string;
}

/** What `run` receives besides the inputs. */
export interface RunContext<Row> {
  /** Aborted when the reader changes a setting, presses Cancel or leaves; pass it on. */
  signal: AbortSignal;
  /** Streams one result row (the table and charts redraw as rows arrive). */
  onRow: (row: Row) => void;
  /** Updates the progress (fields not given keep their value). */
  report: (progress: Partial<ExperimentProgress>) => void;
  env: ExperimentEnv;
}

/**
 * A demo's experiment, pure: from it the kit derives controls, URL state, the results table,
 * exports, the stale state and the Node script. `Inputs` is the object of input values keyed
 * by each spec's `key`.
 */
export interface Experiment<Inputs extends object, Row extends object> {
  /** Short id: file names of exports (`overparam-<id>.csv`) and `data-testid="<id>-demo"`. */
  id: string;
  /** What one run does, in a few words (the accessible name of the results). */
  title: string;
  inputs: readonly ParamSpec[];
  columns: readonly ColumnSpec<Row>[];
  /** Why these inputs cannot run, in words a reader can act on; null when they can. */
  check?: (inputs: Inputs) => string | null;
  /** How many steps a run reports (the progress bar's length). */
  total?: (inputs: Inputs) => number;
  run: (inputs: Inputs, context: RunContext<Row>) => Promise<void>;
  /** A runnable ES module (`node script.mjs`) that reproduces a run with these inputs. */
  nodeScript: (inputs: Inputs) => string;
  /** The label of the run button. Default 'Run'. */
  runLabel?: string;
  /** Run on load and after every change. Default true. */
  reactive?: boolean;
}

/**
 * A seed input: an integer in @overparam/tensor's SEED_RANGE (what createRng accepts; `max`
 * lower where the experiment derives further seeds from it), a number field without a slider,
 * in the Advanced section.
 */
export function seedInput(spec: {
  key: string;
  label: string;
  description: string;
  default: number;
  max?: number;
}): ParamSpec {
  return {
    type: 'integer',
    min: SEED_RANGE.min,
    max: SEED_RANGE.max,
    slider: false,
    advanced: true,
    ...spec,
  };
}

/** The inputs' default values, keyed by spec key. */
export function defaultInputs<Inputs extends object>(specs: readonly ParamSpec[]): Inputs {
  const values: Record<string, unknown> = {};
  for (const spec of specs) values[spec.key] = spec.default;
  return values as Inputs;
}

/** A stable text for a set of input values (equal settings, equal key). */
export function inputsKey(values: object): string {
  return JSON.stringify(values, Object.keys(values).sort());
}

/**
 * A number for a table, a status line or a chart tip: `digits` significant digits, exponent
 * form (1.2e-5) below 1e-3 and from 1e5 on (integers below 1e7 stay whole); '–' for null,
 * undefined and NaN; ∞ for Infinity. The one number formatter of the site's demos and bound pages.
 */
export function formatValue(value: unknown, digits = 3): string {
  if (value === null || value === undefined) return '–';
  if (typeof value !== 'number') return String(value);
  if (Number.isNaN(value)) return '–';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (Number.isInteger(value) && a < 1e7) return String(value);
  if (a >= 1e5 || a < 1e-3) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * An axis tick label, never with SI prefixes ("1m", "100µ"): 10ᵏ on an axis of whole decades
 * that reaches 10³ or 10⁻³ (given its `ticks`; without them, any exact power of ten that far
 * from 1), plain decimals (formatValue) otherwise. Every chart of the site (Plot charts and the
 * bound pages' server-drawn curves) labels its ticks with it.
 */
export function tickText(value: number, _index?: number, ticks?: readonly number[]): string {
  if (value === 0) return '0';
  const power = (v: number) => {
    const k = Math.log10(Math.abs(v));
    return Math.abs(k - Math.round(k)) < 1e-9 ? Math.round(k) : null;
  };
  const k = power(value);
  // 10ᵏ only where every tick is a power of ten (an axis of whole decades, reaching 10³ or
  // 10⁻³): then all of them, so that "100" never sits beside "10³"; decimals otherwise.
  const decades =
    ticks === undefined
      ? k !== null && Math.abs(k) >= 3
      : ticks.length > 1 &&
        ticks.every((t) => t > 0 && power(t) !== null) &&
        ticks.some((t) => Math.abs(power(t) as number) >= 3);
  if (k !== null && decades) {
    const exponent = String(k)
      .split('')
      .map((c) => SUPERSCRIPT[c] ?? c)
      .join('');
    return `${value < 0 ? '−' : ''}10${exponent}`;
  }
  return formatValue(value, 3);
}

/** A cell's text for a column. */
export function formatCell<Row>(column: ColumnSpec<Row>, row: Row): string {
  const value = row[column.key];
  const format = column.format ?? (typeof value === 'number' ? 'number' : 'text');
  if (typeof format === 'function') return format(value, row as never);
  if (value === null || value === undefined) return '–';
  switch (format) {
    case 'integer':
      return typeof value === 'number' ? String(Math.round(value)) : String(value);
    case 'percent':
      return typeof value === 'number' ? `${(100 * value).toFixed(1)}%` : String(value);
    case 'seconds':
      return typeof value === 'number' ? value.toFixed(2) : String(value);
    case 'text':
      return String(value);
    default:
      return formatValue(value, column.digits ?? 3);
  }
}

/** True when a column's cells are right-aligned numbers. */
export function isNumericColumn<Row>(column: ColumnSpec<Row>, rows: readonly Row[]): boolean {
  if (column.format === 'text') return false;
  if (column.format !== undefined) return true;
  return rows.some((row) => typeof row[column.key] === 'number');
}

/** A JavaScript literal for a value in a generated script (numbers, strings, arrays, objects). */
export function literal(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'Number.NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(value) && Math.abs(value) >= 10_000
      ? value.toLocaleString('en-US').replaceAll(',', '_')
      : String(value);
  }
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v)}`,
    );
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * The header every generated Node script starts with: what it reproduces, how to install and
 * run it, and the page URL with these settings.
 */
export function scriptHeader(options: {
  what: string;
  packages: readonly string[];
  url?: string;
}): string {
  const lines = [
    `// ${options.what}`,
    '// Generated by the Overparam site ("Run it in Node") from the settings on the page.',
    `//   npm install ${[...options.packages, '@tensorflow/tfjs-core'].join(' ')}`,
    '//   node this-file.mjs',
  ];
  if (options.url) lines.push(`// The same settings on the site: ${options.url}`);
  return `${lines.join('\n')}\n`;
}

const SITE = 'https://overparam.dev';

function urlText(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * The page URL that reproduces a demo's settings (for the header of its Node script):
 * `https://overparam.dev<path>?<non-default inputs>`, written as the kit's URL state writes them
 * (lists comma-separated, switches 1/0, defaults left out).
 */
export function pageUrl(path: string, specs: readonly ParamSpec[], inputs: object): string {
  const values = inputs as Record<string, unknown>;
  const query = specs
    .filter((spec) => urlText(values[spec.key]) !== urlText(spec.default))
    .map(
      (spec) =>
        `${spec.key}=${encodeURIComponent(urlText(values[spec.key])).replace(/%2C/gi, ',')}`,
    );
  return `${SITE}${path}${query.length ? `?${query.join('&')}` : ''}`;
}

/**
 * Ticks of a log axis inside [min, max] of the values (never beyond the data: Plot would draw
 * them outside the frame): 1, 2, 5 × 10ᵏ over up to three decades, else powers of ten, thinned
 * to at most `max` ticks.
 */
export function logTicks(values: readonly number[], max = 7): number[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [];
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const mantissas = e1 - e0 <= 3 ? [1, 2, 5] : [1];
  const inside: number[] = [];
  for (let e = e0; e <= e1; e++)
    for (const m of mantissas) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo * (1 - 1e-12) && t <= hi * (1 + 1e-12)) inside.push(t);
    }
  const every = Math.ceil(inside.length / max);
  return inside.filter((_, i) => i % every === 0);
}
