// Pieces of the float64 symmetric eigensolver behind eigh and eigvalsh:
//  - blocked Householder tridiagonalization A = Q T Qᵀ (Golub & Van Loan, 4th ed., Alg. 8.3.1
//    and §8.3.1; LAPACK dsytrd/dlatrd);
//  - implicit QL with shifts on T (EISPACK tql2; Bowdler, Martin, Reinsch & Wilkinson 1968,
//    via the JAMA port), used for eigenvalues alone and for the small leaves of divide and
//    conquer. Its plane rotations are recorded and applied to the rows of Z in cache-sized
//    blocks: a rotation mixes two adjacent entries of a row, so a QL sweep is one pass over a
//    row held in L1.
import { OverparamError } from '../../errors/overparam-error.js';
import { gemmAcc } from './gemm.js';
import { house } from './householder.js';

/** √(a² + b²) without overflow or underflow. */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  const big = Math.max(x, y);
  if (big === 0) return 0;
  const small = Math.min(x, y);
  const q = small / big;
  return big * Math.sqrt(1 + q * q);
}

export interface Tridiagonal {
  /** Diagonal of T. */
  d: Float64Array;
  /** e[k] = T[k][k+1] for k < n−1; e[n−1] = 0. */
  e: Float64Array;
  /** β of each reflector H_k = I − β v vᵀ (v stored in row k of the work matrix). */
  beta: Float64Array;
}

/**
 * Reduces the symmetric n×n matrix in `a` (row-major; only the upper triangle is read) to
 * tridiagonal form, blocked as LAPACK dsytrd/dlatrd: within a panel of NB columns each
 * reflector needs a symmetric matrix-vector product with the not-yet-updated trailing matrix
 * plus panel corrections, and the panel's rank-2NB update A −= VWᵀ + WVᵀ is applied at the end
 * with the gemm kernel. Row-major upper storage is LAPACK's column-major lower storage, so every
 * vector below is a contiguous row segment. On return row k of `a` holds the reflector v_k in
 * columns k+1..n−1 (v_k[k+1] = 1).
 */
export function tridiagonalize(a: Float64Array, n: number): Tridiagonal {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const beta = new Float64Array(n);
  const NB = 32;
  const Wt = new Float64Array(NB * n);
  const y = new Float64Array(n);
  const dots = new Float64Array(2 * NB);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    Wt.fill(0);
    for (let i = k0; i < k1; i++) {
      const ri = i * n;
      // Bring row i (columns i..n−1) up to date with the panel's pending updates.
      for (let p = k0; p < i; p++) {
        const rp = p * n;
        const wp = (p - k0) * n;
        const vpi = a[rp + i]!;
        const wpi = Wt[wp + i]!;
        for (let c = i; c < n; c++) a[ri + c]! -= vpi * Wt[wp + c]! + wpi * a[rp + c]!;
      }
      d[i] = a[ri + i]!;
      if (i >= n - 1) break;
      const b = houseRow(a, n, i, e);
      beta[i] = b;
      if (b === 0) continue;
      const s0 = i + 1;
      // y = A22·v with A22 the stale trailing block (upper storage, symmetric matvec).
      symvUpper(a, n, s0, ri, y);
      // Panel corrections: y −= V(Wᵀv) + W(Vᵀv).
      const t = i - k0;
      for (let p = 0; p < t; p++) {
        const rp = (k0 + p) * n;
        const wp = p * n;
        let wv = 0;
        let vv = 0;
        for (let c = s0; c < n; c++) {
          const vc = a[ri + c]!;
          wv += Wt[wp + c]! * vc;
          vv += a[rp + c]! * vc;
        }
        dots[2 * p] = wv;
        dots[2 * p + 1] = vv;
      }
      for (let p = 0; p < t; p++) {
        const rp = (k0 + p) * n;
        const wp = p * n;
        const wv = dots[2 * p]!;
        const vv = dots[2 * p + 1]!;
        for (let c = s0; c < n; c++) y[c]! -= a[rp + c]! * wv + Wt[wp + c]! * vv;
      }
      // w = βy − (β/2)(βyᵀv) v  (GVL Alg. 8.3.1).
      let yv = 0;
      for (let c = s0; c < n; c++) yv += y[c]! * a[ri + c]!;
      const K = -0.5 * b * b * yv;
      const wt = t * n;
      for (let c = s0; c < n; c++) Wt[wt + c] = b * y[c]! + K * a[ri + c]!;
    }
    // Trailing update of the upper triangle: A[k1:, k1:] −= V Wᵀ + W Vᵀ.
    const m = n - k1;
    if (m <= 0) continue;
    const nb = k1 - k0;
    const left = new Float64Array(m * 2 * nb); // [−V  −W]  (m × 2nb)
    const right = new Float64Array(2 * nb * m); // [Wᵀ; Vᵀ] (2nb × m)
    for (let p = 0; p < nb; p++) {
      const rp = (k0 + p) * n + k1;
      const wp = p * n + k1;
      for (let r = 0; r < m; r++) {
        const v = a[rp + r]!;
        const w = Wt[wp + r]!;
        left[r * 2 * nb + p] = -v;
        left[r * 2 * nb + nb + p] = -w;
        right[p * m + r] = w;
        right[(nb + p) * m + r] = v;
      }
    }
    gemmAccUpper(m, 2 * nb, left, 2 * nb, right, m, a, k1 * n + k1, n);
  }
  return { d, e, beta };
}

