import {
  asMatrix64,
  assertOneOf,
  assertWorkBudget,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  type TensorInput,
  type WorkBudget,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { fcDiagonal, fcF64, rowSquaredNorms } from './internal/fc-f64.js';
import { type FusedContext, fusedAvailable, fusedContext } from './internal/fc-fused.js';
import { assertFcDiagonal } from './internal/fc-range.js';
import { type FcSpec, fcSpec } from './internal/fc-spec.js';
import { fcDiagonalTf, fcFromDotsTf } from './internal/fc-tf.js';
import {
  assertTileOptions,
  DEFAULT_TILE_ELEMENTS,
  diagonalMask,
  type GpuTileOptions,
  squaredNorms,
  tiledRows,
  toTensorPair,
  transposeOnce,
  withTensor2D,
} from './internal/gpu.js';
import { SNAP32 } from './internal/moments.js';
import { assertSameCols, KERNEL_HINT } from './internal/validate.js';
import { F32, F64 } from './internal/work.js';

/** Options of {@link fcKernel}. Defaults: relu, wStd 1, bStd 0, NTK parameterization. */
export interface FcKernelOptions {
  /** L, the number of hidden layers (the readout layer comes on top). Integer ≥ 1. */
  depth: number;
  /** φ. Default 'relu'. */
  activation?: 'relu' | 'erf' | 'leakyRelu';
  /** Negative slope a of leaky ReLU, φ(u) = max(u, 0) + a·min(u, 0). Default 0.2 (as tf.leakyRelu). */
  alpha?: number;
  /** σ_w ≥ 0. Default 1 (Math.SQRT2 keeps ReLU variances constant across layers). */
  wStd?: number;
  /** σ_b ≥ 0. Default 0. */
  bStd?: number;
  /**
   * 'ntk' (default): z^{l+1} = (σ_w/√fan_in)·W φ(z^l) + σ_b·b with W, b ~ N(0, 1).
   * 'standard': W ~ N(0, σ_w²/fan_in), b ~ N(0, σ_b²), z = W h + b (https://overparam.dev/docs/theory/conventions#parameterization). Same NNGP;
   * the NTK then depends on the hidden width and grows with it (see {@link fcKernel}).
   */
  parameterization?: 'ntk' | 'standard';
  /** Hidden width m (or one per hidden layer) — required by, and only allowed with, 'standard'. */
  width?: number | readonly number[];
  /**
   * Work budget of each call (default tensor's DEFAULT_WORK_BUDGET: 2·10¹¹ flops, 2 GiB);
   * `gpu(X, Y, { budget })` overrides it for one call. A call is estimated at
   * n·m·(2d + 40·depth) flops and 24·n·m bytes (float64: G, NNGP, NTK) or 16·n·m (float32: both
   * outputs, tiles and concatenation) and refused with WorkBudgetError before it allocates.
   */
  budget?: WorkBudget;
}

/** Options of {@link FcKernel.gpu}. */
export interface FcGpuOptions extends GpuTileOptions {
  /**
   * 'fused' evaluates the whole recursion in one pass per tile (a WGSL shader on webgpu, a
   * JavaScript loop over the tile on cpu and wasm); 'ops' chains elementwise tfjs ops (any
   * backend, e.g. webgl). Default 'auto': fused where available, else ops.
   */
  implementation?: 'auto' | 'fused' | 'ops';
}

/** NNGP and NTK of the same inputs. */
export interface FcKernelPair<T> {
  nngp: T;
  ntk: T;
}

/** A fully connected NNGP/NTK; see {@link fcKernel}. */
export interface FcKernel {
  /** The options, with defaults filled in. */
  readonly options: Readonly<Required<Omit<FcKernelOptions, 'width' | 'budget'>>> & {
    readonly width?: number | readonly number[];
  };
  /** K(X, Y) (K(X, X) if Y is omitted) in float64 on the CPU. X: n×d, Y: m×d. */
  f64(X: MatrixInput, Y?: MatrixInput): FcKernelPair<Matrix64>;
  /** The diagonal K(x_i, x_i) in float64. */
  diagF64(X: MatrixInput): FcKernelPair<Float64Array>;
  /** K(X, Y) in float32 on the active tfjs backend, tiled over rows of X. The caller disposes. */
  gpu(X: TensorInput, Y?: TensorInput, options?: FcGpuOptions): Promise<FcKernelPair<tf.Tensor2D>>;
  /** The diagonal in float32 on the active backend. The caller disposes. */
  diagGpu(X: TensorInput): Promise<FcKernelPair<tf.Tensor1D>>;
}

/**
 * The NNGP Σ^{L+1} and NTK Θ^{L+1} of a fully connected network with L hidden layers in the
 * infinite-width limit (Jacot, Gabriel, Hongler 2018; Lee et al. 2019; https://overparam.dev/docs/theory/fully-connected-kernels#recursion):
 *
 *   Σ¹ = σ_w²⟨x,x'⟩/d + σ_b²,  Θ¹ = Σ¹,
 *   Σ^{l+1} = σ_w²E[φ(u)φ(v)] + σ_b²,  Σ̇^{l+1} = σ_w²E[φ'(u)φ'(v)],  Θ^{l+1} = Σ^{l+1} + Θˡ·Σ̇^{l+1},
 *
 * (u, v) ~ N(0, [[Σˡ(x,x), Σˡ(x,x')], [Σˡ(x,x'), Σˡ(x',x')]]), with closed forms for ReLU and
 * leaky ReLU (arc-cosine, Cho & Saul 2009) and erf (Williams 1997). The same recursion as
 * the reference library (neural-tangents) uses for
 * `stax.serial(*[Dense(m, W_std, b_std), φ] * L, Dense(1, W_std, b_std))`.
 *
 * Standard parameterization (neural-tangents' convention): the NNGP is the same, and
 * Θ¹ = ⟨x,x'⟩ + 1, Θ^{l+1} = m_l·E[φφ] + 1 + Θˡ·Σ̇^{l+1} (m_l the width feeding layer l + 1),
 * i.e. the weight gradients carry the un-normalized layer inputs (Σ_j h_j h'_j ≈ m·E[φφ]) and
 * the bias gradients 1. It is the expected empirical NTK at width m to leading order.
 *
 * Conventions: the angle is θ = atan2(√max(q₁q₂ − c², 0), c), never acos, with the root
 * snapped to 0 below rounding noise (relative 2^-46 in float64, 2^-20 in float32), so
 * identical, parallel and antipodal inputs give exact θ = 0 or π and never NaN. A zero vector
 * (Σ(x,x) = 0, possible with σ_b = 0) gets θ = π/2: for ReLU this is the moment with
 * φ'(0) = 1/2, E[φ'φ'] = 1/4, E[φφ] = 0 (leaky ReLU: φ'(0) = (1 + a)/2).
 *
 * Precision: `f64` is float64 on the CPU (rtol 1e-10 against an independent numpy
 * implementation); `gpu` is float32 on the active backend (rtol 1e-4), tiled over rows of X
 * so intermediates stay below `maxTileElements`.
 *
 * Inputs: X n×d and Y m×d, one point per row; n = 1 is fine. Every layer variance Σˡ(x,x) must
 * be 0 or in [1e-150, 1e150] (float64) or [1e-18, 1e18] (float32) for (leaky) ReLU, whose angle
 * multiplies two of them (erf: at most the upper limit), and the output diagonals at most 1e300
 * (float64) or 1e37 (float32); otherwise InvalidArgumentError says to rescale X or change wStd
 * (they grow or shrink by ~σ_w²/2 per ReLU layer). This is checked on the diagonal, before the
 * n·m loop, instead of returning NaN or a wrong angle.
 *
 * @throws InvalidArgumentError for depth < 1, negative or NaN wStd/bStd, an unknown activation,
 *   a width with 'ntk' or none with 'standard', options that are not an object, or inputs out of
 *   range (above); ShapeMismatchError when X and Y have different d; WorkBudgetError for a call
 *   beyond its budget.
 * @example
 * const k = fcKernel({ depth: 1, activation: 'relu', wStd: Math.SQRT2 });
 * const { nngp, ntk } = k.f64([[1, 0], [0, 1]]);
 * toArray(nngp) // [[1, 0.3183…], [0.3183…, 1]]   (1/π off the diagonal)
 * toArray(ntk)  // [[2, 0.3183…], [0.3183…, 2]]
 */
export function fcKernel(options: FcKernelOptions): FcKernel {
  const spec = fcSpec(options);
  const budget = options.budget;
  const filled = {
    depth: spec.depth,
    activation: options.activation ?? 'relu',
    alpha: options.alpha ?? 0.2,
    wStd: options.wStd ?? 1,
    bStd: options.bStd ?? 0,
    parameterization: options.parameterization ?? 'ntk',
    ...(options.width === undefined ? {} : { width: options.width }),
  } as const;
  return {
    options: filled,
    f64(X, Y) {
      const op = 'fcKernel.f64';
      const x = asMatrix64(op, 'X', X);
      const y = Y === undefined ? null : asMatrix64(op, 'Y', Y);
      if (y !== null) assertSameCols(op, x.cols, y.cols);
      const n = x.rows;
      const m = y === null ? n : y.rows;
      assertWorkBudget(
        op,
        {
          flops: n * m * (2 * x.cols + ENTRY_FLOPS * spec.depth),
          bytes: 3 * F64 * n * m + F64 * (spec.depth + 2) * (n + m),
        },
        budget,
        KERNEL_HINT,
      );
      return fcF64(spec, x, y, (diagonal, name) =>
        assertFcDiagonal(op, spec, diagonal, name, 'f64'),
      );
    },
    diagF64(X) {
      const op = 'fcKernel.diagF64';
      const x = asMatrix64(op, 'X', X);
      assertWorkBudget(
        op,
        {
          flops: x.rows * (2 * x.cols + ENTRY_FLOPS * spec.depth),
          bytes: F64 * (spec.depth + 2) * x.rows,
        },
        budget,
        KERNEL_HINT,
      );
      const diagonal = fcDiagonal(spec, rowSquaredNorms(x), x.cols);
      assertFcDiagonal(op, spec, diagonal, 'X', 'f64');
      return { nngp: diagonal.nngp, ntk: diagonal.ntk };
    },
    gpu(X, Y, gpuOptions = {}) {
      return fcGpu(spec, X, Y, gpuOptions, budget);
    },
    diagGpu: (X) => {
      const op = 'fcKernel.diagGpu';
      return withTensor2D(op, X, async (tensor) => {
        const [n, d] = tensor.shape;
        assertWorkBudget(
          op,
          { flops: n * (2 * d + ENTRY_FLOPS * spec.depth), bytes: F32 * (spec.depth + 2) * n },
          budget,
          KERNEL_HINT,
        );
        const sq = squaredNorms(tensor);
        try {
          assertFcDiagonal(op, spec, fcDiagonal(spec, await sq.data(), d, SNAP32), 'X', 'f32');
        } finally {
          sq.dispose();
        }
        return tf.tidy(() => {
          const { nngp, ntk } = fcDiagonalTf(spec, tensor.shape[1], squaredNorms(tensor));
          return { nngp, ntk };
        });
      });
    },
  };
}

/** Flops of one entry and layer of the recursion (an atan2 and a dozen multiply-adds). */
const ENTRY_FLOPS = 40;
/** Bytes of WGSL source per unrolled layer of the fused webgpu shader. */
const SHADER_BYTES_PER_LAYER = 256;

async function fcGpu(
  spec: FcSpec,
  X: TensorInput,
  Y: TensorInput | undefined,
  options: FcGpuOptions,
  factoryBudget: WorkBudget | undefined,
): Promise<FcKernelPair<tf.Tensor2D>> {
  const op = 'fcKernel.gpu';
  assertTileOptions(op, options);
  const { implementation = 'auto' } = options;
  assertOneOf(op, 'implementation', implementation, ['auto', 'fused', 'ops'] as const);
  if (implementation === 'fused' && !fusedAvailable()) {
    throw new InvalidArgumentError(
      'implementation',
      implementation,
      `'ops' or 'auto' on the ${tf.getBackend()} backend (fused runs on webgpu, wasm and cpu)`,
      op,
    );
  }
  const fused = implementation === 'fused' || (implementation === 'auto' && fusedAvailable());
  const budget = options.budget ?? factoryBudget;
  const tileElements = options.maxTileElements ?? DEFAULT_TILE_ELEMENTS;
  const held: tf.Tensor[] = [];
  let context: FusedContext | null = null;
  try {
    const { x, y } = toTensorPair(op, X, Y, held, (nx, ny, d) =>
      assertWorkBudget(
        op,
        {
          flops: nx * ny * (2 * d + ENTRY_FLOPS * spec.depth),
          // Both outputs, their tiles and concatenation (4·4 bytes an entry); the inputs; the
          // fused JavaScript tile buffers (dots, NNGP, NTK) or the webgpu shader source.
          bytes:
            4 * F32 * nx * ny +
            F32 * (nx + ny) * (d + spec.depth) +
            (fused ? 3 * F32 * Math.min(nx * ny, Math.max(ny, tileElements)) : 0) +
            (fused && tf.getBackend() === 'webgpu' ? SHADER_BYTES_PER_LAYER * spec.depth : 0),
        },
        budget,
        KERNEL_HINT,
      ),
    );
    const symmetric = Y === undefined;
    const [nx, d] = x.shape;
    const ny = y.shape[0];
    const sqx = squaredNorms(x);
    held.push(sqx);
    const sqy = symmetric ? sqx : squaredNorms(y);
    if (!symmetric) held.push(sqy);
    // One read-back of the n (and m) norms: the layer variances are checked in float64 before
    // the n·m work, which also refuses NaN in a tensor input.
    const qx = await sqx.data();
    const qy = symmetric ? qx : await sqy.data();
    assertFcDiagonal(op, spec, fcDiagonal(spec, qx, d, SNAP32), 'X', 'f32');
    if (!symmetric) assertFcDiagonal(op, spec, fcDiagonal(spec, qy, d, SNAP32), 'Y', 'f32');
    const yT = transposeOnce(y);
    held.push(yT);
    const dx = tf.tidy(() => fcDiagonalTf(spec, d, sqx).layers);
    held.push(...dx);
    const dy = symmetric ? dx : tf.tidy(() => fcDiagonalTf(spec, d, sqy).layers);
    if (!symmetric) held.push(...dy);
    const dyCols = fused ? null : tf.tidy(() => dy.map((v) => tf.reshape(v, [1, ny])));
    if (dyCols) held.push(...dyCols);
    context = fused
      ? await fusedContext(spec, d, sqx, symmetric ? null : sqy, dx, dy, qx, qy)
      : null;
    const [nngp, ntk] = await tiledRows(op, nx, ny, options, async (r0, r1, previous) => {
      const t = r1 - r0;
      const g = tf.tidy((): tf.Tensor2D => {
        const dots = tf.matMul(tf.slice(x, [r0, 0], [t, d]), yT);
        if (!symmetric || context) return dots as tf.Tensor2D;
        // Pairs (x_i, x_i) get c = ‖x_i‖² exactly, as the diagonals do (the fused paths do
        // the same in their loop).
        const eye = diagonalMask(r0, r1, ny);
        return tf.where(eye, tf.reshape(tf.slice(sqx, r0, t), [t, 1]), dots) as tf.Tensor2D;
      });
      if (context) {
        try {
          return await context.tile(g, r0, previous);
        } finally {
          g.dispose();
        }
      }
      return tf.tidy(() => {
        const rows = dx.map((v) => tf.reshape(tf.slice(v, r0, t), [t, 1]));
        const out = fcFromDotsTf(spec, d, g, rows, dyCols as tf.Tensor[]);
        g.dispose();
        return out as [tf.Tensor2D, tf.Tensor2D];
      });
    });
    return { nngp: nngp as tf.Tensor2D, ntk: ntk as tf.Tensor2D };
  } finally {
    context?.dispose();
    tf.dispose(held);
  }
}
