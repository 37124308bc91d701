import { describe, expect, it } from 'vitest';
import { oneHot, permutation, toy1d, toy2d } from '../src/index.js';

describe('toy1d', () => {
  it('draws y = sin(2πx) + noise on the domain', () => {
    const { X, Y } = toy1d({ n: 100, fn: 'sin', noiseStd: 0, dataSeed: 1 });
    for (let i = 0; i < 100; i++) {
      const x = X.data[i] as number;
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThanOrEqual(1);
      expect(Y.data[i]).toBeCloseTo(Math.sin(2 * Math.PI * x), 14);
    }
  });

  it('spaces a grid evenly from low to high', () => {
    const { X } = toy1d({ n: 5, fn: 'abs', grid: true, domain: [0, 1], dataSeed: 0 });
    expect(Array.from(X.data)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('rejects an empty domain and unknown functions', () => {
    expect(() => toy1d({ n: 5, domain: [1, 1], dataSeed: 0 })).toThrow(/domain is \[1, 1\]/);
    expect(() => toy1d({ n: 5, fn: 'cos' as 'sin', dataSeed: 0 })).toThrow(
      /toy1d: fn is 'cos'; expected one of 'sin', 'step', 'abs'/,
    );
    // An inherited property name is not a function name either.
    expect(() => toy1d({ n: 5, fn: 'constructor' as 'sin', dataSeed: 0 })).toThrow(
      /fn is 'constructor'/,
    );
  });
});

describe('toy2d', () => {
  for (const kind of ['moons', 'circles', 'xor'] as const) {
    it(`${kind}: balanced labels 0/1 with targets ∓1`, () => {
      const { X, Y, labels } = toy2d({ n: 200, kind, dataSeed: 3 });
      expect(X.cols).toBe(2);
      expect(labels?.reduce((s, v) => s + v, 0)).toBe(100);
      for (let i = 0; i < 200; i++) expect(Y.data[i]).toBe(labels?.[i] === 0 ? -1 : 1);
    });
  }

  it('rejects an unknown kind instead of falling back to one', () => {
    expect(() => toy2d({ n: 4, kind: 'bogus' as 'moons', dataSeed: 0 })).toThrow(
      /toy2d: kind is 'bogus'; expected one of 'moons', 'circles', 'xor'/,
    );
  });

  it('circles: the two classes sit at radii 1 and 0.5 without noise', () => {
    const { X, labels } = toy2d({ n: 20, kind: 'circles', noiseStd: 0, dataSeed: 0 });
    for (let i = 0; i < 20; i++) {
      expect(Math.hypot(X.data[2 * i] as number, X.data[2 * i + 1] as number)).toBeCloseTo(
        labels?.[i] === 0 ? 1 : 0.5,
        12,
      );
    }
  });
});

describe('oneHot and permutation', () => {
  it('oneHot puts a single 1 per row', () => {
    expect(Array.from(oneHot([2, 0], 3).data)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHot([3], 3)).toThrow(
      /oneHot: labels\[0\] is 3; expected an integer in \[0, 2\]/,
    );
  });

  it('permutation is a seeded permutation', () => {
    const p = permutation(1000, 4);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, 4)).toEqual(p);
    expect(permutation(1000, 5)).not.toEqual(p);
  });
});
