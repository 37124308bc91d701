import { OverparamError } from './overparam-error.js';

/**
 * An argument has a wrong value: the message names the operation (when given), the argument,
 * the value received, what was expected, and how to fix it.
 *
 * @example
 * createRng(-1) // throws InvalidArgumentError: seed is -1; expected an integer in [0, 2^32) ...
 * new InvalidArgumentError('ridge', -1, 'a finite number ≥ 0', 'kernelRidge').message
 * // "kernelRidge: ridge is -1; expected a finite number ≥ 0"
 */
export class InvalidArgumentError extends OverparamError {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly argument: string,
    readonly value: unknown,
    expected: string,
    /** The function that was called, e.g. 'kernelRidge'; prefixes the message when given. */
    readonly operation?: string,
  ) {
    super(
      `${operation ? `${operation}: ` : ''}${argument} is ${formatValue(value)}; expected ${expected}`,
    );
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 8).map(formatValue).join(', ');
    return `[${shown}${value.length > 8 ? `, … (${value.length} entries)` : ''}]`;
  }
  if (value !== null && typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
  }
  return String(value);
}
