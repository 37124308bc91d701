import { InvalidArgumentError } from '@overparam/tensor';
import type { InputSpec } from './bound.js';
import { InvalidBoundInputError } from './errors.js';

function rangeText(spec: InputSpec): string {
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(spec.exclusiveMin ? `> ${spec.min}` : `≥ ${spec.min}`);
  if (spec.max !== undefined) parts.push(`≤ ${spec.max}`);
  return parts.join(' and ');
}

function expectedText(spec: InputSpec): string {
  if (spec.type === 'choice') {
    return `one of ${(spec.choices ?? []).map((c) => `'${c}'`).join(', ')}`;
  }
  const range = rangeText(spec);
  const what =
    spec.type === 'integer'
      ? 'an integer'
      : spec.type === 'number-list'
        ? 'a non-empty list of finite numbers'
        : 'a finite number';
  if (!range) return what;
  return spec.type === 'number-list' ? `${what}, each ${range}` : `${what} ${range}`;
}

function example(spec: InputSpec): string {
  return `pass e.g. { ${spec.key}: ${JSON.stringify(spec.default)} }`;
}

function inRange(spec: InputSpec, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (spec.min !== undefined && (spec.exclusiveMin ? v <= spec.min : v < spec.min)) return false;
  if (spec.max !== undefined && v > spec.max) return false;
  return true;
}

const INPUT_TYPES: readonly InputSpec['type'][] = ['number', 'integer', 'number-list', 'choice'];

/** The specs themselves (a bound's own table, not the reader's input): an array of InputSpecs. */
function checkSpecs(specs: unknown): asserts specs is readonly InputSpec[] {
  const op = 'validateInputs';
  if (!Array.isArray(specs)) {
    throw new InvalidArgumentError(
      'specs',
      specs,
      'an array of InputSpecs { key, type, default, … }',
      op,
    );
  }
  for (let i = 0; i < specs.length; i++) {
    const s: unknown = specs[i];
    const spec = s as Partial<InputSpec> | null;
    if (
      spec === null ||
      typeof spec !== 'object' ||
      typeof spec.key !== 'string' ||
      !INPUT_TYPES.includes(spec.type as InputSpec['type']) ||
      (spec.type === 'choice' && !Array.isArray(spec.choices))
    ) {
      throw new InvalidArgumentError(
        `specs[${i}]`,
        s,
        `an InputSpec { key: string, type: ${INPUT_TYPES.map((t) => `'${t}'`).join(' | ')}, default, … } (a 'choice' with its choices)`,
        op,
      );
    }
  }
}

/**
 * Validates raw inputs (a form, URL state, a caller's object) against a bound's
 * {@link InputSpec}s and returns them typed. Keys left out take their defaults; numeric
 * strings are accepted (URL state arrives as text); a 'choice' input takes exactly one of its
 * `choices` (no fallback for an unknown name); unknown keys are rejected so a typo is not
 * silently ignored.
 *
 * @throws InvalidBoundInputError naming the bound, the key, the value, the allowed range and a fix;
 *   InvalidArgumentError when `specs` is not an array of InputSpecs (a bug in the bound, not the input).
 * @example
 * validateInputs('demo', [{ key: 'n', label: 'n', description: 'samples', type: 'integer', min: 1, default: 100 }], {})
 * // { n: 100 }
 * validateInputs('demo', specs, { n: 0 }) // throws: demo: input 'n' is 0; expected an integer ≥ 1. Fix: pass e.g. { n: 100 }
 */
export function validateInputs<I>(boundId: string, specs: readonly InputSpec[], raw: unknown): I {
  checkSpecs(specs);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidBoundInputError(
      boundId,
      '(inputs)',
      raw,
      `an object with keys ${specs.map((s) => s.key).join(', ')}`,
      'pass an object such as bound.defaults',
    );
  }
  const source = raw as Record<string, unknown>;
  const known = new Set(specs.map((s) => s.key));
  for (const key of Object.keys(source)) {
    if (!known.has(key)) {
      throw new InvalidBoundInputError(
        boundId,
        key,
        source[key],
        `one of the keys ${[...known].join(', ')}`,
        `remove '${key}' or correct its spelling`,
      );
    }
  }
  const out: Record<string, number | number[] | string> = {};
  for (const spec of specs) {
    const given = source[spec.key];
    if (given === undefined) {
      out[spec.key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      continue;
    }
    const fail = (): never => {
      throw new InvalidBoundInputError(boundId, spec.key, given, expectedText(spec), example(spec));
    };
    if (spec.type === 'choice') {
      if (typeof given !== 'string' || !(spec.choices ?? []).includes(given)) fail();
      out[spec.key] = given as string;
    } else if (spec.type === 'number-list') {
      let list: unknown[];
      if (Array.isArray(given)) list = given;
      else if (typeof given === 'string') list = given.split(',').map((s) => s.trim());
      else return fail();
      const values = list.map((v) => (typeof v === 'string' && v !== '' ? Number(v) : v));
      if (values.length === 0) fail();
      for (const v of values) if (typeof v !== 'number' || !inRange(spec, v)) fail();
      out[spec.key] = values as number[];
    } else {
      const v = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
      if (typeof v !== 'number' || !inRange(spec, v)) fail();
      if (spec.type === 'integer' && !Number.isInteger(v)) fail();
      out[spec.key] = v as number;
    }
  }
  return out as I;
}
