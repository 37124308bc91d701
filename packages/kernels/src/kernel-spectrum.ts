import {
  asMatrix64,
  assertOptions,
  assertWorkBudget,
  asTargets,
  eigh,
  type Matrix64,
  type MatrixInput,
  resolveBudget,
  type TargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import { pow2Scale } from './internal/alignment-core.js';
import { KERNEL_MATRIX } from './internal/validate.js';
import { F64 } from './internal/work.js';

/** Options of {@link kernelSpectrum}. */
export interface KernelSpectrumOptions {
  /** Targets (n or n×k): also report how their energy spreads over the eigenvectors. */
  targets?: TargetsInput;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): eigh is ~9n³ flops
   * and four n×n arrays (32·n² bytes); with k target columns, n²·2k more flops. Checked before
   * eigh starts (9n³ reaches the default at n ≈ 2800).
   */
  budget?: WorkBudget;
}

/** Result of {@link kernelSpectrum}. */
export interface KernelSpectrum {
  /** Eigenvalues of K, descending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns, in the same order as `values`. */
  vectors: Matrix64;
  /**
   * With targets: ‖φ_jᵀY‖²/‖Y‖_F², the fraction of the targets' energy along φ_j (sums to 1;
   * all 0 for zero targets, which have no energy to spread).
   */
  targetEnergy?: Float64Array;
  /** With targets: running sums of targetEnergy (how much the top j eigenvectors explain). */
  cumulativeEnergy?: Float64Array;
}

/**
 * Eigendecomposition of a kernel matrix, largest eigenvalue first, and with targets the
 * share of ‖Y‖² along each eigenvector: gradient descent (and kernel ridge) fits the
 * component along φ_j at a rate set by λ_j, so targets concentrated on the top eigenvectors
 * are learned fast (spectral bias; Ortiz-Jiménez et al. NeurIPS 2021, https://overparam.dev/docs/theory/kernel-alignment#spectral-bias).
 * Float64 on the CPU (≈ 9n³ flops). The targets are scaled by a power of two first (exact), so
 * targets up to the float64 maximum give their energy fractions, not NaN.
 *
 * @throws ShapeMismatchError when K is not square or targets have the wrong number of rows;
 *   NotSymmetricError when K is not symmetric; InvalidArgumentError for options that are not an
 *   object; WorkBudgetError when 9n³ is beyond the budget.
 * @example
 * const s = kernelSpectrum([[2, 1], [1, 2]], { targets: [1, 1] });
 * s.values       // Float64Array [3, 1]
 * s.targetEnergy // Float64Array [1, 0] (y = (1, 1) is the top eigenvector)
 */
export function kernelSpectrum(
  K: MatrixInput,
  options: KernelSpectrumOptions = {},
): KernelSpectrum {
  const op = 'kernelSpectrum';
  assertOptions(op, 'options', options);
  const { targets, budget } = options;
  resolveBudget(budget, op);
  const k = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const n = k.rows;
  // Targets are read before eigh so that a bad one fails before the n³ work.
  const Y = targets === undefined ? null : asTargets(op, 'targets', targets, { rows: n });
  assertWorkBudget(
    op,
    { flops: 9 * n ** 3 + 2 * n * n * (Y?.cols ?? 0), bytes: 4 * F64 * n * n },
    budget,
    'a smaller kernel matrix (fewer points n)',
  );
  const { values: asc, vectors: V } = eigh(k);
  const values = new Float64Array(n);
  const data = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = n - 1 - j;
    values[j] = asc[src] as number;
    for (let i = 0; i < n; i++) data[i * n + j] = V.data[i * n + src] as number;
  }
  const vectors: Matrix64 = { rows: n, cols: n, data };
  if (Y === null) return { values, vectors };
  const kOut = Y.cols;
  // The energy fractions are invariant to scaling Y; a power of two keeps them exact.
  const sy = pow2Scale(Y.data);
  const energy = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    let e = 0;
    for (let c = 0; c < kOut; c++) {
      let p = 0;
      for (let i = 0; i < n; i++)
        p += (data[i * n + j] as number) * ((Y.data[i * kOut + c] as number) * sy);
      e += p * p;
    }
    energy[j] = e;
    total += e;
  }
  const cumulative = new Float64Array(n);
  let run = 0;
  for (let j = 0; j < n; j++) {
    energy[j] = total === 0 ? 0 : (energy[j] as number) / total;
    run += energy[j] as number;
    cumulative[j] = run;
  }
  return { values, vectors, targetEnergy: energy, cumulativeEnergy: cumulative };
}
