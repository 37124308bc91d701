import { type LossNormalization, resolveLossNormalization } from '@overparam/kernels';
import {
  asMatrix64,
  assertFunction,
  assertInteger,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  asVector,
  createRng,
  type Matrix64,
  type MatrixInput,
  matmul,
  SEED_RANGE,
  type VectorInput,
  type WorkBudget,
} from '@overparam/tensor';

/** Options of {@link twoLayerReluGd}. */
export interface TwoLayerReluGdOptions {
  /** Training inputs X, n×d (Du et al. and Arora et al. take unit-norm rows). */
  X: MatrixInput;
  /** Targets y (length n). */
  y: VectorInput;
  /** Hidden width m. */
  width: number;
  /** Learning rate η of GD on L(W) = (1/(2c))·Σ_i (y_i − f(x_i))². */
  learningRate: number;
  /**
   * Loss normalization c: 'sum' (c = 1, the default: Du et al. and Arora et al. minimize
   * ½Σ(y_i − u_i)², so η is the effective step η̃ = η/c), 'mean' (c = n) or a number.
   */
  lossNormalization?: LossNormalization;
  /** GD steps k. */
  steps: number;
  /** Init scale κ: w_r ~ N(0, κ²I). Default 1 (Du et al.); Arora et al. take κ small. */
  kappa?: number;
  /** Seed of the init: W from createRng(initSeed, 1), a from createRng(initSeed, 2). */
  initSeed: number;
  /**
   * An explicit init instead of the seeded one: W0 (m×d, row r = w_r) and a (±1, length m),
   * e.g. to replay a run of another implementation.
   */
  init?: { W0: MatrixInput; a: VectorInput };
  /** Called after every step with k and ‖y − u(k)‖; return false to stop early (an abort). */
  onStep?: (k: number, residualNorm: number) => boolean | undefined;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * anything of the network's size is allocated: 4·n·m·d flops per step (two matrix products)
   * and 8·(3·m·d + 3·n·m + steps) bytes.
   */
  budget?: WorkBudget;
}

/** What {@link twoLayerReluGd} returns. */
export interface TwoLayerReluGdResult {
  /** ‖y − u(k)‖₂ for k = 0..steps (fewer when onStep stopped the run). */
  residualNorms: number[];
  /** u(0) = f(X) at the init. */
  u0: Float64Array;
  /** u at the last step. */
  u: Float64Array;
  /** ‖W(k) − W(0)‖_F at the last step. */
  weightChange: number;
  /** The effective step η̃ = η/c. */
  effectiveStep: number;
  /** The trained network on new inputs (one row per point, d columns). */
  predict(Xnew: MatrixInput): Float64Array;
}

/**
 * Full-batch gradient descent on the two-layer ReLU network of Du, Zhai, Póczos & Singh (ICLR
 * 2019, §3) and Arora, Du, Hu, Li & Wang (ICML 2019, §3):
 *
 *   f(x) = (1/√m)·Σ_r a_r·ReLU(⟨w_r, x⟩),  a_r ~ Unif{±1} fixed,  w_r ~ N(0, κ²I),
 *   L(W) = (1/(2c))·Σ_i (y_i − f(x_i))²,
 *   w_r ← w_r − (η/c)·(1/√m)·a_r·Σ_i (u_i − y_i)·1{⟨w_r, x_i⟩ ≥ 0}·x_i.
 *
 * Only the first layer is trained, as in both papers; as m → ∞ the residual follows
 * (I − η̃H^∞)^k(u(0) − y) with H^∞ the kernel of @overparam/kernels' gramInfinityKernel. Float64
 * on the CPU: two n·m·d matrix products per step (forward pass and gradient, the blocked matmul
 * of @overparam/tensor).
 *
 * @throws InvalidArgumentError for a width or step count that is not a non-negative integer
 *   (width ≥ 1), a learning rate or κ that is not > 0, a bad lossNormalization or onStep;
 *   ShapeMismatchError for y, init or predict inputs of the wrong size; NonFiniteError for NaN
 *   or ±Infinity in X, y or init; WorkBudgetError (before allocating) for a width or step count
 *   over the work budget (`budget`).
 * @example
 * const X = sphereInputs({ n: 20, d: 5, dataSeed: 0, radius: 1 });
 * const r = twoLayerReluGd({ X, y: X.data.filter((_, i) => i % 5 === 0), width: 1000,
 *   learningRate: 0.5, steps: 100, initSeed: 0 });
 * r.residualNorms[100] / r.residualNorms[0] // 0.00094: GD drives the residual to 0
 */
