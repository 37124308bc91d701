import {
  asMatrix64,
  assertOptions,
  assertWorkBudget,
  type MatrixInput,
  resolveBudget,
  type WorkBudget,
} from '@overparam/tensor';
import { pow2Scale } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';
import { F64 } from './internal/work.js';

/** Options of {@link directionalAlignment}. */
export interface DirectionalAlignmentOptions {
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): 2·J·n² flops for J
   * directions; checked before the first one.
   */
  budget?: WorkBudget;
}

/**
 * Alignment of a kernel with given directions, A_j = φ_jᵀKφ_j/‖φ_j‖² for each column φ_j of
 * `directions` (n×J): the kernel's "energy" along φ_j (Ortiz-Jiménez, Moosavi-Dezfooli,
 * Frossard, NeurIPS 2021; https://overparam.dev/docs/theory/kernel-alignment#directional-alignment). With the eigenvectors of the NTK at
 * initialization as directions, A_j(t) for the NTK Θ_t during training shows the kernel
 * aligning with the task. Float64 on the CPU; K and each φ_j are scaled by powers of two first
 * (exact), so no intermediate overflows: A_j is ±Infinity only when the Rayleigh quotient itself
 * exceeds the float64 range.
 *
 * Degenerate inputs: A_j = 0 (not NaN) for a zero direction φ_j = 0; a zero K gives 0.
 *
 * @throws ShapeMismatchError when K is not square or directions do not have n rows;
 *   InvalidArgumentError for options that are not an object; WorkBudgetError when J·n² is beyond
 *   the budget.
 * @example
 * directionalAlignment([[2, 1], [1, 2]], [[1, 1], [1, -1]]) // Float64Array [3, 1]
 */
export function directionalAlignment(
  K: MatrixInput,
  directions: MatrixInput,
  options: DirectionalAlignmentOptions = {},
): Float64Array {
  const op = 'directionalAlignment';
  assertOptions(op, 'options', options);
  const { budget } = options;
  resolveBudget(budget, op);
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const n = k.rows;
  const D = asMatrix64(op, 'directions', directions, {
    rows: n,
    meaning: `n = ${n} rows like K, one column per direction in R^n`,
  });
  const J = D.cols;
  assertWorkBudget(
    op,
    { flops: 2 * J * n * n, bytes: F64 * (J + n) },
    budget,
    'fewer directions J',
  );
  // A_j(sK) = s·A_j(K) and A_j is invariant to scaling φ_j: powers of two keep it exact.
  const sk = pow2Scale(k.data);
  const out = new Float64Array(J);
  const v = new Float64Array(n);
  for (let j = 0; j < J; j++) {
    for (let i = 0; i < n; i++) v[i] = D.data[i * J + j] as number;
    const sv = pow2Scale(v);
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      v[i] = (v[i] as number) * sv;
      norm2 += (v[i] as number) ** 2;
    }
    let q = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += (k.data[i * n + l] as number) * sk * (v[l] as number);
      q += (v[i] as number) * s;
    }
    out[j] = norm2 === 0 ? 0 : q / norm2 / sk;
  }
  return out;
}
