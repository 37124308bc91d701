// Blocked right-looking Cholesky on a row-major copy (Golub & Van Loan, 4th ed., §4.2.9;
// LAPACK dpotrf). Per panel of NB columns: the diagonal block and the rows below it by
// Cholesky–Crout dot products along contiguous rows (4 rows × 2 columns at a time), then the
// rank-NB update of the trailing lower triangle with the gemm kernel, which carries most of
// the n³/3 flops. Up to n = SMALL the whole matrix is one Crout panel: at that size the
// register-blocked dot products beat splitting the work.
import { gemmAccLower } from './gemm.js';

const NB = 64;
const SMALL = 300;

/** Where the factorization broke down: the pivot index and the non-positive pivot. */
export interface PivotFailure {
  index: number;
  value: number;
}

/**
 * Overwrites the lower triangle of `a` (n×n, row-major) with L such that LLᵀ = A + jitter·I,
 * zeroing the strict upper triangle. Returns null on success or the first failing pivot.
 */
export function choleskyInPlace(a: Float64Array, n: number, jitter: number): PivotFailure | null {
  if (jitter !== 0) for (let i = 0; i < n; i++) a[i * n + i]! += jitter;
  // Small matrices: one panel (pure Cholesky–Crout); larger: NB-column panels plus updates.
  const nb = n <= SMALL ? n : NB;
  const packed = new Float64Array(nb === n ? 0 : nb * n);
  for (let k0 = 0; k0 < n; k0 += nb) {
    const k1 = Math.min(n, k0 + nb);
    const failure = panel(a, n, k0, k1);
    if (failure) return failure;
    const m = n - k1;
    if (m === 0) break;
    const w = k1 - k0;
    // Trailing update A22 −= L21·L21ᵀ on the lower triangle: pack −L21ᵀ (w×m) so the
    // kernel's innermost loop streams contiguous rows.
    for (let r = 0; r < m; r++) {
      const src = (k1 + r) * n + k0;
      for (let p = 0; p < w; p++) packed[p * m + r] = -a[src + p]!;
    }
    gemmAccLower(m, w, a, k1 * n + k0, n, packed, 0, m, a, k1 * n + k1, n);
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
  return null;
}

/**
 * Columns k0..k1−1 of L for rows k0..n−1 (Cholesky–Crout restricted to the panel; columns
 * before k0 were already subtracted by trailing updates): L_ij = (A_ij − Σ_{k0≤p<j} L_ip L_jp)
 * / L_jj. Blocks of 4 rows × 2 columns keep eight independent sums in flight, sharing each load.
 */
function panel(a: Float64Array, n: number, k0: number, k1: number): PivotFailure | null {
  for (let i0 = k0; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    const jEnd = Math.min(k1, i0);
    if (rows === 4) {
      const r0 = i0 * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let j = k0;
      for (; j + 1 < jEnd; j += 2) {
        const ja = j * n;
        const jb = ja + n;
        let s00 = a[r0 + j]!;
        let s10 = a[r1 + j]!;
        let s20 = a[r2 + j]!;
        let s30 = a[r3 + j]!;
        let s01 = a[r0 + j + 1]!;
        let s11 = a[r1 + j + 1]!;
        let s21 = a[r2 + j + 1]!;
        let s31 = a[r3 + j + 1]!;
        for (let p = k0; p < j; p++) {
          const la = a[ja + p]!;
          const lb = a[jb + p]!;
          const x0 = a[r0 + p]!;
          const x1 = a[r1 + p]!;
          const x2 = a[r2 + p]!;
          const x3 = a[r3 + p]!;
          s00 -= x0 * la;
          s10 -= x1 * la;
          s20 -= x2 * la;
          s30 -= x3 * la;
          s01 -= x0 * lb;
          s11 -= x1 * lb;
          s21 -= x2 * lb;
          s31 -= x3 * lb;
        }
        const da = 1 / a[ja + j]!;
        s00 *= da;
        s10 *= da;
        s20 *= da;
        s30 *= da;
        a[r0 + j] = s00;
        a[r1 + j] = s10;
        a[r2 + j] = s20;
        a[r3 + j] = s30;
        // Column j+1 also needs the p = j term, with the entries just computed.
        const lbj = a[jb + j]!;
        const db = 1 / a[jb + j + 1]!;
        a[r0 + j + 1] = (s01 - s00 * lbj) * db;
        a[r1 + j + 1] = (s11 - s10 * lbj) * db;
        a[r2 + j + 1] = (s21 - s20 * lbj) * db;
        a[r3 + j + 1] = (s31 - s30 * lbj) * db;
      }
      for (; j < jEnd; j++) {
        const ja = j * n;
        let s0 = a[r0 + j]!;
        let s1 = a[r1 + j]!;
        let s2 = a[r2 + j]!;
        let s3 = a[r3 + j]!;
        for (let p = k0; p < j; p++) {
          const l = a[ja + p]!;
          s0 -= a[r0 + p]! * l;
          s1 -= a[r1 + p]! * l;
          s2 -= a[r2 + p]! * l;
          s3 -= a[r3 + p]! * l;
        }
        const d = 1 / a[ja + j]!;
        a[r0 + j] = s0 * d;
        a[r1 + j] = s1 * d;
        a[r2 + j] = s2 * d;
        a[r3 + j] = s3 * d;
      }
    } else {
      for (let i = i0; i < i0 + rows; i++) {
        const ri = i * n;
        for (let j = k0; j < jEnd; j++) {
          const rj = j * n;
          let s = a[ri + j]!;
          for (let p = k0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
          a[ri + j] = s / a[rj + j]!;
        }
      }
    }
    // The rows' own triangle inside the diagonal block, with the pivots.
    if (i0 < k1) {
      for (let i = i0; i < i0 + rows; i++) {
        const ri = i * n;
        const jLast = Math.min(i, k1 - 1);
        for (let j = i0; j <= jLast; j++) {
          const rj = j * n;
          let s = a[ri + j]!;
          for (let p = k0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
          if (j === i) {
            if (!(s > 0)) return { index: i, value: s };
            a[ri + i] = Math.sqrt(s);
          } else {
            a[ri + j] = s / a[rj + j]!;
          }
        }
      }
    }
  }
  return null;
}

/** Mean of the diagonal of a square row-major matrix (the scale for jitter). */
export function meanDiagonal(a: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(a[i * n + i]!);
  return n > 0 ? s / n : 0;
}

/** The jitter to suggest after a failure: 10× the one that failed, or 1e-10 · mean diagonal. */
export function suggestJitter(a: Float64Array, n: number, jitter: number): number {
  const scale = meanDiagonal(a, n) || 1;
  return Math.max(10 * jitter, 1e-10 * scale);
}
