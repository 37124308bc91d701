// The layer of an elementwise activation φ: no parameters, the finite layer applies φ, and the
// kernel rule maps (Σ, Θ) to (E[φ(u)φ(v)], E[φ'(u)φ'(v)]·Θ) for (u, v) ~ N(0, [[q₁, c], [c, q₂]])
// (Jacot et al. 2018; Lee et al. 2019), with the moments of each activation. Not exported from
// the package: activations.ts and elementwise.ts build on it.
import { InvalidArgumentError } from '@overparam/tensor';
import type * as tf from '@tensorflow/tfjs-core';
import { type Flow, type KernelRecord, type Layer, makeLayer } from './layer.js';

/** The Gaussian moments of an activation: writes [E[φ(u)φ(v)], E[φ'(u)φ'(v)]] into out[0], out[1]. */
export type Moments = (q1: number, q2: number, c: number, out: Float64Array) => void;

export interface ActivationSpec {
  name: string;
  moments: Moments;
  /** φ on tensors, for the finite network; null when the activation has none (elementwise without one). */
  tensor: ((x: tf.Tensor2D) => tf.Tensor2D) | null;
  /** Flops per kernel entry. */
  cost: number;
  /** φ(−u) = −φ(u): zero-mean inputs stay zero-mean (matters for fanInSum). */
  odd: boolean;
}

export function activationLayer(spec: ActivationSpec): Layer {
  return makeLayer({
    name: spec.name,
    kernelCost: spec.cost,
    outSize(op, inSize) {
      if (Array.isArray(inSize)) {
        throw new InvalidArgumentError(
          'network',
          `${spec.name} after a fanOut of ${inSize.length} branches`,
          `one input: put ${spec.name} inside parallel(…), or after fanInSum()`,
          op,
        );
      }
      return inSize;
    },
    paramCount: () => 0,
    initParams: () => null,
    forward(_params, x) {
      if (!spec.tensor) {
        throw new InvalidArgumentError(
          'activation',
          spec.name,
          `a tensor version of φ for the finite network: elementwise(fn, { tensor: (x) => … })`,
          `${spec.name}.apply`,
        );
      }
      return spec.tensor(x as tf.Tensor2D);
    },
    kernel(record: Flow<KernelRecord>) {
      const r = record as KernelRecord;
      const out = new Float64Array(3);
      const nngp = new Float64Array(r.nngp.length);
      const ntk = new Float64Array(r.ntk.length);
      for (let i = 0; i < r.rows; i++) {
        const q1 = r.var1[i] as number;
        if (r.diagonal) {
          spec.moments(q1, r.var2[i] as number, r.nngp[i] as number, out);
          nngp[i] = out[0] as number;
          ntk[i] = (out[1] as number) * (r.ntk[i] as number);
          continue;
        }
        for (let j = 0; j < r.cols; j++) {
          const k = i * r.cols + j;
          spec.moments(q1, r.var2[j] as number, r.nngp[k] as number, out);
          nngp[k] = out[0] as number;
          ntk[k] = (out[1] as number) * (r.ntk[k] as number);
        }
      }
      const variances = (v: Float64Array) =>
        v.map((q) => {
          spec.moments(q, q, q, out);
          return out[0] as number;
        });
      const var1 = variances(r.var1);
      const var2 = r.var2 === r.var1 ? var1 : variances(r.var2);
      return { ...r, nngp, ntk, var1, var2, zeroMean: spec.odd && r.zeroMean === true };
    },
  });
}
