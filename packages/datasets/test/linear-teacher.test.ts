import { InvalidArgumentError } from '@overparam/tensor';
import { describe, expect, it } from 'vitest';
import { linearTeacher } from '../src/index.js';

describe('linearTeacher', () => {
  it('has ‖β‖ = r and σ = r/√snr', () => {
    const t = linearTeacher({ d: 40, signalNorm: 2, snr: 4, teacherSeed: 3 });
    expect(Math.hypot(...t.beta)).toBeCloseTo(2, 12);
    expect(t.noiseStd).toBeCloseTo(1, 12);
  });

  it('draws y with variance r² + σ² (Monte-Carlo, n = 20000, within 5 standard errors)', () => {
    const t = linearTeacher({ d: 10, signalNorm: 1, noiseStd: 0.5, teacherSeed: 0 });
    const { Y } = t.sample({ n: 20_000, dataSeed: 1 });
    const n = Y.rows;
    const mean = Y.data.reduce((s, v) => s + v, 0) / n;
    const variance = Y.data.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    // y is Gaussian with variance 1.25; Var of the sample variance is 2·1.25²/(n−1).
    expect(Math.abs(variance - 1.25)).toBeLessThan(5 * Math.sqrt((2 * 1.25 ** 2) / (n - 1)));
  });

  it('lets least squares recover β when n ≫ d (error ~ σ√(d/n))', () => {
    const d = 5;
    const t = linearTeacher({ d, signalNorm: 1, noiseStd: 0.1, teacherSeed: 7 });
    const { X, Y } = t.sample({ n: 4000, dataSeed: 2 });
    // Normal equations in closed form for d = 5 (Gauss–Jordan): an independent route.
    const A = Array.from({ length: d }, () => new Float64Array(d + 1));
    for (let i = 0; i < X.rows; i++) {
      for (let a = 0; a < d; a++) {
        const xa = X.data[i * d + a] as number;
        for (let b = 0; b < d; b++)
          (A[a] as Float64Array)[b]! += xa * (X.data[i * d + b] as number);
        (A[a] as Float64Array)[d]! += xa * (Y.data[i] as number);
      }
    }
    for (let c = 0; c < d; c++) {
      const pivot = A[c] as Float64Array;
      const p = pivot[c] as number;
      for (let k = 0; k <= d; k++) pivot[k]! /= p;
      for (let r = 0; r < d; r++) {
        if (r === c) continue;
        const row = A[r] as Float64Array;
        const f = row[c] as number;
        for (let k = 0; k <= d; k++) row[k]! -= f * (pivot[k] as number);
      }
    }
    const betaHat = A.map((row) => row[d] as number);
    expect(t.excessRisk(betaHat)).toBeLessThan(5 * 0.01 * (d / 4000) * 2);
  });

  it('computes the excess risk (β̂ − β)ᵀΣ(β̂ − β), with a covariance', () => {
    const t = linearTeacher({ d: 3, signalNorm: 1, covariance: [4, 1, 0.25], teacherSeed: 1 });
    const expected = 4 * t.beta[0]! ** 2 + t.beta[1]! ** 2 + 0.25 * t.beta[2]! ** 2;
    expect(t.excessRisk([0, 0, 0])).toBeCloseTo(expected, 14);
  });

  it('gives the same samples for the same seeds and new ones for a new dataSeed', () => {
    const a = linearTeacher({ d: 4, snr: 2, teacherSeed: 1 }).sample({ n: 5, dataSeed: 9 });
    const b = linearTeacher({ d: 4, snr: 2, teacherSeed: 1 }).sample({ n: 5, dataSeed: 9 });
    const c = linearTeacher({ d: 4, snr: 2, teacherSeed: 1 }).sample({ n: 5, dataSeed: 10 });
    expect(a).toEqual(b);
    expect(a.X.data).not.toEqual(c.X.data);
  });

  it('rejects impossible requests with InvalidArgumentError naming the function and argument', () => {
    expect(() => linearTeacher({ d: 0, teacherSeed: 0 })).toThrow(
      /linearTeacher: d is 0; expected an integer ≥ 1/,
    );
    expect(() => linearTeacher({ d: 2, snr: 1, noiseStd: 1, teacherSeed: 0 })).toThrow(
      /either snr or noiseStd/,
    );
    expect(() => linearTeacher({ d: 2, snr: -1, teacherSeed: 0 })).toThrow(InvalidArgumentError);
    expect(() => linearTeacher({ d: 2, covariance: [1], teacherSeed: 0 })).toThrow(
      /linearTeacher: covariance has 1 entries; expected 2/,
    );
    expect(() => linearTeacher({ d: 2, covariance: [1, -1], teacherSeed: 0 })).toThrow(
      /covariance\[1\] is -1/,
    );
    expect(() => linearTeacher({ d: 2, teacherSeed: -1 })).toThrow(/teacherSeed is -1/);
    expect(() => linearTeacher({ d: 2, teacherSeed: 0 }).excessRisk([1])).toThrow(
      /betaHat has 1 entries; expected 2/,
    );
    expect(() => linearTeacher({ d: 2, teacherSeed: 0 }).sample({ n: 0, dataSeed: 0 })).toThrow(
      /n is 0/,
    );
  });
});
