import { OverparamError } from '../errors/overparam-error.js';

/** Thrown by {@link nonEmpty} when the data a test loops over is missing or empty. */
export class EmptyFixtureError extends OverparamError {
  override readonly name = 'EmptyFixtureError';
  constructor(readonly label: string) {
    super(
      `${label} is empty: a test looping over it would check nothing and pass; regenerate the ` +
        'fixture with its script (test/fixtures/*.py) or fix the filter that selects the cases.',
    );
  }
}

/**
 * Returns `items` unchanged when it holds at least one element, and throws
 * {@link EmptyFixtureError} when it is empty, `undefined` or not an array: the guard of every
 * loop over fixture data (`for (const c of nonEmpty(fixture.cases))`, `it.each(nonEmpty(cases))`),
 * so an empty or renamed fixture fails the test instead of skipping every assertion.
 *
 * @example
 * nonEmpty([1, 2])                  // [1, 2]
 * nonEmpty([], 'fixture.cases')     // throws EmptyFixtureError: fixture.cases is empty: ...
 */
export function nonEmpty<A extends readonly unknown[]>(
  items: A | undefined | null,
  label = 'fixture data',
): A {
  if (!Array.isArray(items) || items.length === 0) throw new EmptyFixtureError(label);
  return items;
}