/**
 * y[s..n−1] = A[s:, s:]·x for symmetric A stored in the upper triangle of `a` (row-major) and
 * x = a[xOff + s .. xOff + n−1]. Four rows per pass: each loaded a[r][c] feeds both the dot
 * product of row r and the update of y[c], and four rows give four independent sums.
 */
function symvUpper(a: Float64Array, n: number, s: number, xOff: number, y: Float64Array): void {
  y.fill(0, s, n);
  let r = s;
  for (; r + 3 < n; r += 4) {
    const r0 = r * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const x0 = a[xOff + r]!;
    const x1 = a[xOff + r + 1]!;
    const x2 = a[xOff + r + 2]!;
    const x3 = a[xOff + r + 3]!;
    const a00 = a[r0 + r]!;
    const a01 = a[r0 + r + 1]!;
    const a02 = a[r0 + r + 2]!;
    const a03 = a[r0 + r + 3]!;
    const a11 = a[r1 + r + 1]!;
    const a12 = a[r1 + r + 2]!;
    const a13 = a[r1 + r + 3]!;
    const a22 = a[r2 + r + 2]!;
    const a23 = a[r2 + r + 3]!;
    const a33 = a[r3 + r + 3]!;
    let s0 = a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
    let s1 = a01 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
    let s2 = a02 * x0 + a12 * x1 + a22 * x2 + a23 * x3;
    let s3 = a03 * x0 + a13 * x1 + a23 * x2 + a33 * x3;
    for (let c = r + 4; c < n; c++) {
      const p0 = a[r0 + c]!;
      const p1 = a[r1 + c]!;
      const p2 = a[r2 + c]!;
      const p3 = a[r3 + c]!;
      const xc = a[xOff + c]!;
      s0 += p0 * xc;
      s1 += p1 * xc;
      s2 += p2 * xc;
      s3 += p3 * xc;
      y[c]! += p0 * x0 + p1 * x1 + p2 * x2 + p3 * x3;
    }
    y[r]! += s0;
    y[r + 1]! += s1;
    y[r + 2]! += s2;
    y[r + 3]! += s3;
  }
  for (; r < n; r++) {
    const rr = r * n;
    const xr = a[xOff + r]!;
    let acc = a[rr + r]! * xr;
    for (let c = r + 1; c < n; c++) {
      const arc = a[rr + c]!;
      acc += arc * a[xOff + c]!;
      y[c]! += arc * xr;
    }
    y[r]! += acc;
  }
}

// Reflector of row k (columns k+1..n−1), stored in place; sets e[k] = μ and returns β.
function houseRow(a: Float64Array, n: number, k: number, e: Float64Array): number {
  const h = house(a, k * n + k + 1, n - k - 1);
  e[k] = h.mu;
  return h.beta;
}

// Upper triangle (and a sliver below it near the diagonal) of C[m×m] += A[m×k]·B[k×m].
function gemmAccUpper(
  m: number,
  k: number,
  A: Float64Array,
  lda: number,
  B: Float64Array,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const strip = 64;
  for (let i0 = 0; i0 < m; i0 += strip) {
    const rows = Math.min(strip, m - i0);
    gemmAcc(rows, m - i0, k, A, i0 * lda, lda, B, i0, ldb, C, cOff + i0 * ldc + i0, ldc);
  }
}

