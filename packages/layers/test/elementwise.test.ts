// gaussHermite (Golub–Welsch) and elementwise (the tensor-product Gauss–Hermite rule for any φ):
// exactness of the rule, agreement with the closed-form activations, the measured accuracy on a
// kinked φ (relu), the numerical derivative, and the typed errors.
import { erf as erfScalar, InvalidArgumentError } from '@overparam/tensor';
import { expectClose, F64_RTOL, relativeError, TEST_BACKEND } from '@overparam/tensor/testing';
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  dense,
  elementwise,
  erf,
  gaussHermite,
  type Layer,
  relu,
  serial,
  tanh,
} from '../src/index.js';
import { randomMatrix } from './helpers.js';

/**
 * E[z^{2k}] = (2k − 1)!! by the rule, relative: the rounding of Σ w·z^{2k} (measured ≤ 4e-14
 * for orders ≤ 32 up to degree 2·order − 1).
 */
const MOMENT_RTOL = 1e-13;
/**
 * At high orders the moments are checked up to this degree: (2k − 1)!! passes 1e60 there, and
 * float64's Σ w·z^{2k} over nodes up to ±27 (order 200) still rounds to 1e-13 relative.
 */
const HIGH_ORDER_EXACT_DEGREE = 80;

const doubleFactorial = (k: number): number => {
  let p = 1;
  for (let j = 2 * k - 1; j > 1; j -= 2) p *= j;
  return p;
};

const moment = (order: number, degree: number): number => {
  const { nodes, weights } = gaussHermite(order);
  let s = 0;
  for (let i = 0; i < order; i++) s += (weights[i] as number) * (nodes[i] as number) ** degree;
  return s;
};

// Float64 JavaScript with no tfjs (but the last spec): one run, in the cpu project.
const cpuOnly = (name: string, body: () => void): void => {
  if (TEST_BACKEND === 'cpu') describe(name, body);
};

cpuOnly('gaussHermite', () => {
  it.each([1, 2, 3, 4, 5, 8, 16, 24, 32])(
    'order %i: E[z^2k] = (2k−1)!! for every even degree ≤ 2·order − 1, odd moments 0, and not beyond',
    (order) => {
      for (let k = 0; 2 * k <= 2 * order - 1; k++) {
        const m = moment(order, 2 * k);
        expect(
          Math.abs(m - doubleFactorial(k)) / doubleFactorial(k),
          `degree ${2 * k}`,
        ).toBeLessThan(MOMENT_RTOL);
        // Odd moments cancel pairwise (exactly symmetric rule) up to the rounding of the sum.
        expect(Math.abs(moment(order, 2 * k + 1)), `degree ${2 * k + 1}`).toBeLessThan(
          MOMENT_RTOL * doubleFactorial(k + 1),
        );
      }
      // Degree 2·order is the first the rule misses (a Gauss rule of n points is exact to 2n − 1
      // only): measured 1.0, 0.67, 0.40 relative at orders 1, 2, 3, still 2.3e-9 at order 32.
      const k = order;
      expect(
        Math.abs(moment(order, 2 * k) - doubleFactorial(k)) / doubleFactorial(k),
      ).toBeGreaterThan(1e-9);
    },
  );

  it.each([48, 64, 100, 128, 200])(
    `order %i: E[z^2k] = (2k−1)!! up to degree ${HIGH_ORDER_EXACT_DEGREE}`,
    (order) => {
      for (let k = 0; 2 * k <= HIGH_ORDER_EXACT_DEGREE; k++) {
        const m = moment(order, 2 * k);
        expect(
          Math.abs(m - doubleFactorial(k)) / doubleFactorial(k),
          `degree ${2 * k}`,
        ).toBeLessThan(MOMENT_RTOL);
      }
    },
  );

  // numpy.polynomial.hermite_e.hermegauss(order), weights divided by their sum (√(2π)).
  it.each([
    [64, 14.886186143339453, 3.1231879651077347e-49],
    [150, 23.517677840578788, 2.817635134313314e-121],
    [200, 27.349827752266123, 1.2576313313555367e-163],
  ])(
    'order %i: the outermost node and its tail weight equal numpy hermegauss (1e-12 relative)',
    (order, node, weight) => {
      const { nodes, weights } = gaussHermite(order);
      expect(Math.abs((nodes[order - 1] as number) / node - 1)).toBeLessThan(1e-12);
      expect(Math.abs((weights[order - 1] as number) / weight - 1)).toBeLessThan(1e-12);
    },
  );

  // The weights come from the normalized Hermite recurrence, not the eigenvectors, so even the
  // outermost ones (1.3e-163 at order 200) are positive and relatively accurate.
  it.each([1, 2, 3, 7, 32, 33, 140, 150, 200])(
    'order %i: weights > 0 summing to 1, ascending nodes, exactly symmetric about 0',
    (order) => {
      const { nodes, weights } = gaussHermite(order);
      expect(nodes.length).toBe(order);
      expect(weights.length).toBe(order);
      let sum = 0;
      for (let i = 0; i < order; i++) {
        expect(weights[i]).toBeGreaterThan(0);
        if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1] as number);
        expect((nodes[i] as number) + (nodes[order - 1 - i] as number)).toBe(0);
        expect(weights[i]).toBe(weights[order - 1 - i]);
        sum += weights[i] as number;
      }
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
      if (order % 2 === 1) expect(nodes[(order - 1) / 2]).toBe(0);
    },
  );

  it('order 3 is ±√3, 0 with weights 1/6, 2/3, 1/6 (the TSDoc example)', () => {
    const { nodes, weights } = gaussHermite(3);
    expectClose(nodes, [-Math.sqrt(3), 0, Math.sqrt(3)], { rtol: F64_RTOL });
    expectClose(weights, [1 / 6, 2 / 3, 1 / 6], { rtol: F64_RTOL });
  });

  it('throws InvalidArgumentError for an order that is not an integer in [1, 200]', () => {
    for (const bad of [0, 201, 2.5, Number.NaN, -1, '3' as unknown as number]) {
      expect(() => gaussHermite(bad), String(bad)).toThrow(InvalidArgumentError);
    }
  });
});

