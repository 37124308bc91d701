// net.kernel.f64 / diagF64 against an independent numpy recursion (fixtures/layers_kernels.py):
// closed-form activations to float64 rounding, the Gauss–Hermite activations (tanh, gelu) to a
// measured tolerance at the default order and to a much tighter one at order 128.
import { erf as erfScalar } from '@overparam/tensor';
import {
  expectClose,
  F64_RTOL,
  nonEmpty,
  relativeError,
  TEST_BACKEND,
} from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { elementwise, type Layer } from '../src/index.js';
import { buildSpec, type LayerSpec, type SpecOverrides } from './build-spec.js';
import fixture from './fixtures/layers-kernels.json' with { type: 'json' };
import { diagonal } from './helpers.js';

interface KernelCase {
  name: string;
  quadrature: boolean;
  spec: LayerSpec;
  nngp_xx: number[][];
  ntk_xx: number[][];
  nngp_xy: number[][];
  ntk_xy: number[][];
  nngp_diag: number[];
  ntk_diag: number[];
  /** Quadrature cases: the reference's change from order 150 to 200 (relative Frobenius). */
  referenceError?: number;
}

const cases = nonEmpty(fixture.cases as unknown as KernelCase[], 'layers-kernels.json cases');
const closedForm = nonEmpty(
  cases.filter((c) => !c.quadrature),
  'layers-kernels.json closed-form cases',
);
const quadrature = nonEmpty(
  cases.filter((c) => c.quadrature),
  'layers-kernels.json quadrature cases',
);
const X = nonEmpty(fixture.X, 'layers-kernels.json X');
const Y = nonEmpty(fixture.Y, 'layers-kernels.json Y');

/**
 * tanh and gelu by elementwise at order 32 against the numpy order-150 reference, relative
 * Frobenius, worst over K(X,X), K(X,Y) and the diagonal, NNGP and NTK. Measured (after the
 * symmetrization fix in elementwise.ts): tanh depth 2 (wStd 1.5, so the first-layer variances reach 4.6) 2.0e-2
 * (the NTK's diagonal; NNGP 1.6e-3), tanh depth 4 (wStd 1.2) 2.5e-3, gelu depth 2 (wStd √2)
 * 8.8e-4, the tanh residual + gelu stack 4.0e-4. The rule converges only slowly at these
 * variances (tanh has poles at ±iπ/2; both are steep on the scale of the nodes once q ≳ 2), and
 * E[φ'φ'] on the diagonal is the worst entry. Twice the worst measured value of each kind:
 */
const TANH_ORDER32_RTOL = 4e-2;
const GELU_ORDER32_RTOL = 2e-3;
/**
 * tanh() and gelu() at their default order 64: measured 1.2e-3 (tanh depth 2; the steep case,
 * first-layer variances up to 4.6), 7.4e-5 (tanh depth 4), 7.6e-6 (tanh residual + gelu),
 * 9.8e-7 (gelu depth 2) on K(X, X); with margin (the diagonal and K(X, Y) included):
 */
const TANH_DEFAULT_RTOL = 4e-3;
const GELU_DEFAULT_RTOL = 1e-5;
/**
 * The same activations built with elementwise(…, { order: 128 }): measured 2.6e-5 (tanh depth
 * 2), 5.3e-7 (tanh depth 4), 1.6e-8 (tanh residual + gelu), 1.3e-12 (gelu depth 2); with
 * margin:
 */
const TANH_ORDER128_RTOL = 1e-4;
const GELU_ORDER128_RTOL = 1e-11;
/** Going from order 32 to 128 must shrink the error at least this much (measured 500×–5e8×). */
const MIN_CONVERGENCE_FACTOR = 100;

function hasKind(spec: LayerSpec, kind: string): boolean {
  if (spec[0] === kind) return true;
  if (spec[0] === 'serial' || spec[0] === 'parallel') {
    return (spec[1] as LayerSpec[]).some((s) => hasKind(s, kind));
  }
  return false;
}

const SQRT1_2PI = 1 / Math.sqrt(2 * Math.PI);
const Phi = (u: number) => 0.5 * (1 + erfScalar(u / Math.SQRT2));