/**
 * Buffered QL rotations. A sweep over rows l..m records (c, s) for i = m−1 down to l; flush()
 * applies the buffered sweeps, in order, to every row of z (n×n): rotation i mixes columns i
 * and i+1 exactly as tql2's accumulation loop does.
 */
class RotationBuffer {
  private readonly cs: Float64Array;
  private readonly sweeps: number[] = [];
  private used = 0;
  constructor(
    private readonly z: Float64Array,
    private readonly n: number,
  ) {
    this.cs = new Float64Array(Math.max(2 * n * 64, 1024));
  }
  /** Offset at which to write a sweep of `len` rotations (flushing first if full). */
  reserve(l: number, m: number): number {
    const len = 2 * (m - l);
    if (this.used + len > this.cs.length) this.flush();
    const off = this.used;
    this.sweeps.push(l, m, off);
    this.used += len;
    return off;
  }
  get buffer(): Float64Array {
    return this.cs;
  }
  flush(): void {
    const { z, n, cs, sweeps } = this;
    const ROWS = 16;
    for (let r0 = 0; r0 < n; r0 += ROWS) {
      const r1 = Math.min(n, r0 + ROWS);
      for (let t = 0; t < sweeps.length; t += 3) {
        const l = sweeps[t]!;
        const m = sweeps[t + 1]!;
        const off = sweeps[t + 2]!;
        let r = r0;
        // Four rows at a time: four independent recurrences hide the latency of the carried
        // value, and the loads of c and s are shared.
        for (; r + 3 < r1; r += 4) {
          const ra = r * n;
          const rb = ra + n;
          const rc = rb + n;
          const rd = rc + n;
          let ca = z[ra + m]!;
          let cb = z[rb + m]!;
          let cc = z[rc + m]!;
          let cd = z[rd + m]!;
          let o = off;
          for (let i = m - 1; i >= l; i--) {
            const c = cs[o]!;
            const s = cs[o + 1]!;
            o += 2;
            const xa = z[ra + i]!;
            const xb = z[rb + i]!;
            const xc = z[rc + i]!;
            const xd = z[rd + i]!;
            z[ra + i + 1] = s * xa + c * ca;
            z[rb + i + 1] = s * xb + c * cb;
            z[rc + i + 1] = s * xc + c * cc;
            z[rd + i + 1] = s * xd + c * cd;
            ca = c * xa - s * ca;
            cb = c * xb - s * cb;
            cc = c * xc - s * cc;
            cd = c * xd - s * cd;
          }
          z[ra + l] = ca;
          z[rb + l] = cb;
          z[rc + l] = cc;
          z[rd + l] = cd;
        }
        for (; r < r1; r++) {
          const ra = r * n;
          let ca = z[ra + m]!;
          let o = off;
          for (let i = m - 1; i >= l; i--) {
            const c = cs[o]!;
            const s = cs[o + 1]!;
            o += 2;
            const xa = z[ra + i]!;
            z[ra + i + 1] = s * xa + c * ca;
            ca = c * xa - s * ca;
          }
          z[ra + l] = ca;
        }
      }
    }
    this.sweeps.length = 0;
    this.used = 0;
  }
}

/** Thrown by {@link tridiagonalQl} when QL has not converged (never seen in practice). */
export class QlNoConvergence extends OverparamError {
  override readonly name = 'QlNoConvergence';
  constructor(readonly index: number) {
    super(
      `implicit QL did not converge for eigenvalue ${index} in 60 iterations; please report the ` +
        'matrix (it is finite and symmetric, so this is a bug)',
    );
  }
}

/**
 * Eigenvalues of the symmetric tridiagonal (d, e) by implicit QL (EISPACK tql2), in place in
 * d; e is destroyed. When `z` (n×n, row-major) is given, its columns are rotated as the
 * eigenvectors of T are accumulated: pass Q to get the eigenvectors of A = Q T Qᵀ. Not sorted.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, z: Float64Array | null): void {
  const n = d.length;
  const rot = z ? new RotationBuffer(z, n) : null;
  const eps = 2 ** -52;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new QlNoConvergence(l);
        // Shift from the leading 2×2 block (Wilkinson), applied implicitly.
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot2(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        const off = rot ? rot.reserve(l, m) : 0;
        const cs = rot ? rot.buffer : null;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot2(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          if (cs) {
            const o = off + 2 * (m - 1 - i);
            cs[o] = c;
            cs[o + 1] = s;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  rot?.flush();
}
