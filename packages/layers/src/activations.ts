import { assertFinite } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { activationLayer, type Moments } from './activation-layer.js';
import { assertFloat32, type Layer } from './layer.js';

const TWO_PI = 2 * Math.PI;
/**
 * Relative threshold under which √(q₁q₂ − c²) is snapped to 0, so identical and parallel inputs
 * give the angle θ exactly 0 (or π) and never NaN: angles below √τ ≈ 1.2e-7 are below the
 * rounding noise of θ itself.
 */
const SNAP = 2 ** -46;

/**
 * θ = atan2(√(q₁q₂ − c²), c), snapped; θ = π/2 for a zero vector. Returns [θ, √(q₁q₂ − c²)].
 * Computed as g·√((1 − ρ)(1 + ρ)) with g = √q₁·√q₂ and ρ = c/g, so that variances beyond 1e154
 * (whose product q₁q₂ overflows) still give the right angle.
 */
function angle(q1: number, q2: number, c: number): [number, number] {
  const g = Math.sqrt(q1) * Math.sqrt(q2);
  if (!(g > 0)) return [Math.PI / 2, 0];
  const rho = Math.min(1, Math.max(-1, c / g));
  const t = (1 - rho) * (1 + rho);
  const s = t > SNAP ? g * Math.sqrt(t) : 0;
  return [Math.atan2(s, c), s];
}

/**
 * φ(u) = a·min(u, 0) + b·max(u, 0). With θ the angle of (u, v), s = √(q₁q₂ − c²) and the
 * arc-cosine moments κ₊ = (s + (π − θ)c)/(2π) = E[u₊v₊], κ₋ = (s − θc)/(2π) = E[u₊(−v)₊] (Cho &
 * Saul 2009): E[φφ] = (a² + b²)κ₊ − 2ab·κ₋, E[φ'φ'] = ((a² + b²)(π − θ) + 2abθ)/(2π).
 */
function abReluMoments(a: number, b: number): Moments {
  return (q1, q2, c, out) => {
    const [theta, s] = angle(q1, q2, c);
    const kPos = (s + (Math.PI - theta) * c) / TWO_PI;
    const kNeg = (s - theta * c) / TWO_PI;
    out[0] = (a * a + b * b) * kPos - 2 * a * b * kNeg;
    out[1] = ((a * a + b * b) * (Math.PI - theta) + 2 * a * b * theta) / TWO_PI;
  };
}

/**
 * φ(u) = a·min(u, 0) + b·max(u, 0), with closed-form kernel moments (arc-cosine kernels, Cho &
 * Saul 2009): relu = abRelu(0, 1), leakyRelu(α) = abRelu(α, 1), abs = abRelu(−1, 1), the
 * identity abRelu(1, 1). neural-tangents' `ABRelu`.
 *
 * @throws InvalidArgumentError for a or b not finite; from apply, for |a| or |b| beyond the
 *   float32 range (the finite network is float32).
 * @example
 * serial(dense({ outputs: 512 }), abRelu(0.1, 1), dense({ outputs: 1 })).kernel.f64([[1, 0]]).nngp.data // [0.505]
 */
export function abRelu(a: number, b: number): Layer {
  assertFinite('abRelu', 'a', a, 'the slope for u < 0');
  assertFinite('abRelu', 'b', b, 'the slope for u > 0');
  return activationLayer({
    name: `abRelu(${a}, ${b})`,
    moments: abReluMoments(a, b),
    tensor: (x) => {
      assertFloat32(`abRelu(${a}, ${b}).apply`, 'a', a);
      assertFloat32(`abRelu(${a}, ${b}).apply`, 'b', b);
      return tf.sub(tf.mul(b, tf.relu(x)), tf.mul(a, tf.relu(tf.neg(x)))) as tf.Tensor2D;
    },
    cost: 40,
    odd: a === b,
  });
}

/**
 * φ(u) = max(u, 0), E[φφ] = (s + (π − θ)c)/(2π), E[φ'φ'] = (π − θ)/(2π) (Cho & Saul 2009).
 *
 * @example
 * serial(dense({ outputs: 1, wStd: Math.SQRT2 }), relu(), dense({ outputs: 1 })).kernel.f64([[1, 0], [0, 1]]).nngp.data
 * // [1, 0.3183…, 0.3183…, 1]  (1/π off the diagonal)
 */
export function relu(): Layer {
  return activationLayer({
    name: 'relu',
    moments: abReluMoments(0, 1),
    tensor: (x) => tf.relu(x),
    cost: 30,
    odd: false,
  });
}

