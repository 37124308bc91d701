import {
  asMatrix64,
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  createRng,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  ShapeMismatchError,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import { frobenius, gaussianMatrix, haarFrame } from './linear-network-math.js';

/** Options of {@link linearNetworkTarget}. */
export interface LinearNetworkTargetOptions {
  /** Rows of Y: outputs of the network. */
  n: number;
  /** Columns of Y: inputs of the network (after whitening). */
  m: number;
  /** Seed of the draw. */
  dataSeed: number;
  /**
   * The min(n, m) singular values of Y, any order: Y = P·diag(s)·Rᵀ with Haar-random P, R.
   * Default: none, and Y has independent N(0, 1/m) entries instead.
   */
  singularValues?: readonly number[];
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * the draw: 8·(3nm + 2n² + 2m²) bytes and 20(n³ + m³) + 2nm·min(n, m) flops.
   */
  budget?: WorkBudget;
}

// Separate streams of `dataSeed` for the two ways of drawing Y.
const STREAM_GAUSSIAN = 1;
const STREAM_SPECTRUM = 2;

/**
 * A seeded target Y ∈ R^{n×m} for the whitened-data problem of https://overparam.dev/docs/theory/linear-networks#setting: independent
 * N(0, 1/m) entries (each row has expected squared norm 1), or Y = P·diag(s)·Rᵀ with the given
 * singular values and Haar-random orthogonal P (n×n), R (m×m). Float64 on the CPU; the same
 * seed gives the same Y everywhere.
 *
 * @throws InvalidArgumentError for sizes that are not positive integers, a bad seed, or
 * singular values that are not min(n, m) finite numbers ≥ 0.
 * @example
 * const Y = linearNetworkTarget({ n: 2, m: 3, dataSeed: 0, singularValues: [2, 1] });
 * svd(Y).s // Float64Array [2, 1] (to rounding)
 */
export function linearNetworkTarget(options: LinearNetworkTargetOptions): Matrix64 {
  const op = 'linearNetworkTarget';
  assertOptions(op, 'options', options, false);
  const { n, m, dataSeed, singularValues } = options;
  assertInteger(op, 'n', n, { min: 1 }, 'the rows of Y, outputs of the network');
  assertInteger(op, 'm', m, { min: 1 }, 'the columns of Y, inputs of the network');
  assertWorkBudget(
    op,
    {
      flops: 20 * (n ** 3 + m ** 3) + 2 * n * m * Math.min(n, m),
      bytes: 8 * (3 * n * m + 2 * n * n + 2 * m * m),
    },
    options.budget,
    'lower n or m',
  );
  if (singularValues === undefined) {
    return gaussianMatrix(createRng(dataSeed, STREAM_GAUSSIAN), n, m, 1 / Math.sqrt(m));
  }
  const r = Math.min(n, m);
  if (
    !Array.isArray(singularValues) ||
    singularValues.length !== r ||
    !singularValues.every((s) => Number.isFinite(s) && s >= 0)
  ) {
    throw new InvalidArgumentError(
      'singularValues',
      singularValues,
      `min(n, m) = ${r} finite numbers ≥ 0`,
      op,
    );
  }
  const rng = createRng(dataSeed, STREAM_SPECTRUM);
  const P = haarFrame(rng, n, r);
  const R = haarFrame(rng, m, r);
  const Y = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += P.data[i * r + k]! * singularValues[k]! * R.data[j * r + k]!;
      Y[i * m + j] = s;
    }
  }
  return { rows: n, cols: m, data: Y };
}

/** Options of {@link whitenedTarget}. */
export interface WhitenedTargetOptions {
  /** Inputs, one sample per row: N×d, whitened so that XᵀX = c·I_d (needs N ≥ d). */
  X: Matrix64;
  /** Targets, one sample per row: N×k. */
  Y: Matrix64;
  /** The loss normalization c of https://overparam.dev/docs/theory/conventions#loss-normalization (1: sum, N: mean). Default 1. */
  c?: number;
  /** Largest allowed ‖XᵀX/c − I‖_F/√d. Default 1e-8. */
  whitenedTolerance?: number;
}

/** Result of {@link whitenedTarget}. */
export interface WhitenedTarget {
  /** The target of the whitened form, Y_dataᵀX/c: k×d (n = k outputs, m = d inputs). */
  target: Matrix64;
  /** The constant ‖Y_data‖²_F/(2c) − ½‖target‖²_F the data loss adds to ½‖UVᵀ − target‖²_F. */
  offset: number;
}

/**
 * Maps a linear-network regression on whitened data to the whitened-data form of
 * https://overparam.dev/docs/theory/linear-networks#setting. For f(x) = W₂W₁x and XᵀX = c·I_d,
 * (1/(2c))·‖X·W₁ᵀW₂ᵀ − Y_data‖²_F = ½‖W₂W₁ − Y_dataᵀX/c‖²_F + offset,
 * because the cross term is tr(W₁ᵀW₂ᵀ·XᵀY_data)/c and ‖X·A‖²_F = c·‖A‖²_F; so with
 * U = W₂ and V = W₁ᵀ both forms have the same gradients and gradient descent the same path.
 * Float64 on the CPU.
 *
 * @throws ShapeMismatchError when X and Y have different numbers of rows; InvalidArgumentError
 * when X is not whitened (the message gives ‖XᵀX/c − I‖) or c ≤ 0.
 * @example
 * const X = fromArray([[1, 0], [0, 1]]);                   // XᵀX = I
 * whitenedTarget({ X, Y: fromArray([[3], [4]]) }).target   // 1×2: [[3, 4]]
 */
export function whitenedTarget(options: WhitenedTargetOptions): WhitenedTarget {
  const op = 'whitenedTarget';
  assertOptions(op, 'options', options, false);
  const { c = 1, whitenedTolerance = 1e-8 } = options;
  const X = asMatrix64(op, 'X', options.X);
  const Y = asMatrix64(op, 'Y', options.Y);
  assertPositive(op, 'c', c, '1 for a sum, N for a mean');
  assertNonNegative(op, 'whitenedTolerance', whitenedTolerance, 'e.g. 1e-8');
  if (X.rows !== Y.rows) {
    throw new ShapeMismatchError(
      op,
      `Y is ${Y.rows}×${Y.cols}`,
      `${X.rows} rows, one per sample like X (${X.rows}×${X.cols})`,
    );
  }
  const Xt = transpose(X);
  const G = matmul(Xt, X);
  const d = X.cols;
  let dev = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) dev += (G.data[i * d + j]! / c - (i === j ? 1 : 0)) ** 2;
  }
  dev = Math.sqrt(dev / d);
  if (!(dev <= whitenedTolerance)) {
    throw new InvalidArgumentError(
      'X',
      `a ${X.rows}×${d} matrix with ‖XᵀX/c − I‖_F/√d = ${dev.toPrecision(3)} (c = ${c})`,
      `whitened inputs, XᵀX = c·I: replace X by X·(XᵀX/c)^(-1/2) (needs N ≥ d = ${d}), ` +
        'or raise { whitenedTolerance }',
      op,
    );
  }
  const target = transpose(matmul(Xt, Y));
  for (let i = 0; i < target.data.length; i++) target.data[i]! /= c;
  const offset = frobenius(Y) ** 2 / (2 * c) - 0.5 * frobenius(target) ** 2;
  return { target, offset };
}
