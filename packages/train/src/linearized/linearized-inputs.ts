// The inputs of linearizedModel and linearizedGd (Θ, f₀, y, the test kernel, η and c), read
// once through @overparam/tensor's input layer (not exported from the package).

import { resolveLossNormalization } from '@overparam/kernels';
import {
  asMatrix64,
  assertInteger,
  assertOptions,
  assertPositive,
  asVector,
  InvalidArgumentError,
  type Matrix64,
  NonFiniteError,
  type VectorInput,
} from '@overparam/tensor';
import type { LinearizedModelOptions } from './linearized-model.js';

/** The checked inputs of the linearized model, float64. */
export interface LinearizedInputs {
  /** Θ on the training points, n×n (the caller's Matrix64 when one was given: not copied). */
  K: Matrix64;
  n: number;
  /** f₀(X) and y, copies. */
  f0: Float64Array;
  y: Float64Array;
  /** Θ(x, X) (m×n) and f₀(x) (a copy), or null without test points. */
  Kx: Matrix64 | null;
  f0x: Float64Array | null;
  /** c. */
  c: number;
  /** η̃ = η/c. */
  effectiveStep: number;
}

/**
 * Reads a vector with one entry per point. asVector names a non-finite entry `name[i][0]`
 * (its finiteness check reads the vector as a column); a vector entry has one index, `name[i]`.
 */
function asPointVector(op: string, name: string, v: VectorInput, length: number): Float64Array {
  try {
    return asVector(op, name, v, { length, meaning: 'one per point' });
  } catch (error) {
    if (error instanceof NonFiniteError) {
      throw new NonFiniteError(op, name, error.row, 0, error.value, `${name}[${error.row}]`);
    }
    throw error;
  }
}

/**
 * Checks and reads the options every linearized-model function shares.
 *
 * @throws ShapeMismatchError for inconsistent sizes; NonFiniteError for NaN/±Inf entries;
 *   InvalidArgumentError for an unsupported input, test data given by halves, a bad learning
 *   rate or lossNormalization.
 */
export function readLinearizedInputs(
  op: string,
  options: LinearizedModelOptions,
): LinearizedInputs {
  assertOptions(op, 'options', options, false);
  const K = asMatrix64(op, 'ntkTrain', options.ntkTrain, {
    square: true,
    meaning: 'Θ on the n training points, n×n',
  });
  const n = K.rows;
  const f0 = asPointVector(op, 'f0Train', options.f0Train, n);
  const y = asPointVector(op, 'yTrain', options.yTrain, n);
  const hasTest = options.ntkTestTrain !== undefined || options.f0Test !== undefined;
  if (hasTest && (options.ntkTestTrain === undefined || options.f0Test === undefined)) {
    throw new InvalidArgumentError(
      options.ntkTestTrain === undefined ? 'ntkTestTrain' : 'f0Test',
      undefined,
      'both ntkTestTrain (m×n) and f0Test (length m) for test predictions, or neither',
      op,
    );
  }
  let Kx: Matrix64 | null = null;
  let f0x: Float64Array | null = null;
  if (options.ntkTestTrain !== undefined && options.f0Test !== undefined) {
    Kx = asMatrix64(op, 'ntkTestTrain', options.ntkTestTrain, {
      cols: n,
      meaning: 'rows = points it is evaluated on, columns = training points',
    });
    f0x = asPointVector(op, 'f0Test', options.f0Test, Kx.rows);
  }
  assertPositive(op, 'learningRate', options.learningRate, 'the GD step size η');
  const c = resolveLossNormalization(op, options.lossNormalization, n);
  return { K, n, f0, y, Kx, f0x, c, effectiveStep: options.learningRate / c };
}

/** Checks a number of GD steps k: an integer ≥ 0 (continuous time has its own methods). */
export function assertStepCount(op: string, name: string, value: number): void {
  assertInteger(
    op,
    name,
    value,
    { min: 0 },
    'a number of GD steps; use the …AtTime methods for continuous time',
  );
}
