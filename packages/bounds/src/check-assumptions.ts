import type { Assumption, AssumptionResult, Evaluation } from './bound.js';
import { assertAssumptions } from './internal/assert-assumptions.js';

/**
 * Runs every assumption of a bound on the inputs and says whether all hold: the helper each
 * `evaluate` uses to fill {@link Evaluation.assumptions} and {@link Evaluation.status}.
 *
 * @throws InvalidArgumentError when `assumptions` is not an array of `{ id, check }` objects.
 * @example
 * checkAssumptions(marchenkoPasturBound.assumptions, marchenkoPasturBound.defaults).status // 'ok'
 */
export function checkAssumptions<I>(
  assumptions: readonly Assumption<I>[],
  inputs: I,
): { assumptions: (AssumptionResult & { id: string })[]; status: Evaluation['status'] } {
  assertAssumptions('checkAssumptions', 'assumptions', assumptions);
  const results = assumptions.map((a) => ({ id: a.id, ...a.check(inputs) }));
  return {
    assumptions: results,
    status: results.every((r) => r.holds) ? 'ok' : 'assumption-broken',
  };
}
