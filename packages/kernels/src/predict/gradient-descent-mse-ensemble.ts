import {
  asMatrix64,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  asTargets,
  asVector,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  matmul,
  ShapeMismatchError,
  type TargetsInput,
  transpose,
  type VectorInput,
} from '@overparam/tensor';
import type { FcKernelPair } from '../fc-kernel.js';
import {
  type GdMseAt,
  type GdSpectrum,
  gdSpectrum,
  readGdOptions,
  readGdTimes,
  spectralFactors,
} from './gd-spectrum.js';
import type { GradientDescentMseOptions } from './gradient-descent-mse.js';

/**
 * A network kernel with both its NNGP and its NTK in float64: `fcKernel(…)` is one, and so is
 * any object with these two methods (the kernels of other architectures).
 */
export interface NetworkKernel {
  /** { nngp, ntk } of K(X, Y) (Y = X when omitted), n×m. */
  f64(X: MatrixInput, Y?: MatrixInput): FcKernelPair<Matrix64>;
  /** { nngp, ntk } of k(x_i, x_i). */
  diagF64(X: MatrixInput): FcKernelPair<Float64Array>;
}

/** Options of {@link gradientDescentMseEnsemble}: those of {@link gradientDescentMse}, diagReg on both kernels. */
export interface GradientDescentMseEnsembleOptions extends GradientDescentMseOptions {
  /**
   * σ² ≥ 0 added to the diagonal of both training kernels, NNGP and NTK (as neural-tangents
   * does): the noise variance of the training targets. With it, `get: 'nngp'` at Infinity is
   * exactly the Gaussian-process posterior of {@link gpInference} with the same diagReg.
   * Default 0.
   */
  diagReg?: number;
}

/** What to predict: see {@link GradientDescentMseEnsemble.predict}. */
export type GdEnsembleQuery = GdMseAt & {
  /** Test inputs X* (m×d). Default: the training inputs. */
  xTest?: MatrixInput;
  /**
   * 'ntk' (default): every layer trained, Θ drives GD from outputs f₀ ~ GP(0, K). 'nngp': only
   * the readout layer trained, the NNGP drives GD (the Bayesian posterior at Infinity).
   */
  get?: 'ntk' | 'nngp';
  /** Also return the full m×m covariance (variances are always returned). Default false. */
  computeCov?: boolean;
};

/** Mean and covariance over initializations at one step count or time. */
export interface GdEnsemblePrediction {
  kind: 'steps' | 'time';
  /** k or t (Infinity: converged). */
  at: number;
  get: 'ntk' | 'nngp';
  /** E[f_t(X*)], m×k. */
  mean: Matrix64;
  /**
   * Var[f_t(x*)] per test point (the same for every output column). The exact value is ≥ 0 (a
   * covariance of Gaussians); negatives from rounding are clipped to 0 and counted.
   */
  variance: Float64Array;
  /** Cov[f_t(X*), f_t(X*)], m×m, when computeCov; else null. */
  covariance: Matrix64 | null;
  /** How many variances came out negative from rounding and were clipped to 0. */
  clippedVariances: number;
}

/** The ensemble predictor of {@link gradientDescentMseEnsemble}. */
export interface GradientDescentMseEnsemble {
  readonly n: number;
  readonly outputs: number;
  readonly diagReg: number;
  /** η̃ = η/c. */
  readonly effectiveStep: number;
  /** NNGP and NTK on the training inputs (without diagReg). */
  readonly kTrainTrain: FcKernelPair<Matrix64>;
  /** Whether discrete GD converges with the NTK (η̃ < 2/λ_max(Θ + σ²I)) and with the NNGP. */
  readonly converges: { ntk: boolean; nngp: boolean };
  /**
   * Mean and covariance of the infinitely wide network at steps k or time t (numbers or arrays,
   * one setup shared by all).
   *
   * @throws InvalidArgumentError for bad steps/times, get or computeCov, steps Infinity when GD
   *   diverges, or so many diverging steps that |1 − η̃λ_max|^k passes 1e100 (it names the largest
   *   step count that works); InvalidArgumentError or ShapeMismatchError for kernel outputs that
   *   are not { nngp, ntk } matrices of the right size; ShapeMismatchError for xTest of another input dimension; WorkBudgetError.
   */
  predict(query: GdEnsembleQuery & ({ steps: number } | { time: number })): GdEnsemblePrediction;
  predict(
    query: GdEnsembleQuery & ({ steps: readonly number[] } | { time: readonly number[] }),
  ): GdEnsemblePrediction[];
  predict(query: GdEnsembleQuery): GdEnsemblePrediction | GdEnsemblePrediction[];
}

