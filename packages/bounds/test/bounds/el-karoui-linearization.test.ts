import { fcKernel } from '@overparam/kernels';
import {
  fromArray,
  InvalidArgumentError,
  type Matrix64,
  ShapeMismatchError,
} from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  elKarouiCoefficients,
  elKarouiError,
  elKarouiLinearizationBound,
  InvalidBoundInputError,
} from '../../src/index.js';
import fixture from '../fixtures/el-karoui-linearization.json' with { type: 'json' };
import { expectCheckAborts } from '../support/check-abort.js';

/** Richardson central differences (ours) against analytic or 4th-order differences (numpy). */
const DERIVATIVE_RTOL = 1e-7;

/** M for the fixture's X: exp and RBF from their formulas, the NTKs from fcKernel. */
function kernelMatrix(X: Matrix64, kernel: number): Matrix64 {
  if (kernel >= 2)
    return fcKernel({ depth: kernel - 1, activation: 'relu', wStd: Math.SQRT2 }).f64(X).ntk;
  const { rows: n, cols: p } = X;
  const M: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  const dot = (a: number, b: number) => {
    let s = 0;
    for (let k = 0; k < p; k++) s += (X.data[a * p + k] as number) * (X.data[b * p + k] as number);
    return s / p;
  };
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      M.data[a * n + b] =
        kernel === 0 ? Math.exp(dot(a, b)) : Math.exp(-(dot(a, a) - 2 * dot(a, b) + dot(b, b)) / 2);
    }
  }
  return M;
}

describe(`[${TEST_BACKEND}] el-karoui-linearization formulas`, () => {
  it('c₀, c₁, c₂ and the 11ᵀ correction match the fixture for exp, RBF and both ReLU NTKs', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const r = elKarouiLinearizationBound.evaluate(
        elKarouiLinearizationBound.validate({
          n: c.n,
          p: c.p,
          kernel: c.kernel,
          data: c.data,
          spread: c.spread,
        }),
      );
      const t = Object.fromEntries(r.terms.map((x) => [x.id, x.value]));
      expectClose(t['tr-sigma2']!, c.trSigma2OverP2, { rtol: 1e-14 });
      expectClose([t.c0!, t.c1!, t.c2!], [c.c0, c.c1, c.c2], {
        rtol: DERIVATIVE_RTOL,
        label: `kernel ${c.kernel}`,
      });
      expectClose(t['c0-correction']!, c.c0Correction, { rtol: 1e-6, label: `kernel ${c.kernel}` });
    }
  });

  it('‖M − K‖_op/‖M‖_op on the fixture’s data matches numpy', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const X = fromArray(c.X);
      const coef = {
        c0: c.c0,
        c0Correction: c.c0Correction,
        c1: c.c1,
        c2: c.c2,
        d2: c.d2,
      };
      const e = elKarouiError(kernelMatrix(X, c.kernel), X, coef);
      expectClose(
        [e.errorNorm, e.kernelNorm, e.relative],
        [c.errorNorm, c.kernelNorm, c.relative],
        {
          rtol: 1e-9,
          label: `kernel ${c.kernel}`,
        },
      );
    }
  });

  it('the exp kernel gives El Karoui’s closed form: c₀ = f(0), c₁ = f′(0), c₂ = f(τ) − f(0) − τf′(0)', () => {
    const c = elKarouiCoefficients((_a, b) => Math.exp(b), { tau: 2, trSigma2OverP2: 0.01 });
    expectClose([c.c0, c.c1, c.c2, c.c0Correction], [1, 1, Math.exp(2) - 3, 0.005], { rtol: 1e-9 });
  });

  it('typed errors: τ ≤ 0, a non-finite g, a wrong M', () => {
    expect(() => elKarouiCoefficients((_a, b) => b, { tau: 0, trSigma2OverP2: 0 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => elKarouiCoefficients(() => Number.NaN, { tau: 1, trSigma2OverP2: 0 })).toThrow(
      /finite value/,
    );
    const X = fromArray([
      [1, 0],
      [0, 1],
    ]);
    expect(() =>
      elKarouiError(
        fromArray([[1]]),
        X,
        elKarouiCoefficients((_a, b) => b, { tau: 1, trSigma2OverP2: 0 }),
      ),
    ).toThrow(ShapeMismatchError);
  });
});

describe(`[${TEST_BACKEND}] el-karoui-linearization bound`, () => {
  it('evaluate: c’s and the equivalent linear ridge (λ + c₂)/c₁, status ok at the defaults', () => {
    const r = elKarouiLinearizationBound.evaluate(elKarouiLinearizationBound.defaults);
    expect(r.status).toBe('ok');
    expectClose(r.value!, (0.1 + Math.E - 2) / 1, { rtol: 1e-9 });
  });

  it('a norm-dependent kernel on Gaussian rows breaks norms-concentrate, with the reason', () => {
    const r = elKarouiLinearizationBound.evaluate(
      elKarouiLinearizationBound.validate({ kernel: 1, data: 0 }),
    );
    expect(r.status).toBe('assumption-broken');
    const a = r.assumptions.find((x) => x.id === 'norms-concentrate')!;
    expect(a.holds).toBe(false);
    expect(a.explanation).toMatch(/rank-two term/);
  });

  it('validate throws InvalidBoundInputError for bad and oversize inputs', () => {
    expect(() => elKarouiLinearizationBound.validate({ kernel: 4 })).toThrow(
      InvalidBoundInputError,
    );
    expect(() => elKarouiLinearizationBound.validate({ n: 1000 })).toThrow(
      /'n' is 1000; expected an integer ≥ 8 and ≤ 800/,
    );
  });

  it('the empirical check passes (n = 400, p = 200; smaller than the 1000×500 of https://overparam.dev/docs/theory/kernel-linearization#el-karoui-check) for exp on Gaussian data and the NTK on constant-norm data', async () => {
    for (const raw of [{}, { kernel: 2, data: 1, n: 300, p: 150 }]) {
      const r = await elKarouiLinearizationBound.empiricalCheck.run(
        elKarouiLinearizationBound.validate(raw),
      );
      expect(r.passes, r.details).toBe(true);
      const pts = r.series!.points;
      // The error shrinks with the size.
      expect(pts.at(-1)!.measured).toBeLessThan(pts[0]!.measured);
    }
  });

  it('with the assumption broken (RBF on Gaussian rows) the check fails: ‖M − K‖/‖M‖ ≈ 5% ≫ 2/p', async () => {
    const r = await elKarouiLinearizationBound.empiricalCheck.run(
      elKarouiLinearizationBound.validate({ kernel: 1, data: 0, n: 300, p: 150 }),
    );
    expect(r.passes).toBe(false);
    expect(r.measured).toBeGreaterThan(0.02);
  });

  it('the empirical check throws CheckAbortedError when aborted', () =>
    expectCheckAborts(elKarouiLinearizationBound, { n: 40, p: 20 }));
});
