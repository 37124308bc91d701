// Float64 helpers of the formulas: an overflow-free 2-norm and exact scaling by powers of two.

/**
 * ‖v‖₂ without overflow or underflow of the squares (scaled by max|v_i|, as LAPACK's dnrm2),
 * and without Math.hypot(...v), whose spread fails for long vectors. Exact 0 for v = 0.
 */
export function norm2(v: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i] as number));
  if (max === 0 || !Number.isFinite(max)) return max;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const x = (v[i] as number) / max;
    s += x * x;
  }
  return max * Math.sqrt(s);
}

/**
 * x·2^e, the power split in two factors so that neither overflows for |e| ≤ 2046 (each
 * multiplication by a power of two is exact unless the result leaves the normal range).
 */
export function timesPow2(x: number, e: number): number {
  const h = Math.trunc(e / 2);
  return x * 2 ** h * 2 ** (e - h);
}
