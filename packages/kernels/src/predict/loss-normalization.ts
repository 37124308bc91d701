// The loss normalization c of L = (1/(2c))·Σ(f − y)², shared by kernels' GD predictions and
// train's MLP trainer, Hessian operators and linearized model, so that 'mean' means c = n everywhere.
import { assertInteger, InvalidArgumentError } from '@overparam/tensor';

/** c in L = (1/(2c))·Σ(f − y)²: 'sum' (c = 1), 'mean' (c = n) or a number c > 0. */
export type LossNormalization = 'sum' | 'mean' | number;

/**
 * Resolves the loss normalization c for n training points ('sum' → 1, 'mean' → n). Only
 * `undefined` (the option left out) means `fallback`: an explicit null is a bad value, like any
 * other that is not 'sum', 'mean' or a finite c > 0.
 */
export function resolveLossNormalization(
  op: string,
  value: LossNormalization | undefined,
  n: number,
  fallback: 'sum' | 'mean' = 'mean',
): number {
  assertInteger(op, 'n', n, {}, 'the number of training points');
  const v = value === undefined ? fallback : value;
  if (v === 'sum') return 1;
  if (v === 'mean') return n;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new InvalidArgumentError(
      'lossNormalization',
      v,
      "'sum' (c = 1), 'mean' (c = n) or a finite number c > 0 in L = (1/(2c))·Σ(f − y)²",
      op,
    );
  }
  return v;
}
