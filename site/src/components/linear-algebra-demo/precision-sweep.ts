// The computation behind the Linear algebra page: the min-norm random-features fit solved three
// ways at each N of a sweep through N = n. Plain TypeScript on @overparam/tensor and
// @overparam/random-features, so the live demo (browser) and the static figure (Node,
// make-figure.mts) run the same code.
import {
  conjugateGradient,
  createRng,
  fromTensor,
  gram,
  lstsqMinNorm,
  type Matrix64,
  matmul,
  NotPositiveDefiniteError,
  solveSpd,
  toTensor,
  transpose,
} from '@overparam/tensor';
import { type FeatureKind, featureGrid, randomFeatures, tf } from './lib';

/** Input dimension d of the sweep's data (fixed; the page says so). */
export const D = 16;

/** Unit roundoff of float32, 2⁻²⁴ ≈ 5.96e-8: the relative error of one rounding. */
export const EPS32 = 2 ** -24;
/** Unit roundoff of float64, 2⁻⁵³ ≈ 1.11e-16. */
export const EPS64 = 2 ** -53;

/** How often a sweep yields to the page (to paint its rows), in milliseconds. */
const PAINT_EVERY_MS = 100;

/** The feature kinds the demo offers. */
export const KINDS = ['relu', 'fourier-gaussian'] as const satisfies readonly FeatureKind[];
export type DemoKind = (typeof KINDS)[number];

/** Options of {@link precisionSweep}. */
export interface PrecisionSweepOptions {
  /** Number of samples n (rows of Φ). */
  n: number;
  /** Input dimension d. Default {@link D} = 16. */
  d?: number;
  kind: DemoKind;
  /** Seed of the inputs X (stream 0), the targets y (stream 1) and the features. */
  seed: number;
  /** Points of the sweep of N over [n/4, 4n], N = n included. Default 13. */
  points?: number;
  /** Target relative residual of float32 CG. Default 1e-5 (conjugateGradient's default; float32 stalls near 1e-6). */
  cgTol?: number;
  /** Aborts between points (and between the stages of a point). */
  signal?: AbortSignal;
  /** Called with each point as soon as it is computed. */
  onPoint?: (point: PrecisionPoint) => void;
}

/** One N of the sweep. Errors are relative to the float64 SVD solution a = Φ⁺y. */
export interface PrecisionPoint {
  /** Number of features N. */
  N: number;
  /** N/n. */
  ratio: number;
  /** The Gram system solved: 'primal' ΦᵀΦa = Φᵀy (N < n) or 'dual' ΦΦᵀc = y, a = Φᵀc (N ≥ n). */
  form: 'primal' | 'dual';
  /** Condition number of the Gram matrix, κ(G) = (σ_max/σ_min)² from the SVD of Φ. */
  cond: number;
  /** u₆₄·κ(G): the rule-of-thumb error of a float64 Gram solve. */
  bound64: number;
  /** u₃₂·κ(G): the rule-of-thumb error of a float32 Gram solve. */
  bound32: number;
  /** Relative residual ‖Gc − r‖/‖r‖ of the SVD solution (float64, no Gram matrix). */
  residualSvd: number;
  /** Relative residual of the float64 Gram path (gram + solveSpd). */
  residual64: number;
  /** Relative residual of the float32 Gram path (tf.matMul + conjugateGradient). */
  residual32: number;
  /** ‖a₆₄ − a‖/‖a‖, float64 Gram path against the SVD solution. */
  error64: number;
  /** ‖a₃₂ − a‖/‖a‖, float32 Gram path against the SVD solution (NaN when CG broke down). */
  error32: number;
  /** Jitter solveSpd had to add to the float64 Gram matrix (0 when none). */
  jitter64: number;
  /** CG iterations, and whether CG reached its tolerance. */
  cgIterations: number;
  cgConverged: boolean;
  /** Set when float32 CG stopped on a non-positive curvature pᵀGp ≤ 0. */
  cgBreakdown: string | null;
  /** Seconds this point took (all three solves). */
  seconds: number;
}

function norm(values: ArrayLike<number>): number {
  let s = 0;
  // v * v, not v ** 2: a product is correctly rounded everywhere, Math.pow is not.
  for (let i = 0; i < values.length; i++) s += (values[i] as number) * (values[i] as number);
  return Math.sqrt(s);
}

function relativeDistance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return Math.sqrt(s) / norm(b);
}

/** X (n×d) and y (n) of standard normals, seeded. */
export function sweepData(n: number, d: number, seed: number): { X: Matrix64; y: Matrix64 } {
  const X = { rows: n, cols: d, data: createRng(seed, 0).fillNormal(new Float64Array(n * d)) };
  const y = { rows: n, cols: 1, data: createRng(seed, 1).fillNormal(new Float64Array(n)) };
  return { X, y };
}

/** The N of the sweep: log-spaced over [n/4, 4n], through N = n exactly. */
export function sweepGrid(n: number, points = 13): number[] {
  return featureGrid({ n, min: Math.max(1, Math.round(n / 4)), max: 4 * n, points });
}

/**
 * The residual of the Gram system for coefficients a, ‖Gc − r‖/‖r‖, computed in float64
 * without forming G: for N ≥ n, ΦΦᵀc − y = Φa − y; for N < n, ΦᵀΦa − Φᵀy = Φᵀ(Φa − y).
 */
