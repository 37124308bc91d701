import { describe, expect, it } from 'vitest';
import {
  cholesky,
  fromArray,
  gram,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSquareError,
  NotSymmetricError,
  toArray,
  zeros,
} from '../../src/index.js';
import { expectClose, F64_RTOL } from '../../src/testing/index.js';
import fixture from '../fixtures/linalg/small.json' with { type: 'json' };
import { randomLowRankGram, randomSpd, relativeDiff } from './helpers.js';

describe('cholesky (float64)', () => {
  it('factors [[4, 2], [2, 5]] as [[2, 0], [1, 2]]', () => {
    expect(
      toArray(
        cholesky(
          fromArray([
            [4, 2],
            [2, 5],
          ]),
        ),
      ),
    ).toEqual([
      [2, 0],
      [1, 2],
    ]);
  });

  it('matches numpy.linalg.cholesky on the 6×6 fixture', () => {
    expectClose(cholesky(fromArray(fixture.cholesky.A)), fixture.cholesky.L, { rtol: F64_RTOL });
  });

  // The promise: backward error ‖LLᵀ − A‖_F/‖A‖_F ≤ 1e-14·n, even at cond 1e10.
  for (const [n, cond] of [
    [10, 1e10],
    [100, 1e6],
    [100, 1e10],
    [500, 1e10],
  ] as const) {
    it(`has backward error ≤ 1e-14·n on a random SPD matrix, n = ${n}, cond ${cond}`, () => {
      const { A } = randomSpd(n, cond, n);
      const L = cholesky(A);
      for (let i = 0; i < n; i++) {
        expect(L.data[i * n + i]).toBeGreaterThan(0);
        for (let j = i + 1; j < n; j++) expect(L.data[i * n + j]).toBe(0);
      }
      const LLt = gram(L, { form: 'AAt' }); // LLᵀ; gram is checked against the triple loop
      expect(relativeDiff(LLt, A)).toBeLessThanOrEqual(1e-14 * n);
    });
  }

  it('adds the jitter it is given to the diagonal', () => {
    const L = cholesky(fromArray([[3]]), { jitter: 1 });
    expect(L.data[0]).toBe(2);
  });

  it('cholesky throws NotPositiveDefiniteError naming the pivot index and value', () => {
    const A = fromArray([
      [1, 2],
      [2, 1],
    ]);
    expect(() => cholesky(A)).toThrow(NotPositiveDefiniteError);
    try {
      cholesky(A);
    } catch (e) {
      const err = e as NotPositiveDefiniteError;
      expect(err.pivotIndex).toBe(1);
      expect(err.pivotValue).toBe(-3);
      expect(err.message).toMatch(/Cholesky pivot 1 is -3 \(must be > 0\)/);
      expect(err.message).toMatch(/add jitter with \{ jitter: 1e-10 \}/);
    }
  });

  it('cholesky names the pivot of a semi-definite matrix deep in a blocked panel', () => {
    // Rank-deficient Gram matrix: breaks down at pivot 70 (past the first 64-column panel).
    const n = 90;
    const r = 70;
    const G = randomLowRankGram(n, r, 8);
    try {
      cholesky(G);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(NotPositiveDefiniteError);
      expect((e as NotPositiveDefiniteError).pivotIndex).toBeGreaterThanOrEqual(r - 1);
    }
  });

  it('cholesky throws NotSquareError for a 2×3 matrix', () => {
    expect(() => cholesky(zeros(2, 3))).toThrow(NotSquareError);
    expect(() => cholesky(zeros(2, 3))).toThrow(/A is 2×3; expected a square matrix/);
  });

  it('cholesky throws NotSymmetricError giving the largest asymmetry and where', () => {
    const A = fromArray([
      [4, 1, 0],
      [1, 4, 0.5],
      [0, 0.25, 4],
    ]);
    try {
      cholesky(A);
      expect.unreachable('should have thrown');
    } catch (e) {
      const err = e as NotSymmetricError;
      expect(err).toBeInstanceOf(NotSymmetricError);
      expect(err.maxAsymmetry).toBe(0.25);
      expect([err.row, err.col]).toEqual([1, 2]);
      expect(err.message).toMatch(/\|A\[1\]\[2\] − A\[2\]\[1\]\| = 0.25/);
    }
    // A looser tolerance accepts it (only the lower triangle is read).
    expect(() => cholesky(A, { symmetryTolerance: 0.1 })).not.toThrow();
  });

  it('cholesky throws NonFiniteError for NaN and InvalidArgumentError for negative jitter', () => {
    expect(() => cholesky(fromArray([[Number.NaN]]))).toThrow(NonFiniteError);
    expect(() => cholesky(fromArray([[1]]), { jitter: -1 })).toThrow(InvalidArgumentError);
  });
});
