// Every export of @overparam/datasets against bad, huge and degenerate input: a typed error
// (an OverparamError naming the argument) or a finite, documented value; never a TypeError,
// a RangeError, NaN or an allocation that takes the process down.
import { InvalidArgumentError, OverparamError, WorkBudgetError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import {
  decodeMnist,
  drawInputs,
  edgeOfStabilityData,
  encodeMnist,
  gaussianInputs,
  linearTeacher,
  loadMnist,
  type MnistDigits,
  mnistSplit,
  nonlinearTeacher,
  oneHot,
  permutation,
  sphereInputs,
  toy1d,
  toy2d,
} from '../src/index.js';

const BAD: unknown[] = [null, undefined, {}, 'x', Number.NaN];

function digits(count: number): MnistDigits {
  return {
    count,
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    pixels: new Uint8Array(count * 784),
  };
}

/** Calls f and requires an OverparamError (not a TypeError or RangeError). */
function expectTyped(f: () => unknown): void {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a typed error').toBeInstanceOf(OverparamError);
}

function allFinite(values: ArrayLike<number>): boolean {
  return Array.from(values).every((v) => Number.isFinite(v));
}

describe('datasets reliability: sizes are bounded by the work budget', () => {
  it('gaussianInputs, sphereInputs and drawInputs refuse n = 1e9 with WorkBudgetError before allocating', () => {
    expect(() => gaussianInputs({ n: 1e9, d: 10, dataSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => sphereInputs({ n: 10, d: 1e9, dataSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => drawInputs('gaussian', { n: 1e9, d: 10, dataSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => gaussianInputs({ n: 4, d: 4, dataSeed: 0, budget: { maxBytes: 64 } })).toThrow(
      /gaussianInputs: this call would take ~1.28e\+2 bytes/,
    );
    expect(gaussianInputs({ n: 4, d: 4, dataSeed: 0, budget: { maxBytes: 128 } }).rows).toBe(4);
  });

  it('toy1d, toy2d and edgeOfStabilityData refuse n = 1e12 with WorkBudgetError', () => {
    expect(() => toy1d({ n: 1e12, dataSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => toy2d({ n: 1e12, kind: 'moons', dataSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => edgeOfStabilityData({ n: 1e12, d: 3, dataSeed: 0 })).toThrow(WorkBudgetError);
  });

  it('linearTeacher and nonlinearTeacher refuse d = 1e12, and their samples n = 1e12, with WorkBudgetError', () => {
    expect(() => linearTeacher({ d: 1e12, teacherSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => nonlinearTeacher({ d: 1e12, teacherSeed: 0 })).toThrow(WorkBudgetError);
    expect(() => linearTeacher({ d: 3, teacherSeed: 0 }).sample({ n: 1e12, dataSeed: 0 })).toThrow(
      WorkBudgetError,
    );
    expect(() =>
      nonlinearTeacher({ d: 3, teacherSeed: 0 }).sample({ n: 1e12, dataSeed: 0 }),
    ).toThrow(WorkBudgetError);
  });

  it('linearTeacher and nonlinearTeacher handle d = 10⁶ (no spread of d arguments into Math.hypot)', () => {
    const t = linearTeacher({ d: 1_000_000, signalNorm: 2, teacherSeed: 0 });
    let s = 0;
    for (const b of t.beta) s += b * b;
    expect(Math.abs(Math.sqrt(s) - 2)).toBeLessThan(1e-12);
    const u = nonlinearTeacher({ d: 1_000_000, teacherSeed: 0 });
    let s2 = 0;
    for (const b of u.linearDirection) s2 += b * b;
    expect(Math.abs(Math.sqrt(s2) - 1)).toBeLessThan(1e-12);
  });

  it('permutation refuses n = 2e9 and oneHot K = 1e12 with WorkBudgetError', () => {
    expect(() => permutation(2e9, 0)).toThrow(OverparamError);
    expect(() => permutation(1e9, 0)).toThrow(WorkBudgetError);
    expect(() => oneHot([0], 1e12)).toThrow(WorkBudgetError);
    expect(() => permutation(100, 0, { budget: { maxBytes: 100 } })).toThrow(WorkBudgetError);
  });

  it('mnistSplit, encodeMnist, decodeMnist and loadMnist check their memory against the budget', async () => {
    const d = digits(20);
    expect(() =>
      mnistSplit(d, { nTrain: 5, nTest: 5, dataSeed: 0, budget: { maxBytes: 1000 } }),
    ).toThrow(WorkBudgetError);
    expect(() => encodeMnist(d, { budget: { maxBytes: 100 } })).toThrow(WorkBudgetError);
    expect(() => decodeMnist(encodeMnist(d), { budget: { maxBytes: 100 } })).toThrow(
      WorkBudgetError,
    );
    await expect(loadMnist({ budget: { maxBytes: 1000 } })).rejects.toThrow(WorkBudgetError);
  });
});

describe('datasets reliability: accepted-though-wrong input is now a typed error', () => {
  it('permutation(NaN, 0) throws InvalidArgumentError naming n (it returned [])', () => {
    expect(() => permutation(Number.NaN, 0)).toThrow(InvalidArgumentError);
    expect(() => permutation(Number.NaN, 0)).toThrow(/permutation: n is NaN; expected an integer/);
    expect(() => permutation(2.5, 0)).toThrow(/n is 2.5/);
    expect(() => permutation(3, Number.NaN)).toThrow(/seed is NaN/);
  });

  it('loadMnist rejects an already-aborted signal with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the test');
    controller.abort(reason);
    await expect(loadMnist({ signal: controller.signal })).rejects.toBe(reason);
    await expect(
      loadMnist({ url: 'http://127.0.0.1:9/mnist.bin', signal: controller.signal }),
    ).rejects.toBe(reason);
    await expect(loadMnist({ signal: 'x' as unknown as AbortSignal })).rejects.toThrow(
      /loadMnist: signal is 'x'/,
    );
  });

  it('mnistSplit names digits whose labels or pixels do not match count (they gave NaN pixels)', () => {
    const d = digits(4);
    expect(() =>
      mnistSplit({ ...d, pixels: new Uint8Array(3) }, { nTrain: 1, nTest: 1, dataSeed: 0 }),
    ).toThrow(/digits.pixels is '3 bytes'/);
    expect(() =>
      mnistSplit(
        { ...d, labels: 'x' as unknown as Uint8Array },
        { nTrain: 1, nTest: 1, dataSeed: 0 },
      ),
    ).toThrow(/digits.labels is 'x'/);
  });
});

describe('datasets reliability: null, undefined, {}, strings and NaN give typed errors', () => {
  it('every generator names a bad options object and each bad field', () => {
    // [function, valid options, the required fields (undefined is an error only for these)]
    const calls: [(o: never) => unknown, Record<string, unknown>, string[]][] = [
      [gaussianInputs, { n: 2, d: 2, dataSeed: 0 }, ['n', 'd', 'dataSeed']],
      [sphereInputs, { n: 2, d: 2, dataSeed: 0 }, ['n', 'd', 'dataSeed']],
      [edgeOfStabilityData, { n: 2, d: 3, dataSeed: 0 }, ['n', 'd', 'dataSeed']],
      [toy1d, { n: 2, dataSeed: 0 }, ['n', 'dataSeed']],
      [toy2d, { n: 2, kind: 'xor', dataSeed: 0 }, ['n', 'kind', 'dataSeed']],
      [linearTeacher, { d: 2, teacherSeed: 0, noiseStd: 0.1 }, ['d', 'teacherSeed']],
      [nonlinearTeacher, { d: 2, teacherSeed: 0 }, ['d', 'teacherSeed']],
    ];
    for (const [f, valid, required] of calls) {
      for (const bad of BAD) expectTyped(() => f(bad as never));
      for (const key of Object.keys(valid)) {
        for (const bad of BAD) {
          if (bad === undefined && !required.includes(key)) continue;
          expectTyped(() => f({ ...valid, [key]: bad } as never));
        }
      }
    }
  });

  it('teacher methods, oneHot, permutation, mnistSplit and the MNIST codecs name bad arguments', () => {
    const t = linearTeacher({ d: 2, teacherSeed: 0 });
    const u = nonlinearTeacher({ d: 2, teacherSeed: 0 });
    for (const bad of BAD) {
      expectTyped(() => t.sample(bad as never));
      expectTyped(() => t.sample({ n: bad, dataSeed: 0 } as never));
      expectTyped(() => t.excessRisk(bad as never));
      expectTyped(() => u.sample(bad as never));
      expectTyped(() => u.target(bad as never));
      expectTyped(() => oneHot(bad as never, 2));
      expectTyped(() => oneHot([0], bad as never));
      expectTyped(() => permutation(bad as never, 0));
      expectTyped(() => mnistSplit(bad as never, { nTrain: 1, nTest: 1, dataSeed: 0 }));
      expectTyped(() => mnistSplit(digits(4), bad as never));
      expectTyped(() => encodeMnist(bad as never));
      expectTyped(() => decodeMnist(bad as never));
      expectTyped(() => drawInputs(bad as never, { n: 1, d: 1, dataSeed: 0 }));
    }
  });

  it('loadMnist names null options and a url that is not a string', async () => {
    await expect(loadMnist(null as never)).rejects.toThrow(/loadMnist: options is null/);
    await expect(loadMnist({ url: 3 as never })).rejects.toThrow(/loadMnist: url is 3/);
  });
});

describe('datasets reliability: degenerate but valid input gives finite numbers', () => {
  it('zero signal, zero covariance, one point and d = 1 give finite data, no NaN', () => {
    const t = linearTeacher({ d: 2, teacherSeed: 0, signalNorm: 0, snr: 1 });
    expect(t.noiseStd).toBe(0);
    const s = t.sample({ n: 1, dataSeed: 0 });
    expect(allFinite(s.X.data) && allFinite(s.Y.data)).toBe(true);
    expect(t.excessRisk([0, 0])).toBe(0);
    const z = linearTeacher({ d: 2, beta: [0, 0], snr: 2 });
    expect(allFinite(z.sample({ n: 2, dataSeed: 0 }).Y.data)).toBe(true);
    const c = linearTeacher({ d: 2, teacherSeed: 0, covariance: [0, 0] }).sample({
      n: 2,
      dataSeed: 0,
    });
    expect(Array.from(c.X.data).every((v) => v === 0)).toBe(true);
    const u = nonlinearTeacher({ d: 1, linearEnergy: 0, nonlinearEnergy: 0, teacherSeed: 0 });
    expect(u.target([0])).toBe(0);
    expect(allFinite(sphereInputs({ n: 1, d: 1, dataSeed: 0 }).data)).toBe(true);
    expect(Array.from(toy1d({ n: 1, grid: true, dataSeed: 0 }).X.data)).toEqual([-1]);
    expect(allFinite(toy2d({ n: 2, kind: 'circles', noiseStd: 0, dataSeed: 0 }).X.data)).toBe(true);
  });

  it('empty label lists, permutation(0) and a split with no test digits are empty, not errors', () => {
    expect(oneHot([], 3)).toEqual({ rows: 0, cols: 3, data: new Float64Array(0) });
    expect(permutation(0, 0).length).toBe(0);
    const split = mnistSplit(digits(4), { nTrain: 2, nTest: 0, dataSeed: 0 });
    expect(split.test.X.rows).toBe(0);
    expect(allFinite(split.train.X.data)).toBe(true);
    const none = decodeMnist(encodeMnist(digits(0)));
    expect(none.count).toBe(0);
  });
});
