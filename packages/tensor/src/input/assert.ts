// The argument checks of every Overparam package: one signature each, (op, name, value, …),
// each throwing an InvalidArgumentError that names the operation, the argument, the value
// received and what to pass instead. Packages build their domain checks on these; none keeps
// its own copy (tfjs's convertToTensor and ml-matrix's checkMatrix habit: one coercion layer).
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Bounds of {@link assertInteger}: an integer in [min, max]. */
export interface IntegerRange {
  /** Smallest allowed value. Default 0. */
  min?: number | undefined;
  /** Largest allowed value. Default Number.MAX_SAFE_INTEGER. */
  max?: number | undefined;
}

/** Bounds of {@link assertNumber}: a finite number in [min, max] (or an open side). */
export interface NumberRange {
  /** Default −Infinity (no lower bound). */
  min?: number | undefined;
  /** Default +Infinity (no upper bound). */
  max?: number | undefined;
  /** The lower bound itself is excluded (value > min). Default false. */
  exclusiveMin?: boolean | undefined;
  /** The upper bound itself is excluded (value < max). Default false. */
  exclusiveMax?: boolean | undefined;
  /** Also accept +Infinity and −Infinity within the bounds (e.g. "steps: Infinity" = converged). Default false. */
  allowInfinity?: boolean | undefined;
}

function describeRange(range: NumberRange, what: string): string {
  const { min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false } = range;
  const lo = min === -Infinity ? '' : `${exclusiveMin ? '>' : '≥'} ${min}`;
  const hi = max === Infinity ? '' : `${exclusiveMax ? '<' : '≤'} ${max}`;
  return [what, lo, lo && hi ? 'and' : '', hi].filter(Boolean).join(' ');
}

function withHint(expected: string, hint: string | undefined): string {
  return hint ? `${expected} (${hint})` : expected;
}

/**
 * Throws unless `value` is an integer in [min, max] (default [0, 2^53 − 1]).
 *
 * @throws InvalidArgumentError naming op, name and value.
 * @example
 * assertInteger('zeros', 'rows', 2.5, { min: 0 }, 'a row count')
 * // throws InvalidArgumentError: zeros: rows is 2.5; expected an integer ≥ 0 (a row count)
 */
export function assertInteger(
  op: string,
  name: string,
  value: unknown,
  range: IntegerRange = {},
  hint?: string,
): asserts value is number {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const bounds = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new InvalidArgumentError(name, value, withHint(`an integer ${bounds}`, hint), op);
  }
}

/**
 * Throws unless `value` is a finite number within `range` (±Infinity only with
 * `allowInfinity`); NaN and non-numbers always fail.
 *
 * @example
 * assertNumber('fit', 'ridge', -1, { min: 0 }, 'the ridge λ')
 * // throws InvalidArgumentError: fit: ridge is -1; expected a finite number ≥ 0 (the ridge λ)
 */
export function assertNumber(
  op: string,
  name: string,
  value: unknown,
  range: NumberRange = {},
  hint?: string,
): asserts value is number {
  const { min = -Infinity, max = Infinity, exclusiveMin = false, exclusiveMax = false } = range;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || range.allowInfinity === true) &&
    (exclusiveMin ? value > min : value >= min) &&
    (exclusiveMax ? value < max : value <= max);
  if (!ok) {
    const what = range.allowInfinity ? 'a number (Infinity allowed)' : 'a finite number';
    throw new InvalidArgumentError(name, value, withHint(describeRange(range, what), hint), op);
  }
}

/**
 * Throws unless `value` is a finite number > 0.
 *
 * @example
 * assertPositive('rbfKernel', 'lengthScale', 0) // throws InvalidArgumentError: rbfKernel: lengthScale is 0; expected a finite number > 0
 */
export function assertPositive(
  op: string,
  name: string,
  value: unknown,
  hint?: string,
): asserts value is number {
  assertNumber(op, name, value, { min: 0, exclusiveMin: true }, hint);
}

/**
 * Throws unless `value` is a finite number ≥ 0.
 *
 * @example
 * assertNonNegative('kernelRidge', 'ridge', NaN) // throws InvalidArgumentError: kernelRidge: ridge is NaN; expected a finite number ≥ 0
 */