function gramResidual(Phi: Matrix64, PhiT: Matrix64, y: Matrix64, a: Matrix64, dual: boolean) {
  const e = matmul(Phi, a);
  for (let i = 0; i < e.data.length; i++) e.data[i] = (e.data[i] as number) - (y.data[i] as number);
  if (dual) return norm(e.data) / norm(y.data);
  return norm(matmul(PhiT, e).data) / norm(matmul(PhiT, y).data);
}

/**
 * Float32 Gram path on the active tfjs backend: Φ rounded to float32, G = ΦΦᵀ (or ΦᵀΦ) by
 * tf.matMul, then conjugateGradient; returns a (N×1, read back) or the breakdown.
 */
async function float32Solve(Phi: Matrix64, y: Matrix64, dual: boolean, tol: number) {
  const [G, r] = tf.tidy(() => {
    const P = toTensor(Phi);
    const yt = tf.tensor2d(Float32Array.from(y.data), [y.rows, 1]);
    return dual
      ? [tf.matMul(P, P, false, true), tf.reshape(yt, [-1]) as tf.Tensor1D]
      : [tf.matMul(P, P, true, false), tf.reshape(tf.matMul(P, yt, true), [-1]) as tf.Tensor1D];
  });
  try {
    const cg = await conjugateGradient(G as tf.Tensor2D, r, { tol });
    const aT = dual
      ? tf.tidy(() => {
          const P = toTensor(Phi);
          return tf.matMul(P, tf.reshape(cg.x, [-1, 1]), true) as tf.Tensor2D;
        })
      : cg.x;
    const a = await fromTensor(aT);
    aT.dispose();
    cg.x.dispose();
    return { a, iterations: cg.iterations, converged: cg.converged, breakdown: null };
  } catch (error) {
    // In float32 a Gram matrix with κ ≳ 1/u₃₂ can be indefinite: CG finds pᵀGp ≤ 0.
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    return { a: null, iterations: 0, converged: false, breakdown: error.message };
  } finally {
    G.dispose();
    r.dispose();
  }
}

/**
 * One point of the sweep: Φ = z(X) in float64 (randomFeatures(...).f64), then
 * 1. the float64 reference a = Φ⁺y by lstsqMinNorm (SVD; error ~ u₆₄·κ(Φ)), whose singular
 *    values give κ(G) = κ(Φ)²;
 * 2. the float64 Gram path: gram + solveSpd (Cholesky), as leastSquaresFit does;
 * 3. the float32 Gram path: tf.matMul + conjugateGradient on the active backend.
 */
export async function precisionPoint(
  X: Matrix64,
  y: Matrix64,
  N: number,
  options: { kind: DemoKind; seed: number; cgTol?: number; signal?: AbortSignal },
): Promise<PrecisionPoint> {
  const { kind, seed, cgTol = 1e-5, signal } = options;
  const t0 = performance.now();
  const n = X.rows;
  const d = X.cols;
  const dual = N >= n;
  const map = randomFeatures({ kind, d, N, featureSeed: seed, lengthScale: Math.sqrt(d) });
  const Phi = map.f64(X);
  const PhiT = transpose(Phi);

  const ref = lstsqMinNorm(Phi, y);
  const s = ref.singularValues;
  const condPhi = (s[0] as number) / (s[s.length - 1] as number);
  const cond = condPhi * condPhi;

  const G = gram(Phi, { form: dual ? 'AAt' : 'AtA' });
  const rhs = dual ? y : matmul(PhiT, y);
  const spd = solveSpd(G, rhs, { jitter: 'auto' });
  const a64 = dual ? matmul(PhiT, spd.x) : spd.x;
  signal?.throwIfAborted();

  const f32 = await float32Solve(Phi, y, dual, cgTol);
  signal?.throwIfAborted();

  return {
    N,
    ratio: N / n,
    form: dual ? 'dual' : 'primal',
    cond,
    bound64: EPS64 * cond,
    bound32: EPS32 * cond,
    residualSvd: gramResidual(Phi, PhiT, y, ref.x, dual),
    residual64: gramResidual(Phi, PhiT, y, a64, dual),
    residual32: f32.a ? gramResidual(Phi, PhiT, y, f32.a, dual) : Number.NaN,
    error64: relativeDistance(a64.data, ref.x.data),
    error32: f32.a ? relativeDistance(f32.a.data, ref.x.data) : Number.NaN,
    jitter64: spd.jitter,
    cgIterations: f32.iterations,
    cgConverged: f32.converged,
    cgBreakdown: f32.breakdown,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * The whole sweep, one point at a time (streamed through `onPoint`), on the active backend.
 *
 * @example
 * await initBackend('wasm');
 * const points = await precisionSweep({ n: 100, kind: 'relu', seed: 0 });
 * points.find((p) => p.N === 100)?.cond // the largest κ(G) of the sweep
 */
export async function precisionSweep(options: PrecisionSweepOptions): Promise<PrecisionPoint[]> {
  const { n, d = D, kind, seed, points = 13, cgTol, signal, onPoint } = options;
  const { X, y } = sweepData(n, d, seed);
  const out: PrecisionPoint[] = [];
  let painted = performance.now();
  for (const N of sweepGrid(n, points)) {
    signal?.throwIfAborted();
    const point = await precisionPoint(X, y, N, { kind, seed, cgTol, signal });
    out.push(point);
    onPoint?.(point);
    // Let the page paint now and then: every ~100 ms rather than after every point, so that a
    // few points share one redraw of the charts (a redraw per point doubled a browser run).
    if (performance.now() - painted > PAINT_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      painted = performance.now();
    }
  }
  return out;
}
