// Regression tests for the reliability suite's tensor defects (test/reliability): each class of
// bad argument is refused with a typed error through the input layer, and undefined still
// means "defaults".
import { describe, expect, it } from 'vitest';
import {
  asSymmetricMatrix64,
  assertFiniteEntries,
  assertWorkBudget,
  cholesky,
  cond,
  eigh,
  eigvalsh,
  fromArray,
  gemmBenchmark,
  gram,
  InvalidArgumentError,
  identity,
  initBackend,
  lstsqMinNorm,
  matmul,
  pinv,
  randomNormal,
  randomUniform,
  solveSpd,
  solveTriangular,
  toArray,
  WorkBudgetError,
  zeros,
} from '../../src/index.js';

const spd = fromArray([
  [4, 2],
  [2, 5],
]);
const rhs = fromArray([[1], [2]]);
const notOptions: unknown[] = [null, 'x', 42, [], true, Symbol('s')];

/** The float64 routines that take options, each called with the options under test. */
const withOptions: [string, (o: unknown) => unknown][] = [
  ['cholesky', (o) => cholesky(spd, o as never)],
  ['eigh', (o) => eigh(spd, o as never)],
  ['eigvalsh', (o) => eigvalsh(spd, o as never)],
  ['gram', (o) => gram(spd, o as never)],
  ['lstsqMinNorm', (o) => lstsqMinNorm(spd, rhs, o as never)],
  ['pinv', (o) => pinv(spd, o as never)],
  ['solveSpd', (o) => solveSpd(spd, rhs, o as never)],
  ['solveTriangular', (o) => solveTriangular(spd, rhs, o as never)],
  ['zeros', (o) => zeros(2, 2, o as never)],
  ['identity', (o) => identity(2, o as never)],
  ['asSymmetricMatrix64', (o) => asSymmetricMatrix64('asSymmetricMatrix64', 'K', spd, o as never)],
];

