import {
  asMatrix64,
  assertInteger,
  assertOneOf,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  createRng,
  InvalidArgumentError,
  type Matrix64,
  svd,
  type WorkBudget,
} from '@overparam/tensor';
import type { LinearNetwork } from './linear-network.js';
import { completeBasis, gaussianMatrix, haarFrame } from './linear-network-math.js';

/**
 * An initialization of a {@link LinearNetwork} (https://overparam.dev/docs/theory/linear-networks#setting). `scale` sets the size of the
 * weights (default 1): small scales start near the saddle at 0, large ones far from it.
 *
 * - `gaussian`: independent N(0, scale²/h) entries, so UUᵀ ≈ scale²·I for h ≫ n. Its imbalance
 *   is random; for h ≥ n + m both [λ_n(D)]₊ and [λ_m(−D)]₊ are typically > 0.
 * - `balanced`: D = UᵀU − VᵀV = 0 exactly (to rounding), UVᵀ = scale²·P·Rᵀ with Haar-random
 *   P, R and a Haar-random hidden frame. The imbalance lower bound on μ is 0.
 * - `imbalanced`: like `balanced` but with a prescribed imbalance: D's nonzero eigenvalues are
 *   exactly `imbalance` (see {@link initLinearNetwork}).
 * - `spectral`: the singular vectors of UVᵀ are those of the target Y (Saxe, McClelland &
 *   Ganguli, ICLR 2014; Gidel, Bach & Lacoste-Julien, NeurIPS 2019), UVᵀ = scale²·P_Y·R_Yᵀ;
 *   balanced unless `imbalance` is given.
 */
export type LinearNetworkInit =
  | { kind: 'gaussian'; scale?: number }
  | { kind: 'balanced'; scale?: number }
  | { kind: 'imbalanced'; imbalance: number | readonly number[]; scale?: number }
  | { kind: 'spectral'; scale?: number; imbalance?: number | readonly number[] };

/** Options of {@link initLinearNetwork}. */
export interface InitLinearNetworkOptions {
  /** Outputs: U is n×h. */
  n: number;
  /** Inputs: V is m×h. */
  m: number;
  /** Hidden width, h ≥ max(n, m). */
  h: number;
  init: LinearNetworkInit;
  /** Seed of every random draw of the initialization. */
  initSeed: number;
  /** The target Y (n×m): required by `spectral`, ignored otherwise. */
  target?: Matrix64;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor), checked before
   * anything is drawn: 8·(3·h·M + (n + m)·h + 2(n² + m²)) bytes and 20·h·M² + 20(n³ + m³) flops
   * (the SVDs of the Haar frames), M = max(n, m).
   */
  budget?: WorkBudget;
}

// Streams of `initSeed`, one per kind, so that kinds do not share draws.
const STREAMS = { gaussian: 11, balanced: 12, imbalanced: 13, spectral: 14 } as const;
const LINEAR_NETWORK_INITS = ['gaussian', 'balanced', 'imbalanced', 'spectral'] as const;

/**
 * Seeded initializations of the two-layer linear network UVᵀ of https://overparam.dev/docs/theory/linear-networks#imbalance (Xu, Min, Tarmoun,
 * Mallada & Vidal, AISTATS 2023), float64 on the CPU.
 *
 * The aligned kinds (`balanced`, `imbalanced`, `spectral`) build, with r = min(n, m) and
 * M = max(n, m), orthogonal P (n×n), R (m×m) and orthonormal q_1 … q_M ∈ R^h,
 * U = Σ_{i<n} a_i p_i q_iᵀ and V = Σ_{i<m} b_i r_i q_iᵀ. Then
 * D = UᵀU − VᵀV = Σ_i (a_i²·[i<n] − b_i²·[i<m]) q_i q_iᵀ and UVᵀ = Σ_{i<r} a_i b_i p_i r_iᵀ, so
 * the imbalance spectrum d and the product singular values s_i = a_i b_i = scale² are prescribed
 * at once: a_i² − b_i² = d_i and a_i b_i = s_i give a_i² = (d_i + √(d_i² + 4s_i²))/2 (computed
 * without cancellation). `imbalance` is either a number δ, meaning d_i = δ on the r shared
 * directions and |δ| on the M − r extra directions of the longer side (sign + if n > m, as
 * D = +a_i² there; − if m > n), so δ = 0 is balanced and the bound on μ is ≥ |δ|; or an array of
 * the M eigenvalues d_i, whose extra entries must have that sign. D's other h − M eigenvalues
 * are 0.
 *
 * @throws InvalidArgumentError for sizes that are not positive integers, h < max(n, m), an
 * unknown kind, a scale that is not a finite number > 0, an imbalance of the wrong length or
 * sign, or `spectral` without a target of shape n×m; NonFiniteError for a non-finite target;
 * WorkBudgetError (before anything is drawn) for sizes over the work budget (`budget`).
 * @example
 * const net = initLinearNetwork({ n: 2, m: 3, h: 8, init: { kind: 'imbalanced', imbalance: 0.5 }, initSeed: 0 });
 * eigvalsh(linearNetworkImbalance(net)) // [-0.5, 0, 0, 0, 0, 0, 0.5, 0.5] (to rounding): m > n
 * imbalanceLowerBound(linearNetworkImbalance(net), 2, 3).lowerBound // 0.5
 */
