import {
  assertFunction,
  assertInteger,
  assertOptions,
  erf as erfScalar,
  InvalidArgumentError,
} from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import { activationLayer, type Moments } from './activation-layer.js';
import { sharedRule } from './gauss-hermite.js';
import type { Layer } from './layer.js';

/** Options of {@link elementwise}. */
export interface ElementwiseOptions {
  /** φ', for the NTK. Default: the central difference (φ(u + h) − φ(u − h))/(2h), h = 1e-5·max(1, |u|). */
  derivative?: (u: number) => number;
  /** φ on tensors, for the finite network (apply). Without it the layer has kernels only. */
  tensor?: (x: tf.Tensor2D) => tf.Tensor2D;
  /** Gauss–Hermite nodes per dimension (the rule has order² points per kernel entry). Default 64. */
  order?: number;
  /** Name in the network's description. Default 'elementwise'. */
  name?: string;
  /**
   * Declares φ odd (φ(−u) = −φ(u), e.g. tanh): zero-mean inputs stay zero-mean, which lets
   * fanInSum add the kernels of more residual designs. Default false (the safe answer).
   */
  odd?: boolean;
}

/**
 * Any activation φ, with the kernel moments E[φ(u)φ(v)] and E[φ'(u)φ'(v)] over
 * (u, v) ~ N(0, [[q₁, c], [c, q₂]]) by the tensor-product Gauss–Hermite rule (neural-tangents'
 * `ElementwiseNumerical`): with ρ = c/√(q₁q₂), u = √q₁·z₁ and v = √q₂·(ρz₁ + √(1 − ρ²)·z₂) for
 * independent standard normals, E[f(u)g(v)] ≈ Σ_a Σ_b w_a w_b f(√q₁z_a) g(√q₂(ρz_a + √(1 − ρ²)z_b)).
 *
 * Accuracy (relative Frobenius against numpy at order 150; test/kernels.test.ts): fast for smooth
 * φ at moderate variances, slower where φ is steep on the scale of the nodes (tanh, whose poles
 * at ±iπ/2 come close once the preactivation variance q ≳ 2). Measured at the default order
 * 64: gelu depth 2 1e-6, a tanh residual + gelu stack 8e-6, tanh depth 4 (q ≈ 1.4) 7e-5, tanh
 * depth 2 with q up to 4.6 1.2e-3 (order 128: 2.6e-5; order 32: 1.5e-2). Where φ has a kink
 * the rule converges only algebraically (relu through it: NNGP 2.5e-3, NTK 1.3e-2 at order 64),
 * so use the closed forms (relu, abRelu, erf, sin, cos) for those. A numerical derivative (no
 * `derivative`) costs ~2e-11 relative in the NTK. Cost: 2·order² evaluations per kernel entry.
 *
 * @throws InvalidArgumentError for fn or derivative not functions, a bad order, or a φ that is
 *   not finite on the quadrature nodes (checked when the kernel is evaluated).
 * @example
 * const softplus = elementwise((u) => Math.log1p(Math.exp(u)), {
 *   derivative: (u) => 1 / (1 + Math.exp(-u)), tensor: (x) => tf.softplus(x), name: 'softplus' });
 * serial(dense({ outputs: 1 }), softplus, dense({ outputs: 1 })).kernel.f64([[1]]).nngp.data // [≈ 0.982]
 */
export function elementwise(fn: (u: number) => number, options: ElementwiseOptions = {}): Layer {
  const op = 'elementwise';
  assertFunction(op, 'fn', fn, 'φ as a function of one number, e.g. Math.tanh');
  assertOptions(op, 'options', options);
  const { order = 64, name = 'elementwise' } = options;
  assertInteger(op, 'order', order, { min: 2, max: 200 }, 'the nodes per dimension, e.g. 32');
  if (typeof name !== 'string') {
    throw new InvalidArgumentError('name', name, "a string, e.g. 'softplus'", op);
  }
  if (options.derivative !== undefined)
    assertFunction(op, 'derivative', options.derivative, "φ', e.g. (u) => 1 - Math.tanh(u) ** 2");
  if (options.tensor !== undefined)
    assertFunction(op, 'tensor', options.tensor, 'φ on tensors, e.g. (x) => tf.tanh(x)');
  const derivative =
    options.derivative ??
    ((u: number) => {
      const h = 1e-5 * Math.max(1, Math.abs(u));
      return (fn(u + h) - fn(u - h)) / (2 * h);
    });
  return activationLayer({
    name,
    moments: quadratureMoments(name, fn, derivative, order),
    tensor: options.tensor ? checkedTensor(name, options.tensor) : null,
    cost: 4 * order * order,
    odd: options.odd === true,
  });
}

