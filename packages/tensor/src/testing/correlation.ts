/**
 * Pearson correlation of the first `length` entries of `a` and `b` (default: all of `a`), in
 * float64: Σ(a − ā)(b − b̄)/√(Σ(a − ā)²·Σ(b − b̄)²). For a test that two random streams are
 * independent: vectors of independent draws of length d have correlation ≈ N(0, 1/d), so
 * |corr| < 5/√d fails with probability ~6e-7, while two streams that coincide give |corr| = 1.
 *
 * @example
 * correlation([1, 2, 3], [2, 4, 7]) // 0.9933…
 * correlation([1, 2, 3, 9], [-1, -2, -3, 0], 3) // -1
 */
export function correlation(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  length: number = a.length,
): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < length; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= length;
  mb /= length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < length; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}