export function initLinearNetwork(options: InitLinearNetworkOptions): LinearNetwork {
  const op = 'initLinearNetwork';
  assertOptions(op, 'options', options, false);
  const { n, m, h, init, initSeed } = options;
  assertInteger(op, 'n', n, { min: 1 }, 'the outputs: U is n×h');
  assertInteger(op, 'm', m, { min: 1 }, 'the inputs: V is m×h');
  assertInteger(op, 'h', h, { min: 1 }, 'the hidden width');
  if (h < Math.max(n, m)) {
    throw new InvalidArgumentError(
      'h',
      h,
      `an integer >= max(n, m) = ${Math.max(n, m)}: https://overparam.dev/docs/theory/linear-networks#setting assumes an over-parametrized hidden layer`,
      op,
    );
  }
  assertOptions(op, 'init', init, false);
  const kind = (init as { kind?: unknown }).kind;
  assertOneOf(op, 'init.kind', kind, LINEAR_NETWORK_INITS);
  const M0 = Math.max(n, m);
  assertWorkBudget(
    op,
    {
      flops: 20 * h * M0 * M0 + 20 * (n ** 3 + m ** 3),
      bytes: 8 * (3 * h * M0 + (n + m) * h + 2 * (n * n + m * m)),
    },
    options.budget,
    'lower n, m or h',
  );
  // Only undefined means the default: init.scale or init.imbalance null is a bad value.
  const scale = init.scale === undefined ? 1 : init.scale;
  assertPositive(op, 'init.scale', scale, 'default 1');
  const rng = createRng(initSeed, STREAMS[kind]);
  if (init.kind === 'gaussian') {
    const std = scale / Math.sqrt(h);
    return { U: gaussianMatrix(rng, n, h, std), V: gaussianMatrix(rng, m, h, std) };
  }
  const r = Math.min(n, m);
  const M = Math.max(n, m);
  const imbalance = init.kind === 'balanced' || init.imbalance === undefined ? 0 : init.imbalance;
  const d = imbalanceSpectrum(imbalance, n, m);
  let P: Matrix64;
  let R: Matrix64;
  if (init.kind === 'spectral') {
    if (options.target === undefined) {
      throw new InvalidArgumentError(
        'target',
        undefined,
        `the target Y (${n}×${m}) whose singular vectors the spectral init takes`,
        op,
      );
    }
    const target = asMatrix64(op, 'target', options.target);
    if (target.rows !== n || target.cols !== m) {
      throw new InvalidArgumentError(
        'target',
        `a ${target.rows}×${target.cols} matrix`,
        `an n×m = ${n}×${m} matrix`,
        op,
      );
    }
    const { u, v } = svd(target);
    P = completeBasis(rng, u);
    R = completeBasis(rng, v);
  } else {
    P = haarFrame(rng, n, n);
    R = haarFrame(rng, m, m);
  }
  const Q = haarFrame(rng, h, M);
  const s = scale * scale;
  const a = new Float64Array(n);
  const b = new Float64Array(m);
  for (let i = 0; i < M; i++) {
    const di = d[i]!;
    if (i < r) {
      // a² − b² = d, ab = s: take the root without cancellation, then the other from ab = s.
      const root = Math.sqrt(di * di + 4 * s * s);
      if (di >= 0) {
        a[i] = Math.sqrt((di + root) / 2);
        b[i] = s / a[i]!;
      } else {
        b[i] = Math.sqrt((-di + root) / 2);
        a[i] = s / b[i]!;
      }
    } else if (n > m) {
      a[i] = Math.sqrt(di);
    } else {
      b[i] = Math.sqrt(-di);
    }
  }
  return { U: outer(P, a, Q, h), V: outer(R, b, Q, h) };
}

/** The M = max(n, m) prescribed eigenvalues of D, checked. */
function imbalanceSpectrum(imbalance: number | readonly number[], n: number, m: number): number[] {
  const r = Math.min(n, m);
  const M = Math.max(n, m);
  const sign = n > m ? 1 : -1;
  if (typeof imbalance === 'number') {
    if (!Number.isFinite(imbalance)) {
      throw new InvalidArgumentError(
        'init.imbalance',
        imbalance,
        'a finite number or an array',
        'initLinearNetwork',
      );
    }
    return Array.from({ length: M }, (_, i) => (i < r ? imbalance : sign * Math.abs(imbalance)));
  }
  if (
    !Array.isArray(imbalance) ||
    imbalance.length !== M ||
    !imbalance.every((v) => Number.isFinite(v))
  ) {
    throw new InvalidArgumentError(
      'init.imbalance',
      imbalance,
      `a number δ, or max(n, m) = ${M} finite eigenvalues of D = UᵀU − VᵀV`,
      'initLinearNetwork',
    );
  }
  for (let i = r; i < M; i++) {
    if (sign * imbalance[i]! < 0) {
      throw new InvalidArgumentError(
        `init.imbalance[${i}]`,
        imbalance[i],
        `a number ${n > m ? '>= 0' : '<= 0'}: entries ${r}…${M - 1} are the extra directions of ` +
          `the longer layer (${n > m ? 'U, where D = +a_i²' : 'V, where D = −b_i²'})`,
        'initLinearNetwork',
      );
    }
  }
  return [...imbalance];
}

/** Σ_i coef_i · left_i · q_iᵀ over the columns of `left` (p×p) and the first p columns of Q. */
function outer(left: Matrix64, coef: Float64Array, Q: Matrix64, h: number): Matrix64 {
  const p = left.rows;
  const M = Q.cols;
  const out = new Float64Array(p * h);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      const w = left.data[i * p + k]! * coef[k]!;
      if (w === 0) continue;
      for (let j = 0; j < h; j++) out[i * h + j]! += w * Q.data[j * M + k]!;
    }
  }
  return { rows: p, cols: h, data: out };
}
