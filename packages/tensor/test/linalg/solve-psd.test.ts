import { afterEach, describe, expect, it } from 'vitest';
import {
  cholesky,
  eigvalsh,
  fromArray,
  InvalidArgumentError,
  lstsqMinNorm,
  type Matrix64,
  matmul,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSymmetricError,
  pinv,
  ShapeMismatchError,
  type SolvePsdOptions,
  solvePsd,
  toArray,
} from '../../src/index.js';
import { SIMD_MIN_N } from '../../src/linalg/internal/cholesky-core.js';
import { setSimdKernels, simdAvailable } from '../../src/linalg/internal/wasm-simd.js';
import { expectClose, F64_RTOL, nonEmpty } from '../../src/testing/index.js';
import {
  backwardError,
  naiveMatmul,
  randomLowRankGram,
  randomMatrix,
  randomSpd,
  relativeDiff,
  symmetricWithEigenvalues,
} from './helpers.js';

const EPS = Number.EPSILON;
/**
 * Forward error of a backward-stable SPD solve: ‖X − X*‖/‖X*‖ ≤ c·n·ε·κ₂ (Higham, Accuracy and
 * Stability, Thm 10.4 with the perturbation bound of Thm 7.2); c = 4 leaves room for the
 * constants in those bounds, which are never attained on random matrices.
 */
const solveTolerance = (n: number, cond: number) => 4 * n * EPS * cond;
/**
 * The condition estimate is a lower bound within this factor of κ₂: the Lanczos stopping rule
 * (Ritz values moving by ≤ 3e-3) measured ≤ 1.037 on RBF and NTK kernels.
 */
const COND_FACTOR = 1.05;

function withRidge(A: Matrix64, ridge: number): Matrix64 {
  const data = Float64Array.from(A.data);
  for (let i = 0; i < A.rows; i++) data[i * A.rows + i]! += ridge;
  return { rows: A.rows, cols: A.cols, data };
}

/** RBF kernel exp(−‖x_i − x_j‖²/(2ℓ²)) of n Gaussian points in d dimensions (its own loop). */
function rbfGram(n: number, d: number, lengthScale: number, seed: number): Matrix64 {
  const X = randomMatrix(n, d, seed).data;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < d; p++) s += (X[i * d + p]! - X[j * d + p]!) ** 2;
      const v = Math.exp(-s / (2 * lengthScale * lengthScale));
      K[i * n + j] = v;
      K[j * n + i] = v;
    }
  }
  return { rows: n, cols: n, data: K };
}

function exactCond(A: Matrix64): number {
  const ev = eigvalsh(A);
  return ev[ev.length - 1]! / ev[0]!;
}

afterEach(() => setSimdKernels(true));

