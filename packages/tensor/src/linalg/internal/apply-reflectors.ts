// Applies a product of Householder reflectors H_k = I − β_k v_k v_kᵀ to a matrix from the left,
// in panels of NB reflectors with the compact WY form H_k0 ⋯ H_k1−1 = I − Y·T·Yᵀ (Schreiber &
// Van Loan 1989; LAPACK dlarft/dlarfb; Golub & Van Loan 4th ed. §5.1.7), so the flops of each
// panel run in the gemm kernel.
import { gemmAcc } from './gemm.js';

const NB = 32;

/** Reflectors stored row-wise: v_k is v[k*ldv + k + shift ..] with leading 1 there. */
export interface ReflectorSet {
  v: Float64Array;
  ldv: number;
  beta: Float64Array;
  /** Reflector k acts on rows k + shift .. of the target. */
  shift: number;
  /** Length of the coordinate space (rows of the target). */
  len: number;
}

/** A row-major block Z[rows×cols] inside `data`, starting at `off`, row stride `ld`. */
export interface Block {
  data: Float64Array;
  off: number;
  ld: number;
  cols: number;
}

/**
 * Z ← H_from ⋯ H_{to−1} Z, or with `transpose`, Z ← H_{to−1} ⋯ H_from Z (= the transpose of
 * that product, each H being symmetric). Z has `set.len` rows.
 */
export function applyReflectors(
  set: ReflectorSet,
  from: number,
  to: number,
  Z: Block,
  transpose = false,
): void {
  if (to <= from || Z.cols === 0) return;
  const panels: number[] = [];
  for (let k0 = from; k0 < to; k0 += NB) panels.push(k0);
  if (!transpose) panels.reverse();
  for (const k0 of panels) applyPanel(set, k0, Math.min(to, k0 + NB), Z, transpose);
}

function applyPanel(set: ReflectorSet, k0: number, k1: number, Z: Block, transpose: boolean): void {
  const { v, ldv, beta, shift, len } = set;
  const nb = k1 - k0;
  const top = k0 + shift;
  const rows = len - top;
  if (rows <= 0) return;
  const cols = Z.cols;
  // Yt (nb×rows): row t is v_{k0+t} on rows top.., zero above its leading 1.
  const Yt = new Float64Array(nb * rows);
  for (let t = 0; t < nb; t++) {
    const src = (k0 + t) * ldv + top;
    const end = Math.min(rows, len - top);
    for (let c = t; c < end; c++) Yt[t * rows + c] = v[src + c]!;
  }
  // T upper triangular: T[t][t] = β_t, T[0:t, t] = −β_t·T[0:t, 0:t]·(Yᵀy_t)[0:t] (dlarft).
  const T = new Float64Array(nb * nb);
  const s = new Float64Array(nb);
  for (let t = 0; t < nb; t++) {
    const bt = beta[k0 + t]!;
    T[t * nb + t] = bt;
    if (bt === 0) continue;
    for (let p = 0; p < t; p++) {
      let acc = 0;
      for (let c = t; c < rows; c++) acc += Yt[p * rows + c]! * Yt[t * rows + c]!;
      s[p] = acc;
    }
    for (let p = 0; p < t; p++) {
      let acc = 0;
      for (let q = p; q < t; q++) acc += T[p * nb + q]! * s[q]!;
      T[p * nb + t] = -bt * acc;
    }
  }
  // Z_sub ← (I − Y·T·Yᵀ) Z_sub, or with Tᵀ for the transpose: W = Yᵀ Z; W2 = −T W; Z += Y W2.
  const zOff = Z.off + top * Z.ld;
  const W = new Float64Array(nb * cols);
  gemmAcc(nb, cols, rows, Yt, 0, rows, Z.data, zOff, Z.ld, W, 0, cols);
  const negT = new Float64Array(nb * nb);
  for (let p = 0; p < nb; p++) {
    for (let q = 0; q < nb; q++) negT[p * nb + q] = -(transpose ? T[q * nb + p]! : T[p * nb + q]!);
  }
  const W2 = new Float64Array(nb * cols);
  gemmAcc(nb, cols, nb, negT, 0, nb, W, 0, cols, W2, 0, cols);
  const Y = new Float64Array(rows * nb);
  for (let t = 0; t < nb; t++) {
    for (let c = t; c < rows; c++) Y[c * nb + t] = Yt[t * rows + c]!;
  }
  gemmAcc(rows, cols, nb, Y, 0, nb, W2, 0, cols, Z.data, zOff, Z.ld);
}
