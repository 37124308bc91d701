import { describe, expect, it } from 'vitest';
import {
  fromArray,
  InvalidArgumentError,
  matmul,
  NotPositiveDefiniteError,
  pinv,
  psdEigh,
  solvePsd,
  toArray,
} from '../../src/index.js';

/** V·diag(inverse)·Vᵀ, the pseudo-inverse the decomposition stands for. */
function pseudoInverse(r: ReturnType<typeof psdEigh>) {
  const n = r.values.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++)
        s +=
          (r.vectors.data[i * n + k] as number) *
          (r.inverse[k] as number) *
          (r.vectors.data[j * n + k] as number);
      data[i * n + j] = s;
    }
  return { rows: n, cols: n, data };
}

describe('psdEigh', () => {
  // A rank-2 PSD matrix of order 4: B Bᵀ.
  const B = fromArray([
    [1, 2],
    [0.5, -1],
    [3, 0],
    [-1, 1],
  ]);
  const A = matmul(
    B,
    fromArray([
      [1, 0.5, 3, -1],
      [2, -1, 0, 1],
    ]),
  );

  it('drops the eigenvalues at the cutoff: the pseudo-inverse equals pinv, rank 2', () => {
    const r = psdEigh(A);
    expect(r.rank).toBe(2);
    expect(r.cond).toBe(Number.POSITIVE_INFINITY);
    const got = toArray(pseudoInverse(r)).flat();
    const want = toArray(pinv(A, { rcond: 1e-12 })).flat();
    for (let i = 0; i < want.length; i++)
      expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-12);
  });

  it('with a ridge: the inverse of A + λI, the same as solvePsd', () => {
    const r = psdEigh(A, { ridge: 0.1 });
    expect(r.rank).toBe(4);
    expect(r.lambdaMin).toBeCloseTo(0.1, 12);
    const x = solvePsd(A, [1, 2, 3, 4], { ridge: 0.1 }).x.data;
    const inv = pseudoInverse(r);
    const y = [1, 2, 3, 4];
    // Both are backward stable: they agree to κ(A + λI)·ε ≈ 300·2.2e-16 relative.
    const scale = Math.max(...Array.from(x, Math.abs));
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += (inv.data[i * 4 + j] as number) * (y[j] as number);
      expect(Math.abs(s - (x[i] as number))).toBeLessThan(1e-12 * r.cond * scale);
    }
  });

  it('refuses an indefinite matrix unless indefiniteTolerance is Infinity', () => {
    const M = fromArray([
      [1, 2],
      [2, 1],
    ]);
    expect(() => psdEigh(M)).toThrow(NotPositiveDefiniteError);
    const r = psdEigh(M, { indefiniteTolerance: Number.POSITIVE_INFINITY });
    expect(r.rank).toBe(1); // λ = −1 dropped, λ = 3 kept
    expect(r.inverse[0]).toBe(0);
    expect(r.inverse[1]).toBeCloseTo(1 / 3, 14);
  });

  it('typed errors for its options', () => {
    expect(() => psdEigh(A, { ridge: -1 })).toThrow(InvalidArgumentError);
    expect(() => psdEigh(A, { rcond: 1 })).toThrow(InvalidArgumentError);
    // null is not "the default" (found by the reliability suite).
    expect(() => psdEigh(A, { rcond: null as never })).toThrow(InvalidArgumentError);
    expect(() => psdEigh(A, { indefiniteTolerance: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => psdEigh(A, null as never)).toThrow(InvalidArgumentError);
  });
});
