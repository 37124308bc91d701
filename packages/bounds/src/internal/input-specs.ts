import type { InputSpec } from '../bound.js';

/**
 * A real input strictly greater than 0 (a spike, a constant, a variance, a norm bound), with the
 * form's slider range up to `max`, its step and its default.
 */
export function positiveInput(
  key: string,
  label: string,
  description: string,
  range: { max: number; step: number; default: number },
): InputSpec {
  return {
    key,
    label,
    description,
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: range.max,
    step: range.step,
    default: range.default,
  };
}
