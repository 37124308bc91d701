import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertSignal,
  assertWorkBudget,
  asTargets,
  asTargetsTensor,
  asTensor2D,
  asVector,
  conjugateGradient,
  createRng,
  InvalidArgumentError,
  type Matrix64,
  resolveBudget,
  SEED_RANGE,
  ShapeMismatchError,
  type TargetsInput,
  type TensorInput,
  type TensorTargetsInput,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { KERNEL_MATRIX, kernelInput, matrixInput } from './internal/validate.js';
import { F32 } from './internal/work.js';
import { type KernelRidgeGpuModel, kernelRidgeGpu } from './kernel-ridge-gpu.js';

/** Options of {@link gpInferenceGpu}. */
export interface GpInferenceGpuOptions {
  /**
   * The observation noise variance σ² ≥ 0 added to the diagonal, absolute (as in
   * {@link gpInference}). Default 0; raised to at least `diagRegFloor`·tr(K)/n, and the value used
   * is reported as `diagReg`.
   */
  diagReg?: number;
  /**
   * Smallest σ² used, relative to the mean diagonal tr(K)/n (kernelRidgeGpu's `ridgeFloor`):
   * float32 CG cannot resolve eigenvalues below ~1e-6 of the largest. Default 1e-6.
   */
  diagRegFloor?: number;
  /** Target relative residual of every CG solve (the mean's and the variances'). Default 1e-5. */
  tol?: number;
  /**
   * CG iteration cap per right-hand side. Default max(2n, 50), lowered (to no fewer than 1) so
   * that each call stays within the budget, as in kernelRidgeGpu; `converged` says if CG got to
   * `tol`.
   */
  maxIterations?: number;
  /**
   * Work budget of the fit and of each `posterior` call (default tensor's DEFAULT_WORK_BUDGET:
   * 2·10¹¹ flops, 2 GiB), checked before anything is uploaded: the CG steps (right-hand sides ×
   * maxIterations) and the Lanczos steps of every solve at 2n² flops each, the test-kernel
   * products (2mn flops per right-hand side) and the float32 tensors alive at once.
   */
  budget?: WorkBudget;
  /** Aborts the fit between its steps (before the upload, before the CG solve). */
  signal?: AbortSignal;
}

/** Options of {@link GpInferenceGpuModel.posterior}. */
export interface GpPosteriorGpuOptions {
  /** Rademacher probes s of the Hutchinson estimate (an integer ≥ 2). Default 64. */
  probes?: number;
  /** Seed of the probes (tensor's createRng): same seed, same probes, same result. Default 0. */
  seed?: number;
  /**
   * Test-point counts m up to this get the exact variance (one CG solve per test point); beyond,
   * the Hutchinson estimate (one CG solve per probe). Default 64; 0 forces Hutchinson.
   */
  exactUpTo?: number;
  /** Aborts between blocks of 32 CG solves. */
  signal?: AbortSignal;
}

/** The posterior at m test points from {@link GpInferenceGpuModel.posterior}. */
export interface GpPosteriorGpu {
  /** Posterior mean K(X*, X)·α (m×k, float32, on the backend); the caller disposes it. */
  mean: tf.Tensor2D;
  /**
   * Posterior variance of f at each test point, k(x*, x*) − K(x*, X)(K + σ²I)⁻¹K(X, x*), the same
   * for every output; negative values (rounding, or Hutchinson noise) are clipped to 0.
   */
  variance: Float32Array;
  /**
   * 'hutchinson': the standard error of each variance, √(sample variance of the probes' values /
   * s), estimating √(Σ_{j≠i} C_ij²/s) with C = K*(K + σ²I)⁻¹K*ᵀ; 'exact': null.
   */
  varianceStdError: Float32Array | null;
  method: 'exact' | 'hutchinson';
  /** Probes s of the Hutchinson estimate; 0 for 'exact'. */
  probes: number;
  /** Variances that came out negative and were set to 0. */
  clippedVariances: number;
  /** CG iterations of the variance solve (the largest over its blocks of ≤ 64 right-hand sides). */
  iterations: number;
  /** Whether every block CG solve of the variance reached `tol`. */
  converged: boolean;
}

