// The Euclidean norm of the teachers' directions (not exported from the package).
/**
 * ‖v‖₂. Math.hypot(...v) (the norm these generators always took, so their numbers did not move)
 * up to 2¹⁵ entries; beyond, where spreading that many arguments overflows the call stack, a
 * scaled sum of squares (LAPACK dnrm2's idea).
 */
export function euclideanNorm(v: Float64Array): number {
  if (v.length <= 2 ** 15) return Math.hypot(...v);
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  if (max === 0 || !Number.isFinite(max)) return max;
  let sum = 0;
  for (const x of v) sum += (x / max) ** 2;
  return max * Math.sqrt(sum);
}
