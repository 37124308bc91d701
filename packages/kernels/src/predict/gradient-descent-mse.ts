import {
  asMatrix64,
  asSymmetricMatrix64,
  assertInteger,
  assertOptions,
  assertWorkBudget,
  asTargets,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  matmul,
  ShapeMismatchError,
  type TargetsInput,
  transpose,
  type WorkBudget,
} from '@overparam/tensor';
import {
  type GdMseAt,
  gdSpectrum,
  readGdOptions,
  readGdTimes,
  spectralFactors,
} from './gd-spectrum.js';
import type { LossNormalization } from './loss-normalization.js';
import type { StepSizeThresholds } from './step-size-thresholds.js';

export type { GdMseAt } from './gd-spectrum.js';

/** Options of {@link gradientDescentMse}. */
export interface GradientDescentMseOptions {
  /** The GD learning rate η > 0 on L = (1/(2c))·Σ(f − y)² (`time` counts in units of it). */
  learningRate: number;
  /** c: 'sum' (c = 1), 'mean' (c = n, the default) or a number. The effective step is η̃ = η/c. */
  lossNormalization?: LossNormalization;
  /**
   * σ² ≥ 0 added to the kernel's diagonal, Θ + σ²I (absolute, as gpInference's). Default 0:
   * GD on the linearized model itself, whose limit is the minimum-norm interpolant.
   */
  diagReg?: number;
  /**
   * Eigenvalues of Θ + σ²I at most rcond·λ_max count as zero in the converged predictor (steps or
   * time Infinity): the pseudo-inverse, the min-norm limit. Default 10·n·ε.
   */
  rcond?: number;
  /** τ ≥ 0: Θ is rejected as indefinite when λ_min < −τ·tr|Θ|. Default 1e-6 (solvePsd's rule). */
  indefiniteTolerance?: number;
  /**
   * Work budget (default tensor's DEFAULT_WORK_BUDGET), checked before the eigendecomposition
   * (9n³ flops, three n×n arrays) and before each `predict` (see {@link gradientDescentMseWork}).
   */
  budget?: WorkBudget;
}

/** The network outputs at initialization and the test kernel, for {@link GradientDescentMse.predict}. */
export interface GdMseInit {
  /** f₀(X) on the training points, n×k like Y. Default 0 (neural-tangents' default too). */
  fTrain0?: TargetsInput;
  /** Θ(X*, X) between m test points and the n training points (m×n); without it, train only. */
  kTestTrain?: MatrixInput;
  /** f₀(X*) on the test points, m×k. Default 0. Needs kTestTrain. */
  fTest0?: TargetsInput;
}

/** The GD prediction at one step count or time. */
export interface GdMsePrediction {
  /** 'steps' (discrete GD) or 'time' (gradient flow). */
  kind: 'steps' | 'time';
  /** k or t (Infinity: converged). */
  at: number;
  /** f(X) on the training points, n×k. */
  train: Matrix64;
  /** f(X*) on the test points, m×k, or null without kTestTrain. */
  test: Matrix64 | null;
  /** Training loss (1/(2c))·‖f(X) − Y‖²_F. */
  loss: number;
}

/** GD on the MSE of a linearized (or infinitely wide) model, diagonalized once; see {@link gradientDescentMse}. */
export interface GradientDescentMse {
  readonly n: number;
  /** Output columns k of Y. */
  readonly outputs: number;
  readonly diagReg: number;
  /** η̃ = η/c. */
  readonly effectiveStep: number;
  /** c of the loss. */
  readonly lossNormalization: number;
  /** Eigenvalues of Θ + σ²I, ascending. */
  readonly eigenvalues: Float64Array;
  /** Eigenvalues above rcond·λ_max: the rank the converged predictor inverts. */
  readonly rank: number;
  /** Stability thresholds 2/λ_max and 2/(λ_min + λ_max) of Θ + σ²I. */
  readonly thresholds: StepSizeThresholds;
  /** max_i |1 − η̃λ_i|: the residual contracts per step by at most this (diverges if > 1). */
  readonly contraction: number;
  /** η̃ < 2/λ_max: discrete GD converges (to the min-norm interpolant when σ² = 0). */
  readonly converges: boolean;
  /** η̃ < 2/(λ_min + λ_max), the step of Lee et al.'s closeness theorem. */
  readonly withinLeeCondition: boolean;
  /**
   * The predictions at one step count or time (an object), or at a list of them (an array, one
   * setup shared by all): f(X) = Y + E·(f₀(X) − Y) and f(X*) = f₀(X*) − Θ(X*, X)·Θ⁻¹(I − E)·(f₀(X) − Y),
   * E = (I − η̃Θ)^k or exp(−η̃Θt).
   *
   * @throws InvalidArgumentError for steps that are not integers ≥ 0 (or Infinity), negative
   *   times, steps Infinity when GD diverges, a fTest0 without kTestTrain; ShapeMismatchError
   *   for sizes that do not match; NonFiniteError; WorkBudgetError.
   */
  predict(at: { steps: number } | { time: number }, init?: GdMseInit): GdMsePrediction;
  predict(
    at: { steps: readonly number[] } | { time: readonly number[] },
    init?: GdMseInit,
  ): GdMsePrediction[];
  predict(at: GdMseAt, init?: GdMseInit): GdMsePrediction | GdMsePrediction[];
  /**
   * The projections of one f₀ and test kernel (Vᵀ(f₀ − Y), Θ(X*, X)·V: O(m·n²)) done once, for
   * predictions asked one time at a time (a training loop's measurements): each call then costs
   * O((n + m)·n·k).
   */
  prepare(init?: GdMseInit): GdMsePredictor;
}

