import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError } from '../src/index.js';
import { nonEmpty } from '../src/testing/index.js';
import fixture from './fixtures/rng.json' with { type: 'json' };

describe('createRng', () => {
  for (const c of nonEmpty(fixture.cases, 'rng.json cases')) {
    it(`matches the Python reference for seed ${c.seed}, stream ${c.stream}`, () => {
      const g = createRng(c.seed, c.stream);
      expect(Array.from({ length: 8 }, () => g.nextUint32())).toEqual(c.uint32);
      expect(Array.from({ length: 8 }, () => g.uniform())).toEqual(c.uniform);
      const n = createRng(c.seed, c.stream);
      const normals = Array.from({ length: 9 }, () => n.normal());
      for (const [i, v] of normals.entries()) expect(v).toBeCloseTo(c.normal[i] as number, 14);
    });
  }

  it('gives different streams for one seed', () => {
    expect(createRng(5, 0).nextUint32()).not.toBe(createRng(5, 1).nextUint32());
  });

  it('draws normals with mean 0 and variance 1 (within 5 standard errors, n = 200000)', () => {
    const n = 200_000;
    const x = createRng(123).fillNormal(new Float64Array(n));
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // Var of the sample variance of a normal is 2/(n-1).
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
  });

  it('draws uniforms in [low, high) with the right mean', () => {
    const n = 100_000;
    const u = createRng(9).fillUniform(new Float64Array(n), -2, 3);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
    const mean = u.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan((5 * (5 / Math.sqrt(12))) / Math.sqrt(n));
  });

  it('rejects a seed that is not an integer in [0, 2^32) with InvalidArgumentError', () => {
    expect(() => createRng(-1)).toThrow(InvalidArgumentError);
    expect(() => createRng(1.5)).toThrow(/seed is 1.5; expected an integer/);
    expect(() => createRng(2 ** 32)).toThrow(InvalidArgumentError);
    expect(() => createRng(1, Number.NaN)).toThrow(/stream is NaN/);
  });

  it('fillUniform and fillNormal name a non-typed-array out and non-finite parameters', () => {
    const rng = createRng(0);
    for (const bad of [null, undefined, {}, 'x', Number.NaN, [1, 2]]) {
      expect(() => rng.fillUniform(bad as unknown as Float64Array)).toThrow(InvalidArgumentError);
      expect(() => rng.fillNormal(bad as unknown as Float64Array)).toThrow(/fillNormal: out is/);
    }
    expect(() => rng.fillNormal(new Float64Array(2), 0, Number.NaN)).toThrow(/std is NaN/);
    expect(() => rng.fillUniform(new Float64Array(2), Number.NEGATIVE_INFINITY)).toThrow(
      /low is -Infinity/,
    );
  });
});
