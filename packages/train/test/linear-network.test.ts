import {
  createRng,
  eigvalsh,
  fromArray,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  NonFiniteError,
  ShapeMismatchError,
  svd,
  transpose,
} from '@overparam/tensor';
import { expectClose, F64_RTOL, TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  certificateRho,
  certifiedStepSize,
  imbalanceLowerBound,
  initLinearNetwork,
  type LinearNetworkInit,
  linearNetworkCertificate,
  linearNetworkError,
  linearNetworkGdStep,
  linearNetworkImbalance,
  linearNetworkLoss,
  linearNetworkProduct,
  linearNetworkTarget,
  whitenedTarget,
} from '../src/index.js';
import { cpuOnly } from './cpu-only.js';

// Everything here is float64 JavaScript that never touches tfjs: registered only in the cpu
// project (the other projects neither run nor report it as skipped). The leak check below runs
// on every backend and proves the linear-network code leaves the active backend alone.

function frob(A: Matrix64): number {
  return Math.hypot(...A.data);
}

/** Eigenvalues of a symmetric matrix, ascending, as a plain array. */
function spectrum(A: Matrix64): number[] {
  return Array.from(eigvalsh(A));
}

describe(`[${TEST_BACKEND}] linear networks leave the tfjs backend alone`, () => {
  it('init, certificate and a GD step create no tensors (withLeakCheck)', async () => {
    await withLeakCheck(() => {
      const Y = linearNetworkTarget({ n: 2, m: 3, dataSeed: 0 });
      const net = initLinearNetwork({ n: 2, m: 3, h: 5, init: { kind: 'gaussian' }, initSeed: 0 });
      const next = linearNetworkGdStep(net, Y, 0.1);
      return linearNetworkCertificate(next, Y, 0.1).rho;
    });
  });
});

cpuOnly('linear network UVᵀ (https://overparam.dev/docs/theory/linear-networks#setting)', () => {
  it('E = UVᵀ − Y and L = ½‖E‖²_F on a hand example', () => {
    const net = { U: fromArray([[1, 2, 0]]), V: fromArray([[3, 4, 1]]) };
    expect(Array.from(linearNetworkProduct(net).data)).toEqual([11]);
    expect(Array.from(linearNetworkError(net, fromArray([[8]])).data)).toEqual([3]);
    expect(linearNetworkLoss(net, fromArray([[8]]))).toBe(4.5);
  });

  it('whitenedTarget: the data loss equals ½‖W₂W₁ − Y‖² + offset, and gradients agree', () => {
    // Whitened inputs: X = √c·Q with Q (N×d) orthonormal columns, c = N (the mean loss).
    const N = 7;
    const d = 3;
    const k = 2;
    const h = 4;
    const rng = createRng(5);
    const Q = svd({ rows: N, cols: d, data: rng.fillNormal(new Float64Array(N * d)) }).u;
    const X = { rows: N, cols: d, data: Q.data.map((v) => v * Math.sqrt(N)) };
    const Yd = { rows: N, cols: k, data: rng.fillNormal(new Float64Array(N * k)) };
    const { target, offset } = whitenedTarget({ X, Y: Yd, c: N });
    expect([target.rows, target.cols]).toEqual([k, d]);
    const net = initLinearNetwork({ n: k, m: d, h, init: { kind: 'gaussian' }, initSeed: 3 });
    // Data form: f(x) = W₂W₁x with W₂ = U, W₁ = Vᵀ; L = (1/(2N))‖X·W₁ᵀW₂ᵀ − Y_data‖².
    const A = matmul(net.V, transpose(net.U)); // W₁ᵀW₂ᵀ = V·Uᵀ, d×k
    const R = matmul(X, A);
    for (let i = 0; i < R.data.length; i++) R.data[i]! -= Yd.data[i]!;
    const dataLoss = frob(R) ** 2 / (2 * N);
    expect(Math.abs(dataLoss - (linearNetworkLoss(net, target) + offset))).toBeLessThan(
      1e-12 * dataLoss,
    );
    // One data-form GD step: ∇_{W₂} = (1/N)·(XA − Y)ᵀX·W₁ᵀ and ∇_{W₁} = (1/N)·W₂ᵀ(XA − Y)ᵀX.
    const G = matmul(transpose(R), X); // k×d, (XA − Y)ᵀX
    for (let i = 0; i < G.data.length; i++) G.data[i]! /= N;
    const eta = 0.3;
    const gradW2 = matmul(G, net.V); // G·W₁ᵀ = G·V, k×h
    const gradW1t = matmul(transpose(G), net.U); // (W₂ᵀG)ᵀ = Gᵀ·U, d×h
    const U1 = net.U.data.map((v, i) => v - eta * gradW2.data[i]!);
    const V1 = net.V.data.map((v, i) => v - eta * gradW1t.data[i]!);
    const next = linearNetworkGdStep(net, target, eta);
    expectClose(next.U, U1, { rtol: F64_RTOL, label: 'U after one step' });
    expectClose(next.V, V1, { rtol: F64_RTOL, label: 'V after one step' });
  });

  it('whitenedTarget throws InvalidArgumentError for inputs that are not whitened', () => {
    const X = fromArray([
      [1, 0],
      [0, 2],
    ]);
    expect(() => whitenedTarget({ X, Y: fromArray([1, 1]) })).toThrow(InvalidArgumentError);
    expect(() => whitenedTarget({ X, Y: fromArray([1, 1]) })).toThrow(/XᵀX\/c − I/);
    expect(() => whitenedTarget({ X, Y: fromArray([1, 1, 1]) })).toThrow(ShapeMismatchError);
  });

  it('linearNetworkTarget: seeded, and with prescribed singular values', () => {
    const a = linearNetworkTarget({ n: 3, m: 5, dataSeed: 4 });
    expect(a.data).toEqual(linearNetworkTarget({ n: 3, m: 5, dataSeed: 4 }).data);
    expect(a.data).not.toEqual(linearNetworkTarget({ n: 3, m: 5, dataSeed: 5 }).data);
    const Y = linearNetworkTarget({ n: 4, m: 2, dataSeed: 1, singularValues: [0.5, 3] });
    expectClose(svd(Y).s, [3, 0.5], { rtol: F64_RTOL });
    expect(() => linearNetworkTarget({ n: 4, m: 2, dataSeed: 1, singularValues: [1] })).toThrow(
      InvalidArgumentError,
    );
  });
});

