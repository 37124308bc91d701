import { useCallback, useEffect, useMemo, useState } from 'react';
import type { UrlSchema, UrlValues } from './url-params';

/** What {@link useUrlState} returns. */
export interface UrlState<S extends UrlSchema> {
  /** The current values, each valid for its parameter. */
  values: UrlValues<S>;
  /** Changes some values (each is normalized: clamped, or filtered to the allowed ones). */
  set: (patch: Partial<UrlValues<S>>) => void;
  /** Restores every default. */
  reset: () => void;
  /** True when every value is its default. */
  isDefault: boolean;
  /** The page's URL that reproduces the current values. */
  shareUrl: () => string;
}

function readValues<S extends UrlSchema>(schema: S, search: string): UrlValues<S> {
  const query = new URLSearchParams(search);
  const values: Record<string, unknown> = {};
  for (const [key, param] of Object.entries(schema)) {
    const text = query.get(key);
    const parsed = text === null ? undefined : param.parse(text);
    values[key] = parsed === undefined ? param.defaultValue : parsed;
  }
  return values as UrlValues<S>;
}

function isDefaultValue(schema: UrlSchema, key: string, value: unknown): boolean {
  const param = schema[key];
  return param !== undefined && param.serialize(value) === param.serialize(param.defaultValue);
}

/**
 * The URL for `values`: the page's own URL with the schema's parameters set (defaults left
 * out, to keep links short) and every other parameter, such as `?backend=`, kept as it was.
 */
function urlFor(schema: UrlSchema, values: Record<string, unknown>, href: string): string {
  const url = new URL(href);
  for (const [key, param] of Object.entries(schema)) {
    if (isDefaultValue(schema, key, values[key])) url.searchParams.delete(key);
    else url.searchParams.set(key, param.serialize(values[key]));
  }
  // Commas are legal in a query; keep lists readable (sizes=128,256 rather than 128%2C256).
  url.search = url.searchParams.toString().replace(/%2C/gi, ',');
  return url.href;
}

/**
 * Typed demo state mirrored to the query string with `history.replaceState`, so that a link
 * reproduces the run. Parameters the schema does not declare (e.g. `backend`) are preserved.
 * The schema is read once, on mount. Call it in client-only code (inside a DemoFrame): the
 * first render reads `location.search`.
 *
 * @example
 * const state = useUrlState({ repeats: numberParam({ default: 2, min: 1, max: 5, integer: true }) });
 * state.values.repeats // 2, or ?repeats=9 → 5
 */
export function useUrlState<S extends UrlSchema>(schema: S): UrlState<S> {
  const [fixed] = useState(schema);
  const [values, setValues] = useState<UrlValues<S>>(() =>
    readValues(fixed, typeof window === 'undefined' ? '' : window.location.search),
  );

  useEffect(() => {
    const next = urlFor(fixed, values, window.location.href);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [fixed, values]);

  const set = useCallback(
    (patch: Partial<UrlValues<S>>) =>
      setValues((current) => {
        const next: Record<string, unknown> = { ...current };
        for (const [key, value] of Object.entries(patch)) {
          const param = fixed[key];
          if (param && value !== undefined) next[key] = param.normalize(value);
        }
        return next as UrlValues<S>;
      }),
    [fixed],
  );

  const reset = useCallback(() => setValues(readValues(fixed, '')), [fixed]);

  const isDefault = useMemo(
    () => Object.keys(fixed).every((key) => isDefaultValue(fixed, key, values[key])),
    [fixed, values],
  );

  const shareUrl = useCallback(() => urlFor(fixed, values, window.location.href), [fixed, values]);

  return { values, set, reset, isDefault, shareUrl };
}
