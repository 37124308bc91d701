import { describe, expect, it } from 'vitest';
import {
  fromArray,
  InvalidArgumentError,
  lstsqMinNorm,
  matmul,
  NonFiniteError,
  ShapeMismatchError,
  toArray,
  transpose,
  zeros,
} from '../../src/index.js';
import { expectClose, nonEmpty } from '../../src/testing/index.js';
import fixture from '../fixtures/linalg/lstsq.json' with { type: 'json' };
import { frobenius, randomMatrix } from './helpers.js';

describe('lstsqMinNorm (float64)', () => {
  it('returns the smallest x with x₁ + x₂ = 2', () => {
    const { x, rank } = lstsqMinNorm(fromArray([[1, 1]]), fromArray([[2]]));
    expectClose(x, [[1], [1]], { rtol: 1e-15 });
    expect(rank).toBe(1);
  });

  for (const c of nonEmpty(fixture.cases, 'lstsq.json cases')) {
    describe(c.name, () => {
      const A = fromArray(c.A);
      const B = fromArray(c.B);
      const result = lstsqMinNorm(A, B, { rcond: c.rcond });

      it('equals numpy.linalg.pinv(A, rcond) @ B to rtol 1e-10', () => {
        expect([result.x.rows, result.x.cols]).toEqual([c.cols, B.cols]);
        expectClose(result.x, c.x, { rtol: 1e-10 });
      });

      it(`reports the effective rank ${c.rank} and numpy's singular values`, () => {
        expect(result.rank).toBe(c.rank);
        // Singular values carry absolute error O(ε·σ_max).
        const s = Array.from(result.singularValues);
        expect(s.length).toBe(Math.min(c.rows, c.cols));
        for (let i = 0; i < s.length; i++) {
          expect(Math.abs((s[i] as number) - (c.singularValues[i] as number))).toBeLessThan(
            1e-13 * (c.singularValues[0] as number),
          );
        }
      });

      it('gives a solution orthogonal to the null space of A', () => {
        if (c.nullSpace.length === 0 || (c.nullSpace[0] as number[]).length === 0) return;
        const N = fromArray(c.nullSpace);
        const proj = matmul(transpose(N), result.x);
        expect(frobenius(proj.data)).toBeLessThan(1e-12 * frobenius(result.x.data));
      });
    });
  }

  it('solves a consistent tall system exactly (residual at rounding level), 200×50', () => {
    const A = randomMatrix(200, 50, 21);
    const xTrue = randomMatrix(50, 2, 22);
    const { x, rank } = lstsqMinNorm(A, matmul(A, xTrue));
    expect(rank).toBe(50);
    expectClose(x, xTrue, { rtol: 1e-12 });
  });

  it('interpolates a wide system with the minimum-norm solution Aᵀ(AAᵀ)⁻¹b, 40×300', () => {
    const A = randomMatrix(40, 300, 23);
    const b = randomMatrix(40, 1, 24);
    const { x } = lstsqMinNorm(A, b);
    expectClose(matmul(A, x), b, { rtol: 1e-12 });
    // x = Aᵀy for some y: its component outside the row space is zero. Check with a
    // perturbation in the null space: adding it must increase the norm.
    const y = lstsqMinNorm(transpose(A), x).x; // x = Aᵀy exactly when x is in the row space
    expectClose(matmul(transpose(A), y), x, { rtol: 1e-12 });
  });

  it('returns x = 0 and rank 0 for a zero matrix', () => {
    const { x, rank } = lstsqMinNorm(zeros(3, 2), fromArray([1, 2, 3]));
    expect(rank).toBe(0);
    expect(toArray(x)).toEqual([[0], [0]]);
  });

  it('lstsqMinNorm throws ShapeMismatchError when B has the wrong number of rows', () => {
    expect(() => lstsqMinNorm(zeros(3, 2), zeros(2, 1))).toThrow(ShapeMismatchError);
    expect(() => lstsqMinNorm(zeros(3, 2), zeros(2, 1))).toThrow(/B is 2×1; expected 3 rows/);
  });

  it('lstsqMinNorm throws NonFiniteError and rejects a negative rcond', () => {
    expect(() => lstsqMinNorm(fromArray([[Number.NaN, 1]]), zeros(1, 1))).toThrow(NonFiniteError);
    expect(() => lstsqMinNorm(fromArray([[1]]), fromArray([[1]]), { rcond: -1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
