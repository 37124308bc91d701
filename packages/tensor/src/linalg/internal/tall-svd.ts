// The SVD of any matrix through a tall one: A (m×n) or its transpose, with a QR step first when
// the matrix is much taller than wide (Chan, "An improved algorithm for computing the singular
// value decomposition", TOMS 1982; LAPACK dgesvd's crossover), so bidiagonalization works on
// the n×n factor R.
import type { ReflectorSet } from './apply-reflectors.js';
import { applyReflectors } from './apply-reflectors.js';
import { gemmAcc } from './gemm.js';
import { householderQr } from './householder-qr.js';
import { scaleIntoRange } from './scale.js';
import { svdTall } from './svd-core.js';

/** Tall factorization T = Q·[U_R; 0]·diag(s)·Vᵀ, T = A (m ≥ n) or Aᵀ. */
export interface TallFactor {
  /** Whether T = Aᵀ. */
  transposed: boolean;
  /** Rows and columns of T (rows ≥ cols). */
  rows: number;
  cols: number;
  s: Float64Array;
  /** cols×cols right singular vectors of T. */
  v: Float64Array;
  /** Left singular vectors: rows×cols when q is null, else cols×cols (U_R). */
  u: Float64Array;
  /** Householder reflectors of the QR step, or null when T was bidiagonalized directly. */
  q: ReflectorSet | null;
}

const QR_RATIO = 1.5;

export function tallFactor(data: Float64Array, m: number, n: number): TallFactor {
  const transposed = m < n;
  const rows = transposed ? n : m;
  const cols = transposed ? m : n;
  const t = new Float64Array(rows * cols);
  if (transposed) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = data[i * n + j]!;
  } else {
    t.set(data);
  }
  const scale = scaleIntoRange(t);
  if (cols === 0) {
    return { transposed, rows, cols, s: new Float64Array(0), v: t.subarray(0, 0), u: t, q: null };
  }
  if (rows >= QR_RATIO * cols) {
    const q = householderQr(t, rows, cols);
    const r = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) {
      for (let j = i; j < cols; j++) r[i * cols + j] = t[i * cols + j]!;
    }
    const { s, u, v } = svdTall(r, cols, cols, true);
    if (scale !== 1) for (let i = 0; i < cols; i++) s[i]! *= scale;
    return { transposed, rows, cols, s, v, u: u!, q };
  }
  const { s, u, v } = svdTall(t, rows, cols, true);
  if (scale !== 1) for (let i = 0; i < cols; i++) s[i]! *= scale;
  return { transposed, rows, cols, s, v, u: u!, q: null };
}

/** Left singular vectors of T as an explicit rows×cols matrix (forms Q·[U_R; 0] if needed). */
export function explicitU(f: TallFactor): Float64Array {
  if (!f.q) return f.u;
  const out = new Float64Array(f.rows * f.cols);
  out.set(f.u);
  applyReflectors(f.q, 0, f.cols, { data: out, off: 0, ld: f.cols, cols: f.cols });
  return out;
}

/** Uᵀ·X for X rows×k (rows of T), without forming U when T went through QR. */
export function applyUt(f: TallFactor, X: Float64Array, k: number): Float64Array {
  const { rows, cols } = f;
  let top = X;
  const U = f.u;
  if (f.q) {
    const c = Float64Array.from(X);
    applyReflectors(f.q, 0, cols, { data: c, off: 0, ld: k, cols: k }, true);
    top = c.subarray(0, cols * k);
  }
  const uRows = f.q ? cols : rows;
  const Ut = new Float64Array(cols * uRows);
  for (let i = 0; i < uRows; i++) {
    for (let j = 0; j < cols; j++) Ut[j * uRows + i] = U[i * cols + j]!;
  }
  const out = new Float64Array(cols * k);
  gemmAcc(cols, k, uRows, Ut, 0, uRows, top, 0, k, out, 0, k);
  return out;
}

/** U·Y for Y cols×k, returning rows×k, without forming U when T went through QR. */
export function applyU(f: TallFactor, Y: Float64Array, k: number): Float64Array {
  const { rows, cols } = f;
  const uRows = f.q ? cols : rows;
  const out = new Float64Array(rows * k);
  gemmAcc(uRows, k, cols, f.u, 0, cols, Y, 0, k, out, 0, k);
  if (f.q) applyReflectors(f.q, 0, cols, { data: out, off: 0, ld: k, cols: k });
  return out;
}
