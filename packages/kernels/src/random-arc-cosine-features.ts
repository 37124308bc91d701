import {
  asMatrix64,
  assertInteger,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  createRng,
  type Matrix64,
  type MatrixInput,
  matmul,
  resolveBudget,
  SEED_RANGE,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import { F64 } from './internal/work.js';

/** Options of {@link randomArcCosineFeatures}. */
export interface RandomArcCosineFeaturesOptions {
  /** n ∈ {0, 1, 2}. Default 1 (ReLU features). */
  order?: 0 | 1 | 2;
  /** N, the number of features. */
  features: number;
  /** Seed of W (createRng); the same featureSeed gives the same features for X and for Y. */
  featureSeed: number;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): W (N×d, twice:
   * drawn and transposed) and Φ (n×N) are 8·(2N·d + n·N) bytes, the product 2·n·N·d flops;
   * checked before W is drawn.
   */
  budget?: WorkBudget;
}

/**
 * Random features whose inner products estimate the arc-cosine kernel of order n
 * ({@link arcCosineKernel}): Φ_ij = √(2/N)·Θ(w_j·x_i)(w_j·x_i)ⁿ with w_j ~ N(0, I_d), so
 * E[ΦΦᵀ] = K_n exactly and the error of ΦΦᵀ falls like 1/√N (Cho & Saul 2009). Order 1
 * with x scaled by 1/√d is the random ReLU feature map of https://overparam.dev/docs/theory/random-features#relu-features. Float64, CPU.
 *
 * @throws InvalidArgumentError for an order other than 0, 1, 2, a non-integer feature count,
 *   a featureSeed outside [0, 2^32) or options that are not an object; WorkBudgetError when
 *   N·d or n·N is beyond the budget (e.g. features: 1e9).
 * @example
 * const Phi = randomArcCosineFeatures([[1, 0], [0, 1]], { features: 4096, featureSeed: 1 });
 * toArray(gram(Phi, { form: 'AAt' })) // ≈ [[1, 0.32], [0.32, 1]] (arc-cosine k₁, up to ~3%)
 */
export function randomArcCosineFeatures(
  X: MatrixInput,
  options: RandomArcCosineFeaturesOptions,
): Matrix64 {
  const op = 'randomArcCosineFeatures';
  assertOptions(op, 'options', options, false);
  const { order = 1, features, featureSeed, budget } = options;
  assertOneOf(op, 'order', order, [0, 1, 2], 'the order n of the arc-cosine kernel');
  assertInteger(op, 'features', features, { min: 1 }, 'the number of random features N, e.g. 1024');
  assertInteger(op, 'featureSeed', featureSeed, SEED_RANGE, 'the seed of W, e.g. 1');
  resolveBudget(budget, op);
  const x = asMatrix64(op, 'X', X);
  const N = features;
  assertWorkBudget(
    op,
    { flops: 2 * x.rows * N * x.cols + 2 * N * x.cols, bytes: F64 * (2 * N * x.cols + x.rows * N) },
    budget,
    'fewer features N (the error of ΦΦᵀ falls like 1/√N: N = 4096 gives ~2%)',
  );
  const W: Matrix64 = {
    rows: features,
    cols: x.cols,
    data: createRng(featureSeed).fillNormal(new Float64Array(features * x.cols)),
  };
  const Z = matmul(x, transpose(W));
  const scale = Math.sqrt(2 / features);
  for (let k = 0; k < Z.data.length; k++) {
    const z = Z.data[k] as number;
    Z.data[k] = z > 0 ? scale * (order === 0 ? 1 : order === 1 ? z : z * z) : 0;
  }
  return Z;
}
