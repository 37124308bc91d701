// Kernels that are functions of a distance ‖x − x'‖ (L2 or L1): exp(−dist/ℓ).

import { asMatrix64, assertWorkBudget, type Matrix64, type WorkBudget } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { Kernel } from '../kernel.js';
import {
  assertTileOptions,
  checkedSquaredNorms,
  DEFAULT_TILE_ELEMENTS,
  diagonalMask,
  gramRowTiles,
  tiledRows,
  toTensorPair,
  withTensor2D,
} from './gpu.js';
import { SNAP32 } from './moments.js';
import { F32_SUM } from './norm-range.js';
import { asMatrixPair, KERNEL_HINT, NORM_FIX } from './validate.js';
import { F32, F64 } from './work.js';

export interface DistanceKernelDef {
  name: string;
  norm: 'l2' | 'l1';
  /** k from the distance (float64 and tensor forms). */
  ofDistance(dist: number): number;
  ofDistanceTf(dist: tf.Tensor): tf.Tensor;
  /** The factory's work budget (a `gpu` call's own `budget` overrides it). */
  budget: WorkBudget | undefined;
}

/** Flops of one entry after its d differences (a square root and an exp). */
const ENTRY_FLOPS = 20;

function distancesF64(
  x: Matrix64,
  y: Matrix64,
  norm: 'l2' | 'l1',
  out: (i: number, j: number, dist: number) => void,
  symmetric: boolean,
): void {
  const d = x.cols;
  const a = x.data;
  const b = y.data;
  for (let i = 0; i < x.rows; i++) {
    for (let j = symmetric ? i : 0; j < y.rows; j++) {
      let s = 0;
      if (norm === 'l2') {
        for (let k = 0; k < d; k++) {
          const t = (a[i * d + k] as number) - (b[j * d + k] as number);
          s += t * t;
        }
        s = Math.sqrt(s);
      } else {
        for (let k = 0; k < d; k++)
          s += Math.abs((a[i * d + k] as number) - (b[j * d + k] as number));
      }
      out(i, j, s);
    }
  }
}

export function distanceKernel(def: DistanceKernelDef): Kernel {
  const op = (m: string) => `${def.name.replace(/\(.*$/, '')}.${m}`;
  return {
    name: def.name,
    f64(X, Y) {
      // Differences are formed explicitly (no ‖x‖² + ‖y‖² − 2⟨x,y⟩ cancellation): exact 0 for
      // identical points, full float64 accuracy for close ones.
      // Explicit differences overflow only to +Infinity (a distance beyond 1e154: k = 0, the
      // limit), never to NaN, so float64 needs no range check.
      const { x, y } = asMatrixPair(op('f64'), X, Y);
      const m = y.rows;
      assertWorkBudget(
        op('f64'),
        { flops: x.rows * m * (3 * x.cols + ENTRY_FLOPS), bytes: F64 * x.rows * m },
        def.budget,
        KERNEL_HINT,
      );
      const K = new Float64Array(x.rows * m);
      const symmetric = Y === undefined;
      distancesF64(
        x,
        y,
        def.norm,
        (i, j, dist) => {
          const v = def.ofDistance(dist);
          K[i * m + j] = v;
          if (symmetric) K[j * m + i] = v;
        },
        symmetric,
      );
      return { rows: x.rows, cols: m, data: K };
    },
    diagF64(X) {
      const x = asMatrix64(op('diagF64'), 'X', X);
      assertWorkBudget(
        op('diagF64'),
        { flops: x.rows, bytes: F64 * x.rows },
        def.budget,
        KERNEL_HINT,
      );
      return new Float64Array(x.rows).fill(def.ofDistance(0));
    },
    async gpu(X, Y, options = {}) {
      assertTileOptions(op('gpu'), options);
      const budget = options.budget ?? def.budget;
      const held: tf.Tensor[] = [];
      try {
        const tileElements = options.maxTileElements ?? DEFAULT_TILE_ELEMENTS;
        const { x, y } = toTensorPair(op('gpu'), X, Y, held, (nx, ny, d) => {
          // The tiles and their concatenation are alive together: 2 × 4 bytes per entry; L1
          // adds a t×ny×d difference tile (and its absolute value), at least one row of it.
          const l1Tile =
            def.norm === 'l1' ? 2 * F32 * Math.min(nx * ny * d, Math.max(ny * d, tileElements)) : 0;
          assertWorkBudget(
            op('gpu'),
            {
              flops: nx * ny * (3 * d + ENTRY_FLOPS),
              bytes: 2 * F32 * nx * ny + F32 * (nx + ny) * d + l1Tile,
            },
            budget,
            KERNEL_HINT,
          );
        });
        const [nx, d] = x.shape;
        const ny = y.shape[0];
        // One read-back of n norms: refuses NaN in a tensor input and norms whose float32 sums
        // would overflow (NaN from ∞ − ∞).
        const call = { op: op('gpu'), x, y, same: Y === undefined, options, held };
        const norms = await checkedSquaredNorms(call, F32_SUM, NORM_FIX);
        if (def.norm === 'l1') {
          // |x − y| needs a t×n×d intermediate: tile so that it stays within the budget.
          const [K] = await tiledRows(
            op('gpu'),
            nx,
            ny,
            { ...options, maxTileElements: Math.max(ny, Math.floor(tileElements / d)) },
            (r0, r1) =>
              tf.tidy(() => {
                const t = r1 - r0;
                const xt = tf.reshape(tf.slice(x, [r0, 0], [t, d]), [t, 1, d]);
                const dist = tf.sum(tf.abs(tf.sub(xt, tf.reshape(y, [1, ny, d]))), 2);
                return [def.ofDistanceTf(dist) as tf.Tensor2D];
              }),
          );
          return K as tf.Tensor2D;
        }
        return await gramRowTiles(call, norms, (rows, cols, g, r0, r1) => {
          const sum = tf.add(rows, cols);
          // ‖x‖² + ‖y‖² − 2⟨x,y⟩ loses the small distances to float32 cancellation: below
          // 2^-20·(‖x‖² + ‖y‖²) (distances under ~1e-3 of the norms) they are rounded to 0,
          // and identical points of K(X, X) get exactly 0.
          let dist2 = tf.sub(sum, tf.mul(g, 2));
          dist2 = tf.where(tf.greater(dist2, tf.mul(sum, SNAP32)), dist2, 0);
          if (Y === undefined) {
            const eye = diagonalMask(r0, r1, ny);
            dist2 = tf.where(eye, 0, dist2);
          }
          return def.ofDistanceTf(tf.sqrt(dist2));
        });
      } finally {
        tf.dispose(held);
      }
    },
    diagGpu: (X) =>
      withTensor2D(op('diagGpu'), X, (tensor) => {
        assertWorkBudget(
          op('diagGpu'),
          { flops: tensor.shape[0], bytes: F32 * tensor.shape[0] },
          def.budget,
          KERNEL_HINT,
        );
        return tf.tidy(() => tf.fill([tensor.shape[0]], def.ofDistance(0)) as tf.Tensor1D);
      }),
  };
}
