// The start every one-parameter classic kernel factory shares (linear, rbf, laplace, laplaceL1).
import {
  assertNonNegative,
  assertOptions,
  assertPositive,
  resolveBudget,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from '../kernel.js';
import type { LaplaceKernelOptions } from '../laplace-kernel.js';
import { distanceKernel } from './distance-kernel.js';

/** A classic kernel's hyperparameter: its option key, default, range check and fix hint. */
export interface KernelParameter<K extends string> {
  key: K;
  default: number;
  assert: typeof assertPositive;
  hint: string;
}

/** ℓ > 0 of rbf, laplace and laplaceL1, default 1. */
export const LENGTH_SCALE: KernelParameter<'lengthScale'> = {
  key: 'lengthScale',
  default: 1,
  assert: assertPositive,
  hint: 'the length scale ℓ, e.g. 1',
};

/** c ≥ 0 of the linear kernel, default 0. */
export const OFFSET: KernelParameter<'offset'> = {
  key: 'offset',
  default: 0,
  assert: assertNonNegative,
  hint: 'the constant added to ⟨x, x′⟩, e.g. 0',
};

/**
 * Reads a classic kernel factory's options: they must be an object, the budget is checked, and
 * the parameter takes its default and is checked (InvalidArgumentError naming `op`).
 */
export function kernelParameter<K extends string>(
  op: string,
  options: Partial<Record<K, number>> & { budget?: WorkBudget },
  parameter: KernelParameter<K>,
): { value: number; budget: WorkBudget | undefined } {
  assertOptions(op, 'options', options);
  const { [parameter.key]: value = parameter.default, budget } = options;
  resolveBudget(budget, op);
  parameter.assert(op, parameter.key, value, parameter.hint);
  return { value, budget };
}

/** exp(−‖x − x'‖/ℓ) for the L2 (laplaceKernel) or L1 (laplaceL1Kernel) distance. */
export function laplaceDistanceKernel(
  op: string,
  label: string,
  norm: 'l1' | 'l2',
  options: LaplaceKernelOptions,
): Kernel {
  const { value: lengthScale, budget } = kernelParameter(op, options, LENGTH_SCALE);
  // −1/ℓ overflows float32 for ℓ below ~3e-39, and −Infinity·0 is NaN at zero distance: there
  // the kernel is exactly 1 (and 0 at r > 0, the limit ℓ → 0). A finite factor keeps the formula.
  const factor = -1 / lengthScale;
  const finite32 = Number.isFinite(Math.fround(factor));
  return distanceKernel({
    name: `${label}(lengthScale=${lengthScale})`,
    norm,
    ofDistance: (r) => Math.exp(-r / lengthScale),
    ofDistanceTf: (r) =>
      finite32 ? tf.exp(tf.mul(r, factor)) : tf.cast(tf.equal(r, 0), 'float32'),
    budget,
  });
}
