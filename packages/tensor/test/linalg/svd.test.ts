import { describe, expect, it } from 'vitest';
import {
  cond,
  fromArray,
  InvalidArgumentError,
  type Matrix64,
  NonFiniteError,
  pinv,
  svd,
  zeros,
} from '../../src/index.js';
import { expectClose, F64_RTOL, nonEmpty } from '../../src/testing/index.js';
import fixture from '../fixtures/linalg/lstsq.json' with { type: 'json' };
import {
  naiveMatmul,
  naiveTranspose,
  orthogonalityError,
  randomLowRankGram,
  randomMatrix,
  relativeDiff,
  scaleColumns,
} from './helpers.js';

function reconstruct({ u, s, v }: { u: Matrix64; s: Float64Array; v: Matrix64 }): Matrix64 {
  return naiveMatmul(scaleColumns(u, s), naiveTranspose(v));
}

describe('svd (float64)', () => {
  it('gives the singular values of diag(3, −4) as [4, 3]', () => {
    const { s } = svd(
      fromArray([
        [3, 0],
        [0, -4],
      ]),
    );
    expect(Array.from(s)).toEqual([4, 3]);
  });

  // Tall, wide, square, and the shapes that take the QR route first (ratio ≥ 1.5).
  for (const [m, n] of [
    [1, 1],
    [5, 3],
    [3, 5],
    [40, 40],
    [90, 30],
    [30, 90],
    [150, 100],
  ] as const) {
    it(`satisfies A = U·diag(s)·Vᵀ with orthonormal U, V for ${m}×${n}`, () => {
      const A = randomMatrix(m, n, m * 1000 + n);
      const f = svd(A);
      const r = Math.min(m, n);
      expect([f.u.rows, f.u.cols, f.v.rows, f.v.cols, f.s.length]).toEqual([m, r, n, r, r]);
      for (let i = 1; i < r; i++) expect(f.s[i]).toBeLessThanOrEqual(f.s[i - 1] as number);
      expect(relativeDiff(reconstruct(f), A)).toBeLessThan(1e-14);
      expect(orthogonalityError(f.u)).toBeLessThan(1e-13);
      expect(orthogonalityError(f.v)).toBeLessThan(1e-13);
    });
  }

  it('has an exactly zero tail for a rank-deficient input and keeps U, V orthonormal', () => {
    const A = randomLowRankGram(60, 5, 3); // 60×60 of rank 5
    const f = svd(A);
    expect(f.s[5] as number).toBeLessThan(1e-13 * (f.s[0] as number));
    expect(orthogonalityError(f.u)).toBeLessThan(1e-13);
    expect(orthogonalityError(f.v)).toBeLessThan(1e-13);
    expect(relativeDiff(reconstruct(f), A)).toBeLessThan(1e-14);
  });

  it('scales huge and tiny matrices into range (singular values of 1e250·A and 1e-250·A)', () => {
    const A = randomMatrix(30, 20, 9);
    const { s } = svd(A);
    for (const c of [1e250, 1e-250]) {
      const f = svd({ rows: 30, cols: 20, data: A.data.map((v) => v * c) });
      expectClose(
        Array.from(f.s, (v) => v / c),
        s,
        { rtol: 1e-13 },
      );
      expect(orthogonalityError(f.v)).toBeLessThan(1e-13);
    }
  });

  it('svd throws NonFiniteError naming the bad entry', () => {
    expect(() => svd(fromArray([[1, Number.POSITIVE_INFINITY]]))).toThrow(NonFiniteError);
    expect(() => svd(fromArray([[1, Number.POSITIVE_INFINITY]]))).toThrow(
      /A\[0\]\[1\] is Infinity/,
    );
  });
});

describe('pinv (float64)', () => {
  it('inverts the nonzero part of diag(1, 2) padded to 3×2', () => {
    const P = pinv(
      fromArray([
        [1, 0],
        [0, 2],
        [0, 0],
      ]),
    );
    expectClose(
      P,
      [
        [1, 0, 0],
        [0, 0.5, 0],
      ],
      { rtol: 1e-15 },
    );
  });

  for (const c of nonEmpty(fixture.cases, 'lstsq.json cases')) {
    it(`equals numpy.linalg.pinv on the ${c.name} fixture`, () => {
      expectClose(pinv(fromArray(c.A), { rcond: c.rcond }), c.pinv, { rtol: 1e-10 });
    });
  }

  it('satisfies the Penrose conditions A A⁺ A = A and A⁺ A A⁺ = A⁺ on a rank-3 8×6 matrix', () => {
    const A = naiveMatmul(randomMatrix(8, 3, 1), randomMatrix(3, 6, 2));
    const P = pinv(A);
    expectClose(naiveMatmul(naiveMatmul(A, P), A), A, { rtol: 1e-13 });
    expectClose(naiveMatmul(naiveMatmul(P, A), P), P, { rtol: 1e-13 });
  });

  it('pinv throws NonFiniteError for NaN input', () => {
    expect(() => pinv(fromArray([[Number.NaN]]))).toThrow(NonFiniteError);
  });
});

describe('cond (float64)', () => {
  it('is 4 for diag(2, 0.5) and Infinity for a singular matrix', () => {
    expect(
      cond(
        fromArray([
          [2, 0],
          [0, 0.5],
        ]),
      ),
    ).toBeCloseTo(4, 14);
    expect(cond(zeros(2, 2))).toBe(Number.POSITIVE_INFINITY);
    expect(
      cond(
        fromArray([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBeGreaterThan(1e15);
  });

  for (const c of nonEmpty(
    fixture.cases.filter((k) => k.cond !== null),
    'lstsq.json cases with a condition number',
  )) {
    it(`equals numpy.linalg.cond on the ${c.name} fixture`, () => {
      expectClose([cond(fromArray(c.A))], [c.cond as number], { rtol: F64_RTOL });
    });
  }

  it('cond throws InvalidArgumentError for an empty matrix and NonFiniteError for NaN', () => {
    expect(() => cond(zeros(0, 3))).toThrow(InvalidArgumentError);
    expect(() => cond(fromArray([[Number.NaN]]))).toThrow(NonFiniteError);
  });
});
