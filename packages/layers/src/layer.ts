import {
  asMatrix64,
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asTensor2D,
  createRng,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  type Rng,
  SEED_RANGE,
  ShapeMismatchError,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';

/** One value, or a list of them between fanOut and fanIn (the branches of a parallel block). */
export type Flow<T> = T | T[];

/**
 * The infinite-width kernel of the activations at one layer, for n1 × n2 input pairs, float64:
 * the NNGP Σ(x, x') (the covariance of a unit's value), the NTK Θ(x, x') and the variances
 * Σ(x, x), Σ(x', x') that the activation moments need. Vector inputs (dense layers); the
 * convolutional layers add spatial axes.
 */
export interface KernelRecord {
  rows: number;
  cols: number;
  /** Σ, rows×cols (or the diagonal, length rows, when `diagonal`). */
  nngp: Float64Array;
  /** Θ, the same shape. */
  ntk: Float64Array;
  /** Σ(x_i, x_i) for the rows and Σ(x'_j, x'_j) for the columns. */
  var1: Float64Array;
  var2: Float64Array;
  /** Only the pairs (i, i): nngp[i] = Σ(x_i, x_i). */
  diagonal: boolean;
  /** The number of features of the finite network at this layer (the input dimension d at the input). */
  width: number;
  /**
   * Which weights the values last passed: a token drawn by each dense layer (0 at the input),
   * increasing along the network. Two branches of a fanOut with the same origin share their
   * value; a sum of branches takes the oldest origin among them.
   */
  origin?: number;
  /**
   * Whether the values have mean 0 over initializations: true after a dense layer and after odd
   * activations of such values; false at the (deterministic) input and after relu, abs, gelu, cos.
   * With `origin`, it decides whether fanInSum may add kernels: two branches are uncorrelated
   * when their origins differ (one has weights of its own since the fanOut) and one has mean 0.
   */
  zeroMean?: boolean;
}

/** A layer's parameters (a tree of tf tensors), or null for a layer without any. */
export type ParamTree = tf.Tensor | null | ParamTree[] | { [name: string]: ParamTree };

/** The parameters of a network from {@link Layer.init}: free them with `dispose()`. */
export interface NetworkParams {
  readonly tree: ParamTree;
  /** Number of scalar parameters. */
  readonly count: number;
  /** The input width d they were drawn for. */
  readonly inputSize: number;
  dispose(): void;
}

/** { nngp, ntk } of the same inputs. */
export interface KernelPair<T> {
  nngp: T;
  ntk: T;
}

/** Options of {@link LayerKernel.f64}. */
export interface KernelF64Options {
  /** Work budget (default tensor's DEFAULT_WORK_BUDGET), checked before the first layer. */
  budget?: WorkBudget;
}

/** The infinite-width kernels of a layer or network. */
export interface LayerKernel {
  /**
   * NNGP and NTK of the network's output (one output unit; every output has the same kernel)
   * between the rows of X (n×d) and of Y (m×d, X when omitted), float64 on the CPU.
   */
  f64(X: MatrixInput, Y?: MatrixInput, options?: KernelF64Options): KernelPair<Matrix64>;
  /** k(x_i, x_i) for each row. */
  diagF64(X: MatrixInput, options?: KernelF64Options): KernelPair<Float64Array>;
}

/** Options of {@link Layer.init}. */
export interface InitOptions {
  /** [d]: the input dimension (vector inputs). */
  inputShape: readonly number[];
  /** Seed of the draws (tensor's createRng): the same seed gives the same network on every backend. */
  initSeed: number;
  /** Work budget of the draws (default DEFAULT_WORK_BUDGET). */
  budget?: WorkBudget;
}

/**
 * A layer, or a network of layers (a network is a layer): one description gives the finite
 * network (`init`, `apply`) and its infinite-width kernels (`kernel`), as neural-tangents'
 * stax triples (init_fn, apply_fn, kernel_fn).
 */
export interface Layer {
  /** E.g. 'serial(dense(512), relu, dense(1))'. */
  readonly name: string;
  /** Draws the parameters of the finite network for inputs of `inputShape`. */
  init(options: InitOptions): NetworkParams;
  /**
   * The network's output on X (n×d) on the active tfjs backend, float32; the caller disposes it.
   * `params` must come from this network's `init` and not be disposed (InvalidArgumentError).
   */
  apply(params: NetworkParams, X: TensorInput): tf.Tensor2D;
  /** The infinite-width NNGP and NTK. */
  readonly kernel: LayerKernel;
  /** @internal The rules the combinators compose. */
  readonly rules: LayerRules;
}

/** The three rules of one layer (internal to the package; combinators compose them). */
export interface LayerRules {
  name: string;
  /** Output width(s) for input width(s). Throws for a flow it cannot take. */
  outSize(op: string, inSize: Flow<number>): Flow<number>;
  /** Scalar parameters for input width(s). */
  paramCount(inSize: Flow<number>): number;
  /** Draws the parameters (in a fixed order from `rng`). */
  initParams(rng: Rng, inSize: Flow<number>): ParamTree;
  /** The finite layer on tensors (inside a tf.tidy). */
  forward(params: ParamTree, x: Flow<tf.Tensor2D>): Flow<tf.Tensor2D>;
  /** The kernel rule. */
  kernel(record: Flow<KernelRecord>): Flow<KernelRecord>;
  /** Flops per kernel entry (for the budget). */
  kernelCost: number;
}

/** Builds the user-facing layer from its rules. */
export function makeLayer(rules: LayerRules): Layer {
  const layer: Layer = {
    name: rules.name,
    rules,
    init(options: InitOptions): NetworkParams {
      const op = `${rules.name}.init`;
      assertOptions(op, 'options', options, false);
      const d = readInputShape(op, options.inputShape);
      assertInteger(op, 'initSeed', options.initSeed, SEED_RANGE, 'the seed of the draws, e.g. 1');
      single(op, rules.outSize(op, d));
      const count = rules.paramCount(d);
      assertWorkBudget(
        op,
        { flops: 30 * count, bytes: 12 * count },
        options.budget,
        'use narrower layers',
      );
      const rng = createRng(options.initSeed);
      const tree = rules.initParams(rng, d);
      const state = { network: rules.name, disposed: false };
      const params: NetworkParams = {
        tree,
        count,
        inputSize: d,
        dispose() {
          if (state.disposed) return;
          state.disposed = true;
          for (const t of leaves(tree)) t.dispose();
        },
      };
      ISSUED.set(params, state);
      return params;
    },
    apply(params: NetworkParams, X: TensorInput): tf.Tensor2D {
      const op = `${rules.name}.apply`;
      assertParams(op, rules.name, params);
      const { tensor, owned } = asTensor2D(op, 'X', X);
      try {
        if (tensor.shape[1] !== params.inputSize) {
          throw new ShapeMismatchError(
            op,
            `X has ${tensor.shape[1]} columns`,
            `${params.inputSize}, the inputShape the parameters were drawn for`,
          );
        }
        return tf.tidy(() => single(op, rules.forward(params.tree, tensor)));
      } finally {
        if (owned) tensor.dispose();
      }
    },
    kernel: {
      f64(X, Y, options = {}) {
        const op = `${rules.name}.kernel.f64`;
        assertOptions(op, 'options', options);
        const x = asMatrix64(op, 'X', X, { meaning: 'inputs, one per row (n×d)' });
        const y =
          Y === undefined ? x : asMatrix64(op, 'Y', Y, { meaning: 'inputs, one per row (m×d)' });
        if (y.cols !== x.cols) {
          throw new ShapeMismatchError(op, `Y has ${y.cols} columns`, `${x.cols}, as X`);
        }
        rules.outSize(op, x.cols);
        assertWorkBudget(
          op,
          {
            flops: x.rows * y.rows * (2 * x.cols + rules.kernelCost),
            bytes: 8 * 4 * x.rows * y.rows,
          },
          options.budget,
          'evaluate fewer points at a time',
        );
        const out = single(op, rules.kernel(inputRecord(x, y, false)));
        assertFiniteKernel(op, out);
        return {
          nngp: { rows: x.rows, cols: y.rows, data: out.nngp },
          ntk: { rows: x.rows, cols: y.rows, data: out.ntk },
        };
      },
      diagF64(X, options = {}) {
        const op = `${rules.name}.kernel.diagF64`;
        assertOptions(op, 'options', options);
        const x = asMatrix64(op, 'X', X, { meaning: 'inputs, one per row (n×d)' });
        rules.outSize(op, x.cols);
        assertWorkBudget(
          op,
          { flops: x.rows * (2 * x.cols + rules.kernelCost), bytes: 8 * 4 * x.rows },
          options.budget,
          'evaluate fewer points at a time',
        );
        const out = single(op, rules.kernel(inputRecord(x, x, true)));
        assertFiniteKernel(op, out);
        return { nngp: out.nngp, ntk: out.ntk };
      },
    },
  };
  return layer;
}

/**
 * The parameters {@link Layer.init} handed out, with the network they were drawn for (its name
 * fixes the shape of every tensor in the tree) and whether they were disposed: apply and
 * empiricalNtk take only these, so a hand-built object or another network's parameters is a
 * typed error, not a TypeError or a shape error deep inside tfjs.
 */
const ISSUED = new WeakMap<object, { network: string; disposed: boolean }>();

/**
 * Throws unless `params` came from `init` of a network named `network` and is not disposed.
 *
 * @throws InvalidArgumentError naming op.
 */
export function assertParams(
  op: string,
  network: string,
  params: unknown,
): asserts params is NetworkParams {
  const issued = params !== null && typeof params === 'object' ? ISSUED.get(params) : undefined;
  if (!issued) {
    throw new InvalidArgumentError('params', params, 'the parameters from net.init({ … })', op);
  }
  if (issued.network !== network) {
    throw new InvalidArgumentError(
      'params',
      `parameters drawn for ${issued.network}`,
      `parameters from ${network}.init({ … })`,
      op,
    );
  }
  if (issued.disposed || leaves((params as NetworkParams).tree).some((t) => t.isDisposed)) {
    throw new InvalidArgumentError(
      'params',
      'disposed parameters',
      'parameters that were not disposed',
      op,
    );
  }
}

/**
 * Throws unless every kernel entry is finite: layer variances beyond ~1e308 (huge inputs, σ_w or
 * activation slopes) overflow float64, and Infinity − Infinity in the next layer is NaN.
 */
function assertFiniteKernel(op: string, out: KernelRecord): void {
  for (const [name, v] of [
    ['nngp', out.nngp],
    ['ntk', out.ntk],
  ] as const) {
    const k = v.findIndex((z) => !Number.isFinite(z));
    if (k >= 0) {
      throw new InvalidArgumentError(
        'X',
        `inputs whose ${name} overflows float64 (entry ${k} is ${v[k]})`,
        'inputs, wStd/bStd and activation slopes whose layer variances stay below ~1e300: rescale X',
        op,
      );
    }
  }
}

/** The record of the inputs: Σ⁰ = ⟨x, x'⟩/d, Θ⁰ = 0 (no parameters below the first layer). */
function inputRecord(x: Matrix64, y: Matrix64, diagonal: boolean): KernelRecord {
  const d = x.cols;
  const dot = (a: Matrix64, i: number, b: Matrix64, j: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (a.data[i * d + t] as number) * (b.data[j * d + t] as number);
    return d > 0 ? s / d : 0;
  };
  const var1 = Float64Array.from({ length: x.rows }, (_, i) => dot(x, i, x, i));
  const var2 = y === x ? var1 : Float64Array.from({ length: y.rows }, (_, j) => dot(y, j, y, j));
  const size = diagonal ? x.rows : x.rows * y.rows;
  const nngp = diagonal ? Float64Array.from(var1) : new Float64Array(size);
  if (!diagonal) {
    for (let i = 0; i < x.rows; i++)
      for (let j = 0; j < y.rows; j++) nngp[i * y.rows + j] = dot(x, i, y, j);
  }
  return {
    rows: x.rows,
    cols: diagonal ? x.rows : y.rows,
    nngp,
    ntk: new Float64Array(size),
    var1,
    var2: diagonal ? var1 : var2,
    diagonal,
    width: d,
    origin: 0,
    zeroMean: false,
  };
}

function readInputShape(op: string, shape: unknown): number {
  if (!Array.isArray(shape) || shape.length !== 1) {
    throw new InvalidArgumentError(
      'inputShape',
      shape,
      '[d] for vector inputs (convolutional inputs [height, width, channels] come with conv layers)',
      op,
    );
  }
  assertInteger(op, 'inputShape[0]', shape[0], { min: 1 }, 'the input dimension d');
  return shape[0] as number;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Throws unless |value| fits float32: the finite network runs in float32, where a larger scale
 * (σ_w/√fan_in, σ_b, an activation slope) is Infinity and its products with 0 are NaN. The
 * float64 kernels take any finite value.
 */
export function assertFloat32(op: string, name: string, value: number): void {
  if (!(Math.abs(value) <= FLOAT32_MAX)) {
    throw new InvalidArgumentError(
      name,
      value,
      'a value within the float32 range ±3.4e38 for the finite network (init and apply compute in float32; the float64 kernels take it)',
      op,
    );
  }
}

/** The one value of a flow that must not be a list at the network's output. */
export function single<T>(op: string, v: Flow<T>): T {
  if (Array.isArray(v)) {
    throw new InvalidArgumentError(
      'network',
      `a network ending in ${v.length} branches`,
      'a single output: close every fanOut with fanInSum() (or fanInConcat)',
      op,
    );
  }
  return v;
}

/** The tensors of a parameter tree, in order. */
export function leaves(tree: ParamTree): tf.Tensor[] {
  if (tree === null) return [];
  if (tree instanceof tf.Tensor) return [tree];
  if (Array.isArray(tree)) return tree.flatMap(leaves);
  return Object.values(tree).flatMap(leaves);
}

/** The same tree with its leaves replaced, in order, by `values`. */
export function withLeaves(tree: ParamTree, values: readonly tf.Tensor[]): ParamTree {
  let k = 0;
  const walk = (t: ParamTree): ParamTree => {
    if (t === null) return null;
    if (t instanceof tf.Tensor) return values[k++] as tf.Tensor;
    if (Array.isArray(t)) return t.map(walk);
    return Object.fromEntries(Object.entries(t).map(([key, v]) => [key, walk(v)]));
  };
  return walk(tree);
}

let lastOrigin = 0;
/** A new origin token for the output of a layer with its own weights (see KernelRecord.origin). */
export function nextOrigin(): number {
  lastOrigin += 1;
  return lastOrigin;
}
