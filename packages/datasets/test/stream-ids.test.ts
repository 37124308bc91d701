import { createRng } from '@overparam/tensor';
import { correlation } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  DATASET_STREAMS,
  gaussianInputs,
  linearTeacher,
  nonlinearTeacher,
  permutation,
  toy1d,
} from '../src/index.js';

// Independent vectors of length d have correlation ≈ N(0, 1/d): 5/√d fails with probability
// ~6e-7 per pair. Streams that coincide give |corr| = 1.
const d = 1000;
const BOUND = 5 / Math.sqrt(d);

describe('DATASET_STREAMS', () => {
  it('gives every generator its own 32-bit stream id', () => {
    const ids = Object.values(DATASET_STREAMS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThan(64); // clear of the small streams (0, 1, 2, …) other code uses
      expect(id).toBeLessThan(2 ** 32);
    }
  });

  it('each generator draws from createRng(seed, its id)', () => {
    const X = gaussianInputs({ n: 2, d: 3, dataSeed: 5 });
    expect(X.data).toEqual(createRng(5, DATASET_STREAMS.inputs).fillNormal(new Float64Array(6)));
    const beta = createRng(5, DATASET_STREAMS.linearTeacherBeta).fillNormal(new Float64Array(3));
    const t = linearTeacher({ d: 3, signalNorm: Math.hypot(...beta), teacherSeed: 5 });
    for (let j = 0; j < 3; j++) expect(t.beta[j]).toBeCloseTo(beta[j] as number, 14);
  });

  it('the same seed value in two roles gives uncorrelated numbers (|corr| < 5/√d)', () => {
    for (const seed of [0, 1, 7]) {
      const nl = nonlinearTeacher({ d, noiseStd: 1, input: 'gaussian', teacherSeed: seed });
      const lin = linearTeacher({ d, noiseStd: 1, teacherSeed: seed });
      const sample = nl.sample({ n: d, dataSeed: seed });
      const linSample = lin.sample({ n: d, dataSeed: seed });
      const linNoise = Float64Array.from(
        linSample.Y.data,
        (y, i) => y - dot(linSample.X.data, i, lin.beta),
      );
      const nlNoise = Float64Array.from(
        sample.Y.data,
        (y, i) => y - nl.target(sample.X.data.subarray(i * d, (i + 1) * d)),
      );
      const pairs: [string, ArrayLike<number>, ArrayLike<number>][] = [
        ['linear β vs nonlinear θ (teacherSeed)', lin.beta, nl.nonlinearDirection],
        ['nonlinear β vs θ (teacherSeed)', nl.linearDirection, nl.nonlinearDirection],
        ['linear β vs nonlinear β (teacherSeed)', lin.beta, nl.linearDirection],
        ['θ (teacherSeed) vs linear noise (dataSeed)', nl.nonlinearDirection, linNoise],
        ['β (teacherSeed) vs nonlinear noise (dataSeed)', nl.linearDirection, nlNoise],
        ['β (teacherSeed) vs first input row (dataSeed)', nl.linearDirection, sample.X.data],
        ['linear noise vs nonlinear noise (dataSeed)', linNoise, nlNoise],
        ['inputs (dataSeed) vs a plain createRng(seed)', sample.X.data, normals(seed, 0)],
        ['θ (teacherSeed) vs createRng(seed, 2)', nl.nonlinearDirection, normals(seed, 2)],
        ['toy1d (dataSeed) vs inputs', toy1d({ n: d, dataSeed: seed }).X.data, sample.X.data],
      ];
      for (const [label, a, b] of pairs) {
        expect(Math.abs(correlation(a, b, d)), `${label}, seed ${seed}`).toBeLessThan(BOUND);
      }
    }
  });

  it('the same generator with the same seed gives identical numbers', () => {
    const a = nonlinearTeacher({ d: 50, nonlinearEnergy: 1, noiseStd: 0.1, teacherSeed: 3 });
    const b = nonlinearTeacher({ d: 50, nonlinearEnergy: 1, noiseStd: 0.1, teacherSeed: 3 });
    expect(a.linearDirection).toEqual(b.linearDirection);
    expect(a.nonlinearDirection).toEqual(b.nonlinearDirection);
    expect(a.sample({ n: 20, dataSeed: 4 })).toEqual(b.sample({ n: 20, dataSeed: 4 }));
    expect(linearTeacher({ d: 50, teacherSeed: 3 }).beta).toEqual(
      linearTeacher({ d: 50, teacherSeed: 3 }).beta,
    );
    expect(permutation(100, 3)).toEqual(permutation(100, 3));
  });
});

function dot(X: Float64Array, row: number, beta: Float64Array): number {
  let s = 0;
  for (let j = 0; j < beta.length; j++)
    s += (X[row * beta.length + j] as number) * (beta[j] as number);
  return s;
}

function normals(seed: number, stream: number): Float64Array {
  return createRng(seed, stream).fillNormal(new Float64Array(d));
}
