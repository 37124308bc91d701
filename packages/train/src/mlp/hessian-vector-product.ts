import { type LossNormalization, resolveLossNormalization } from '@overparam/kernels';
import {
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asTargetsTensor,
  InvalidArgumentError,
  type Owned,
  ShapeMismatchError,
  type TensorInput,
  type TensorTargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate } from '../internal/activation.js';
import { assertModel } from '../internal/assert-model.js';
import { mlpSizes } from '../internal/mlp-work.js';
import { asModelInputs } from '../internal/model-inputs.js';
import type { Mlp, MlpLayer } from './mlp.js';

/** Options of {@link mlpHessianVectorProduct} and of the MLP sharpness functions. */
export interface MlpHessianOptions {
  /** c in L = (1/(2c))·Σ(f − y)²: 'sum' (c = 1), 'mean' (c = n, the default) or a number. */
  lossNormalization?: LossNormalization;
  /** θ at which the Hessian is taken. Default: the model's current parameters. */
  params?: readonly tf.Tensor[];
  /**
   * α of lazy training (Chizat, Oyallon, Bach 2019): the loss is (1/(2cα²))·Σ(α(f − f₀) − y)² with
   * f₀ = f(θ₀). Needs `initialParams`. Default: none (plain loss).
   */
  lazyScale?: number;
  /** θ₀ for the lazy loss. */
  initialParams?: readonly tf.Tensor[];
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the forward pass is kept: 16·n·H bytes of forward state (H hidden units) and 2·n·P flops.
   */
  budget?: WorkBudget;
}

/** φ'(z) and φ''(z), with φ' as tfjs's gradients define it (relu'(0) = 0). */
function derivatives(name: ActivationName, z: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D | null] {
  switch (name) {
    case 'relu':
      // φ'' = 0 away from the kink (a set of measure zero): the Hessian is the Gauss–Newton part.
      return [tf.step(z), null];
    case 'tanh': {
      const t = tf.tanh(z);
      const d1 = tf.sub(1, tf.square(t)) as tf.Tensor2D;
      return [d1, tf.mul(-2, tf.mul(t, d1)) as tf.Tensor2D];
    }
    case 'erf': {
      const d1 = tf.mul(2 / Math.sqrt(Math.PI), tf.exp(tf.neg(tf.square(z)))) as tf.Tensor2D;
      return [d1, tf.mul(-2, tf.mul(z, d1)) as tf.Tensor2D];
    }
    case 'linear':
      return [tf.onesLike(z), null];
  }
}

/** What the R-operator needs from the forward pass at θ (all kept until dispose). */
interface ForwardState {
  inputs: tf.Tensor2D[];
  d1: tf.Tensor2D[];
  /** φ''(z_l), empty when φ'' = 0 (relu, linear). */
  d2: tf.Tensor2D[];
  outGrad: tf.Tensor2D;
}

/**
 * H·v for L(θ) = Σᵢ ℓ(f(θ; xᵢ)) with ℓ quadratic of curvature 1/c, by Pearlmutter's R-operator
 * (forward-mode differentiation of the backward pass), given the forward state at θ (layer
 * inputs h_l, φ'(z_l), φ''(z_l) and ∂L/∂f). Call inside tf.tidy.
 */
