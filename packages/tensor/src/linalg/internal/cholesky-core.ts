// Blocked right-looking Cholesky on a row-major copy (Golub & Van Loan, 4th ed., §4.2.9;
// LAPACK dpotrf). Per panel of NB columns: factor the diagonal block and the rows below it
// with row-oriented dot products (contiguous in row-major), then apply the rank-NB update to
// the lower triangle of the trailing matrix with the gemm kernel, which carries ~95% of the
// n³/3 flops.
import { gemmAccLower } from './gemm.js';

const NB = 64;

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
  const panel = new Float64Array(NB * n);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    // Diagonal block and the panel below it: L_ij = (A_ij − Σ_{k0≤p<j} L_ip L_jp) / L_jj; the
    // columns before k0 were already subtracted by earlier trailing updates.
    for (let i = k0; i < n; i++) {
      const ri = i * n;
      const jEnd = Math.min(i, k1 - 1);
      for (let j = k0; j <= jEnd; j++) {
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
    const m = n - k1;
    if (m === 0) break;
    const w = k1 - k0;
    // Trailing update A22 −= L21·L21ᵀ on the lower triangle: pack −L21ᵀ (w×m) so the
    // kernel's innermost loop streams contiguous rows.
    for (let r = 0; r < m; r++) {
      const src = (k1 + r) * n + k0;
      for (let p = 0; p < w; p++) panel[p * m + r] = -a[src + p]!;
    }
    gemmAccLower(m, w, a, k1 * n + k0, n, panel, 0, m, a, k1 * n + k1, n);
  }
  for (let i = 0; i < n; i++) a.fill(0, i * n + i + 1, (i + 1) * n);
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
