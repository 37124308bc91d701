// Regressions of the reliability defects of @overparam/bounds (test/reliability/known-defects.json
// listed them until they were fixed), one describe per class of fix:
//   1. the bound plumbing checks what it is given (defineBound's definition, validateInputs'
//      specs, checkAssumptions' list) and throws InvalidArgumentError, not a TypeError;
//   2. arguments of the helpers are checked (checkRunner's fraction, activationConstants'
//      options, resolveActivation's kinks);
//   3. an explicit null option is a bad input, never "use the default";
//   4. no overflow to ±Infinity or NaN where the true result is representable (values from
//      test/fixtures/extreme-inputs.py, mpmath at 1000 digits), and a typed error where it is not.
import { InvalidArgumentError, OverparamError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  activationConstants,
  aroraComplexity,
  checkAssumptions,
  checkRunner,
  defineBound,
  gaussianExpectation,
  gaussianKl,
  gramInfinity,
  hmrtOptimalGamma,
  hmrtOptimalLambda,
  hmrtRidgelessRisk,
  hmrtRidgeRisk,
  marchenkoPasturBound,
  meiMontanariFixedPoint,
  meiMontanariRisk,
  randomFeaturesSphereRisk,
  resolveActivation,
  validateInputs,
} from '../src/index.js';
import fixtureJson from './fixtures/extreme-inputs.json' with { type: 'json' };

interface Fixture {
  hmrtRidge: {
    gamma: number;
    lambda: number;
    signal: number;
    noise: number;
    bias: number;
    variance: number;
    risk: number;
  }[];
  gaussianKl: {
    mean: number[];
    variances: number[];
    priorMean: number[];
    priorVariance: number;
    kl: number;
  }[];
}
const fixture = fixtureJson as Fixture;

/** mpmath against float64 formulas without cancellation: a few roundings. */
const EXTREME_RTOL = 1e-12;
/** Below this a fixture value is compared in absolute terms (float64 has lost digits there). */
const SUBNORMAL_FLOOR = 1e-290;

/** The parts of a registered bound, as a definition for defineBound. */
function definitionOf(): Record<string, unknown> {
  const { evaluate: _evaluate, empiricalCheck, ...rest } = marchenkoPasturBound;
  return {
    ...rest,
    formula: () => ({ value: 1, valueLabel: 'v', terms: [], caveats: [] }),
    empiricalCheck: {
      description: empiricalCheck.description,
      seed: 0,
      run: async () => ({ passes: true, relation: '=', predicted: 1, measured: 1, details: '' }),
    },
  };
}

