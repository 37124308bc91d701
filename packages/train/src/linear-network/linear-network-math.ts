// Float64 helpers shared by the linear-network files (not exported from the package): the
// shape checks of the setting of https://overparam.dev/docs/theory/linear-networks#setting (built on @overparam/tensor's input layer) and the few
// matrix operations @overparam/tensor does not provide (elementwise sums, norms, Haar-random
// orthonormal frames).
import {
  asMatrix64,
  assertOptions,
  assertPositive,
  eigvalsh,
  gram,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  type Rng,
  ShapeMismatchError,
  svd,
  transpose,
} from '@overparam/tensor';
import type { LinearNetwork } from './linear-network.js';

/** U (n×h) and V (m×h) must have the same hidden width h. */
function assertSameWidth(op: string, U: Matrix64, V: Matrix64): void {
  if (V.cols !== U.cols) {
    throw new ShapeMismatchError(
      op,
      `V is ${V.rows}×${V.cols}`,
      `${U.cols} columns, the hidden width h of U (${U.rows}×${U.cols}): U is n×h and V is m×h`,
    );
  }
}

/**
 * A {@link LinearNetwork} argument `net` (an options-like object, InvalidArgumentError
 * otherwise) read as U and V of the same hidden width, for the functions of the network alone.
 */
export function readNetwork(op: string, net: LinearNetwork): { U: Matrix64; V: Matrix64 } {
  assertOptions(op, 'net', net, false);
  const U = asMatrix64(op, 'U', net.U);
  const V = asMatrix64(op, 'V', net.V);
  assertSameWidth(op, U, V);
  return { U, V };
}

/**
 * Reads a linear network and its target through @overparam/tensor's asMatrix64 (finite,
 * non-empty; a Matrix64 is used as it is) and checks their shapes: U is n×h, V is m×h, Y is
 * n×m, h ≥ max(n, m). Returns the matrices and the sizes.
 */
export function readProblem(
  op: string,
  network: LinearNetwork,
  target: Matrix64,
): { net: LinearNetwork; Y: Matrix64; n: number; m: number; h: number } {
  if (network === null || typeof network !== 'object') {
    throw new InvalidArgumentError('network', network, 'an object { U, V } of two Matrix64', op);
  }
  const U = asMatrix64(op, 'U', network.U);
  const V = asMatrix64(op, 'V', network.V);
  const Y = asMatrix64(op, 'Y', target);
  assertSameWidth(op, U, V);
  const { rows: n, cols: h } = U;
  const m = V.rows;
  if (Y.rows !== n || Y.cols !== m) {
    throw new ShapeMismatchError(
      op,
      `Y is ${Y.rows}×${Y.cols}`,
      `n×m = ${n}×${m} (rows of U × rows of V), so that UVᵀ − Y is defined`,
    );
  }
  if (h < Math.max(n, m)) {
    throw new ShapeMismatchError(
      op,
      `the hidden width is h = ${h} (U is ${n}×${h}, V is ${m}×${h})`,
      `h ≥ max(n, m) = ${Math.max(n, m)}: https://overparam.dev/docs/theory/linear-networks#setting (Xu et al. 2023) assumes an over-parametrized ` +
        'hidden layer; widen U and V',
    );
  }
  return { net: U === network.U && V === network.V ? network : { U, V }, Y, n, m, h };
}

/** Checks a linear network's learning rate η (c = 1): finite and > 0, with a safe start. */
export function assertLearningRate(op: string, learningRate: number): void {
  assertPositive(
    op,
    'learningRate',
    learningRate,
    'η around 1/Λ₀ = 1/(‖U₀‖₂² + ‖V₀‖₂²) is a safe start',
  );
}

/** The error E = UVᵀ − Y of https://overparam.dev/docs/theory/linear-networks#setting (shapes checked by the callers). */
export function errorMatrix(net: LinearNetwork, Y: Matrix64): Matrix64 {
  return addScaled(matmul(net.U, transpose(net.V)), -1, Y);
}

