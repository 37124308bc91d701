import { formatNumber } from '../errors/format-number.js';
import type { MatrixInput } from '../input/as-matrix64.js';
import { asSymmetricMatrix64 } from '../input/as-symmetric-matrix64.js';
import { assertNonNegative, assertNumber, assertOptions } from '../input/assert.js';
import { eigh } from './eigh.js';
import { meanDiagonal } from './internal/cholesky-core.js';
import { DEFAULT_SYMMETRY_TOLERANCE } from './internal/validate.js';
import { NotPositiveDefiniteError } from './linalg-errors.js';
import type { Matrix64 } from './matrix64.js';

/** The default τ of the indefiniteness rule λ_min < −τ·tr|A| (solvePsd's and psdEigh's; not exported from the package). */
export const DEFAULT_INDEFINITE_TOLERANCE = 1e-6;

/** Options of {@link psdEigh}. */
export interface PsdEighOptions {
  /** λ ≥ 0 added to the diagonal: the decomposition is of A + λI. Default 0. */
  ridge?: number;
  /** Eigenvalues at or below rcond·λ_max count as zero (`inverse` 0, not in `rank`). Default n·ε. */
  rcond?: number;
  /** τ ≥ 0: A is indefinite when λ_min(A + λI) < −τ·Σ|A_ii|. Default 1e-6. Infinity: never. */
  indefiniteTolerance?: number;
  /** As {@link eigh}'s. Default 1e-10. */
  symmetryTolerance?: number;
}

/** A positive semi-definite eigendecomposition A + λI = V·diag(values)·Vᵀ with its pseudo-inverse. */
export interface PsdEighResult {
  /** Eigenvalues of A + λI, ascending. */
  values: Float64Array;
  /** Orthonormal eigenvectors as columns. */
  vectors: Matrix64;
  /** 1/values[j] above the cutoff, 0 at or below it: A + λI's pseudo-inverse is V·diag(inverse)·Vᵀ. */
  inverse: Float64Array;
  /** Eigenvalues above the cutoff (the numerical rank). */
  rank: number;
  /** rcond·max(λ_max, 0). */
  cutoff: number;
  lambdaMin: number;
  lambdaMax: number;
  /** λ_max/λ_min, Infinity when rank < n or λ_min ≤ 0. */
  cond: number;
}

/**
 * The decomposition of a checked symmetric A + ridge·I (the pseudo-inverse route of solvePsd
 * and psdEigh): throws NotPositiveDefiniteError when λ_min < −shift (`shift` = τ·Σ|A_ii|).
 */
export function shiftedPsdEigh(
  op: string,
  name: string,
  A: Matrix64,
  ridge: number,
  rcond: number,
  shift: number,
): PsdEighResult {
  const n = A.rows;
  const shifted = Float64Array.from(A.data);
  for (let i = 0; i < n; i++) shifted[i * n + i]! += ridge;
  const { values, vectors } = eigh(
    { rows: n, cols: n, data: shifted },
    { symmetryTolerance: Number.POSITIVE_INFINITY },
  );
  const lambdaMin = n > 0 ? values[0]! : 0;
  const lambdaMax = n > 0 ? values[n - 1]! : 0;
  if (lambdaMin < -shift) {
    const error = new NotPositiveDefiniteError(op, name, 0, lambdaMin, ridge, 0);
    error.message =
      `${op}: ${name}${ridge > 0 ? ` + ${formatNumber(ridge)}·I` : ''} is indefinite: its smallest eigenvalue is ` +
      `${formatNumber(lambdaMin)} < −indefiniteTolerance·tr(${name}) = ${formatNumber(-shift)}. Pass a positive ` +
      `semi-definite ${name} (a kernel or Gram matrix), or use lstsqMinNorm for an indefinite system.`;
    throw error;
  }
  const cutoff = rcond * Math.max(lambdaMax, 0);
  const inverse = new Float64Array(n);
  let rank = 0;
  for (let i = 0; i < n; i++) {
    const lam = values[i]!;
    if (lam > cutoff && lam > 0) {
      inverse[i] = 1 / lam;
      rank++;
    }
  }
  const cond = rank < n || !(lambdaMin > 0) ? Number.POSITIVE_INFINITY : lambdaMax / lambdaMin;
  return { values, vectors, inverse, rank, cutoff, lambdaMin, lambdaMax, cond };
}

/**
 * Float64 eigendecomposition of a positive semi-definite A + λI with its pseudo-inverse
 * spectrum, for everything that needs more than one solve with a kernel or Gram matrix (log
 * determinants, diagonals of the inverse, many right-hand sides): eigenvalues at or below
 * rcond·λ_max are dropped (`inverse` 0, the min-norm solution), and an indefinite A (an
 * eigenvalue below −τ·tr|A|, rounding allowed for) throws instead of giving a "solution" of a
 * matrix that is not a covariance. The same rule and cutoff as the eigh route of solvePsd.
 * Cost ~9n³ flops (eigh).
 *
 * @throws NotPositiveDefiniteError for an indefinite A; ShapeMismatchError, NonFiniteError,
 *   NotSymmetricError for A; InvalidArgumentError for bad options.
 * @example
 * const { values, inverse, rank } = psdEigh(fromArray([[2, 0], [0, 0]]));
 * values // Float64Array [0, 2];  inverse // [0, 0.5];  rank // 1
 */
export function psdEigh(A: MatrixInput, options: PsdEighOptions = {}): PsdEighResult {
  const op = 'psdEigh';
  assertOptions(op, 'options', options);
  const {
    ridge = 0,
    indefiniteTolerance = DEFAULT_INDEFINITE_TOLERANCE,
    symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE,
  } = options;
  assertNonNegative(op, 'ridge', ridge, 'the ridge λ added to the diagonal, 0 for none');
  assertNumber(
    op,
    'indefiniteTolerance',
    indefiniteTolerance,
    { min: 0, allowInfinity: true },
    'τ in λ_min < −τ·tr(A), e.g. 1e-6, or Infinity to never throw',
  );
  assertNumber(
    op,
    'symmetryTolerance',
    symmetryTolerance,
    { min: 0, allowInfinity: true },
    'e.g. 1e-10',
  );
  const a = asSymmetricMatrix64(op, 'A', A, { symmetryTolerance, meaning: 'a square n×n matrix' });
  const n = a.rows;
  const { rcond = n * Number.EPSILON } = options;
  assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  // τ·tr(A) with |diagonal| entries (a negative diagonal cannot shrink it), solvePsd's rule.
  const shift =
    indefiniteTolerance === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : indefiniteTolerance * n * (meanDiagonal(a.data, n) || 1);
  return shiftedPsdEigh(op, 'A', a, ridge, rcond, shift);
}
