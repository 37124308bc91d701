// The model argument of every function that takes an Mlp: a live model from createMlp, checked
// before anything reads its config or parameters (not exported from the package).
import { InvalidArgumentError } from '@overparam/tensor';
import type { Mlp } from '../mlp/mlp.js';
import { ModelDisposedError } from '../mlp/model-disposed-error.js';

/**
 * Throws unless `model` looks like an {@link Mlp} (config, layers, parameter shapes and an apply
 * function) that has not been disposed.
 *
 * @throws InvalidArgumentError naming the argument and the value; ModelDisposedError for a
 *   disposed model.
 */
export function assertModel(op: string, name: string, model: unknown): asserts model is Mlp {
  const m = model as Partial<Mlp> | null | undefined;
  const ok =
    typeof m === 'object' &&
    m !== null &&
    typeof m.config === 'object' &&
    m.config !== null &&
    Array.isArray(m.layers) &&
    Array.isArray(m.paramShapes) &&
    typeof m.apply === 'function';
  if (!ok) {
    throw new InvalidArgumentError(
      name,
      model,
      'an Mlp from createMlp({ inputDim, width, depth, initSeed })',
      op,
    );
  }
  if (m.isDisposed === true) throw new ModelDisposedError(op);
}
