// Fused evaluation of the fully connected recursion: one pass over each tile of dot products
// instead of ~20 elementwise ops per layer. On cpu and wasm the tile is read into JavaScript
// and the recursion runs in float64 arithmetic on the float32 inputs (stored as float32); on
// webgpu it runs in one WGSL shader (fc-webgpu.ts).
import * as tf from '@tensorflow/tfjs-core';
import { fcDiagonal, fcEntry } from './fc-f64.js';
import { type FcSpec, firstLayer } from './fc-spec.js';
import { fcWebgpuContext } from './fc-webgpu.js';
import { SNAP32 } from './moments.js';

/** Prepared once per call, then evaluates tiles. */
export interface FusedContext {
  /** NNGP and NTK of rows [r0, r0 + g.rows) from their dot products g (not disposed). */
  tile(g: tf.Tensor2D, r0: number): Promise<[tf.Tensor2D, tf.Tensor2D]>;
  dispose(): void;
}

/** Whether the active backend has a fused path. */
export function fusedAvailable(): boolean {
  const name = tf.getBackend();
  return name === 'cpu' || name === 'wasm' || name === 'webgpu';
}

/**
 * sqx, sqy: squared row norms (float32, on the backend); sqy = null for K(X, X).
 * dx, dy: per-layer diagonals from the ops path (used by the shader).
 */
export async function fusedContext(
  spec: FcSpec,
  d: number,
  sqx: tf.Tensor1D,
  sqy: tf.Tensor1D | null,
  dx: readonly tf.Tensor1D[],
  dy: readonly tf.Tensor1D[],
): Promise<FusedContext> {
  if (tf.getBackend() === 'webgpu') return fcWebgpuContext(spec, d, sqx, sqy === null, dx, dy);
  const qx = await sqx.data();
  const qy = sqy === null ? qx : await sqy.data();
  // Diagonals in float64 from the float32 norms, by the same arithmetic as the entries, so
  // that identical pairs give exactly q₁q₂ − c² = 0.
  const layersX = fcDiagonal(spec, qx, d, SNAP32).layers;
  const layersY = sqy === null ? layersX : fcDiagonal(spec, qy, d, SNAP32).layers;
  const nx = qx.length;
  const ny = qy.length;
  const { sa, t0a, t0b } = firstLayer(spec, d);
  return {
    async tile(g, r0) {
      const [t, cols] = g.shape;
      const dots = (await g.data()) as Float32Array;
      const nngp = new Float32Array(t * cols);
      const ntk = new Float32Array(t * cols);
      const m = new Float64Array(3);
      const out = new Float64Array(2);
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < cols; j++) {
          const k = i * cols + j;
          // On the diagonal of K(X, X) use c = ‖x_i‖², exactly as the layer diagonals do.
          const g = sqy === null && r0 + i === j ? (qx[j] as number) : (dots[k] as number);
          fcEntry(spec, sa, t0a, t0b, g, layersX, r0 + i, nx, layersY, j, ny, SNAP32, m, out);
          nngp[k] = out[0] as number;
          ntk[k] = out[1] as number;
        }
      }
      return [tf.tensor2d(nngp, [t, cols]), tf.tensor2d(ntk, [t, cols])];
    },
    dispose() {},
  };
}
