import {
  asMatrix64,
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
import { KERNEL_MATRIX } from './internal/validate.js';
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
  /** Whether every CG solve of the variance reached `tol`. */
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

// Right-hand sides per kernelRidgeGpu call of the posterior: the abort granularity, and each
// call's extra Lanczos estimate (≤ 60 matvecs) stays a few percent of its CG steps.
const BLOCK = 32;
const LANCZOS = 60;

/**
 * Gaussian-process regression on the active tfjs backend in float32, for n beyond the float64
 * {@link gpInference} (whose eigendecomposition fits n ≈ 2800 in the default budget): the mean by
 * {@link kernelRidgeGpu} (Jacobi-preconditioned conjugate gradient on (K + σ²I)α = Y, one n×n
 * matvec per step), the posterior variance diag(K** − K*(K + σ²I)⁻¹K*ᵀ) by CG solves with the
 * test kernel (Rasmussen & Williams, "Gaussian Processes for Machine Learning", 2006, eq. 2.26).
 * With m ≤ `exactUpTo` test points each variance gets its own solve ('exact'); beyond, the
 * diagonal of C = K*(K + σ²I)⁻¹K*ᵀ is estimated with s Rademacher probes z ∈ {±1}^m, one solve
 * each: diag(C) ≈ (1/s)Σ z ⊙ Cz (Hutchinson 1990; Bekas, Kokiopoulou & Saad 2007).
 *
 * Precision. The mean and the 'exact' variance are float32 CG to relative residual `tol`:
 * ‖α − α*‖/‖α*‖ ≲ κ·tol (κ = `cond`), and the error of C_ii = k*ᵢᵀwᵢ is wᵢ*ᵀrᵢ, at most
 * tol·‖k*ᵢ‖·‖wᵢ‖, on top of the float32 rounding of K and of k(x*, x*) − C_ii (absolute, ~1e-6
 * of k(x*, x*)). Measured on an RBF problem (n = 200, σ² = 1e-2, κ ≈ 3e3, cpu backend): mean
 * within 1e-4 relative of the float64 gpInference, variances within 2e-6 absolute (1e-3 relative
 * for variances ~5e-3). The Hutchinson estimate is unbiased with per-entry standard error
 * √(Σ_{j≠i} C_ij²/s), reported as `varianceStdError` from the probes' sample variance: it shrinks
 * as 1/√s and does not depend on how small the variance is, so test points that are close
 * together (large C_ij) need many probes, and far-apart ones few. σ² is raised to at least
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
  const cap = iterationCap(n, outputs, 0, maxIterations, budget);
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
    const blocks = Math.ceil(columns / BLOCK);
    // Besides the CG steps: the Lanczos estimate of each block, K*ᵀZ and K*W (Hutchinson), the mean.
    const extra =
      blocks * (LANCZOS + 1) * step(n) +
      (method === 'hutchinson' ? 4 * m * n * columns : 0) +
      2 * m * n * outputs;
    const pcap = iterationCap(n, columns, extra, maxIterations, budget);
    const width = Math.min(BLOCK, columns);
    assertWorkBudget(
      pop,
      {
        flops: step(n) * columns * pcap + extra,
        // Resident K and α, K*, the right-hand sides, Z and a block's products, and what
        // kernelRidgeGpu counts for one block.
        bytes:
          F32 *
            (n * n +
              n * outputs +
              m * n +
              n * columns +
              (method === 'hutchinson' ? 2 * m * columns : 0) +
              3 * m * width +
              m * outputs) +
          2 * F32 * n * n +
          8 * F32 * n * width,
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
      if (columns > 0) {
        // Probe-major z (s×m): the first s probes of a larger s are the same vectors.
        const zt = method === 'hutchinson' ? rademacher(seed, columns, m) : null;
        if (zt) held.push(zt);
        const rhs = tf.tidy(() =>
          zt ? tf.matMul(kStar, zt, true, true) : tf.transpose(kStar),
        ) as tf.Tensor2D;
        held.push(rhs);
        let done = 0;
        for (let c0 = 0; c0 < columns; c0 += BLOCK) {
          stop?.throwIfAborted();
          const w = Math.min(BLOCK, columns - c0);
          const b = tf.slice(rhs, [0, c0], [n, w]) as tf.Tensor2D;
          let block: KernelRidgeGpuModel;
          try {
            block = await solve(pop, kernel, b, used, diagRegFloor, tol, pcap, budget);
          } finally {
            b.dispose();
          }
          converged &&= block.converged;
          try {
            if (!zt) {
              // C_ii = k*ᵢᵀ(K + σ²I)⁻¹k*ᵢ: column i of K*ᵀ times its solve.
              const d = tf.tidy(() =>
                tf.sum(tf.mul(tf.slice(rhs, [0, c0], [n, w]), block.alpha), 0),
              );
              const values = await d.data();
              d.dispose();
              for (let j = 0; j < w; j++) estimate[c0 + j] = values[j] as number;
            } else {
              // This block's probe values z ⊙ (K*W), per test point: mean and squared deviations
              // in float32, merged across blocks in float64 (Chan, Golub & LeVeque 1979).
              const stats = tf.tidy(() => {
                const samples = tf.mul(
                  tf.transpose(tf.slice(zt, [c0, 0], [w, m])),
                  tf.matMul(kStar, block.alpha),
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
            block.dispose();
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

/** kernelRidgeGpu's cap rule for `columns` right-hand sides after `extra` flops of other work. */
function iterationCap(
  n: number,
  columns: number,
  extra: number,
  maxIterations: number | undefined,
  budget: WorkBudget | undefined,
): number {
  if (maxIterations !== undefined) return maxIterations;
  const fits = Math.floor(
    ((resolveBudget(budget).maxFlops - extra) / step(n) - LANCZOS - 1) / Math.max(columns, 1),
  );
  return Math.max(1, Math.min(Math.max(2 * n, 50), fits));
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

/** n of an n×n K, checked (a live square tensor, or finite host data read once) before upload. */
function kernelInput(op: string, K: TensorInput): { n: number; input: tf.Tensor2D | Matrix64 } {
  if (K instanceof tf.Tensor) {
    // Validation only: a float32 tensor is adopted as it is (a cast of another dtype is undone).
    const { tensor, owned } = asTensor2D(op, 'K', K, KERNEL_MATRIX);
    if (owned) tensor.dispose();
    return { n: tensor.shape[0], input: K as tf.Tensor2D };
  }
  const m = asMatrix64(op, 'K', K, KERNEL_MATRIX);
  return { n: m.rows, input: m };
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
  const shape = { cols: n, allowEmpty: true, meaning: 'K(X*, X), one column per training point' };
  if (kTestTrain instanceof tf.Tensor) {
    const { tensor, owned } = asTensor2D(op, 'kTestTrain', kTestTrain, shape);
    if (owned) tensor.dispose();
    return { rows: tensor.shape[0], input: kTestTrain as tf.Tensor2D };
  }
  const m = asMatrix64(op, 'kTestTrain', kTestTrain, shape);
  return { rows: m.rows, input: m };
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
