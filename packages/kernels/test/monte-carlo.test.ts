import {
  createRng,
  gram,
  InvalidArgumentError,
  type Matrix64,
  NonFiniteError,
} from '@overparam/tensor';
import { MC_RTOL, relativeError, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { arcCosineKernel, monteCarloKernel, randomArcCosineFeatures } from '../src/index.js';

// The Monte-Carlo checks are float64 CPU code that never touches tfjs: they run once, in the
// cpu project. (The empirical kernels of finite networks are @overparam/train's
// empiricalNtkF64, checked there against fcKernel with this monteCarloKernel.)
// Registered only in the cpu project, so other projects neither run nor report them as skipped.
const cpuOnly = (name: string, body: () => void): void => {
  if (TEST_BACKEND === 'cpu') describe(name, body);
};

const rng = createRng(21);
const X = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => rng.normal()));
X.push(
  X[0]!.map((v) => 2 * v),
  X[1]!.map((v) => -v),
);

cpuOnly('Monte-Carlo limits (float64)', () => {
  it.each([0, 1, 2] as const)(
    'random features of order %i estimate the arc-cosine kernel within 4% at N = 1024 × 32',
    (order) => {
      const { mean } = monteCarloKernel(
        (s) =>
          gram(randomArcCosineFeatures(X, { order, features: 1024, featureSeed: 100 + s }), {
            form: 'AAt',
          }),
        { samples: 32 },
      );
      const err = relativeError(mean, arcCosineKernel({ order }).f64(X));
      expect(err).toBeLessThan(MC_RTOL);
    },
  );
});

// Cheap float64 specs with no tfjs: registered in every project (so each has a suite here).
describe(`monteCarloKernel and randomArcCosineFeatures: exact cases and typed errors [${TEST_BACKEND}]`, () => {
  it('monteCarloKernel: mean and standard error of constant estimates; typed errors', () => {
    const one: Matrix64 = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    const r = monteCarloKernel(() => one, { samples: 5 });
    expect(Array.from(r.mean.data)).toEqual([1, 2]);
    expect(Array.from(r.stdError.data)).toEqual([0, 0]);
    expect(() => monteCarloKernel(() => one, { samples: 0 })).toThrow(InvalidArgumentError);
    expect(() => monteCarloKernel(() => [[1, Number.NaN]], { samples: 2 })).toThrow(NonFiniteError);
    expect(() =>
      randomArcCosineFeatures(X, { order: 3 as 1, features: 10, featureSeed: 1 }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      randomArcCosineFeatures(X, { features: 10, seed: 1 } as unknown as {
        features: number;
        featureSeed: number;
      }),
    ).toThrow(/featureSeed is undefined/);
  });
});
