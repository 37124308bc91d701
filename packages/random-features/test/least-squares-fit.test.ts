import {
  fromArray,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  ShapeMismatchError,
  transpose,
} from '@overparam/tensor';
import { expectClose, F64_RTOL, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { leastSquaresFit } from '../src/index.js';
import { minNormCases } from './fixtures.js';

function sub(A: Matrix64, B: Matrix64): Matrix64 {
  return { rows: A.rows, cols: A.cols, data: A.data.map((v, i) => v - B.data[i]!) };
}

describe(`leastSquaresFit on ${TEST_BACKEND}`, () => {
  for (const c of minNormCases()) {
    it(`${c.name}: equals numpy's pinv(Φ)·Y (F64_RTOL)`, () => {
      const fit = leastSquaresFit(c.Phi, c.Y);
      expectClose(fit.a, c.a, { rtol: F64_RTOL, label: c.name });
      expect(fit.form).toBe(c.Phi.cols < c.Phi.rows ? 'primal' : 'dual');
      expect(fit.rank).toBeLessThanOrEqual(Math.min(c.Phi.rows, c.Phi.cols));
    });

    it(`${c.name}: the residual is orthogonal to the columns of Φ, Φᵀ(Φa − Y) = 0`, () => {
      const { a } = leastSquaresFit(c.Phi, c.Y);
      const normal = matmul(transpose(c.Phi), sub(matmul(c.Phi, a), c.Y));
      expect(Math.max(...normal.data.map(Math.abs))).toBeLessThan(1e-12);
    });

    it(`${c.name}: ridge λ = ${c.ridge} equals numpy's (ΦᵀΦ + λI)⁻¹ΦᵀY`, () => {
      const fit = leastSquaresFit(c.Phi, c.Y, { ridge: c.ridge });
      expectClose(fit.a, c.aRidge, { rtol: F64_RTOL, label: c.name });
      expect(fit.solver).toBe('cholesky');
    });
  }

  it('a rank-deficient Φ is solved by eigh with the cutoff, and the rank is reported', () => {
    const deficient = minNormCases().filter((x) => x.rank < Math.min(x.Phi.rows, x.Phi.cols));
    for (const c of nonEmpty(deficient, 'rank-deficient min-norm.json cases')) {
      const fit = leastSquaresFit(c.Phi, c.Y);
      expect(fit.solver).toBe('eigh');
      expect(fit.rank).toBe(c.rank);
      expect(fit.cutoff).toBeGreaterThan(0);
    }
  });

  it('the minimum-norm interpolant (wide Φ) fits Y exactly and is orthogonal to the null space of Φ', () => {
    const c = minNormCases().find((x) => x.name.startsWith('wide'))!;
    const { a } = leastSquaresFit(c.Phi, c.Y);
    expectClose(matmul(c.Phi, a), c.Y, { rtol: F64_RTOL });
    // v = e₀ − Φ⁺Φe₀ spans part of the null space: Φv = 0, and aᵀv = 0 for the min-norm a.
    const e0 = fromArray(Array.from({ length: c.Phi.cols }, (_, i) => (i === 0 ? 1 : 0)));
    const projected = leastSquaresFit(c.Phi, matmul(c.Phi, e0)).a;
    const v = sub(e0, projected);
    expect(Math.max(...matmul(c.Phi, v).data.map(Math.abs))).toBeLessThan(1e-13);
    for (let k = 0; k < a.cols; k++) {
      let dot = 0;
      for (let j = 0; j < a.rows; j++) dot += a.data[j * a.cols + k]! * v.data[j]!;
      expect(Math.abs(dot)).toBeLessThan(1e-13);
    }
  });

  it('rejects mismatched rows (ShapeMismatchError) and a negative ridge (InvalidArgumentError)', () => {
    const Phi = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expect(() => leastSquaresFit(Phi, fromArray([[1]]))).toThrow(ShapeMismatchError);
    expect(() => leastSquaresFit(Phi, fromArray([[1]]))).toThrow(
      /leastSquaresFit: Y (is 1×1; expected 2×any|has 1 rows; expected 2 rows)/,
    );
    expect(() => leastSquaresFit(Phi, [1, 2], { rcond: 1 })).toThrow(/rcond is 1/);
    expect(() => leastSquaresFit(Phi, fromArray([[1], [2]]), { ridge: -1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
