import { OverparamError } from '../errors/overparam-error.js';

/** Anything numeric we compare: nested arrays, typed arrays, or { data } (Matrix64). */
export type Numeric = number | ArrayLike<number> | readonly Numeric[] | { data: ArrayLike<number> };

/** Flattens nested arrays, typed arrays and `{ data }` objects to one array of numbers. */
export function flatten(value: Numeric): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'object' && value !== null && 'data' in value && !Array.isArray(value)) {
    return Array.from((value as { data: ArrayLike<number> }).data);
  }
  const out: number[] = [];
  const arr = value as ArrayLike<Numeric>;
  for (let i = 0; i < arr.length; i++) out.push(...flatten(arr[i] as Numeric));
  return out;
}

/**
 * Relative Frobenius error ‖A − E‖_F / ‖E‖_F (https://overparam.dev/docs/theory/conventions#test-metric). When ‖E‖ = 0 it returns ‖A‖_F.
 *
 * @example
 * relativeError([1, 2], [1, 2]) // 0
 * relativeError([[1.1]], [[1]]) // 0.1 (to rounding)
 */
export function relativeError(actual: Numeric, expected: Numeric): number {
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.length !== e.length) {
    throw new OverparamError(
      `relativeError: actual has ${a.length} numbers but expected has ${e.length}`,
    );
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const ei = e[i] as number;
    if (Number.isNaN(ai) !== Number.isNaN(ei)) return Number.POSITIVE_INFINITY;
    num += (ai - ei) ** 2;
    den += ei ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

/** Options of {@link expectClose}. */
export interface ExpectCloseOptions {
  /** Largest allowed relative Frobenius error; use a named tolerance (F64_RTOL, F32_RTOL...). */
  rtol: number;
  /** What is compared, for the failure message. */
  label?: string;
}

/**
 * Throws unless ‖actual − expected‖_F/‖expected‖_F ≤ rtol (the test metric of https://overparam.dev/docs/theory/conventions#test-metric).
 * Framework-free, so any test runner can use it.
 *
 * @example
 * expectClose([[1, 2]], [[1, 2 + 1e-12]], { rtol: F64_RTOL }) // passes
 */
export function expectClose(actual: Numeric, expected: Numeric, options: ExpectCloseOptions): void {
  const err = relativeError(actual, expected);
  if (!(err <= options.rtol)) {
    const label = options.label ? `${options.label}: ` : '';
    throw new OverparamError(
      `${label}relative Frobenius error ${err.toExponential(3)} exceeds rtol ${options.rtol.toExponential(1)}`,
    );
  }
}