describe(`[${TEST_BACKEND}] bound plumbing refuses malformed definitions, specs and assumption lists`, () => {
  it('defineBound throws InvalidArgumentError naming the part: null, no formula, formula 42, no validate, empiricalCheck null, assumptions "x"', () => {
    expect(() => defineBound(null as never)).toThrow(/defineBound: definition is null/);
    const cases: [string, (d: Record<string, unknown>) => void, RegExp][] = [
      ['no formula', (d) => delete d.formula, /definition\.formula is undefined/],
      ['formula 42', (d) => (d.formula = 42), /definition\.formula is 42; expected a function/],
      ['no validate', (d) => delete d.validate, /definition\.validate is undefined/],
      ['no check', (d) => (d.empiricalCheck = null), /definition\.empiricalCheck is null/],
      ['check.run 1', (d) => (d.empiricalCheck = { run: 1 }), /empiricalCheck\.run is 1/],
      ['assumptions x', (d) => (d.assumptions = 'x'), /definition\.assumptions is 'x'/],
      ['assumption null', (d) => (d.assumptions = [null]), /definition\.assumptions\[0\] is null/],
    ];
    for (const [label, spoil, message] of cases) {
      const d = definitionOf();
      spoil(d);
      expect(() => defineBound(d as never), label).toThrow(InvalidArgumentError);
      expect(() => defineBound(d as never), label).toThrow(message);
    }
    // The untouched definition still makes a working bound.
    expect(defineBound(definitionOf() as never).evaluate({}).formulaValue).toBe(1);
  });

  it('validateInputs throws InvalidArgumentError for specs null, "x", 42, {}, [null] and [{}] (was a TypeError from specs.map)', () => {
    for (const specs of [null, 'x', 42, {}, [null], [{}], [{ key: 'a', type: 'choice' }]]) {
      expect(() => validateInputs('x', specs as never, { a: 1 }), String(specs)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => validateInputs('x', null as never, {})).toThrow(
      /validateInputs: specs is null; expected an array of InputSpecs/,
    );
    expect(validateInputs('x', [], {})).toEqual({});
  });

  it('checkAssumptions throws InvalidArgumentError for a list null, "x", [null], [{}] or [{ id, check: 42 }] (was a TypeError)', () => {
    for (const list of [null, 'x', 42, [null], [{}], [{ id: 'a', check: 42 }]]) {
      expect(() => checkAssumptions(list as never, {}), JSON.stringify(list)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => checkAssumptions([{ id: 'a', check: 42 }] as never, {})).toThrow(
      /checkAssumptions: assumptions\[0\]\.check is 42; expected a function/,
    );
    expect(checkAssumptions([], {})).toEqual({ assumptions: [], status: 'ok' });
  });
});

describe(`[${TEST_BACKEND}] helper arguments are checked`, () => {
  it('checkRunner()(fraction) rejects "x", null, {} and NaN with InvalidArgumentError (was reported as NaN) and clamps numbers to [0, 1]', async () => {
    const seen: number[] = [];
    const step = checkRunner('demo', { onProgress: (f) => seen.push(f) });
    for (const bad of ['x', null, {}, Number.NaN]) {
      await expect(step(bad as never), String(bad)).rejects.toThrow(InvalidArgumentError);
    }
    await expect(step('x' as never)).rejects.toThrow(/demo empiricalCheck\.run: fraction is 'x'/);
    await step(-1);
    await step(0.5);
    await step(2);
    expect(seen).toEqual([0, 0.5, 1]);
  });

  it('activationConstants checks its options: "x", null, nodes 0, 1.5 or 1e9 throw InvalidArgumentError even for ReLU (whose kinks select the piecewise rule)', () => {
    for (const options of ['x', null, 42, { nodes: 0 }, { nodes: 1.5 }, { nodes: 1e9 }]) {
      expect(() => activationConstants('relu', options as never), JSON.stringify(options)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => activationConstants('relu', { nodes: 0 })).toThrow(/nodes is 0/);
    // Valid options give the same numbers as before.
    const relu = activationConstants('relu');
    expect(activationConstants('relu', {})).toEqual(relu);
    expect(activationConstants('relu', { nodes: 40 })).toEqual(relu);
    expectClose(relu.mu1, 0.5, { rtol: 1e-14 });
  });

  it('resolveActivation refuses kinks that are not a list of finite numbers ("x", null, [NaN]) and a label that is not a string', () => {
    const fn = (u: number) => u;
    for (const kinks of ['x', null, [Number.NaN], ['a']]) {
      // NaN is tensor's NonFiniteError, the rest InvalidArgumentError: both typed.
      expect(() => resolveActivation({ fn, kinks } as never), JSON.stringify(kinks)).toThrow(
        OverparamError,
      );
    }
    expect(() => resolveActivation({ fn, kinks: 'x' } as never)).toThrow(
      /resolveActivation: activation\.kinks is 'x'/,
    );
    expect(() => resolveActivation({ fn, label: 42 } as never)).toThrow(/activation\.label is 42/);
    expect(resolveActivation({ fn }).kinks).toEqual([]);
    expect(resolveActivation({ fn, kinks: [0, 1] }).kinks).toEqual([0, 1]);
  });
});

describe(`[${TEST_BACKEND}] an explicit null option is a bad input, not the default`, () => {
  const mm = {
    psi1: 2,
    psi2: 3,
    lambda: 0,
    zeta: 1.5,
    muStar2: 0.5,
    linearEnergy: 1,
    nonlinearEnergy: 0,
    noiseVariance: 0,
  };
  const rf = { d: 2, N: 3, n: 3, nTest: 5, lambda: 0.1, seed: 0 };

  it('hmrtRidgelessRisk, hmrtRidgeRisk, hmrtOptimalGamma and hmrtOptimalLambda refuse misspecification: null (left out, it is 0)', () => {
    const model = { gamma: 2, signal: 1, noise: 0.25, misspecification: null } as never;
    expect(() => hmrtRidgelessRisk(model)).toThrow(/hmrtRidgelessRisk: misspecification is null/);
    expect(() => hmrtRidgeRisk(model, 1)).toThrow(InvalidArgumentError);
    expect(() => hmrtOptimalGamma(model)).toThrow(InvalidArgumentError);
    expect(() => hmrtOptimalLambda(model)).toThrow(InvalidArgumentError);
    expect(hmrtRidgelessRisk({ gamma: 2, signal: 1, noise: 0.25 })).toEqual({
      risk: 0.75,
      bias: 0.5,
      variance: 0.25,
    });
  });

  it('meiMontanariRisk refuses options null, true or 42 on the ridgeless branch too; the fixed point refuses damping, tolerance, maxIterations null', () => {
    for (const options of [null, true, 42, 'x']) {
      expect(() => meiMontanariRisk(mm, options as never), String(options)).toThrow(
        /meiMontanariRisk: options is/,
      );
    }
    expect(meiMontanariRisk(mm, undefined).testError).toBe(meiMontanariRisk(mm, {}).testError);
    const p = { psi1: 1, psi2: 2, zeta: 1, lambdaBar: 1 };
    for (const key of ['damping', 'tolerance', 'maxIterations']) {
      expect(() => meiMontanariFixedPoint(p, { [key]: null } as never), key).toThrow(
        new RegExp(`meiMontanariFixedPoint: ${key} is null`),
      );
    }
  });

  it('randomFeaturesSphereRisk refuses null for nTest, activation and each energy (was taken as the default)', () => {
    for (const key of ['nTest', 'activation', 'linearEnergy', 'nonlinearEnergy', 'noiseVariance']) {
      expect(() => randomFeaturesSphereRisk({ ...rf, [key]: null } as never), key).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => randomFeaturesSphereRisk({ ...rf, nonlinearEnergy: null } as never)).toThrow(
      /randomFeaturesSphereRisk: nonlinearEnergy is null/,
    );
    // Keys left out still take their defaults.
    expect(randomFeaturesSphereRisk(rf)).toEqual(
      randomFeaturesSphereRisk({
        ...rf,
        activation: 'relu',
        linearEnergy: 1,
        nonlinearEnergy: 0,
        noiseVariance: 0,
      }),
    );
  });

  it('gaussianExpectation and activationConstants refuse kinks: null and nodes: null', () => {
    const f = (x: number) => x * x;
    expect(() => gaussianExpectation(f, { kinks: null } as never)).toThrow(/kinks is null/);
    expect(() => gaussianExpectation(f, { nodes: null } as never)).toThrow(/nodes is null/);
    expect(() => activationConstants('tanh', { kinks: null } as never)).toThrow(/kinks is null/);
    expectClose(gaussianExpectation(f), 1, { rtol: 1e-14 });
  });
});

describe(`[${TEST_BACKEND}] no overflow where the result is representable`, () => {
  it('hmrtRidgeRisk matches mpmath for γ, λ from 1e-300 to 1e308 and r² up to 1e300 (γ = λ = r² = 1e300 was NaN)', () => {
    const problems: string[] = [];
    for (const c of nonEmpty(fixture.hmrtRidge, 'fixture.hmrtRidge')) {
      const r = hmrtRidgeRisk(c, c.lambda);
      for (const key of ['bias', 'variance', 'risk'] as const) {
        const want = c[key];
        const got = r[key];
        const ok =
          Number.isFinite(got) &&
          got >= 0 &&
          (Math.abs(want) > SUBNORMAL_FLOOR
            ? Math.abs(got - want) <= EXTREME_RTOL * want
            : Math.abs(got - want) <= SUBNORMAL_FLOOR * EXTREME_RTOL);
        if (!ok) problems.push(`γ = ${c.gamma}, λ = ${c.lambda}, ${key}: ${got}, want ${want}`);
      }
    }
    expect(problems).toEqual([]);
    const r = hmrtRidgeRisk({ gamma: 1e300, signal: 1e300, noise: 0 }, 1e300);
    expectClose(r.risk, 1e300, { rtol: EXTREME_RTOL });
  });

  it('gaussianKl matches mpmath where s/λ underflows (s = 1e-300, λ = 1e300: 692.27…, was +∞), is below 1e-16, or a mean gap squares out of range', () => {
    for (const c of nonEmpty(fixture.gaussianKl, 'fixture.gaussianKl')) {
      expectClose(gaussianKl(c), c.kl, { rtol: EXTREME_RTOL, label: JSON.stringify(c) });
    }
    expectClose(
      gaussianKl({ mean: [1e150], variances: [1e-300], priorMean: [-1e150], priorVariance: 1e300 }),
      692.2755278982137,
      { rtol: EXTREME_RTOL },
    );
    // A KL beyond float64 is a typed error, never +∞.
    expect(() =>
      gaussianKl({ mean: [0], variances: [1e300], priorMean: [0], priorVariance: 1e-300 }),
    ).toThrow(/gaussianKl: KL\(Q‖P\) is Infinity/);
  });

  it('aroraComplexity is finite when a square (vᵀy)² overflows but yᵀ(H^∞)⁻¹y does not, and a typed error (not +∞) when it exceeds float64 (|y| = 1e300)', () => {
    // Four unit vectors at small angles: λ_max(H^∞) ≈ 1.9 > 1, so (2^512·v_max)ᵀ(H^∞)⁻¹(2^512·v_max)
    // = 2^1024/λ_max is representable although its square 2^1024 is not.
    const X = [0, 0.05, 0.1, 0.15].map((t) => [Math.cos(t), Math.sin(t)]);
    const g = gramInfinity(X);
    const n = X.length;
    expect(g.lambdaMax).toBeGreaterThan(1);
    const top = Array.from({ length: n }, (_, i) => g.eigenvectors.data[i * n + n - 1] as number);
    const base = aroraComplexity(g, top);
    const big = aroraComplexity(
      g,
      top.map((v) => v * 2 ** 512),
    );
    expect(Number.isFinite(big)).toBe(true);
    // Scaling by a power of two is exact: the result is 2^1024 times the unscaled one.
    expectClose(big / 2 ** 512 / 2 ** 512, base, { rtol: EXTREME_RTOL });
    // y = [1e300, 1e-300] on orthonormal inputs: yᵀ(H^∞)⁻¹y = 2e600 is beyond float64.
    const orthonormal = gramInfinity([
      [1, 0],
      [0, 1],
    ]);
    expect(() => aroraComplexity(orthonormal, [1e300, 1e-300])).toThrow(
      /aroraComplexity: yᵀ\(H\^∞\)⁻¹y is Infinity; expected a value within float64/,
    );
    expect(aroraComplexity(orthonormal, [1, 1])).toBe(4);
  });
});