function rOperator(
  net: Mlp,
  params: readonly tf.Tensor[],
  state: ForwardState,
  c: number,
  v: readonly tf.Tensor[],
): tf.Tensor[] {
  const { depth } = net.config;
  const layers = net.layers;
  const { inputs, d1, d2, outGrad } = state;
  const W = (l: number) => params[(layers[l] as MlpLayer).weightIndex] as tf.Tensor2D;
  const VW = (l: number) => v[(layers[l] as MlpLayer).weightIndex] as tf.Tensor2D;
  // R-pass forward: R{z_l} = s_l·(R{h_{l−1}}W_l + h_{l−1}V_l) + β_l·u_l, R{h_l} = φ'(z_l)⊙R{z_l},
  // R{h_0} = 0 (the inputs do not depend on θ).
  const rInputs: (tf.Tensor2D | null)[] = [null];
  const rZ: tf.Tensor2D[] = [];
  for (let l = 0; l <= depth; l++) {
    const layer = layers[l] as MlpLayer;
    const rh = rInputs[l] as tf.Tensor2D | null;
    let rz = tf.matMul(inputs[l] as tf.Tensor2D, VW(l));
    if (rh) rz = tf.add(rz, tf.matMul(rh, W(l)));
    rz = tf.mul(rz, layer.weightScale);
    if (layer.biasIndex >= 0) {
      rz = tf.add(rz, tf.mul(v[layer.biasIndex] as tf.Tensor1D, layer.biasScale));
    }
    rZ.push(rz as tf.Tensor2D);
    if (l < depth) rInputs.push(tf.mul(d1[l] as tf.Tensor2D, rz) as tf.Tensor2D);
  }
  // Backward pass with its R-pass: δ_{L+1} = ∂L/∂f, R{δ_{L+1}} = R{f}/c (ℓ'' = 1/c);
  // ∇W_l = s_l·h_{l−1}ᵀδ_l, so (Hv)_{W_l} = s_l·(R{h_{l−1}}ᵀδ_l + h_{l−1}ᵀR{δ_l});
  // ∇b_l = β_l·Σᵢδ_l, so (Hv)_{b_l} = β_l·ΣᵢR{δ_l};
  // g = s_l·δ_lW_lᵀ, R{g} = s_l·(R{δ_l}W_lᵀ + δ_lV_lᵀ), δ_{l−1} = φ'⊙g,
  // R{δ_{l−1}} = φ''⊙R{z_{l−1}}⊙g + φ'⊙R{g}.
  const out: tf.Tensor[] = new Array(params.length);
  let delta: tf.Tensor2D = outGrad;
  let rDelta = tf.div(rZ[depth] as tf.Tensor2D, c) as tf.Tensor2D;
  for (let l = depth; l >= 0; l--) {
    const layer = layers[l] as MlpLayer;
    const rh = rInputs[l] as tf.Tensor2D | null;
    let hw = tf.matMul(inputs[l] as tf.Tensor2D, rDelta, true, false);
    if (rh) hw = tf.add(hw, tf.matMul(rh, delta, true, false));
    out[layer.weightIndex] = tf.mul(hw, layer.weightScale);
    if (layer.biasIndex >= 0) out[layer.biasIndex] = tf.mul(tf.sum(rDelta, 0), layer.biasScale);
    if (l === 0) break;
    const g = tf.mul(tf.matMul(delta, W(l), false, true), layer.weightScale) as tf.Tensor2D;
    const rg = tf.mul(
      tf.add(tf.matMul(rDelta, W(l), false, true), tf.matMul(delta, VW(l), false, true)),
      layer.weightScale,
    ) as tf.Tensor2D;
    const p1 = d1[l - 1] as tf.Tensor2D;
    const p2 = d2.length > 0 ? (d2[l - 1] as tf.Tensor2D) : null;
    delta = tf.mul(p1, g) as tf.Tensor2D;
    let rd = tf.mul(p1, rg) as tf.Tensor2D;
    if (p2) rd = tf.add(rd, tf.mul(tf.mul(p2, rZ[l - 1] as tf.Tensor2D), g)) as tf.Tensor2D;
    rDelta = rd;
  }
  return out;
}

/** The forward state at θ; every tensor is kept (the caller disposes them). */
function forwardState(
  net: Mlp,
  params: readonly tf.Tensor[],
  X: tf.Tensor2D,
  y: tf.Tensor2D,
  c: number,
  lazy: { alpha: number; initialParams: readonly tf.Tensor[] } | null,
): ForwardState {
  // tidy keeps what it returns (inputs[0] is the caller's X, untouched).
  return tf.tidy(() => {
    const { activation, depth } = net.config;
    const inputs: tf.Tensor2D[] = [X];
    const d1: tf.Tensor2D[] = [];
    const d2: tf.Tensor2D[] = [];
    let f: tf.Tensor2D = X;
    for (let l = 0; l <= depth; l++) {
      const layer = net.layers[l] as MlpLayer;
      let z = tf.mul(
        tf.matMul(inputs[l] as tf.Tensor2D, params[layer.weightIndex] as tf.Tensor2D),
        layer.weightScale,
      ) as tf.Tensor2D;
      if (layer.biasIndex >= 0) {
        z = tf.add(z, tf.mul(params[layer.biasIndex] as tf.Tensor1D, layer.biasScale));
      }
      if (l === depth) {
        f = z;
        break;
      }
      const [p1, p2] = derivatives(activation, z);
      d1.push(p1);
      if (p2) d2.push(p2);
      inputs.push(activate(activation, z));
    }
    // ∂L/∂f: (f − y)/c, or with lazy scaling h = α(f − f₀): (h − y)/(αc).
    let outGrad: tf.Tensor2D;
    if (!lazy) outGrad = tf.div(tf.sub(f, y), c) as tf.Tensor2D;
    else {
      const h = tf.mul(tf.sub(f, net.apply(lazy.initialParams, X)), lazy.alpha);
      outGrad = tf.div(tf.sub(h, y), lazy.alpha * c) as tf.Tensor2D;
    }
    return { inputs, d1, d2, outGrad };
  });
}