/** Gaussian-process inference on the GPU; see {@link gpInferenceGpu}. */
export interface GpInferenceGpuModel {
  readonly n: number;
  /** Output columns k of Y. */
  readonly outputs: number;
  /** The σ² actually used: max(diagReg, diagRegFloor·tr(K)/n). */
  readonly diagReg: number;
  /** The weights α = (K + σ²I)⁻¹Y (n×k, float32, on the backend); freed by `dispose()`. */
  readonly alpha: tf.Tensor2D;
  /** Relative training residual ‖Kα − Y‖_F/‖Y‖_F (kernelRidgeGpu's), in float32. */
  readonly residual: number;
  /** κ₂(K + σ²I) from Lanczos estimates of its extreme eigenvalues (a slight underestimate). */
  readonly cond: number;
  /** CG iterations of the mean, per output column. */
  readonly iterations: number[];
  /** Whether every CG solve of the mean reached `tol`. */
  readonly converged: boolean;
  /**
   * Posterior mean and variance at m test points: `kTestTrain` is K(X*, X) (m×n, a tensor or host
   * data), `kTestTestDiag` is k(x*, x*) (m values, host or a 1-D tensor, e.g. kernel.diagGpu(X*)).
   */
  posterior(
    kTestTrain: TensorInput,
    kTestTestDiag: VectorInput | tf.Tensor1D,
    options?: GpPosteriorGpuOptions,
  ): Promise<GpPosteriorGpu>;
  /** Frees α and K when it was uploaded here (a K passed as a tensor stays the caller's). */
  dispose(): void;
}

// Right-hand sides per block CG solve of the posterior, and the abort granularity: enough columns
// for the n×n by n×w product to run at a GPU's arithmetic rate rather than its memory bandwidth.
const BLOCK = 64;
// kernelRidgeGpu's Lanczos steps (its condition estimate), for the fit's budget.
const LANCZOS = 60;

/**
 * Gaussian-process regression on the active tfjs backend in float32, for n beyond the float64
 * {@link gpInference} (whose eigendecomposition fits n ≈ 2800 in the default budget): the mean by
 * {@link kernelRidgeGpu} (Jacobi-preconditioned conjugate gradient on (K + σ²I)α = Y, one n×n
 * matvec per step), the posterior variance diag(K** − K*(K + σ²I)⁻¹K*ᵀ) (Rasmussen & Williams,
 * "Gaussian Processes for Machine Learning", 2006, eq. 2.26) by CG solves with the test kernel.
 * With m ≤ `exactUpTo` test points every variance gets its own right-hand side k*ᵢ ('exact');
 * beyond, the diagonal of C = K*(K + σ²I)⁻¹K*ᵀ is estimated from s Rademacher probes
 * z ∈ {±1}^m, one right-hand side K*ᵀz each: diag(C) ≈ (1/s)Σ z ⊙ Cz (Hutchinson 1990; Bekas,
 * Kokiopoulou & Saad 2007). The right-hand sides are solved in blocks of up to 64 as one CG on
 * the stacked system (I ⊗ (K + σ²I))vec(W) = vec(B) (tensor's {@link conjugateGradient}): the
 * same spectrum as one solve, so about the same iterations, with K read once per step for the
 * whole block. A variance call costs ≈ columns × iterations × 2n² flops (columns = m or s),
 * against the ~9n³ of gpInference's eigendecomposition; it pays on a GPU, not on cpu or wasm.
 *
 * Precision. Everything is float32 CG to relative residual `tol` (the variance's on the block's
 * Frobenius norm): ‖α − α*‖/‖α*‖ ≲ κ·tol (κ = `cond`), and the error of C_ii = k*ᵢᵀwᵢ is
 * wᵢ*ᵀrᵢ, so Σᵢ|δC_ii| ≤ tol·‖B‖_F·‖W‖_F (far less in practice: CG's error in a quadratic form is
 * second order), on top of float32 rounding of K and of k(x*, x*) − C_ii, absolute, ~1e-5 of
 * k(x*, x*). Measured on an RBF problem (n = 200, σ² = 1e-2, κ ≈ 1.7e3) against the float64
 * gpInference: α within 1.3e-4 relative, the mean within 1.6e-5, the exact variances within
 * 1.0e-5 absolute (cpu; 1.7e-5 on wasm); at n = 1000 and 2000 (κ ≈ 6e3, 1.3e4) within 7.5e-6.
 * The Hutchinson estimate is unbiased with per-entry standard error √(Σ_{j≠i} C_ij²/s), reported
 * as `varianceStdError` from the probes' sample variance (within 10% of the float64 value at
 * s = 256 in the tests): it shrinks as 1/√s and does not depend on how small the variance is, so
 * test points close together (large C_ij) need many probes, far-apart ones few, and small
 * variances come out as noise around 0 (clipped and counted). σ² is raised to at least
 * `diagRegFloor`·tr(K)/n (reported); for σ² near 0 or an ill-conditioned K use gpInference.
 *
 * @param K the n×n kernel matrix: a float32 tensor on the backend (from kernel.gpu(X), used as it
 *   is and kept until `dispose()`: do not dispose it before) or host data (uploaded, freed by
 *   `dispose()`).
 * @param Y n targets or n×k (a tensor, arrays or a Matrix64).
 * @throws ShapeMismatchError when K is not square, Y has the wrong number of rows or, from
 *   `posterior`, the test kernels have the wrong size; InvalidArgumentError for negative or NaN
 *   options, a disposed tensor or model, K = 0 with diagReg 0; NonFiniteError for NaN in host
 *   data; WorkBudgetError (before anything is uploaded) when the CG steps or the tensors are over
 *   the budget; the signal's reason when aborted.
 * @example
 * const kernel = rbfKernel({ lengthScale: 1 });
 * const gp = await gpInferenceGpu(await kernel.gpu(X), y, { diagReg: 1e-2 });
 * const post = await gp.posterior(await kernel.gpu(Xtest, X), await kernel.diagGpu(Xtest));
 * post.method // 'exact' for ≤ 64 test points; post.variance: Float32Array, ≈ gpInference's
 * post.mean.dispose(); gp.dispose();
 */
