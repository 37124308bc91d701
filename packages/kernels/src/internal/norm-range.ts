// The range of squared norms (and per-layer variances Σˡ(x,x)) in which a kernel's arithmetic is
// exact to rounding. The angle-based kernels (arc-cosine, H^∞, the ReLU NNGP/NTK) multiply two of
// them, q₁q₂, which overflows (→ NaN) or underflows (→ a zero vector's θ = π/2 for two parallel
// vectors) outside [1e-150, 1e150] in float64 and [1e-18, 1e18] in float32; the others add
// them, ‖x‖² + ‖x'‖² − 2⟨x,x'⟩, which overflows beyond 1e300 (float64) or 1e37 (float32).
// Rather than return NaN or a wrong number, such inputs are refused with a typed error that says
// to rescale X. Zero rows are always fine (θ = π/2 by convention).
import { InvalidArgumentError, NonFiniteError } from '@overparam/tensor';

/** Allowed nonzero values of a squared norm: [lo, hi] (lo = 0: no lower limit). */
export interface NormRange {
  readonly lo: number;
  readonly hi: number;
  /** Which arithmetic the range protects, for the message. */
  readonly why: string;
}

export const F64_PRODUCT: NormRange = {
  lo: 1e-150,
  hi: 1e150,
  why: 'float64: the kernel multiplies two squared norms',
};
export const F32_PRODUCT: NormRange = {
  lo: 1e-18,
  hi: 1e18,
  why: 'float32: the kernel multiplies two squared norms',
};
export const F64_SUM: NormRange = { lo: 0, hi: 1e300, why: 'float64: sums of squared norms' };
export const F32_SUM: NormRange = { lo: 0, hi: 1e37, why: 'float32: sums of squared norms' };

/**
 * Throws unless every value of `q` is 0 or in [range.lo, range.hi]. `label(i)` names entry i in
 * the message, e.g. (i) => `‖X[${i}]‖²`. NaN (from a tensor input, not checked on upload) throws
 * NonFiniteError, anything else out of range (Infinity included) InvalidArgumentError.
 */
export function assertNormRange(
  op: string,
  q: ArrayLike<number>,
  range: NormRange,
  label: (i: number) => string,
  fix: string,
): void {
  const { lo, hi } = range;
  for (let i = 0; i < q.length; i++) {
    const v = q[i] as number;
    if (v === 0 || (v >= lo && v <= hi)) continue;
    // NaN only from a tensor input (host data is checked on the way in); an overflow to
    // Infinity is out of range like any other too-large value.
    if (Number.isNaN(v)) throw new NonFiniteError(op, label(i), i, 0, v, label(i));
    const e = (x: number) => x.toExponential();
    const allowed = lo > 0 ? `0 or a value in [${e(lo)}, ${e(hi)}]` : `at most ${e(hi)}`;
    throw new InvalidArgumentError(label(i), v, `${allowed} (${range.why}); ${fix}`, op);
  }
}