export function assertNonNegative(
  op: string,
  name: string,
  value: unknown,
  hint?: string,
): asserts value is number {
  assertNumber(op, name, value, { min: 0 }, hint);
}

/**
 * Throws unless `value` is a finite number (NaN and ±Infinity fail).
 *
 * @example
 * assertFinite('shift', 'offset', Infinity) // throws InvalidArgumentError: shift: offset is Infinity; expected a finite number
 */
export function assertFinite(
  op: string,
  name: string,
  value: unknown,
  hint?: string,
): asserts value is number {
  assertNumber(op, name, value, {}, hint);
}

/**
 * Throws unless `value` is one of `choices` (compared with ===): unknown names never fall back
 * to a default.
 *
 * @example
 * assertOneOf('drawInputs', 'kind', 'bogus', ['gaussian', 'sphere'])
 * // throws InvalidArgumentError: drawInputs: kind is 'bogus'; expected one of 'gaussian', 'sphere'
 */
export function assertOneOf<const T>(
  op: string,
  name: string,
  value: unknown,
  choices: readonly T[],
  hint?: string,
): asserts value is T {
  if (!choices.includes(value as T)) {
    const list = choices.map((c) => (typeof c === 'string' ? `'${c}'` : String(c))).join(', ');
    throw new InvalidArgumentError(name, value, withHint(`one of ${list}`, hint), op);
  }
}

/**
 * Throws unless `value` is a boolean.
 *
 * @example
 * assertBoolean('fcKernel', 'bias', 1) // throws InvalidArgumentError: fcKernel: bias is 1; expected true or false
 */
export function assertBoolean(
  op: string,
  name: string,
  value: unknown,
  hint?: string,
): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(name, value, withHint('true or false', hint), op);
  }
}

/**
 * Throws unless `value` is a function (a callback such as `onProgress`).
 *
 * @example
 * assertFunction('train', 'onProgress', 3) // throws InvalidArgumentError: train: onProgress is 3; expected a function
 */
export function assertFunction(
  op: string,
  name: string,
  value: unknown,
  hint?: string,
  // biome-ignore lint/complexity/noBannedTypes: any callable is accepted; the caller narrows.
): asserts value is Function {
  if (typeof value !== 'function') {
    throw new InvalidArgumentError(name, value, withHint('a function', hint), op);
  }
}

/**
 * Throws unless `value` is a plain object (an options bag: `{ … }`, or `Object.create(null)`);
 * `undefined` passes when `optional` is true, so `f(x, undefined)` means "defaults". Arrays,
 * tensors, typed arrays and other class instances fail: passed in the options position they
 * would otherwise read as "all defaults".
 *
 * @example
 * assertOptions('kernelRidge', 'options', 3) // throws InvalidArgumentError: kernelRidge: options is 3; expected an options object { … }
 */
export function assertOptions(
  op: string,
  name: string,
  value: unknown,
  optional = true,
): asserts value is object | undefined {
  if (value === undefined && optional) return;
  const proto = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : 0;
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidArgumentError(
      name,
      value,
      'an options object { … } (the data goes in the arguments before it)',
      op,
    );
  }
}

/**
 * Throws unless `value` is undefined or an AbortSignal (anything with `throwIfAborted`, so a
 * signal from another realm passes too): a wrong value fails at the call with a typed error,
 * not with a TypeError at the first step of a long run.
 *
 * @example
 * assertSignal('train', 'signal', true) // throws InvalidArgumentError: train: signal is true; expected an AbortSignal ...
 */
export function assertSignal(
  op: string,
  name: string,
  value: unknown,
): asserts value is AbortSignal | undefined {
  if (value === undefined) return;
  const throwIfAborted =
    value !== null && typeof value === 'object'
      ? (value as { throwIfAborted?: unknown }).throwIfAborted
      : undefined;
  if (typeof throwIfAborted !== 'function') {
    throw new InvalidArgumentError(
      name,
      value,
      'an AbortSignal, e.g. new AbortController().signal, or none',
      op,
    );
  }
}
