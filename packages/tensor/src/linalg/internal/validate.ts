// Argument checks shared by the float64 routines. Each throws the typed error of
// linalg-errors.ts naming the operation, the argument and the offending value.
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import {
  NonFiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
} from '../linalg-errors.js';
import type { Matrix64 } from '../matrix64.js';

/** Checks that `A` is a well-formed Matrix64 whose entries are all finite. */
export function assertMatrix(op: string, name: string, A: Matrix64): void {
  const { rows, cols, data } = A as Partial<Matrix64>;
  if (
    !Number.isInteger(rows) ||
    !Number.isInteger(cols) ||
    (rows as number) < 0 ||
    (cols as number) < 0 ||
    !(data instanceof Float64Array)
  ) {
    throw new InvalidArgumentError(
      name,
      `{ rows: ${rows}, cols: ${cols}, data: ${data?.constructor?.name} }`,
      'a Matrix64 { rows, cols, data: Float64Array }; build one with fromArray or zeros',
    );
  }
  if (data.length !== (rows as number) * (cols as number)) {
    throw new ShapeMismatchError(
      op,
      `${name}.data has ${data.length} entries`,
      `rows × cols = ${rows}×${cols} = ${(rows as number) * (cols as number)}`,
    );
  }
  // x·0 is 0 for finite x and NaN for NaN/±Infinity: one sum, and a search only on failure.
  let probe = 0;
  for (let i = 0; i < data.length; i++) probe += data[i]! * 0;
  if (probe === 0) return;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      const c = cols as number;
      throw new NonFiniteError(op, name, Math.floor(i / c), i % c, v);
    }
  }
}

export function assertSquare(op: string, name: string, A: Matrix64): void {
  if (A.rows !== A.cols) throw new NotSquareError(op, name, A.rows, A.cols);
}

/** Default relative symmetry tolerance: |A[i][j] − A[j][i]| ≤ tol · max |A|. */
export const DEFAULT_SYMMETRY_TOLERANCE = 1e-10;

export function assertSymmetryTolerance(value: number): void {
  if (!(value >= 0)) {
    throw new InvalidArgumentError(
      'symmetryTolerance',
      value,
      'a number >= 0 (relative to max |A[i][j]|), or Infinity to skip the check',
    );
  }
}

/**
 * Checks |A[i][j] − A[j][i]| ≤ tol · max|A| over the whole matrix, in 32×32 tiles so the
 * transposed reads stay in cache.
 */
export function assertSymmetric(op: string, name: string, A: Matrix64, tol: number): void {
  assertSymmetryTolerance(tol);
  if (tol === Number.POSITIVE_INFINITY) return;
  const n = A.rows;
  const a = A.data;
  let worst = 0;
  let wi = 0;
  let wj = 0;
  const T = 32;
  for (let i0 = 0; i0 < n; i0 += T) {
    const i1 = Math.min(n, i0 + T);
    for (let j0 = 0; j0 <= i0; j0 += T) {
      for (let i = i0; i < i1; i++) {
        const ri = i * n;
        const jEnd = Math.min(j0 + T, i);
        for (let j = j0, cj = j0 * n + i; j < jEnd; j++, cj += n) {
          const d = Math.abs(a[ri + j]! - a[cj]!);
          if (d > worst) {
            worst = d;
            wi = j;
            wj = i;
          }
        }
      }
    }
  }
  if (worst === 0) return;
  // Only an asymmetric matrix pays for the scale.
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) maxAbs = Math.max(maxAbs, Math.abs(a[i]!));
  const limit = tol * maxAbs;
  if (worst > limit) throw new NotSymmetricError(op, name, worst, wi, wj, limit);
}

export function assertSameRows(op: string, A: Matrix64, B: Matrix64, aName = 'A', bName = 'B') {
  if (B.rows !== A.rows) {
    throw new ShapeMismatchError(
      op,
      `${bName} is ${B.rows}×${B.cols}`,
      `${A.rows} rows to match ${aName} (${A.rows}×${A.cols})`,
    );
  }
}

export function assertNonNegative(name: string, value: number, hint: string): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(name, value, `a finite number >= 0; ${hint}`);
  }
}