/** The Hessian of an MLP's squared loss at a fixed θ as an operator v ↦ H·v. */
export interface MlpHessianOperator {
  /** H·v for v shaped like the parameters; the caller disposes the result. */
  apply(v: readonly tf.Tensor[]): tf.Tensor[];
  /** Parameter shapes (the shapes v must have). */
  readonly paramShapes: readonly (readonly number[])[];
  /** c of the loss. */
  readonly lossNormalization: number;
  /** n, the number of points of the loss (each product costs about 8·n·P flops). */
  readonly points: number;
  /** Frees the forward state. */
  dispose(): void;
}

/**
 * The Hessian ∇²L(θ) of an MLP's squared loss as an operator (see
 * {@link mlpHessianVectorProduct} for how H·v is computed): the forward pass at θ (layer inputs,
 * φ', φ'', ∂L/∂f) is done once and kept, so each product costs one R-forward and one R-backward
 * pass. Use it for many products at the same θ (power iteration); dispose it afterwards.
 *
 * @throws as {@link mlpHessianVectorProduct}; WorkBudgetError for a forward state over the work
 *   budget (`budget`).
 * @example
 * const H = mlpHessianOperator(net, X, y, { lossNormalization: 'mean' });
 * const Hv = H.apply(v); // …
 * H.dispose();
 */
export function mlpHessianOperator(
  net: Mlp,
  X: TensorInput,
  y: TensorTargetsInput,
  options: MlpHessianOptions = {},
): MlpHessianOperator {
  const op = 'mlpHessianOperator';
  assertModel(op, 'model', net);
  assertOptions(op, 'options', options);
  const params = options.params === undefined ? net.params : options.params;
  assertParamList(op, 'params', net, params);
  const lazy = lazyOption(op, net, options);
  const x = asModelInputs(op, 'X', X, net.config.inputDim);
  let t: Owned<tf.Tensor2D>;
  try {
    t = asTargetsTensor(op, 'y', y, { rows: x.tensor.shape[0], outputs: net.config.outputs });
  } catch (error) {
    if (x.owned) x.tensor.dispose();
    throw error;
  }
  let state: ForwardState;
  let c: number;
  const n = x.tensor.shape[0];
  try {
    c = resolveLossNormalization(op, options.lossNormalization, n);
    const s = mlpSizes(net.layers, net.config.bias);
    assertWorkBudget(
      op,
      { flops: 2 * n * s.params, bytes: 16 * n * (s.hidden + net.config.outputs) },
      options.budget,
      'use fewer points or a narrower network',
    );
    state = forwardState(net, params, x.tensor, t.tensor, c, lazy);
  } catch (error) {
    if (x.owned) x.tensor.dispose();
    throw error;
  } finally {
    if (t.owned) t.tensor.dispose();
  }
  let disposed = false;
  return {
    paramShapes: net.paramShapes,
    lossNormalization: c,
    points: n,
    apply(v) {
      if (disposed) {
        throw new InvalidArgumentError(
          'apply',
          'a disposed operator',
          'a live operator (create a new one)',
          op,
        );
      }
      assertParamList(op, 'v', net, v);
      return tf.tidy(() => rOperator(net, params, state, c, v));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose([...state.inputs.slice(1), ...state.d1, ...state.d2, state.outGrad]);
      if (x.owned) x.tensor.dispose();
    },
  };
}

