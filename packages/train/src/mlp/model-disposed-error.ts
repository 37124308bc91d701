import { OverparamError } from '@overparam/tensor';

/**
 * A model that was disposed was used again.
 *
 * @example
 * const net = createMlp({ inputDim: 2, width: 8, depth: 1, initSeed: 1 });
 * net.dispose();
 * net.predict([[1, 0]]) // throws ModelDisposedError: predict: the model was disposed; …
 */
export class ModelDisposedError extends OverparamError {
  override readonly name = 'ModelDisposedError';
  constructor(readonly operation: string) {
    super(
      `${operation}: the model was disposed; create a new one with createMlp, or clone() it before disposing`,
    );
  }
}
