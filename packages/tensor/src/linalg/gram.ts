import { assertOneOf, assertOptions } from '../input/assert.js';
import { gemmAccLower } from './internal/gemm.js';
import { assertMatrix } from './internal/validate.js';
import { type Matrix64, transpose } from './matrix64.js';

/** Options of {@link gram}. */
export interface GramOptions {
  /**
   * 'AtA' (default): AᵀA, cols×cols, the inner products of columns (features).
   * 'AAt': AAᵀ, rows×rows, the inner products of rows (samples), e.g. a linear kernel XXᵀ.
   */
  form?: 'AtA' | 'AAt';
}

/**
 * Float64 Gram matrix G = AᵀA (or AAᵀ) on the CPU. Only the lower triangle is computed (a
 * symmetric rank-k update, BLAS `dsyrk`; Golub & Van Loan 4th ed. §1.5), with the blocked
 * kernel of {@link matmul}, then mirrored, so G is exactly symmetric.
 *
 * @throws NonFiniteError when an entry is NaN/±Inf; InvalidArgumentError for an unknown form or
 *   options that are not an options object (null included).
 * @example
 * toArray(gram(fromArray([[1, 2], [3, 4]])))                  // [[10, 14], [14, 20]]
 * toArray(gram(fromArray([[1, 2], [3, 4]]), { form: 'AAt' })) // [[5, 11], [11, 25]]
 */
export function gram(A: Matrix64, options: GramOptions = {}): Matrix64 {
  assertOptions('gram', 'options', options);
  const { form = 'AtA' } = options;
  assertMatrix('gram', 'A', A);
  assertOneOf('gram', 'form', form, ['AtA', 'AAt'] as const);
  // G = L·R with L = Aᵀ, R = A for AᵀA and L = A, R = Aᵀ for AAᵀ; one transposed copy either way.
  const At = transpose(A);
  const [L, R] = form === 'AtA' ? [At, A] : [A, At];
  const n = L.rows;
  const k = L.cols;
  const G = new Float64Array(n * n);
  gemmAccLower(n, k, L.data, 0, k, R.data, 0, n, G, 0, n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) G[i * n + j] = G[j * n + i]!;
  }
  return { rows: n, cols: n, data: G };
}
