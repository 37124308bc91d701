import {
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertOptions,
  InvalidArgumentError,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertFloat32, type KernelRecord, type Layer, makeLayer, nextOrigin } from './layer.js';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Output units (the width of the finite layer; the kernels are those of infinite width). */
  outputs: number;
  /** σ_w ≥ 0. Default 1. */
  wStd?: number;
  /** σ_b ≥ 0. Default 0. */
  bStd?: number;
  /**
   * 'ntk' (default): z = (σ_w/√fan_in)·W h + σ_b·b with W, b ~ N(0, 1). 'standard':
   * z = W h + b with W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²)
   * (https://overparam.dev/docs/theory/conventions#parameterization). Same NNGP; the standard
   * NTK depends on the finite widths (the fan-in of each layer).
   */
  parameterization?: 'ntk' | 'standard';
}

/**
 * A fully connected layer, z = (σ_w/√fan_in)·W·h + σ_b·b (NTK parameterization). Kernel rule
 * (Jacot et al. 2018; Lee et al. 2019; neural-tangents' `Dense`): Σ' = σ_w²Σ + σ_b²,
 * Θ' = σ_w²Θ + Σ' ('ntk'), or Θ' = σ_w²Θ + fan_in·Σ + 1 ('standard': the weight gradients
 * carry the un-normalized inputs). At the input Σ = ⟨x, x'⟩/d and Θ = 0.
 *
 * @throws InvalidArgumentError for outputs not a positive integer, negative wStd/bStd, an
 *   unknown parameterization, or a dense layer after a fanOut (inside the network); from init,
 *   for σ_w/√fan_in or σ_b beyond the float32 range (the finite network is float32).
 * @example
 * const net = serial(dense({ outputs: 512, wStd: Math.SQRT2 }), relu(), dense({ outputs: 1 }));
 * net.kernel.f64([[1, 0], [0, 1]]).ntk.data // [2, 0.318…, 0.318…, 2]: fcKernel({ depth: 1, wStd: √2 })'s NTK is the same up to the readout's σ_w
 */
export function dense(options: DenseOptions): Layer {
  const op = 'dense';
  assertOptions(op, 'options', options, false);
  const { outputs, wStd = 1, bStd = 0, parameterization = 'ntk' } = options;
  assertInteger(op, 'outputs', outputs, { min: 1 }, 'the number of output units, e.g. 512');
  assertNonNegative(op, 'wStd', wStd, 'σ_w, e.g. 1 or Math.SQRT2');
  assertNonNegative(op, 'bStd', bStd, 'σ_b, e.g. 0 or 0.1');
  assertOneOf(op, 'parameterization', parameterization, ['ntk', 'standard'] as const);
  const ntk = parameterization === 'ntk';
  const name = `dense(${outputs}${wStd !== 1 ? `, wStd=${wStd}` : ''}${bStd !== 0 ? `, bStd=${bStd}` : ''}${ntk ? '' : ', standard'})`;
  return makeLayer({
    name,
    kernelCost: 4,
    outSize(o, inSize) {
      if (Array.isArray(inSize)) {
        throw new InvalidArgumentError(
          'network',
          `${name} after a fanOut of ${inSize.length} branches`,
          'one input: put the dense layer inside parallel(…), or after fanInSum()',
          o,
        );
      }
      return outputs;
    },
    paramCount: (inSize) => ((inSize as number) + 1) * outputs,
    initParams(rng, inSize) {
      const fanIn = inSize as number;
      assertFloat32(`${name}.init`, 'wStd/√fan_in', wStd / Math.sqrt(fanIn));
      assertFloat32(`${name}.init`, 'bStd', bStd);
      const w = new Float32Array(fanIn * outputs);
      const b = new Float32Array(outputs);
      // NTK: W, b ~ N(0, 1), scaled in forward; standard: the scales are in the draws.
      rng.fillNormal(w, 0, ntk ? 1 : wStd / Math.sqrt(fanIn));
      rng.fillNormal(b, 0, ntk ? 1 : bStd);
      return { W: tf.tensor2d(w, [fanIn, outputs]), b: tf.tensor1d(b) };
    },
    forward(params, x) {
      const { W, b } = params as { W: tf.Tensor2D; b: tf.Tensor1D };
      const h = x as tf.Tensor2D;
      const fanIn = W.shape[0];
      if (!ntk) return tf.add(tf.matMul(h, W), b) as tf.Tensor2D;
      return tf.add(
        tf.mul(wStd / Math.sqrt(fanIn), tf.matMul(h, W)),
        tf.mul(bStd, b),
      ) as tf.Tensor2D;
    },
    kernel(record) {
      const r = record as KernelRecord;
      const w2 = wStd * wStd;
      const b2 = bStd * bStd;
      const nngp = r.nngp.map((v) => w2 * v + b2);
      const ntkOut = new Float64Array(r.ntk.length);
      for (let k = 0; k < ntkOut.length; k++) {
        ntkOut[k] = ntk
          ? w2 * (r.ntk[k] as number) + (nngp[k] as number)
          : w2 * (r.ntk[k] as number) + r.width * (r.nngp[k] as number) + 1;
      }
      const var1 = r.var1.map((v) => w2 * v + b2);
      const var2 = r.var2 === r.var1 ? var1 : r.var2.map((v) => w2 * v + b2);
      return {
        ...r,
        nngp,
        ntk: ntkOut,
        var1,
        var2,
        width: outputs,
        origin: nextOrigin(),
        zeroMean: true,
      };
    },
  });
}
