// The WebAssembly SIMD path of the Cholesky factorization and of the triangular passes, against
// the JavaScript path and against the identities they promise.
import { afterEach, describe, expect, it } from 'vitest';
import { cholesky, gram, type Matrix64, NotPositiveDefiniteError } from '../../src/index.js';
import { choleskyJs, choleskySimd } from '../../src/linalg/internal/cholesky-core.js';
import { choleskyFactor, isPivotFailure } from '../../src/linalg/internal/cholesky-factor.js';
import { setSimdKernels, simdAvailable } from '../../src/linalg/internal/wasm-simd.js';
import { nonEmpty } from '../../src/testing/index.js';
import {
  backwardError,
  frobenius,
  frobeniusDiff,
  naiveMatmul,
  randomLowRankGram,
  randomMatrix,
  randomSpd,
  relativeDiff,
} from './helpers.js';

const EPS = Number.EPSILON;

afterEach(() => setSimdKernels(true));

describe('Cholesky, WebAssembly SIMD path (float64)', () => {
  it('is available in this engine (Node ≥ 20 and current browsers have wasm SIMD)', () => {
    expect(simdAvailable()).toBe(true);
  });

  // Sizes around the 4-row padding, the 16-column strips, the 128-column panels, and n = 512,
  // whose rows are 4 KiB apart and get a padded stride.
  it('has backward error ‖LLᵀ − A‖_F/‖A‖_F ≤ nε and agrees with the JavaScript path', () => {
    for (const n of nonEmpty([96, 97, 130, 255, 512, 515])) {
      const { A } = randomSpd(n, 1e8, n);
      const simd = Float64Array.from(A.data);
      expect(choleskySimd(simd, n, 0)).toBeNull();
      const L: Matrix64 = { rows: n, cols: n, data: simd };
      let upper = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) upper += Math.abs(simd[i * n + j]!);
      expect(upper).toBe(0);
      const backward = relativeDiff(gram(L, { form: 'AAt' }), A);
      expect(backward, `n = ${n}`).toBeLessThanOrEqual(n * EPS);
      const js = Float64Array.from(A.data);
      expect(choleskyJs(js, n, 0)).toBeNull();
      const d = relativeDiff(L, { rows: n, cols: n, data: js });
      // Both are backward stable: the factors agree to κ·nε at most (κ = 1e8 here).
      expect(d, `n = ${n}`).toBeLessThanOrEqual(1e8 * n * EPS);
    }
  });

  it('adds the jitter and reports the same failing pivot as the JavaScript path', () => {
    // Rank 200 Gram matrix, n = 300: breaks down past the first panels, where rounding decides
    // which of the zero pivots fails first.
    const G = randomLowRankGram(300, 200, 3);
    const simd = choleskySimd(Float64Array.from(G.data), 300, 0);
    const js = choleskyJs(Float64Array.from(G.data), 300, 0);
    expect(simd?.index).toBeGreaterThanOrEqual(199);
    expect(js?.index).toBeGreaterThanOrEqual(199);
    expect(() => cholesky(G)).toThrow(NotPositiveDefiniteError);
    // An indefinite matrix fails at one pivot on both paths: 250, with the same value.
    const { A } = randomSpd(300, 10, 8);
    A.data[250 * 301] = -1;
    const s2 = choleskySimd(Float64Array.from(A.data), 300, 0);
    const j2 = choleskyJs(Float64Array.from(A.data), 300, 0);
    expect(s2?.index).toBe(250);
    expect(j2?.index).toBe(250);
    expect(Math.abs(s2!.value - j2!.value)).toBeLessThan(1e-12);
    // With a jitter both factor A + jitter·I.
    const a = Float64Array.from(G.data);
    expect(choleskySimd(a, 300, 1e-3)).toBeNull();
    const L: Matrix64 = { rows: 300, cols: 300, data: a };
    const shifted = Float64Array.from(G.data);
    for (let i = 0; i < 300; i++) shifted[i * 301]! += 1e-3;
    const backward = relativeDiff(gram(L, { form: 'AAt' }), {
      rows: 300,
      cols: 300,
      data: shifted,
    });
    expect(backward).toBeLessThanOrEqual(300 * EPS);
  });

  it('reuses its workspace without reading the previous factorization', () => {
    const big = randomSpd(400, 1e3, 1).A;
    const small = randomSpd(150, 1e3, 2).A;
    const first = Float64Array.from(small.data);
    choleskySimd(first, 150, 0);
    choleskySimd(Float64Array.from(big.data), 400, 0);
    const again = Float64Array.from(small.data);
    choleskySimd(again, 150, 0);
    expect(again).toEqual(first);
  });

  it('solves and applies LLᵀ and its inverse like the JavaScript factor', () => {
    const n = 203;
    const { A } = randomSpd(n, 1e5, 4);
    const simd = choleskyFactor(A.data, n, 0);
    setSimdKernels(false);
    const js = choleskyFactor(A.data, n, 0);
    setSimdKernels(true);
    if (isPivotFailure(simd) || isPivotFailure(js)) throw new Error('A is positive definite');
    expect(simd.simd).toBe(true);
    expect(js.simd).toBe(false);
    const B = randomMatrix(n, 3, 5);
    const xs = Float64Array.from(B.data);
    const xj = Float64Array.from(B.data);
    simd.solve(xs, 3);
    js.solve(xj, 3);
    const X: Matrix64 = { rows: n, cols: 3, data: xs };
    const back = backwardError(A, X, B);
    expect(back).toBeLessThanOrEqual(n * EPS);
    expect(relativeDiff(X, { rows: n, cols: 3, data: xj })).toBeLessThan(1e5 * n * EPS);
    // apply: a ← A·a and b ← A⁻¹·b in the same two passes.
    const v = randomMatrix(n, 1, 6).data;
    const w = randomMatrix(n, 1, 7).data;
    const a = Float64Array.from(v);
    const b = Float64Array.from(w);
    simd.apply(a, b);
    const Av = naiveMatmul(A, { rows: n, cols: 1, data: v }).data;
    expect(relativeDiff(col(a), col(Av))).toBeLessThanOrEqual(n * EPS);
    const Ab = naiveMatmul(A, { rows: n, cols: 1, data: b }).data;
    expect(frobeniusDiff(col(Ab), col(w)) / (frobenius(A.data) * frobenius(b))).toBeLessThan(
      n * EPS,
    );
    // Either side alone.
    const a2 = Float64Array.from(v);
    simd.apply(a2, null);
    expect(a2).toEqual(a);
    const b2 = Float64Array.from(w);
    simd.apply(null, b2);
    expect(b2).toEqual(b);
    simd.release();
    js.release();
  });
});

function col(data: Float64Array): Matrix64 {
  return { rows: data.length, cols: 1, data };
}
