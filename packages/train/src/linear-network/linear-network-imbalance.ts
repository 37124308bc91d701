import { asMatrix64, eigvalsh, gram, type Matrix64, ShapeMismatchError } from '@overparam/tensor';
import type { LinearNetwork } from './linear-network.js';
import { readNetwork, symmetrize } from './linear-network-math.js';

/**
 * The imbalance D = UᵀU − VᵀV (h×h, symmetric) of a {@link LinearNetwork} (https://overparam.dev/docs/theory/linear-networks#imbalance; Xu,
 * Min, Tarmoun, Mallada & Vidal, AISTATS 2023). Gradient flow keeps D constant; a finite step
 * moves it by η²(VᵀEᵀEV − UᵀEEᵀU). Float64 on the CPU, exactly symmetric.
 *
 * @throws ShapeMismatchError when U and V have different widths; NonFiniteError for NaN/±Inf.
 * @example
 * toArray(linearNetworkImbalance({ U: fromArray([[2, 0]]), V: fromArray([[0, 1]]) }))
 * // [[4, 0], [0, -1]]
 */
export function linearNetworkImbalance(net: LinearNetwork): Matrix64 {
  const op = 'linearNetworkImbalance';
  const { U, V } = readNetwork(op, net);
  const A = gram(U);
  const B = gram(V);
  const D = new Float64Array(A.data.length);
  for (let i = 0; i < D.length; i++) D[i] = A.data[i]! - B.data[i]!;
  return { rows: A.rows, cols: A.cols, data: D };
}

/** Result of {@link imbalanceLowerBound}. */
export interface ImbalanceLowerBound {
  /** [λ_n(D)]₊ + [λ_m(−D)]₊: a lower bound on μ = λ_min(UUᵀ) + λ_min(VVᵀ). */
  lowerBound: number;
  /** λ_n(D), the n-th largest eigenvalue of D. */
  lambdaN: number;
  /** λ_m(−D), the m-th largest eigenvalue of −D (minus the m-th smallest of D). */
  lambdaMNeg: number;
}

/**
 * The imbalance lower bound of https://overparam.dev/docs/theory/linear-networks#imbalance: μ = λ_min(UUᵀ) + λ_min(VVᵀ) ≥ [λ_n(D)]₊ + [λ_m(−D)]₊
 * with D = UᵀU − VᵀV and λ_k the k-th largest eigenvalue. Why: UᵀU = D + VᵀV ⪰ D, and for
 * h ≥ n the smallest eigenvalue of UUᵀ is the n-th largest of UᵀU, so λ_min(UUᵀ) ≥ λ_n(D)
 * (Weyl); likewise λ_min(VVᵀ) ≥ λ_m(−D). A balanced network (D = 0) gets the bound 0: the
 * imbalance then guarantees no rate. Float64 eigenvalues on the CPU (eigvalsh of D, h×h).
 *
 * @throws ShapeMismatchError when D is not square or n, m exceed its size; NonFiniteError.
 * @example
 * imbalanceLowerBound(fromArray([[4, 0], [0, -1]]), 1, 1)
 * // { lowerBound: 5, lambdaN: 4, lambdaMNeg: 1 }
 */
export function imbalanceLowerBound(
  imbalance: Matrix64,
  n: number,
  m: number,
): ImbalanceLowerBound {
  const D = asMatrix64('imbalanceLowerBound', 'D', imbalance);
  const h = D.rows;
  if (D.cols !== h || !Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1) {
    throw new ShapeMismatchError(
      'imbalanceLowerBound',
      `D is ${D.rows}×${D.cols} with n = ${n}, m = ${m}`,
      'a square h×h imbalance D = UᵀU − VᵀV and integers 1 ≤ n, m ≤ h',
    );
  }
  if (n > h || m > h) {
    throw new ShapeMismatchError(
      'imbalanceLowerBound',
      `D is ${h}×${h} with n = ${n}, m = ${m}`,
      `n, m ≤ h = ${h}: the bound needs the n-th and m-th largest of h eigenvalues`,
    );
  }
  const values = eigvalsh(symmetrize(D)); // ascending
  const lambdaN = values[h - n]!;
  const lambdaMNeg = -values[m - 1]!;
  return {
    lowerBound: Math.max(lambdaN, 0) + Math.max(lambdaMNeg, 0),
    lambdaN,
    lambdaMNeg,
  };
}
