import { asMatrix64, type MatrixInput, ShapeMismatchError } from '@overparam/tensor';
import { centerGram, cosine } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';

/**
 * Centered kernel alignment of two kernel matrices on the same n points,
 * CKA(K, L) = ⟨HKH, HLH⟩_F/(‖HKH‖_F‖HLH‖_F), H = I − 11ᵀ/n (Cortes, Mohri, Rostamizadeh,
 * JMLR 2012; Kornblith et al., ICML 2019 for comparing representations). Invariant to
 * scaling either kernel and to adding a constant. Float64 on the CPU.
 *
 * @throws ShapeMismatchError when K or L is not square or their sizes differ.
 * @example
 * centeredKernelAlignment([[2, 0], [0, 2]], [[1, 0], [0, 1]]) // 1
 */
export function centeredKernelAlignment(K: MatrixInput, L: MatrixInput): number {
  const op = 'centeredKernelAlignment';
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const l = asMatrix64(op, 'L', L, KERNEL_MATRIX);
  if (k.rows !== l.rows) {
    throw new ShapeMismatchError(
      op,
      `L is ${l.rows}×${l.cols}`,
      `${k.rows}×${k.rows} like K (the same points)`,
    );
  }
  return cosine(centerGram(k), centerGram(l));
}