export async function gpInferenceGpu(
  K: TensorInput,
  Y: TensorTargetsInput,
  options: GpInferenceGpuOptions = {},
): Promise<GpInferenceGpuModel> {
  const op = 'gpInferenceGpu';
  assertOptions(op, 'options', options);
  const { diagReg = 0, diagRegFloor = 1e-6, tol = 1e-5, maxIterations, budget, signal } = options;
  assertNonNegative(
    op,
    'diagReg',
    diagReg,
    'the noise variance σ² added to the diagonal, e.g. 1e-2',
  );
  assertNonNegative(
    op,
    'diagRegFloor',
    diagRegFloor,
    'the smallest σ² relative to tr(K)/n, e.g. 1e-6',
  );
  assertPositive(op, 'tol', tol, 'the CG target relative residual, e.g. 1e-5');
  if (maxIterations !== undefined) {
    assertInteger(op, 'maxIterations', maxIterations, { min: 1 }, 'the CG iteration cap, e.g. 200');
  }
  assertSignal(op, 'signal', signal);
  resolveBudget(budget, op);
  const { n, input } = kernelInput(op, K);
  const { outputs, targets } = targetsInput(op, Y, n);
  const cap = iterationCap(n, outputs, maxIterations, budget);
  // kernelRidgeGpu's own estimate (K twice: on the backend and its read-back), so that it never
  // refuses what this check let through; K stays on the backend for the posterior.
  assertWorkBudget(
    op,
    {
      flops: step(n) * (outputs * cap + LANCZOS + 1),
      bytes: 2 * F32 * n * n + 8 * F32 * n * outputs,
    },
    budget,
    'fewer points n, a smaller maxIterations, or the float64 gpInference for n ≲ 2800',
  );
  signal?.throwIfAborted();
  const k = asTensor2D(op, 'K', input, KERNEL_MATRIX);
  const kernel = k.tensor;
  let fit: KernelRidgeGpuModel;
  try {
    signal?.throwIfAborted();
    fit = await solve(op, kernel, targets, diagReg, diagRegFloor, tol, cap, budget);
  } catch (error) {
    if (k.owned) kernel.dispose();
    throw error;
  }
  const used = fit.ridge;
  const { alpha } = fit;

  const posterior = async (
    kTestTrain: TensorInput,
    kTestTestDiag: VectorInput | tf.Tensor1D,
    opts: GpPosteriorGpuOptions = {},
  ): Promise<GpPosteriorGpu> => {
    const pop = 'gpInferenceGpu.posterior';
    if (alpha.isDisposed || kernel.isDisposed) {
      throw new InvalidArgumentError(
        alpha.isDisposed ? 'model' : 'K',
        alpha.isDisposed ? 'a disposed model' : 'a disposed tensor',
        alpha.isDisposed
          ? 'posterior before dispose() (dispose frees α and K)'
          : 'K kept alive until the model is disposed (the variance solves use it)',
        pop,
      );
    }
    assertOptions(pop, 'options', opts);
    const { probes = 64, seed = 0, exactUpTo = 64, signal: stop } = opts;
    assertInteger(pop, 'probes', probes, { min: 2 }, 'the Hutchinson probe count, e.g. 64');
    assertInteger(pop, 'seed', seed, SEED_RANGE, 'the seed of the probes');
    assertInteger(pop, 'exactUpTo', exactUpTo, { min: 0 }, 'the largest m solved exactly, e.g. 64');
    assertSignal(pop, 'signal', stop);
    const cross = crossInput(pop, kTestTrain, n);
    const m = cross.rows;
    const prior = await priorDiagonal(pop, kTestTestDiag, m);
    const method = m <= exactUpTo ? 'exact' : 'hutchinson';
    const columns = m === 0 ? 0 : method === 'exact' ? m : probes;
    const width = Math.min(BLOCK, columns);
    // Besides the CG steps: Z·K* and K*·Wᵀ (Hutchinson), the mean, diag(K).
    const extra = (method === 'hutchinson' ? 4 * m * n * columns : 0) + 2 * m * n * outputs;
    const pcap = blockIterationCap(n, columns, extra, maxIterations, budget);
    assertWorkBudget(
      pop,
      {
        flops: step(n) * columns * pcap + extra,
        // Resident K and α; K*, Z, the right-hand sides, CG's ~7 block vectors and a block's
        // products.
        bytes:
          F32 *
          (n * n +
            n * outputs +
            m * n +
            (method === 'hutchinson' ? 2 * m * columns : 0) +
            n * columns +
            7 * n * width +
            2 * m * width +
            m * outputs),
      },
      budget,
      'fewer test points at a time, fewer probes, or a smaller maxIterations',
    );
    stop?.throwIfAborted();
    const held: tf.Tensor[] = [];
    try {
      const kt = asTensor2D(pop, 'kTestTrain', cross.input, { cols: n });
      if (kt.owned) held.push(kt.tensor);
      const kStar = kt.tensor;
      const estimate = new Float64Array(m);
      const spread = method === 'hutchinson' ? new Float64Array(m) : null;
      let converged = true;
      let iterations = 0;
      if (columns > 0) {
        // Probe-major z (s×m): the first s probes of a larger s are the same vectors.
        const zt = method === 'hutchinson' ? rademacher(seed, columns, m) : null;
        if (zt) held.push(zt);
        // Right-hand sides as rows: k*ᵢ (exact) or zᵀK* (Hutchinson).
        const rhs = zt ? tf.matMul(zt, kStar) : kStar;
        if (zt) held.push(rhs);
        const shifted = tf.tidy(() => tf.add(diagonalOf(kernel), used) as tf.Tensor1D);
        held.push(shifted);
        let done = 0;
        for (let c0 = 0; c0 < columns; c0 += BLOCK) {
          stop?.throwIfAborted();
          const w = Math.min(BLOCK, columns - c0);
          const b = tf.slice(rhs, [c0, 0], [w, n]) as tf.Tensor2D;
          const solved: tf.Tensor[] = [b];
          try {
            const r = await blockSolve(kernel, shifted, used, b, tol, pcap);
            solved.push(r.x);
            converged &&= r.converged;
            iterations = Math.max(iterations, r.iterations);
            if (!zt) {
              // C_ii = k*ᵢᵀ(K + σ²I)⁻¹k*ᵢ: row i of K* times its solve.
              const d = tf.tidy(() => tf.sum(tf.mul(b, r.x), 1));
              const values = await d.data();
              d.dispose();
              for (let j = 0; j < w; j++) estimate[c0 + j] = values[j] as number;
            } else {
              // This block's probe values z ⊙ (K*W), per test point: mean and squared deviations
              // in float32, merged across blocks in float64 (Chan, Golub & LeVeque 1979).
              const stats = tf.tidy(() => {
                const samples = tf.mul(
                  tf.transpose(tf.slice(zt, [c0, 0], [w, m])),
                  tf.matMul(kStar, r.x, false, true),
                );
                const mu = tf.mean(samples, 1, true);
                return tf.concat([
                  tf.reshape(mu, [m]),
                  tf.sum(tf.square(tf.sub(samples, mu)), 1),
                ]) as tf.Tensor1D;
              });
              const values = await stats.data();
              stats.dispose();
              const total = done + w;
              for (let i = 0; i < m; i++) {
                const mu = values[i] as number;
                const delta = mu - (estimate[i] as number);
                estimate[i] = (estimate[i] as number) + (delta * w) / total;
                (spread as Float64Array)[i] =
                  ((spread as Float64Array)[i] as number) +
                  (values[m + i] as number) +
                  (delta * delta * done * w) / total;
              }
            }
          } finally {
            tf.dispose(solved);
          }
          done += w;
        }
      }
      const variance = new Float32Array(m);
      let clipped = 0;
      for (let i = 0; i < m; i++) {
        const v = (prior[i] as number) - (estimate[i] as number);
        if (v < 0) clipped += 1;
        variance[i] = Math.max(v, 0);
      }
      const varianceStdError = spread
        ? Float32Array.from(spread, (s2) => Math.sqrt(s2 / (columns - 1) / columns))
        : null;
      return {
        mean: fit.predict(kStar),
        variance,
        varianceStdError,
        method,
        probes: method === 'hutchinson' ? columns : 0,
        clippedVariances: clipped,
        iterations,
        converged,
      };
    } finally {
      tf.dispose(held);
    }
  };

  return {
    n,
    outputs,
    diagReg: used,
    alpha,
    residual: fit.residual,
    cond: fit.cond,
    iterations: fit.iterations,
    converged: fit.converged,
    posterior,
    dispose() {
      fit.dispose();
      if (k.owned) kernel.dispose();
    },
  };
}

