// Work estimates of the MLP computations, for @overparam/tensor's assertWorkBudget (not exported
// from the package). Order-of-magnitude counts: a multiply–add is 2 flops.
import type { WorkEstimate } from '@overparam/tensor';
import type { MlpLayer } from '../mlp/mlp.js';

/** Sizes of a network: P parameters, W weights Σ fan_in·fan_out, H hidden units, Σ fan_in. */
export interface MlpSizes {
  params: number;
  weights: number;
  hidden: number;
  fanIns: number;
  depth: number;
}

/** The sizes of a network from its layers. */
export function mlpSizes(layers: readonly MlpLayer[], bias: boolean): MlpSizes {
  let weights = 0;
  let hidden = 0;
  let fanIns = 0;
  let outputs = 0;
  for (const [l, layer] of layers.entries()) {
    weights += layer.fanIn * layer.fanOut;
    fanIns += layer.fanIn;
    if (l < layers.length - 1) hidden += layer.fanOut;
    outputs += bias ? layer.fanOut : 0;
  }
  return { params: weights + outputs, weights, hidden, fanIns, depth: layers.length - 1 };
}

/**
 * The empirical NTK of nx × ny points with K outputs considered, by the per-layer formula:
 * forward and back-propagated signals 2(nx + ny)·W·(1 + K) flops, Gram products
 * 2·nx·ny·(Σ fan_in + K·H); memory for the signals (nx + ny)·H·(2 + K) and nx·ny·(L + 3)
 * entries of `bytesPerEntry` bytes (4 for float32 tensors, 8 for float64).
 */
export function ntkWork(
  s: MlpSizes,
  nx: number,
  ny: number,
  K: number,
  bytesPerEntry: number,
): { flops: number; bytes: number } {
  return {
    flops: 2 * (nx + ny) * s.weights * (1 + K) + 2 * nx * ny * (s.fanIns + K * s.hidden),
    bytes: bytesPerEntry * ((nx + ny) * s.hidden * (2 + K) + nx * ny * (s.depth + 3)),
  };
}

/** Adds estimates. */
export function addWork(...parts: WorkEstimate[]): { flops: number; bytes: number } {
  let flops = 0;
  let bytes = 0;
  for (const p of parts) {
    flops += p.flops ?? 0;
    bytes += p.bytes ?? 0;
  }
  return { flops, bytes };
}