/** tanh and exact gelu (u·Φ(u)) by elementwise at `order`, with their analytic derivatives. */
function quadratureAt(order: number): SpecOverrides {
  return {
    tanh: () => elementwise(Math.tanh, { order, derivative: (u) => 1 - Math.tanh(u) ** 2 }),
    gelu: () =>
      elementwise((u) => u * Phi(u), {
        order,
        derivative: (u) => Phi(u) + u * SQRT1_2PI * Math.exp(-0.5 * u * u),
      }),
  };
}

/** The worst relative Frobenius error of K(X,X) and K(X,Y), NNGP and NTK, against the fixture. */
function worstError(net: Layer, c: KernelCase, withDiagonal: boolean): number {
  const xx = net.kernel.f64(X);
  const xy = net.kernel.f64(X, Y);
  const errors = [
    relativeError(xx.nngp, c.nngp_xx),
    relativeError(xx.ntk, c.ntk_xx),
    relativeError(xy.nngp, c.nngp_xy),
    relativeError(xy.ntk, c.ntk_xy),
  ];
  if (withDiagonal) {
    const d = net.kernel.diagF64(X);
    errors.push(relativeError(d.nngp, c.nngp_diag), relativeError(d.ntk, c.ntk_diag));
  }
  return Math.max(...errors);
}

describe(`[${TEST_BACKEND}] kernel.f64 of closed-form architectures against numpy`, () => {
  it.each(closedForm.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const net = buildSpec(c.spec);
    const xx = net.kernel.f64(X);
    expectClose(xx.nngp, c.nngp_xx, { rtol: F64_RTOL, label: 'nngp K(X,X)' });
    expectClose(xx.ntk, c.ntk_xx, { rtol: F64_RTOL, label: 'ntk K(X,X)' });
    const xy = net.kernel.f64(X, Y);
    expect([xy.nngp.rows, xy.nngp.cols]).toEqual([X.length, Y.length]);
    expectClose(xy.nngp, c.nngp_xy, { rtol: F64_RTOL, label: 'nngp K(X,Y)' });
    expectClose(xy.ntk, c.ntk_xy, { rtol: F64_RTOL, label: 'ntk K(X,Y)' });
    const diag = net.kernel.diagF64(X);
    expectClose(diag.nngp, c.nngp_diag, { rtol: F64_RTOL, label: 'nngp diag' });
    expectClose(diag.ntk, c.ntk_diag, { rtol: F64_RTOL, label: 'ntk diag' });
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    'diagF64 is the diagonal of f64 (same recursion): %s',
    (_, c) => {
      const net = buildSpec(c.spec);
      const full = net.kernel.f64(X);
      const diag = net.kernel.diagF64(X);
      expectClose(diag.nngp, diagonal(full.nngp), { rtol: F64_RTOL, label: 'nngp' });
      expectClose(diag.ntk, diagonal(full.ntk), { rtol: F64_RTOL, label: 'ntk' });
    },
  );
});

// Float64 JavaScript that never touches tfjs: one run (the cpu project) is enough, and the
// order-128 evaluations take ~5 s.
const cpuOnly = (name: string, body: () => void): void => {
  if (TEST_BACKEND === 'cpu') describe(name, body);
};

cpuOnly('kernel.f64 of Gauss–Hermite activations (tanh, gelu) against numpy order 150', () => {
  const tolerances = (c: KernelCase) =>
    hasKind(c.spec, 'tanh')
      ? { order32: TANH_ORDER32_RTOL, default: TANH_DEFAULT_RTOL, order128: TANH_ORDER128_RTOL }
      : { order32: GELU_ORDER32_RTOL, default: GELU_DEFAULT_RTOL, order128: GELU_ORDER128_RTOL };

  it.each(quadrature.map((c) => [c.name, c] as const))(
    'order 32, the default 64, and order 128 at far tighter tolerances: %s',
    (_, c) => {
      const tol = tolerances(c);
      // The reference's own quadrature error must be negligible at the tightest tolerance.
      expect(c.referenceError).toBeLessThan(tol.order128 / 10);
      const at32 = worstError(buildSpec(c.spec, quadratureAt(32)), c, true);
      expect(at32).toBeLessThan(tol.order32);
      expect(worstError(buildSpec(c.spec), c, true)).toBeLessThan(tol.default);
      const at128 = worstError(buildSpec(c.spec, quadratureAt(128)), c, false);
      expect(at128).toBeLessThan(tol.order128);
      expect(at128 * MIN_CONVERGENCE_FACTOR).toBeLessThan(at32);
    },
  );
});
