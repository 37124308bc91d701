import {
  asMatrix64,
  assertInteger,
  assertOneOf,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asTensor2D,
  createRng,
  type Matrix64,
  type MatrixInput,
  SEED_RANGE,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { FEATURE_STREAM, MAX_FEATURES } from './feature-stream.js';

/** The feature kinds of {@link randomFeatures}, in one place. */
export const FEATURE_KINDS = [
  'fourier-gaussian',
  'fourier-laplace',
  'fourier-laplace-l1',
  'relu',
] as const;

/** Which random features. */
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** A seeded random feature map z: R^d → R^N. */
export interface FeatureMap {
  readonly kind: FeatureKind;
  readonly d: number;
  readonly N: number;
  /** Index of the first feature in the seeded sequence (0 unless a block of a larger map). */
  readonly offset: number;
  /** N of the map whose amplitude √(2/total) this one uses (offset + N unless set). */
  readonly total: number;
  /** Frequencies / weights W, d×N, float64 (column j is feature j). */
  readonly W: Matrix64;
  /** Phases b (Fourier features only), length N. */
  readonly b: Float64Array | null;
  /** Z = z(X), n×N, float64 on the CPU (use near the interpolation threshold). X is n×d. */
  f64(X: MatrixInput): Matrix64;
  /**
   * Z = z(X), n×N, float32 on the active tfjs backend. The caller disposes the result. The
   * first call uploads W (and b) and keeps them until {@link FeatureMap.dispose}. X is n×d:
   * a float32 tensor is used as it is; host data is uploaded for the call.
   */
  gpu(X: TensorInput): tf.Tensor2D;
  /** Frees the uploaded W and b tensors (a later gpu() call uploads them again). */
  dispose(): void;
}

/** Options of {@link randomFeatures}. */
export interface RandomFeaturesOptions {
  kind: FeatureKind;
  /** Input dimension d. */
  d: number;
  /** Number of features N. */
  N: number;
  /** Kernel bandwidth σ of the Fourier features (k = exp(−‖x − x'‖²/(2σ²)) or exp(−‖x − x'‖/σ)). Default 1. */
  lengthScale?: number;
  /**
   * Seed of W and b: column j comes from `createRng(featureSeed, FEATURE_STREAM + j)`, so
   * features are nested (the first N columns are the same for any larger N) and independent of
   * a teacher or data set drawn from the same seed value.
   */
  featureSeed: number;
  /**
   * Index of the first feature: the map holds features offset … offset + N − 1 of the sequence
   * drawn from `featureSeed`, so a large map can be computed in column blocks. Default 0.
   */
  offset?: number;
  /**
   * The N of the amplitude √(2/total). Default offset + N: the map is then the last N columns of
   * the map of the first offset + N features. A block of columns [s, e) of a map with N features
   * is `{ offset: s, N: e − s, total: N }`.
   */
  total?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor) of the map
   * (8·(d + 1)·N bytes and ~30·d·N flops to draw W and b, checked before anything is drawn) and
   * of each f64(X) / gpu(X) (8·n·N resp. 4·n·N bytes, 2·n·d·N flops).
   */
  budget?: WorkBudget;
}

/**
 * Random features whose inner products approximate a kernel (Rahimi & Recht 2007; https://overparam.dev/docs/theory/random-features#fourier-features):
 * - 'fourier-gaussian': z(x) = √(2/N)·cos(Wᵀx + b), W_ij ~ N(0, 1/σ²), b ~ U[0, 2π];
 *   z(x)·z(x') → exp(−‖x − x'‖²/(2σ²)).
 * - 'fourier-laplace': W_·j = g_j/(σ|u_j|), g_j ~ N(0, I), u_j ~ N(0, 1) (multivariate Cauchy);
 *   → exp(−‖x − x'‖₂/σ).
 * - 'fourier-laplace-l1': W_ij ~ Cauchy(0, 1/σ) independently; → exp(−‖x − x'‖₁/σ).
 * - 'relu': z(x) = √(2/N)·max(0, Wᵀx), W_ij ~ N(0, 1/d); → the order-1 arc-cosine kernel
 *   ‖x‖‖x'‖(sin θ + (π − θ)cos θ)/(π d) (Cho & Saul 2009, with σ_w² = 2).
 * Column j of W (and b_j) is drawn from its own seeded stream, so features are nested across N,
 * and `{ offset, total }` give any block of columns of a larger map (sweeps and big maps are
 * computed block by block, never held whole).
 *
 * @throws InvalidArgumentError for an unknown kind, sizes that are not integers in range or a
 *   bad σ or seed; WorkBudgetError (before anything is drawn) for d·N over the work budget, e.g.
 *   N: 1e9; f64 and gpu: ShapeMismatchError for X without d columns, WorkBudgetError for n·N
 *   over the budget.
 * @example
 * const z = randomFeatures({ kind: 'fourier-gaussian', d: 2, N: 4096, lengthScale: 1, featureSeed: 0 });
 * const Z = z.f64({ rows: 2, cols: 2, data: Float64Array.of(0, 0, 1, 0) });
 * // Z row 0 · Z row 1 ≈ exp(−1/2) ≈ 0.607 (Monte-Carlo error ~ 1/√N)
 */
