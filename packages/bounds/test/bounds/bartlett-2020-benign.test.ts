import { InvalidArgumentError } from '@overparam/tensor';
import { expectClose, nonEmpty, TEST_BACKEND } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  BARTLETT_BAND,
  bartlett2020BenignBound,
  benignOverfitting,
  InvalidBoundInputError,
  spikedPowerSpectrum,
} from '../../src/index.js';
import fixtureJson from '../fixtures/bartlett-2020-benign.json' with { type: 'json' };

interface Fixture {
  cases: {
    p: number;
    spikes: number;
    spikeValue: number;
    tailScale: number;
    alpha: number;
    n: number;
    b: number;
    r: number[];
    R: number[];
    r0: number;
    kStar: number | null;
    kRatio: number | null;
    rRatio: number | null;
  }[];
}
const fixture = fixtureJson as Fixture;
/** Sums of up to 2000 terms in a different order (numpy cumsum vs a running loop). */
const SUM_RTOL = 1e-12;

describe(`[${TEST_BACKEND}] bartlett-2020-benign formulas`, () => {
  it('r_k, R_k, k* and the two ratios match the numpy fixture', () => {
    for (const c of nonEmpty(fixture.cases, 'fixture.cases')) {
      const q = benignOverfitting(spikedPowerSpectrum(c), { n: c.n, b: c.b });
      expectClose(Array.from(q.r.subarray(0, 10)), c.r, { rtol: SUM_RTOL });
      expectClose(Array.from(q.R.subarray(0, 10)), c.R, { rtol: SUM_RTOL });
      expectClose(q.r0, c.r0, { rtol: SUM_RTOL });
      expect(q.kStar).toBe(c.kStar);
      if (c.kRatio === null) {
        expect(q.kRatio).toBeNull();
        expect(q.rRatio).toBeNull();
      } else {
        expectClose([q.kRatio!, q.rRatio!], [c.kRatio, c.rRatio!], { rtol: SUM_RTOL });
      }
    }
  });

  it('R_k ≥ r_k (Bartlett et al., Lemma 5: r_k ≤ R_k ≤ r_k²) for every k', () => {
    const q = benignOverfitting(
      spikedPowerSpectrum({ p: 300, spikes: 3, spikeValue: 2, tailScale: 0.5, alpha: 0.7 }),
      { n: 50 },
    );
    for (let k = 0; k < 300; k++) {
      expect(q.R[k]!).toBeGreaterThanOrEqual(q.r[k]! * (1 - 1e-12));
      expect(q.R[k]!).toBeLessThanOrEqual(q.r[k]! ** 2 * (1 + 1e-12));
    }
  });

  it('rejects an unsorted or non-positive spectrum with InvalidArgumentError', () => {
    expect(() => benignOverfitting([1, 2], { n: 1 })).toThrow(InvalidArgumentError);
    expect(() => benignOverfitting([1, 2], { n: 1 })).toThrow(
      /eigenvalues\[1\] is 2; expected ≤ eigenvalues\[0\] = 1/,
    );
    expect(() => benignOverfitting([1, 0], { n: 1 })).toThrow(/eigenvalues\[1\] is 0/);
  });
});

describe(`[${TEST_BACKEND}] bartlett-2020-benign bound`, () => {
  it('reports k*, the ratios, and null for the unspecified constant c', () => {
    const r = bartlett2020BenignBound.evaluate(bartlett2020BenignBound.defaults);
    expect(r.status).toBe('ok');
    const terms = Object.fromEntries(r.terms.map((t) => [t.id, t.value]));
    expect(terms['k-star']).toBe(5);
    expect(terms.c).toBeNull();
    expectClose(r.value!, 5 / 100 + 100 / 995, { rtol: SUM_RTOL });
    expect(r.caveats.join(' ')).toMatch(/unspecified/);
  });

  it('reports k-star-exists as broken (value "none") when the tail is too light', () => {
    const r = bartlett2020BenignBound.evaluate(
      bartlett2020BenignBound.validate({ p: 300, spikes: 0, tailScale: 1, alpha: 2, n: 100 }),
    );
    expect(r.status).toBe('assumption-broken');
    expect(r.value).toBeNull();
    const a = r.assumptions.find((x) => x.id === 'k-star-exists')!;
    expect(a.holds).toBe(false);
    expect(a.value).toBe('none');
  });

  it('validate throws InvalidBoundInputError for spikes > p and a tail above the spikes', () => {
    expect(() => bartlett2020BenignBound.validate({ spikes: 2000 })).toThrow(
      InvalidBoundInputError,
    );
    expect(() => bartlett2020BenignBound.validate({ spikes: 2000 })).toThrow(
      /'spikes' is 2000; expected an integer ≤ p = 1000/,
    );
    expect(() => bartlett2020BenignBound.validate({ tailScale: 5 })).toThrow(/'tailScale' is 5/);
  });

  it(`the simulated variance tracks σ²(k*/n + n/R_k*) within a factor ${BARTLETT_BAND} over the n sweep (spiked and power-law spectra)`, async () => {
    for (const raw of [{}, { spikes: 0, alpha: 0.5, tailScale: 1 }]) {
      const r = await bartlett2020BenignBound.empiricalCheck.run(
        bartlett2020BenignBound.validate(raw),
      );
      expect(r.passes, r.details).toBe(true);
      expect(r.series!.points.length).toBe(4);
      for (const pt of r.series!.points) {
        expect(pt.measured / pt.predicted).toBeGreaterThan(1 / BARTLETT_BAND);
        expect(pt.measured / pt.predicted).toBeLessThan(BARTLETT_BAND);
      }
    }
  });

  it('the check fails when k* does not exist at some n of the sweep', async () => {
    const r = await bartlett2020BenignBound.empiricalCheck.run(
      bartlett2020BenignBound.validate({ spikes: 0, alpha: 1, tailScale: 1, n: 200 }),
    );
    expect(r.passes).toBe(false);
    expect(r.details).toMatch(/k\* did not exist/);
  });
});