/** The caller's φ on tensors, refusing a result that is not a tensor of the input's shape. */
function checkedTensor(
  name: string,
  phi: (x: tf.Tensor2D) => tf.Tensor2D,
): (x: tf.Tensor2D) => tf.Tensor2D {
  return (x) => {
    const y: unknown = phi(x);
    if (
      !(y instanceof tf.Tensor) ||
      y.rank !== 2 ||
      y.shape[0] !== x.shape[0] ||
      y.shape[1] !== x.shape[1]
    ) {
      throw new InvalidArgumentError(
        'tensor',
        y instanceof tf.Tensor ? `a function returning shape [${y.shape.join(', ')}]` : y,
        `a function returning a tensor of its input's shape [${x.shape.join(', ')}] (φ elementwise)`,
        `${name}.apply`,
      );
    }
    return y as tf.Tensor2D;
  };
}

/** E[f(u)f(v)] and E[f'(u)f'(v)] by the order² Gauss–Hermite rule. */
function quadratureMoments(
  name: string,
  f: (u: number) => number,
  df: (u: number) => number,
  order: number,
): Moments {
  const { nodes, weights } = sharedRule(order);
  const fu = new Float64Array(order);
  const dfu = new Float64Array(order);
  return (q1, q2, c, out) => {
    // The rule is not symmetric in (u, v) but E[f(u)f(v)] is: the smaller variance goes first,
    // so that K(x, y) = K(y, x) exactly (else they differ by the quadrature error).
    const s1 = Math.sqrt(Math.max(Math.min(q1, q2), 0));
    const s2 = Math.sqrt(Math.max(Math.max(q1, q2), 0));
    const rho = s1 > 0 && s2 > 0 ? Math.min(1, Math.max(-1, c / (s1 * s2))) : 0;
    const tail = Math.sqrt(Math.max(0, 1 - rho * rho));
    for (let a = 0; a < order; a++) {
      const u = s1 * (nodes[a] as number);
      fu[a] = f(u);
      dfu[a] = df(u);
    }
    let m0 = 0;
    let m1 = 0;
    for (let a = 0; a < order; a++) {
      let g0 = 0;
      let g1 = 0;
      const base = rho * (nodes[a] as number);
      for (let b = 0; b < order; b++) {
        const v = s2 * (base + tail * (nodes[b] as number));
        const w = weights[b] as number;
        g0 += w * f(v);
        g1 += w * df(v);
      }
      const wa = weights[a] as number;
      m0 += wa * (fu[a] as number) * g0;
      m1 += wa * (dfu[a] as number) * g1;
    }
    if (!Number.isFinite(m0) || !Number.isFinite(m1)) {
      throw new InvalidArgumentError(
        'fn',
        `${name} with a non-finite moment at variances (${q1}, ${q2})`,
        "a φ (and φ') finite on the Gauss–Hermite nodes ±√q·z (|z| ≤ ~10): check it for overflow, or rescale the inputs",
        name,
      );
    }
    out[0] = m0;
    out[1] = m1;
  };
}

/** φ = tanh, its kernel by {@link elementwise} (order 64; no closed form exists; see its accuracy table). */
export function tanh(): Layer {
  return elementwise(Math.tanh, {
    derivative: (u) => 1 - Math.tanh(u) ** 2,
    tensor: (x) => tf.tanh(x),
    name: 'tanh',
    odd: true,
  });
}

const SQRT1_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * GELU φ(u) = u·Φ(u) (Hendrycks & Gimpel 2016; Φ the standard normal CDF), the exact form (not
 * the tanh approximation), its kernel by {@link elementwise} (order 64).
 */
export function gelu(): Layer {
  const Phi = (u: number) => 0.5 * (1 + erfScalar(u / Math.SQRT2));
  return elementwise((u) => u * Phi(u), {
    derivative: (u) => Phi(u) + u * SQRT1_2PI * Math.exp(-0.5 * u * u),
    tensor: (x) => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))) as tf.Tensor2D,
    name: 'gelu',
  });
}
