// Blocked Householder QR of a tall row-major matrix (Golub & Van Loan, 4th ed., Alg. 5.2.1 and
// §5.2.3; LAPACK dgeqrf): panels of NB columns factored column by column, the trailing
// columns updated once per panel with the compact WY kernel of apply-reflectors.ts.
import { applyReflectors, type ReflectorSet } from './apply-reflectors.js';
import { house } from './householder.js';

const NB = 32;

/**
 * Factors the m×n row-major `a` (m ≥ n) as A = Q·R. On return the upper triangle of a[0:n, :]
 * holds R; the reflectors (v_k in row k of the returned set, from column k) define
 * Q = H_0 ⋯ H_{n−1}.
 */
export function householderQr(a: Float64Array, m: number, n: number): ReflectorSet {
  const v = new Float64Array(n * m);
  const beta = new Float64Array(n);
  const set: ReflectorSet = { v, ldv: m, beta, shift: 0, len: m };
  const w = new Float64Array(NB);
  for (let k0 = 0; k0 < n; k0 += NB) {
    const k1 = Math.min(n, k0 + NB);
    for (let k = k0; k < k1; k++) {
      const vk = k * m;
      for (let i = k; i < m; i++) v[vk + i] = a[i * n + k]!;
      const h = house(v, vk + k, m - k);
      beta[k] = h.beta;
      a[k * n + k] = h.mu;
      for (let i = k + 1; i < m; i++) a[i * n + k] = 0;
      if (h.beta === 0 || k + 1 >= k1) continue;
      // The rest of the panel: a[k:, k+1:k1] −= β v (vᵀ a[k:, k+1:k1]).
      const width = k1 - k - 1;
      w.fill(0, 0, width);
      for (let i = k; i < m; i++) {
        const vi = v[vk + i]!;
        const ri = i * n + k + 1;
        for (let j = 0; j < width; j++) w[j]! += vi * a[ri + j]!;
      }
      for (let i = k; i < m; i++) {
        const g = h.beta * v[vk + i]!;
        const ri = i * n + k + 1;
        for (let j = 0; j < width; j++) a[ri + j]! -= g * w[j]!;
      }
    }
    if (k1 < n) {
      applyReflectors(set, k0, k1, { data: a, off: k1, ld: n, cols: n - k1 }, true);
    }
  }
  return set;
}
