// Shared plumbing of the tfjs (float32) paths: input upload and row tiling.
import {
  asMatrix64,
  assertFunction,
  assertInteger,
  assertOptions,
  assertSignal,
  asTensor2D,
  type Matrix64,
  resolveBudget,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { assertNormRange, type NormRange } from './norm-range.js';
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
  /**
   * Work budget of this call (default: the kernel's `budget`, else tensor's
   * DEFAULT_WORK_BUDGET, 2·10¹¹ flops and 2 GiB). The estimate (n·m entries of the result, the
   * n·m·d products) is checked before anything is uploaded or allocated.
   */
  budget?: WorkBudget;
}

/**
 * Checks the options of a tiled GPU call (an options object; maxTileElements an integer ≥ 1;
 * signal an AbortSignal; onProgress a function; budget limits ≥ 0) before any tensor exists.
 */
export function assertTileOptions(op: string, options: unknown): asserts options is GpuTileOptions {
  assertOptions(op, 'options', options, false);
  const { maxTileElements, signal, onProgress, budget } = options as GpuTileOptions;
  if (maxTileElements !== undefined) assertTileElements(op, maxTileElements);
  assertSignal(op, 'signal', signal);
  if (onProgress !== undefined) {
    assertFunction(op, 'onProgress', onProgress, 'called with the fraction of rows done');
  }
  resolveBudget(budget, op);
}

/**
 * The diagonal of rows [r0, r1) of an n×ny result as a boolean t×ny mask (entry (i, j) true
 * when r0 + i = j). A comparison of two ranges, not tf.oneHot, which needs a depth ≥ 2 and so
 * failed on K(X, X) of a single point.
 */
export function diagonalMask(r0: number, r1: number, ny: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.equal(
      tf.reshape(tf.range(r0, r1, 1, 'int32'), [r1 - r0, 1]),
      tf.reshape(tf.range(0, ny, 1, 'int32'), [1, ny]),
    ),
  ) as tf.Tensor2D;
}

export const DEFAULT_TILE_ELEMENTS = 2 ** 22;

/**
 * X and the optional Y of a kernel call as float32 tensors with equal column counts; Y
 * defaults to X. `check(nx, ny, d)` runs once the shapes are known and before any host data is
 * uploaded (the work budget). Tensors this creates are pushed onto `held` for the caller to
 * dispose.
 */
export function toTensorPair(
  op: string,
  X: TensorInput,
  Y: TensorInput | undefined,
  held: tf.Tensor[],
  check: (nx: number, ny: number, d: number) => void = () => {},
): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs = readInput(op, 'X', X, held);
  const ys = Y === undefined ? xs : readInput(op, 'Y', Y, held);
  if (Y !== undefined) assertSameCols(op, xs.cols, ys.cols);
  check(xs.rows, ys.rows, xs.cols);
  const x = upload(op, 'X', xs.input, held);
  const y = Y === undefined ? x : upload(op, 'Y', ys.input, held);
  return { x, y };
}

/** A validated input and its shape: a float32 tensor, or host data not yet uploaded. */
interface ReadInput {
  input: tf.Tensor2D | Matrix64;
  rows: number;
  cols: number;
}

function readInput(op: string, name: string, v: TensorInput, held: tf.Tensor[]): ReadInput {
  if (v instanceof tf.Tensor) {
    // Live, 2-D, non-empty; another dtype is cast (input-sized, before the budget check).
    const { tensor, owned } = asTensor2D(op, name, v);
    if (owned) held.push(tensor);
    return { input: tensor, rows: tensor.shape[0], cols: tensor.shape[1] };
  }
  const m = asMatrix64(op, name, v);
  return { input: m, rows: m.rows, cols: m.cols };
}

function upload(
  op: string,
  name: string,
  input: tf.Tensor2D | Matrix64,
  held: tf.Tensor[],
): tf.Tensor2D {
  if (input instanceof tf.Tensor) return input;
  const { tensor } = asTensor2D(op, name, input);
  held.push(tensor);
  return tensor;
}

