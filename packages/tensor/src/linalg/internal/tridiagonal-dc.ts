// Divide and conquer for the symmetric tridiagonal eigenproblem (Cuppen 1981; Gu & Eisenstat,
// SIAM J. Matrix Anal. Appl. 16 (1995) 172–191; LAPACK dstedc/dlaed0–dlaed4), float64.
//
// T = diag(T₁, T₂) + ρ·u·uᵀ with u = [e_last; sign(β)·e_first], ρ = |β|: solve both halves
// recursively, deflate, solve the secular equation 1 + ρ Σ z_i²/(d_i − λ) = 0 for the rest,
// recompute z from the computed roots (Gu–Eisenstat, which keeps the eigenvectors orthogonal
// to working precision), and multiply the two halves' eigenvectors by the small eigenvector
// matrix with the gemm kernel, skipping the zero blocks. Most flops land in that kernel.
import { gemmAcc } from './gemm.js';
import { tridiagonalQl } from './symmetric-eigen.js';

const LEAF = 32;
const EPS = 2 ** -52;
const TOP = 0;
const DENSE = 1;
const BOTTOM = 2;

interface EigenBlock {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Eigenvectors as columns of a K×K row-major matrix. */
  vectors: Float64Array;
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns of the n×n row-major result) of the
 * symmetric tridiagonal matrix with diagonal d and off-diagonal e (e[i] = T[i][i+1]).
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array): EigenBlock {
  const n = d.length;
  // Scale to unit max-norm so no intermediate overflows or underflows (as dstedc does).
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]!), Math.abs(e[i] ?? 0));
  if (scale === 0) scale = 1;
  const dd = new Float64Array(n);
  const ee = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    dd[i] = d[i]! / scale;
    ee[i] = i < n - 1 ? e[i]! / scale : 0;
  }
  const out = solve(dd, ee, 0, n);
  for (let i = 0; i < n; i++) out.values[i]! *= scale;
  return out;
}

function solve(d: Float64Array, e: Float64Array, lo: number, hi: number): EigenBlock {
  const K = hi - lo;
  if (K <= LEAF) return leaf(d, e, lo, hi);
  const n1 = K >> 1;
  const mid = lo + n1;
  const beta = e[mid - 1]!;
  const rho = Math.abs(beta);
  d[mid - 1]! -= rho;
  d[mid]! -= rho;
  const left = solve(d, e, lo, mid);
  const right = solve(d, e, mid, hi);
  const n2 = K - n1;
  const values = new Float64Array(K);
  values.set(left.values, 0);
  values.set(right.values, n1);
  const z = new Float64Array(K);
  const Q = new Float64Array(K * K);
  for (let i = 0; i < n1; i++) Q.set(left.vectors.subarray(i * n1, (i + 1) * n1), i * K);
  for (let i = 0; i < n2; i++)
    Q.set(right.vectors.subarray(i * n2, (i + 1) * n2), (n1 + i) * K + n1);
  // z = Qᵀu: the last row of Q₁ and sign(β) times the first row of Q₂.
  z.set(left.vectors.subarray((n1 - 1) * n1, n1 * n1), 0);
  const sgn = beta >= 0 ? 1 : -1;
  for (let j = 0; j < n2; j++) z[n1 + j] = sgn * right.vectors[j]!;
  return rankOneUpdate(values, z, rho, Q, K, n1);
}

function leaf(d: Float64Array, e: Float64Array, lo: number, hi: number): EigenBlock {
  const K = hi - lo;
  const dd = d.slice(lo, hi);
  const ee = new Float64Array(K);
  for (let i = 0; i < K - 1; i++) ee[i] = e[lo + i]!;
  const z = new Float64Array(K * K);
  for (let i = 0; i < K; i++) z[i * K + i] = 1;
  tridiagonalQl(dd, ee, z);
  const order = argsort(dd);
  const values = new Float64Array(K);
  const vectors = new Float64Array(K * K);
  for (let j = 0; j < K; j++) values[j] = dd[order[j]!]!;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) vectors[i * K + j] = z[i * K + order[j]!]!;
  }
  return { values, vectors };
}

function argsort(x: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: x.length }, (_, i) => i);
  return idx.sort((i, j) => x[i]! - x[j]!);
}

/**
 * Eigen-decomposition of Q·(D + ρzzᵀ)·Qᵀ given D (two ascending halves), z, ρ ≥ 0 and the
 * block-diagonal Q (K×K, blocks n1 and K − n1). Deflation follows dlaed2, the vectors dlaed3.
 */
