import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erf, InvalidArgumentError } from '../../src/index.js';
import { expectClose, nonEmpty, TEST_BACKEND } from '../../src/testing/index.js';

interface Fixture {
  cases: { x: number; erf: number }[];
}
const fixture: Fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/special/erf.json'), 'utf8'),
);
/** The series and the continued fraction both stop at a relative error of a few ulps. */
const ERF_RTOL = 1e-15;

describe(`[${TEST_BACKEND}] erf`, () => {
  it('matches 50-digit mpmath on both sides of the switch at |x| = 3, to 1e-15 relative', () => {
    for (const c of nonEmpty(fixture.cases, 'erf.json cases')) {
      const v = erf(c.x);
      if (c.erf === 0) expect(v).toBe(0);
      else expect(Math.abs(v - c.erf) / Math.abs(c.erf), `erf(${c.x})`).toBeLessThan(ERF_RTOL);
    }
  });

  it('matches the values the bounds tests used to pin (A&S table)', () => {
    expectClose(
      [erf(0.5), erf(1), erf(2.5), erf(3.5), erf(-1)],
      [
        0.5204998778130465, 0.8427007929497149, 0.999593047982555, 0.9999992569016276,
        -0.8427007929497149,
      ],
      { rtol: ERF_RTOL },
    );
  });

  it('is odd, increasing, and tends to ±1', () => {
    let previous = -Infinity;
    for (let x = -6; x <= 6; x += 0.01) {
      expect(erf(-x)).toBe(-erf(x));
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(previous);
      previous = v;
    }
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(0)).toBe(0);
  });

  it('erf rejects NaN and non-numbers with InvalidArgumentError (NaN has no erf value)', () => {
    for (const bad of [Number.NaN, '1', null, undefined, {}, [1]]) {
      expect(() => erf(bad as number), String(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => erf(Number.NaN)).toThrow(/erf: x is NaN/);
  });

  it('has derivative (2/√π)e^{−x²} (central differences, also across the switch at 3)', () => {
    const h = 1e-5;
    for (const x of [-2.5, -1, 0, 0.3, 1.7, 2.99, 3, 3.01, 4]) {
      const numeric = (erf(x + h) - erf(x - h)) / (2 * h);
      // Truncation h²·|f'''|/6 ≤ 2e-11 and rounding ε/h ≈ 2e-11: absolute, since f' → 0.
      expect(Math.abs(numeric - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x))).toBeLessThan(1e-10);
    }
  });
});
