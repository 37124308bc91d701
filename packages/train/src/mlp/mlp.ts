import {
  assertBoolean,
  assertInteger,
  assertNonNegative,
  assertWorkBudget,
  createRng,
  ensureGradients,
  InvalidArgumentError,
  SEED_RANGE,
  ShapeMismatchError,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { type ActivationName, activate } from '../internal/activation.js';
import { assertObject } from '../internal/assert-object.js';
import { asModelInputs } from '../internal/model-inputs.js';
import { orthogonalFromGaussian } from '../internal/orthogonalize.js';
import { ModelDisposedError } from './model-disposed-error.js';

/** φ of every hidden layer: 'relu', 'erf', 'tanh' or 'linear' (φ(z) = z). */
export type MlpActivation = ActivationName;

/**
 * Where the 1/√fan_in lives (https://overparam.dev/docs/theory/conventions#parameterization).
 * - 'ntk': z^{l+1} = (σ_w/√fan_in)·W^{l+1}φ(z^l) + σ_b·b^{l+1}, parameters W, b ~ N(0, 1).
 * - 'standard': z^{l+1} = W^{l+1}φ(z^l) + b^{l+1}, W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²).
 * Same function at initialization, different gradients (so a different NTK and step scale).
 */
export type MlpParameterization = 'ntk' | 'standard';

/**
 * How the weights are drawn. Each fixes σ_w,l, the standard deviation of the *effective*
 * weights times √fan_in (the effective weight variance is σ_w,l²/fan_in):
 * - 'gaussian': σ_w,l = wStd (default 1) in every layer.
 * - 'lecun': σ_w,l = 1 (LeCun, Bottou, Orr, Müller 1998, "Efficient BackProp").
 * - 'he': σ_w,l = √2 (He, Zhang, Ren, Sun, ICCV 2015), the ReLU-preserving variance.
 * - 'glorot': σ_w,l² = 2·fan_in/(fan_in + fan_out), i.e. variance 2/(fan_in + fan_out)
 *   (Glorot & Bengio, AISTATS 2010, the normal variant).
 * - 'orthogonal': effective weights gain·Q with Q orthonormal rows (fan_out ≤ fan_in) or
 *   columns (fan_out > fan_in), Haar-distributed (Saxe, McClelland, Ganguli, ICLR 2014);
 *   gain = wStd (default 1).
 * Biases: N(0, σ_b²) effective (σ_b = bStd, default 0) for every scheme.
 */
export type MlpInit = 'gaussian' | 'lecun' | 'he' | 'glorot' | 'orthogonal';

/** Options of {@link createMlp}. Defaults: relu, bias on, 'ntk', 'gaussian', wStd 1, bStd 0, 1 output. */
export interface MlpOptions {
  /** d, the input dimension. */
  inputDim: number;
  /** Hidden width m, or one width per hidden layer. */
  width: number | readonly number[];
  /** L, the number of hidden layers (the readout layer comes on top), as https://overparam.dev/docs/theory/fully-connected-kernels#setting. ≥ 1. */
  depth: number;
  /** k, the number of outputs. Default 1 (a scalar network). */
  outputs?: number;
  /** φ. Default 'relu'. */
  activation?: MlpActivation;
  /**
   * Biases in every layer. Default true. Under 'ntk' a bias enters as σ_b·b, so with bStd = 0 it
   * is inert (zero output and zero gradient), as in neural-tangents.
   */
  bias?: boolean;
  /** Default 'ntk'. */
  parameterization?: MlpParameterization;
  /** Default 'gaussian'. */
  init?: MlpInit;
  /** σ_w for 'gaussian' (default 1) or the gain of 'orthogonal' (default 1); not allowed with the others. */
  wStd?: number;
  /** σ_b ≥ 0. Default 0. */
  bStd?: number;
  /** Seed of the initialization (createRng): the same seed gives the same weights on every backend. */
  initSeed: number;
  /**
   * Overrides the work budget of the initialization (default DEFAULT_WORK_BUDGET of
   * @overparam/tensor), checked before anything is drawn: 24·P bytes (the float64 draws and the
   * float32 parameters, P the parameter count) and 30·P flops, plus 4·min(fan_in, fan_out)²·
   * max(fan_in, fan_out) per layer for 'orthogonal'.
   */
  budget?: WorkBudget;
}

/** The options of an {@link Mlp} with every default filled in and widths expanded. */
export interface MlpConfig {
  readonly inputDim: number;
  readonly widths: readonly number[];
  readonly depth: number;
  readonly outputs: number;
  readonly activation: MlpActivation;
  readonly bias: boolean;
  readonly parameterization: MlpParameterization;
  readonly init: MlpInit;
  readonly wStd: number;
  readonly bStd: number;
  readonly initSeed: number;
}

/** One affine layer l = 1..L+1 of an {@link Mlp} (index 0 is the first hidden layer). */
export interface MlpLayer {
  readonly fanIn: number;
  readonly fanOut: number;
  /** σ_w,l: the effective weights have variance σ_w,l²/fan_in (orthogonal: gain·Q). */
  readonly wStd: number;
  /** σ_b. */
  readonly bStd: number;
  /** Factor on W in the forward pass: σ_w,l/√fan_in under 'ntk', 1 under 'standard'. */
  readonly weightScale: number;
  /** Factor on b in the forward pass: σ_b under 'ntk', 1 under 'standard'. */
  readonly biasScale: number;
  /** Index of W_l (fan_in × fan_out) in the parameter list. */
  readonly weightIndex: number;
  /** Index of b_l (length fan_out) in the parameter list, or −1 without biases. */
  readonly biasIndex: number;
}

/**
 * A fully connected network f(x) = z^{L+1}(x) with L hidden layers, as a pure function of a
 * parameter list, plus the parameters it currently holds.
 *
 * Parameters: a flat list of float32 tensors [W_1, b_1, W_2, b_2, …, W_{L+1}, b_{L+1}] (no b_l
 * without biases), W_l of shape [fan_in, fan_out] (so z = h·W), b_l of shape [fan_out]. Under
 * 'ntk' these are the N(0, 1) variables; under 'standard' the effective weights. `apply` is
 * differentiable by tfjs autodiff (tf.grads, tf.valueAndGrads), also twice (Hessian-vector
 * products), so every training loop and measurement of this package goes through it.
 */
export interface Mlp {
  readonly config: MlpConfig;
  readonly layers: readonly MlpLayer[];
  /** Names 'W1', 'b1', …, in the order of the parameter list. */
  readonly paramNames: readonly string[];
  /** Shapes, in the order of the parameter list. */
  readonly paramShapes: readonly (readonly number[])[];
  /** Total number of scalar parameters P. */
  readonly paramCount: number;
  /** The current parameters (owned by the model: do not dispose them). */
  readonly params: readonly tf.Tensor[];
  /** Replaces the parameters and disposes the old ones; the model takes ownership of `params`. */
  setParams(params: readonly tf.Tensor[]): void;
  /** f(params; X): n×k, float32. Pure (no state), differentiable; the caller disposes the result. */
  apply(params: readonly tf.Tensor[], X: tf.Tensor2D): tf.Tensor2D;
  /** f(θ; X) with the current parameters θ: n×k. The caller disposes the result. */
  predict(X: TensorInput): tf.Tensor2D;
  /** Reads the current parameters back (one Float32Array per tensor, in list order). */
  readParams(): Promise<Float32Array[]>;
  /** A new model with copies of the current parameters (the same config). */
  clone(): Mlp;
  /** Disposes the parameters. */
  dispose(): void;
  readonly isDisposed: boolean;
}

const INITS: readonly MlpInit[] = ['gaussian', 'lecun', 'he', 'glorot', 'orthogonal'];
const ACTIVATIONS: readonly MlpActivation[] = ['relu', 'erf', 'tanh', 'linear'];

function layerStd(init: MlpInit, wStd: number, fanIn: number, fanOut: number): number {
  switch (init) {
    case 'gaussian':
    case 'orthogonal':
      return wStd;
    case 'lecun':
      return 1;
    case 'he':
      return Math.SQRT2;
    case 'glorot':
      return Math.sqrt((2 * fanIn) / (fanIn + fanOut));
  }
}

/**
 * The work of drawing a network's initial parameters: 24 bytes and ~30 flops per parameter
 * (normals, the transpose, the float32 copy), plus the Gram–Schmidt passes of 'orthogonal'.
 */
function initWork(
  fanIns: readonly number[],
  fanOuts: readonly number[],
  orthogonal: boolean,
): { flops: number; bytes: number } {
  let params = 0;
  let flops = 0;
  for (const [l, fi] of fanIns.entries()) {
    const fo = fanOuts[l] as number;
    params += fi * fo + fo;
    if (orthogonal) flops += 4 * Math.min(fi, fo) ** 2 * Math.max(fi, fo);
  }
  return { flops: flops + 30 * params, bytes: 24 * params };
}

/**
 * The options with every default filled in, checked (shared with empiricalNtkF64), and the
 * initialization checked against the work budget (`budget`, default options.budget) before any
 * array of the network's size exists.
 */
export function fillConfig(
  options: MlpOptions,
  budget: WorkBudget | undefined = options?.budget,
): MlpConfig {
  const op = 'createMlp';
  assertObject(
    op,
    'options',
    options,
    'an object such as { inputDim: 784, width: 512, depth: 3, initSeed: 1 }',
  );
  const {
    inputDim,
    width,
    depth,
    outputs = 1,
    activation = 'relu',
    bias = true,
    parameterization = 'ntk',
    init = 'gaussian',
    wStd,
    bStd = 0,
    initSeed,
  } = options;
  assertInteger(op, 'inputDim', inputDim, { min: 1 }, 'the input dimension d');
  assertInteger(
    op,
    'depth',
    depth,
    { min: 1 },
    'the number of hidden layers L, readout not counted',
  );
  assertInteger(op, 'outputs', outputs, { min: 1 }, 'the number of outputs k');
  if (!ACTIVATIONS.includes(activation)) {
    throw new InvalidArgumentError(
      'activation',
      activation,
      "'relu', 'erf', 'tanh' or 'linear'",
      op,
    );
  }
  if (parameterization !== 'ntk' && parameterization !== 'standard') {
    throw new InvalidArgumentError('parameterization', parameterization, "'ntk' or 'standard'", op);
  }
  if (!INITS.includes(init)) {
    throw new InvalidArgumentError(
      'init',
      init,
      "'gaussian', 'lecun', 'he', 'glorot' or 'orthogonal'",
      op,
    );
  }
  if (wStd !== undefined && init !== 'gaussian' && init !== 'orthogonal') {
    throw new InvalidArgumentError(
      'wStd',
      wStd,
      `no wStd with init '${init}' (it fixes σ_w itself); use init 'gaussian' to choose σ_w`,
      op,
    );
  }
  // Only undefined means the default: wStd null is a bad value.
  const w = wStd === undefined ? 1 : wStd;
  assertNonNegative(op, 'wStd', w, 'σ_w, e.g. Math.SQRT2 for ReLU');
  assertNonNegative(op, 'bStd', bStd, 'σ_b, e.g. 0.1');
  assertBoolean(op, 'bias', bias);
  assertInteger(op, 'initSeed', initSeed, SEED_RANGE, 'the seed of the initialization, e.g. 1');
  if (!Array.isArray(width) && typeof width !== 'number') {
    throw new InvalidArgumentError(
      'width',
      width,
      `the hidden width m, or an array of ${depth} widths`,
      op,
    );
  }
  if (typeof width === 'number') {
    // Named width[0], the first layer the width fills, as the message always read.
    assertInteger(op, 'width[0]', width, { min: 1 }, 'a hidden layer width');
    // Before the widths array exists: depth 1e9 must not allocate it.
    const count = inputDim * width + (depth - 1) * width * width + width * outputs;
    assertWorkBudget(op, { bytes: 24 * count, flops: 30 * count }, budget, 'lower width or depth');
  } else if (width.length !== depth) {
    throw new InvalidArgumentError(
      'width',
      width,
      `a width or an array of ${depth} widths (one per hidden layer)`,
      op,
    );
  }
  const widths = typeof width === 'number' ? new Array<number>(depth).fill(width) : [...width];
  for (const [l, m] of widths.entries()) {
    assertInteger(op, `width[${l}]`, m, { min: 1 }, 'a hidden layer width');
  }
  assertWorkBudget(
    op,
    initWork([inputDim, ...widths], [...widths, outputs], init === 'orthogonal'),
    budget,
    'lower the widths or the depth',
  );
  return {
    inputDim,
    widths,
    depth,
    outputs,
    activation,
    bias,
    parameterization,
    init,
    wStd: w,
    bStd,
    initSeed,
  };
}

/** The layers of a filled config (shared with empiricalNtkF64). */
export function describeLayers(config: MlpConfig): MlpLayer[] {
  const fanIns = [config.inputDim, ...config.widths];
  const fanOuts = [...config.widths, config.outputs];
  const ntk = config.parameterization === 'ntk';
  let index = 0;
  return fanIns.map((fanIn, l) => {
    const fanOut = fanOuts[l] as number;
    const wStd = layerStd(config.init, config.wStd, fanIn, fanOut);
    const weightIndex = index++;
    const biasIndex = config.bias ? index++ : -1;
    return {
      fanIn,
      fanOut,
      wStd,
      bStd: config.bStd,
      weightScale: ntk ? wStd / Math.sqrt(fanIn) : 1,
      biasScale: ntk ? config.bStd : 1,
      weightIndex,
      biasIndex,
    };
  });
}

/**
 * Draws the parameters in float64 on the host, in the order and layout of the parameter list
 * (W_l as fan_in × fan_out row-major, b_l). Order of the random numbers (createRng(initSeed)):
 * for each layer, W_l as fan_out × fan_in row-major, then fan_out bias numbers (drawn even
 * without biases). createMlp rounds them to float32; empiricalNtkF64 uses them as they are, so
 * both hold the same network.
 */
export function initialParamsF64(config: MlpConfig, layers: readonly MlpLayer[]): Float64Array[] {
  const rng = createRng(config.initSeed);
  const ntk = config.parameterization === 'ntk';
  const params: Float64Array[] = [];
  for (const layer of layers) {
    const { fanIn, fanOut } = layer;
    const g = rng.fillNormal(new Float64Array(fanOut * fanIn));
    const b = rng.fillNormal(new Float64Array(fanOut));
    // Raw W such that (weight scale)·raw is the effective weight matrix.
    let scale = ntk ? 1 : layer.wStd / Math.sqrt(fanIn);
    if (config.init === 'orthogonal') {
      orthogonalFromGaussian(g, fanOut, fanIn);
      // Effective weights gain·Q: raw = √fan_in·Q under 'ntk', gain·Q under 'standard'.
      scale = ntk ? Math.sqrt(fanIn) : layer.wStd;
    }
    // w = scale·gᵀ, in 32×32 blocks (a plain strided transpose is ~4× slower at 1024×1024).
    const w = new Float64Array(fanIn * fanOut);
    for (let o0 = 0; o0 < fanOut; o0 += 32) {
      const o1 = Math.min(fanOut, o0 + 32);
      for (let i0 = 0; i0 < fanIn; i0 += 32) {
        const i1 = Math.min(fanIn, i0 + 32);
        for (let o = o0; o < o1; o++) {
          for (let i = i0; i < i1; i++) w[i * fanOut + o] = scale * (g[o * fanIn + i] as number);
        }
      }
    }
    params.push(w);
    if (config.bias) {
      const bScale = ntk ? 1 : layer.bStd;
      params.push(b.map((v) => bScale * v));
    }
  }
  return params;
}

/** The initial parameters as float32 tensors on the active backend (rounded once). */
function initialParams(config: MlpConfig, layers: readonly MlpLayer[]): tf.Tensor[] {
  const values = initialParamsF64(config, layers);
  const params: tf.Tensor[] = [];
  for (const layer of layers) {
    const w = Float32Array.from(values[layer.weightIndex] as Float64Array);
    params.push(tf.tensor2d(w, [layer.fanIn, layer.fanOut]));
    if (layer.biasIndex >= 0) {
      params.push(tf.tensor1d(Float32Array.from(values[layer.biasIndex] as Float64Array)));
    }
  }
  return params;
}

class MlpModel implements Mlp {
  readonly paramNames: readonly string[];
  readonly paramShapes: readonly (readonly number[])[];
  readonly paramCount: number;
  #params: tf.Tensor[];
  #disposed = false;

  constructor(
    readonly config: MlpConfig,
    readonly layers: readonly MlpLayer[],
    params: tf.Tensor[],
  ) {
    this.#params = params;
    const names: string[] = [];
    const shapes: number[][] = [];
    layers.forEach((layer, l) => {
      names.push(`W${l + 1}`);
      shapes.push([layer.fanIn, layer.fanOut]);
      if (layer.biasIndex >= 0) {
        names.push(`b${l + 1}`);
        shapes.push([layer.fanOut]);
      }
    });
    this.paramNames = names;
    this.paramShapes = shapes;
    this.paramCount = shapes.reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0);
  }

  get params(): readonly tf.Tensor[] {
    this.#check('params');
    return this.#params;
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  #check(op: string): void {
    if (this.#disposed) throw new ModelDisposedError(op);
  }

  setParams(params: readonly tf.Tensor[]): void {
    this.#check('setParams');
    this.#checkParams('setParams', params);
    const old = this.#params.filter((t) => !params.includes(t));
    this.#params = [...params];
    tf.dispose(old);
  }

  #checkParams(op: string, params: readonly tf.Tensor[]): void {
    if (!Array.isArray(params) || params.length !== this.paramShapes.length) {
      throw new InvalidArgumentError(
        `${op}: params`,
        Array.isArray(params) ? `a list of ${params.length} tensors` : typeof params,
        `a list of ${this.paramShapes.length} tensors (${this.paramNames.join(', ')})`,
      );
    }
    params.forEach((p, i) => {
      const shape = this.paramShapes[i] as readonly number[];
      if (!(p instanceof tf.Tensor) || p.isDisposed) {
        throw new InvalidArgumentError(
          `params[${i}] (${this.paramNames[i]})`,
          p instanceof tf.Tensor ? 'a disposed tensor' : p,
          `a live tensor of shape [${shape.join(', ')}]`,
          op,
        );
      }
      if (
        p.shape.length !== shape.length ||
        p.shape.some((s: number, j: number) => s !== shape[j])
      ) {
        throw new ShapeMismatchError(
          op,
          `${this.paramNames[i]} has shape [${p.shape.join(', ')}]`,
          `shape [${shape.join(', ')}] (parameter ${i} of ${this.paramNames.join(', ')})`,
        );
      }
    });
  }

  apply(params: readonly tf.Tensor[], X: tf.Tensor2D): tf.Tensor2D {
    const { activation, depth, inputDim } = this.config;
    // Cheap checks (apply runs every step, and these are O(number of tensors)): a list of live
    // tensors shaped like the parameters (a disposed or misshapen one would fail inside tfjs with
    // a TypeError or an untyped shape error), and X a live n×d tensor.
    this.#checkParams('apply', params);
    if (!(X instanceof tf.Tensor) || X.isDisposed || X.rank !== 2 || X.shape[1] !== inputDim) {
      throw new InvalidArgumentError(
        'X',
        X instanceof tf.Tensor
          ? X.isDisposed
            ? 'a disposed tensor'
            : `a tensor of shape [${X.shape.join(', ')}]`
          : X,
        `a live float32 tf.Tensor2D with ${inputDim} columns (use predict for host data)`,
        'apply',
      );
    }
    ensureGradients();
    return tf.tidy(() => {
      let h: tf.Tensor2D = X;
      for (let l = 0; l <= depth; l++) {
        const layer = this.layers[l] as MlpLayer;
        let z: tf.Tensor2D = tf.matMul(h, params[layer.weightIndex] as tf.Tensor2D);
        if (layer.weightScale !== 1) z = tf.mul(z, layer.weightScale);
        if (layer.biasIndex >= 0) {
          const b = params[layer.biasIndex] as tf.Tensor1D;
          z = tf.add(z, layer.biasScale === 1 ? b : tf.mul(b, layer.biasScale));
        }
        h = l < depth ? activate(activation, z) : z;
      }
      return h;
    });
  }

  predict(X: TensorInput): tf.Tensor2D {
    this.#check('predict');
    const x = asModelInputs('predict', 'X', X, this.config.inputDim);
    try {
      return this.apply(this.#params, x.tensor);
    } finally {
      if (x.owned) x.tensor.dispose();
    }
  }

  async readParams(): Promise<Float32Array[]> {
    this.#check('readParams');
    return Promise.all(this.#params.map(async (p) => (await p.data()) as Float32Array));
  }

  clone(): Mlp {
    this.#check('clone');
    return new MlpModel(
      this.config,
      this.layers,
      this.#params.map((p) => tf.clone(p)),
    );
  }

  dispose(): void {
    if (this.#disposed) return;
    tf.dispose(this.#params);
    this.#params = [];
    this.#disposed = true;
  }
}

/**
 * Creates a fully connected network with L = `depth` hidden layers (https://overparam.dev/docs/theory/fully-connected-kernels#setting):
 *
 *   z¹ = s₁·x W₁ + β₁·b₁,  z^{l+1} = s_{l+1}·φ(z^l) W_{l+1} + β_{l+1}·b_{l+1},  f(x) = z^{L+1},
 *
 * with s_l = σ_w,l/√fan_in and β = σ_b under 'ntk' (W, b ~ N(0, 1)), s = β = 1 under
 * 'standard' (W ~ N(0, σ_w,l²/fan_in), b ~ N(0, σ_b²)); σ_w,l set by the {@link MlpInit}
 * scheme. At width → ∞ its output is the Gaussian process with the NNGP and its tangent kernel
 * the NTK of @overparam/kernels' fcKernel (same depth, activation, wStd, bStd).
 *
 * Weights are drawn on the CPU by createRng(initSeed) in float64 and stored as float32 tfjs
 * tensors on the active backend, so the same initSeed gives the same network on every backend.
 * The forward pass is float32 tfjs; gradients come from tfjs autodiff (see {@link Mlp}).
 *
 * @throws InvalidArgumentError for a non-integer or non-positive inputDim, depth, width or
 *   outputs, an unknown activation, parameterization or init, negative wStd/bStd, a wStd with an
 *   init that fixes σ_w, or a bad initSeed; WorkBudgetError (before anything is allocated) for a
 *   network whose initialization exceeds the work budget (24·P bytes, ~30·P flops; see
 *   MlpOptions.budget), e.g. width 1e9.
 * @example
 * const net = createMlp({ inputDim: 2, width: 512, depth: 2, activation: 'relu', init: 'he', initSeed: 1 });
 * net.paramCount // 2·512 + 512 + 512·512 + 512 + 512 + 1 = 264705
 * const f = net.predict([[1, 0], [0, 1]]); // 2×1 tensor, ≈ N(0, NNGP) over seeds
 */
export function createMlp(options: MlpOptions): Mlp {
  const config = fillConfig(options);
  const layers = describeLayers(config);
  return new MlpModel(config, layers, initialParams(config, layers));
}
