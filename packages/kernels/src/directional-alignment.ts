import { asMatrix64, type MatrixInput } from '@overparam/tensor';
import { KERNEL_MATRIX } from './internal/validate.js';

/**
 * Alignment of a kernel with given directions, A_j = φ_jᵀKφ_j/‖φ_j‖² for each column φ_j of
 * `directions` (n×J): the kernel's "energy" along φ_j (Ortiz-Jiménez, Moosavi-Dezfooli,
 * Frossard, NeurIPS 2021; https://overparam.dev/docs/theory/kernel-alignment#directional-alignment). With the eigenvectors of the NTK at
 * initialization as directions, A_j(t) for the NTK Θ_t during training shows the kernel
 * aligning with the task. Float64 on the CPU.
 *
 * @throws ShapeMismatchError when K is not square or directions do not have n rows.
 * @example
 * directionalAlignment([[2, 1], [1, 2]], [[1, 1], [1, -1]]) // Float64Array [3, 1]
 */
export function directionalAlignment(K: MatrixInput, directions: MatrixInput): Float64Array {
  const op = 'directionalAlignment';
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const n = k.rows;
  const D = asMatrix64(op, 'directions', directions, {
    rows: n,
    meaning: `n = ${n} rows like K, one column per direction in R^n`,
  });
  const J = D.cols;
  const out = new Float64Array(J);
  const v = new Float64Array(n);
  for (let j = 0; j < J; j++) {
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      v[i] = D.data[i * J + j] as number;
      norm2 += (v[i] as number) ** 2;
    }
    let q = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < n; l++) s += (k.data[i * n + l] as number) * (v[l] as number);
      q += (v[i] as number) * s;
    }
    out[j] = norm2 === 0 ? 0 : q / norm2;
  }
  return out;
}