/** {@link GradientDescentMse.predict} for one f₀ and test kernel, set up once; see `prepare`. */
export interface GdMsePredictor {
  predict(at: { steps: number } | { time: number }): GdMsePrediction;
  predict(at: { steps: readonly number[] } | { time: readonly number[] }): GdMsePrediction[];
  predict(at: GdMseAt): GdMsePrediction | GdMsePrediction[];
}

/**
 * The work of {@link gradientDescentMse} for n training points, k outputs, m test points and T
 * prediction times: the setup (eigh, 9n³ flops) and one `predict` call (the projections
 * Θ(X*, X)·V and Vᵀ(f₀ − Y), then O((n + m)·n·k) per time).
 */
export function gradientDescentMseWork(
  n: number,
  k = 1,
  m = 0,
  times = 1,
): { setup: { flops: number; bytes: number }; predict: { flops: number; bytes: number } } {
  for (const [name, v] of Object.entries({ n, k, m, times }))
    assertInteger('gradientDescentMseWork', name, v);
  return {
    setup: { flops: 9 * n ** 3, bytes: 8 * 3 * n * n },
    predict: {
      flops: 2 * m * n * n + 2 * n * n * k + times * 2 * (n + m) * n * k,
      bytes: 8 * (m * n + times * (n + m) * k + 2 * n * k),
    },
  };
}

/**
 * Gradient descent on the mean squared error of a model that is linear in its parameters, with
 * tangent kernel Θ on the training points, in closed form at any step or time: the linearized
 * network f^lin = f₀ + ∇f₀·(θ − θ₀), and, with the analytic NTK, the infinitely wide network
 * (Lee et al., "Wide neural networks of any depth evolve as linear models under gradient
 * descent", NeurIPS 2019, eqs. (8)–(11); https://overparam.dev/docs/theory/linearized-gd#discrete-time).
 * With η̃ = η/c, r₀ = f₀(X) − Y and E_k = (I − η̃Θ)^k (discrete) or exp(−η̃Θt) (gradient flow):
 *
 *   f_k(X) = Y + E_k·r₀,    f_k(X*) = f₀(X*) − Θ(X*, X)·Θ⁻¹(I − E_k)·r₀.
 *
 * One float64 eigendecomposition Θ + σ²I = VΛVᵀ serves every step, time, output column and test
 * set: Θ⁻¹(I − E_k) = V·diag(g)·Vᵀ with g = (1 − (1 − η̃λ)^k)/λ = η̃·Σ_{j<k}(1 − η̃λ)^j, evaluated
 * without cancellation (g = η̃k at λ = 0), so a singular Θ (duplicate points, n > rank) gives the
 * exact GD iterate, not NaN. Steps or time `Infinity` give the converged predictor: the
 * pseudo-inverse (eigenvalues at most rcond·λ_max dropped), i.e. the min-norm interpolant for
 * σ² = 0 and kernel ridge regression with ridge σ² otherwise; the training residual's component in
 * Θ's null space stays. Above the stability threshold η̃ ≥ 2/λ_max discrete GD diverges along the
 * top eigenvectors, and the finite-step predictions grow like |1 − η̃λ_max|^k, as GD does, up to
 * ±Infinity past float64's range (never NaN; the loss is then Infinity).
 *
 * neural-tangents' `predict.gradient_descent_mse` is the continuous-time version with c = n·k
 * ('mean' over all entries); here c = n for 'mean' (per output column), and discrete steps are exact.
 *
 * @throws ShapeMismatchError when Θ is not square or Y has the wrong number of rows;
 *   NonFiniteError; NotSymmetricError; NotPositiveDefiniteError for an indefinite Θ;
 *   InvalidArgumentError for a bad learningRate, lossNormalization, diagReg, rcond or
 *   indefiniteTolerance; WorkBudgetError past the budget.
 * @example
 * const gd = gradientDescentMse([[2, 0], [0, 1]], [1, 1], { learningRate: 0.5, lossNormalization: 'sum' });
 * gd.predict({ steps: 1 }).train.data        // Float64Array [1, 0.5]  (modes contract by 1 − η̃λ = 0, 0.5)
 * gd.predict({ steps: [0, 10, Infinity] })   // three predictions from one eigendecomposition
 */
