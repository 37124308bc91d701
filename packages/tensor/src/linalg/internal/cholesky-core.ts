// Float64 Cholesky on a row-major copy, two implementations of one blocked algorithm (Golub &
// Van Loan, 4th ed., §4.2.9; LAPACK dpotrf):
//
// - SIMD (n ≥ SIMD_MIN_N, where WebAssembly SIMD is available): right-looking with NB-column
//   panels on a copy in WebAssembly memory whose size is padded to a multiple of 4 (the padding
//   is an identity block, so every block is whole 4×4 tiles). Each panel is factored
//   recursively as LAPACK's dpotrf2 (left half, the right half's update by the SIMD kernel,
//   right half) down to strips of SIMD_STRIP columns, which Cholesky–Crout dot products factor
//   (JavaScript, `panel` below); then the trailing lower triangle A22 −= L21·L21ᵀ (SYRK, nearly
//   all of the n³/3 flops) by the same kernel on L21 packed once into 4-row slivers, swept in
//   column chunks that stay in L2. ~18 GFLOP/s at n = 1000 and ~20 at n = 4000 on the project
//   machine (one core), against ~4 for the JavaScript path.
// - JavaScript (small n, or no SIMD): NB-column panels by Crout, the trailing update with the
//   gemm kernel; up to n = SMALL the whole matrix is one Crout panel.
//
// Both compute each entry as its input minus the same products, summed in a different order:
// results agree to rounding (backward error O(nε) either way; Higham, Accuracy and Stability,
// Thm 10.3).
import { gemmAccLower } from './gemm.js';
import { acquireWorkspace, releaseWorkspace, type SimdWorkspace } from './wasm-simd.js';

const NB = 64;
const SMALL = 300;

/**
 * From this n on the SIMD path is faster (measured: 13 µs against 16 for JavaScript at n = 48,
 * 40 against 94 at n = 96).
 */
export const SIMD_MIN_N = 48;
/** Panel width of the SIMD path (the k of the trailing SYRK). */
const SIMD_NB = 128;
/** Widest strip of a panel factored by Crout dot products (the recursion stops there). */
const SIMD_STRIP = 8;
/** Column chunk of the trailing update: 64 slivers × 4 rows × 128 doubles = 256 KiB of L2. */
const SIMD_CHUNK = 64;

/** Where the factorization broke down: the pivot index and the non-positive pivot. */
export interface PivotFailure {
  index: number;
  value: number;
}

/**
 * Overwrites the lower triangle of `a` (n×n, row-major) with L such that LLᵀ = A + jitter·I,
 * zeroing the strict upper triangle. Returns null on success or the first failing pivot (then
 * `a` holds partial results). Only the lower triangle of `a` is read.
 */
export function choleskyInPlace(a: Float64Array, n: number, jitter: number): PivotFailure | null {
  if (n >= SIMD_MIN_N) {
    const failure = choleskySimd(a, n, jitter);
    if (failure !== undefined) return failure;
  }
  return choleskyJs(a, n, jitter);
}