/** One CG step: an n×n matvec plus a few vectors (kernelRidgeGpu's estimate). */
function step(n: number): number {
  return 2 * n * n + 10 * n;
}

/** kernelRidgeGpu's cap rule for `columns` right-hand sides (its Lanczos steps included). */
function iterationCap(
  n: number,
  columns: number,
  maxIterations: number | undefined,
  budget: WorkBudget | undefined,
): number {
  if (maxIterations !== undefined) return maxIterations;
  const fits = Math.floor(
    (resolveBudget(budget).maxFlops / step(n) - LANCZOS - 1) / Math.max(columns, 1),
  );
  return Math.max(1, Math.min(Math.max(2 * n, 50), fits));
}

/** The same rule for the posterior's block solves: each block's CG steps cost `width` matvecs. */
function blockIterationCap(
  n: number,
  columns: number,
  extra: number,
  maxIterations: number | undefined,
  budget: WorkBudget | undefined,
): number {
  if (maxIterations !== undefined) return maxIterations;
  const fits = Math.floor(
    (resolveBudget(budget).maxFlops - extra) / step(n) / Math.max(columns, 1),
  );
  return Math.max(1, Math.min(Math.max(2 * n, 50), fits));
}

/**
 * (K + σ²I)⁻¹ for the w right-hand sides in the rows of B (w×n) as one CG on the stacked system
 * (I_w ⊗ (K + σ²I))·vec(W) = vec(B): its spectrum is that of K + σ²I, so it needs about the
 * iterations of one solve, and each step is one n×n by n×w product (K read once for all w).
 * The tolerance is on the block's Frobenius residual ‖B − W(K + σ²I)‖_F/‖B‖_F.
 */