/**
 * The mean and covariance, over random initializations, of an infinitely wide network trained by
 * gradient descent on the squared loss, at any step k or time t (Lee et al., "Wide neural networks
 * of any depth evolve as linear models under gradient descent", NeurIPS 2019, eqs. (13)–(16);
 * https://overparam.dev/docs/theory/linearized-gd#wide-net-predictions). The outputs at initialization are
 * the NNGP, f₀ ~ GP(0, K), and the network moves as its linearization with the NTK Θ, so with
 * T = Θ⁻¹(I − E), E = (I − η̃Θ)^k or exp(−η̃Θt) (both on the training points, σ² added):
 *
 *   mean(x)   = Θ(x, X)·T·Y,
 *   cov(x, x') = K(x, x') + Θ(x, X)·T·K·T·Θ(X, x') − Θ(x, X)·T·K(X, x') − K(x, X)·T·Θ(X, x').
 *
 * `get: 'nngp'` trains only the readout: Θ is replaced by K everywhere, and at Infinity the
 * result is the NNGP posterior (gpInference). At Infinity with the NTK the mean is kernel
 * regression with Θ, and the variance is what the random initialization leaves: not the
 * posterior of any GP (Lee et al. §2.3.1). Singular kernels give the min-norm limit, never NaN.
 *
 * Float64 on the CPU: one eigendecomposition of Θ (and of K for 'nngp') shared by every call;
 * a call costs the kernels at the test points plus O(m·n²) per time (O(m²·n) more with
 * computeCov).
 *
 * @throws InvalidArgumentError for a kernel without f64/diagF64, bad options (as
 *   gradientDescentMse); ShapeMismatchError when yTrain has the wrong number of rows;
 *   NotPositiveDefiniteError when the kernel gives an indefinite matrix; WorkBudgetError.
 * @example
 * const kernel = fcKernel({ depth: 2, wStd: Math.SQRT2, bStd: 0.1 });
 * const ens = gradientDescentMseEnsemble(kernel, xTrain, yTrain, { learningRate: 1 });
 * const [early, done] = ens.predict({ xTest, steps: [10, Infinity], computeCov: true });
 * done.variance // what 100% of the width-∞ networks still disagree on at x*
 */
