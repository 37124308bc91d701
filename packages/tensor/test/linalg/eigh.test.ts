import { describe, expect, it } from 'vitest';
import {
  eigh,
  eigvalsh,
  fromArray,
  gram,
  type Matrix64,
  matmul,
  NonFiniteError,
  NotSquareError,
  NotSymmetricError,
  zeros,
} from '../../src/index.js';
import { expectClose, F64_RTOL } from '../../src/testing/index.js';
import fixture from '../fixtures/linalg/small.json' with { type: 'json' };
import {
  frobenius,
  frobeniusDiff,
  orthogonalityError,
  randomSpd,
  scaleColumns,
  symmetricWithEigenvalues,
} from './helpers.js';

/**
 * ‖AV − VΛ‖_F/‖A‖_F and ‖VᵀV − I‖_F: what eigh promises. The products use matmul and gram,
 * which matmul.test.ts checks against the textbook triple loop.
 */
function eighErrors(A: Matrix64) {
  const { values, vectors } = eigh(A);
  for (let i = 1; i < values.length; i++) {
    expect(values[i]).toBeGreaterThanOrEqual(values[i - 1] as number);
  }
  const residual =
    frobeniusDiff(matmul(A, vectors), scaleColumns(vectors, values)) / frobenius(A.data);
  const G = gram(vectors);
  for (let i = 0; i < G.rows; i++) G.data[i * G.rows + i] = (G.data[i * G.rows + i] as number) - 1;
  return { values, residual, orthogonality: frobenius(G.data) };
}

