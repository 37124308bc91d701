// Kernels that are functions of (‖x‖², ‖x'‖², ⟨x,x'⟩): one Gram matrix, then elementwise.

import {
  asMatrix64,
  assertWorkBudget,
  asTensor2D,
  gram,
  matmul,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from '../kernel.js';
import { rowSquaredNorms } from './fc-f64.js';
import {
  assertTileOptions,
  diagonalMask,
  squaredNorms,
  tiledRows,
  toTensorPair,
  transposeOnce,
} from './gpu.js';
import { assertNormRange, type NormRange } from './norm-range.js';
import { assertSameCols } from './validate.js';
import { F32, F64 } from './work.js';

export interface DotKernelDef {
  name: string;
  /** k from q1 = ‖x‖², q2 = ‖x'‖², c = ⟨x,x'⟩ and the input dimension d, float64. */
  entry(q1: number, q2: number, c: number, d: number): number;
  /** The same on broadcastable float32 tensors (called inside tf.tidy). */
  entryTf(q1: tf.Tensor, q2: tf.Tensor, c: tf.Tensor, d: number): tf.Tensor;
  /** Squared norms for which `entry` (float64) and `entryTf` (float32) are exact to rounding. */
  range: { f64: NormRange; f32: NormRange };
  /** The factory's work budget (a `gpu` call's own `budget` overrides it). */
  budget: WorkBudget | undefined;
}

/** Flops of one entry after its dot product (an order of magnitude: a few ops and an atan2). */
const ENTRY_FLOPS = 30;
const HINT = 'pass fewer points, or compute K(X, Y) in blocks of rows of X';
const FIX = 'rescale X (and Y), e.g. divide by the largest row norm';

export function dotKernel(def: DotKernelDef): Kernel {
  const op = (m: string) => `${def.name.replace(/\(.*$/, '')}.${m}`;
  const checkNorms = (method: string, q: ArrayLike<number>, name: string, range: NormRange) =>
    assertNormRange(op(method), q, range, (i) => `‖${name}[${i}]‖²`, FIX);
  return {
    name: def.name,
    f64(X, Y) {
      const x = asMatrix64(op('f64'), 'X', X);
      const y = Y === undefined ? x : asMatrix64(op('f64'), 'Y', Y);
      assertSameCols(op('f64'), x.cols, y.cols);
      const d = x.cols;
      const n = x.rows;
      const m = y.rows;
      assertWorkBudget(
        op('f64'),
        { flops: n * m * (2 * d + ENTRY_FLOPS), bytes: F64 * (n * m + (n + m) * d) },
        def.budget,
        HINT,
      );
      const qx = rowSquaredNorms(x);
      checkNorms('f64', qx, 'X', def.range.f64);
      if (Y === undefined) {
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
      const qy = rowSquaredNorms(y);
      checkNorms('f64', qy, 'Y', def.range.f64);
      const G = matmul(x, transpose(y));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const k = i * m + j;
          G.data[k] = def.entry(qx[i] as number, qy[j] as number, G.data[k] as number, d);
        }
      }
      return G;
    },
    diagF64(X) {
      const x = asMatrix64(op('diagF64'), 'X', X);
      assertWorkBudget(
        op('diagF64'),
        { flops: 2 * x.rows * x.cols, bytes: F64 * x.rows },
        def.budget,
        HINT,
      );
      const q = rowSquaredNorms(x);
      checkNorms('diagF64', q, 'X', def.range.f64);
      return q.map((v) => def.entry(v, v, v, x.cols));
    },
    async gpu(X, Y, options = {}) {
      assertTileOptions(op('gpu'), options);
      const budget = options.budget ?? def.budget;
      const held: tf.Tensor[] = [];
      try {
        const { x, y } = toTensorPair(op('gpu'), X, Y, held, (nx, ny, d) =>
          assertWorkBudget(
            op('gpu'),
            // The tiles and their concatenation are alive together: 2 × 4 bytes per entry.
            {
              flops: nx * ny * (2 * d + ENTRY_FLOPS),
              bytes: 2 * F32 * nx * ny + F32 * (nx + ny) * d,
            },
            budget,
            HINT,
          ),
        );
        const [nx, d] = x.shape;
        const ny = y.shape[0];
        const sqx = squaredNorms(x);
        const sqy = Y === undefined ? sqx : squaredNorms(y);
        held.push(sqx);
        if (sqy !== sqx) held.push(sqy);
        // One read-back of n norms: refuses NaN in a tensor input and norms whose float32
        // products would overflow, which would otherwise come out as NaN entries.
        checkNorms('gpu', await sqx.data(), 'X', def.range.f32);
        if (sqy !== sqx) checkNorms('gpu', await sqy.data(), 'Y', def.range.f32);
        const cols = tf.reshape(sqy, [1, ny]);
        const yT = transposeOnce(y);
        held.push(cols, yT);
        const [K] = await tiledRows(op('gpu'), nx, ny, options, (r0, r1) =>
          tf.tidy(() => {
            const t = r1 - r0;
            const rows = tf.reshape(tf.slice(sqx, r0, t), [t, 1]);
            let g = tf.matMul(tf.slice(x, [r0, 0], [t, d]), yT);
            if (Y === undefined) {
              const eye = diagonalMask(r0, r1, ny);
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
        assertWorkBudget(
          op('diagGpu'),
          { flops: 2 * tensor.shape[0] * tensor.shape[1], bytes: 2 * F32 * tensor.shape[0] },
          def.budget,
          HINT,
        );
        const q = squaredNorms(tensor);
        try {
          checkNorms('diagGpu', await q.data(), 'X', def.range.f32);
          return tf.tidy(() => def.entryTf(q, q, q, tensor.shape[1]) as tf.Tensor1D);
        } finally {
          q.dispose();
        }
      } finally {
        if (owned) tensor.dispose();
      }
    },
  };
}