/** Checks that `list` matches the model's parameter shapes. */
export function assertParamList(
  op: string,
  name: string,
  net: Mlp,
  list: readonly tf.Tensor[],
): void {
  if (!Array.isArray(list) || list.length !== net.paramShapes.length) {
    throw new ShapeMismatchError(
      op,
      `${name} has ${Array.isArray(list) ? list.length : 'no'} tensors`,
      `${net.paramShapes.length} tensors shaped like the parameters (${net.paramNames.join(', ')})`,
    );
  }
  list.forEach((t, i) => {
    const shape = net.paramShapes[i] as readonly number[];
    if (t instanceof tf.Tensor && t.isDisposed) {
      throw new InvalidArgumentError(
        `${name}[${i}] (${net.paramNames[i]})`,
        'a disposed tensor',
        `a live tensor of shape [${shape.join(', ')}]`,
        op,
      );
    }
    if (
      !(t instanceof tf.Tensor) ||
      t.shape.length !== shape.length ||
      t.shape.some((s: number, j: number) => s !== shape[j])
    ) {
      throw new ShapeMismatchError(
        op,
        `${name}[${i}] (${net.paramNames[i]}) has shape [${t instanceof tf.Tensor ? t.shape.join(', ') : typeof t}]`,
        `[${shape.join(', ')}]`,
      );
    }
  });
}

/** Validates the lazy options. */
export function lazyOption(
  op: string,
  net: Mlp,
  options: MlpHessianOptions,
): { alpha: number; initialParams: readonly tf.Tensor[] } | null {
  if (options.lazyScale === undefined) return null;
  const alpha = options.lazyScale;
  assertPositive(op, 'lazyScale', alpha, 'the lazy scale α');
  if (!options.initialParams) {
    throw new InvalidArgumentError(
      'initialParams',
      undefined,
      'θ₀ (the parameters at initialization) together with lazyScale',
      op,
    );
  }
  assertParamList(op, 'initialParams', net, options.initialParams);
  return { alpha, initialParams: options.initialParams };
}

/**
 * Hessian-vector product H·v of the squared loss L(θ) = (1/(2c))·Σᵢ‖f(θ; xᵢ) − yᵢ‖² of an
 * {@link Mlp}, exactly (no finite differences), by Pearlmutter's R-operator ("Fast exact
 * multiplication by the Hessian", Neural Computation 1994) written out for the MLP: one forward
 * pass carrying R{z_l} = d/dε z_l(θ + εv) and one backward pass carrying R{δ_l}, using φ' and
 * φ'' of the activation (tanh'' = −2·tanh·(1 − tanh²), erf'' = −2z·erf', relu'' = linear'' = 0).
 * Cost: about three gradient evaluations; float32 tfjs on the active backend.
 *
 * Why not tfjs autodiff twice: tfjs-core 4.22 saves the *outputs* of tanh, exp and sigmoid for
 * their gradients as copies that are not on the tape, so tf.grads of a tf.grads silently drops
 * their second derivatives (d²/dx² tanh comes out 0). The R-operator does not depend on the
 * gradient registry at all. Lazy scaling (Chizat et al. 2019) is supported: with α the loss is
 * (1/(2cα²))·Σ(α(f − f₀) − y)², whose Hessian in θ is that of (1/(2c))·Σ(f − f₀ − y/α)².
 *
 * @param v a list of tensors shaped like the parameters (a direction in parameter space).
 * @returns H·v as a list shaped like the parameters; the caller disposes it.
 * @throws ShapeMismatchError for X, y or v of the wrong shape; InvalidArgumentError for bad options.
 * @example
 * const net = createMlp({ inputDim: 2, width: 16, depth: 1, activation: 'tanh', initSeed: 1 });
 * const v = net.params.map((p) => tf.onesLike(p));
 * const Hv = mlpHessianVectorProduct(net, [[1, 0], [0, 1]], [1, -1], v); // 4 tensors (W1, b1, W2, b2)
 */
export function mlpHessianVectorProduct(
  net: Mlp,
  X: TensorInput,
  y: TensorTargetsInput,
  v: readonly tf.Tensor[],
  options: MlpHessianOptions = {},
): tf.Tensor[] {
  assertModel('mlpHessianVectorProduct', 'model', net);
  assertParamList('mlpHessianVectorProduct', 'v', net, v);
  const H = mlpHessianOperator(net, X, y, options);
  try {
    return H.apply(v);
  } finally {
    H.dispose();
  }
}
