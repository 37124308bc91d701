import { assertFunction, InvalidArgumentError } from '@overparam/tensor';
import type { Assumption } from '../bound.js';

/**
 * Throws InvalidArgumentError unless `list` is an array of assumptions, each an object with a
 * string `id`, a `check` function and, if given, a `scope` of 'theorem' or 'check': the shape {@link checkAssumptions} and defineBound rely
 * on, checked up front so that a malformed list fails with a typed error naming the entry, not
 * with a TypeError inside the first evaluation.
 */
export function assertAssumptions<I>(
  op: string,
  name: string,
  list: unknown,
): asserts list is readonly Assumption<I>[] {
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(
      name,
      list,
      'an array of assumptions { id, statement, check(inputs) } (an empty array for none)',
      op,
    );
  }
  for (let i = 0; i < list.length; i++) {
    const a: unknown = list[i];
    if (a === null || typeof a !== 'object' || typeof (a as { id?: unknown }).id !== 'string') {
      throw new InvalidArgumentError(
        `${name}[${i}]`,
        a,
        'an assumption { id: string, statement, check(inputs) }',
        op,
      );
    }
    const scope = (a as { scope?: unknown }).scope;
    if (scope !== undefined && scope !== 'theorem' && scope !== 'check') {
      throw new InvalidArgumentError(
        `${name}[${i}].scope`,
        scope,
        "'theorem' (the default) or 'check' (a condition of the empirical check only)",
        op,
      );
    }
    assertFunction(
      op,
      `${name}[${i}].check`,
      (a as { check?: unknown }).check,
      '(inputs) => { holds, value, requirement, explanation }',
    );
  }
}
