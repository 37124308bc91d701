// The reliability table: one PackageSpecs per package, in dependency order.
import type { Entry, PackageSpecs } from '../harness/types.js';
import { boundsSpecs } from './bounds.js';
import { datasetsSpecs } from './datasets.js';
import { kernelsSpecs } from './kernels.js';
import { layersSpecs } from './layers.js';
import { randomFeaturesSpecs } from './random-features.js';
import { tensorSpecs } from './tensor.js';
import { trainSpecs } from './train.js';

export const ALL_SPECS: readonly PackageSpecs[] = [
  tensorSpecs,
  layersSpecs,
  kernelsSpecs,
  datasetsSpecs,
  randomFeaturesSpecs,
  trainSpecs,
  boundsSpecs,
];

export const ENTRIES: readonly Entry[] = ALL_SPECS.flatMap((s) => s.entries);