export function gradientDescentMseEnsemble(
  kernel: NetworkKernel,
  xTrain: MatrixInput,
  yTrain: TargetsInput,
  options: GradientDescentMseEnsembleOptions,
): GradientDescentMseEnsemble {
  const op = 'gradientDescentMseEnsemble';
  if (
    kernel === null ||
    typeof kernel !== 'object' ||
    typeof kernel.f64 !== 'function' ||
    typeof kernel.diagF64 !== 'function'
  ) {
    throw new InvalidArgumentError(
      'kernel',
      kernel,
      'a network kernel with f64(X, Y?) → { nngp, ntk } and diagF64(X), e.g. fcKernel({ depth: 2 })',
      op,
    );
  }
  assertOptions(op, 'options', options, false);
  const X = asMatrix64(op, 'xTrain', xTrain, { meaning: 'training inputs, one per row (n×d)' });
  const n = X.rows;
  const Y = asTargets(op, 'yTrain', yTrain, { rows: n });
  const k = Y.cols;
  const settings = readGdOptions(op, options, n);
  const { diagReg } = settings;
  const budget = options.budget;
  assertWorkBudget(
    op,
    { flops: 20 * n ** 3, bytes: 8 * 6 * n * n },
    budget,
    'subsample the training set (two eigendecompositions and an n×n product, ~20n³ flops)',
  );
  const kTrain = readPair(op, 'kernel.f64(xTrain)', kernel.f64(X), n, n);
  // The training-set prior of f₀(X): the NNGP plus σ² (observation noise).
  const prior = Float64Array.from(kTrain.nngp.data);
  for (let i = 0; i < n; i++) prior[i * n + i] = (prior[i * n + i] as number) + diagReg;

  interface Route {
    sp: GdSpectrum;
    /** VᵀY and Vᵀ(K + σ²I)V in the route's eigenbasis. */
    vty: Float64Array;
    p: Float64Array;
  }
  const routes: { ntk?: Route; nngp?: Route } = {};
  const route = (get: 'ntk' | 'nngp'): Route => {
    const existing = routes[get];
    if (existing) return existing;
    const sp = gdSpectrum(
      op,
      get === 'ntk' ? 'ntk(xTrain)' : 'nngp(xTrain)',
      kTrain[get],
      settings,
    );
    const vty = matmul(transpose(sp.V), Y).data;
    // P = Vᵀ(K + σ²I)V: diagonal (the eigenvalues) on the NNGP route.
    let p: Float64Array;
    if (get === 'nngp') {
      p = new Float64Array(n * n);
      for (let j = 0; j < n; j++) p[j * n + j] = sp.values[j] as number;
    } else {
      p = matmul(transpose(sp.V), matmul({ rows: n, cols: n, data: prior }, sp.V)).data;
    }
    const r = { sp, vty, p };
    routes[get] = r;
    return r;
  };
  const ntkRoute = route('ntk');

  function predict(query: GdEnsembleQuery): GdEnsemblePrediction | GdEnsemblePrediction[] {
    const pop = 'gradientDescentMseEnsemble.predict';
    assertOptions(pop, 'query', query, false);
    const get = query.get === undefined ? 'ntk' : query.get;
    assertOneOf(pop, 'get', get, ['ntk', 'nngp'] as const);
    const computeCov = query.computeCov === undefined ? false : query.computeCov;
    if (typeof computeCov !== 'boolean') {
      throw new InvalidArgumentError('computeCov', computeCov, 'true or false', pop);
    }
    const r = route(get);
    const { kind, list, single } = readGdTimes(pop, query, r.sp);
    const xt =
      query.xTest === undefined
        ? X
        : asMatrix64(pop, 'xTest', query.xTest, { meaning: 'test inputs, one per row (m×d)' });
    if (xt.cols !== X.cols) {
      throw new ShapeMismatchError(pop, `xTest has ${xt.cols} columns`, `${X.cols}, as xTrain`);
    }
    const m = xt.rows;
    const T = list.length;
    assertWorkBudget(
      pop,
      {
        flops: 4 * m * n * n + T * (2 * m * n * n + (computeCov ? 2 * m * m * n : 0)),
        bytes: 8 * (4 * m * n + T * (m * k + m + (computeCov ? m * m : 0))),
      },
      budget,
      'ask for fewer test points or times per call',
    );
    const cross =
      query.xTest === undefined
        ? kTrain
        : readPair(pop, 'kernel.f64(xTest, xTrain)', kernel.f64(xt, X), m, n);
    const kStar = computeCov
      ? query.xTest === undefined
        ? kTrain.nngp
        : readPair(pop, 'kernel.f64(xTest)', kernel.f64(xt), m, m).nngp
      : null;
    const kDiag = kStar
      ? Float64Array.from({ length: m }, (_, i) => kStar.data[i * m + i] as number)
      : query.xTest === undefined
        ? Float64Array.from({ length: n }, (_, i) => kTrain.nngp.data[i * n + i] as number)
        : readDiagonal(pop, kernel.diagF64(xt), m);

    // A = D(X*, X)·V (the driving kernel) and C = K(X*, X)·V (the prior), m×n.
    const project = (M: Matrix64): Float64Array => matmul(M, r.sp.V).data;
    const A = project(cross[get]);
    const C = get === 'nngp' ? A : project(cross.nngp);
    const decay = new Float64Array(n);
    const gain = new Float64Array(n);
    const G = new Float64Array(m * n);
    const GP = new Float64Array(m * n);
    const out = list.map((t): GdEnsemblePrediction => {
      spectralFactors(r.sp, kind, t, decay, gain);
      assertBoundedGrowth(pop, single ? kind : `${kind}[${list.indexOf(t)}]`, r.sp, kind, t, decay);
      for (let a = 0; a < m; a++)
        for (let j = 0; j < n; j++) G[a * n + j] = (A[a * n + j] as number) * (gain[j] as number);
      // GP = G·P (P diagonal on the NNGP route).
      if (get === 'nngp') {
        for (let a = 0; a < m; a++)
          for (let j = 0; j < n; j++)
            GP[a * n + j] = (G[a * n + j] as number) * (r.p[j * n + j] as number);
      } else {
        GP.set(matmul({ rows: m, cols: n, data: G }, { rows: n, cols: n, data: r.p }).data);
      }
      const mean = new Float64Array(m * k);
      for (let a = 0; a < m; a++)
        for (let j = 0; j < n; j++) {
          const g = G[a * n + j] as number;
          if (g === 0) continue;
          for (let c = 0; c < k; c++)
            mean[a * k + c] = (mean[a * k + c] as number) + g * (r.vty[j * k + c] as number);
        }
      // cov(a, b) = K** − C_a·G_b − G_a·C_b + GP_a·G_b.
      const entry = (a: number, b: number): number => {
        let s = 0;
        for (let j = 0; j < n; j++)
          s +=
            (GP[a * n + j] as number) * (G[b * n + j] as number) -
            (C[a * n + j] as number) * (G[b * n + j] as number) -
            (G[a * n + j] as number) * (C[b * n + j] as number);
        return s;
      };
      const variance = new Float64Array(m);
      let clipped = 0;
      for (let a = 0; a < m; a++) {
        let value = (kDiag[a] as number) + entry(a, a);
        if (value < 0) {
          clipped += 1;
          value = 0;
        }
        variance[a] = value;
      }
      let covariance: Matrix64 | null = null;
      if (kStar) {
        const cov = new Float64Array(m * m);
        for (let a = 0; a < m; a++) {
          cov[a * m + a] = variance[a] as number;
          for (let b = a + 1; b < m; b++) {
            const value = (kStar.data[a * m + b] as number) + entry(a, b);
            cov[a * m + b] = value;
            cov[b * m + a] = value;
          }
        }
        covariance = { rows: m, cols: m, data: cov };
      }
      return {
        kind,
        at: t,
        get,
        mean: { rows: m, cols: k, data: mean },
        variance,
        covariance,
        clippedVariances: clipped,
      };
    });
    return single ? (out[0] as GdEnsemblePrediction) : out;
  }

  return {
    n,
    outputs: k,
    diagReg,
    effectiveStep: settings.eta,
    kTrainTrain: kTrain,
    // The NNGP route (a second eigendecomposition) is computed on first use.
    get converges() {
      return { ntk: ntkRoute.sp.converges, nngp: route('nngp').sp.converges };
    },
    predict: predict as GradientDescentMseEnsemble['predict'],
  };
}

