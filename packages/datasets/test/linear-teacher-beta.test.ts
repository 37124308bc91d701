import { InvalidArgumentError, ShapeMismatchError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import { gaussianInputs, linearTeacher } from '../src/index.js';

describe('linearTeacher with a given β', () => {
  it('uses β as given: r = ‖β‖, y = Xβ + ε with X from gaussianInputs(dataSeed)', () => {
    const beta = [3, 0, -4];
    const t = linearTeacher({ d: 3, beta, noiseStd: 0 });
    expect(Array.from(t.beta)).toEqual(beta);
    expect(t.signalNorm).toBe(5);
    const { X, Y } = t.sample({ n: 20, dataSeed: 2 });
    expect(X.data).toEqual(gaussianInputs({ n: 20, d: 3, dataSeed: 2 }).data);
    for (let i = 0; i < 20; i++) {
      const x = X.data.subarray(3 * i, 3 * i + 3);
      expect(Y.data[i]).toBeCloseTo(3 * (x[0] as number) - 4 * (x[2] as number), 14);
    }
    // β is copied: changing the caller's array later changes nothing.
    beta[0] = 100;
    expect(t.beta[0]).toBe(3);
    expect(t.excessRisk([3, 0, -4])).toBe(0);
    expect(t.excessRisk([0, 0, 0])).toBe(25);
  });

  it('σ from snr uses r = ‖β‖; the seeded draw is unchanged when β is not given', () => {
    expect(linearTeacher({ d: 2, beta: [0, 2], snr: 4 }).noiseStd).toBe(1);
    const seeded = linearTeacher({ d: 4, signalNorm: 2, teacherSeed: 9 });
    const again = linearTeacher({ d: 4, beta: seeded.beta });
    expect(again.sample({ n: 5, dataSeed: 1 }).Y.data).toEqual(
      seeded.sample({ n: 5, dataSeed: 1 }).Y.data,
    );
  });

  it('throws typed errors: β and signalNorm together, a wrong length, no seed and no β', () => {
    expect(() => linearTeacher({ d: 2, beta: [1, 1], signalNorm: 1 })).toThrow(/not both/);
    expect(() => linearTeacher({ d: 3, beta: [1, 1] })).toThrow(ShapeMismatchError);
    expect(() => linearTeacher({ d: 2, beta: [1, Number.NaN] })).toThrow(/beta/);
    expect(() => linearTeacher({ d: 2 })).toThrow(InvalidArgumentError);
  });
});