/** A + s·B, elementwise (same shapes, checked by the callers). */
export function addScaled(A: Matrix64, s: number, B: Matrix64): Matrix64 {
  const out = new Float64Array(A.data.length);
  for (let i = 0; i < out.length; i++) out[i] = A.data[i]! + s * B.data[i]!;
  return { rows: A.rows, cols: A.cols, data: out };
}

/** Frobenius norm ‖A‖_F, scaled to avoid overflow and underflow (LAPACK dnrm2's idea). */
export function frobenius(A: Matrix64): number {
  let max = 0;
  for (const v of A.data) max = Math.max(max, Math.abs(v));
  if (max === 0 || !Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of A.data) sum += (v / max) ** 2;
  return max * Math.sqrt(sum);
}

/**
 * Spectral norm ‖A‖₂ = √λ_max(AAᵀ) (or AᵀA, the smaller): the largest eigenvalue of a Gram
 * matrix carries a relative error O(ε), so the norm does too, and eigvalsh of a few-by-few
 * matrix is ~50× faster than the SVD here.
 */
export function spectralNorm(A: Matrix64): number {
  const G = gram(A, { form: A.rows <= A.cols ? 'AAt' : 'AtA' });
  const values = eigvalsh(G);
  return Math.sqrt(Math.max(values[values.length - 1] ?? 0, 0));
}

/** (A + Aᵀ)/2 of a square matrix: rounding can leave a computed symmetric matrix off by ulps. */
export function symmetrize(A: Matrix64): Matrix64 {
  const n = A.rows;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = 0.5 * (A.data[i * n + j]! + A.data[j * n + i]!);
  }
  return { rows: n, cols: n, data: out };
}

/** A rows×cols matrix of independent N(0, std²) entries from `rng`. */
export function gaussianMatrix(rng: Rng, rows: number, cols: number, std = 1): Matrix64 {
  return { rows, cols, data: rng.fillNormal(new Float64Array(rows * cols), 0, std) };
}

/**
 * A rows×cols matrix with orthonormal columns (cols ≤ rows), distributed uniformly (Haar) on
 * the Stiefel manifold: the polar factor W·Zᵀ of a Gaussian G = W·S·Zᵀ is Haar, because G's
 * law is invariant under left and right rotations (Mezzadri, Notices AMS 2007, §5 for the QR
 * version). The polar factor needs no sign convention, so it is the same on every machine.
 */
export function haarFrame(rng: Rng, rows: number, cols: number): Matrix64 {
  const { u, v } = svd(gaussianMatrix(rng, rows, cols));
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += u.data[i * u.cols + k]! * v.data[j * v.cols + k]!;
      out[i * cols + j] = s;
    }
  }
  return { rows, cols, data: out };
}

/**
 * Completes the k orthonormal columns of `Q` (rows×k) to an orthogonal rows×rows matrix: the
 * new columns are a Haar frame of the orthogonal complement, projected twice (Gram–Schmidt
 * "twice is enough", Giraud et al., Numer. Math. 2005) then orthonormalized by their polar
 * factor.
 */
export function completeBasis(rng: Rng, Q: Matrix64): Matrix64 {
  const { rows: p, cols: k } = Q;
  if (k === p) return Q;
  const G = gaussianMatrix(rng, p, p - k);
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < p - k; c++) {
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let i = 0; i < p; i++) dot += Q.data[i * k + j]! * G.data[i * (p - k) + c]!;
        for (let i = 0; i < p; i++) G.data[i * (p - k) + c]! -= dot * Q.data[i * k + j]!;
      }
    }
  }
  const { u, v } = svd(G);
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < k; j++) out[i * p + j] = Q.data[i * k + j]!;
    for (let c = 0; c < p - k; c++) {
      let s = 0;
      for (let l = 0; l < p - k; l++) s += u.data[i * u.cols + l]! * v.data[c * v.cols + l]!;
      out[i * p + k + c] = s;
    }
  }
  return { rows: p, cols: p, data: out };
}
