import type { Assumption, AssumptionResult, AssumptionScope, Evaluation } from './bound.js';
import { assertAssumptions } from './internal/assert-assumptions.js';

/**
 * Runs every assumption of a bound on the inputs and says whether the theorem's all hold: the
 * helper each `evaluate` uses to fill {@link Evaluation.assumptions} and
 * {@link Evaluation.status}. Each result carries its assumption's scope ('theorem' unless the
 * assumption says 'check'); a broken condition of the check alone leaves the status 'ok'.
 *
 * @throws InvalidArgumentError when `assumptions` is not an array of `{ id, check }` objects.
 * @example
 * checkAssumptions(marchenkoPasturBound.assumptions, marchenkoPasturBound.defaults).status // 'ok'
 */
export function checkAssumptions<I>(
  assumptions: readonly Assumption<I>[],
  inputs: I,
): {
  assumptions: (AssumptionResult & { id: string; scope: AssumptionScope })[];
  status: Evaluation['status'];
} {
  assertAssumptions('checkAssumptions', 'assumptions', assumptions);
  const results = assumptions.map((a) => ({
    id: a.id,
    scope: a.scope === 'check' ? ('check' as const) : ('theorem' as const),
    ...a.check(inputs),
  }));
  return {
    assumptions: results,
    status: results.every((r) => r.holds || r.scope === 'check') ? 'ok' : 'assumption-broken',
  };
}