cpuOnly('initializations (https://overparam.dev/docs/theory/linear-networks#setting)', () => {
  const Y = linearNetworkTarget({ n: 3, m: 5, dataSeed: 2, singularValues: [3, 2, 1] });

  it('the same initSeed gives the same weights; another seed, others', () => {
    for (const init of [
      { kind: 'gaussian' },
      { kind: 'balanced' },
      { kind: 'imbalanced', imbalance: 0.3 },
      { kind: 'spectral' },
    ] as LinearNetworkInit[]) {
      const a = initLinearNetwork({ n: 3, m: 5, h: 7, init, initSeed: 1, target: Y });
      const b = initLinearNetwork({ n: 3, m: 5, h: 7, init, initSeed: 1, target: Y });
      const c = initLinearNetwork({ n: 3, m: 5, h: 7, init, initSeed: 2, target: Y });
      expect(a.U.data).toEqual(b.U.data);
      expect(a.V.data).toEqual(b.V.data);
      expect(a.U.data).not.toEqual(c.U.data);
    }
  });

  it('balanced: D = UᵀU − VᵀV = 0 to rounding, UVᵀ = scale²·(partial isometry), bound on μ is 0', () => {
    for (const [n, m, h] of [
      [3, 5, 7],
      [5, 3, 5],
      [4, 4, 9],
    ] as const) {
      const scale = 0.7;
      const net = initLinearNetwork({ n, m, h, init: { kind: 'balanced', scale }, initSeed: 3 });
      const D = linearNetworkImbalance(net);
      expect(frob(D)).toBeLessThan(1e-14 * (frob(net.U) ** 2 + frob(net.V) ** 2));
      expectClose(svd(linearNetworkProduct(net)).s, new Array(Math.min(n, m)).fill(scale ** 2), {
        rtol: F64_RTOL,
      });
      expect(imbalanceLowerBound(D, n, m).lowerBound).toBeLessThan(1e-14);
    }
  });

  it('imbalanced δ: D has eigenvalues δ (shared), ±|δ| (extra), 0 (rest); bound = |δ|', () => {
    for (const [n, m, h, delta] of [
      [2, 3, 8, 0.5],
      [3, 2, 6, 0.5],
      [3, 2, 6, -0.4],
      [3, 3, 4, 1.5],
      [3, 3, 4, -1.5],
    ] as const) {
      const net = initLinearNetwork({
        n,
        m,
        h,
        init: { kind: 'imbalanced', imbalance: delta, scale: 0.8 },
        initSeed: 4,
      });
      const r = Math.min(n, m);
      const M = Math.max(n, m);
      const sign = n > m ? 1 : -1;
      const expected = [
        ...new Array(r).fill(delta),
        ...new Array(M - r).fill(sign * Math.abs(delta)),
        ...new Array(h - M).fill(0),
      ].sort((a, b) => a - b);
      const D = linearNetworkImbalance(net);
      expect(Math.max(...spectrum(D).map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(
        1e-13,
      );
      // UVᵀ keeps the singular values scale² whatever δ is.
      expectClose(svd(linearNetworkProduct(net)).s, new Array(r).fill(0.64), { rtol: F64_RTOL });
      const { lowerBound } = imbalanceLowerBound(D, n, m);
      expect(lowerBound).toBeGreaterThanOrEqual(Math.abs(delta) - 1e-13);
      const c = linearNetworkCertificate(net, linearNetworkTarget({ n, m, dataSeed: 0 }), 0.1);
      expect(c.mu).toBeGreaterThanOrEqual(lowerBound - 1e-13);
    }
  });

  it('imbalanced with a prescribed spectrum (array) gets exactly that spectrum', () => {
    const imbalance = [2, -1, 0.25, 3]; // n = 4 > m = 2: the two extra entries must be >= 0
    const net = initLinearNetwork({
      n: 4,
      m: 2,
      h: 6,
      init: { kind: 'imbalanced', imbalance },
      initSeed: 5,
    });
    expectClose(spectrum(linearNetworkImbalance(net)), [-1, 0, 0, 0.25, 2, 3], {
      rtol: F64_RTOL,
    });
  });

  it('spectral: UVᵀ = scale²·P_Y·R_Yᵀ shares the singular vectors of Y', () => {
    const net = initLinearNetwork({
      n: 3,
      m: 5,
      h: 6,
      init: { kind: 'spectral', scale: 0.5 },
      initSeed: 6,
      target: Y,
    });
    const { u, v } = svd(Y);
    const expected = matmul(u, transpose(v));
    for (let i = 0; i < expected.data.length; i++) expected.data[i]! *= 0.25;
    expectClose(linearNetworkProduct(net), expected, { rtol: F64_RTOL });
    expect(frob(linearNetworkImbalance(net))).toBeLessThan(1e-14);
  });

  it('gaussian: entries N(0, scale²/h), so UUᵀ ≈ scale²·I at large h; D ≠ 0 with a positive bound', () => {
    const n = 2;
    const m = 3;
    const h = 400;
    const net = initLinearNetwork({ n, m, h, init: { kind: 'gaussian', scale: 2 }, initSeed: 7 });
    const UUt = matmul(net.U, transpose(net.U));
    // Entries of UUᵀ are averages of h products: within 5/√h of scale²·δ_ij (a 5-sigma band).
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(Math.abs(UUt.data[i * n + j]! - (i === j ? 4 : 0))).toBeLessThan(4 * (5 / 20));
      }
    }
    const bound = imbalanceLowerBound(linearNetworkImbalance(net), n, m);
    // h ≥ n + m: D has n positive and m negative eigenvalues, both halves of the bound count.
    expect(bound.lambdaN).toBeGreaterThan(0);
    expect(bound.lambdaMNeg).toBeGreaterThan(0);
  });

  it('throws InvalidArgumentError for h < max(n, m), a bad kind, scale or imbalance', () => {
    expect(() =>
      initLinearNetwork({ n: 3, m: 5, h: 4, init: { kind: 'gaussian' }, initSeed: 0 }),
    ).toThrow(/h is 4; expected an integer >= max\(n, m\) = 5/);
    expect(() =>
      initLinearNetwork({
        n: 3,
        m: 5,
        h: 5,
        init: { kind: 'orthogonal' } as unknown as LinearNetworkInit,
        initSeed: 0,
      }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      initLinearNetwork({ n: 3, m: 5, h: 5, init: { kind: 'balanced', scale: 0 }, initSeed: 0 }),
    ).toThrow(/init.scale is 0/);
    expect(() =>
      initLinearNetwork({
        n: 4,
        m: 2,
        h: 6,
        init: { kind: 'imbalanced', imbalance: [1, 1, -1, 1] },
        initSeed: 0,
      }),
    ).toThrow(/init.imbalance\[2\] is -1; expected a number >= 0/);
    expect(() =>
      initLinearNetwork({ n: 3, m: 5, h: 5, init: { kind: 'spectral' }, initSeed: 0 }),
    ).toThrow(/target is undefined/);
  });
});

cpuOnly(
  'certificate and imbalance bound (https://overparam.dev/docs/theory/linear-networks#certificate)',
  () => {
    it('certificateRho and certifiedStepSize on the documented examples', () => {
      const inputs = { mu: 2, Lambda: 4, errorSpectralNorm: 1, productSpectralNorm: 1 };
      expect(certificateRho(0.1, inputs)).toBeCloseTo(0.81, 15);
      expect(certifiedStepSize(inputs)).toBeCloseTo(1 / 3, 15);
      expect(certifiedStepSize({ ...inputs, errorSpectralNorm: 10 })).toBeCloseTo(0.1, 15);
      expect(certifiedStepSize({ ...inputs, mu: 0 })).toBe(0);
    });

    it('certifiedStepSize minimizes ρ(η) (against a fine grid)', () => {
      const rng = createRng(8);
      for (let trial = 0; trial < 50; trial++) {
        const mu = rng.uniform() * 2;
        const inputs = {
          mu,
          Lambda: mu + rng.uniform() * 5,
          errorSpectralNorm: rng.uniform() * 3,
          productSpectralNorm: rng.uniform() * 3,
        };
        const best = certifiedStepSize(inputs);
        const rhoBest = certificateRho(best, inputs);
        for (let k = 1; k <= 400; k++) {
          expect(rhoBest).toBeLessThanOrEqual(certificateRho((k / 400) * 2, inputs) + 1e-15);
        }
        if (mu > 0) expect(rhoBest).toBeLessThan(1);
      }
    });

    it('the bound [λ_n(D)]₊ + [λ_m(−D)]₊ never exceeds μ (random widths, scales, kinds)', () => {
      const kinds: LinearNetworkInit[] = [
        { kind: 'gaussian', scale: 0.3 },
        { kind: 'gaussian', scale: 3 },
        { kind: 'imbalanced', imbalance: 0.7 },
        { kind: 'imbalanced', imbalance: -2 },
        { kind: 'balanced', scale: 2 },
      ];
      for (let s = 0; s < 60; s++) {
        const n = 1 + (s % 3);
        const m = 1 + ((s >> 1) % 4);
        const h = Math.max(n, m) + (s % 9);
        const net = initLinearNetwork({ n, m, h, init: kinds[s % kinds.length]!, initSeed: s });
        const c = linearNetworkCertificate(net, linearNetworkTarget({ n, m, dataSeed: s }), 0.1);
        expect(c.muLowerBound).toBeLessThanOrEqual(c.mu + 1e-12 * c.Lambda);
        expect(c.mu).toBeLessThanOrEqual(c.Lambda * (1 + 1e-15));
      }
    });

    it('imbalanceLowerBound on a hand example and its shape errors', () => {
      const D = fromArray([
        [4, 0],
        [0, -1],
      ]);
      expect(imbalanceLowerBound(D, 1, 1)).toEqual({ lowerBound: 5, lambdaN: 4, lambdaMNeg: 1 });
      expect(imbalanceLowerBound(D, 2, 2)).toEqual({ lowerBound: 0, lambdaN: -1, lambdaMNeg: -4 });
      expect(() => imbalanceLowerBound(D, 3, 1)).toThrow(ShapeMismatchError);
    });
  },
);

cpuOnly('typed errors of the linear-network functions', () => {
  const Y = linearNetworkTarget({ n: 2, m: 3, dataSeed: 0 });
  const net = initLinearNetwork({ n: 2, m: 3, h: 4, init: { kind: 'gaussian' }, initSeed: 0 });

  it('ShapeMismatchError for h < max(n, m), widths that differ and a target of the wrong shape', () => {
    const narrow = {
      U: fromArray([[1, 2]]),
      V: fromArray([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    };
    expect(() => linearNetworkError(narrow, fromArray([[1, 2, 3]]))).toThrow(ShapeMismatchError);
    expect(() => linearNetworkError(narrow, fromArray([[1, 2, 3]]))).toThrow(
      /hidden width is h = 2.*h ≥ max\(n, m\) = 3/,
    );
    expect(() => linearNetworkError({ U: net.U, V: fromArray([[1, 2, 3]]) }, Y)).toThrow(
      /V is 1×3; expected 4 columns/,
    );
    expect(() => linearNetworkCertificate(net, fromArray([[1, 2]]), 0.1)).toThrow(
      /Y is 1×2; expected n×m = 2×3/,
    );
  });

  it('InvalidArgumentError for η ≤ 0 or NaN; NonFiniteError for NaN weights', () => {
    for (const eta of [0, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => linearNetworkGdStep(net, Y, eta)).toThrow(InvalidArgumentError);
      expect(() => linearNetworkCertificate(net, Y, eta)).toThrow(
        /learningRate is .*; expected a finite/,
      );
    }
    const bad = { U: { ...net.U, data: net.U.data.slice() }, V: net.V };
    bad.U.data[5] = Number.NaN;
    expect(() => linearNetworkGdStep(bad, Y, 0.1)).toThrow(NonFiniteError);
    expect(() => linearNetworkGdStep(bad, Y, 0.1)).toThrow(/U\[1\]\[1\] is NaN/);
  });
});
