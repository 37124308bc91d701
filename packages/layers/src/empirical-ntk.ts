import {
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asTensor2D,
  ensureGradients,
  InvalidArgumentError,
  type Matrix64,
  type Owned,
  ShapeMismatchError,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import {
  assertParams,
  type Layer,
  leaves,
  type NetworkParams,
  single,
  withLeaves,
} from './layer.js';

/** Options of {@link empiricalNtk}. */
export interface EmpiricalNtkOptions {
  /** Which output: an index, or 'mean' (default): (1/k)·Σ_o J_o J_oᵀ, the estimate of the scalar NTK. */
  output?: number | 'mean';
  /**
   * Work budget (default DEFAULT_WORK_BUDGET): (n + m)·k backward passes of ~6·P flops, the
   * (n + m)·k·P Jacobian entries and the n·m products of k·P terms.
   */
  budget?: WorkBudget;
}

/**
 * The empirical neural tangent kernel Θ̂(x, x') = ∇_θ f(x)·∇_θ f(x')ᵀ of the finite network
 * `net` at `params` (Jacot et al. 2018), from the same description as its analytic NTK: the
 * Jacobian rows by tfjs autodiff (one backward pass per point and output) on the active backend
 * in float32, the products in float64. As the widths grow it tends to `net.kernel.f64(X, Y).ntk`.
 *
 * @throws InvalidArgumentError for params not from this net's init (or disposed), a bad output,
 *   a network ending in branches; ShapeMismatchError
 *   for inputs of the wrong width; WorkBudgetError.
 * @example
 * const net = serial(dense({ outputs: 1024 }), relu(), dense({ outputs: 1 }));
 * const params = net.init({ inputShape: [2], initSeed: 1 });
 * (await empiricalNtk(net, params, [[1, 0], [0, 1]])).data // ≈ net.kernel.f64([[1, 0], [0, 1]]).ntk.data
 */
export async function empiricalNtk(
  net: Layer,
  params: NetworkParams,
  X: TensorInput,
  Y?: TensorInput,
  options: EmpiricalNtkOptions = {},
): Promise<Matrix64> {
  const op = 'empiricalNtk';
  if (net === null || typeof net !== 'object' || !('rules' in net)) {
    throw new InvalidArgumentError('net', net, 'a network from serial(…) or a layer', op);
  }
  assertParams(op, net.rules.name, params);
  assertOptions(op, 'options', options);
  ensureGradients();
  const x = asTensor2D(op, 'X', X);
  let y: Owned<tf.Tensor2D> | null = null;
  try {
    y = Y === undefined ? null : asTensor2D(op, 'Y', Y);
    for (const [name, t] of [
      ['X', x.tensor],
      ['Y', y?.tensor],
    ] as const) {
      if (t && t.shape[1] !== params.inputSize) {
        throw new ShapeMismatchError(
          op,
          `${name} has ${t.shape[1]} columns`,
          `${params.inputSize}, the inputShape of params`,
        );
      }
    }
    const outputs = single(op, net.rules.outSize(op, params.inputSize));
    // Only undefined means the default: null is a bad value.
    const output = options.output === undefined ? 'mean' : options.output;
    if (output !== 'mean')
      assertInteger(
        op,
        'output',
        output,
        { min: 0, max: outputs - 1 },
        "an output index, or 'mean'",
      );
    const picks = output === 'mean' ? Array.from({ length: outputs }, (_, o) => o) : [output];
    const n = x.tensor.shape[0];
    const m = y ? y.tensor.shape[0] : n;
    const rows = n + (y ? m : 0);
    const k = picks.length;
    const P = params.count;
    // One backward pass of ~6·P flops per row and output, the rows of the Jacobians, and the
    // n×m products of k·P terms.
    assertWorkBudget(
      op,
      { flops: rows * k * 6 * P + 2 * n * m * k * P, bytes: 8 * (rows * k * P + n * m) },
      options.budget,
      'use fewer points or a narrower network',
    );
    const jx = await jacobian(op, net, params, x.tensor, picks);
    const jy = y ? await jacobian(op, net, params, y.tensor, picks) : jx;
    const out = new Float64Array(n * m);
    for (let o = 0; o < k; o++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          let s = 0;
          const a = (o * n + i) * P;
          const b = (o * m + j) * P;
          for (let t = 0; t < P; t++) s += (jx[a + t] as number) * (jy[b + t] as number);
          out[i * m + j] = (out[i * m + j] as number) + s / k;
        }
    return { rows: n, cols: m, data: out };
  } finally {
    if (x.owned) x.tensor.dispose();
    if (y?.owned) y.tensor.dispose();
  }
}

/**
 * ∂f_o(x_i)/∂θ for the outputs `picks`, as float64 rows [o][i][P]; no rows for a network
 * without parameters (its NTK is 0).
 */
async function jacobian(
  op: string,
  net: Layer,
  params: NetworkParams,
  tensor: tf.Tensor2D,
  picks: readonly number[],
): Promise<Float64Array> {
  const n = tensor.shape[0];
  const P = params.count;
  const data = new Float64Array(picks.length * n * P);
  const theta = leaves(params.tree);
  if (theta.length === 0) return data;
  for (let pi = 0; pi < picks.length; pi++) {
    const o = picks[pi] as number;
    for (let i = 0; i < n; i++) {
      const row = tf.tidy(() => {
        const xi = tf.slice(tensor, [i, 0], [1, -1]);
        const g = tf.grads((...ps: tf.Tensor[]) => {
          const f = single(op, net.rules.forward(withLeaves(params.tree, ps), xi)) as tf.Tensor2D;
          return tf.sum(tf.slice(f, [0, o], [1, 1]));
        })(theta);
        return tf.concat(g.map((t) => tf.reshape(t, [-1])));
      });
      // Read back asynchronously: dataSync blocks a GPU backend (and has no route in Node's WebGPU).
      try {
        data.set(await row.data(), (pi * n + i) * P);
      } finally {
        row.dispose();
      }
    }
  }
  return data;
}
