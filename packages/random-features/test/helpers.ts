// Shared by the fit and sweep tests: feature maps with known features, and small data sets.
import { linearTeacher, oneHot, type Split } from '@overparam/datasets';
import type { Matrix64 } from '@overparam/tensor';
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureMapFactory, FitData } from '../src/index.js';

/**
 * "Features" that are the input columns themselves, scaled like a block of a map with
 * `columns` features (amplitude ∝ 1/√total): with total = columns, Φ = X exactly. Feeds a
 * fixture's Φ through the whole GPU pipeline.
 */
export function inputColumns(columns: number): FeatureMapFactory {
  return ({ N, offset, total }) => ({
    gpu: (X: tf.Tensor2D) =>
      tf.tidy(() => tf.mul(tf.slice(X, [0, offset], [X.shape[0], N]), Math.sqrt(columns / total))),
    dispose() {},
  });
}

export function asData(Phi: Matrix64, Y: Matrix64, PhiTest: Matrix64, YTest: Matrix64): FitData {
  return { train: { X: Phi, Y }, test: { X: PhiTest, Y: YTest } };
}

/** A linear teacher in d dimensions with noise: n train and nTest test samples (one output). */
export function teacherData(n: number, nTest: number, d = 20, seed = 0): Split {
  const t = linearTeacher({ d, signalNorm: 1, noiseStd: 0.3, teacherSeed: seed });
  return {
    train: t.sample({ n, dataSeed: 100 + seed }),
    test: t.sample({ n: nTest, dataSeed: 200 + seed }),
  };
}

/** A 3-class problem from a linear teacher: the sign pattern of three projections. */
export function classData(n: number, nTest: number, d = 10, seed = 0): Split {
  const make = (rows: number, dataSeed: number) => {
    const { X, Y } = linearTeacher({ d, noiseStd: 0, teacherSeed: seed }).sample({
      n: rows,
      dataSeed,
    });
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const y = Y.data[i]!;
      labels[i] = y < -0.3 ? 0 : y < 0.3 ? 1 : 2;
    }
    return { X, Y: oneHot(labels, 3), labels };
  };
  return { train: make(n, 300 + seed), test: make(nTest, 400 + seed) };
}