describe('argument checks', () => {
  it('cholesky, eigh, eigvalsh, gram, lstsqMinNorm, pinv, solveSpd, solveTriangular, zeros, identity and asSymmetricMatrix64 reject null and non-object options with InvalidArgumentError', () => {
    for (const [name, call] of withOptions) {
      for (const o of notOptions) {
        expect(() => call(o), `${name}(${String(o)})`).toThrow(InvalidArgumentError);
      }
      expect(() => call(null), name).toThrow(new RegExp(`${name}: options is null`));
      // undefined and {} are the defaults, with the same numbers.
      expect(call(undefined), name).toEqual(call({}));
    }
  });

  it('cond, matmul, lstsqMinNorm, solveSpd and solveTriangular reject a null or non-object matrix with InvalidArgumentError', () => {
    for (const bad of [null, undefined, 42, 'x']) {
      const A = bad as never;
      expect(() => cond(A)).toThrow(/cond: A is/);
      expect(() => matmul(spd, A)).toThrow(/matmul: B is/);
      expect(() => matmul(A, spd)).toThrow(InvalidArgumentError);
      expect(() => lstsqMinNorm(spd, A)).toThrow(/lstsqMinNorm: B is/);
      expect(() => solveSpd(spd, A)).toThrow(InvalidArgumentError);
      expect(() => solveTriangular(A, rhs)).toThrow(InvalidArgumentError);
    }
  });

  it('cholesky, eigh, eigvalsh, solveSpd and asSymmetricMatrix64 reject a symmetryTolerance that is null, a numeric string or negative; Infinity still skips the check', () => {
    const asymmetric = fromArray([
      [4, 1],
      [2, 5],
    ]);
    const calls: [string, (o: object) => unknown][] = [
      ['cholesky', (o) => cholesky(asymmetric, o)],
      ['eigh', (o) => eigh(asymmetric, o)],
      ['eigvalsh', (o) => eigvalsh(asymmetric, o)],
      ['solveSpd', (o) => solveSpd(asymmetric, rhs, o)],
      ['asSymmetricMatrix64', (o) => asSymmetricMatrix64('op', 'K', asymmetric, o)],
    ];
    for (const [name, call] of calls) {
      for (const t of [null, '1e-10', {}, -1, Number.NaN]) {
        expect(() => call({ symmetryTolerance: t }), `${name} ${String(t)}`).toThrow(
          /symmetryTolerance is/,
        );
      }
      expect(() => call({ symmetryTolerance: Infinity }), name).not.toThrow();
    }
    expect(() => asSymmetricMatrix64('op', 'K', spd, { checkFinite: 1 as never })).toThrow(
      /checkFinite is 1/,
    );
  });

  it('solveTriangular rejects lower, transpose and unitDiagonal that are not booleans', () => {
    const T = fromArray([
      [2, 0],
      [1, 1],
    ]);
    for (const key of ['lower', 'transpose', 'unitDiagonal']) {
      for (const v of [0, 1, 'true', null, {}, []]) {
        expect(() => solveTriangular(T, rhs, { [key]: v } as never), `${key}: ${v}`).toThrow(
          new RegExp(`solveTriangular: ${key} is`),
        );
      }
    }
    expect(toArray(solveTriangular(T, fromArray([[2], [3]]), { lower: true }))).toEqual([[1], [2]]);
  });

  it('lstsqMinNorm, pinv and solveSpd reject non-number rcond and jitter without coercion', () => {
    for (const v of [null, '0', true, Number.NaN, Infinity, -1]) {
      expect(() => lstsqMinNorm(spd, rhs, { rcond: v as never })).toThrow(InvalidArgumentError);
      expect(() => pinv(spd, { rcond: v as never })).toThrow(/pinv: rcond is/);
      expect(() => solveSpd(spd, rhs, { jitter: v as never })).toThrow(/solveSpd: jitter is/);
    }
    expect(() => gram(spd, { form: 'AtB' as never })).toThrow(/gram: form is 'AtB'/);
  });

  it('assertFiniteEntries rejects data that is not an array or typed array with InvalidArgumentError', () => {
    for (const data of [null, undefined, {}, 42, 'x']) {
      expect(() => assertFiniteEntries('op', 'X', data as never, 1), String(data)).toThrow(
        InvalidArgumentError,
      );
    }
    expect(() => assertFiniteEntries('op', 'X', Float64Array.of(1, 2), 1.5)).toThrow(
      InvalidArgumentError,
    );
    expect(() => assertFiniteEntries('op', 'X', [1, 2], 1)).not.toThrow();
    expect(() => assertFiniteEntries('op', 'X', Float64Array.of(1, Number.NaN), 2)).toThrow(
      /X\[0\]\[1\] is NaN/,
    );
  });

  it('assertWorkBudget rejects an estimate that is not an options object, or non-number flops/bytes, with InvalidArgumentError', () => {
    for (const estimate of [null, undefined, 'x', 42, []]) {
      expect(() => assertWorkBudget('op', estimate as never), String(estimate)).toThrow(
        /op: estimate is/,
      );
    }
    expect(() => assertWorkBudget('op', { flops: null as never })).toThrow(/estimate.flops/);
    expect(() => assertWorkBudget('op', { bytes: '1' as never })).toThrow(/estimate.bytes/);
    // Numbers that are not finite are still over any budget.
    expect(() => assertWorkBudget('op', { flops: Number.NaN })).toThrow(WorkBudgetError);
    expect(() => assertWorkBudget('op', {})).not.toThrow();
  });

  it('randomNormal and randomUniform reject null or missing options and refuse a 1e18-entry shape with WorkBudgetError before allocating', () => {
    for (const o of [null, undefined, 'x', 42, []]) {
      expect(() => randomNormal([2], o as never), String(o)).toThrow(/randomNormal: options is/);
      expect(() => randomUniform([2], o as never), String(o)).toThrow(/randomUniform: options is/);
    }
    for (const shape of [null, 'x', 42, {}]) {
      expect(() => randomNormal(shape as never, { seed: 0 })).toThrow(InvalidArgumentError);
    }
    for (const shape of [[1e9, 1e9], [1e12]]) {
      expect(() => randomNormal(shape, { seed: 0 })).toThrow(WorkBudgetError);
      expect(() => randomUniform(shape, { seed: 0 })).toThrow(WorkBudgetError);
    }
    expect(() => randomNormal([100], { seed: 0, budget: { maxBytes: 100 } })).toThrow(
      WorkBudgetError,
    );
    for (const v of [null, '1', true]) {
      expect(() => randomNormal([2], { seed: 0, std: v as never })).toThrow(/std is/);
      expect(() => randomUniform([2], { seed: 0, low: v as never })).toThrow(/low is/);
    }
  });

  it('gemmBenchmark refuses sizes × repeats over the work budget (repeats up to 2^53) and malformed options before the first multiply', async () => {
    for (const repeats of [Number.MAX_SAFE_INTEGER, 1e12, 1e9]) {
      await expect(gemmBenchmark({ sizes: [4], repeats })).rejects.toThrow(WorkBudgetError);
    }
    await expect(gemmBenchmark({ sizes: [1e5], repeats: 1 })).rejects.toThrow(WorkBudgetError);
    await expect(
      gemmBenchmark({ sizes: [16], repeats: 1, budget: { maxFlops: 10 } }),
    ).rejects.toThrow(WorkBudgetError);
    for (const o of [null, 'x', 42, []]) {
      await expect(gemmBenchmark(o as never)).rejects.toThrow(/gemmBenchmark: options is/);
    }
    const bad = [
      { sizes: null },
      { sizes: '8' },
      { sizes: [8, '8'] },
      { seed: -1 },
      { seed: '1' },
      { onResult: 42 },
      { signal: true },
    ];
    for (const o of bad) {
      await expect(gemmBenchmark({ sizes: [8], repeats: 1, ...o } as never)).rejects.toThrow(
        InvalidArgumentError,
      );
    }
  });

  it('initBackend rejects options that are not an options object or of the wrong types, before starting a backend', async () => {
    for (const o of [null, 'x', 42, [], { webgpuCpuForward: 1 }, { allowSoftwareAdapter: 'yes' }]) {
      await expect(initBackend('cpu', o as never), JSON.stringify(o)).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    await expect(initBackend('cpu', { wasmPaths: 42 as never })).rejects.toThrow(
      /initBackend: wasmPaths is 42/,
    );
  });
});
