import { InvalidArgumentError } from '@overparam/tensor';

/** Throws InvalidArgumentError unless `value` is an integer >= min. */
export function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(name, value, `an integer >= ${min}`);
  }
}

/** Throws InvalidArgumentError unless `value` is a finite number >= 0. */
export function assertNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InvalidArgumentError(name, value, 'a finite number >= 0');
  }
}
