import {
  asMatrix64,
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asTargets,
  asTensor2D,
  InvalidArgumentError,
  type Matrix64,
  resolveBudget,
  ShapeMismatchError,
  type TargetsInput,
  type TensorInput,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { KERNEL_MATRIX } from './internal/validate.js';
import { F64 } from './internal/work.js';
import { type KernelRidgeModel, type KernelRidgeOptions, kernelRidge } from './kernel-ridge.js';
import {
  type KernelRidgeGpuModel,
  type KernelRidgeGpuOptions,
  kernelRidgeGpu,
} from './kernel-ridge-gpu.js';

/**
 * Largest n that {@link fitKernelRidge} solves in float64 when `solver` is 'auto'.
 *
 * Measured on one core of a shared 2-core x86-64 VM (the NTK Gram matrix of MNIST-sized
 * inputs, λ = 1e-3·tr(K)/n, Cholesky plus the condition estimate; `pnpm bench` prints the
 * table): on a quiet core the float64 fit takes 0.18 s at n = 500, 0.7 s at 1000, 1.7 s at
 * 1500, 4.2 s at 2000 and 11 s at 3000, and 31 s at 4000 under load — it grows as n³ — while
 * conjugate gradient on the wasm backend takes 0.05–0.4 s for n = 1000–3000 and 1.8–2.6 s at
 * 4000 (n² per iteration, 40–75 iterations at κ ≈ 10³–10⁴). CG is faster at every n on a fast
 * backend, but it is float32: it raises the ridge to a floor and cannot give the λ = 0
 * interpolant or resolve an ill-conditioned K. So 'auto' keeps the exact float64 route while
 * it stays interactive (≲ 2 s) and uses CG beyond.
 */
export const KERNEL_RIDGE_F64_MAX_N = 1500;

/** Which route {@link fitKernelRidge} takes. */
export type KernelRidgeSolver = 'auto' | 'f64' | 'gpu-cg';

/** Options of {@link fitKernelRidge}: those of both solvers, and the choice between them. */
export interface FitKernelRidgeOptions
  extends KernelRidgeOptions,
    Omit<KernelRidgeGpuOptions, 'ridge'> {
  /**
   * 'f64': {@link kernelRidge} (float64 Cholesky, or eigh for λ = 0 on a singular K);
   * 'gpu-cg': {@link kernelRidgeGpu} (float32 conjugate gradient on the active tfjs backend);
   * 'auto' (default): 'f64' for n ≤ `f64MaxN`, 'gpu-cg' beyond.
   */
  solver?: KernelRidgeSolver;
  /** The largest n that 'auto' solves in float64. Default {@link KERNEL_RIDGE_F64_MAX_N}. */
  f64MaxN?: number;
}

interface KernelRidgeFitBase {
  /** Training points n. */
  readonly n: number;
  /** Target columns k. */
  readonly outputs: number;
  /** Why this solver ran, e.g. "auto: n = 3000 > f64MaxN = 1500". */
  readonly reason: string;
  /** The ridge actually used (float64: λ plus any jitter; CG: max(λ, floor)). */
  readonly ridge: number;
  /** Relative training residual ‖Kα − Y‖_F/‖Y‖_F. */
  readonly residual: number;
  /** κ₂(K + ridge·I); Infinity when singular. */
  readonly cond: number;
  /**
   * How `cond` was obtained: 'eigenvalues' (exact, float64 eigh), 'power-inverse-iteration'
   * (float64 estimate through the Cholesky factor) or 'lanczos' (float32 Lanczos estimate of
   * λ_max and λ_min, the CG route). Both estimates slightly underestimate κ.
   */
  readonly condMethod: 'eigenvalues' | 'power-inverse-iteration' | 'lanczos';
  /** Whether `cond` is an estimate (every method but 'eigenvalues'). */
  readonly condIsEstimate: boolean;
  /** K(X*, X)·α (m×n cross-kernel) read back as float64 whichever solver ran. */
  predict(kTestTrain: TensorInput): Promise<Matrix64>;
  /**
   * K(X*, X)·α on the active backend (float32; K(X*, X) a tensor or host data, uploaded); the
   * caller disposes the result.
   */
  predictGpu(kTestTrain: TensorInput): tf.Tensor2D;
  /** Frees the GPU coefficients of the CG route (a no-op for float64). */
  dispose(): void;
}

/** A fit by the float64 route; `model` is the {@link kernelRidge} model. */
export interface KernelRidgeF64Fit extends KernelRidgeFitBase {
  readonly solver: 'f64';
  readonly model: KernelRidgeModel;
}

/** A fit by conjugate gradient; `model` is the {@link kernelRidgeGpu} model. */
export interface KernelRidgeCgFit extends KernelRidgeFitBase {
  readonly solver: 'gpu-cg';
  readonly model: KernelRidgeGpuModel;
}

/** The result of {@link fitKernelRidge}: `solver` says which route ran. */
export type KernelRidgeFit = KernelRidgeF64Fit | KernelRidgeCgFit;

const SOLVERS: readonly string[] = ['auto', 'f64', 'gpu-cg'];

/**
 * Kernel ridge regression α = (K + λI)⁻¹Y (λ = 0: the minimum-norm interpolant K⁺Y;
 * Schölkopf & Smola 2002, §4.3) that picks its solver by size: float64 on the CPU
 * ({@link kernelRidge}: Cholesky, n³/3 flops, exact to rounding, any λ ≥ 0) for
 * n ≤ `f64MaxN` (default {@link KERNEL_RIDGE_F64_MAX_N} = 1500, where the float64 fit takes
 * ~2 s on one core), and float32 conjugate gradient on the active tfjs backend
 * ({@link kernelRidgeGpu}: n² per iteration, ridge raised to at least `ridgeFloor`·tr(K)/n)
 * beyond. `solver: 'f64'` or `'gpu-cg'` forces a route. The result says which solver ran and
 * why, the ridge actually used, the training residual and κ(K + ridge·I) — exact from the
 * spectrum, or an estimate (`condIsEstimate`), always an estimate for CG.
 *
 * Async, unlike {@link kernelRidge}, because the CG route reads values back from the device
 * (and a GPU K is read back for the float64 route); a front door over the two solvers keeps
 * both of them usable on their own. K may be a tf.Tensor2D (e.g. from `kernel.gpu(X)`) or a
 * float64 matrix / nested arrays: it is moved to whichever side the chosen solver needs, and
 * not disposed. Call `dispose()` on the result when done (it frees the CG coefficients).
 *
 * Work budget (`budget`, default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB): the float64
 * route is estimated at n³ flops (Cholesky's n³/3 with room for jitter retries and the condition
 * estimate; the eigh fallback for λ = 0 on a singular K costs ~9n³) and 24·n² bytes, the CG route
 * as {@link kernelRidgeGpu} estimates it; either is checked before K is moved or read back.
 *
 * @throws ShapeMismatchError when K is not square or Y has not n rows; InvalidArgumentError
 *   for an unknown `solver`, an `f64MaxN` that is not an integer ≥ 0, options that are not an
 *   object, a disposed tensor, and the options each solver rejects (negative or NaN ridge,
 *   rcond, ridgeFloor, tol); WorkBudgetError beyond the budget.
 * @example
 * const K = rbfKernel().f64([[0], [1], [2]]);
 * const fit = await fitKernelRidge(K, [0, 1, 0], { ridge: 1e-3 });
 * fit.solver // 'f64' (n = 3 ≤ 1500)
 * fit.condIsEstimate // true: power and inverse iteration through the Cholesky factor
 * toArray(await fit.predict(rbfKernel().f64([[1]], [[0], [1], [2]]))) // [[0.99717…]]
 * const big = await fitKernelRidge(K, [0, 1, 0], { ridge: 1e-3, f64MaxN: 2 });
 * big.solver // 'gpu-cg'; big.reason // 'auto: n = 3 > f64MaxN = 2'; big.cond // ≈ 9.26
 * big.dispose();
 */
export async function fitKernelRidge(
  K: TensorInput,
  Y: TargetsInput | tf.Tensor1D | tf.Tensor2D,
  options: FitKernelRidgeOptions = {},
): Promise<KernelRidgeFit> {
  const op = 'fitKernelRidge';
  assertOptions(op, 'options', options);
  const { solver = 'auto', f64MaxN = KERNEL_RIDGE_F64_MAX_N, ...rest } = options;
  if (!SOLVERS.includes(solver as string)) {
    throw new InvalidArgumentError('solver', solver, "'auto', 'f64' or 'gpu-cg'", op);
  }
  assertInteger(op, 'f64MaxN', f64MaxN, { min: 0 }, 'the largest n solved in float64 (e.g. 1500)');
  const { ridge, rcond, ridgeFloor, tol, maxIterations, budget } = rest;
  // Every option is checked whichever route runs, so that both routes fail the same way.
  if (ridge !== undefined) assertNonNegative(op, 'ridge', ridge, 'the ridge λ');
  if (rcond !== undefined) {
    assertNumber(op, 'rcond', rcond, { min: 0, max: 1, exclusiveMax: true }, 'e.g. 1e-12');
  }
  if (ridgeFloor !== undefined) {
    assertNonNegative(op, 'ridgeFloor', ridgeFloor, 'relative to tr(K)/n, e.g. 1e-6');
  }
  if (tol !== undefined)
    assertPositive(op, 'tol', tol, 'the CG target relative residual, e.g. 1e-5');
  if (maxIterations !== undefined) {
    assertInteger(op, 'maxIterations', maxIterations, { min: 1 }, 'the CG iteration cap, e.g. 200');
  }
  resolveBudget(budget, op);
  // Checked before any work, so that both routes fail the same way.
  const k64 = K instanceof tf.Tensor ? null : asMatrix64(op, 'K', K, KERNEL_MATRIX);
  const n = k64 === null ? tensorKernelSize(op, K as tf.Tensor) : k64.rows;
  const outputs = targetColumns(op, Y, n);
  let chosen: 'f64' | 'gpu-cg';
  let reason: string;
  if (solver === 'auto') {
    chosen = n <= f64MaxN ? 'f64' : 'gpu-cg';
    reason = `auto: n = ${n} ${n <= f64MaxN ? '≤' : '>'} f64MaxN = ${f64MaxN}`;
  } else {
    chosen = solver as 'f64' | 'gpu-cg';
    reason = `solver: '${solver}' requested`;
  }
  if (chosen === 'f64') {
    assertWorkBudget(
      op,
      { flops: n ** 3, bytes: 3 * F64 * n * n },
      budget,
      "solver: 'gpu-cg' for large n, or fewer points",
    );
    const k = k64 ?? (await readMatrix(K as tf.Tensor2D));
    const y = Y instanceof tf.Tensor ? await readTargets(Y) : Y;
    const model = kernelRidge(k, y, {
      ...(ridge === undefined ? {} : { ridge }),
      ...(rcond === undefined ? {} : { rcond }),
    });
    return {
      solver: 'f64',
      model,
      ...fitSummary(model, n, outputs, reason),
      condMethod: model.method === 'eigh' ? 'eigenvalues' : 'power-inverse-iteration',
      condIsEstimate: model.method !== 'eigh',
      async predict(kTestTrain) {
        const kt =
          kTestTrain instanceof tf.Tensor
            ? await readMatrix(crossKernel('fitKernelRidge.predict', kTestTrain, n).tensor)
            : kTestTrain;
        return model.predict(kt);
      },
      predictGpu(kTestTrain) {
        // Checked here (a live m×n tensor, or host data, uploaded) so that no raw tfjs error
        // escapes from the float64 model's predictGpu.
        const kt = crossKernel('fitKernelRidge.predictGpu', kTestTrain, n);
        try {
          return model.predictGpu(kt.tensor);
        } finally {
          if (kt.owned) kt.tensor.dispose();
        }
      },
      dispose() {},
    };
  }
  const kt = k64 === null ? (K as tf.Tensor2D) : upload(k64);
  let model: KernelRidgeGpuModel;
  try {
    model = await kernelRidgeGpu(kt, Y, {
      ...(ridge === undefined ? {} : { ridge }),
      ...(ridgeFloor === undefined ? {} : { ridgeFloor }),
      ...(tol === undefined ? {} : { tol }),
      ...(maxIterations === undefined ? {} : { maxIterations }),
      ...(budget === undefined ? {} : { budget }),
    });
  } finally {
    if (k64 !== null) kt.dispose();
  }
  return {
    solver: 'gpu-cg',
    model,
    ...fitSummary(model, n, outputs, reason),
    condMethod: 'lanczos',
    condIsEstimate: true,
    async predict(kTestTrain) {
      const input =
        kTestTrain instanceof tf.Tensor
          ? kTestTrain
          : upload(asMatrix64(op, 'kTestTrain', kTestTrain));
      try {
        const out = model.predict(input);
        try {
          return await readMatrix(out);
        } finally {
          out.dispose();
        }
      } finally {
        if (input !== kTestTrain) input.dispose();
      }
    },
    predictGpu: (kTestTrain) => model.predict(kTestTrain),
    dispose: () => model.dispose(),
  };
}

/** K(X*, X) for predict: a live m×n tensor (adopted) or host data (uploaded; owned). */
/** The fields of a {@link KernelRidgeFit} that both solvers report alike. */
function fitSummary(
  model: { ridge: number; residual: number; cond: number },
  n: number,
  outputs: number,
  reason: string,
): Pick<KernelRidgeFitBase, 'n' | 'outputs' | 'reason' | 'ridge' | 'residual' | 'cond'> {
  return { n, outputs, reason, ridge: model.ridge, residual: model.residual, cond: model.cond };
}

function crossKernel(op: string, kTestTrain: TensorInput, n: number) {
  return asTensor2D(op, 'kTestTrain', kTestTrain, {
    cols: n,
    meaning: 'K(X*, X), one column per training point',
  });
}

function tensorKernelSize(op: string, K: tf.Tensor): number {
  if (K.isDisposed) asTensor2D(op, 'K', K as tf.Tensor2D); // throws: a disposed tensor
  if (K.rank !== 2 || K.shape[0] !== K.shape[1] || K.shape[0] === 0) {
    throw new ShapeMismatchError(
      op,
      `K has shape [${K.shape.join(', ')}]`,
      'a square n×n kernel matrix K(X, X) (n ≥ 1)',
    );
  }
  return K.shape[0] as number;
}

/** Columns of the targets, after checking that they have n rows. */
function targetColumns(op: string, Y: TargetsInput | tf.Tensor1D | tf.Tensor2D, n: number): number {
  if (Y instanceof tf.Tensor) {
    if (Y.isDisposed) asTensor2D(op, 'Y', Y as tf.Tensor2D); // throws: a disposed tensor
    if (Y.rank > 2 || Y.shape[0] !== n) {
      throw new ShapeMismatchError(
        op,
        `Y has shape [${Y.shape.join(', ')}]`,
        `[${n}] or [${n}, k], one row per point like K (${n}×${n})`,
      );
    }
    return Y.rank === 1 ? 1 : (Y.shape[1] as number);
  }
  return asTargets(op, 'Y', Y, { rows: n }).cols;
}

function upload(m: Matrix64): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
}

async function readMatrix(t: tf.Tensor): Promise<Matrix64> {
  const [rows, cols] = t.shape as [number, number];
  return { rows, cols, data: Float64Array.from(await t.data()) };
}

async function readTargets(Y: tf.Tensor1D | tf.Tensor2D): Promise<Matrix64> {
  const rows = Y.shape[0];
  const cols = Y.rank === 1 ? 1 : (Y.shape[1] as number);
  return { rows, cols, data: Float64Array.from(await Y.data()) };
}