export function randomFeatures(options: RandomFeaturesOptions): FeatureMap {
  const op = 'randomFeatures';
  assertOptions(op, 'options', options, false);
  const { kind, d, N, lengthScale = 1, featureSeed, offset = 0 } = options;
  assertOneOf(op, 'kind', kind, FEATURE_KINDS);
  assertInteger(op, 'd', d, { min: 1 }, 'the input dimension');
  assertInteger(op, 'N', N, { min: 1, max: MAX_FEATURES }, 'the number of features');
  assertInteger(
    op,
    'offset',
    offset,
    { min: 0, max: MAX_FEATURES - N },
    'index of the first feature',
  );
  const total = options.total ?? offset + N;
  assertInteger(
    op,
    'total',
    total,
    { min: offset + N, max: MAX_FEATURES },
    'offset + N or more: the map is a block of a map with total features',
  );
  assertPositive(op, 'lengthScale', lengthScale, 'the bandwidth σ');
  assertInteger(op, 'featureSeed', featureSeed, SEED_RANGE, 'a seed');
  const { budget } = options;
  assertWorkBudget(op, { bytes: 8 * (d + 1) * N, flops: 30 * d * N }, budget, 'lower N or d');
  const W = new Float64Array(d * N);
  const b = kind === 'relu' ? null : new Float64Array(N);
  const column = new Float64Array(d);
  for (let j = 0; j < N; j++) {
    const rng = createRng(featureSeed, FEATURE_STREAM + offset + j);
    if (kind === 'fourier-laplace-l1') {
      for (let i = 0; i < d; i++)
        column[i] = Math.tan(Math.PI * (rng.uniform() - 0.5)) / lengthScale;
    } else {
      rng.fillNormal(column);
      const scale =
        kind === 'relu'
          ? 1 / Math.sqrt(d)
          : kind === 'fourier-gaussian'
            ? 1 / lengthScale
            : 1 / (lengthScale * Math.abs(rng.normal() || Number.MIN_VALUE));
      for (let i = 0; i < d; i++) column[i] = (column[i] as number) * scale;
    }
    for (let i = 0; i < d; i++) W[i * N + j] = column[i] as number;
    if (b) b[j] = 2 * Math.PI * rng.uniform();
  }
  const amplitude = Math.sqrt(2 / total);
  const Wm: Matrix64 = { rows: d, cols: N, data: W };
  let wTensor: tf.Tensor2D | undefined;
  let bTensor: tf.Tensor1D | undefined;

  const shape = {
    cols: d,
    allowEmpty: true,
    meaning: `n×${d}: the feature map was drawn for d = ${d}`,
  };

  return {
    kind,
    d,
    N,
    offset,
    total,
    W: Wm,
    b,
    f64(input) {
      const X = asMatrix64('FeatureMap.f64', 'X', input, shape);
      const n = X.rows;
      assertWorkBudget(
        'FeatureMap.f64',
        { bytes: 8 * n * N, flops: 2 * n * d * N + 20 * n * N },
        budget,
        'fewer rows per call, or a map with fewer features',
      );
      const Z = new Float64Array(n * N);
      // Z = X·W, i-k-j order so the inner loop runs along contiguous rows of W and Z.
      for (let i = 0; i < n; i++) {
        const zi = i * N;
        for (let k = 0; k < d; k++) {
          const x = X.data[i * d + k] as number;
          if (x === 0) continue;
          const wk = k * N;
          for (let j = 0; j < N; j++) Z[zi + j] = (Z[zi + j] as number) + x * (W[wk + j] as number);
        }
        for (let j = 0; j < N; j++) {
          const v = Z[zi + j] as number;
          Z[zi + j] = b ? amplitude * Math.cos(v + (b[j] as number)) : amplitude * Math.max(0, v);
        }
      }
      return { rows: n, cols: N, data: Z };
    },
    gpu(input) {
      const { tensor: X, owned } = asTensor2D('FeatureMap.gpu', 'X', input, shape);
      const n = X.shape[0];
      try {
        assertWorkBudget(
          'FeatureMap.gpu',
          { bytes: 4 * n * N * 3, flops: 2 * n * d * N + 20 * n * N },
          budget,
          'fewer rows per call, or a map with fewer features',
        );
      } catch (error) {
        if (owned) X.dispose();
        throw error;
      }
      wTensor ??= tf.keep(tf.tensor2d(Float32Array.from(W), [d, N]));
      if (b) bTensor ??= tf.keep(tf.tensor1d(Float32Array.from(b)));
      const Z = tf.tidy(() => {
        const proj = tf.matMul(X, wTensor as tf.Tensor2D);
        let act: tf.Tensor;
        if (bTensor) {
          // Reduce to [−π, π] first: WGSL only bounds cos's error there (absolute 2^-11), and
          // GPU cos loses accuracy on large float32 arguments.
          const arg = tf.add(proj, bTensor);
          const turns = tf.round(tf.div(arg, 2 * Math.PI));
          act = tf.cos(tf.sub(arg, tf.mul(turns, 2 * Math.PI)));
        } else {
          act = tf.relu(proj);
        }
        return tf.mul(act, amplitude) as tf.Tensor2D;
      });
      if (owned) X.dispose();
      return Z;
    },
    dispose() {
      wTensor?.dispose();
      bTensor?.dispose();
      wTensor = undefined;
      bTensor = undefined;
    },
  };
}
