// Kernels that are functions of (‖x‖², ‖x'‖², ⟨x,x'⟩): one Gram matrix, then elementwise.

import { asMatrix64, asTensor2D, gram, matmul, transpose } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from '../kernel.js';
import { rowSquaredNorms } from './fc-f64.js';
import { squaredNorms, tiledRows, toTensorPair, transposeOnce } from './gpu.js';
import { assertSameCols } from './validate.js';

export interface DotKernelDef {
  name: string;
  /** k from q1 = ‖x‖², q2 = ‖x'‖², c = ⟨x,x'⟩ and the input dimension d, float64. */
  entry(q1: number, q2: number, c: number, d: number): number;
  /** The same on broadcastable float32 tensors (called inside tf.tidy). */
  entryTf(q1: tf.Tensor, q2: tf.Tensor, c: tf.Tensor, d: number): tf.Tensor;
}

export function dotKernel(def: DotKernelDef): Kernel {
  const op = (m: string) => `${def.name.replace(/\(.*$/, '')}.${m}`;
  return {
    name: def.name,
    f64(X, Y) {
      const x = asMatrix64(op('f64'), 'X', X);
      const d = x.cols;
      const qx = rowSquaredNorms(x);
      if (Y === undefined) {
        const n = x.rows;
        const G = gram(x, { form: 'AAt' }).data;
        for (let i = 0; i < n; i++) {
          // The pair (x_i, x_i) uses c = ‖x_i‖², as the diagonal does.
          G[i * n + i] = def.entry(qx[i] as number, qx[i] as number, qx[i] as number, d);
          for (let j = i + 1; j < n; j++) {
            const v = def.entry(qx[i] as number, qx[j] as number, G[i * n + j] as number, d);
            G[i * n + j] = v;
            G[j * n + i] = v;
          }
        }
        return { rows: n, cols: n, data: G };
      }
      const y = asMatrix64(op('f64'), 'Y', Y);
      assertSameCols(op('f64'), d, y.cols);
      const qy = rowSquaredNorms(y);
      const G = matmul(x, transpose(y));
      const m = y.rows;
      for (let i = 0; i < x.rows; i++) {
        for (let j = 0; j < m; j++) {
          const k = i * m + j;
          G.data[k] = def.entry(qx[i] as number, qy[j] as number, G.data[k] as number, d);
        }
      }
      return G;
    },
    diagF64(X) {
      const x = asMatrix64(op('diagF64'), 'X', X);
      return rowSquaredNorms(x).map((q) => def.entry(q, q, q, x.cols));
    },
    async gpu(X, Y, options = {}) {
      const held: tf.Tensor[] = [];
      try {
        const { x, y } = toTensorPair(op('gpu'), X, Y, held);
        const [nx, d] = x.shape;
        const ny = y.shape[0];
        const sqx = squaredNorms(x);
        const sqy = Y === undefined ? sqx : squaredNorms(y);
        held.push(sqx);
        if (sqy !== sqx) held.push(sqy);
        const cols = tf.reshape(sqy, [1, ny]);
        const yT = transposeOnce(y);
        held.push(cols, yT);
        const [K] = await tiledRows(op('gpu'), nx, ny, options, (r0, r1) =>
          tf.tidy(() => {
            const t = r1 - r0;
            const rows = tf.reshape(tf.slice(sqx, r0, t), [t, 1]);
            let g = tf.matMul(tf.slice(x, [r0, 0], [t, d]), yT);
            if (Y === undefined) {
              const eye = tf.cast(tf.oneHot(tf.range(r0, r1, 1, 'int32'), ny), 'bool');
              g = tf.where(eye, rows, g);
            }
            return [def.entryTf(rows, cols, g, d) as tf.Tensor2D];
          }),
        );
        return K as tf.Tensor2D;
      } finally {
        tf.dispose(held);
      }
    },
    async diagGpu(X) {
      const { tensor, owned } = asTensor2D(op('diagGpu'), 'X', X);
      try {
        return tf.tidy(() => {
          const q = squaredNorms(tensor);
          return def.entryTf(q, q, q, tensor.shape[1]) as tf.Tensor1D;
        });
      } finally {
        if (owned) tensor.dispose();
      }
    },
  };
}