// Unit-variance-ish inputs: |x|²/d of these rows is 0.19–1.35 (the variances the rule sees).
const X = randomMatrix(6, 3, 7);
const erfDerivative = (u: number) => (2 / Math.sqrt(Math.PI)) * Math.exp(-u * u);
const depth1 = (activation: Layer, wStd = 1, bStd = 0) =>
  serial(dense({ outputs: 1, wStd, bStd }), activation, dense({ outputs: 1 }));

/**
 * elementwise(erf) against the arcsin closed form of erf(), relative Frobenius, depth 1 with
 * wStd 1 on X: measured 1.8e-6 (NNGP) and 1.7e-5 (NTK) at order 32, 7e-10 at 64, 1.1e-15 at 128.
 */
const ERF_ORDER32_RTOL = 5e-5;
const ERF_ORDER128_RTOL = 1e-13;
/**
 * The central difference (φ(u + h) − φ(u − h))/(2h), h = 1e-5·max(1, |u|), has truncation error
 * h²φ'''/6 ~ 1e-11 and rounding ε/h ~ 1e-11: measured 1.3e-11–2.0e-11 relative in the NTK of
 * erf and tanh. The TSDoc promises ~1e-9:
 */
const NUMERICAL_DERIVATIVE_RTOL = 1e-9;

cpuOnly('elementwise against closed forms', () => {
  it('elementwise(erf scalar) matches the closed-form erf() layer (order 32 and 128)', () => {
    const exact = depth1(erf()).kernel.f64(X);
    const at = (order: number) =>
      depth1(elementwise(erfScalar, { order, derivative: erfDerivative })).kernel.f64(X);
    const k32 = at(32);
    expectClose(k32.nngp, exact.nngp, { rtol: ERF_ORDER32_RTOL, label: 'nngp, order 32' });
    expectClose(k32.ntk, exact.ntk, { rtol: ERF_ORDER32_RTOL, label: 'ntk, order 32' });
    const k128 = at(128);
    expectClose(k128.nngp, exact.nngp, { rtol: ERF_ORDER128_RTOL, label: 'nngp, order 128' });
    expectClose(k128.ntk, exact.ntk, { rtol: ERF_ORDER128_RTOL, label: 'ntk, order 128' });
    // And cross kernels (q₁ ≠ q₂ on both sides of the rule).
    const Y = randomMatrix(4, 3, 8);
    const exactXY = depth1(erf()).kernel.f64(X, Y);
    const xy = depth1(elementwise(erfScalar, { order: 128, derivative: erfDerivative })).kernel.f64(
      X,
      Y,
    );
    expectClose(xy.nngp, exactXY.nngp, { rtol: ERF_ORDER128_RTOL, label: 'nngp K(X,Y)' });
    expectClose(xy.ntk, exactXY.ntk, { rtol: ERF_ORDER128_RTOL, label: 'ntk K(X,Y)' });
  });

  it('the numerical derivative (no `derivative`) matches the analytic one in the NTK; the NNGP is the same', () => {
    for (const [name, fn, derivative] of [
      ['erf', erfScalar, erfDerivative],
      ['tanh', Math.tanh, (u: number) => 1 - Math.tanh(u) ** 2],
    ] as const) {
      const analytic = depth1(elementwise(fn, { derivative }), 1.5, 0.2).kernel.f64(X);
      const numerical = depth1(elementwise(fn), 1.5, 0.2).kernel.f64(X);
      expect(Array.from(numerical.nngp.data), name).toEqual(Array.from(analytic.nngp.data));
      const err = relativeError(numerical.ntk, analytic.ntk);
      expect(err, name).toBeLessThan(NUMERICAL_DERIVATIVE_RTOL);
      // It is a real difference (the two routes are not the same code path).
      expect(err, name).toBeGreaterThan(0);
    }
  });

  it('tanh() is elementwise(Math.tanh) at order 64 (the default) with the analytic derivative', () => {
    const a = depth1(tanh(), 1.3, 0.1).kernel.f64(X);
    const b = depth1(
      elementwise(Math.tanh, { order: 64, derivative: (u) => 1 - Math.tanh(u) ** 2 }),
      1.3,
      0.1,
    ).kernel.f64(X);
    expect(Array.from(a.nngp.data)).toEqual(Array.from(b.nngp.data));
    expect(Array.from(a.ntk.data)).toEqual(Array.from(b.ntk.data));
  });
});

