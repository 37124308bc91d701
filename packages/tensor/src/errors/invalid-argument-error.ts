import { OverparamError } from './overparam-error.js';

/**
 * An argument has a wrong value: the message names the argument, the value received, what
 * was expected, and how to fix it.
 *
 * @example
 * createRng(-1) // throws InvalidArgumentError: seed is -1; expected an integer in [0, 2^32) ...
 */
export class InvalidArgumentError extends OverparamError {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly argument: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${argument} is ${formatValue(value)}; expected ${expected}`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return String(value);
}
