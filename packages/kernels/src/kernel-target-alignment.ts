import {
  asMatrix64,
  assertBoolean,
  assertOptions,
  assertWorkBudget,
  asTargets,
  type Matrix64,
  type MatrixInput,
  resolveBudget,
  type TargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import { centerGram, cosine, pow2Scale } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';
import { F64 } from './internal/work.js';

/** Options of {@link kernelTargetAlignment}. */
export interface KernelTargetAlignmentOptions {
  /** Center K and YYᵀ first (HKH, H = I − 11ᵀ/n): the centered alignment. Default false. */
  centered?: boolean;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): YYᵀ is 8·n² bytes
   * (three n×n arrays when centered) and n²·(2k + 8) flops; checked before it is formed.
   */
  budget?: WorkBudget;
}

/** YYᵀ of scale·Y. */
function outer(Y: Matrix64, scale: number): Float64Array {
  const { rows: n, cols: k, data } = Y;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) {
        s += (data[i * k + c] as number) * scale * ((data[j * k + c] as number) * scale);
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

/**
 * Kernel–target alignment A(K, y) = ⟨K, yyᵀ⟩_F/(‖K‖_F‖yyᵀ‖_F) = yᵀKy/(‖K‖_F‖y‖²)
 * (Cristianini, Shawe-Taylor, Elisseeff, Kandola, NIPS 2001; the scale-free alignment of
 * https://overparam.dev/docs/theory/kernel-alignment#kernel-target-alignment). For k outputs Y (n×k), yyᵀ becomes YYᵀ. In [−1, 1]; in [0, 1] for PSD K.
 * `centered` gives the centered alignment of Cortes, Mohri, Rostamizadeh (JMLR 2012).
 * Float64 on the CPU; K and Y are scaled by powers of two first (exact), so entries up to the
 * float64 maximum give the alignment, not NaN.
 *
 * Degenerate inputs: the alignment is 0 (not NaN) when K = 0 or Y = 0, and, centered, when K or
 * Y is constant (HKH = 0 or HYYᵀH = 0; always so for n = 1).
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for a `centered` that is not a boolean or options that are not an
 *   object; WorkBudgetError when n² is beyond the budget.
 * @example
 * kernelTargetAlignment([[1, 0], [0, 1]], [1, -1]) // 0.7071… (= 2/(√2·2))
 * kernelTargetAlignment([[1, -1], [-1, 1]], [1, -1]) // 1
 */
export function kernelTargetAlignment(
  K: MatrixInput,
  Y: TargetsInput,
  options: KernelTargetAlignmentOptions = {},
): number {
  const op = 'kernelTargetAlignment';
  assertOptions(op, 'options', options);
  const { centered = false, budget } = options;
  assertBoolean(op, 'centered', centered, 'true for the centered alignment');
  resolveBudget(budget, op);
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const y = asTargets(op, 'Y', Y, { rows: k.rows });
  const n = k.rows;
  assertWorkBudget(
    op,
    { flops: n * n * (2 * y.cols + 8), bytes: F64 * n * n * (centered ? 3 : 1) },
    budget,
    'fewer points n',
  );
  const yyT = outer(y, pow2Scale(y.data));
  if (!centered) return cosine(k.data, yyT);
  return cosine(centerGram(k, pow2Scale(k.data)), centerGram({ rows: n, cols: n, data: yyT }));
}
