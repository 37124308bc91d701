// Object arguments checked as objects only (not exported from the package): the structure
// (options bags, data, models) is checked field by field by the caller.
import { InvalidArgumentError } from '@overparam/tensor';

/**
 * Throws InvalidArgumentError naming `op`, `name` and `value` unless `value` is a non-null
 * object; `expected` says what to pass, e.g. 'an object { X, y }'.
 */
export function assertObject(
  op: string,
  name: string,
  value: unknown,
  expected: string,
): asserts value is object {
  if (typeof value !== 'object' || value === null) {
    throw new InvalidArgumentError(name, value, expected, op);
  }
}
