import * as tf from '@tensorflow/tfjs-core';
import { OverparamError } from '../errors/overparam-error.js';

/** Thrown when code under {@link withLeakCheck} leaves tensors behind. */
export class TensorLeakError extends OverparamError {
  override readonly name = 'TensorLeakError';
  constructor(
    readonly leaked: number,
    readonly expectedNew: number,
  ) {
    super(
      `${leaked} tensor(s) leaked (allowed ${expectedNew} new): dispose intermediates, wrap sync work in tf.tidy, ` +
        'and make sure the function disposes every tensor it does not return.',
    );
  }
}

/**
 * Runs `fn` and throws {@link TensorLeakError} if the number of live tensors grew by more than
 * the tensors it returns (a tensor, or an array / object of tensors, counted and then
 * disposed unless `keep` is set). The tfjs `tf.memory()` check, as tfjs's own tests do it.
 *
 * @example
 * await withLeakCheck(() => tf.add(a, b)); // the returned tensor is counted, then disposed
 */
export async function withLeakCheck<T>(
  fn: () => T | Promise<T>,
  options: { keep?: boolean } = {},
): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const returned = collectTensors(result);
  const after = tf.memory().numTensors;
  const leaked = after - before - returned.length;
  if (leaked > 0) throw new TensorLeakError(leaked, returned.length);
  if (!options.keep) for (const t of returned) t.dispose();
  return result;
}

function collectTensors(value: unknown, seen = new Set<tf.Tensor>()): tf.Tensor[] {
  if (value instanceof tf.Tensor) {
    if (!value.isDisposed) seen.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, seen);
  } else if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    for (const v of Object.values(value)) collectTensors(v, seen);
  }
  return [...seen];
}
