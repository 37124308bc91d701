// The reliability suite of @overparam/bounds: every input that used to kill the process, hang,
// or return a wrong number (NaN, a negative risk) has a named spec here, and every exported
// formula is called with degenerate-but-valid inputs (zeros, one point, equal points, extreme
// parameters): each returns a finite documented value (or null, or +Infinity where that is the
// mathematical answer) or throws a typed OverparamError. The HMRT cancellation has its own
// specs in test/bounds/hmrt-ridge.test.ts; the registry rules (value null when an assumption
// breaks, evaluate validates) are in test/registry.test.ts.
import { sphereInputs } from '@overparam/datasets';
import {
  InvalidArgumentError,
  NonFiniteError,
  OverparamError,
  WorkBudgetError,
} from '@overparam/tensor';
import { identityRows, TEST_BACKEND, zeroRows } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  activationConstants,
  aroraComplexity,
  benignOverfitting,
  binaryKl,
  elKarouiCoefficients,
  elKarouiError,
  gaussianExpectation,
  gaussianKl,
  gramInfinity,
  hmrtOptimalGamma,
  hmrtOptimalLambda,
  hmrtRidgelessRisk,
  hmrtRidgeRisk,
  kernelRademacher,
  kernelRegimeResiduals,
  klInverseUpper,
  listBounds,
  marchenkoPasturCdf,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturStieltjes,
  marginBound,
  meiMontanariFixedPoint,
  meiMontanariPolynomials,
  meiMontanariRisk,
  pacBayesBound,
  quadraticGd,
  rampLoss,
  randomFeaturesSphereRisk,
  spikedPowerSpectrum,
} from '../src/index.js';

/** n points on the unit sphere of R^d (the harness's unitSphereInputs(n, d, seed)). */
function unitSphere(n: number, d: number, seed: number) {
  return sphereInputs({ n, d, dataSeed: seed, radius: 1 });
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return false;
  return true;
}

/** A = diag(4, 1): GD on ½θᵀAθ is stable iff η < 2/4 = 0.5. */
const DIAG_4_1 = [
  [4, 0],
  [0, 1],
];

describe(`[${TEST_BACKEND}] bounds reliability: work budgets`, () => {
  it('kernelRegimeResiduals refuses steps = Infinity with InvalidArgumentError and steps = 1e9 with WorkBudgetError before allocating', () => {
    const g = gramInfinity(unitSphere(6, 3, 0));
    const y = [1, -1, 1, -1, 1, -1];
    expect(() => kernelRegimeResiduals(g, y, 0.5, Number.POSITIVE_INFINITY)).toThrow(
      /kernelRegimeResiduals: steps is Infinity; expected an integer ≥ 0/,
    );
    const t0 = performance.now();
    expect(() => kernelRegimeResiduals(g, y, 0.5, 1e9)).toThrow(WorkBudgetError);
    expect(performance.now() - t0).toBeLessThan(100);
    // The budget is the caller's to raise: a small one refuses a modest run.
    expect(() => kernelRegimeResiduals(g, y, 0.5, 1000, { budget: { maxFlops: 1e3 } })).toThrow(
      WorkBudgetError,
    );
    expect(kernelRegimeResiduals(g, y, 0.5, 1000)).toHaveLength(1001);
  });

  it('quadraticGd refuses steps = 1e9 before iterating: above its step cap at d = 2, over the work budget (WorkBudgetError) at d = 40', () => {
    const A = DIAG_4_1;
    const t0 = performance.now();
    expect(() => quadraticGd({ A, theta0: [1, 1], learningRate: 0.45, steps: 1e9 })).toThrow(
      /quadraticGd: steps is 1000000000; expected an integer in \[0, 100000000\]/,
    );
    const big = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 40 }, (_, j) => (i === j ? 1 : 0)),
    );
    const theta0 = new Array<number>(40).fill(1);
    expect(() => quadraticGd({ A: big, theta0, learningRate: 0.5, steps: 1e8 })).toThrow(
      WorkBudgetError,
    );
    expect(performance.now() - t0).toBeLessThan(100);
    expect(() =>
      quadraticGd({ A, theta0: [1, 1], learningRate: 0.45, steps: Number.POSITIVE_INFINITY }),
    ).toThrow(InvalidArgumentError);
    // The budget is the caller's: a small one refuses a short run, the default lets it through.
    expect(() =>
      quadraticGd({
        A,
        theta0: [1, 1],
        learningRate: 0.45,
        steps: 1000,
        budget: { maxFlops: 1e3 },
      }),
    ).toThrow(WorkBudgetError);
    // Every mode decays like 0.9^k: after 1e5 steps the growth is below the smallest float64.
    expect(quadraticGd({ A, theta0: [1, 1], learningRate: 0.45, steps: 100_000 }).growth).toBe(0);
  });

  it('gramInfinity, randomFeaturesSphereRisk, spikedPowerSpectrum and the fixed point refuse oversize work with WorkBudgetError', () => {
    const X = unitSphere(50, 3, 1);
    expect(() => gramInfinity(X, { budget: { maxFlops: 1e5 } })).toThrow(WorkBudgetError);
    expect(() =>
      randomFeaturesSphereRisk({ d: 1000, N: 100_000, n: 100_000, lambda: 0.1, seed: 0 }),
    ).toThrow(WorkBudgetError);
    expect(() =>
      spikedPowerSpectrum({ p: 1e12, spikes: 1, spikeValue: 1, tailScale: 0.1, alpha: 0 }),
    ).toThrow(WorkBudgetError);
    expect(() =>
      meiMontanariFixedPoint(
        { psi1: 1, psi2: 2, zeta: 1.5, lambdaBar: 1 },
        { maxIterations: Number.POSITIVE_INFINITY },
      ),
    ).toThrow(/maxIterations is Infinity/);
    expect(() =>
      meiMontanariFixedPoint(
        { psi1: 1, psi2: 2, zeta: 1.5, lambdaBar: 1 },
        { maxIterations: 1e8, budget: { maxFlops: 1e6 } },
      ),
    ).toThrow(WorkBudgetError);
  });
});