function rankOneUpdate(
  dIn: Float64Array,
  zIn: Float64Array,
  rhoIn: number,
  Q: Float64Array,
  K: number,
  n1: number,
): EigenBlock {
  // ‖z‖ = √2 (a row of each orthogonal half); normalize so ‖z‖ = 1.
  const rho = 2 * rhoIn;
  const order = argsort(dIn);
  const ds = new Float64Array(K);
  const zs = new Float64Array(K);
  const col = new Int32Array(K);
  const type = new Uint8Array(K);
  let dmax = 0;
  let zmax = 0;
  for (let p = 0; p < K; p++) {
    const o = order[p]!;
    ds[p] = dIn[o]!;
    zs[p] = zIn[o]! * Math.SQRT1_2;
    col[p] = o;
    type[p] = o < n1 ? TOP : BOTTOM;
    dmax = Math.max(dmax, Math.abs(ds[p]!));
    zmax = Math.max(zmax, Math.abs(zs[p]!));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  const deflated: number[] = [];
  const kept: number[] = [];
  if (rho * zmax <= tol) {
    for (let p = 0; p < K; p++) deflated.push(p);
  } else {
    let prev = -1;
    for (let p = 0; p < K; p++) {
      if (rho * Math.abs(zs[p]!) <= tol) {
        deflated.push(p);
        continue;
      }
      if (prev < 0) {
        prev = p;
        continue;
      }
      // Two close poles: a rotation zeroes z[prev]; deflate it if the off-diagonal it leaves
      // behind, (d_p − d_prev)·c·s, is below tol (dlaed2).
      let s = zs[prev]!;
      let c = zs[p]!;
      const tau = Math.hypot(c, s);
      const t = ds[p]! - ds[prev]!;
      c /= tau;
      s = -s / tau;
      if (Math.abs(t * c * s) <= tol) {
        zs[p] = tau;
        zs[prev] = 0;
        const ca = col[prev]!;
        const cb = col[p]!;
        for (let r = 0; r < K; r++) {
          const x = Q[r * K + ca]!;
          const y = Q[r * K + cb]!;
          Q[r * K + ca] = c * x + s * y;
          Q[r * K + cb] = c * y - s * x;
        }
        const dp = ds[prev]!;
        const dq = ds[p]!;
        ds[prev] = dp * c * c + dq * s * s;
        ds[p] = dp * s * s + dq * c * c;
        if (type[prev] !== type[p]) type[p] = DENSE;
        type[prev] = DENSE;
        deflated.push(prev);
      } else {
        kept.push(prev);
      }
      prev = p;
    }
    if (prev >= 0) kept.push(prev);
  }
  const k = kept.length;
  const dl = new Float64Array(k);
  const w = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    dl[i] = ds[kept[i]!]!;
    w[i] = zs[kept[i]!]!;
  }
  const lambda = new Float64Array(k);
  // deltaT[j*k + i] = dl_i − λ_j, accurate to the last bit near the pole.
  const deltaT = new Float64Array(k * k);
  secularRoots(dl, w, rho, lambda, deltaT);
  // Gu–Eisenstat: ẑ_i² = Π_j (λ_j − d_i) / (ρ Π_{j≠i} (d_j − d_i)), as a product of ratios.
  const zh = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let prod = deltaT[i * k + i]!;
    const di = dl[i]!;
    for (let j = 0; j < k; j++) {
      if (j !== i) prod *= deltaT[j * k + i]! / (di - dl[j]!);
    }
    const mag = Math.sqrt(Math.max(-prod, 0));
    zh[i] = w[i]! >= 0 ? mag : -mag;
  }
  // Column j of U is ẑ_i/(d_i − λ_j), normalized. Rows ordered by type (TOP, DENSE, BOTTOM).
  const perm = Int32Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => type[kept[a]!]! - type[kept[b]!]! || a - b,
  );
  let nTop = 0;
  let nBottom = 0;
  for (let i = 0; i < k; i++) {
    const t = type[kept[i]!]!;
    if (t === TOP) nTop++;
    else if (t === BOTTOM) nBottom++;
  }
  const U = new Float64Array(k * k);
  const inv = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    const base = j * k;
    for (let i = 0; i < k; i++) {
      const u = zh[i]! / deltaT[base + i]!;
      s += u * u;
    }
    inv[j] = 1 / Math.sqrt(s);
  }
  for (let t = 0; t < k; t++) {
    const i = perm[t]!;
    const zi = zh[i]!;
    const row = t * k;
    for (let j = 0; j < k; j++) U[row + j] = (zi / deltaT[j * k + i]!) * inv[j]!;
  }
  // Packed Q columns in the same order, then R = Qp·U block by block: the TOP columns vanish
  // below row n1 and the BOTTOM ones above it.
  const Qp = new Float64Array(K * k);
  for (let r = 0; r < K; r++) {
    const src = r * K;
    const dst = r * k;
    for (let t = 0; t < k; t++) Qp[dst + t] = Q[src + col[kept[perm[t]!]!]!]!;
  }
  const R = new Float64Array(K * k);
  const nUpper = k - nBottom;
  if (n1 > 0 && nUpper > 0) gemmAcc(n1, k, nUpper, Qp, 0, k, U, 0, k, R, 0, k);
  const nLower = k - nTop;
  if (K - n1 > 0 && nLower > 0) {
    gemmAcc(K - n1, k, nLower, Qp, n1 * k + nTop, k, U, nTop * k, k, R, n1 * k, k);
  }
  // Merge the kept (λ, R column) and deflated (d, Q column) pairs in ascending order.
  const total = k + deflated.length;
  const allValues = new Float64Array(total);
  const source = new Int32Array(total); // ≥ 0: column of R; < 0: −1 − column of Q
  for (let j = 0; j < k; j++) {
    allValues[j] = lambda[j]!;
    source[j] = j;
  }
  for (let t = 0; t < deflated.length; t++) {
    const p = deflated[t]!;
    allValues[k + t] = ds[p]!;
    source[k + t] = -1 - col[p]!;
  }
  const finalOrder = argsort(allValues);
  const values = new Float64Array(K);
  const vectors = new Float64Array(K * K);
  for (let c = 0; c < K; c++) values[c] = allValues[finalOrder[c]!]!;
  for (let r = 0; r < K; r++) {
    const rr = r * k;
    const rq = r * K;
    for (let c = 0; c < K; c++) {
      const s = source[finalOrder[c]!]!;
      vectors[rq + c] = s >= 0 ? R[rr + s]! : Q[rq - 1 - s]!;
    }
  }
  return { values, vectors };
}

