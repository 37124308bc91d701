import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NonFiniteError, ShapeMismatchError } from '../linalg/linalg-errors.js';

/** A vector given on the host: plain numbers or a typed array. */
export type VectorInput = ArrayLike<number>;

/** Length requirements of {@link asVector}. */
export interface VectorShape {
  /** Required length. Default: any (at least 1 unless `allowEmpty`). */
  length?: number | undefined;
  /** Accept an empty vector. Default false. */
  allowEmpty?: boolean | undefined;
  /** What the entries are, for the message, e.g. 'one per point'. */
  meaning?: string | undefined;
}

/**
 * Copies `v` into a new finite Float64Array of the required length.
 *
 * @throws InvalidArgumentError when `v` is not an array or typed array, or an entry is not a
 *   number; ShapeMismatchError for a wrong length; NonFiniteError at the first NaN/±Infinity.
 * @example
 * asVector('fit', 'y', [1, 2], { length: 2 }) // Float64Array [1, 2]
 * asVector('fit', 'y', [1], { length: 2 })    // throws ShapeMismatchError: fit: y has 1 entries ...
 */
export function asVector(
  op: string,
  name: string,
  v: VectorInput,
  shape: VectorShape = {},
): Float64Array {
  if (!Array.isArray(v) && !(ArrayBuffer.isView(v) && !(v instanceof DataView))) {
    throw new InvalidArgumentError(name, v, 'a number[] or a Float64Array', op);
  }
  const { length, allowEmpty = false, meaning } = shape;
  if ((length !== undefined && v.length !== length) || (!allowEmpty && v.length === 0)) {
    throw new ShapeMismatchError(
      op,
      `${name} has ${v.length} entries`,
      `${length ?? 'at least 1'}${meaning ? ` (${meaning})` : ''}`,
    );
  }
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number') throw new InvalidArgumentError(`${name}[${i}]`, x, 'a number', op);
    if (x - x !== 0) throw new NonFiniteError(op, name, i, 0, x, `${name}[${i}]`);
    out[i] = x;
  }
  return out;
}
