// The reader's inputs of a bound page, shared between the formula curve under the title and the
// calculator further down (two components of one MDX page, with no common parent): the
// calculator publishes its validated inputs, the curve subscribes. Before the calculator loads
// the curve reads the same URL parameters itself; on the server, and while hydrating, both
// see the defaults.
import type { AnyBound } from '@overparam/bounds';
import { useCallback, useSyncExternalStore } from 'react';
import { schemaFor } from '../demo-kit/spec-controls';
import type { BoundValues } from './curves';

const current = new Map<string, BoundValues>();
const listeners = new Map<string, Set<() => void>>();

/** Makes `values` (already validated by the bound) the page's current inputs of bound `id`. */
export function publishBoundInputs(id: string, values: BoundValues): void {
  if (current.get(id) === values) return;
  current.set(id, values);
  for (const listener of listeners.get(id) ?? []) listener();
}

/** The bound's inputs in the page's URL (the calculator's parameters), validated; defaults if invalid. */
export function urlBoundInputs(bound: AnyBound, search: string): BoundValues {
  const query = new URLSearchParams(search);
  const raw: Record<string, unknown> = {};
  for (const [key, param] of Object.entries(schemaFor(bound.inputs))) {
    const text = query.get(key);
    const parsed = text === null ? undefined : param.parse(text);
    raw[key] = parsed === undefined ? param.defaultValue : param.normalize(parsed);
  }
  try {
    return bound.validate(raw) as BoundValues;
  } catch {
    return bound.defaults as BoundValues;
  }
}

/** The current inputs of bound `id`, or null until any are published (always null on the server). */
export function useBoundInputs(id: string): BoundValues | null {
  const subscribe = useCallback(
    (listener: () => void) => {
      const set = listeners.get(id) ?? new Set();
      set.add(listener);
      listeners.set(id, set);
      return () => {
        set.delete(listener);
      };
    },
    [id],
  );
  return useSyncExternalStore(
    subscribe,
    () => current.get(id) ?? null,
    () => null,
  );
}
