import { InvalidArgumentError } from './invalid-argument-error.js';

/**
 * A number as error messages print it: short, but exact enough to recognize (`digits`
 * significant digits, trailing zeros dropped); NaN and ±Infinity as themselves. The one
 * formatter of every Overparam error message.
 *
 * @example
 * formatNumber(2 / 3)    // '0.666667'
 * formatNumber(1e-20, 4) // '1e-20'
 * formatNumber(Infinity) // 'Infinity'
 */
export function formatNumber(value: number, digits = 6): string {
  if (typeof value !== 'number') {
    throw new InvalidArgumentError('value', value, 'a number', 'formatNumber');
  }
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new InvalidArgumentError('digits', digits, 'an integer in [1, 21]', 'formatNumber');
  }
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}
