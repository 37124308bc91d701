import { InvalidArgumentError } from '@overparam/tensor';
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

/** The factory behind a {@link FeatureMapSpec}. */
export function featureFactory(spec: FeatureMapSpec | FeatureMapFactory): FeatureMapFactory {
  if (typeof spec === 'function') return spec;
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidArgumentError('featureMap', spec, '{ kind, lengthScale } or a factory');
  }
  const { kind, lengthScale = 1 } = spec;
  // Validates kind and σ now rather than at the first block.
  randomFeatures({ kind, d: 1, N: 1, lengthScale, featureSeed: 0 });
  return (o) => randomFeatures({ kind, lengthScale, ...o });
}

/** Checks the shared settings and fills in the defaults. */
export function engineSettings(options: FitSettings): EngineSettings {
  const {
    ridge = FIT_DEFAULTS.ridge,
    precision = FIT_DEFAULTS.precision,
    float32Condition = FIT_DEFAULTS.float32Condition,
    rcond,
    blockFloats = FIT_DEFAULTS.blockFloats,
    cacheFloats = FIT_DEFAULTS.cacheFloats,
    signal,
  } = options;
  if (!(ridge >= 0) || !Number.isFinite(ridge)) {
    throw new InvalidArgumentError(
      'ridge',
      ridge,
      'a finite number >= 0 (0: min-norm least squares)',
    );
  }
  if (!['auto', 'float64', 'float32-gram'].includes(precision)) {
    throw new InvalidArgumentError('precision', precision, "'auto', 'float64' or 'float32-gram'");
  }
  if (!(float32Condition >= 1)) {
    throw new InvalidArgumentError('float32Condition', float32Condition, 'a number >= 1, e.g. 1e5');
  }
  if (rcond !== undefined && !(rcond >= 0 && rcond < 1)) {
    throw new InvalidArgumentError('rcond', rcond, 'a number in [0, 1), e.g. 1e-12');
  }
  for (const [name, v] of [
    ['blockFloats', blockFloats],
    ['cacheFloats', cacheFloats],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(name, v, 'an integer >= 0');
  }
  return { ridge, precision, float32Condition, rcond, blockFloats, cacheFloats, signal };
}

export function assertFeatureCount(name: string, N: number): void {
  if (!Number.isInteger(N) || N < 1) throw new InvalidArgumentError(name, N, 'an integer >= 1');
}
