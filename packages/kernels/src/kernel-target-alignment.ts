import {
  asMatrix64,
  asTargets,
  type Matrix64,
  type MatrixInput,
  type TargetsInput,
} from '@overparam/tensor';
import { centerGram, cosine } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';

/** Options of {@link kernelTargetAlignment}. */
export interface KernelTargetAlignmentOptions {
  /** Center K and YYᵀ first (HKH, H = I − 11ᵀ/n): the centered alignment. Default false. */
  centered?: boolean;
}

function outer(Y: Matrix64): Float64Array {
  const { rows: n, cols: k, data } = Y;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += (data[i * k + c] as number) * (data[j * k + c] as number);
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
 * Float64 on the CPU.
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows.
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
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const yyT = outer(asTargets(op, 'Y', Y, { rows: k.rows }));
  if (!options.centered) return cosine(k.data, yyT);
  return cosine(centerGram(k), centerGram({ rows: k.rows, cols: k.rows, data: yyT }));
}
