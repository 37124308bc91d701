import { describe, expect, it } from 'vitest';
import {
  fromArray,
  NotSquareError,
  ShapeMismatchError,
  SingularMatrixError,
  solveTriangular,
  toArray,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../../src/testing/index.js';
import { naiveMatmul, naiveTranspose, randomMatrix } from './helpers.js';

function triangle(n: number, lower: boolean, seed: number) {
  const T = randomMatrix(n, n, seed);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (lower ? j > i : j < i) T.data[i * n + j] = 0;
    }
    T.data[i * n + i] = 3 + Math.abs(T.data[i * n + i] as number);
  }
  return T;
}

describe('solveTriangular (float64)', () => {
  it('solves [[2, 0], [1, 1]] x = [2, 3]', () => {
    expect(
      toArray(
        solveTriangular(
          fromArray([
            [2, 0],
            [1, 1],
          ]),
          fromArray([[2], [3]]),
        ),
      ),
    ).toEqual([[1], [2]]);
  });

  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      for (const k of [1, 5]) {
        it(`solves ${transpose ? 'Tᵀ' : 'T'}X = B, ${lower ? 'lower' : 'upper'} T 60×60, ${k} right-hand side(s)`, () => {
          const T = triangle(60, lower, 4);
          const X = randomMatrix(60, k, 5);
          const B = naiveMatmul(transpose ? naiveTranspose(T) : T, X);
          expectClose(solveTriangular(T, B, { lower, transpose }), X, { rtol: 1e-13 });
        });
      }
    }
  }

  it('with unitDiagonal ignores the stored diagonal', () => {
    const T = fromArray([
      [5, 0],
      [2, 7],
    ]);
    expect(toArray(solveTriangular(T, fromArray([[1], [3]]), { unitDiagonal: true }))).toEqual([
      [1],
      [1],
    ]);
  });

  it('solveTriangular throws SingularMatrixError naming the zero diagonal entry', () => {
    const T = fromArray([
      [1, 0],
      [1, 0],
    ]);
    expect(() => solveTriangular(T, fromArray([[1], [1]]))).toThrow(SingularMatrixError);
    expect(() => solveTriangular(T, fromArray([[1], [1]]))).toThrow(/T\[1\]\[1\] is 0/);
  });

  it('solveTriangular throws NotSquareError and ShapeMismatchError on bad shapes', () => {
    expect(() => solveTriangular(zeros(2, 3), zeros(2, 1))).toThrow(NotSquareError);
    expect(() => solveTriangular(fromArray([[1]]), zeros(2, 1))).toThrow(ShapeMismatchError);
    expect(() => solveTriangular(fromArray([[1]]), zeros(2, 1))).toThrow(
      /B is 2×1; expected 1 rows to match T/,
    );
  });
});