function assertTileElements(op: string, maxTileElements: unknown): void {
  assertInteger(
    op,
    'maxTileElements',
    maxTileElements,
    { min: 1 },
    'entries per row tile, e.g. 2^22',
  );
}

export function rowsPerTile(op: string, ny: number, maxTileElements: number): number {
  assertTileElements(op, maxTileElements);
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

/**
 * One tiled GPU kernel call on float32 X and Y (the same tensor when `same`: K(X, X)), with
 * the call's tile options and the tensors it holds (disposed by the caller).
 */
export interface GramCall {
  op: string;
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  same: boolean;
  options: GpuTileOptions;
  held: tf.Tensor[];
}

/**
 * Squared row norms of the call's x and y, pushed onto `held`, read back once and checked
 * against `range` (NaN in a tensor input, or norms whose float32 arithmetic would overflow):
 * NormRangeError naming ‖X[i]‖² or ‖Y[i]‖², with `fix`.
 */
export async function checkedSquaredNorms(
  call: GramCall,
  range: NormRange,
  fix: string,
): Promise<{ sqx: tf.Tensor1D; sqy: tf.Tensor1D }> {
  const { op, x, y, held } = call;
  const sqx = squaredNorms(x);
  const sqy = call.same ? sqx : squaredNorms(y);
  held.push(sqx);
  if (sqy !== sqx) held.push(sqy);
  const check = (q: ArrayLike<number>, name: string) =>
    assertNormRange(op, q, range, (i) => `‖${name}[${i}]‖²`, fix);
  check(await sqx.data(), 'X');
  if (sqy !== sqx) check(await sqy.data(), 'Y');
  return { sqx, sqy };
}

/**
 * K = entry(‖x_i‖², ‖y_j‖², ⟨x_i, y_j⟩) by row tiles: each tile is one product X[r0:r1]·Yᵀ
 * (with Yᵀ materialized once, {@link transposeOnce}), then `entry` on the t×1 row norms, the
 * 1×ny column norms and the t×ny products (inside tf.tidy). Yᵀ and the column norms are
 * pushed onto `held`.
 */
export async function gramRowTiles(
  call: GramCall,
  norms: { sqx: tf.Tensor1D; sqy: tf.Tensor1D },
  entry: (
    rows: tf.Tensor2D,
    cols: tf.Tensor2D,
    g: tf.Tensor2D,
    r0: number,
    r1: number,
  ) => tf.Tensor,
): Promise<tf.Tensor2D> {
  const { op, x, y, options, held } = call;
  const [nx, d] = x.shape;
  const ny = y.shape[0];
  const cols = tf.reshape(norms.sqy, [1, ny]) as tf.Tensor2D;
  const yT = transposeOnce(y);
  held.push(cols, yT);
  const [K] = await tiledRows(op, nx, ny, options, (r0, r1) =>
    tf.tidy(() => {
      const t = r1 - r0;
      const rows = tf.reshape(tf.slice(norms.sqx, r0, t), [t, 1]) as tf.Tensor2D;
      const g = tf.matMul(tf.slice(x, [r0, 0], [t, d]), yT) as tf.Tensor2D;
      return [entry(rows, cols, g, r0, r1) as tf.Tensor2D];
    }),
  );
  return K as tf.Tensor2D;
}

/** Runs `body` on X as a float32 2-D tensor, then disposes the copy asTensor2D made (if any). */
export async function withTensor2D<T>(
  op: string,
  X: TensorInput,
  body: (tensor: tf.Tensor2D) => T | Promise<T>,
): Promise<T> {
  const { tensor, owned } = asTensor2D(op, 'X', X);
  try {
    return await body(tensor);
  } finally {
    if (owned) tensor.dispose();
  }
}