async function blockSolve(
  kernel: tf.Tensor2D,
  shifted: tf.Tensor1D,
  diagReg: number,
  B: tf.Tensor2D,
  tol: number,
  maxIterations: number,
): Promise<{ x: tf.Tensor2D; iterations: number; converged: boolean }> {
  const [w, n] = B.shape;
  // K is symmetric: the rows of V·K are (K·vᵢ)ᵀ.
  const matvec = (v: tf.Tensor1D) =>
    tf.tidy(() => {
      const V = tf.reshape(v, [w, n]) as tf.Tensor2D;
      return tf.reshape(tf.add(tf.matMul(V, kernel), tf.mul(V, diagReg)), [w * n]) as tf.Tensor1D;
    });
  const b = tf.reshape(B, [w * n]) as tf.Tensor1D;
  const diagonal = tf.tile(shifted, [w]) as tf.Tensor1D;
  try {
    const r = await conjugateGradient(matvec, b, {
      tol,
      maxIterations,
      preconditioner: 'jacobi',
      diagonal,
    });
    const x = tf.reshape(r.x, [w, n]) as tf.Tensor2D;
    r.x.dispose();
    return { x, iterations: r.iterations, converged: r.converged };
  } finally {
    tf.dispose([b, diagonal]);
  }
}