export function twoLayerReluGd(options: TwoLayerReluGdOptions): TwoLayerReluGdResult {
  const op = 'twoLayerReluGd';
  assertOptions(op, 'options', options, false);
  const X = asMatrix64(op, 'X', options.X, { meaning: 'one row per training point' });
  const { rows: n, cols: d } = X;
  const { width: m, steps, learningRate, initSeed } = options;
  assertInteger(op, 'width', m, { min: 1 }, 'the hidden width m');
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps');
  assertPositive(op, 'learningRate', learningRate, 'the GD step size η');
  const kappa = options.kappa === undefined ? 1 : options.kappa;
  assertPositive(op, 'kappa', kappa, 'the init scale κ of w_r ~ N(0, κ²I)');
  if (options.onStep !== undefined) assertFunction(op, 'onStep', options.onStep);
  assertWorkBudget(
    op,
    { flops: 4 * n * m * d * (steps + 1), bytes: 8 * (3 * m * d + 3 * n * m + steps) },
    options.budget,
    'lower width or steps',
  );
  const y = asVector(op, 'y', options.y, { length: n, meaning: 'one target per row of X' });
  const c = resolveLossNormalization(op, options.lossNormalization, n, 'sum');
  const eta = learningRate / c;
  let W: Float64Array;
  let a: Float64Array;
  if (options.init !== undefined) {
    assertOptions(op, 'init', options.init, false);
    W = Float64Array.from(
      asMatrix64(op, 'init.W0', options.init.W0, {
        rows: m,
        cols: d,
        meaning: 'one row w_r per hidden unit, d columns',
      }).data,
    );
    a = asVector(op, 'init.a', options.init.a, { length: m, meaning: 'one a_r per hidden unit' });
  } else {
    assertInteger(op, 'initSeed', initSeed, SEED_RANGE, 'a seed');
    W = createRng(initSeed, 1).fillNormal(new Float64Array(m * d), 0, kappa);
    const rng = createRng(initSeed, 2);
    a = Float64Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1));
  }
  const W0 = Float64Array.from(W);
  const scale = 1 / Math.sqrt(m);
  // Both passes are matrix products: the pre-activations Z = X·Wᵀ (n×m) and the gradient
  // Gᵀ = Mᵀ·X (m×d) with M_ri = 1{z_ir ≥ 0}·e_i.
  const Wt: Matrix64 = { rows: d, cols: m, data: new Float64Array(d * m) };
  const M: Matrix64 = { rows: m, cols: n, data: new Float64Array(m * n) };
  let pre: Float64Array = new Float64Array(0);
  const u = new Float64Array(n);
  const forward = () => {
    for (let r = 0; r < m; r++) {
      for (let k = 0; k < d; k++) Wt.data[k * m + r] = W[r * d + k] as number;
    }
    pre = matmul(X, Wt).data;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let r = 0; r < m; r++) {
        const z = pre[i * m + r] as number;
        if (z > 0) s += (a[r] as number) * z;
      }
      u[i] = s * scale;
    }
  };
  const residualNorm = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += ((y[i] as number) - (u[i] as number)) ** 2;
    return Math.sqrt(s);
  };
  forward();
  const u0 = Float64Array.from(u);
  const norms = [residualNorm()];
  for (let k = 1; k <= steps; k++) {
    // 1{z ≥ 0} as in the papers (z = 0 has measure zero).
    for (let i = 0; i < n; i++) {
      const e = (u[i] as number) - (y[i] as number);
      for (let r = 0; r < m; r++) M.data[r * n + i] = (pre[i * m + r] as number) >= 0 ? e : 0;
    }
    const G = matmul(M, X).data;
    for (let r = 0; r < m; r++) {
      const step = eta * scale * (a[r] as number);
      for (let q = 0; q < d; q++) W[r * d + q]! -= step * (G[r * d + q] as number);
    }
    forward();
    const norm = residualNorm();
    norms.push(norm);
    if (options.onStep?.(k, norm) === false) break;
  }
  let change = 0;
  for (let t = 0; t < W.length; t++) change += ((W[t] as number) - (W0[t] as number)) ** 2;
  const Wfinal = W;
  return {
    residualNorms: norms,
    u0,
    u: Float64Array.from(u),
    weightChange: Math.sqrt(change),
    effectiveStep: eta,
    predict(Xnew: MatrixInput) {
      const Xn = asMatrix64(`${op}().predict`, 'Xnew', Xnew, {
        cols: d,
        meaning: `one row per point, d = ${d} columns like X`,
      });
      const out = new Float64Array(Xn.rows);
      for (let i = 0; i < Xn.rows; i++) {
        let s = 0;
        for (let r = 0; r < m; r++) {
          let z = 0;
          for (let q = 0; q < d; q++)
            z += (Wfinal[r * d + q] as number) * (Xn.data[i * d + q] as number);
          if (z > 0) s += (a[r] as number) * z;
        }
        out[i] = s * scale;
      }
      return out;
    },
  };
}
