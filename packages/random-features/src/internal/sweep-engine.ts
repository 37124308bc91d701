// One seed's fits at increasing N, with features computed block by block on the tfjs backend
// and every solve in float64 on the CPU. See randomFeaturesFit for the rule this implements.
import {
  asMatrix64,
  assertOptions,
  asTargets,
  asVector,
  gram,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  matmul,
  type TargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { FitPoint } from '../fit-point.js';
import { choleskySolve, defaultRcond, type GramSolve, gramSolve } from './gram-solve.js';
import { meanSquaredError, zeroOneError } from './metrics.js';

/**
 * A train or test set: inputs X (n×d), targets Y (n×K, or n values for one output), optional
 * class labels (one per row). A `Dataset` of @overparam/datasets is one.
 */
export interface DataPart {
  X: MatrixInput;
  Y: TargetsInput;
  labels?: ArrayLike<number>;
}

/** A {@link DataPart} read into float64 matrices. */
interface Part64 {
  X: Matrix64;
  Y: Matrix64;
  labels: ArrayLike<number> | undefined;
}

/**
 * What a feature-map factory must give: the GPU map and a way to free its weights. The sweep
 * calls `gpu` with float32 rows of [X_train; X_test] on the active backend (a FeatureMap is one).
 */
export interface FeatureBlock {
  /** Features of X (n×d, float32 on the backend): n×N, disposed by the caller. */
  gpu(X: tf.Tensor2D): tf.Tensor2D;
  /** Frees what the block uploaded. */
  dispose(): void;
}

/**
 * Builds the block of features offset … offset + N − 1 of a map with `total` features. Feature
 * values must scale as 1/√total (as √(2/total)·cos(…) does): sweeps accumulate the Gram matrix
 * of N features once, with total = the largest N, and rescale it by total/N.
 */
export type FeatureMapFactory = (options: {
  d: number;
  N: number;
  offset: number;
  total: number;
  featureSeed: number;
}) => FeatureBlock;

export type Precision = 'float32-gram' | 'float64';

export interface EngineSettings {
  ridge: number;
  precision: 'auto' | Precision;
  float32Condition: number;
  rcond: number | undefined;
  /** Largest feature block held on the backend, in floats. */
  blockFloats: number;
  /** Downloaded feature blocks are kept for the second pass while they fit in this many floats. */
  cacheFloats: number;
  signal: AbortSignal | undefined;
  budget: WorkBudget | undefined;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Lets the page repaint and an abort land between blocks. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function symmetrize(A: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (A[i * m + j]! + A[j * m + i]!);
      A[i * m + j] = v;
      A[j * m + i] = v;
    }
  }
}

/** The data uploaded once for all seeds: [X_train; X_test] as float32 on the backend. */
export class SweepData {
  readonly n: number;
  readonly nTest: number;
  readonly d: number;
  readonly k: number;
  readonly train: Part64;
  readonly test: Part64;

  constructor(op: string, data: { train: DataPart; test: DataPart }) {
    assertOptions(op, 'data', data, false);
    assertOptions(op, 'data.train', data.train, false);
    assertOptions(op, 'data.test', data.test, false);
    const X = asMatrix64(op, 'data.train.X', data.train.X, {
      meaning: 'n×d: one row per training sample',
    });
    const Y = asTargets(op, 'data.train.Y', data.train.Y, { rows: X.rows });
    // At least one test row: the test error is what a fit is for (and a mean over no rows has
    // no value).
    const Xte = asMatrix64(op, 'data.test.X', data.test.X, {
      cols: X.cols,
      meaning: `n_test×${X.cols} with n_test ≥ 1, like data.train.X`,
    });
    const Yte = asTargets(op, 'data.test.Y', data.test.Y, { rows: Xte.rows, outputs: Y.cols });
    const labels = (name: string, values: ArrayLike<number> | undefined, rows: number) =>
      values === undefined
        ? undefined
        : asVector(op, name, values, {
            length: rows,
            allowEmpty: true,
            meaning: 'one label per row',
          });
    this.train = { X, Y, labels: labels('data.train.labels', data.train.labels, X.rows) };
    this.test = { X: Xte, Y: Yte, labels: labels('data.test.labels', data.test.labels, Xte.rows) };
    this.n = X.rows;
    this.nTest = Xte.rows;
    this.d = X.cols;
    this.k = Y.cols;
  }

  #xAll: tf.Tensor2D | null = null;