describe('solvePsd (float64)', () => {
  it('solves [[4, 2], [2, 5]] x = [2, 1] by Cholesky and reports κ₂ = 6.5616/2.4384', () => {
    const r = solvePsd(
      fromArray([
        [4, 2],
        [2, 5],
      ]),
      [2, 1],
    );
    expect(toArray(r.x)).toEqual([[0.5], [0]]);
    expect(r.method).toBe('cholesky');
    expect(r.rank).toBe(2);
    expect(r.ridge).toBe(0);
    expect(r.condIsEstimate).toBe(true);
    // n = 2: two Lanczos steps span the space, so the estimate is exact.
    expect(r.cond).toBeCloseTo((9 + Math.sqrt(17)) / (9 - Math.sqrt(17)), 12);
    expect(r.lambdaMax).toBeCloseTo((9 + Math.sqrt(17)) / 2, 12);
  });

  it('A·X = B to c·n·ε·κ on random SPD matrices (JavaScript and SIMD paths, k = 1 and 3)', () => {
    const cases = nonEmpty([
      { n: 40, cond: 1e3, k: 1 },
      { n: 150, cond: 1e6, k: 3 },
      { n: 257, cond: 1e8, k: 2 },
      { n: 600, cond: 1e4, k: 1 },
    ]);
    for (const { n, cond, k } of cases) {
      const { A } = randomSpd(n, cond, n);
      const Xtrue = randomMatrix(n, k, n + 1);
      const B = naiveMatmul(A, Xtrue);
      const r = solvePsd(A, B);
      expect(r.method).toBe('cholesky');
      const err = relativeDiff(r.x, Xtrue);
      expect(err, `n = ${n}`).toBeLessThanOrEqual(solveTolerance(n, cond));
      // Backward error ‖AX − B‖/(‖A‖‖X‖) = O(nε) whatever κ.
      const back = backwardError(A, r.x, B);
      expect(back).toBeLessThanOrEqual(n * EPS);
    }
  });

  it('adds the ridge: (A + λI)X = B', () => {
    const { A } = randomSpd(120, 1e9, 3);
    const B = randomMatrix(120, 2, 4);
    const r = solvePsd(A, B, { ridge: 1e-3 });
    expect(r.ridge).toBe(1e-3);
    expectClose(naiveMatmul(withRidge(A, 1e-3), r.x), B, { rtol: 1e-12 });
  });

  it('estimates κ₂ from below, within a factor 1.05 of the exact one from eigh', () => {
    const cases = nonEmpty([
      { name: 'log-spaced spectrum, n = 60', A: randomSpd(60, 1e5, 1).A, ridge: 0 },
      { name: 'log-spaced spectrum, n = 300', A: randomSpd(300, 1e10, 2).A, ridge: 0 },
      { name: 'RBF kernel + 1e-3·I, n = 200', A: rbfGram(200, 5, 2, 3), ridge: 1e-3 },
      { name: 'RBF kernel + 1e-6·I, n = 400', A: rbfGram(400, 10, 3, 4), ridge: 1e-6 },
      { name: 'RBF kernel + 0.1·I, n = 500', A: rbfGram(500, 3, 1, 5), ridge: 0.1 },
    ]);
    for (const { name, A, ridge } of cases) {
      const r = solvePsd(A, randomMatrix(A.rows, 1, 9), { ridge });
      const exact = exactCond(withRidge(A, ridge));
      expect(r.condIsEstimate).toBe(true);
      expect(r.cond, name).toBeLessThanOrEqual(exact * (1 + 1e-8));
      expect(r.cond, name).toBeGreaterThanOrEqual(exact / COND_FACTOR);
    }
  });

  it('gives the minimum-norm solution pinv(A)·B of a singular A (eigh route, rank and cutoff)', () => {
    // Rank 7 Gram matrix of 30 points, B partly outside its range.
    const A = randomLowRankGram(30, 7, 5);
    const B = randomMatrix(30, 2, 6);
    const r = solvePsd(A, B);
    expect(r.method).toBe('eigh');
    expect(r.rank).toBe(7);
    expect(r.cond).toBe(Number.POSITIVE_INFINITY);
    expect(r.condIsEstimate).toBe(false);
    expect(r.cutoff).toBeCloseTo(30 * EPS * r.lambdaMax, 20);
    expectClose(r.x, matmul(pinv(A), B), { rtol: 1e-9 });
    expectClose(r.x, lstsqMinNorm(A, B).x, { rtol: 1e-9 });
    // Minimum norm: X lies in the range of A, so X = A⁺A·X.
    expectClose(matmul(pinv(A), naiveMatmul(A, r.x)), r.x, { rtol: 1e-9 });
  });

  it('with λ > 0 tiny on a singular A adds the smallest jitter of the schedule that factors', () => {
    const A = randomLowRankGram(12, 3, 2);
    const meanDiag =
      Array.from({ length: 12 }, (_, i) => A.data[i * 13]!).reduce((s, v) => s + v) / 12;
    const r = solvePsd(A, randomMatrix(12, 1, 5), { ridge: 1e-300 });
    expect(r.method).toBe('cholesky');
    const jitter = r.ridge - 1e-300;
    const steps = [1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6].map((t) => t * meanDiag);
    const at = steps.findIndex((s) => Math.abs(s - jitter) <= 1e-12 * s);
    expect(at).toBeGreaterThanOrEqual(0);
    // The step before it does not factor (or there is none).
    if (at > 0)
      expect(() => cholesky(A, { jitter: steps[at - 1]! })).toThrow(NotPositiveDefiniteError);
    // κ(A + jitter·I) ≈ 1e12 here: check the backward error, O(nε) whatever κ.
    const shifted = withRidge(A, r.ridge);
    const back = backwardError(shifted, r.x, randomMatrix(12, 1, 5));
    expect(back).toBeLessThanOrEqual(12 * EPS);
  });

  it('throws NotPositiveDefiniteError naming the pivot for an indefinite A, whatever the fallback', () => {
    const A = fromArray([
      [1, 2],
      [2, 1],
    ]);
    const options = nonEmpty<SolvePsdOptions[]>([
      {},
      { ridge: 0.1 },
      { fallback: 'jitter' },
      { fallback: 'eigh' },
      { fallback: 'eigh', ridge: 0.5 },
    ]);
    for (const o of options) {
      try {
        solvePsd(A, [1, 1], o);
        expect.unreachable(`should have thrown for ${JSON.stringify(o)}`);
      } catch (e) {
        const err = e as NotPositiveDefiniteError;
        expect(err).toBeInstanceOf(NotPositiveDefiniteError);
        expect(err.pivotIndex).toBe(1);
        expect(err.pivotValue).toBeLessThan(-1);
        expect(err.message).toMatch(/A is indefinite: Cholesky of A \+ .*·I fails at pivot 1/);
      }
    }
  });

  it('tells an indefinite A (λ_min = −1e-3·tr) from a semi-definite one with rounding (SIMD sizes)', () => {
    const n = 200;
    const lambda = Array.from({ length: n }, (_, i) => (i < 150 ? 0 : 1 + i / n));
    const tr = lambda.reduce((s, v) => s + v);
    // Rounding-level negative eigenvalue: −1e-9·tr(A), far below the default τ = 1e-6.
    const psd = symmetricWithEigenvalues([-1e-9 * tr, ...lambda.slice(1)], 7);
    const r = solvePsd(psd, randomMatrix(n, 1, 8));
    expect(r.method).toBe('eigh');
    expect(r.rank).toBe(50);
    const bad = symmetricWithEigenvalues([-1e-3 * tr, ...lambda.slice(1)], 7);
    expect(() => solvePsd(bad, randomMatrix(n, 1, 8))).toThrow(NotPositiveDefiniteError);
    expect(() => solvePsd(bad, randomMatrix(n, 1, 8), { ridge: 1e-6 })).toThrow(/A is indefinite/);
    // indefiniteTolerance: Infinity never throws: the negative eigenvalue is dropped.
    const dropped = solvePsd(bad, randomMatrix(n, 1, 8), { indefiniteTolerance: Infinity });
    expect(dropped.method).toBe('eigh');
    expect(dropped.lambdaMin).toBeLessThan(0);
  });

  it("fallback 'none' throws on a singular A; maxCond sends an ill-conditioned A to eigh", () => {
    const A = fromArray([
      [1, 1],
      [1, 1],
    ]);
    expect(() => solvePsd(A, [1, 1], { fallback: 'none' })).toThrow(
      /Cholesky pivot 1 is 0 \(must be > 0\), and fallback is 'none'/,
    );
    const { A: ill } = randomSpd(50, 1e9, 4);
    const r = solvePsd(ill, randomMatrix(50, 1, 5), { maxCond: 1e6, rcond: 1e-6 });
    expect(r.method).toBe('eigh');
    expect(r.rank).toBeLessThan(50);
    expect(solvePsd(ill, randomMatrix(50, 1, 5), { maxCond: 1e12 }).method).toBe('cholesky');
  });

  it('the SIMD and JavaScript paths agree to rounding', () => {
    if (!simdAvailable()) expect.fail('WebAssembly SIMD is expected in Node ≥ 20 and browsers');
    const n = 2 * SIMD_MIN_N + 7;
    const { A } = randomSpd(n, 1e6, 9);
    const B = randomMatrix(n, 2, 10);
    const simd = solvePsd(A, B);
    setSimdKernels(false);
    const js = solvePsd(A, B);
    expect(relativeDiff(simd.x, js.x)).toBeLessThanOrEqual(solveTolerance(n, 1e6));
    expect(Math.abs(simd.cond / js.cond - 1)).toBeLessThan(1e-6);
  });

  it('accepts B as a vector, nested arrays or an n×k Matrix64', () => {
    const A = fromArray([
      [2, 1],
      [1, 2],
    ]);
    expectClose(solvePsd(A, [3, 3]).x, [[1], [1]], { rtol: F64_RTOL });
    expectClose(solvePsd(A, Float64Array.of(3, 3)).x, [[1], [1]], { rtol: F64_RTOL });
    expectClose(
      solvePsd(A, [
        [3, 1],
        [3, -1],
      ]).x,
      [
        [1, 1],
        [1, -1],
      ],
      { rtol: F64_RTOL },
    );
  });

  it('rejects bad options with InvalidArgumentError naming the option, the value and the fix', () => {
    const A = fromArray([[2]]);
    const bad: [unknown, RegExp][] = [
      [{ ridge: -1 }, /ridge is -1; expected a finite number ≥ 0/],
      [{ ridge: Number.NaN }, /ridge is NaN/],
      [{ ridge: Number.POSITIVE_INFINITY }, /ridge is Infinity/],
      [{ rcond: -1 }, /rcond is -1; expected a finite number ≥ 0 and < 1/],
      [{ rcond: 1 }, /rcond is 1/],
      [
        { fallback: 'bogus' },
        /fallback is 'bogus'; expected one of 'auto', 'jitter', 'eigh', 'none'/,
      ],
      [{ maxCond: 0.5 }, /maxCond is 0.5; expected a number \(Infinity allowed\) ≥ 1/],
      [{ maxCond: Number.NaN }, /maxCond is NaN/],
      [{ indefiniteTolerance: -1 }, /indefiniteTolerance is -1/],
      [{ symmetryTolerance: -1 }, /symmetryTolerance is -1/],
      [{ jitter: 1e-3 }, /options.jitter is 0.001; expected no such option.*'ridge'/],
      [3, /options is 3; expected an options object/],
    ];
    for (const [options, message] of nonEmpty(bad)) {
      expect(() => solvePsd(A, [1], options as SolvePsdOptions), String(message)).toThrow(
        InvalidArgumentError,
      );
      expect(() => solvePsd(A, [1], options as SolvePsdOptions)).toThrow(message);
    }
  });

  it('rejects bad matrices with typed errors', () => {
    expect(() => solvePsd(fromArray([[1, 2]]), [1])).toThrow(ShapeMismatchError);
    expect(() =>
      solvePsd(
        fromArray([
          [1, 0],
          [0, 1],
        ]),
        [1, 2, 3],
      ),
    ).toThrow(/B has 3 entries; expected 2/);
    expect(() =>
      solvePsd(
        fromArray([
          [1, 0],
          [0, 1],
        ]),
        fromArray([[1], [2], [3]]),
      ),
    ).toThrow(ShapeMismatchError);
    expect(() =>
      solvePsd(
        fromArray([
          [1, Number.NaN],
          [Number.NaN, 1],
        ]),
        [1, 1],
      ),
    ).toThrow(NonFiniteError);
    const asymmetric = fromArray([
      [1, 0.5],
      [0, 1],
    ]);
    expect(() => solvePsd(asymmetric, [1, 1])).toThrow(NotSymmetricError);
    expect(() => solvePsd(asymmetric, [1, 1], { symmetryTolerance: 1 })).not.toThrow();
  });

  it('is deterministic and leaves its inputs unchanged', () => {
    const { A } = randomSpd(130, 1e4, 12);
    const B = randomMatrix(130, 1, 13);
    const a = Float64Array.from(A.data);
    const b = Float64Array.from(B.data);
    const r1 = solvePsd(A, B);
    const r2 = solvePsd(A, B);
    expect(r1.x.data).toEqual(r2.x.data);
    expect(r1.cond).toBe(r2.cond);
    expect(A.data).toEqual(a);
    expect(B.data).toEqual(b);
  });
});
