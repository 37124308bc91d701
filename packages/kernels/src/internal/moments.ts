// Gaussian moments of the activations, float64 on the CPU: for (u, v) ~ N(0, [[q1, c], [c, q2]]),
// E[φ(u)φ(v)] and E[φ'(u)φ'(v)] (https://overparam.dev/docs/theory/fully-connected-kernels#relu-moments). Shared by the float64 kernels and by the fused
// float32 CPU path (which passes the float32 snap threshold).

/**
 * Relative threshold under which the root √(q₁q₂ − c²) is snapped to 0 in float64. Angles
 * below √τ ≈ 1.2e-7 are below the rounding noise of the angle itself (a c off by one ulp
 * already moves θ by ~1e-8), so parallel and identical inputs give θ exactly 0 (or π).
 */
export const SNAP64 = 2 ** -46;
/** The same for float32 inputs (Gram matrices from a float32 matmul): angles below ~1e-3. */
export const SNAP32 = 2 ** -20;

const TWO_PI = 2 * Math.PI;
const HALF_PI = Math.PI / 2;

/**
 * θ = atan2(s, c) with s = √max(q₁q₂ − c², 0), snapped; zero vectors (q₁q₂ = 0) get θ = π/2.
 * Writes [θ, s] into `out`.
 */
export function angle(q1: number, q2: number, c: number, snap: number, out: Float64Array): void {
  const p = q1 * q2;
  if (p > 0) {
    const s2 = p - c * c;
    const s = s2 > snap * p ? Math.sqrt(s2) : 0;
    out[0] = Math.atan2(s, c);
    out[1] = s;
  } else {
    out[0] = HALF_PI;
    out[1] = 0;
  }
}

/** Activation of a fully connected kernel, resolved: relu is leakyRelu with slope 0. */
export type ActivationSpec = { kind: 'leakyRelu'; alpha: number } | { kind: 'erf' };

/**
 * Writes [E[φ(u)φ(v)], E[φ'(u)φ'(v)]] into `out` (indices 0, 1; index 2 is scratch).
 *
 * Leaky ReLU φ(u) = relu(u) − a·relu(−u) (ReLU: a = 0), by the symmetry (u, v) → (−u, −v):
 * E[φφ] = (1 + a²)κ(c) − 2a·κ(−c), κ(c) = (s + (π − θ)c)/(2π) (Cho & Saul 2009, order 1),
 * E[φ'φ'] = ((1 + a²)(π − θ) + 2aθ)/(2π).
 * Erf (Williams 1997): E[φφ] = (2/π)·arcsin(2c/√((1 + 2q₁)(1 + 2q₂))),
 * E[φ'φ'] = (4/π)/√(1 + 2(q₁ + q₂) + 4(q₁q₂ − c²)).
 */
export function moments(
  act: ActivationSpec,
  q1: number,
  q2: number,
  c: number,
  snap: number,
  out: Float64Array,
): void {
  if (act.kind === 'erf') {
    const r = Math.min(1, Math.max(-1, (2 * c) / Math.sqrt((1 + 2 * q1) * (1 + 2 * q2))));
    const s2 = q1 * q2 - c * c;
    out[0] = (2 / Math.PI) * Math.asin(r);
    out[1] = 4 / Math.PI / Math.sqrt(1 + 2 * (q1 + q2) + 4 * Math.max(s2, 0));
    return;
  }
  angle(q1, q2, c, snap, out);
  const theta = out[0] as number;
  const s = out[1] as number;
  const a = act.alpha;
  const kPos = (s + (Math.PI - theta) * c) / TWO_PI;
  if (a === 0) {
    out[0] = kPos;
    out[1] = (Math.PI - theta) / TWO_PI;
    return;
  }
  const kNeg = (s - theta * c) / TWO_PI;
  out[0] = (1 + a * a) * kPos - 2 * a * kNeg;
  out[1] = ((1 + a * a) * (Math.PI - theta) + 2 * a * theta) / TWO_PI;
}
