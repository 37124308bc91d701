import { describe, expect, it } from 'vitest';
import {
  fromArray,
  gram,
  InvalidArgumentError,
  matmul,
  NonFiniteError,
  ShapeMismatchError,
  toArray,
  zeros,
} from '../../src/index.js';
import { expectClose, F64_RTOL } from '../../src/testing/index.js';
import { naiveMatmul, naiveTranspose, randomMatrix } from './helpers.js';

describe('matmul (float64)', () => {
  it('multiplies a 2×2 by a 2×1 exactly', () => {
    const C = matmul(
      fromArray([
        [1, 2],
        [3, 4],
      ]),
      fromArray([[5], [6]]),
    );
    expect(toArray(C)).toEqual([[17], [39]]);
  });

  // Sizes straddle the 4-row / 4-deep unrolling and the 128×512 cache blocks.
  for (const [m, k, n] of [
    [1, 1, 1],
    [3, 5, 2],
    [7, 130, 9],
    [66, 257, 515],
    [129, 3, 600],
  ] as const) {
    it(`equals the textbook triple loop for ${m}×${k} times ${k}×${n}`, () => {
      const A = randomMatrix(m, k, 1);
      const B = randomMatrix(k, n, 2);
      expectClose(matmul(A, B), naiveMatmul(A, B), { rtol: 1e-14 });
    });
  }

  it('handles empty inner dimensions (a zero product)', () => {
    expect(toArray(matmul(zeros(2, 0), zeros(0, 3)))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('matmul throws ShapeMismatchError when A.cols ≠ B.rows', () => {
    expect(() => matmul(zeros(2, 3), zeros(2, 3))).toThrow(ShapeMismatchError);
    expect(() => matmul(zeros(2, 3), zeros(2, 3))).toThrow(
      /B is 2×3; expected 3 rows to match the columns of A \(2×3\)/,
    );
  });

  it('matmul throws NonFiniteError naming the first NaN or Infinity', () => {
    const A = fromArray([[1, Number.NaN]]);
    expect(() => matmul(A, fromArray([[1], [2]]))).toThrow(NonFiniteError);
    expect(() => matmul(A, fromArray([[1], [2]]))).toThrow(/A\[0\]\[1\] is NaN/);
    expect(() => matmul(fromArray([[1]]), fromArray([[Number.POSITIVE_INFINITY]]))).toThrow(
      /B\[0\]\[0\] is Infinity/,
    );
  });

  it('matmul throws ShapeMismatchError when data does not hold rows × cols entries', () => {
    const bad = { rows: 2, cols: 2, data: new Float64Array(3) };
    expect(() => matmul(bad, bad)).toThrow(/A.data has 3 entries; expected rows × cols = 2×2 = 4/);
  });
});

describe('gram (float64)', () => {
  it('computes AᵀA and AAᵀ of a small matrix exactly', () => {
    const A = fromArray([
      [1, 2],
      [3, 4],
    ]);
    expect(toArray(gram(A))).toEqual([
      [10, 14],
      [14, 20],
    ]);
    expect(toArray(gram(A, { form: 'AAt' }))).toEqual([
      [5, 11],
      [11, 25],
    ]);
  });

  it('matches the triple loop and is exactly symmetric (70×33 and 33×70)', () => {
    const A = randomMatrix(70, 33, 3);
    const At = naiveTranspose(A);
    const G = gram(A);
    expectClose(G, naiveMatmul(At, A), { rtol: F64_RTOL });
    const H = gram(A, { form: 'AAt' });
    expectClose(H, naiveMatmul(A, At), { rtol: F64_RTOL });
    for (let i = 0; i < 70; i++) {
      for (let j = 0; j < i; j++) expect(H.data[i * 70 + j]).toBe(H.data[j * 70 + i]);
    }
  });

  it('gram rejects an unknown form and NaN input with typed errors', () => {
    expect(() => gram(zeros(2, 2), { form: 'AtB' as 'AtA' })).toThrow(InvalidArgumentError);
    expect(() => gram(fromArray([[Number.NaN]]))).toThrow(NonFiniteError);
  });
});
