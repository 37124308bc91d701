import {
  asMatrix64,
  assertOptions,
  assertWorkBudget,
  type MatrixInput,
  resolveBudget,
  ShapeMismatchError,
  type WorkBudget,
} from '@overparam/tensor';
import { centerGram, cosine, pow2Scale } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';
import { F64 } from './internal/work.js';

/** Options of {@link centeredKernelAlignment}. */
export interface CenteredKernelAlignmentOptions {
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): HKH and HLH are
   * 16·n² bytes and ~10·n² flops; checked before they are formed.
   */
  budget?: WorkBudget;
}

/**
 * Centered kernel alignment of two kernel matrices on the same n points,
 * CKA(K, L) = ⟨HKH, HLH⟩_F/(‖HKH‖_F‖HLH‖_F), H = I − 11ᵀ/n (Cortes, Mohri, Rostamizadeh,
 * JMLR 2012; Kornblith et al., ICML 2019 for comparing representations). Invariant to
 * scaling either kernel and to adding a constant. Float64 on the CPU; K and L are scaled by
 * powers of two first (exact), so entries up to the float64 maximum give the alignment, not NaN.
 *
 * Degenerate inputs: 0 (not NaN) when HKH or HLH is 0 — a constant (or zero) kernel, and always
 * for n = 1.
 *
 * @throws ShapeMismatchError when K or L is not square or their sizes differ;
 *   InvalidArgumentError for options that are not an object; WorkBudgetError when n² is beyond
 *   the budget.
 * @example
 * centeredKernelAlignment([[2, 0], [0, 2]], [[1, 0], [0, 1]]) // 1
 */
export function centeredKernelAlignment(
  K: MatrixInput,
  L: MatrixInput,
  options: CenteredKernelAlignmentOptions = {},
): number {
  const op = 'centeredKernelAlignment';
  assertOptions(op, 'options', options);
  const { budget } = options;
  resolveBudget(budget, op);
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const l = asMatrix64(op, 'L', L, KERNEL_MATRIX);
  if (k.rows !== l.rows) {
    throw new ShapeMismatchError(
      op,
      `L is ${l.rows}×${l.cols}`,
      `${k.rows}×${k.rows} like K (the same points)`,
    );
  }
  const n = k.rows;
  assertWorkBudget(op, { flops: 10 * n * n, bytes: 2 * F64 * n * n }, budget, 'fewer points n');
  return cosine(centerGram(k, pow2Scale(k.data)), centerGram(l, pow2Scale(l.data)));
}
