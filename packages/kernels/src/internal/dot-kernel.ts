// Kernels that are functions of (‖x‖², ‖x'‖², ⟨x,x'⟩): one Gram matrix, then elementwise.

import {
  asMatrix64,
  assertWorkBudget,
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
  checkedSquaredNorms,
  diagonalMask,
  gramRowTiles,
  squaredNorms,
  toTensorPair,
  withTensor2D,
} from './gpu.js';
import { assertNormRange, type NormRange } from './norm-range.js';
import { asMatrixPair, KERNEL_HINT, NORM_FIX } from './validate.js';
import { F32, F64 } from './work.js';

export interface DotKernelDef {
  name: string;
  /** k from q1 = ‖x‖², q2 = ‖x'‖², c = ⟨x,x'⟩ and the input dimension d, float64. */
  entry(q1: number, q2: number, c: number, d: number): number;
  /** The same on broadcastable float32 tensors (called inside tf.tidy). */
  entryTf(q1: tf.Tensor, q2: tf.Tensor, c: tf.Tensor, d: number): tf.Tensor;
  /** Squared norms for which `entry` (float64) and `entryTf` (float32) are exact to rounding. */
  range: { f64: NormRange; f32: NormRange };
  /**
   * Squared norms beyond which the entry itself overflows (the polynomial kernel's power),
   * checked after `range`, as a function of the input dimension d. It may throw
   * InvalidArgumentError naming `op` when no input is in range (c₀^p alone overflows).
   */
  entryRange?: { f64: RangeOf; f32: RangeOf } | undefined;
  /** The factory's work budget (a `gpu` call's own `budget` overrides it). */
  budget: WorkBudget | undefined;
}

/** The norm range of a kernel whose range depends on the input dimension d. */
export type RangeOf = (d: number, op: string) => NormRange;

/** Flops of one entry after its dot product (an order of magnitude: a few ops and an atan2). */
const ENTRY_FLOPS = 30;

export function dotKernel(def: DotKernelDef): Kernel {
  const op = (m: string) => `${def.name.replace(/\(.*$/, '')}.${m}`;
  const check = (method: string, q: ArrayLike<number>, name: string, range: NormRange) =>
    assertNormRange(op(method), q, range, (i) => `‖${name}[${i}]‖²`, NORM_FIX);
  /** The range check, then the entry's own (`entryRange`) for input dimension d. */
  const checkNorms = (
    method: string,
    q: ArrayLike<number>,
    name: string,
    precision: 'f64' | 'f32',
    d: number,
  ) => {
    check(method, q, name, def.range[precision]);
    const entryRange = def.entryRange?.[precision];
    if (entryRange) check(method, q, name, entryRange(d, op(method)));
  };
  return {
    name: def.name,
    f64(X, Y) {
      const { x, y } = asMatrixPair(op('f64'), X, Y);
      const d = x.cols;
      const n = x.rows;
      const m = y.rows;
      assertWorkBudget(
        op('f64'),
        { flops: n * m * (2 * d + ENTRY_FLOPS), bytes: F64 * (n * m + (n + m) * d) },
        def.budget,
        KERNEL_HINT,
      );
      const qx = rowSquaredNorms(x);
      checkNorms('f64', qx, 'X', 'f64', d);
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
      checkNorms('f64', qy, 'Y', 'f64', d);
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
        KERNEL_HINT,
      );
      const q = rowSquaredNorms(x);
      checkNorms('diagF64', q, 'X', 'f64', x.cols);
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
            KERNEL_HINT,
          ),
        );
        const d = x.shape[1];
        const ny = y.shape[0];
        // One read-back of n norms: refuses NaN in a tensor input and norms whose float32
        // products would overflow, which would otherwise come out as NaN entries.
        const call = { op: op('gpu'), x, y, same: Y === undefined, options, held };
        const norms = await checkedSquaredNorms(call, def.range.f32, NORM_FIX);
        const entryRange = def.entryRange?.f32;
        if (entryRange) {
          // A second read of the n (and m) norms, only for a kernel whose entry can overflow.
          const range = entryRange(d, op('gpu'));
          check('gpu', await norms.sqx.data(), 'X', range);
          if (norms.sqy !== norms.sqx) check('gpu', await norms.sqy.data(), 'Y', range);
        }
        return await gramRowTiles(call, norms, (rows, cols, g, r0, r1) => {
          // The pair (x_i, x_i) uses c = ‖x_i‖², as the diagonal does.
          const c = Y === undefined ? tf.where(diagonalMask(r0, r1, ny), rows, g) : g;
          return def.entryTf(rows, cols, c, d);
        });
      } finally {
        tf.dispose(held);
      }
    },
    diagGpu: (X) =>
      withTensor2D(op('diagGpu'), X, async (tensor) => {
        assertWorkBudget(
          op('diagGpu'),
          { flops: 2 * tensor.shape[0] * tensor.shape[1], bytes: 2 * F32 * tensor.shape[0] },
          def.budget,
          KERNEL_HINT,
        );
        const q = squaredNorms(tensor);
        try {
          checkNorms('diagGpu', await q.data(), 'X', 'f32', tensor.shape[1]);
          return tf.tidy(() => def.entryTf(q, q, q, tensor.shape[1]) as tf.Tensor1D);
        } finally {
          q.dispose();
        }
      }),
  };
}