export function gradientDescentMse(
  kTrainTrain: MatrixInput,
  yTrain: TargetsInput,
  options: GradientDescentMseOptions,
): GradientDescentMse {
  const op = 'gradientDescentMse';
  assertOptions(op, 'options', options, false);
  const K = asSymmetricMatrix64(op, 'kTrainTrain', kTrainTrain, {
    meaning: 'Θ on the n training points, n×n',
  });
  const n = K.rows;
  const Y = asTargets(op, 'yTrain', yTrain, { rows: n });
  const k = Y.cols;
  const settings = readGdOptions(op, options, n);
  const { c, eta, diagReg } = settings;
  const budget = options.budget;
  assertWorkBudget(
    op,
    gradientDescentMseWork(n, k).setup,
    budget,
    'subsample the training set (the eigendecomposition is 9n³ flops)',
  );
  const sp = gdSpectrum(op, 'kTrainTrain', K, settings);
  const { values, V, rank, thresholds, contraction, converges } = sp;
  const vd = V.data;

  /** The setup of an f₀ and a test kernel, shared by every time asked for with them. */
  function bind(pop: string, init: GdMseInit | undefined) {
    if (init !== undefined) assertOptions(pop, 'init', init);
    const f0 =
      init?.fTrain0 === undefined ? null : asTargets(pop, 'fTrain0', init.fTrain0, { rows: n });
    if (f0 && f0.cols !== k) {
      throw new ShapeMismatchError(pop, `fTrain0 has ${f0.cols} columns`, `${k}, as yTrain`);
    }
    if (init?.fTest0 !== undefined && init.kTestTrain === undefined) {
      throw new InvalidArgumentError(
        'kTestTrain',
        undefined,
        'Θ(X*, X) (m×n) with fTest0: test predictions need the test kernel',
        pop,
      );
    }
    const Kx =
      init?.kTestTrain === undefined
        ? null
        : asMatrix64(pop, 'kTestTrain', init.kTestTrain, {
            cols: n,
            meaning: 'Θ(X*, X): rows = test points, columns = training points',
          });
    const m = Kx ? Kx.rows : 0;
    const fx0 =
      init?.fTest0 === undefined ? null : asTargets(pop, 'fTest0', init.fTest0, { rows: m });
    if (fx0 && fx0.cols !== k) {
      throw new ShapeMismatchError(pop, `fTest0 has ${fx0.cols} columns`, `${k}, as yTrain`);
    }
    assertWorkBudget(
      pop,
      gradientDescentMseWork(n, k, m, 0).predict,
      budget,
      'ask for fewer test points at a time',
    );

    // a = Vᵀ r₀ (n×k) and B = Θ(X*, X)·V (m×n): the setup shared by all times.
    const r0 = Float64Array.from(Y.data, (y, i) => (f0 ? (f0.data[i] as number) : 0) - y);
    const a = matmul(transpose(V), { rows: n, cols: k, data: r0 }).data;
    // B = Θ(X*, X)·V by tensor's blocked product: the one O(m·n²) step of a call.
    const B = Kx ? matmul(Kx, V).data : null;
    return { m, f0, fx0, a, B };
  }

  function run(pop: string, bound: ReturnType<typeof bind>, at: GdMseAt) {
    const { kind, list, single } = readGdTimes(pop, at, sp);
    const { m, f0, fx0, a, B } = bound;
    assertWorkBudget(
      pop,
      gradientDescentMseWork(n, k, m, list.length).predict,
      budget,
      'ask for fewer times or test points per call',
    );
    const decayTrain = new Float64Array(n);
    const gain = new Float64Array(n);
    const wTrain = new Float64Array(n * k);
    const wTest = new Float64Array(n * k);
    const out = list.map((t): GdMsePrediction => {
      if (t === 0) {
        // Step 0 and time 0 are f₀ exactly (no rounding through the eigenbasis).
        const train = f0 ? Float64Array.from(f0.data) : new Float64Array(n * k);
        let sq = 0;
        for (let i = 0; i < n * k; i++) sq += ((train[i] as number) - (Y.data[i] as number)) ** 2;
        const test = B
          ? { rows: m, cols: k, data: fx0 ? Float64Array.from(fx0.data) : new Float64Array(m * k) }
          : null;
        return { kind, at: t, train: { rows: n, cols: k, data: train }, test, loss: sq / (2 * c) };
      }
      spectralFactors(sp, kind, t, decayTrain, gain);
      // Coefficients in the eigenbasis (a zero mode stays zero even where the factor overflows).
      for (let j = 0; j < n * k; j++) {
        const aj = a[j] as number;
        const jj = Math.floor(j / k);
        wTrain[j] = aj === 0 ? 0 : (decayTrain[jj] as number) * aj;
        wTest[j] = aj === 0 ? 0 : (gain[jj] as number) * aj;
      }
      const train = Float64Array.from(Y.data);
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const row = i * n;
        for (let c2 = 0; c2 < k; c2++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += (vd[row + j] as number) * (wTrain[j * k + c2] as number);
          train[i * k + c2] = (train[i * k + c2] as number) + s;
          sq += s * s;
        }
      }
      let test: Matrix64 | null = null;
      if (B) {
        const data = fx0 ? Float64Array.from(fx0.data) : new Float64Array(m * k);
        for (let r = 0; r < m; r++) {
          const row = r * n;
          for (let c2 = 0; c2 < k; c2++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += (B[row + j] as number) * (wTest[j * k + c2] as number);
            data[r * k + c2] = (data[r * k + c2] as number) - s;
          }
        }
        test = { rows: m, cols: k, data };
      }
      let loss = sq / (2 * c);
      if (!converges && !(Number.isFinite(loss) && finite(train) && (!test || finite(test.data)))) {
        // Past float64's range GD's iterates are ±Infinity along the top modes; 0·∞ and ∞ − ∞ in
        // the eigenbasis sums would give NaN instead: each overflowed entry takes the sign of
        // its dominant mode (the one with the largest |1 − η̃λ| it has a component on).
        saturate(
          train,
          (i, c2) =>
            Array.from(
              { length: n },
              (_, j) => (vd[i * n + j] as number) * (wTrain[j * k + c2] as number),
            ),
          k,
        );
        if (test && B)
          saturate(
            test.data,
            (r, c2) =>
              Array.from(
                { length: n },
                (_, j) => -(B[r * n + j] as number) * (wTest[j * k + c2] as number),
              ),
            k,
          );
        loss = Number.POSITIVE_INFINITY;
      }
      return { kind, at: t, train: { rows: n, cols: k, data: train }, test, loss };
    });
    return single ? (out[0] as GdMsePrediction) : out;
  }

  return {
    n,
    outputs: k,
    diagReg,
    effectiveStep: eta,
    lossNormalization: c,
    eigenvalues: values,
    rank,
    thresholds,
    contraction,
    converges,
    withinLeeCondition: sp.withinLeeCondition,
    predict: ((at: GdMseAt, init?: GdMseInit) => {
      const pop = 'gradientDescentMse.predict';
      return run(pop, bind(pop, init), at);
    }) as GradientDescentMse['predict'],
    prepare(init) {
      const pop = 'gradientDescentMse.prepare';
      const bound = bind(pop, init);
      return {
        predict: ((at: GdMseAt) =>
          run('gradientDescentMse.prepare().predict', bound, at)) as GdMsePredictor['predict'],
      };
    },
  };
}

function finite(v: Float64Array): boolean {
  for (const x of v) if (!Number.isFinite(x)) return false;
  return true;
}

/**
 * Replaces each NaN (an overflow that met 0·∞ or ∞ − ∞) by ±Infinity: the sign of the term of
 * largest magnitude among its eigenbasis terms (Infinity terms dominate).
 */
function saturate(
  out: Float64Array,
  terms: (row: number, col: number) => number[],
  k: number,
): void {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isNaN(out[i] as number)) continue;
    let best = 0;
    for (const x of terms(Math.floor(i / k), i % k)) {
      if (Number.isNaN(x)) continue;
      if (Math.abs(x) > Math.abs(best)) best = x;
    }
    out[i] = best === 0 ? 0 : best > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
}