/** The kernel's { nngp, ntk } checked as rows×cols float64 matrices, naming the call. */
function readPair(op: string, what: string, v: unknown, rows: number, cols: number) {
  const pair = v as { nngp?: unknown; ntk?: unknown } | null;
  if (
    pair === null ||
    typeof pair !== 'object' ||
    pair.nngp === undefined ||
    pair.ntk === undefined
  ) {
    throw new InvalidArgumentError(
      what,
      v,
      'an object { nngp, ntk } of two matrices (a network kernel, e.g. fcKernel(…))',
      op,
    );
  }
  const shape = { rows, cols, meaning: `${what} must be ${rows}×${cols}` };
  return {
    nngp: asMatrix64(op, `${what}.nngp`, pair.nngp as MatrixInput, shape),
    ntk: asMatrix64(op, `${what}.ntk`, pair.ntk as MatrixInput, shape),
  };
}

/** The NNGP diagonal of kernel.diagF64(xTest), length m. */
function readDiagonal(op: string, v: unknown, m: number): Float64Array {
  const pair = v as { nngp?: unknown } | null;
  if (pair === null || typeof pair !== 'object' || pair.nngp === undefined) {
    throw new InvalidArgumentError(
      'kernel.diagF64(xTest)',
      v,
      'an object { nngp, ntk } of two vectors',
      op,
    );
  }
  return asVector(op, 'kernel.diagF64(xTest).nngp', pair.nngp as VectorInput, { length: m });
}

/**
 * Discrete GD above the stability threshold grows like |1 − η̃λ_max|^k: past 1e100 the
 * covariance (which squares it) overflows, and an ensemble of diverging networks has no useful
 * mean or spread, so such a step count is refused, with the largest one that works.
 */
function assertBoundedGrowth(
  op: string,
  name: string,
  sp: GdSpectrum,
  kind: 'steps' | 'time',
  t: number,
  decay: Float64Array,
): void {
  if (kind !== 'steps' || sp.contraction <= 1) return;
  let worst = 0;
  for (const v of decay) worst = Math.max(worst, Math.abs(v));
  if (worst <= 1e100) return;
  const kmax = Math.floor((100 * Math.LN10) / Math.log(sp.contraction));
  throw new InvalidArgumentError(
    name,
    t,
    `at most ${kmax} steps at this learning rate: GD diverges (η̃ = ${sp.eta} ≥ 2/λ_max = ${sp.thresholds.maxStableEffectiveStep}) and |1 − η̃λ_max|^k passes 1e100 after that; lower the learningRate below ${sp.thresholds.maxStableLearningRate}, or use { time } for gradient flow`,
    op,
  );
}
