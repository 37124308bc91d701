// tfjs-core ships its gradient definitions apart from the ops: only the @tensorflow/tfjs union
// bundle registers them (tfjs-core/dist/register_all_gradients, an ES module Node cannot load
// on its own). Overparam depends on tfjs-core alone, so this registers the gradients of the
// kernels its networks (train's MLPs, the layers of @overparam/layers), losses and their
// gradients use — a faithful transcription of tfjs-core
// 4.22's own definitions (src/gradients/*_grad.ts, Apache-2.0, © Google LLC), each of them
// built from differentiable ops so that second derivatives (Hessian-vector products by
// tf.grads of tf.grads) work too. A gradient that is already registered (e.g. by an app that
// imports @tensorflow/tfjs) is left alone. Called explicitly (not on import) so that bundlers
// may tree-shake this package (sideEffects: false) without losing it.
import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];

/** Sums `res` down to `shape` over broadcast axes, then reshapes to it (tfjs's helper). */
function unbroadcast(res: tf.Tensor, shape: number[], outShape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, outShape);
  return tf.reshape(axes.length > 0 ? tf.sum(res, axes) : res, shape);
}

function outShape(a: tf.Tensor, b: tf.Tensor): number[] {
  return tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
}

const f32 = (t: tf.Tensor) => tf.cast(t, 'float32');

/** The permutation that swaps the last two axes of a rank-r tensor. */
function swapLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return perm;
}

/** Input gradients of a broadcasting binary op, from dy, its inputs and its output shape. */
type BinaryGrads = (
  dy: tf.Tensor,
  a: tf.Tensor,
  b: tf.Tensor,
  out: number[],
) => { a: () => tf.Tensor; b: () => tf.Tensor };

/** The gradient config of a broadcasting binary kernel with inputs a and b. */
function binaryGradient(kernelName: string, grads: BinaryGrads): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as Saved as [tf.Tensor, tf.Tensor];
      return grads(dy as tf.Tensor, a, b, outShape(a, b));
    },
  };
}