describe('eigh (float64)', () => {
  it('decomposes [[2, 1], [1, 2]] into eigenvalues 1 and 3', () => {
    const { values, vectors } = eigh(
      fromArray([
        [2, 1],
        [1, 2],
      ]),
    );
    expectClose(values, [1, 3], { rtol: 1e-15 });
    const s = Math.SQRT1_2;
    expect(Math.abs(vectors.data[0] as number)).toBeCloseTo(s, 15);
    expect((vectors.data[0] as number) * (vectors.data[2] as number)).toBeCloseTo(-0.5, 15);
  });

  // The promise: ‖AV − VΛ‖_F/‖A‖_F ≤ 1e-12 and ‖VᵀV − I‖_F ≤ 1e-12 on random SPD matrices.
  for (const [n, cond] of [
    [10, 1e10],
    [100, 1e2],
    [100, 1e10],
    [500, 1e10],
  ] as const) {
    it(`satisfies AV = VΛ and VᵀV = I to 1e-12 on a random SPD matrix, n = ${n}, cond ${cond}`, () => {
      const { A, lambda } = randomSpd(n, cond, 100 + n);
      const { values, residual, orthogonality } = eighErrors(A);
      expect(residual).toBeLessThanOrEqual(1e-12);
      expect(orthogonality).toBeLessThanOrEqual(1e-12);
      // Eigenvalues of a symmetric matrix are perfectly conditioned: |Δλ| ≤ ‖ΔA‖₂ ≈ nε‖A‖₂.
      for (let i = 0; i < n; i++) {
        expect(Math.abs((values[i] as number) - (lambda[i] as number))).toBeLessThan(1e-13);
      }
    });
  }

  it('keeps eigenvectors orthogonal with heavily repeated eigenvalues (divide-and-conquer deflation)', () => {
    const lambda = Array.from({ length: 150 }, (_, i) => [1, 2, 2, 5, -3][i % 5] as number);
    const A = symmetricWithEigenvalues(lambda, 9);
    const { values, residual, orthogonality } = eighErrors(A);
    expect(residual).toBeLessThanOrEqual(1e-12);
    expect(orthogonality).toBeLessThanOrEqual(1e-12);
    const sorted = [...lambda].sort((x, y) => x - y);
    expectClose(values, sorted, { rtol: 1e-13 });
  });

  it('finds the analytic spectrum 2 − 2cos(kπ/(n+1)) of the second-difference matrix, n = 200', () => {
    const n = 200;
    const A = zeros(n, n);
    for (let i = 0; i < n; i++) {
      A.data[i * n + i] = 2;
      if (i + 1 < n) {
        A.data[i * n + i + 1] = -1;
        A.data[(i + 1) * n + i] = -1;
      }
    }
    const exact = Array.from(
      { length: n },
      (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)),
    );
    const { values, residual, orthogonality } = eighErrors(A);
    expectClose(values, exact, { rtol: 1e-13 });
    expect(residual).toBeLessThanOrEqual(1e-13);
    expect(orthogonality).toBeLessThanOrEqual(1e-12);
  });

  it('handles diagonal, zero, 1×1 and indefinite matrices', () => {
    expect(Array.from(eigh(fromArray([[-4]])).values)).toEqual([-4]);
    const Z = eigh(zeros(40, 40));
    expect(Z.values.every((v) => v === 0)).toBe(true);
    expect(orthogonalityError(Z.vectors)).toBeLessThan(1e-14);
    const D = zeros(50, 50);
    for (let i = 0; i < 50; i++) D.data[i * 50 + i] = ((i * 37) % 50) - 25;
    const d = eighErrors(D);
    expect(d.residual).toBeLessThan(1e-15);
    expectClose(
      d.values,
      Array.from({ length: 50 }, (_, i) => i - 25),
      { rtol: 1e-15 },
    );
  });

  it('scales huge and tiny matrices into range: eigenvalues of 1e200·A and 1e-200·A', () => {
    const { A, lambda } = randomSpd(40, 1e3, 77);
    for (const c of [1e200, 1e-200]) {
      const scaled = { rows: 40, cols: 40, data: A.data.map((v) => v * c) };
      const { values, vectors } = eigh(scaled);
      // Compare λ/c (squaring 1e200 in the Frobenius metric would overflow).
      expectClose(
        Array.from(values, (v) => v / c),
        lambda,
        { rtol: 1e-12 },
      );
      expect(orthogonalityError(vectors)).toBeLessThan(1e-13);
      expectClose(
        Array.from(eigvalsh(scaled), (v) => v / c),
        lambda,
        { rtol: 1e-12 },
      );
    }
  });

  it('eigh throws NotSymmetricError giving the largest asymmetry and where', () => {
    const A = fromArray([
      [1, 2],
      [0, 1],
    ]);
    expect(() => eigh(A)).toThrow(NotSymmetricError);
    expect(() => eigh(A)).toThrow(/\|A\[0\]\[1\] − A\[1\]\[0\]\| = 2 exceeds the tolerance 2e-10/);
  });

  it('eigh throws NotSquareError and NonFiniteError', () => {
    expect(() => eigh(zeros(3, 2))).toThrow(NotSquareError);
    expect(() => eigh(fromArray([[Number.NaN]]))).toThrow(NonFiniteError);
  });
});

describe('eigvalsh (float64)', () => {
  it('matches numpy.linalg.eigvalsh on the 7×7 fixture', () => {
    expectClose(eigvalsh(fromArray(fixture.eigvalsh.A)), fixture.eigvalsh.values, {
      rtol: F64_RTOL,
    });
  });

  it('agrees with eigh on a random SPD matrix, n = 120, cond 1e8', () => {
    const { A } = randomSpd(120, 1e8, 3);
    expectClose(eigvalsh(A), eigh(A).values, { rtol: 1e-14 });
  });

  it('eigvalsh throws NotSymmetricError, NotSquareError and NonFiniteError', () => {
    expect(() =>
      eigvalsh(
        fromArray([
          [1, 1],
          [1.1, 1],
        ]),
      ),
    ).toThrow(NotSymmetricError);
    expect(() => eigvalsh(zeros(1, 2))).toThrow(NotSquareError);
    expect(() => eigvalsh(fromArray([[Number.NEGATIVE_INFINITY]]))).toThrow(NonFiniteError);
  });
});
