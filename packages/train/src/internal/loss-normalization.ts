// The loss normalization c of L = (1/(2c))·Σ(f − y)², shared by the MLP trainer, the Hessian
// operators and the linearized model, so that 'mean' means c = n everywhere.
import { InvalidArgumentError } from '@overparam/tensor';

/** c in L = (1/(2c))·Σ(f − y)²: 'sum' (c = 1), 'mean' (c = n) or a number c > 0. */
export type LossNormalization = 'sum' | 'mean' | number;

/** Resolves the loss normalization c for n training points ('sum' → 1, 'mean' → n). */
export function resolveNormalization(op: string, value: LossNormalization, n: number): number {
  if (value === 'sum') return 1;
  if (value === 'mean') return n;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(
      'lossNormalization',
      value,
      "'sum' (c = 1), 'mean' (c = n) or a finite number c > 0 in L = (1/(2c))·Σ(f − y)²",
      op,
    );
  }
  return value;
}