/** φ(u) = max(u, 0) + α·min(u, 0) (default α = 0.2, as tf.leakyRelu): abRelu(α, 1). */
export function leakyRelu(alpha = 0.2): Layer {
  assertFinite('leakyRelu', 'alpha', alpha, 'the negative slope, e.g. 0.2');
  return activationLayer({
    name: `leakyRelu(${alpha})`,
    moments: abReluMoments(alpha, 1),
    tensor: (x) => {
      assertFloat32(`leakyRelu(${alpha}).apply`, 'alpha', alpha);
      return tf.leakyRelu(x, alpha);
    },
    cost: 40,
    odd: alpha === 1,
  });
}

/** φ(u) = |u|: abRelu(−1, 1). */
export function abs(): Layer {
  return activationLayer({
    name: 'abs',
    moments: abReluMoments(-1, 1),
    tensor: (x) => tf.abs(x),
    cost: 40,
    odd: false,
  });
}

/**
 * φ = erf (Williams 1997): E[φφ] = (2/π)·arcsin(2c/√((1 + 2q₁)(1 + 2q₂))),
 * E[φ'φ'] = (4/π)/√(1 + 2(q₁ + q₂) + 4(q₁q₂ − c²)).
 */
export function erf(): Layer {
  return activationLayer({
    name: 'erf',
    moments: (q1, q2, c, out) => {
      // Square roots taken apart, and q₁q₂ − c² = g·(g·(1 − ρ²)): no overflow to ∞ − ∞ = NaN.
      const r = Math.min(
        1,
        Math.max(-1, (2 * c) / (Math.sqrt(1 + 2 * q1) * Math.sqrt(1 + 2 * q2))),
      );
      const g = Math.sqrt(q1) * Math.sqrt(q2);
      const rho = g > 0 ? Math.min(1, Math.max(-1, c / g)) : 0;
      const det = g * (g * ((1 - rho) * (1 + rho)));
      out[0] = (2 / Math.PI) * Math.asin(r);
      out[1] = 4 / Math.PI / Math.sqrt(1 + 2 * (q1 + q2) + 4 * det);
    },
    tensor: (x) => tf.erf(x),
    cost: 40,
    odd: true,
  });
}

/**
 * e^{−h}·sinh(c) and e^{−h}·cosh(c), h = (q₁ + q₂)/2, as e^{|c|−h}·(1 ∓ e^{−2|c|})/2 (expm1 for
 * small |c|): |c| ≤ √(q₁q₂) ≤ h, so e^{|c|−h} ≤ 1, where the product form is 0·∞ = NaN once
 * |c| > 710.
 */
function sinhCosh(q1: number, q2: number, c: number): [number, number] {
  const ac = Math.abs(c);
  const e = Math.exp(ac - (q1 + q2) / 2);
  return [(Math.sign(c) * e * -Math.expm1(-2 * ac)) / 2, (e * (1 + Math.exp(-2 * ac))) / 2];
}

/** φ = sin: E[sin u sin v] = e^{−(q₁+q₂)/2}·sinh(c), E[cos u cos v] = e^{−(q₁+q₂)/2}·cosh(c). */
export function sin(): Layer {
  return activationLayer({
    name: 'sin',
    moments: (q1, q2, c, out) => {
      [out[0], out[1]] = sinhCosh(q1, q2, c);
    },
    tensor: (x) => tf.sin(x),
    cost: 40,
    odd: true,
  });
}

/** φ = cos: E[cos u cos v] = e^{−(q₁+q₂)/2}·cosh(c), and φ' = −sin: E[sin u sin v] = e^{−(q₁+q₂)/2}·sinh(c). */
export function cos(): Layer {
  return activationLayer({
    name: 'cos',
    moments: (q1, q2, c, out) => {
      [out[1], out[0]] = sinhCosh(q1, q2, c);
    },
    tensor: (x) => tf.cos(x),
    cost: 40,
    odd: false,
  });
}

/**
 * The identity, φ(u) = u: the kernel passes through (E[uv] = c, E[1·1] = 1). Also the skip
 * branch of a residual block: serial(fanOut(2), parallel(block, identity()), fanInSum()).
 */
export function identity(): Layer {
  return activationLayer({
    name: 'identity',
    moments: (_q1, _q2, c, out) => {
      out[0] = c;
      out[1] = 1;
    },
    tensor: (x) => tf.clone(x),
    cost: 1,
    odd: true,
  });
}
