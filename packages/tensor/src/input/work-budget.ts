// One work budget for the whole repository: a function that allocates or iterates estimates the
// floating-point operations and bytes it is about to use and calls assertWorkBudget before it
// starts, so no input (steps: 1e12, N: 1e9, n: Infinity) can exhaust memory or run for hours.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { OverparamError } from '../errors/overparam-error.js';
import { assertNumber, assertOptions } from './assert.js';

/** Limits of one call; each public function that does heavy work takes `{ budget }` to override them. */
export interface WorkBudget {
  /** Largest number of floating-point operations (or loop iterations × their cost). */
  maxFlops?: number | undefined;
  /** Largest number of bytes allocated at once (arrays, tensors). */
  maxBytes?: number | undefined;
}

/** A budget with both limits set ({@link resolveBudget}). */
export interface ResolvedWorkBudget {
  readonly maxFlops: number;
  readonly maxBytes: number;
}

/** What a call is about to do, estimated before it starts. */
export interface WorkEstimate {
  /** Floating-point operations (an order-of-magnitude estimate is enough). */
  flops?: number | undefined;
  /** Bytes it allocates at its peak. */
  bytes?: number | undefined;
}

/**
 * The default budget: 2·10¹¹ flops (about a minute of float64 JavaScript, a few seconds of a
 * GPU) and 2 GiB of memory at once. Chosen so that every documented example and every demo runs
 * well inside it, while a mistyped size (1e9 features, 1e12 steps) is refused at once.
 */
export const DEFAULT_WORK_BUDGET: ResolvedWorkBudget = Object.freeze({
  maxFlops: 2e11,
  maxBytes: 2 ** 31,
});

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/**
 * A call would do more work, or allocate more memory, than its budget allows (or its size is not
 * finite). Thrown before anything is allocated; the message gives the estimate, the budget and
 * how to raise it.
 *
 * @example
 * assertWorkBudget('linearizedGd', { flops: 1e15 })
 * // throws WorkBudgetError: linearizedGd: this call would take ~1.00e+15 flops, over the budget of 2.00e+11 ...
 */
export class WorkBudgetError extends OverparamError {
  override readonly name = 'WorkBudgetError';
  constructor(
    readonly operation: string,
    readonly estimate: Readonly<WorkEstimate>,
    readonly budget: ResolvedWorkBudget,
    hint?: string,
  ) {
    const parts: string[] = [];
    const { flops, bytes } = estimate;
    if (flops !== undefined && !(flops <= budget.maxFlops)) {
      parts.push(`~${fmt(flops)} flops, over the budget of ${fmt(budget.maxFlops)}`);
    }
    if (bytes !== undefined && !(bytes <= budget.maxBytes)) {
      parts.push(`~${fmt(bytes)} bytes, over the budget of ${fmt(budget.maxBytes)}`);
    }
    super(
      `${operation}: this call would take ${parts.join(' and ')}. ${
        hint ? `${hint}; or ` : ''
      }raise the limit with { budget: { maxFlops, maxBytes } } if you mean it.`,
    );
  }
}

/**
 * Resolves a per-call budget over {@link DEFAULT_WORK_BUDGET}, checking it: an options object
 * of limits ≥ 0 (Infinity for none), else InvalidArgumentError naming `budget.maxFlops` etc.
 *
 * @example
 * resolveBudget({ maxFlops: 1e12 }) // { maxFlops: 1e12, maxBytes: 2147483648 }
 */
export function resolveBudget(
  budget: WorkBudget | undefined,
  op = 'resolveBudget',
): ResolvedWorkBudget {
  if (budget !== undefined) {
    assertOptions(op, 'budget', budget);
    const hint = 'a limit ≥ 0; Infinity for none';
    for (const key of ['maxFlops', 'maxBytes'] as const) {
      const v = budget[key];
      if (v !== undefined)
        assertNumber(op, `budget.${key}`, v, { min: 0, allowInfinity: true }, hint);
    }
  }
  return {
    maxFlops: budget?.maxFlops ?? DEFAULT_WORK_BUDGET.maxFlops,
    maxBytes: budget?.maxBytes ?? DEFAULT_WORK_BUDGET.maxBytes,
  };
}

/**
 * Throws {@link WorkBudgetError} unless the estimate is finite and within the budget (default
 * {@link DEFAULT_WORK_BUDGET}). Call it before the loop or allocation it guards; NaN and
 * Infinity estimates (from a size of Infinity) always fail.
 *
 * @throws WorkBudgetError for an estimate over the budget (or not finite); InvalidArgumentError
 *   for a malformed budget, an estimate that is not an options object `{ flops?, bytes? }`
 *   (null, a number or a string) or a flops/bytes that is not a number.
 *
 * @example
 * assertWorkBudget('train', { flops: 1e9, bytes: 8e6 }) // passes
 * assertWorkBudget('train', { bytes: 1e12 }, undefined, 'lower width') // throws WorkBudgetError
 */
export function assertWorkBudget(
  op: string,
  estimate: WorkEstimate,
  budget?: WorkBudget,
  hint?: string,
): void {
  assertOptions(op, 'estimate', estimate, false);
  const { flops, bytes } = estimate;
  // NaN and ±Infinity are numbers (a size of Infinity): they fail below as a WorkBudgetError.
  if (flops !== undefined && typeof flops !== 'number') badEstimate(op, 'flops', flops);
  if (bytes !== undefined && typeof bytes !== 'number') badEstimate(op, 'bytes', bytes);
  const b = resolveBudget(budget, op);
  const flopsOk = flops === undefined || flops <= b.maxFlops;
  const bytesOk = bytes === undefined || bytes <= b.maxBytes;
  if (!flopsOk || !bytesOk) throw new WorkBudgetError(op, estimate, b, hint);
}

function badEstimate(op: string, key: string, value: unknown): never {
  throw new InvalidArgumentError(
    `estimate.${key}`,
    value,
    'a number of flops or bytes, or none',
    op,
  );
}
