// Test inputs built from seeded createRng recipes, and reference computations written as plain
// loops, independent of the kernels under test.
import { createRng, type Matrix64 } from '../../src/index.js';

export function randomMatrix(rows: number, cols: number, seed: number, stream = 0): Matrix64 {
  return { rows, cols, data: createRng(seed, stream).fillNormal(new Float64Array(rows * cols)) };
}

/** Haar-like random orthogonal matrix: modified Gram–Schmidt, twice, on a Gaussian matrix. */
export function randomOrthogonal(n: number, seed: number): Matrix64 {
  // Work on rows (contiguous) and transpose at the end: the rows of Qᵀ are Q's columns.
  const g = createRng(seed, 7).fillNormal(new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        let dot = 0;
        for (let c = 0; c < n; c++) dot += (g[ri + c] as number) * (g[rj + c] as number);
        for (let c = 0; c < n; c++) g[ri + c] = (g[ri + c] as number) - dot * (g[rj + c] as number);
      }
    }
    let norm = 0;
    for (let c = 0; c < n; c++) norm += (g[ri + c] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let c = 0; c < n; c++) g[ri + c] = (g[ri + c] as number) / norm;
  }
  return { rows: n, cols: n, data: g };
}

/**
 * SPD matrix A = QΛQᵀ with eigenvalues log-spaced from 1 down to 1/cond (so ‖A‖₂ = 1 and
 * κ₂(A) = cond), exactly symmetric; eigenvalues returned ascending. Q is a product of
 * min(n, 16) random Householder reflections, applied as A ← HAH in O(n²) each, so even
 * n = 500 costs milliseconds, and A is dense with a known spectrum.
 */
export function randomSpd(
  n: number,
  cond: number,
  seed: number,
): { A: Matrix64; lambda: number[] } {
  const lambda = Array.from({ length: n }, (_, i) => cond ** (-(n - 1 - i) / Math.max(n - 1, 1)));
  return { A: symmetricWithEigenvalues(lambda, seed), lambda };
}

/** Q·diag(λ)·Qᵀ with Q a product of min(n, 16) random reflections (see randomSpd). */
export function symmetricWithEigenvalues(lambda: readonly number[], seed: number): Matrix64 {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  // A random permutation first, so the ordering of λ on the diagonal is not special.
  const perm = Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed, 11);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
  }
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[perm[i] as number] as number;
  const u = new Float64Array(n);
  const w = new Float64Array(n);
  for (let r = 0; r < Math.min(n, 16); r++) {
    rng.fillNormal(u);
    let nu = 0;
    for (let i = 0; i < n; i++) nu += (u[i] as number) ** 2;
    const inv = 1 / Math.sqrt(nu);
    for (let i = 0; i < n; i++) u[i] = (u[i] as number) * inv;
    // HAH with H = I − 2uuᵀ: A − 2uwᵀ − 2wuᵀ + 4(uᵀAu)uuᵀ, w = Au.
    let uAu = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (a[i * n + j] as number) * (u[j] as number);
      w[i] = s;
      uAu += s * (u[i] as number);
    }
    for (let i = 0; i < n; i++) {
      const ui = u[i] as number;
      const wi = w[i] as number;
      for (let j = 0; j <= i; j++) {
        const uj = u[j] as number;
        const v =
          (a[i * n + j] as number) - 2 * ui * (w[j] as number) - 2 * wi * uj + 4 * uAu * ui * uj;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
  }
  return { rows: n, cols: n, data: a };
}

/** Reference product by the textbook triple loop (i-k-j order for speed, no blocking). */
export function naiveMatmul(A: Matrix64, B: Matrix64): Matrix64 {
  const { rows: m, cols: k } = A;
  const n = B.cols;
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A.data[i * k + p] as number;
      for (let j = 0; j < n; j++)
        c[i * n + j] = (c[i * n + j] as number) + aip * (B.data[p * n + j] as number);
    }
  }
  return { rows: m, cols: n, data: c };
}

export function naiveTranspose(A: Matrix64): Matrix64 {
  const t = new Float64Array(A.rows * A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) t[j * A.rows + i] = A.data[i * A.cols + j] as number;
  }
  return { rows: A.cols, cols: A.rows, data: t };
}

export function frobenius(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
}

/** ‖A − B‖_F for equal-shaped matrices. */
export function frobeniusDiff(A: Matrix64, B: Matrix64): number {
  let s = 0;
  for (let i = 0; i < A.data.length; i++) s += ((A.data[i] as number) - (B.data[i] as number)) ** 2;
  return Math.sqrt(s);
}

/** ‖A − B‖_F/‖B‖_F: the relative distance of a computed matrix A from the expected B. */
export function relativeDiff(A: Matrix64, B: Matrix64): number {
  return frobeniusDiff(A, B) / frobenius(B.data);
}

/**
 * ‖AX − B‖_F/(‖A‖_F‖X‖_F): the normwise backward error of a computed solution X of AX = B,
 * O(nε) for a backward-stable solver whatever κ(A) (Higham, Accuracy and Stability, §7.1).
 */
export function backwardError(A: Matrix64, X: Matrix64, B: Matrix64): number {
  return frobeniusDiff(naiveMatmul(A, X), B) / (frobenius(A.data) * frobenius(X.data));
}

/** G·Gᵀ for a Gaussian n×rank G (randomMatrix(n, rank, seed)): n×n PSD of rank `rank`. */
export function randomLowRankGram(n: number, rank: number, seed: number): Matrix64 {
  const G = randomMatrix(n, rank, seed);
  return naiveMatmul(G, naiveTranspose(G));
}

/** ‖QᵀQ − I‖_F for a matrix with orthonormal columns. */
export function orthogonalityError(Q: Matrix64): number {
  const QtQ = naiveMatmul(naiveTranspose(Q), Q);
  let s = 0;
  for (let i = 0; i < Q.cols; i++) {
    for (let j = 0; j < Q.cols; j++) {
      s += ((QtQ.data[i * Q.cols + j] as number) - (i === j ? 1 : 0)) ** 2;
    }
  }
  return Math.sqrt(s);
}

/** Q scaled column by column: Q·diag(d). */
export function scaleColumns(Q: Matrix64, d: ArrayLike<number>): Matrix64 {
  const out = Float64Array.from(Q.data);
  for (let i = 0; i < Q.rows; i++) {
    for (let j = 0; j < Q.cols; j++)
      out[i * Q.cols + j] = (out[i * Q.cols + j] as number) * (d[j] as number);
  }
  return { rows: Q.rows, cols: Q.cols, data: out };
}
