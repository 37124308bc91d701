import {
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOneOf,
  assertOptions,
  InvalidArgumentError,
} from '@overparam/tensor';
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

/** The range of a seed (what createRng accepts): an integer in [0, 2^32). */
export const SEED_RANGE = { min: 0, max: 2 ** 32 - 1 } as const;

/** The factory behind a {@link FeatureMapSpec}. */
export function featureFactory(
  op: string,
  spec: FeatureMapSpec | FeatureMapFactory,
): FeatureMapFactory {
  if (typeof spec === 'function') return spec;
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidArgumentError('featureMap', spec, '{ kind, lengthScale } or a factory', op);
  }
  const { kind, lengthScale = 1 } = spec;
  // Validates kind and σ now rather than at the first block.
  randomFeatures({ kind, d: 1, N: 1, lengthScale, featureSeed: 0 });
  return (o) => randomFeatures({ kind, lengthScale, ...o });
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
  } = options;
  assertNonNegative(op, 'ridge', ridge, '0: min-norm least squares');
  assertOneOf(op, 'precision', precision, PRECISION_SETTINGS);
  assertNumber(op, 'float32Condition', float32Condition, { min: 1 }, 'e.g. 1e5');
  if (rcond !== undefined)
    assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  assertInteger(op, 'blockFloats', blockFloats, { min: 0 }, 'floats per feature block');
  assertInteger(op, 'cacheFloats', cacheFloats, { min: 0 }, 'floats of cached features');
  return { ridge, precision, float32Condition, rcond, blockFloats, cacheFloats, signal };
}