// relu through the quadrature, against the arc-cosine closed form of relu() (depth 1, wStd √2,
// on X). Measured, relative Frobenius:
//
//   order    NNGP     NTK
//     16   9.4e-3   2.8e-2
//     32   4.6e-3   2.0e-2
//     64   2.5e-3   1.3e-2
//    128   1.3e-3   8.7e-3
//
// The NNGP error falls like 1/order, the NTK's like order^-0.6 (8× the order: 7.3× and 3.3×;
// entrywise, the small off-diagonal NNGP entries are off by up to 70% at order 32): Gauss–Hermite converges only
// algebraically on a kinked integrand (the inner sum over z₂ sees relu's kink, E[φ'φ'] a step;
// the node spacing near 0 is ~π/√(2·order)), so the NTK carries most of the error. By
// correlation ρ at q₁ = q₂ = 1, order 32, the error of E[φφ] (relative to its value 1/2 at
// ρ = 1) is ≤ 3.6e-3, largest at |ρ| ≈ 0.5, and that of E[φ'φ'] reaches 2.8e-2, largest at
// |ρ| ≈ 0.5 and at |ρ| → 1 (2.5e-2 at ρ = ±0.99), odd in ρ; at ρ = 1 exactly (the diagonal) the
// symmetric even-order rule is exact. The ~3.5% reported for order 32 is the relative error of
// single small off-diagonal entries (E[φφ] at ρ = −0.5: 3.3%); the TSDoc's "~1e-4 at order 32"
// is 1–2 orders of magnitude too optimistic.
const RELU_TABLE_ORDERS = [16, 32, 64, 128] as const;