const CONFIGS: tf.GradConfig[] = [
  binaryGradient(tf.Add, (dy, a, b, out) => ({
    a: () => unbroadcast(dy, a.shape, out),
    b: () => unbroadcast(dy, b.shape, out),
  })),
  binaryGradient(tf.Sub, (dy, a, b, out) => ({
    a: () => unbroadcast(dy, a.shape, out),
    b: () => tf.neg(unbroadcast(dy, b.shape, out)),
  })),
  binaryGradient(tf.Multiply, (dy, a, b, out) => ({
    a: () => unbroadcast(tf.mul(dy, f32(b)), a.shape, out),
    b: () => unbroadcast(tf.mul(dy, f32(a)), b.shape, out),
  })),
  binaryGradient(tf.RealDiv, (dy, a, b, out) => ({
    a: () => unbroadcast(tf.div(dy, f32(b)), a.shape, out),
    b: () => tf.neg(tf.div(unbroadcast(tf.mul(dy, f32(a)), b.shape, out), f32(tf.square(b)))),
  })),
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved) => {
      const ders: Record<string, () => tf.Tensor> = {};
      (saved as Saved).forEach((_, i) => {
        ders[i] = () => (dy as tf.Tensor).clone();
      });
      return ders;
    },
  },
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA, transposeB } = attrs as unknown as {
        transposeA: boolean;
        transposeB: boolean;
      };
      if (!transposeA && !transposeB) {
        // tfjs writes these as matMul(g, b, false, true) and matMul(a, g, true, false); an
        // explicit transpose gives the same numbers and is several times faster on wasm, whose
        // matmul with a transposed operand is slow (see @overparam/kernels).
        return {
          a: () => tf.matMul(g, tf.transpose(b, swapLast(b.rank))),
          b: () => tf.matMul(tf.transpose(a, swapLast(a.rank)), g),
        };
      }
      if (!transposeA && transposeB) {
        return { a: () => tf.matMul(g, b, false, false), b: () => tf.matMul(g, a, true, false) };
      }
      if (transposeA && !transposeB) {
        return { a: () => tf.matMul(b, g, false, true), b: () => tf.matMul(a, g, false, false) };
      }
      return { a: () => tf.matMul(b, g, true, true), b: () => tf.matMul(g, a, true, true) };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const expanded = x.shape.slice();
      const { axis } = attrs as unknown as { axis: number | number[] };
      for (const ax of tf.util.parseAxisParam(axis, x.shape)) expanded[ax] = 1;
      const der = tf.mul(tf.reshape(dy as tf.Tensor, expanded), tf.ones(x.shape, 'float32'));
      return { x: () => der };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { axis } = attrs as unknown as { axis: number | number[] };
      const axes = tf.util.parseAxisParam(axis, x.shape);
      const expanded = x.shape.slice();
      let count = 1;
      for (const ax of axes) {
        count *= x.shape[ax] as number;
        expanded[ax] = 1;
      }
      return {
        x: () =>
          tf.div(tf.mul(tf.reshape(dy as tf.Tensor, expanded), tf.ones(x.shape, 'float32')), count),
      };
    },
  },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(f32(x), 2)) };
    },
  },
  {
    kernelName: tf.Sqrt,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.div(dy as tf.Tensor, tf.mul(tf.sqrt(f32(x)), 2)) };
    },
  },
  {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, f32(tf.step(x))) };
    },
  },
  {
    kernelName: tf.Tanh,
    // Saves the input, not the output as tfjs-core does: the engine saves tensors as copies made
    // before the op joins the tape, so a saved output is cut off from x and tf.grads of tf.grads
    // would lose tanh'' (Hessian-vector products of tanh networks came out wrong).
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(tf.sub(tf.scalar(1), tf.square(tf.tanh(x))), dy as tf.Tensor) };
    },
  },
  {
    kernelName: tf.Erf,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const a = tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI));
      return { x: () => tf.mul(dy as tf.Tensor, a) };
    },
  },
  {
    kernelName: tf.Exp,
    // Input saved, output recomputed, for second derivatives (see Tanh).
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.exp(x)) };
    },
  },
  {
    kernelName: tf.Sin,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.cos(f32(x))) };
    },
  },
  {
    kernelName: tf.Cos,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.neg(tf.sin(f32(x)))) };
    },
  },
  {
    kernelName: tf.Abs,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.sign(f32(x))) };
    },
  },
  {
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { alpha } = attrs as unknown as { alpha: number };
      // φ' = 1 for x > 0, α otherwise: α + (1 − α)·step(x).
      const slope = tf.add(alpha, tf.mul(1 - alpha, tf.step(f32(x))));
      return { x: () => tf.mul(dy as tf.Tensor, slope) };
    },
  },
  {
    kernelName: tf.Softplus,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.mul(dy as tf.Tensor, tf.sigmoid(f32(x))) };
    },
  },
  {
    kernelName: tf.Sigmoid,
    // Input saved, output recomputed, for second derivatives (see Tanh).
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const s = tf.sigmoid(f32(x));
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(s, tf.sub(tf.scalar(1), s))) };
    },
  },
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  { kernelName: tf.Step, gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => (dy as tf.Tensor).clone() }) },
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => f32(dy as tf.Tensor) }) },
  { kernelName: tf.ZerosLike, gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  { kernelName: tf.OnesLike, gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) },
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.reshape(dy as tf.Tensor, x.shape) };
    },
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const { perm } = attrs as unknown as { perm: number[] };
      const undo = new Array<number>(perm.length);
      perm.forEach((p, i) => {
        undo[p] = i;
      });
      return { x: () => tf.transpose(dy as tf.Tensor, undo) };
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { begin, size } = attrs as unknown as {
        begin: number | number[];
        size: number | number[];
      };
      const [b, s] = tf.slice_util.parseSliceParams(x, begin, size);
      const paddings = x.shape.map((dim, i) => {
        const start = b?.[i] ?? 0;
        return [start, dim - start - (s?.[i] ?? dim)];
      }) as [number, number][];
      return { x: () => tf.pad(dy as tf.Tensor, paddings) };
    },
  },
  {
    kernelName: tf.PadV2,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { paddings } = attrs as unknown as { paddings: [number, number][] };
      return {
        x: () =>
          tf.slice(
            dy as tf.Tensor,
            paddings.map((p) => p[0]),
            x.shape,
          ),
      };
    },
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const tensors = saved as Saved;
      const { axis } = attrs as unknown as { axis: number };
      const ax = tf.util.parseAxisParam(axis, (tensors[0] as tf.Tensor).shape)[0] as number;
      const parts = tf.split(
        dy as tf.Tensor,
        tensors.map((t) => t.shape[ax] as number),
        ax,
      );
      const ders: Record<string, () => tf.Tensor> = {};
      parts.forEach((t, i) => {
        ders[i] = () => t;
      });
      return ders;
    },
  },
  {
    kernelName: tf.SplitV,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as { axis: number };
      return { x: () => tf.concat(dy as tf.Tensor[], axis) };
    },
  },
];

let registered = false;

/**
 * Registers, with tfjs-core, the gradients of the kernels Overparam's networks and losses use (Add,
 * Sub, Multiply, RealDiv, AddN, BatchMatMul, Sum, Mean, Square, Sqrt, Relu, Tanh, Erf, Exp, Sin,
 * Cos, Abs, LeakyRelu, Softplus, Sigmoid, Neg, Step, Cast, Identity, ZerosLike, OnesLike, Reshape, Transpose, Slice,
 * PadV2, Concat, SplitV),
 * unless one is registered already. tfjs-core alone has no gradients (the @tensorflow/tfjs bundle
 * registers them), so tf.grads would throw "gradient function not found". train's models and
 * @overparam/layers call it before a forward pass they differentiate; call it yourself before tf.grads on other code.
 * The definitions are tfjs-core 4.22's own, built from differentiable ops, so second derivatives
 * (Hessian-vector products) work.
 *
 * @example
 * ensureGradients();
 * tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2])) // [2, 4]
 */
export function ensureGradients(): void {
  if (registered) return;
  for (const config of CONFIGS) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  registered = true;
}
