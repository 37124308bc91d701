import {
  assertFunction,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOneOf,
  assertOptions,
  assertSignal,
  InvalidArgumentError,
  ShapeMismatchError,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { randomFeatures } from '../feature-map.js';
import type { FeatureMapSpec, FitSettings } from '../random-features-fit.js';
import type { EngineSettings, FeatureMapFactory } from './sweep-engine.js';

/** Defaults of {@link FitSettings}, in one place. */
export const FIT_DEFAULTS = {
  ridge: 0,
  precision: 'auto',
  float32Condition: 1e5,
  blockFloats: 2 ** 22,
  cacheFloats: 2 ** 25,
} as const;

/** The values of FitSettings.precision, in one place. */
export const PRECISION_SETTINGS = ['auto', 'float64', 'float32-gram'] as const;

/**
 * Checks a list argument of integers (featureCounts, featureSeeds): a non-empty array
 * (InvalidArgumentError with `expected` otherwise) whose entries are integers in `range`
 * (InvalidArgumentError naming `${name}[i]`, with `hint`).
 */
export function assertIntegerList(
  op: string,
  name: string,
  list: unknown,
  range: { min: number; max: number },
  expected: string,
  hint: string,
): asserts list is number[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidArgumentError(name, list, expected, op);
  }
  for (const [i, value] of list.entries()) assertInteger(op, `${name}[${i}]`, value, range, hint);
}

/** The factory behind a {@link FeatureMapSpec}. */
export function featureFactory(
  op: string,
  spec: FeatureMapSpec | FeatureMapFactory,
  budget?: WorkBudget,
): FeatureMapFactory {
  if (typeof spec === 'function') return checkedFactory(op, spec);
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidArgumentError('featureMap', spec, '{ kind, lengthScale } or a factory', op);
  }
  const { kind, lengthScale = 1 } = spec;
  // Validates kind and σ now rather than at the first block.
  randomFeatures({ kind, d: 1, N: 1, lengthScale, featureSeed: 0 });
  return (o) => randomFeatures({ kind, lengthScale, ...o, ...(budget ? { budget } : {}) });
}

/**
 * A user factory whose blocks are checked: gpu and dispose must be functions, and gpu must
 * return a live 2-D tensor of rows × N (a wrong one is disposed before the ShapeMismatchError).
 */
function checkedFactory(op: string, factory: FeatureMapFactory): FeatureMapFactory {
  return (o) => {
    const block = factory(o);
    if (block === null || typeof block !== 'object') {
      throw new InvalidArgumentError('featureMap(…)', block, 'a block { gpu, dispose }', op);
    }
    assertFunction(op, 'featureMap(…).gpu', block.gpu, '(X: tf.Tensor2D) => tf.Tensor2D');
    assertFunction(op, 'featureMap(…).dispose', block.dispose, '() => void');
    return {
      gpu(X) {
        const F = block.gpu(X) as unknown;
        const ok =
          F instanceof tf.Tensor &&
          !F.isDisposed &&
          F.rank === 2 &&
          F.shape[0] === X.shape[0] &&
          F.shape[1] === o.N;
        if (ok) return F as tf.Tensor2D;
        if (F instanceof tf.Tensor && !F.isDisposed) F.dispose();
        throw new ShapeMismatchError(
          op,
          `featureMap(…).gpu(X) returned ${F instanceof tf.Tensor ? `a tensor of shape [${F.shape.join(', ')}]` : F === null ? 'null' : typeof F}`,
          `a new ${X.shape[0]}×${o.N} tensor (one row per row of X, N = ${o.N} features)`,
        );
      },
      dispose: () => block.dispose(),
    };
  };
}

/** Checks the shared settings and fills in the defaults. */
export function engineSettings(op: string, options: FitSettings): EngineSettings {
  assertOptions(op, 'options', options, false);
  const {
    ridge = FIT_DEFAULTS.ridge,
    precision = FIT_DEFAULTS.precision,
    float32Condition = FIT_DEFAULTS.float32Condition,
    rcond,
    blockFloats = FIT_DEFAULTS.blockFloats,
    cacheFloats = FIT_DEFAULTS.cacheFloats,
    signal,
    budget,
  } = options;
  assertNonNegative(op, 'ridge', ridge, '0: min-norm least squares');
  assertOneOf(op, 'precision', precision, PRECISION_SETTINGS);
  assertNumber(op, 'float32Condition', float32Condition, { min: 1 }, 'e.g. 1e5');
  if (rcond !== undefined)
    assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  assertInteger(op, 'blockFloats', blockFloats, { min: 0 }, 'floats per feature block');
  assertInteger(op, 'cacheFloats', cacheFloats, { min: 0 }, 'floats of cached features');
  assertSignal(op, 'signal', signal);
  if (budget !== undefined) assertOptions(op, 'budget', budget, false);
  return { ridge, precision, float32Condition, rcond, blockFloats, cacheFloats, signal, budget };
}