cpuOnly('elementwise(relu) against relu(): measured accuracy on a kinked φ', () => {
  const reluScalar = (u: number) => Math.max(u, 0);
  const step = (u: number) => (u > 0 ? 1 : 0);
  const exact = depth1(relu(), Math.SQRT2).kernel.f64(X);
  const errors = RELU_TABLE_ORDERS.map((order) => {
    const k = depth1(elementwise(reluScalar, { order, derivative: step }), Math.SQRT2).kernel.f64(
      X,
    );
    return { order, nngp: relativeError(k.nngp, exact.nngp), ntk: relativeError(k.ntk, exact.ntk) };
  });

  it('order 32: NNGP error ~5e-3, NTK error ~2e-2 (the measured order of magnitude)', () => {
    const e32 = errors[1] as (typeof errors)[number];
    expect(e32.nngp).toBeGreaterThan(1e-3);
    expect(e32.nngp).toBeLessThan(1e-2);
    expect(e32.ntk).toBeGreaterThan(5e-3);
    expect(e32.ntk).toBeLessThan(5e-2);
  });

  it('the errors fall with the order (NNGP like 1/order) and the NTK error exceeds the NNGP error', () => {
    for (let i = 1; i < errors.length; i++) {
      const [prev, cur] = [errors[i - 1], errors[i]] as [
        (typeof errors)[number],
        (typeof errors)[number],
      ];
      expect(cur.nngp, `nngp ${prev.order} → ${cur.order}`).toBeLessThan(prev.nngp);
      expect(cur.ntk, `ntk ${prev.order} → ${cur.order}`).toBeLessThan(prev.ntk);
    }
    for (const e of errors) expect(e.ntk, `order ${e.order}`).toBeGreaterThan(e.nngp);
    const [first, last] = [errors[0], errors[errors.length - 1]] as [
      (typeof errors)[number],
      (typeof errors)[number],
    ];
    // 8× the order: the NNGP error falls ~8× (measured 7.3×), the NTK's ~3× (measured 3.3×).
    expect(first.nngp / last.nngp).toBeGreaterThan(5);
    expect(first.nngp / last.nngp).toBeLessThan(12);
    expect(first.ntk / last.ntk).toBeGreaterThan(2);
  });

  it('by correlation (q₁ = q₂ = 1, order 32): E[φ′φ′] carries the error, the diagonal is exact', () => {
    const rhos = [-0.99, -0.9, -0.5, -0.2, 0.2, 0.5, 0.9, 0.99];
    // Rows of norm √2 in R², so q = |x|²/2 = 1 and c = ρ; one dense layer (wStd 1) makes Θ = Σ,
    // so ntk/c = E[φ'φ'].
    const P = [
      [Math.SQRT2, 0],
      ...rhos.map((r) => [Math.SQRT2 * r, Math.SQRT2 * Math.sqrt(1 - r * r)]),
    ];
    const layerOf = (act: Layer) => serial(dense({ outputs: 1 }), act);
    const ref = layerOf(relu()).kernel.f64(P);
    const quad = layerOf(elementwise(reluScalar, { order: 32, derivative: step })).kernel.f64(P);
    let worstPhi = 0;
    let worstDphi = 0;
    rhos.forEach((rho, i) => {
      const k = i + 1; // entry (0, i + 1): the pair at correlation ρ
      worstPhi = Math.max(
        worstPhi,
        Math.abs((quad.nngp.data[k] as number) - (ref.nngp.data[k] as number)) / 0.5,
      );
      worstDphi = Math.max(
        worstDphi,
        Math.abs(((quad.ntk.data[k] as number) - (ref.ntk.data[k] as number)) / rho) / 0.5,
      );
    });
    expect(worstPhi).toBeGreaterThan(1e-3);
    expect(worstPhi).toBeLessThan(1e-2);
    expect(worstDphi).toBeGreaterThan(1e-2);
    expect(worstDphi).toBeLessThan(1e-1);
    // ρ = 1: Σ_{z>0} w z² = 1/2 and Σ_{z>0} w = 1/2 exactly for a symmetric even-order rule.
    expect(Math.abs((quad.nngp.data[0] as number) - 0.5)).toBeLessThan(1e-14);
    expect(Math.abs((quad.ntk.data[0] as number) - 0.5)).toBeLessThan(1e-14);
  });
});

describe(`[${TEST_BACKEND}] elementwise typed errors`, () => {
  it('a φ that overflows on the quadrature nodes throws InvalidArgumentError naming the layer', () => {
    const net = depth1(elementwise((u) => Math.exp(20 * u * u), { name: 'exp20' }));
    expect(() => net.kernel.f64(X)).toThrow(InvalidArgumentError);
    expect(() => net.kernel.f64(X)).toThrow(/exp20 with a non-finite moment/);
    expect(() => net.kernel.diagF64(X)).toThrow(InvalidArgumentError);
    // A φ' that is NaN somewhere (the NTK moment) is refused as well.
    const badDerivative = depth1(elementwise(Math.tanh, { derivative: () => Number.NaN }));
    expect(() => badDerivative.kernel.f64(X)).toThrow(/non-finite moment/);
  });

  it('bad fn, derivative, tensor, order or options throw InvalidArgumentError', () => {
    const bad: (() => unknown)[] = [
      () => elementwise(42 as unknown as (u: number) => number),
      () => elementwise(Math.tanh, { derivative: 1 as unknown as (u: number) => number }),
      () =>
        elementwise(Math.tanh, { tensor: 'tanh' as unknown as (x: tf.Tensor2D) => tf.Tensor2D }),
      () => elementwise(Math.tanh, { order: 1 }),
      () => elementwise(Math.tanh, { order: 201 }),
      () => elementwise(Math.tanh, { order: 16.5 }),
      () => elementwise(Math.tanh, 3 as unknown as object),
    ];
    for (const [i, f] of bad.entries()) expect(f, `case ${i}`).toThrow(InvalidArgumentError);
  });

  it('apply of an elementwise layer without `tensor` throws InvalidArgumentError; its kernel works', () => {
    const net = depth1(elementwise(Math.tanh, { name: 'kernelOnly' }));
    expect(net.name).toContain('kernelOnly');
    const params = net.init({ inputShape: [3], initSeed: 1 });
    try {
      expect(() => net.apply(params, X)).toThrow(InvalidArgumentError);
      expect(() => net.apply(params, X)).toThrow(/a tensor version of φ/);
    } finally {
      params.dispose();
    }
    expect(Number.isFinite(net.kernel.f64(X).ntk.data[0])).toBe(true);
  });
});
