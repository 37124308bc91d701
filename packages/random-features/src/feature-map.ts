import { createRng, InvalidArgumentError } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';

/** Row-major float64 matrix, the `Matrix64` shape of @overparam/tensor. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Which random features. */
export type FeatureKind = 'fourier-gaussian' | 'fourier-laplace' | 'fourier-laplace-l1' | 'relu';

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
  readonly W: Matrix;
  /** Phases b (Fourier features only), length N. */
  readonly b: Float64Array | null;
  /** Z = z(X), n×N, float64 on the CPU (use near the interpolation threshold). */
  f64(X: Matrix): Matrix;
  /**
   * Z = z(X), n×N, float32 on the active tfjs backend. The caller disposes the result. The
   * first call uploads W (and b) and keeps them until {@link FeatureMap.dispose}.
   */
  gpu(X: tf.Tensor2D): tf.Tensor2D;
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
  /** Seed of W and b. Features are nested: the first N columns are the same for any larger N. */
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
}

/**
 * Random features whose inner products approximate a kernel (Rahimi & Recht 2007; theory.md §2):
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
 * @example
 * const z = randomFeatures({ kind: 'fourier-gaussian', d: 2, N: 4096, lengthScale: 1, featureSeed: 0 });
 * const Z = z.f64({ rows: 2, cols: 2, data: Float64Array.of(0, 0, 1, 0) });
 * // Z row 0 · Z row 1 ≈ exp(−1/2) ≈ 0.607 (Monte-Carlo error ~ 1/√N)
 */
export function randomFeatures(options: RandomFeaturesOptions): FeatureMap {
  const { kind, d, N, lengthScale = 1, featureSeed, offset = 0 } = options;
  const total = options.total ?? offset + N;
  if (!['fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1', 'relu'].includes(kind)) {
    throw new InvalidArgumentError(
      'kind',
      kind,
      "'fourier-gaussian', 'fourier-laplace', 'fourier-laplace-l1' or 'relu'",
    );
  }
  for (const [name, v] of [
    ['d', d],
    ['N', N],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(name, v, 'an integer >= 1');
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InvalidArgumentError(
      'offset',
      offset,
      'an integer >= 0 (index of the first feature)',
    );
  }
  if (!Number.isInteger(total) || total < offset + N) {
    throw new InvalidArgumentError(
      'total',
      total,
      `an integer >= offset + N = ${offset + N} (the map is a block of a map with total features)`,
    );
  }
  if (!(lengthScale > 0 && Number.isFinite(lengthScale))) {
    throw new InvalidArgumentError('lengthScale', lengthScale, 'a finite number > 0');
  }
  const W = new Float64Array(d * N);
  const b = kind === 'relu' ? null : new Float64Array(N);
  const column = new Float64Array(d);
  for (let j = 0; j < N; j++) {
    const rng = createRng(featureSeed, offset + j);
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
  const Wm: Matrix = { rows: d, cols: N, data: W };
  let wTensor: tf.Tensor2D | undefined;
  let bTensor: tf.Tensor1D | undefined;

  const checkX = (rows: number, cols: number) => {
    if (cols !== d)
      throw new InvalidArgumentError(
        'X',
        `${rows}×${cols}`,
        `n×${d} (the feature map was drawn for d = ${d})`,
      );
  };

  return {
    kind,
    d,
    N,
    offset,
    total,
    W: Wm,
    b,
    f64(X) {
      checkX(X.rows, X.cols);
      const n = X.rows;
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
    gpu(X) {
      checkX(X.shape[0], X.shape[1]);
      wTensor ??= tf.keep(tf.tensor2d(Float32Array.from(W), [d, N]));
      if (b) bTensor ??= tf.keep(tf.tensor1d(Float32Array.from(b)));
      return tf.tidy(() => {
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
    },
    dispose() {
      wTensor?.dispose();
      bTensor?.dispose();
      wTensor = undefined;
      bTensor = undefined;
    },
  };
}