  /** [X_train; X_test] on the backend, after {@link upload}. */
  get xAll(): tf.Tensor2D {
    if (!this.#xAll) throw new InvalidArgumentError('xAll', null, 'upload() first');
    return this.#xAll;
  }

  /** Uploads [X_train; X_test] as float32 (once the work budget has been checked). */
  upload(): void {
    if (this.#xAll) return;
    const all = new Float32Array((this.n + this.nTest) * this.d);
    all.set(this.train.X.data);
    all.set(this.test.X.data, this.n * this.d);
    this.#xAll = tf.tensor2d(all, [this.n + this.nTest, this.d], 'float32');
  }

  dispose(): void {
    this.#xAll?.dispose();
    this.#xAll = null;
  }
}

/** Row range [r0, r1) of X_all with its downloaded float32 features (rows × N). */
interface RowBlock {
  r0: number;
  r1: number;
  features: Float32Array;
}

/** A float64 sum over feature blocks and how many features it holds (columns 0 … upto − 1). */
interface BlockSum {
  data: Float64Array;
  upto: number;
}

export class SeedSweep {
  private readonly all: number;
  /** Σ_j z_j(all rows)·z_j(train rows)ᵀ over the features accumulated so far, amplitude √(2/maxN). */
  private cross: BlockSum | null = null;
  /** Σ_j z_j(train)·z_j(train)ᵀ in float64, built only once a point needs it. */
  private gram64: BlockSum | null = null;

  constructor(
    private readonly data: SweepData,
    private readonly factory: FeatureMapFactory,
    private readonly seed: number,
    private readonly maxN: number,
    private readonly settings: EngineSettings,
  ) {
    this.all = data.n + data.nTest;
  }

  async fit(N: number): Promise<FitPoint> {
    const t0 = now();
    const { n } = this.data;
    const out = N < n ? await this.primal(N) : await this.dual(N);
    const { train, test, nTest } = this.data;
    return {
      N,
      n,
      seed: this.seed,
      ridge: this.settings.ridge,
      trainMse: meanSquaredError(out.trainPred, train.Y),
      testMse: meanSquaredError(out.testPred, test.Y),
      trainError01: train.labels ? zeroOneError(out.trainPred, n, train.labels) : null,
      testError01: test.labels && nTest > 0 ? zeroOneError(out.testPred, nTest, test.labels) : null,
      norm: Math.sqrt(Math.max(0, out.normSq)),
      precision: out.precision,
      form: N < n ? 'primal' : 'dual',
      solver: out.solve.solver,
      rank: out.solve.rank,
      cutoff: out.solve.cutoff,
      condition: out.solve.condition,
      seconds: (now() - t0) / 1000,
    };
  }

  private check(): void {
    this.settings.signal?.throwIfAborted();
  }

  private rcond(m: number): number {
    return this.settings.rcond ?? defaultRcond(m);
  }

  /** Features of rows [r0, r1) under `map`, downloaded. */
  private async rowFeatures(map: FeatureBlock, r0: number, r1: number): Promise<Float32Array> {
    const F = tf.tidy(() => map.gpu(tf.slice(this.data.xAll, [r0, 0], [r1 - r0, this.data.d])));
    try {
      return (await F.data()) as Float32Array;
    } finally {
      F.dispose();
    }
  }

  /**
   * Under-parameterized form (N < n): H = ΦᵀΦ (N×N), R = ΦᵀY, a = (H + λI)⁻¹R or H⁺R,
   * predictions Φa; Φ is visited in blocks of rows.
   */
  private async primal(N: number) {
    const { n, k, train } = this.data;
    const { ridge, precision, float32Condition } = this.settings;
    const map = this.factory({ d: this.data.d, N, offset: 0, total: N, featureSeed: this.seed });
    try {
      const rowsPerBlock = Math.max(1, Math.floor(this.settings.blockFloats / N));
      const ranges: [number, number][] = [];
      for (const [lo, hi] of [
        [0, n],
        [n, this.all],
      ] as const) {
        for (let r = lo; r < hi; r += rowsPerBlock)
          ranges.push([r, Math.min(hi, r + rowsPerBlock)]);
      }
      const cache = this.all * N <= this.settings.cacheFloats ? new Map<number, RowBlock>() : null;
      const trainRanges = ranges.filter(([r0]) => r0 < n);
      const rcond = this.rcond(N);

      // Pass 1: R = ΦᵀY in float64 and, unless float64 is forced, H in float32 block products.
      const R = new Float64Array(N * k);
      const H32 = precision === 'float64' ? null : new Float64Array(N * N);
      for (const [index, [r0, r1]] of trainRanges.entries()) {
        this.check();
        const F = tf.tidy(() => map.gpu(tf.slice(this.data.xAll, [r0, 0], [r1 - r0, this.data.d])));
        let features: Float32Array;
        try {
          if (H32) {
            const Hb = tf.tidy(() => tf.matMul(tf.transpose(F), F));
            const h = await Hb.data();
            Hb.dispose();
            for (let i = 0; i < h.length; i++) H32[i]! += h[i]!;
          }
          features = (await F.data()) as Float32Array;
        } finally {
          F.dispose();
        }
        cache?.set(index, { r0, r1, features });
        accumulateTransposeProduct(features, r1 - r0, N, train.Y.data, r0, k, R);
        await yieldToEventLoop();
      }
      const Rm: Matrix64 = { rows: N, cols: k, data: R };

      let solve: GramSolve | null = null;
      let used: Precision = 'float32-gram';
      if (H32) {
        symmetrize(H32, N);
        const H = { rows: N, cols: N, data: H32 };
        if (precision === 'float32-gram') {
          solve = gramSolve(H, Rm, { ridge, rcond });
        } else {
          const fast = choleskySolve(H, Rm, { ridge, rcond });
          if (fast && fast.condition <= float32Condition) solve = fast;
        }
      }
      const blockOf = async (index: number): Promise<RowBlock> => {
        const cached = cache?.get(index);
        if (cached) return cached;
        const [r0, r1] = ranges[index]!;
        return { r0, r1, features: await this.rowFeatures(map, r0, r1) };
      };
      if (!solve) {
        used = 'float64';
        const H64 = new Float64Array(N * N);
        for (let index = 0; index < trainRanges.length; index++) {
          this.check();
          const { r0, r1, features } = await blockOf(index);
          const Hb = gram({ rows: r1 - r0, cols: N, data: Float64Array.from(features) });
          for (let i = 0; i < Hb.data.length; i++) H64[i]! += Hb.data[i]!;
          await yieldToEventLoop();
        }
        solve = gramSolve({ rows: N, cols: N, data: H64 }, Rm, { ridge, rcond });
      }

      // Pass 2: predictions Φa, train and test rows.
      const a = solve.x;
      const trainPred = new Float64Array(n * k);
      const testPred = new Float64Array(this.data.nTest * k);
      for (let index = 0; index < ranges.length; index++) {
        this.check();
        const { r0, r1, features } = await blockOf(index);
        const P = matmul({ rows: r1 - r0, cols: N, data: Float64Array.from(features) }, a);
        if (r0 < n) trainPred.set(P.data, r0 * k);
        else testPred.set(P.data, (r0 - n) * k);
      }
      let normSq = 0;
      for (const v of a.data) normSq += v * v;
      return { trainPred, testPred, normSq, solve, precision: used };
    } finally {
      map.dispose();
    }
  }

  /**
   * Adds the feature columns sum.upto … N − 1 to `sum` in blocks of at most blockFloats/rows
   * columns (rows: the rows a column of the block fills): checks the signal, builds the block's
   * map, runs `add` on it and disposes the map (then runs what `add` returned, if anything, with
   * the map gone), records the block in sum.upto, and yields to the event loop.
   */
  private async featureBlocks(
    sum: BlockSum,
    N: number,
    rows: number,
    add: (map: FeatureBlock, w: number) => Promise<(() => void) | undefined>,
  ): Promise<void> {
    const { d } = this.data;
    const width = Math.max(1, Math.floor(this.settings.blockFloats / rows));
    while (sum.upto < N) {
      this.check();
      const c0 = sum.upto;
      const w = Math.min(width, N - c0);
      const map = this.factory({ d, N: w, offset: c0, total: this.maxN, featureSeed: this.seed });
      let after: (() => void) | undefined;
      try {
        after = await add(map, w);
      } finally {
        map.dispose();
      }
      after?.();
      sum.upto = c0 + w;
      await yieldToEventLoop();
    }
  }

  /** Adds features accumulated … N − 1 to the cross products (amplitude √(2/maxN)). */
  private async advance(N: number): Promise<Float64Array> {
    const { n } = this.data;
    const all = this.all;
    this.cross ??= { data: new Float64Array(all * n), upto: 0 };
    const cross = this.cross.data;
    await this.featureBlocks(this.cross, N, all, async (map, w) => {
      const P = tf.tidy(() => {
        const F = map.gpu(this.data.xAll);
        // An explicit transpose: tf.matMul's transposeA/B flags are 10× slower on wasm.
        return tf.matMul(F, tf.transpose(tf.slice(F, [0, 0], [n, w])));
      });
      const p = await P.data();
      P.dispose();
      for (let i = 0; i < p.length; i++) cross[i]! += p[i]!;
      return undefined;
    });
    return cross;
  }

  /** Adds features gram64Upto … N − 1 to the float64 Gram matrix (amplitude √(2/maxN)). */
  private async advance64(N: number): Promise<Float64Array> {
    const { n } = this.data;
    this.gram64 ??= { data: new Float64Array(n * n), upto: 0 };
    const gram64 = this.gram64.data;
    await this.featureBlocks(this.gram64, N, n, async (map, w) => {
      const features = await this.rowFeatures(map, 0, n);
      // The map is disposed before the float64 product: only the block's features are held.
      return () => {
        const Gb = gram({ rows: n, cols: w, data: Float64Array.from(features) }, { form: 'AAt' });
        for (let i = 0; i < Gb.data.length; i++) gram64[i]! += Gb.data[i]!;
      };
    });
    return gram64;
  }

  /**
   * Over-parameterized form (N ≥ n): G = ΦΦᵀ (n×n), c = (G + λI)⁻¹Y or G⁺Y, a = Φᵀc;
   * predictions Gc (train) and Φ_test·a (test), ‖a‖² = tr(cᵀGc); Φ is visited in column blocks.
   */
  private async dual(N: number) {
    const { n, nTest, k, d, train } = this.data;
    const { ridge, precision, float32Condition } = this.settings;
    const rcond = this.rcond(n);
    if (N > this.maxN) {
      throw new InvalidArgumentError('N', N, `at most the sweep's largest N (${this.maxN})`);
    }
    if (precision !== 'float64') {
      const cross = await this.advance(N);
      // G(N) = (maxN/N)·Σ_{j<N} z_j z_jᵀ: the sums were taken with amplitude √(2/maxN).
      const scale = this.maxN / N;
      const G = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) G[i] = scale * cross[i]!;
      symmetrize(G, n);
      const Gm: Matrix64 = { rows: n, cols: n, data: G };
      let solve: GramSolve | null;
      if (precision === 'float32-gram') {
        solve = gramSolve(Gm, train.Y, { ridge, rcond });
      } else {
        const fast = choleskySolve(Gm, train.Y, { ridge, rcond });
        solve = fast && fast.condition <= float32Condition ? fast : null;
      }
      if (solve) {
        const c = solve.x;
        const trainPred = matmul(Gm, c).data;
        const C: Matrix64 = {
          rows: nTest,
          cols: n,
          data: cross.subarray(n * n).map((v) => scale * v),
        };
        const testPred = matmul(C, c).data;
        let normSq = 0;
        for (let i = 0; i < trainPred.length; i++) normSq += trainPred[i]! * c.data[i]!;
        return { trainPred, testPred, normSq, solve, precision: 'float32-gram' as Precision };
      }
    }

    // float64: G = ΦΦᵀ from the downloaded float32 features, accumulated along the sweep like
    // the float32 cross products; then a = Φᵀc and the test predictions in a second pass over
    // the same features (amplitude √(2/maxN), so Φ = √(maxN/N)·F).
    const scale = this.maxN / N;
    const G = (await this.advance64(N)).map((v) => scale * v);
    const Gm: Matrix64 = { rows: n, cols: n, data: G };
    const solve = gramSolve(Gm, train.Y, { ridge, rcond });
    const c = solve.x;
    const trainPred = matmul(Gm, c).data;
    const testPred = new Float64Array(nTest * k);
    const root = Math.sqrt(scale);
    let normSq = 0;
    const width = Math.max(1, Math.floor(this.settings.blockFloats / this.all));
    for (let c0 = 0; c0 < N; c0 += width) {
      this.check();
      const w = Math.min(width, N - c0);
      const map = this.factory({ d, N: w, offset: c0, total: this.maxN, featureSeed: this.seed });
      let features: Float32Array;
      try {
        features = await this.rowFeatures(map, 0, this.all);
      } finally {
        map.dispose();
      }
      // a_b = Φ_bᵀc (w×K): the block's coefficients.
      const ab = new Float64Array(w * k);
      accumulateTransposeProduct(features, n, w, c.data, 0, k, ab);
      for (let i = 0; i < ab.length; i++) {
        ab[i]! *= root;
        normSq += ab[i]! * ab[i]!;
      }
      if (nTest > 0) {
        const Fte: Matrix64 = {
          rows: nTest,
          cols: w,
          data: Float64Array.from(features.subarray(n * w), (v) => root * v),
        };
        addInto(testPred, matmul(Fte, { rows: w, cols: k, data: ab }).data);
      }
      await yieldToEventLoop();
    }
    return { trainPred, testPred, normSq, solve, precision: 'float64' as Precision };
  }
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i]! += source[i]!;
}

/**
 * out (cols×k) += Fᵀ·B[rowOffset …], F rows×cols (float32, row-major), B row-major with k
 * columns: the float64 accumulation of ΦᵀY and Φᵀc over blocks of rows.
 */
function accumulateTransposeProduct(
  F: Float32Array,
  rows: number,
  cols: number,
  B: Float64Array,
  rowOffset: number,
  k: number,
  out: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    const bi = (rowOffset + i) * k;
    const fi = i * cols;
    for (let j = 0; j < cols; j++) {
      const f = F[fi + j]!;
      if (f === 0) continue;
      const oj = j * k;
      for (let c = 0; c < k; c++) out[oj + c]! += f * B[bi + c]!;
    }
  }
}
