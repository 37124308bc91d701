// Scaling into a safe range before factorizations that square entries (Householder norms):
// as LAPACK's dsyevd/dgesvd do when max |A| is outside [√safmin, √safmax] (roughly).

const LOW = 1e-150;
const HIGH = 1e150;

/**
 * Scales `a` in place by 1/max|a| when max|a| is outside [1e-150, 1e150] and returns the
 * factor to multiply eigenvalues or singular values by afterwards (1 when left alone).
 */
export function scaleIntoRange(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  if (max === 0 || (max >= LOW && max <= HIGH)) return 1;
  const inv = 1 / max;
  if (Number.isFinite(inv)) {
    for (let i = 0; i < a.length; i++) a[i]! *= inv;
  } else {
    // max is subnormal: 1/max overflows, so divide instead.
    for (let i = 0; i < a.length; i++) a[i]! /= max;
  }
  return max;
}
