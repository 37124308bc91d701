import {
  DATASET_STREAMS,
  gaussianInputs,
  linearTeacher,
  nonlinearTeacher,
} from '@overparam/datasets';
import { createRng } from '@overparam/tensor';
import { correlation } from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import { FEATURE_KINDS, FEATURE_STREAM, MAX_FEATURES, randomFeatures } from '../src/index.js';

/** Column j of the d×N matrix W. */
function column(W: { rows: number; cols: number; data: Float64Array }, j: number): Float64Array {
  return Float64Array.from({ length: W.rows }, (_, i) => W.data[i * W.cols + j] as number);
}

// Independent vectors of length d have correlation ≈ N(0, 1/d): 5/√d fails with probability
// ~6e-7 per pair. Before the streams were separated, feature column 1 and 2 of featureSeed s
// were the directions of nonlinearTeacher({ teacherSeed: s }) (|corr| = 1).
const d = 1000;
const BOUND = 5 / Math.sqrt(d);

describe('FEATURE_STREAM', () => {
  it('column j of W comes from createRng(featureSeed, FEATURE_STREAM + j)', () => {
    const z = randomFeatures({ kind: 'fourier-gaussian', d: 2, N: 5, featureSeed: 0 });
    expect(z.W.data[3]).toBe(createRng(0, FEATURE_STREAM + 3).normal());
    const block = randomFeatures({ kind: 'relu', d: 3, N: 2, offset: 7, featureSeed: 9 });
    const rng = createRng(9, FEATURE_STREAM + 7);
    expect(column(block.W, 0)).toEqual(
      rng.fillNormal(new Float64Array(3)).map((v) => v * (1 / Math.sqrt(3))),
    );
  });

  it('lies above every stream of @overparam/datasets and the small streams other code uses', () => {
    expect(FEATURE_STREAM + MAX_FEATURES).toBe(2 ** 32);
    for (const id of Object.values(DATASET_STREAMS)) expect(id).toBeLessThan(FEATURE_STREAM);
    expect(FEATURE_STREAM).toBeGreaterThan(2 ** 16);
  });

  it('a featureSeed equal to a teacherSeed or dataSeed gives features uncorrelated with them (|corr| < 5/√d)', () => {
    for (const seed of [0, 1, 2, 42]) {
      const nl = nonlinearTeacher({ d, teacherSeed: seed });
      const lin = linearTeacher({ d, teacherSeed: seed });
      const x0 = gaussianInputs({ n: 1, d, dataSeed: seed }).data;
      for (const kind of FEATURE_KINDS) {
        const { W } = randomFeatures({ kind, d, N: 8, featureSeed: seed });
        for (let j = 0; j < 8; j++) {
          const w = column(W, j);
          for (const [label, v] of [
            ['nonlinearTeacher β', nl.linearDirection],
            ['nonlinearTeacher θ', nl.nonlinearDirection],
            ['linearTeacher β', lin.beta],
            ['gaussianInputs row 0', x0],
          ] as const) {
            // Cauchy columns have no variance: compare signs, whose correlation is also ≈ N(0, 1/d).
            const a = kind === 'fourier-laplace-l1' ? w.map(Math.sign) : w;
            const b = kind === 'fourier-laplace-l1' ? v.map(Math.sign) : v;
            expect(
              Math.abs(correlation(a, b)),
              `${kind} column ${j} vs ${label}, seed ${seed}`,
            ).toBeLessThan(BOUND);
          }
        }
      }
    }
  });

  it('the same featureSeed gives identical features', () => {
    for (const kind of FEATURE_KINDS) {
      const a = randomFeatures({ kind, d: 5, N: 6, lengthScale: 2, featureSeed: 3 });
      const b = randomFeatures({ kind, d: 5, N: 6, lengthScale: 2, featureSeed: 3 });
      expect(a.W).toEqual(b.W);
      expect(a.b).toEqual(b.b);
    }
  });
});
