import { describe, expect, it } from 'vitest';
import {
  fromArray,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
  solveSpd,
  toArray,
  zeros,
} from '../../src/index.js';
import { expectClose, F64_RTOL } from '../../src/testing/index.js';
import fixture from '../fixtures/linalg/small.json' with { type: 'json' };
import { backwardError, naiveMatmul, randomMatrix, randomSpd } from './helpers.js';

describe('solveSpd (float64)', () => {
  it('solves [[4, 2], [2, 5]] x = [2, 1] with no jitter', () => {
    const { x, jitter } = solveSpd(
      fromArray([
        [4, 2],
        [2, 5],
      ]),
      fromArray([[2], [1]]),
    );
    expect(toArray(x)).toEqual([[0.5], [0]]);
    expect(jitter).toBe(0);
  });

  it('matches numpy.linalg.solve on the 20×20 fixture (cond 1e4, two right-hand sides)', () => {
    const { x } = solveSpd(fromArray(fixture.solveSpd.A), fromArray(fixture.solveSpd.B));
    expectClose(x, fixture.solveSpd.x, { rtol: F64_RTOL });
  });

  it('leaves a small residual ‖AX − B‖/(‖A‖‖X‖) on n = 300, cond 1e10', () => {
    const { A } = randomSpd(300, 1e10, 11);
    const B = randomMatrix(300, 3, 12);
    const { x } = solveSpd(A, B);
    const r = backwardError(A, x, B);
    expect(r).toBeLessThan(1e-14);
  });

  it("with jitter 'auto' regularizes a singular Gram matrix and reports the jitter it added", () => {
    // Rank 2 Gram matrix of 5 points: positive semi-definite, singular.
    const X = fromArray([
      [1, 0],
      [0, 1],
      [1, 1],
      [2, 1],
      [1, 3],
    ]);
    const K = naiveMatmul(X, {
      rows: 2,
      cols: 5,
      data: Float64Array.from([1, 0, 1, 2, 1, 0, 1, 1, 1, 3]),
    });
    expect(() => solveSpd(K, fromArray([1, 2, 3, 4, 5]))).toThrow(NotPositiveDefiniteError);
    const { x, jitter } = solveSpd(K, fromArray([1, 2, 3, 4, 5]), { jitter: 'auto' });
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThanOrEqual(1e-6 * 4.4);
    expect(x.data.every(Number.isFinite)).toBe(true);
  });

  it('solveSpd throws NotPositiveDefiniteError naming the pivot and suggesting a jitter', () => {
    const A = fromArray([
      [2, 0, 0],
      [0, 1, 3],
      [0, 3, 1],
    ]);
    try {
      solveSpd(A, fromArray([1, 1, 1]));
      expect.unreachable('should have thrown');
    } catch (e) {
      const err = e as NotPositiveDefiniteError;
      expect(err).toBeInstanceOf(NotPositiveDefiniteError);
      expect(err.pivotIndex).toBe(2);
      expect(err.pivotValue).toBeCloseTo(-8, 12);
      expect(err.message).toMatch(/pivot 2 is -8/);
      expect(err.message).toMatch(/\{ jitter: 1\.33\d*e-10 \}/);
    }
  });

  it('solveSpd throws NotSquareError, NotSymmetricError, ShapeMismatchError and NonFiniteError', () => {
    expect(() => solveSpd(zeros(2, 3), zeros(2, 1))).toThrow(NotSquareError);
    expect(() =>
      solveSpd(
        fromArray([
          [1, 2],
          [0, 1],
        ]),
        zeros(2, 1),
      ),
    ).toThrow(NotSymmetricError);
    expect(() => solveSpd(fromArray([[1]]), zeros(3, 1))).toThrow(ShapeMismatchError);
    expect(() => solveSpd(fromArray([[1]]), fromArray([[Number.NaN]]))).toThrow(
      /B\[0\]\[0\] is NaN/,
    );
    expect(() => solveSpd(fromArray([[Number.POSITIVE_INFINITY]]), zeros(1, 1))).toThrow(
      NonFiniteError,
    );
  });

  it('solveSpd rejects a negative or non-finite jitter with InvalidArgumentError', () => {
    expect(() => solveSpd(fromArray([[1]]), zeros(1, 1), { jitter: -1e-9 })).toThrow(
      InvalidArgumentError,
    );
  });
});
