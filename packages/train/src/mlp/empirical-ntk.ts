import {
  assertOptions,
  assertWorkBudget,
  InvalidArgumentError,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { activate, activateDerivative } from '../internal/activation.js';
import { assertModel } from '../internal/assert-model.js';
import { mlpSizes, ntkWork } from '../internal/mlp-work.js';
import { asModelInputs } from '../internal/model-inputs.js';
import { assertParamList } from './hessian-vector-product.js';
import type { Mlp, MlpLayer } from './mlp.js';

/** Options of {@link empiricalNtk}. */
export interface EmpiricalNtkOptions {
  /** The parameters to linearize at. Default: the model's current parameters. */
  params?: readonly tf.Tensor[];
  /**
   * With k > 1 outputs, which block of the nk×nk tangent kernel: an output index a (the kernel
   * of f_a) or 'mean' (default), (1/k)·Σ_a Θ̂_aa, which at infinite width is the NTK itself
   * (the limit is Θ ⊗ I_k).
   */
  output?: number | 'mean';
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the forward pass: 2(n + m)·W·(1 + K) + 2·n·m·(Σ fan_in + K·H) flops and
   * 4·((n + m)·H·(2 + K) + n·m·(L + 3)) bytes, with W = Σ fan_in·fan_out, H the hidden units and
   * K the outputs considered.
   */
  budget?: WorkBudget;
}

interface Trace {
  /** Layer inputs A_0 = X, A_l = φ(Z_l): n × fan_in of layer l. */
  inputs: tf.Tensor2D[];
  /** φ'(Z_l) for the hidden layers, n × width_l. */
  slopes: tf.Tensor2D[];
}

function trace(model: Mlp, params: readonly tf.Tensor[], X: tf.Tensor2D): Trace {
  const { depth, activation } = model.config;
  const inputs: tf.Tensor2D[] = [X];
  const slopes: tf.Tensor2D[] = [];
  let h = X;
  for (let l = 0; l < depth; l++) {
    const layer = model.layers[l] as MlpLayer;
    let z = tf.mul(tf.matMul(h, params[layer.weightIndex] as tf.Tensor2D), layer.weightScale);
    if (layer.biasIndex >= 0) {
      z = tf.add(z, tf.mul(params[layer.biasIndex] as tf.Tensor1D, layer.biasScale));
    }
    slopes.push(activateDerivative(activation, z as tf.Tensor2D));
    h = activate(activation, z as tf.Tensor2D);
    inputs.push(h);
  }
  return { inputs, slopes };
}

/**
 * Back-propagated signals G_l = ∂f_a/∂z_l for l = 1..L (K × n × width_l), one slice per output a
 * considered. G_{L+1} = e_a, so G_L = φ'(Z_L) ⊙ (s_{L+1}·W_{L+1}[:, a]ᵀ), and
 * G_l = φ'(Z_l) ⊙ (s_{l+1}·G_{l+1}W_{l+1}ᵀ).
 */
function signals(
  model: Mlp,
  params: readonly tf.Tensor[],
  t: Trace,
  outputs: readonly number[],
): tf.Tensor3D[] {
  const { depth } = model.config;
  const G: tf.Tensor3D[] = new Array(depth);
  const readout = model.layers[depth] as MlpLayer;
  // W_{L+1}ᵀ rows for the chosen outputs: K × width_L.
  const rows = tf.gather(
    tf.transpose(params[readout.weightIndex] as tf.Tensor2D),
    tf.tensor1d([...outputs], 'int32'),
  );
  const slopeL = t.slopes[depth - 1] as tf.Tensor2D;
  let g = tf.mul(
    tf.expandDims(slopeL, 0),
    tf.expandDims(tf.mul(rows, readout.weightScale), 1),
  ) as tf.Tensor3D;
  G[depth - 1] = g;
  for (let l = depth - 2; l >= 0; l--) {
    const next = model.layers[l + 1] as MlpLayer;
    const [K, n, fo] = g.shape;
    const back = tf.reshape(
      tf.matMul(tf.reshape(g, [K * n, fo]), tf.transpose(params[next.weightIndex] as tf.Tensor2D)),
      [K, n, next.fanIn],
    );
    g = tf.mul(tf.mul(back, next.weightScale), tf.expandDims(t.slopes[l] as tf.Tensor2D, 0));
    G[l] = g;
  }
  return G;
}

/**
 * The empirical neural tangent kernel Θ̂(X, Y) = J(X)J(Y)ᵀ of an {@link Mlp} at its current (or
 * given) parameters, by the exact per-layer formula of https://overparam.dev/docs/theory/fully-connected-kernels#empirical-ntk (Jacot et al. 2018;
 * Lee et al. 2019), with no Jacobian formed:
 *
 *   Θ̂ = Σ_{l=1}^{L+1} (G_l(X)G_l(Y)ᵀ) ⊙ (s_l²·A_{l−1}(X)A_{l−1}(Y)ᵀ + β_l²),
 *
 * A_{l−1} the input of layer l (A_0 = X), G_l = ∂f/∂z_l the back-propagated signal
 * (G_{L+1} = 1), s_l the weight factor and β_l the bias factor of layer l: s_l = σ_w,l/√fan_in,
 * β_l = σ_b under 'ntk'; s_l = 1, β_l = 1 under 'standard' (β_l = 0 without biases). It equals
 * the autodiff Jacobian product JJᵀ (tested). At initialization and width → ∞ under 'ntk' it
 * converges to fcKernel's NTK, the error falling like 1/√width.
 *
 * A lazily scaled model α·(f − f₀) has tangent kernel α²·Θ̂. Float32 tfjs on the active backend;
 * cost ≈ 2(n + m)·Σ_l fan_in·fan_out (forward and backward) + 2nm·Σ_l(fan_in + fan_out) (the Gram
 * products) flops for n×m, times k for output 'mean' on the backward part.
 *
 * @param X n×d points; Y m×d points (default X).
 * @returns n×m float32 tensor; the caller disposes it.
 * @throws ShapeMismatchError when X or Y does not have d columns or a parameter list of the
 *   wrong shapes; InvalidArgumentError for a model that is not an Mlp, a bad output index or
 *   options; ModelDisposedError; WorkBudgetError for n·m or a width over the work budget.
 * @example
 * const net = createMlp({ inputDim: 2, width: 4096, depth: 1, wStd: Math.SQRT2, initSeed: 1 });
 * await empiricalNtk(net, [[1, 0], [0, 1]]).array() // ≈ [[2, 0.32], [0.32, 2]] (fcKernel's NTK, ±2%)
 */
export function empiricalNtk(
  model: Mlp,
  X: TensorInput,
  Y?: TensorInput,
  options: EmpiricalNtkOptions = {},
): tf.Tensor2D {
  const op = 'empiricalNtk';
  assertModel(op, 'model', model);
  assertOptions(op, 'options', options);
  // Only undefined means the default: null params or output is a bad value.
  const params = options.params === undefined ? model.params : options.params;
  assertParamList(op, 'params', model, params);
  const k = model.config.outputs;
  const output = options.output === undefined ? 'mean' : options.output;
  if (output !== 'mean' && !(Number.isInteger(output) && output >= 0 && output < k)) {
    throw new InvalidArgumentError(
      'output',
      output,
      `'mean' or an output index in [0, ${k - 1}]`,
      op,
    );
  }
  const outputs = output === 'mean' ? Array.from({ length: k }, (_, a) => a) : [output];
  const d = model.config.inputDim;
  const x = asModelInputs(op, 'X', X, d);
  let y: ReturnType<typeof asModelInputs> | null = null;
  try {
    y = Y === undefined ? null : asModelInputs(op, 'Y', Y, d);
    const nx = x.tensor.shape[0];
    assertWorkBudget(
      op,
      ntkWork(
        mlpSizes(model.layers, model.config.bias),
        nx,
        y ? y.tensor.shape[0] : nx,
        outputs.length,
        4,
      ),
      options.budget,
      'use fewer points or a narrower network',
    );
    const xt = x.tensor;
    const yt = y?.tensor;
    return tf.tidy(() => {
      const tx = trace(model, params, xt);
      const ty = yt ? trace(model, params, yt) : tx;
      const depth = model.config.depth;
      const gx = signals(model, params, tx, outputs);
      const gy = yt ? signals(model, params, ty, outputs) : gx;
      const inputTerm = (l: number): tf.Tensor2D => {
        const layer = model.layers[l] as MlpLayer;
        // An explicit transpose: transposeB is 10–20× slower on wasm (see @overparam/kernels).
        let aa: tf.Tensor2D = tf.matMul(
          tx.inputs[l] as tf.Tensor2D,
          tf.transpose(ty.inputs[l] as tf.Tensor2D),
        );
        if (layer.weightScale !== 1) aa = tf.mul(aa, layer.weightScale ** 2);
        return layer.biasIndex >= 0 ? tf.add(aa, layer.biasScale ** 2) : aa;
      };
      // Readout layer: G_{L+1} = e_a for every a, so its Gram factor is all ones.
      let ntk = inputTerm(depth);
      for (let l = 0; l < depth; l++) {
        const a = gx[l] as tf.Tensor3D;
        const b = gy[l] as tf.Tensor3D;
        // One output (the common case): plain 2-D products, faster than batched ones on webgpu.
        const gg =
          outputs.length === 1
            ? tf.matMul(
                tf.squeeze<tf.Tensor2D>(a, [0]),
                tf.transpose(tf.squeeze<tf.Tensor2D>(b, [0])),
              )
            : (tf.mean(tf.matMul(a, tf.transpose(b, [0, 2, 1])), 0) as tf.Tensor2D);
        ntk = tf.add(ntk, tf.mul(gg, inputTerm(l)));
      }
      return ntk;
    });
  } finally {
    if (x.owned) x.tensor.dispose();
    if (y?.owned) y.tensor.dispose();
  }
}
