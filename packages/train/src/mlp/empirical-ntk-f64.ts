import type { FcKernelPair } from '@overparam/kernels';
import {
  asMatrix64,
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asVector,
  erf,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  matmul,
  transpose,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { addWork, mlpSizes, ntkWork } from '../internal/mlp-work.js';
import type { MlpActivation, MlpConfig, MlpLayer, MlpOptions } from './mlp.js';
import { describeLayers, fillConfig, initialParamsF64 } from './mlp.js';

/** Options of {@link empiricalNtkF64}. */
export interface EmpiricalNtkF64Options {
  /**
   * The parameters, one array per entry of the Mlp's parameter list in its order and layout
   * (W_l as fan_in × fan_out row-major, then b_l), e.g. `await net.readParams()` of a trained
   * model. Default: the initialization createMlp(network) draws from createRng(initSeed), in
   * float64 (before its rounding to float32).
   */
  params?: readonly VectorInput[];
  /** With k > 1 outputs, the NTK of output a, or 'mean' (default) over outputs, as {@link empiricalNtk}. */
  output?: number | 'mean';
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the network is drawn: the initialization (24·P bytes, see MlpOptions.budget), then
   * 2(n + m)·W·(1 + K) + 2·n·m·(Σ fan_in + K·H) flops and 8·(2P + (n + m)·H·(2 + K) +
   * n·m·(L + 3)) bytes, with W = Σ fan_in·fan_out, H the hidden units and K the outputs
   * considered. Width 1e9 is refused here, before any array of that size exists.
   */
  budget?: WorkBudget;
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** [φ(z), φ'(z)], φ' as tfjs's gradients define it (relu'(0) = 0), like empiricalNtk. */
function activation(name: MlpActivation): (z: number, out: Float64Array) => void {
  switch (name) {
    case 'relu':
      return (z, out) => {
        out[0] = Math.max(z, 0);
        out[1] = z > 0 ? 1 : 0;
      };
    case 'erf':
      return (z, out) => {
        out[0] = erf(z);
        out[1] = TWO_OVER_SQRT_PI * Math.exp(-z * z);
      };
    case 'tanh':
      return (z, out) => {
        const t = Math.tanh(z);
        out[0] = t;
        out[1] = 1 - t * t;
      };
    case 'linear':
      return (z, out) => {
        out[0] = z;
        out[1] = 1;
      };
  }
}

function isConfig(network: MlpOptions | MlpConfig): network is MlpConfig {
  return typeof network === 'object' && network !== null && 'widths' in network;
}

/**
 * An Mlp's config checked like the options it came from (every field through fillConfig), so a
 * hand-made or corrupted config fails with the same typed errors as createMlp's options.
 */
function checkedConfig(config: MlpConfig, budget: WorkBudget | undefined): MlpConfig {
  const { widths, wStd, init, ...rest } = config;
  const fixesWstd = init !== 'gaussian' && init !== 'orthogonal';
  return fillConfig(
    {
      ...rest,
      init,
      width: widths,
      ...(fixesWstd ? {} : { wStd }),
    } as MlpOptions,
    budget,
  );
}

function readParams(
  op: string,
  layers: readonly MlpLayer[],
  bias: boolean,
  params: readonly VectorInput[],
): Float64Array[] {
  const sizes = layers.flatMap((l) =>
    bias ? [l.fanIn * l.fanOut, l.fanOut] : [l.fanIn * l.fanOut],
  );
  if (!Array.isArray(params) || params.length !== sizes.length) {
    throw new InvalidArgumentError(
      'params',
      params,
      `a list of ${sizes.length} arrays (W1${bias ? ', b1' : ''}, … in the order of Mlp.params, e.g. await net.readParams())`,
      op,
    );
  }
  return params.map((p, i) =>
    asVector(op, `params[${i}]`, p, {
      length: sizes[i] as number,
      meaning: 'entries of this parameter, fan_in × fan_out for a W',
    }),
  );
}

/** Layer inputs A_0 = X, A_l = φ(Z_l) and slopes φ'(Z_l), l = 1..L, in float64. */
function forward(
  config: MlpConfig,
  layers: readonly MlpLayer[],
  params: readonly Float64Array[],
  X: Matrix64,
): { inputs: Matrix64[]; slopes: Matrix64[] } {
  const phi = activation(config.activation);
  const pair = new Float64Array(2);
  const n = X.rows;
  const inputs: Matrix64[] = [X];
  const slopes: Matrix64[] = [];
  for (let l = 0; l < config.depth; l++) {
    const layer = layers[l] as MlpLayer;
    const W = {
      rows: layer.fanIn,
      cols: layer.fanOut,
      data: params[layer.weightIndex] as Float64Array,
    };
    const b = layer.biasIndex >= 0 ? (params[layer.biasIndex] as Float64Array) : null;
    const Z = matmul(inputs[l] as Matrix64, W).data;
    const m = layer.fanOut;
    const H = new Float64Array(n * m);
    const D = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const k = i * m + j;
        const z =
          layer.weightScale * (Z[k] as number) + (b ? layer.biasScale * (b[j] as number) : 0);
        phi(z, pair);
        H[k] = pair[0] as number;
        D[k] = pair[1] as number;
      }
    }
    inputs.push({ rows: n, cols: m, data: H });
    slopes.push({ rows: n, cols: m, data: D });
  }
  return { inputs, slopes };
}

