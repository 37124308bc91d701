import {
  assertFinite,
  assertInteger,
  assertNumber,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  InvalidArgumentError,
} from '@overparam/tensor';
import type { FcKernelOptions } from '../fc-kernel.js';
import type { ActivationSpec } from './moments.js';
import { F64 } from './work.js';

/** The activations of {@link fcKernel}, spelled as @overparam/train's MlpActivation where shared. */
export const FC_ACTIVATIONS = ['relu', 'erf', 'leakyRelu'] as const;

/**
 * A validated fully connected kernel, as the recursions use it:
 * Σ¹ = (w2/d)·⟨x,x'⟩ + b2, Θ¹ = t0a·⟨x,x'⟩ + t0b, and for l = 0..depth−1
 * Σ ← w2·E[φφ] + b2, Θ ← ta[l]·E[φφ] + tb[l] + Θ·w2·E[φ'φ'].
 * NTK parameterization: t0a = w2/d, t0b = b2, ta = w2, tb = b2 (so Θ ← Σ + Θ·Σ̇).
 * Standard: t0a = 1, t0b = 1, ta = width_l, tb = 1.
 */
export interface FcSpec {
  depth: number;
  act: ActivationSpec;
  w2: number;
  b2: number;
  standard: boolean;
  ta: Float64Array;
  tb: Float64Array;
}

export function fcSpec(options: FcKernelOptions): FcSpec {
  const op = 'fcKernel';
  assertOptions(op, 'options', options, false);
  const {
    depth,
    activation = 'relu',
    alpha = 0.2,
    wStd = 1,
    bStd = 0,
    parameterization = 'ntk',
    width,
    budget,
  } = options;
  assertInteger(op, 'depth', depth, { min: 1 }, 'the number of hidden layers, e.g. { depth: 3 }');
  // The per-layer coefficients below (and every call's per-layer diagonals) are depth long.
  assertWorkBudget(op, { bytes: 2 * F64 * depth }, budget, 'the number of hidden layers, e.g. 3');
  // σ² must be finite too: beyond 1e150 it overflows.
  assertNumber(
    op,
    'wStd',
    wStd,
    { min: 0, max: 1e150 },
    'the weight standard deviation σ_w, e.g. Math.SQRT2 for ReLU',
  );
  assertNumber(op, 'bStd', bStd, { min: 0, max: 1e150 }, 'the bias standard deviation σ_b, e.g. 0');
  assertOneOf(op, 'activation', activation, FC_ACTIVATIONS);
  // Checked whatever the activation: a bad alpha beside 'relu' is a mistake too.
  assertFinite(op, 'alpha', alpha, 'the negative slope of leaky ReLU, e.g. 0.2');
  let act: ActivationSpec;
  if (activation === 'relu') act = { kind: 'leakyRelu', alpha: 0 };
  else if (activation === 'leakyRelu') act = { kind: 'leakyRelu', alpha };
  else act = { kind: 'erf' };
  const w2 = wStd * wStd;
  const b2 = bStd * bStd;
  const ta = new Float64Array(depth);
  const tb = new Float64Array(depth);
  if (parameterization === 'ntk') {
    if (width !== undefined) {
      throw new InvalidArgumentError(
        'width',
        width,
        "no width with parameterization 'ntk' (its kernel does not depend on it); " +
          "pass parameterization: 'standard' to use one",
        op,
      );
    }
    ta.fill(w2);
    tb.fill(b2);
  } else {
    assertOneOf(op, 'parameterization', parameterization, ['ntk', 'standard'] as const);
    const widths = typeof width === 'number' ? new Array<number>(depth).fill(width) : width;
    if (!Array.isArray(widths) || widths.length !== depth) {
      throw new InvalidArgumentError(
        'width',
        width,
        `the hidden width m (or an array of ${depth} widths, one per hidden layer) for parameterization 'standard'`,
        op,
      );
    }
    widths.forEach((m: number, l: number) => {
      assertInteger(op, `width[${l}]`, m, { min: 1 }, 'a hidden layer width');
      ta[l] = m;
    });
    tb.fill(1);
  }
  return { depth, act, w2, b2, standard: parameterization === 'standard', ta, tb };
}

/** Θ¹ = t0a·⟨x,x'⟩ + t0b: the coefficients for input dimension d. */
export function firstLayer(spec: FcSpec, d: number): { sa: number; t0a: number; t0b: number } {
  const sa = spec.w2 / d;
  return spec.standard ? { sa, t0a: 1, t0b: 1 } : { sa, t0a: sa, t0b: spec.b2 };
}