/** The JavaScript path (see the file comment). */
export function choleskyJs(a: Float64Array, n: number, jitter: number): PivotFailure | null {
  if (jitter !== 0) for (let i = 0; i < n; i++) a[i * n + i]! += jitter;
  // Small matrices: one panel (pure Cholesky–Crout); larger: NB-column panels plus updates.
  const nb = n <= SMALL ? n : NB;
  const packed = new Float64Array(nb === n ? 0 : nb * n);
  for (let k0 = 0; k0 < n; k0 += nb) {
    const k1 = Math.min(n, k0 + nb);
    const failure = panel(a, n, n, k0, k1);
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

/** A Cholesky factor left in WebAssembly memory by {@link factorSimd}. */
export interface SimdFactor {
  readonly ws: SimdWorkspace;
  /** n and the padded size N (a multiple of 4). */
  readonly n: number;
  readonly N: number;
  /** Row stride of L, in doubles. */
  readonly ld: number;
  /** Index (in doubles) of L[0][0], and of four free vectors of N doubles each. */
  readonly l: number;
  readonly vectors: readonly [number, number, number, number];
}

/**
 * The SIMD path (see the file comment) on a copy of the lower triangle of `a` (n×n, row-major;
 * `a` is not changed) plus jitter·I. Returns the factor, still in WebAssembly memory (release
 * its workspace when done), the failing pivot (the workspace is then released), or undefined
 * when no SIMD workspace can be had.
 */
export function factorSimd(
  a: Float64Array,
  n: number,
  jitter: number,
): SimdFactor | PivotFailure | undefined {
  const N = (n + 3) & ~3;
  // Row stride: N, or N + 4 when a row is a multiple of 4 KiB (rows would alias in the caches).
  const ld = (N * 8) % 4096 === 0 ? N + 4 : N;
  // Offset 0 stays unused: the kernels read a null offset as "no vector".
  const l = 8;
  const pack = l + ld * N;
  const vec0 = pack + N * SIMD_NB;
  const ws = acquireWorkspace(vec0 + 4 * N);
  if (ws === null) return undefined;
  const m = ws.f64.subarray(l, pack);
  for (let i = 0; i < n; i++) {
    m.set(a.subarray(i * n, i * n + i + 1), i * ld);
    m[i * ld + i]! += jitter;
  }
  for (let i = n; i < N; i++) {
    m.fill(0, i * ld, i * ld + i);
    m[i * ld + i] = 1;
  }
  for (let k0 = 0; k0 < N; k0 += SIMD_NB) {
    const k1 = Math.min(N, k0 + SIMD_NB);
    const failure = panelSimd(ws, l, ld, N, k0, k1, pack);
    if (failure) {
      releaseWorkspace(ws);
      return failure;
    }
    if (k1 < N) syrk(ws, l, ld, N, k0, k1, pack);
  }
  return { ws, n, N, ld, l, vectors: [vec0, vec0 + N, vec0 + 2 * N, vec0 + 3 * N] };
}

/** The SIMD path in place on `a` (see {@link choleskyInPlace}); undefined when unavailable. */
export function choleskySimd(
  a: Float64Array,
  n: number,
  jitter: number,
): PivotFailure | null | undefined {
  const factor = factorSimd(a, n, jitter);
  if (factor === undefined || !('ws' in factor)) return factor;
  copyLower(factor, a);
  releaseWorkspace(factor.ws);
  return null;
}

/** Copies L out of a SIMD factor into `out` (n×n row-major, strict upper triangle zeroed). */
export function copyLower(factor: SimdFactor, out: Float64Array): void {
  const { ws, n, ld, l } = factor;
  for (let i = 0; i < n; i++) {
    out.set(ws.f64.subarray(l + i * ld, l + i * ld + i + 1), i * n);
    out.fill(0, i * n + i + 1, (i + 1) * n);
  }
}

/**
 * Columns c0..c1 of L for rows c0..N (all updates from columns before c0 applied), recursively
 * (as LAPACK's dpotrf2): the left half, then the right half's update by the SIMD kernel with
 * k = the left half's width, then the right half; strips of at most SIMD_STRIP columns by Crout.
 */
function panelSimd(
  ws: SimdWorkspace,
  l: number,
  ld: number,
  N: number,
  c0: number,
  c1: number,
  pack: number,
): PivotFailure | null {
  if (c1 - c0 <= SIMD_STRIP) return panel(ws.f64.subarray(l), ld, N, c0, c1);
  const mid = c0 + (((c1 - c0) >> 1) & ~3);
  const left = panelSimd(ws, l, ld, N, c0, mid, pack);
  if (left) return left;
  // A[mid.., mid..c1) −= L[mid.., c0..mid)·L[mid..c1, c0..mid)ᵀ, lower part of the diagonal block.
  packSlivers(ws.f64, l, ld, mid, N, c0, mid, pack);
  const w = mid - c0;
  const wide = (c1 - mid) / 4;
  for (let s = 0, i = mid; i < N; s++, i += 4) {
    sweep(ws, pack, s, 0, w, (l + i * ld + mid) * 8, ld, Math.min(s + 1, wide));
  }
  return panelSimd(ws, l, ld, N, mid, c1, pack);
}

/** One row of tiles: A sliver `s` against B slivers t0, t0 + 1, … of the packed buffer. */
function sweep(
  ws: SimdWorkspace,
  pack: number,
  s: number,
  t0: number,
  w: number,
  c: number,
  ld: number,
  tiles: number,
): void {
  ws.tiles((pack + s * 4 * w) * 8, (pack + t0 * 4 * w) * 8, c, ld * 8, w, tiles);
}

/**
 * Trailing update A[k1.., k1..] −= L21·L21ᵀ on the lower triangle (whole 4×4 tiles, so a few
 * entries just above the diagonal are written too; they are never read), L21 = L[k1.., k0..k1).
 */
function syrk(
  ws: SimdWorkspace,
  l: number,
  ld: number,
  N: number,
  k0: number,
  k1: number,
  pack: number,
): void {
  const w = k1 - k0;
  packSlivers(ws.f64, l, ld, k1, N, k0, k1, pack);
  const slivers = (N - k1) / 4;
  for (let t0 = 0; t0 < slivers; t0 += SIMD_CHUNK) {
    const chunk = Math.min(SIMD_CHUNK, slivers - t0);
    for (let s = t0; s < slivers; s++) {
      const i = k1 + 4 * s;
      const tiles = Math.min(s - t0 + 1, chunk);
      sweep(ws, pack, s, t0, w, (l + i * ld + k1 + 4 * t0) * 8, ld, tiles);
    }
  }
}

/**
 * Packs rows r0..r1 (r1 − r0 a multiple of 4) of columns c0..c1 of the matrix at index l of
 * `m` into 4-row slivers at index `pack`: sliver s, step p holds the 4 entries of column c0 + p
 * in rows r0 + 4s … r0 + 4s + 3.
 */
function packSlivers(
  m: Float64Array,
  l: number,
  ld: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
  pack: number,
): void {
  const w = c1 - c0;
  let out = pack;
  for (let i = r0; i < r1; i += 4) {
    const x0 = l + i * ld + c0;
    const x1 = x0 + ld;
    const x2 = x1 + ld;
    const x3 = x2 + ld;
    for (let p = 0; p < w; p++, out += 4) {
      m[out] = m[x0 + p]!;
      m[out + 1] = m[x1 + p]!;
      m[out + 2] = m[x2 + p]!;
      m[out + 3] = m[x3 + p]!;
    }
  }
}

/**
 * Columns k0..k1−1 of L for rows k0..n−1 of a matrix with row stride ld (Cholesky–Crout
 * restricted to the panel; columns before k0 were already subtracted by trailing updates):
 * L_ij = (A_ij − Σ_{k0≤p<j} L_ip L_jp) / L_jj. Blocks of 4 rows × 2 columns keep eight
 * independent sums in flight, sharing each load.
 */
function panel(
  a: Float64Array,
  ld: number,
  n: number,
  k0: number,
  k1: number,
): PivotFailure | null {
  for (let i0 = k0; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    const jEnd = Math.min(k1, i0);
    if (rows === 4) {
      const r0 = i0 * ld;
      const r1 = r0 + ld;
      const r2 = r1 + ld;
      const r3 = r2 + ld;
      let j = k0;
      for (; j + 1 < jEnd; j += 2) {
        const ja = j * ld;
        const jb = ja + ld;
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
        const ja = j * ld;
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
        const ri = i * ld;
        for (let j = k0; j < jEnd; j++) {
          const rj = j * ld;
          let s = a[ri + j]!;
          for (let p = k0; p < j; p++) s -= a[ri + p]! * a[rj + p]!;
          a[ri + j] = s / a[rj + j]!;
        }
      }
    }
    // The rows' own triangle inside the diagonal block, with the pivots.
    if (i0 < k1) {
      for (let i = i0; i < i0 + rows; i++) {
        const ri = i * ld;
        const jLast = Math.min(i, k1 - 1);
        for (let j = i0; j <= jLast; j++) {
          const rj = j * ld;
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
