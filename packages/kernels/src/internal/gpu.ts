// Shared plumbing of the tfjs (float32) paths: input upload and row tiling.
import { assertInteger, asTensor2D, type TensorInput } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertSameCols } from './validate.js';

/** Options shared by every tiled GPU kernel evaluation. */
export interface GpuTileOptions {
  /**
   * Upper bound on the entries of one row tile (tile rows × columns of the result); the
   * intermediates of a tile are a small multiple of it. Default 2^22 (16 MB per float32 buffer).
   */
  maxTileElements?: number;
  /** Checked between tiles; aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each tile with the fraction of rows done, in (0, 1]. */
  onProgress?: (fraction: number) => void;
}

export const DEFAULT_TILE_ELEMENTS = 2 ** 22;

/**
 * X and the optional Y of a kernel call as float32 tensors with equal column counts; Y
 * defaults to X. Tensors this creates are pushed onto `held` for the caller to dispose.
 */
export function toTensorPair(
  op: string,
  X: TensorInput,
  Y: TensorInput | undefined,
  held: tf.Tensor[],
): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xi = asTensor2D(op, 'X', X);
  if (xi.owned) held.push(xi.tensor);
  if (Y === undefined) return { x: xi.tensor, y: xi.tensor };
  const yi = asTensor2D(op, 'Y', Y);
  if (yi.owned) held.push(yi.tensor);
  assertSameCols(op, xi.tensor.shape[1], yi.tensor.shape[1]);
  return { x: xi.tensor, y: yi.tensor };
}

export function rowsPerTile(op: string, ny: number, maxTileElements: number): number {
  assertInteger(
    op,
    'maxTileElements',
    maxTileElements,
    { min: 1 },
    'entries per row tile, e.g. 2^22',
  );
  return Math.max(1, Math.floor(maxTileElements / ny));
}

/** A finished row tile of {@link tiledRows}: rows [r0, r1) of every output. */
export interface RowTile {
  r0: number;
  r1: number;
  outputs: readonly tf.Tensor2D[];
}

/**
 * Evaluates `compute` on row tiles [r0, r1) of an nx×ny result and concatenates the tiles
 * (one result per output). Tiles are disposed once concatenated. `compute` also gets the tiles
 * finished so far (not to be disposed), so that a symmetric K(X, X) can copy its lower-left
 * block from them instead of computing it again.
 */
export async function tiledRows(
  op: string,
  nx: number,
  ny: number,
  options: GpuTileOptions,
  compute: (
    r0: number,
    r1: number,
    previous: readonly RowTile[],
  ) => Promise<tf.Tensor2D[]> | tf.Tensor2D[],
): Promise<tf.Tensor2D[]> {
  const { maxTileElements = DEFAULT_TILE_ELEMENTS, signal, onProgress } = options;
  const step = rowsPerTile(op, ny, maxTileElements);
  const tiles: RowTile[] = [];
  try {
    for (let r0 = 0; r0 < nx; r0 += step) {
      signal?.throwIfAborted();
      const r1 = Math.min(nx, r0 + step);
      tiles.push({ r0, r1, outputs: await compute(r0, r1, tiles) });
      if (onProgress || signal) {
        onProgress?.(r1 / nx);
        await tf.nextFrame();
      }
    }
    signal?.throwIfAborted();
  } catch (error) {
    for (const t of tiles) tf.dispose(t.outputs as tf.Tensor2D[]);
    throw error;
  }
  if (tiles.length === 1) return (tiles[0] as RowTile).outputs as tf.Tensor2D[];
  const outputs = (tiles[0] as RowTile).outputs.map((_, k) =>
    tf.concat(
      tiles.map((t) => t.outputs[k] as tf.Tensor2D),
      0,
    ),
  );
  for (const t of tiles) tf.dispose(t.outputs as tf.Tensor2D[]);
  return outputs;
}

/**
 * Yᵀ (d×ny) for the row-tile products X[r0:r1]·Yᵀ, materialized once per call: tfjs's
 * `matMul(a, b, false, true)` is 10–20× slower than `matMul(a, transpose(b))` on wasm
 * (n = 1000, d = 784: 0.6–1.5 s against 0.06–0.09 s) and no faster on cpu or webgpu (measured
 * in bench/ntk.bench.ts), so every Gram product in this package multiplies by an explicit
 * transpose. The caller disposes it.
 */
export function transposeOnce(y: tf.Tensor2D): tf.Tensor2D {
  return tf.transpose(y);
}

/** Squared row norms of a float32 tensor, [n]. */
export function squaredNorms(X: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(X), 1));
}