/**
 * Back-propagated signals G_l = ∂f_a/∂z_l (n × width_l, l = 1..L) of output a:
 * G_L = φ'(Z_L) ⊙ (s_{L+1}·W_{L+1}[:, a]ᵀ), G_l = φ'(Z_l) ⊙ (s_{l+1}·G_{l+1}W_{l+1}ᵀ).
 */
function signals(
  config: MlpConfig,
  layers: readonly MlpLayer[],
  params: readonly Float64Array[],
  slopes: readonly Matrix64[],
  a: number,
): Matrix64[] {
  const L = config.depth;
  const n = (slopes[0] as Matrix64).rows;
  const G: Matrix64[] = new Array(L);
  let next: Matrix64 | null = null;
  for (let l = L - 1; l >= 0; l--) {
    const above = layers[l + 1] as MlpLayer;
    const W = params[above.weightIndex] as Float64Array;
    const m = above.fanIn;
    const k = above.fanOut;
    const back: Float64Array =
      next === null
        ? new Float64Array(n * m).map((_, idx) => W[(idx % m) * k + a] as number)
        : matmul(next, transpose({ rows: m, cols: k, data: W })).data;
    const D = (slopes[l] as Matrix64).data;
    const s = above.weightScale;
    for (let idx = 0; idx < back.length; idx++)
      back[idx] = s * (back[idx] as number) * (D[idx] as number);
    next = { rows: n, cols: m, data: back };
    G[l] = next;
  }
  return G;
}

/**
 * The empirical NTK and NNGP of the fully connected network an {@link Mlp} holds, in float64 on
 * the CPU (no tfjs): the finite-width counterpart of @overparam/kernels' fcKernel, to check its
 * limit, and the float64 peer of {@link empiricalNtk}. The network is `network`'s architecture
 * (MlpOptions as createMlp takes them, or an Mlp's `config`) at `params`, by default the
 * initialization createMlp draws from createRng(initSeed), kept in float64: the same weights as
 * createMlp(network) before their rounding to float32.
 *
 * NTK, exact from per-layer gradients (https://overparam.dev/docs/theory/fully-connected-kernels#empirical-ntk; Jacot et al. 2018; Lee et al. 2019), with
 * A_{l−1} the input of layer l (A_0 = X) and G_l = ∂f/∂z_l (G_{L+1} = 1):
 *
 *   Θ̂ = Σ_{l=1}^{L+1} (G_l(X)G_l(Y)ᵀ) ⊙ (s_l²·A_{l−1}(X)A_{l−1}(Y)ᵀ + β_l²),
 *
 * s_l = σ_w,l/√fan_in and β_l = σ_b under 'ntk', s_l = β_l = 1 under 'standard' (β_l = 0
 * without biases); φ' as tfjs's gradients (relu'(0) = 0). NNGP: the output covariance given the
 * hidden layers, σ_w,L+1²/m_L·A_L(X)A_L(Y)ᵀ + σ_b² (the feature kernel of the last hidden layer).
 * Both converge to fcKernel's NTK and NNGP (same depth, activation, wStd, bStd) as the width
 * grows, the error falling like 1/√m. Cost ≈ 4n·Σ_l fan_in·fan_out flops (times k outputs for
 * 'mean' on the backward part).
 *
 * @param X n×d points; Y m×d points (default X).
 * @returns NNGP and NTK, n×m float64.
 * @throws the errors of createMlp for bad options; ShapeMismatchError when X or Y does not have d
 *   columns or a parameter has the wrong length; InvalidArgumentError for a bad output index or
 *   parameter list; NonFiniteError for NaN/±Infinity in X, Y or params; WorkBudgetError (before
 *   anything of the network's size is allocated) over the work budget, e.g. width 1e9.
 * @example
 * const { ntk } = empiricalNtkF64({ inputDim: 2, width: 4096, depth: 1, wStd: Math.SQRT2, initSeed: 1 }, [[1, 0], [0, 1]]);
 * toArray(ntk) // ≈ [[2, 0.32], [0.32, 2]] (fcKernel's NTK, up to ~2%)
 */
