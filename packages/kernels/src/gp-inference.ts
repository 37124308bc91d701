import {
  asMatrix64,
  asSymmetricMatrix64,
  assertNonNegative,
  assertNumber,
  assertOptions,
  assertWorkBudget,
  asTargets,
  asVector,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  psdEigh,
  ShapeMismatchError,
  type TargetsInput,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import { KERNEL_MATRIX } from './internal/validate.js';

/** Options of {@link gpInference}. */
export interface GpInferenceOptions {
  /**
   * The observation noise variance σ² ≥ 0 added to the diagonal: K + σ²I (neural-tangents'
   * `diag_reg`, absolute, not scaled by the trace). Default 0: noiseless inference, the
   * minimum-norm interpolant, for which the marginal likelihood, leave-one-out and GCV are
   * defined only when K is numerically nonsingular.
   */
  diagReg?: number;
  /**
   * Eigenvalues of K + σ²I at most rcond·λ_max count as zero (the numerical rank). Default
   * 10·n·ε.
   */
  rcond?: number;
  /**
   * Work limits, checked before the eigendecomposition (~9n³ flops, three float64 n×n arrays):
   * tensor's DEFAULT_WORK_BUDGET (2e11 flops, 2 GiB) fits n ≈ 2800.
   */
  budget?: WorkBudget;
}

/** Why K + σ²I cannot be inverted as it stands, and what to do (never a NaN instead). */
export interface GpDiagnosis {
  /** λ_max/λ_min of K + σ²I (Infinity when λ_min ≤ 0). */
  condition: number;
  /** Eigenvalues above rcond·λ_max. */
  numericalRank: number;
  /** A diagReg that makes K + σ²I well conditioned: 1e-10·λ_max above the current one. */
  suggestedDiagReg: number;
  /** The diagnosis in words. */
  message: string;
}

/** Posterior predictions at m test points. */
export interface GpPosterior {
  /** Posterior mean K(X*, X)(K + σ²I)⁺Y, m×k. */
  mean: Matrix64;
  /**
   * Posterior variance of f at each test point, k(x*, x*) − K(x*, X)(K + σ²I)⁺K(X, x*) (the
   * same for every output column); null when no test diagonal or test kernel was given.
   */
  variance: Float64Array | null;
  /** The full m×m posterior covariance, when kTestTest was a matrix; else null. */
  covariance: Matrix64 | null;
  /**
   * How many variances came out negative from rounding (down to −1e-8·max k(x*, x*)) and were
   * clipped to 0; a larger negative value throws (the kernels do not match).
   */
  clippedVariances: number;
}

/** Gaussian-process inference with a kernel matrix; see {@link gpInference}. */
export interface GpInference {
  readonly n: number;
  /** Output columns k of Y. */
  readonly outputs: number;
  readonly diagReg: number;
  /** Eigenvalues of K + σ²I, ascending. */
  readonly eigenvalues: Float64Array;
  /** Numerical rank of K + σ²I (cutoff rcond·λ_max). */
  readonly rank: number;
  /** λ_max/λ_min of K + σ²I; Infinity when singular. */
  readonly condition: number;
  /** Set when K + σ²I is singular or too ill-conditioned for the marginal likelihood and LOO. */
  readonly diagnosis: GpDiagnosis | null;
  /** The weights α = (K + σ²I)⁺Y (n×k): mean(x) = K(x, X)·α. */
  readonly alpha: Matrix64;
  /**
   * log p(Y | X) = Σ over output columns of −½yᵀ(K + σ²I)⁻¹y − ½log det(K + σ²I) − (n/2)log 2π
   * (Rasmussen & Williams 2006, eq. 2.30); null with a diagnosis when K + σ²I is singular.
   */
  readonly logMarginalLikelihood: number | null;
  /**
   * Leave-one-out predictions in closed form, μ₋ᵢ = yᵢ − αᵢ/[(K + σ²I)⁻¹]ᵢᵢ (Rasmussen &
   * Williams eq. 5.12), n×k, their variances 1/[(K + σ²I)⁻¹]ᵢᵢ (of yᵢ, noise included) and the
   * mean squared LOO error over all entries; null with a diagnosis when K + σ²I is singular.
   */
  readonly looPredictions: Matrix64 | null;
  readonly looVariances: Float64Array | null;
  readonly looMse: number | null;
  /**
   * Generalized cross-validation of the ridge fit, n·‖(I − H)Y‖²_F / tr(I − H)² with
   * H = K(K + σ²I)⁻¹ (Golub, Heath & Wahba 1979), per output column summed; null when σ² = 0
   * (an interpolant: 0/0).
   */
  readonly gcv: number | null;
  /**
   * Posterior at test points: `kTestTrain` is K(X*, X) (m×n); `kTestTest` is k(x*, x*) as the
   * m×m matrix (full covariance) or its diagonal (variances only), or omitted (mean only).
   */
  posterior(kTestTrain: MatrixInput, kTestTest?: MatrixInput | VectorInput): GpPosterior;
}

const EPS = 2 ** -52;
/** Negative posterior variances down to this fraction of max k(x*, x*) are rounding: clipped. */
const CLIP = 1e-8;

/**
 * Gaussian-process regression with a kernel matrix K on the training inputs, in float64 on the
 * CPU, from one symmetric eigendecomposition K + σ²I = QΛQᵀ shared by everything it reports:
 * the posterior mean and covariance at any test points, the log marginal likelihood, the
 * closed-form leave-one-out predictions and error, and GCV (Rasmussen & Williams, "Gaussian
 * Processes for Machine Learning", 2006, §2.2, eq. 2.30 and §5.4.2;
 * https://overparam.dev/docs/theory/linearized-gd#gp-inference). With the NNGP of a network
 * as K this is the Bayesian posterior of the infinitely wide network; with its NTK and σ² = 0
 * the mean is the network trained to convergence from zero output (Lee et al. 2019).
 *
 * Robust where it matters: eigenvalues at most rcond·λ_max are dropped (the mean is then the
 * minimum-norm interpolant), the quantities that need (K + σ²I)⁻¹ are null with a typed
 * {@link GpDiagnosis} (condition, numerical rank, a suggested diagReg) instead of NaN, and
 * negative posterior variances from rounding are clipped to 0 and counted.
 *
 * @throws ShapeMismatchError when K is not square or Y has the wrong number of rows;
 *   InvalidArgumentError for a negative diagReg or rcond outside [0, 1); NonFiniteError for
 *   NaN entries; NotSymmetricError; NotPositiveDefiniteError for an indefinite K (an
 *   eigenvalue below −1e-6·tr|K|); WorkBudgetError past the budget; from `posterior`,
 *   ShapeMismatchError for test kernels of the wrong size and InvalidArgumentError for a
 *   kTestTest that gives a clearly negative variance (not the kernel of K).
 * @example
 * const K = rbfKernel().f64([[0], [1], [2]]);
 * const gp = gpInference(K, [0, 1, 0], { diagReg: 0.01 });
 * gp.logMarginalLikelihood // ≈ −3.62
 * gp.posterior(rbfKernel().f64([[1.5]], [[0], [1], [2]]), [1]).variance // [≈ 0.025]
 */
export function gpInference(
  K: MatrixInput,
  Y: TargetsInput,
  options: GpInferenceOptions = {},
): GpInference {
  const op = 'gpInference';
  assertOptions(op, 'options', options);
  const { diagReg = 0 } = options;
  assertNonNegative(
    op,
    'diagReg',
    diagReg,
    'the noise variance σ² added to the diagonal, e.g. 1e-4',
  );
  const k = asSymmetricMatrix64(op, 'K', K, { meaning: KERNEL_MATRIX.meaning });
  const n = k.rows;
  const { rcond = 10 * Math.max(n, 1) * EPS } = options;
  assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  assertWorkBudget(
    op,
    { flops: 9 * n ** 3, bytes: 3 * 8 * n * n },
    options.budget,
    'subsample the training set, or use kernelRidge (Cholesky, n³/3 flops) for the mean alone',
  );
  const y = asTargets(op, 'Y', Y, { rows: n });
  const outputs = y.cols;

  // One eigendecomposition of K + σ²I, its pseudo-inverse spectrum (1/λ above rcond·λ_max, else
  // 0) and tensor's indefiniteness rule (λ_min < −1e-6·tr|K| throws NotPositiveDefiniteError).
  const {
    values,
    vectors: q,
    inverse: inv,
    rank,
    lambdaMax,
    cond: condition,
  } = psdEigh(k, { ridge: diagReg, rcond, symmetryTolerance: Number.POSITIVE_INFINITY });
  const lmax = Math.max(lambdaMax, 0);
  const invertible = rank === n;
  const diagnosis: GpDiagnosis | null = invertible
    ? null
    : {
        condition,
        numericalRank: rank,
        suggestedDiagReg: diagReg + 1e-10 * Math.max(lmax, Number.MIN_VALUE),
        message: `K + diagReg·I (diagReg = ${diagReg}) has numerical rank ${rank} of ${n} (condition ${condition === Infinity ? '∞' : condition.toExponential(2)}): the marginal likelihood and leave-one-out need its inverse. Duplicate or nearly collinear training points do this; pass { diagReg: ${(diagReg + 1e-10 * lmax).toExponential(2)} } or more (a noise variance) to regularize.`,
      };

  // Qᵀ Y (n×k), then α = Q diag(inv) Qᵀ Y.
  const qd = q.data;
  const qty = new Float64Array(n * outputs);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const qij = qd[i * n + j] as number;
      if (qij === 0) continue;
      for (let c = 0; c < outputs; c++)
        qty[j * outputs + c] =
          (qty[j * outputs + c] as number) + qij * (y.data[i * outputs + c] as number);
    }
  const alpha = new Float64Array(n * outputs);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const w = (qd[i * n + j] as number) * (inv[j] as number);
      if (w === 0) continue;
      for (let c = 0; c < outputs; c++)
        alpha[i * outputs + c] =
          (alpha[i * outputs + c] as number) + w * (qty[j * outputs + c] as number);
    }

  let logMarginalLikelihood: number | null = null;
  let looPredictions: Matrix64 | null = null;
  let looVariances: Float64Array | null = null;
  let looMse: number | null = null;
  if (invertible) {
    let logDet = 0;
    for (let j = 0; j < n; j++) logDet += Math.log(values[j] as number);
    let fit = 0;
    for (let i = 0; i < n * outputs; i++) fit += (y.data[i] as number) * (alpha[i] as number);
    logMarginalLikelihood =
      -0.5 * fit - 0.5 * outputs * logDet - 0.5 * outputs * n * Math.log(2 * Math.PI);
    // [(K + σ²I)⁻¹]ᵢᵢ = Σⱼ Qᵢⱼ²/λⱼ.
    const dInv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (qd[i * n + j] as number) ** 2 * (inv[j] as number);
      dInv[i] = s;
    }
    const loo = new Float64Array(n * outputs);
    let sq = 0;
    for (let i = 0; i < n; i++)
      for (let c = 0; c < outputs; c++) {
        const r = (alpha[i * outputs + c] as number) / (dInv[i] as number);
        loo[i * outputs + c] = (y.data[i * outputs + c] as number) - r;
        sq += r * r;
      }
    looPredictions = { rows: n, cols: outputs, data: loo };
    looVariances = dInv.map((d) => 1 / d);
    looMse = n * outputs > 0 ? sq / (n * outputs) : 0;
  }

  // GCV: (I − H)Y = σ²α and tr(I − H) = σ² tr((K + σ²I)⁻¹) = Σ σ²/λⱼ.
  let gcv: number | null = null;
  if (diagReg > 0 && invertible && n > 0) {
    let num = 0;
    for (const v of alpha) num += (diagReg * v) ** 2;
    let tr = 0;
    for (let j = 0; j < n; j++) tr += diagReg * (inv[j] as number);
    gcv = (n * num) / (tr * tr);
  }

  const alphaM: Matrix64 = { rows: n, cols: outputs, data: alpha };
  return {
    n,
    outputs,
    diagReg,
    eigenvalues: values,
    rank,
    condition,
    diagnosis,
    alpha: alphaM,
    logMarginalLikelihood,
    looPredictions,
    looVariances,
    looMse,
    gcv,
    posterior(kTestTrain, kTestTest) {
      const pop = 'gpInference.posterior';
      const kt = asMatrix64(pop, 'kTestTrain', kTestTrain);
      if (kt.cols !== n) {
        throw new ShapeMismatchError(
          pop,
          `kTestTrain has ${kt.cols} columns`,
          `${n} columns, one per training point (K(X*, X) is m×n)`,
        );
      }
      const m = kt.rows;
      assertWorkBudget(
        pop,
        { flops: 2 * m * n * (n + m + outputs), bytes: 8 * (2 * m * n + m * m) },
        options.budget,
        'ask for fewer test points at a time',
      );
      const mean = new Float64Array(m * outputs);
      for (let r = 0; r < m; r++)
        for (let i = 0; i < n; i++) {
          const v = kt.data[r * n + i] as number;
          if (v === 0) continue;
          for (let c = 0; c < outputs; c++)
            mean[r * outputs + c] =
              (mean[r * outputs + c] as number) + v * (alpha[i * outputs + c] as number);
        }
      const result: GpPosterior = {
        mean: { rows: m, cols: outputs, data: mean },
        variance: null,
        covariance: null,
        clippedVariances: 0,
      };
      if (kTestTest === undefined) return result;
      const full = Array.isArray(kTestTest)
        ? Array.isArray(kTestTest[0])
        : typeof kTestTest === 'object' && kTestTest !== null && 'rows' in kTestTest;
      const prior = full
        ? asSymmetricMatrix64(pop, 'kTestTest', kTestTest as MatrixInput, {
            meaning: 'the test kernel k(X*, X*) (m×m)',
          })
        : null;
      const diag = prior ? null : asVector(pop, 'kTestTest', kTestTest as VectorInput);
      if ((prior ? prior.rows : (diag as Float64Array).length) !== m) {
        throw new ShapeMismatchError(
          pop,
          `kTestTest has ${prior ? prior.rows : (diag as Float64Array).length} rows`,
          `${m}, one per test point (the rows of kTestTrain)`,
        );
      }
      // B = diag(√inv) Qᵀ K(X, X*) (n×m): K*(K + σ²I)⁺K*ᵀ = BᵀB.
      const b = new Float64Array(n * m);
      for (let j = 0; j < n; j++) {
        const s = Math.sqrt(inv[j] as number);
        if (s === 0) continue;
        for (let r = 0; r < m; r++) {
          let t = 0;
          for (let i = 0; i < n; i++)
            t += (qd[i * n + j] as number) * (kt.data[r * n + i] as number);
          b[j * m + r] = s * t;
        }
      }
      const priorDiag = (r: number) =>
        prior ? (prior.data[r * m + r] as number) : ((diag as Float64Array)[r] as number);
      let scale = 0;
      for (let r = 0; r < m; r++) scale = Math.max(scale, Math.abs(priorDiag(r)));
      const variance = new Float64Array(m);
      let clipped = 0;
      for (let r = 0; r < m; r++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (b[j * m + r] as number) ** 2;
        let v = priorDiag(r) - s;
        if (v < 0) {
          if (v < -CLIP * Math.max(scale, Number.MIN_VALUE) - 1e-300) {
            throw new InvalidArgumentError(
              'kTestTest',
              `k(x*, x*) giving a posterior variance of ${v.toExponential(3)} at test point ${r}`,
              'kTestTrain and kTestTest from the same kernel as K (a variance below −1e-8·max k(x*, x*) is not rounding)',
              pop,
            );
          }
          v = 0;
          clipped += 1;
        }
        variance[r] = v;
      }
      result.variance = variance;
      result.clippedVariances = clipped;
      if (prior) {
        const cov = new Float64Array(m * m);
        for (let r = 0; r < m; r++)
          for (let s2 = r; s2 < m; s2++) {
            let t = 0;
            for (let j = 0; j < n; j++) t += (b[j * m + r] as number) * (b[j * m + s2] as number);
            const v = r === s2 ? (variance[r] as number) : (prior.data[r * m + s2] as number) - t;
            cov[r * m + s2] = v;
            cov[s2 * m + r] = v;
          }
        result.covariance = { rows: m, cols: m, data: cov };
      }
      return result;
    },
  };
}