/**
 * Roots λ_0 < … < λ_{k−1} of f(λ) = 1 + ρ Σ w_i²/(d_i − λ) (d strictly ascending, w_i ≠ 0,
 * ρ > 0) with d_j < λ_j < d_{j+1} (the last below d_{k−1} + ρ‖w‖²), and deltaT[j*k+i] = d_i − λ_j.
 * Each root is computed relative to its nearer pole, so d_i − λ_j keeps full relative
 * accuracy, by a safeguarded two-pole rational model (fitting value and slope at the iterate,
 * as in Bunch, Nielsen & Sorensen 1978 and Li's "middle way", LAPACK dlaed4) kept inside a
 * bisection bracket.
 */
function secularRoots(
  d: Float64Array,
  w: Float64Array,
  rho: number,
  lambda: Float64Array,
  deltaT: Float64Array,
): void {
  const k = d.length;
  const wr = new Float64Array(k);
  let wsum = 0;
  for (let i = 0; i < k; i++) {
    wr[i] = rho * w[i]! * w[i]!;
    wsum += wr[i]!;
  }
  const delta = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const last = j === k - 1;
    let origin = j;
    let lo = 0;
    let hi = wsum;
    if (!last) {
      const half = 0.5 * (d[j + 1]! - d[j]!);
      let f = 1;
      const dj = d[j]!;
      for (let i = 0; i < k; i++) f += wr[i]! / (d[i]! - dj - half);
      if (f >= 0) {
        hi = half;
      } else {
        origin = j + 1;
        lo = -half;
        hi = 0;
      }
    }
    const d0 = d[origin]!;
    for (let i = 0; i < k; i++) delta[i] = d[i]! - d0;
    const a = delta[j]!;
    const b = last ? 0 : delta[j + 1]!;
    let tau = 0.5 * (lo + hi);
    for (let iter = 0; iter < 200; iter++) {
      let psi = 0;
      let dpsi = 0;
      let phi = 0;
      let dphi = 0;
      for (let i = 0; i <= j; i++) {
        const r = 1 / (delta[i]! - tau);
        const t = wr[i]! * r;
        psi += t;
        dpsi += t * r;
      }
      for (let i = j + 1; i < k; i++) {
        const r = 1 / (delta[i]! - tau);
        const t = wr[i]! * r;
        phi += t;
        dphi += t * r;
      }
      const g = 1 + psi + phi;
      if (g < 0) lo = tau;
      else hi = tau;
      const erretm = 8 * (1 + Math.abs(psi) + Math.abs(phi)) + Math.abs(tau) * (dpsi + dphi);
      if (
        Math.abs(g) <= EPS * erretm ||
        hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))
      ) {
        break;
      }
      // Model: ψ ≈ P + Qa/(a − x), φ ≈ R + Qb/(b − x), matching value and slope at τ.
      const da = a - tau;
      const qa = dpsi * da * da;
      let eta: number;
      if (last) {
        const c = 1 + psi - qa / da + phi;
        eta = c > 0 ? da + qa / c : Number.NaN;
      } else {
        const db = b - tau;
        const qb = dphi * db * db;
        const c = 1 + psi - qa / da + phi - qb / db;
        // c η² − (c(Δa + Δb) + Qa + Qb) η + g Δa Δb = 0, the root between the poles.
        const B = -(c * (da + db) + qa + qb);
        const C = g * da * db;
        if (c === 0) {
          eta = -C / B;
        } else {
          const disc = Math.sqrt(Math.max(B * B - 4 * c * C, 0));
          const r1 = (-B - (B >= 0 ? disc : -disc)) / (2 * c);
          const r2 = r1 !== 0 ? C / (c * r1) : Number.NaN;
          eta = r1 > da && r1 < db ? r1 : r2;
        }
      }
      let next = tau + eta;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (next === tau) break;
      tau = next;
    }
    lambda[j] = d0 + tau;
    const base = j * k;
    for (let i = 0; i < k; i++) deltaT[base + i] = delta[i]! - tau;
  }
}