/** diag(K) of an n×n tensor. */
function diagonalOf(kernel: tf.Tensor2D): tf.Tensor1D {
  const n = kernel.shape[0];
  return tf.tidy(
    () => tf.gather(tf.reshape(kernel, [n * n]), tf.range(0, n * n, n + 1, 'int32')) as tf.Tensor1D,
  );
}

/** (K + σ²I)⁻¹B by kernelRidgeGpu, its ridge error named as this op's diagReg. */
async function solve(
  op: string,
  kernel: tf.Tensor2D,
  b: tf.Tensor2D | Matrix64,
  diagReg: number,
  diagRegFloor: number,
  tol: number,
  maxIterations: number,
  budget: WorkBudget | undefined,
): Promise<KernelRidgeGpuModel> {
  try {
    return await kernelRidgeGpu(kernel, b, {
      ridge: diagReg,
      ridgeFloor: diagRegFloor,
      tol,
      maxIterations,
      ...(budget === undefined ? {} : { budget }),
    });
  } catch (error) {
    if (error instanceof InvalidArgumentError && error.argument === 'ridge') {
      throw new InvalidArgumentError(
        'diagReg',
        diagReg,
        '> 0 for this K, whose trace is 0 (conjugate gradient needs K + σ²I positive definite)',
        op,
      );
    }
    throw error;
  }
}

/** Y checked against n before anything is uploaded: a tensor as it is, host data as float64. */
function targetsInput(
  op: string,
  Y: TensorTargetsInput,
  n: number,
): { outputs: number; targets: tf.Tensor2D | Matrix64 } {
  if (Y instanceof tf.Tensor) {
    const t = asTargetsTensor(op, 'Y', Y, { rows: n });
    const outputs = t.tensor.shape[1];
    if (t.owned) t.tensor.dispose();
    // kernelRidgeGpu reads a 1-D tensor as n×1 itself.
    return { outputs, targets: Y as tf.Tensor2D };
  }
  const y = asTargets(op, 'Y', Y as TargetsInput, { rows: n });
  return { outputs: y.cols, targets: y };
}

/** K(X*, X) checked (m×n) before upload. */
function crossInput(
  op: string,
  kTestTrain: TensorInput,
  n: number,
): { rows: number; input: tf.Tensor2D | Matrix64 } {
  return matrixInput(op, 'kTestTrain', kTestTrain, {
    cols: n,
    allowEmpty: true,
    meaning: 'K(X*, X), one column per training point',
  });
}

/** k(x*, x*) as m finite float64 values (a 1-D tensor is read back: m numbers). */
async function priorDiagonal(
  op: string,
  d: VectorInput | tf.Tensor1D,
  m: number,
): Promise<Float64Array> {
  const shape = { length: m, allowEmpty: true, meaning: 'k(x*, x*), one per row of kTestTrain' };
  if (d instanceof tf.Tensor) {
    if (d.isDisposed || d.rank !== 1) {
      throw new InvalidArgumentError(
        'kTestTestDiag',
        d.isDisposed ? 'a disposed tensor' : `a tensor of shape [${d.shape.join(', ')}]`,
        `a live 1-D tensor of ${m} values k(x*, x*)`,
        op,
      );
    }
    if (d.shape[0] !== m) {
      throw new ShapeMismatchError(
        op,
        `kTestTestDiag has ${d.shape[0]} entries`,
        `${m} (${shape.meaning})`,
      );
    }
    return asVector(op, 'kTestTestDiag', await d.data(), shape);
  }
  return asVector(op, 'kTestTestDiag', d, shape);
}

/** s×m Rademacher signs ±1 from createRng(seed), 32 per draw, as a float32 tensor. */
function rademacher(seed: number, s: number, m: number): tf.Tensor2D {
  const rng = createRng(seed);
  const z = new Float32Array(s * m);
  for (let i = 0; i < z.length; i += 32) {
    const bits = rng.nextUint32();
    const end = Math.min(32, z.length - i);
    for (let b = 0; b < end; b++) z[i + b] = (bits >>> b) & 1 ? 1 : -1;
  }
  return tf.tensor2d(z, [s, m], 'float32');
}
