/**
 * One query-string parameter of a demo's URL state: its type, its default, its allowed values
 * (or range), and how it is read from and written to the URL. Build one with the helpers below;
 * a schema is a plain object of them, e.g.
 * `{ repeats: numberParam({ default: 2, min: 1, max: 5, integer: true }) }`.
 */
export interface UrlParam<T> {
  readonly defaultValue: T;
  /** The value a query-string text stands for, or undefined when it stands for none. */
  parse(text: string): T | undefined;
  /** Makes a value valid: clamps numbers into range, drops values that are not allowed. */
  normalize(value: T): T;
  /** The query-string text of a (normalized) value. */
  serialize(value: T): string;
}

/** A demo's URL state: parameter name → parameter. */
export type UrlSchema = Readonly<Record<string, UrlParam<unknown>>>;

/** The values a schema describes, typed per parameter. */
export type UrlValues<S extends UrlSchema> = {
  -readonly [K in keyof S]: S[K] extends UrlParam<infer T> ? T : never;
};

function clamp(value: number, min: number, max: number, integer: boolean): number {
  const v = integer ? Math.round(value) : value;
  return Math.min(max, Math.max(min, v));
}

/** Options of {@link numberParam}. */
export interface NumberParamOptions {
  default: number;
  /** Smallest allowed value; smaller ones are clamped. Default -Infinity. */
  min?: number;
  /** Largest allowed value; larger ones are clamped. Default Infinity. */
  max?: number;
  /** Round to an integer. Default false. */
  integer?: boolean;
}

/** A number, clamped into [min, max] (and rounded when `integer`). */
export function numberParam(options: NumberParamOptions): UrlParam<number> {
  const { min = -Infinity, max = Infinity, integer = false } = options;
  const normalize = (value: number) => clamp(value, min, max, integer);
  return {
    defaultValue: normalize(options.default),
    parse: (text) => {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(value) ? normalize(value) : undefined;
    },
    normalize,
    serialize: String,
  };
}

/** An on/off switch, written `1` or `0`. */
export function booleanParam(options: { default: boolean }): UrlParam<boolean> {
  return {
    defaultValue: options.default,
    parse: (text) => {
      if (text === '1' || text === 'true') return true;
      if (text === '0' || text === 'false') return false;
      return undefined;
    },
    normalize: (value) => value,
    serialize: (value) => (value ? '1' : '0'),
  };
}

/** Options of {@link choiceParam}. */
export interface ChoiceParamOptions<T extends string> {
  /** The allowed values. */
  values: readonly T[];
  default: NoInfer<T>;
}

/** One of a fixed set of strings. */
export function choiceParam<const T extends string>(options: ChoiceParamOptions<T>): UrlParam<T> {
  const allowed = (text: string): text is T => (options.values as readonly string[]).includes(text);
  return {
    defaultValue: options.default,
    parse: (text) => (allowed(text) ? text : undefined),
    normalize: (value) => (allowed(value) ? value : options.default),
    serialize: (value) => value,
  };
}
