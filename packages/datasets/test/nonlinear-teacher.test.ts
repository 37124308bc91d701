import { describe, expect, it } from 'vitest';
import { drawInputs, gaussianInputs, nonlinearTeacher, sphereInputs } from '../src/index.js';

describe('nonlinearTeacher', () => {
  it('has linear energy F₁², nonlinear energy F*², and uncorrelated parts (Gaussian inputs, Monte-Carlo)', () => {
    const d = 20;
    const n = 40_000;
    const t = nonlinearTeacher({
      d,
      linearEnergy: 2,
      nonlinearEnergy: 0.5,
      input: 'gaussian',
      teacherSeed: 4,
    });
    const lin = nonlinearTeacher({
      d,
      linearEnergy: 2,
      nonlinearEnergy: 0,
      input: 'gaussian',
      teacherSeed: 4,
    });
    const { X } = t.sample({ n, dataSeed: 1 });
    let e1 = 0;
    let eNl = 0;
    let cross = 0;
    for (let i = 0; i < n; i++) {
      const x = X.data.subarray(i * d, (i + 1) * d);
      const f1 = lin.target(x);
      const fNl = t.target(x) - f1;
      e1 += f1 * f1;
      eNl += fNl * fNl;
      cross += f1 * fNl;
    }
    // f₁ ~ N(0, 2): E f₁² = 2 with sd √(2·4/n); f_NL = √0.5·He₂/√2 has E = 0.5, sd √(0.25·(E He₂⁴/4 − 1)/n).
    expect(Math.abs(e1 / n - 2)).toBeLessThan(5 * Math.sqrt(8 / n));
    expect(Math.abs(eNl / n - 0.5)).toBeLessThan(5 * Math.sqrt((0.25 * (60 / 4 - 1)) / n));
    expect(Math.abs(cross / n)).toBeLessThan(5 * Math.sqrt((2 * 0.5) / n) * 2);
  });

  it('adds noise of the given standard deviation', () => {
    const t = nonlinearTeacher({ d: 5, linearEnergy: 1, noiseStd: 0.3, teacherSeed: 0 });
    const { X, Y } = t.sample({ n: 20_000, dataSeed: 2 });
    let s = 0;
    for (let i = 0; i < Y.rows; i++)
      s += ((Y.data[i] as number) - t.target(X.data.subarray(i * 5, i * 5 + 5))) ** 2;
    expect(Math.sqrt(s / Y.rows)).toBeCloseTo(0.3, 2);
  });

  it('draws sphere inputs of radius √d by default', () => {
    const { X } = nonlinearTeacher({ d: 7, teacherSeed: 0 }).sample({ n: 3, dataSeed: 0 });
    for (let i = 0; i < 3; i++)
      expect(Math.hypot(...X.data.subarray(i * 7, i * 7 + 7))).toBeCloseTo(Math.sqrt(7), 12);
  });

  it('rejects an unknown input distribution instead of falling back to the sphere', () => {
    expect(() => nonlinearTeacher({ d: 3, input: 'bogus' as 'sphere', teacherSeed: 0 })).toThrow(
      /nonlinearTeacher: input is 'bogus'; expected one of 'gaussian', 'sphere'/,
    );
    expect(() => nonlinearTeacher({ d: 3, teacherSeed: 0 }).target([1, 2])).toThrow(
      /x has 2 entries; expected 3/,
    );
  });
});

describe('drawInputs', () => {
  it('draws either distribution from the same stream, and rejects unknown names', () => {
    const g = drawInputs('gaussian', { n: 3, d: 4, dataSeed: 2 });
    expect(g).toEqual(gaussianInputs({ n: 3, d: 4, dataSeed: 2 }));
    expect(drawInputs('sphere', { n: 3, d: 4, dataSeed: 2 })).toEqual(
      sphereInputs({ n: 3, d: 4, dataSeed: 2 }),
    );
    expect(() => drawInputs('bogus' as 'sphere', { n: 3, d: 4, dataSeed: 2 })).toThrow(
      /drawInputs: input is 'bogus'; expected one of 'gaussian', 'sphere'/,
    );
  });
});

describe('sphereInputs', () => {
  it('puts every row on the sphere of the given radius', () => {
    const X = sphereInputs({ n: 50, d: 3, radius: 2, dataSeed: 5 });
    for (let i = 0; i < 50; i++)
      expect(Math.hypot(...X.data.subarray(i * 3, i * 3 + 3))).toBeCloseTo(2, 12);
  });

  it('is uniform: the mean of many points is near the origin', () => {
    const d = 3;
    const n = 30_000;
    const X = sphereInputs({ n, d, radius: 1, dataSeed: 6 });
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += X.data[i * d + j] as number;
      // Each coordinate has variance 1/d on the unit sphere.
      expect(Math.abs(m / n)).toBeLessThan(5 * Math.sqrt(1 / d / n));
    }
  });

  it('rejects a non-positive radius', () => {
    expect(() => sphereInputs({ n: 1, d: 2, radius: 0, dataSeed: 0 })).toThrow(/radius is 0/);
  });
});
