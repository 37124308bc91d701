// Householder vector (Golub & Van Loan, 4th ed., Alg. 5.1.1), in place on a contiguous segment.

/** β and μ of a reflector H = I − β v vᵀ with H x = μ e₁ (μ = ‖x‖ ≥ 0). */
export interface House {
  beta: number;
  mu: number;
}

/**
 * Overwrites x = arr[off .. off+len−1] with v (v[0] = 1) such that (I − βvvᵀ)x = ‖x‖e₁.
 * When x is already a multiple of e₁ (nothing to annihilate), β = 0, μ = x[0] and v = e₁.
 * The sign choice v₀ = −σ/(x₀ + μ) for x₀ > 0 avoids cancellation (Parlett 1971).
 */
export function house(arr: Float64Array, off: number, len: number): House {
  const x0 = arr[off]!;
  let sigma = 0;
  for (let j = off + 1; j < off + len; j++) sigma += arr[j]! * arr[j]!;
  if (sigma === 0) {
    arr[off] = 1;
    return { beta: 0, mu: x0 };
  }
  const mu = Math.sqrt(x0 * x0 + sigma);
  const v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
  const beta = (2 * v0 * v0) / (sigma + v0 * v0);
  const inv = 1 / v0;
  arr[off] = 1;
  for (let j = off + 1; j < off + len; j++) arr[j]! *= inv;
  return { beta, mu };
}
