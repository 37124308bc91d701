// The model-facing side of @overparam/tensor's input layer: the inputs of an Mlp must have its
// d columns, and the message says so in the model's terms (not exported from the package).
import { asTensor2D, type Owned, ShapeMismatchError, type TensorInput } from '@overparam/tensor';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * Reads `X` as float32 n×d points for a model with `inputDim` = d inputs ({@link asTensor2D}:
 * a float32 tensor is adopted, anything else checked and uploaded). The caller disposes the
 * tensor when `owned`.
 *
 * @throws the errors of asTensor2D; ShapeMismatchError naming both sizes when X does not have
 *   d columns.
 */
export function asModelInputs(
  op: string,
  name: string,
  X: TensorInput,
  inputDim: number,
): Owned<tf.Tensor2D> {
  const x = asTensor2D(op, name, X);
  const [rows, cols] = x.tensor.shape;
  if (cols !== inputDim) {
    if (x.owned) x.tensor.dispose();
    throw new ShapeMismatchError(
      op,
      `${name} is ${rows}×${cols}`,
      `${inputDim} columns (the input dimension d of the model)`,
    );
  }
  return x;
}