export function empiricalNtkF64(
  network: MlpOptions | MlpConfig,
  X: MatrixInput,
  Y?: MatrixInput,
  options: EmpiricalNtkF64Options = {},
): FcKernelPair<Matrix64> {
  const op = 'empiricalNtkF64';
  assertOptions(op, 'options', options);
  const config = isConfig(network)
    ? checkedConfig(network, options.budget)
    : fillConfig(network, options.budget === undefined ? network?.budget : options.budget);
  const layers = describeLayers(config);
  const k = config.outputs;
  // Only undefined means the default: output null is a bad value.
  const output = options.output === undefined ? 'mean' : options.output;
  if (output !== 'mean') {
    assertInteger(op, 'output', output, { min: 0, max: k - 1 }, "an output index, or 'mean'");
  }
  const outputs = output === 'mean' ? Array.from({ length: k }, (_, a) => a) : [output];
  const shape = { cols: config.inputDim, meaning: 'one row per point, d = inputDim columns' };
  const x = asMatrix64(op, 'X', X, shape);
  const y = Y === undefined ? null : asMatrix64(op, 'Y', Y, shape);
  const sizes = mlpSizes(layers, config.bias);
  assertWorkBudget(
    op,
    addWork(ntkWork(sizes, x.rows, y ? y.rows : x.rows, outputs.length, 8), {
      bytes: 16 * sizes.params,
    }),
    options.budget,
    'use fewer points or a narrower network',
  );
  const params =
    options.params === undefined
      ? initialParamsF64(config, layers)
      : readParams(op, layers, config.bias, options.params);
  const fx = forward(config, layers, params, x);
  const fy = y ? forward(config, layers, params, y) : fx;
  const nx = x.rows;
  const ny = y ? y.rows : nx;
  const L = config.depth;
  const gx = outputs.map((a) => signals(config, layers, params, fx.slopes, a));
  const gy = y ? outputs.map((a) => signals(config, layers, params, fy.slopes, a)) : gx;
  // Σ_l (G_lG_lᵀ) ⊙ (s_l²·A_{l−1}A_{l−1}ᵀ + β_l²), hidden layers first; for the readout
  // G_{L+1} = e_a, so its Gram factor is 1 (for every output, and so for their mean).
  const ntk = new Float64Array(nx * ny);
  for (let l = 0; l <= L; l++) {
    const layer = layers[l] as MlpLayer;
    const AA = matmul(fx.inputs[l] as Matrix64, transpose(fy.inputs[l] as Matrix64)).data;
    const s2 = layer.weightScale ** 2;
    const b2 = layer.biasIndex >= 0 ? layer.biasScale ** 2 : 0;
    let GG: Float64Array | null = null;
    if (l < L) {
      GG = matmul(gx[0]?.[l] as Matrix64, transpose(gy[0]?.[l] as Matrix64)).data;
      for (let a = 1; a < outputs.length; a++) {
        const more = matmul(gx[a]?.[l] as Matrix64, transpose(gy[a]?.[l] as Matrix64)).data;
        for (let i = 0; i < GG.length; i++) GG[i] = (GG[i] as number) + (more[i] as number);
      }
      if (outputs.length > 1)
        for (let i = 0; i < GG.length; i++) GG[i] = (GG[i] as number) / outputs.length;
    }
    for (let i = 0; i < ntk.length; i++) {
      const inputs = s2 * (AA[i] as number) + b2;
      ntk[i] = (ntk[i] as number) + (GG ? (GG[i] as number) : 1) * inputs;
    }
  }
  const readout = layers[L] as MlpLayer;
  const last = matmul(fx.inputs[L] as Matrix64, transpose(fy.inputs[L] as Matrix64)).data;
  const sL = (readout.wStd / Math.sqrt(readout.fanIn)) ** 2;
  const bL = config.bias ? config.bStd ** 2 : 0;
  const nngp = last.map((v) => sL * v + bL);
  return {
    nngp: { rows: nx, cols: ny, data: nngp },
    ntk: { rows: nx, cols: ny, data: ntk },
  };
}