describe(`[${TEST_BACKEND}] bounds reliability: degenerate but valid inputs`, () => {
  it('quadraticGd: growth is null, not NaN, from θ₀ = 0', () => {
    const r = quadraticGd({ A: DIAG_4_1, theta0: [0, 0], learningRate: 0.45, steps: 100 });
    expect(r.growth).toBeNull();
    expect(r.logGrowth).toBeNull();
    expect(r.sharpness).toBe(4);
    expect(r.threshold).toBe(0.5);
  });

  it('quadraticGd far above the threshold: growth overflows to +Infinity but logGrowth stays finite, never NaN', () => {
    const r = quadraticGd({ A: DIAG_4_1, theta0: [1, 1], learningRate: 10, steps: 5000 });
    // |1 − 10·4| = 39 per step: ‖θ_k‖/‖θ₀‖ ≈ 39^5000/√2, far beyond float64.
    expect(r.growth).toBe(Number.POSITIVE_INFINITY);
    expect(r.logGrowth!).toBeCloseTo(5000 * Math.log(39) + Math.log(Math.SQRT1_2), 6);
  });

  it('quadraticGd: A = 0 has threshold +Infinity (every step is stable); an indefinite A is rejected', () => {
    const zero = quadraticGd({
      A: [
        [0, 0],
        [0, 0],
      ],
      theta0: [1, 2],
      learningRate: 1,
      steps: 10,
    });
    expect(zero.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(zero.growth).toBe(1);
    expect(() =>
      quadraticGd({
        A: [
          [1, 0],
          [0, -1],
        ],
        theta0: [1, 1],
        learningRate: 0.1,
        steps: 10,
      }),
    ).toThrow(/positive semi-definite/);
  });

  it('randomFeaturesSphereRisk works at d = 1 (the sphere is {±1}): finite errors, not a NaN solve', () => {
    for (const lambda of [0, 0.1]) {
      const r = randomFeaturesSphereRisk({
        d: 1,
        N: 4,
        n: 5,
        lambda,
        nonlinearEnergy: 1,
        noiseVariance: 0.1,
        seed: 0,
      });
      expect(Number.isFinite(r.testError) && r.testError >= 0, `λ = ${lambda}`).toBe(true);
      expect(Number.isFinite(r.trainError) && r.trainError >= 0, `λ = ${lambda}`).toBe(true);
    }
    expect(() => randomFeaturesSphereRisk({ d: 1.5, N: 1, n: 1, lambda: 0, seed: 0 })).toThrow(
      /randomFeaturesSphereRisk: d is 1.5/,
    );
  });

  it('H^∞ of one point, of zero labels, and of equal points: documented values or typed errors, never NaN', () => {
    const one = gramInfinity([[1, 0, 0]]);
    expect(one.lambda0).toBe(0.5);
    expect(aroraComplexity(one, [2])).toBe(8);
    const g = gramInfinity(unitSphere(6, 3, 0));
    expect(aroraComplexity(g, [0, 0, 0, 0, 0, 0])).toBe(0);
    // Zero residuals with a divergent step: 0·(1 − ηλ)^k is 0, not 0·Infinity = NaN.
    const zeros = kernelRegimeResiduals(g, [0, 0, 0, 0, 0, 0], 50, 500);
    expect(zeros.every((v) => v === 0)).toBe(true);
    const diverging = kernelRegimeResiduals(g, [1, 0, 0, 0, 0, 0], 50, 500);
    expect(diverging.some((v) => Number.isNaN(v))).toBe(false);
    const equal = gramInfinity([
      [1, 0],
      [1, 0],
    ]);
    expect(() => aroraComplexity(equal, [1, 1])).toThrow(/parallel/);
    expect(() => aroraComplexity({ ...g, eigenvalues: new Float64Array(2) }, [1, 1])).toThrow(
      OverparamError,
    );
  });

  it('benignOverfitting: spectra of extreme magnitude (1e-300 … 1e308, 5e-324) give finite r_k and R_k', () => {
    for (const e of [
      [1e300, 1e300, 1e299],
      [1e-300, 1e-300],
      [1, 1e-200, 1e-200],
      [1e300, 1e-300],
      [Number.MIN_VALUE],
      [1.7e308, 1.7e308],
    ]) {
      const q = benignOverfitting(e, { n: 1 });
      expect(allFinite(q.r) && allFinite(q.R), JSON.stringify(e)).toBe(true);
      expect(q.r0, JSON.stringify(e)).toBeGreaterThanOrEqual(1);
    }
    expect(Array.from(benignOverfitting([1e300, 1e300], { n: 1 }).R)).toEqual([2, 1]);
    expect(() =>
      spikedPowerSpectrum({ p: 3, spikes: 1, spikeValue: Number.NaN, tailScale: 1, alpha: 0 }),
    ).toThrow(/spikeValue is NaN/);
  });

  it('elKarouiError of M = 0 is 0 (K = 0) or +Infinity (K ≠ 0), not 0/0; elKarouiCoefficients rejects a g that is NaN at (τ, τ, τ)', () => {
    const X = identityRows(2);
    const M = zeroRows(2);
    const zero = { c0: 0, c0Correction: 0, c1: 0, c2: 0, d2: 0 };
    expect(elKarouiError(M, X, zero).relative).toBe(0);
    expect(elKarouiError(M, X, { ...zero, c2: 1 }).relative).toBe(Number.POSITIVE_INFINITY);
    expect(() => elKarouiError([[Number.NaN, 0], M[1]!], X, zero)).toThrow(NonFiniteError);
    const g = (_a: number, b: number) => (b > 0.5 ? Number.NaN : Math.exp(b));
    expect(() => elKarouiCoefficients(g, { tau: 1, trSigma2OverP2: 0.01 })).toThrow(
      /elKarouiCoefficients: g\(τ, b, τ\) is NaN; expected a finite value at b = τ/,
    );
  });

  it('Marchenko–Pastur functions at extreme inputs: NaN x is a typed error; a tiny s² neither underflows nor gives 0/0', () => {
    expect(() => marchenkoPasturCdf(Number.NaN, 0.5)).toThrow(/marchenkoPasturCdf: x is NaN/);
    expect(() => marchenkoPasturDensity(Number.NaN, 0.5)).toThrow(InvalidArgumentError);
    expect(marchenkoPasturCdf(Number.POSITIVE_INFINITY, 0.5)).toBe(1);
    expect(marchenkoPasturCdf(Number.NEGATIVE_INFINITY, 0.5)).toBe(0);
    // F at the centre of the support does not depend on s².
    const s2 = 1e-300;
    const { lower, upper } = marchenkoPasturEdges(0.5, s2);
    const mid = (lower + upper) / 2;
    expect(marchenkoPasturCdf(mid, 0.5, s2)).toBeCloseTo(marchenkoPasturCdf(1.5, 0.5), 12);
    expect(Number.isFinite(marchenkoPasturDensity(mid, 0.5, s2))).toBe(true);
    expect(marchenkoPasturDensity(mid, 0.5, s2)).toBeGreaterThan(0);
    // m stays finite down to the smallest λ for γ < 1; for γ > 1 m′ overflows (documented).
    expect(marchenkoPasturStieltjes(Number.MIN_VALUE, 0.5).m).toBeCloseTo(2, 12);
    const big = marchenkoPasturStieltjes(1e-300, 2);
    expect(big.m).toBeCloseTo(0.5e300, -288);
    expect(big.dm).toBe(Number.POSITIVE_INFINITY);
    // γ and λ of size 1e300: hypot, no overflow of b².
    const huge = hmrtRidgeRisk({ gamma: 1e300, signal: 1, noise: 1 }, 1);
    expect(huge.risk).toBeCloseTo(1, 12); // the null risk r²
    expect(hmrtRidgeRisk({ gamma: 0.5, signal: 1, noise: 1 }, 1e300).risk).toBeCloseTo(1, 12);
  });

  it('HMRT helpers: γ = 1 is +Infinity (the interpolation peak) only with noise; no noise gives no optimum', () => {
    expect(hmrtRidgelessRisk({ gamma: 1, signal: 1, noise: 0.25 }).risk).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(hmrtRidgelessRisk({ gamma: 1, signal: 1, noise: 0 }).risk).toBe(0);
    expect(hmrtOptimalGamma({ gamma: 2, signal: 1, noise: 0 })).toBeNull();
    expect(hmrtOptimalLambda({ gamma: 2, signal: 0, noise: 1 })).toBeNull();
    expect(() => hmrtRidgeRisk({ gamma: 2, signal: 1, noise: Number.NaN }, 1)).toThrow(
      /hmrtRidgeRisk: noise is NaN/,
    );
  });

  it('Mei–Montanari: the ridgeless peak is +Infinity (or 0 with no signal and no noise); an overflowing χ is a typed error', () => {
    const { zeta, muStar2 } = activationConstants('relu');
    const base = { psi1: 2, psi2: 2, lambda: 0, zeta, muStar2, nonlinearEnergy: 0 };
    expect(meiMontanariRisk({ ...base, linearEnergy: 1, noiseVariance: 0 }).testError).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(meiMontanariRisk({ ...base, linearEnergy: 0, noiseVariance: 0 }).testError).toBe(0);
    expect(() => meiMontanariPolynomials(-1e100, 1, 1, 1)).toThrow(/chi is -1e\+100/);
    expect(() => meiMontanariPolynomials(Number.NaN, 1, 1, 1)).toThrow(InvalidArgumentError);
  });

  it('PAC-Bayes: λ below float64 (j/b > 745) keeps a finite union term; δ = 5e-324 a finite confidence term; b = 0 is a typed error', () => {
    const far = pacBayesBound({ m: 1000, kl: 10, empiricalError: 0.1, j: 100_000, b: 100 });
    expect(far.lambda).toBe(0);
    expect(far.unionTerm).toBeCloseTo(2 * Math.log(100_000), 12);
    expect(Number.isFinite(far.bound) && far.bound <= 1).toBe(true);
    const tiny = pacBayesBound({
      m: 1000,
      kl: 10,
      empiricalError: 0.1,
      j: 1,
      delta: Number.MIN_VALUE,
    });
    expect(Number.isFinite(tiny.confidenceTerm)).toBe(true);
    expect(() => pacBayesBound({ m: 1000, kl: 10, empiricalError: 0.1, j: 1, b: 0 })).toThrow(
      /pacBayesBound: b is 0/,
    );
    expect(() =>
      pacBayesBound({ m: 1000, kl: 10, empiricalError: 0.1, j: 1, samples: 10, deltaPrime: 0 }),
    ).toThrow(/deltaPrime is 0/);
    expect(binaryKl(0, 0)).toBe(0);
    expect(klInverseUpper(0.2, Number.POSITIVE_INFINITY)).toBe(1);
    expect(gaussianKl({ mean: [], variances: [], priorMean: [], priorVariance: 1 })).toBe(0);
    expect(() =>
      gaussianKl({ mean: [Number.NaN], variances: [1], priorMean: [0], priorVariance: 1 }),
    ).toThrow(NonFiniteError);
  });

  it('Rademacher pieces: ρ = 0 in the ramp loss and δ = 5e-324 in the margin bound give a typed error and a finite term, not NaN', () => {
    expect(() => rampLoss(0, 0)).toThrow(/rampLoss: rho is 0/);
    expect(() => rampLoss(Number.NaN, 1)).toThrow(InvalidArgumentError);
    expect(rampLoss(Number.POSITIVE_INFINITY, 1)).toBe(0);
    const r = marginBound({
      m: 100,
      marginLoss: 0.1,
      rho: 1,
      rademacher: 0.1,
      delta: Number.MIN_VALUE,
    });
    expect(Number.isFinite(r.confidence)).toBe(true);
    expect(() => kernelRademacher({ m: 0, traceK: 1, normBound: 1 })).toThrow(/m is 0/);
    expect(() => gaussianExpectation((x) => x, { kinks: [Number.NaN] })).toThrow(NonFiniteError);
  });
});

describe(`[${TEST_BACKEND}] bounds reliability: every bound at the ends of every input's range`, () => {
  it('evaluate() at each input’s min, max (and the smallest positive number for an open min) gives finite-or-null numbers with notes, or a typed error', () => {
    const problems: string[] = [];
    const finiteOrNull = (v: unknown) =>
      v === null || (typeof v === 'number' && Number.isFinite(v));
    let evaluated = 0;
    for (const b of listBounds()) {
      const cases: Record<string, unknown>[] = [{}];
      for (const s of b.inputs) {
        if (s.type === 'choice') for (const c of s.choices ?? []) cases.push({ [s.key]: c });
        if (s.type !== 'number' && s.type !== 'integer') continue;
        if (s.min !== undefined) {
          if (!s.exclusiveMin) cases.push({ [s.key]: s.min });
          else if (s.type === 'integer') cases.push({ [s.key]: s.min + 1 });
          else cases.push({ [s.key]: s.min + Number.MIN_VALUE }, { [s.key]: s.min + 1e-9 });
        }
        if (s.max !== undefined) cases.push({ [s.key]: s.max });
      }
      for (const raw of cases) {
        const at = `${b.id} ${JSON.stringify(raw)}`;
        let e: ReturnType<typeof b.evaluate>;
        try {
          e = b.evaluate(raw);
        } catch (error) {
          if (!(error instanceof OverparamError)) problems.push(`${at} threw ${String(error)}`);
          continue;
        }
        evaluated++;
        if (!finiteOrNull(e.value)) problems.push(`${at}: value ${e.value}`);
        if (!finiteOrNull(e.formulaValue)) problems.push(`${at}: formulaValue ${e.formulaValue}`);
        if (e.status === 'assumption-broken' && e.value !== null)
          problems.push(`${at}: broken, value ${e.value}`);
        for (const t of e.terms) {
          if (!finiteOrNull(t.value)) problems.push(`${at}: term ${t.id} ${t.value}`);
          if (t.value === null && !t.note) problems.push(`${at}: term ${t.id} null without a note`);
        }
        for (const a of e.assumptions) {
          if (typeof a.value === 'number' && !Number.isFinite(a.value))
            problems.push(`${at}: assumption ${a.id} checked ${a.value}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(evaluated).toBeGreaterThan(100);
  });
});
