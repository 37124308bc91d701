import { kernelRidge, rbfKernel } from '@overparam/kernels';
import { matmul, ShapeMismatchError } from '@overparam/tensor';
import {
  expectClose,
  F32_RTOL,
  F64_RTOL,
  MC_RTOL,
  relativeError,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type FeatureKind,
  leastSquaresFit,
  randomFeatures,
  randomFeaturesFit,
} from '../src/index.js';
import { minNormCases } from './fixtures.js';
import { asData, classData, inputColumns, teacherData } from './helpers.js';

function metrics(p: { trainMse: number; testMse: number; norm: number }): number[] {
  return [p.trainMse, p.testMse, p.norm];
}

describe(`randomFeaturesFit on ${TEST_BACKEND}`, () => {
  for (const c of minNormCases()) {
    const data = asData(c.Phi, c.Y, c.PhiTest, c.YTest);
    const fitCase = (options: { precision?: 'auto' | 'float64'; ridge?: number } = {}) =>
      randomFeaturesFit({
        data,
        N: c.Phi.cols,
        featureSeed: 0,
        featureMap: inputColumns(c.Phi.cols),
        ...options,
      });

    it(`${c.name}: the float64 path matches numpy's pinv(Φ)·Y fit (F64_RTOL)`, async () => {
      const p = await fitCase({ precision: 'float64' });
      expectClose(metrics(p), metrics(c.minNorm), { rtol: F64_RTOL, label: c.name });
      expect(p.precision).toBe('float64');
      expect(p.rank).toBe(c.rank);
    });

    it(`${c.name}: the automatic path matches it too, and reports which path it took`, async () => {
      const p = await fitCase();
      const full = c.rank === Math.min(c.Phi.rows, c.Phi.cols);
      // A singular Gram matrix can never pass the float32 condition test.
      if (!full) expect(p.precision).toBe('float64');
      expectClose(metrics(p), metrics(c.minNorm), {
        rtol: p.precision === 'float64' ? F64_RTOL : F32_RTOL,
        label: c.name,
      });
    });

    it(`${c.name}: ridge λ = ${c.ridge} matches numpy's (ΦᵀΦ + λI)⁻¹ΦᵀY`, async () => {
      const p = await fitCase({ precision: 'float64', ridge: c.ridge });
      expectClose(metrics(p), metrics(c.ridgeMetrics), { rtol: F64_RTOL, label: c.name });
      expect(p.solver).toBe('cholesky');
    });
  }

  for (const [N, form] of [
    [12, 'primal'],
    [200, 'dual'],
  ] as const) {
    it(`ReLU features, N = ${N} (${form}): equals leastSquaresFit on the same features in float64`, async () => {
      const data = teacherData(40, 30, 6);
      const p = await randomFeaturesFit({
        data,
        N,
        featureSeed: 3,
        featureMap: { kind: 'relu' },
        precision: 'float64',
      });
      expect(p.form).toBe(form);
      const z = randomFeatures({ kind: 'relu', d: 6, N, featureSeed: 3 });
      const Phi = z.f64(data.train.X);
      const { a } = leastSquaresFit(Phi, data.train.Y);
      let norm = 0;
      for (const v of a.data) norm += v * v;
      // The pipeline's features are float32 (taken as exact); these are float64.
      expect(relativeError(p.norm, Math.sqrt(norm))).toBeLessThan(F32_RTOL);
    });
  }

  it('as N → ∞ the min-norm fit approaches the kernel interpolant of @overparam/kernels (N = 2¹⁵)', async () => {
    const data = teacherData(20, 40, 3);
    const sigma = 1;
    const p = await randomFeaturesFit({
      data,
      N: 2 ** 15,
      featureSeed: 0,
      featureMap: { kind: 'fourier-gaussian', lengthScale: sigma },
    });
    const k = rbfKernel({ lengthScale: sigma });
    const model = kernelRidge(k.f64(data.train.X), data.train.Y);
    const pred = model.predict(k.f64(data.test.X, data.train.X));
    let mse = 0;
    for (let i = 0; i < pred.data.length; i++) mse += (pred.data[i]! - data.test.Y.data[i]!) ** 2;
    mse /= data.test.X.rows;
    // ‖a‖ → the RKHS norm √(tr(αᵀKα)) of the kernel interpolant.
    const Ka = matmul(k.f64(data.train.X), model.alpha);
    let rkhs = 0;
    for (let i = 0; i < Ka.data.length; i++) rkhs += Ka.data[i]! * model.alpha.data[i]!;
    expect(relativeError(p.testMse, mse)).toBeLessThan(MC_RTOL);
    expect(relativeError(p.norm, Math.sqrt(rkhs))).toBeLessThan(MC_RTOL);
  });

  it('reports 0–1 errors for labelled data (argmax of one-hot outputs), null without labels', async () => {
    const p = await randomFeaturesFit({
      data: classData(60, 40),
      N: 300,
      featureSeed: 0,
      featureMap: { kind: 'fourier-gaussian', lengthScale: 3 },
    });
    expect(p.trainError01).toBe(0); // an interpolant classifies its training set perfectly
    expect(p.testError01).toBeGreaterThanOrEqual(0);
    expect(p.testError01).toBeLessThan(0.5);
    const q = await randomFeaturesFit({
      data: teacherData(20, 10),
      N: 5,
      featureSeed: 0,
      featureMap: { kind: 'relu' },
    });
    expect([q.trainError01, q.testError01]).toEqual([null, null]);
  });

  it('takes the float64 path at the threshold N = n and float32 Gram matrices far from it', async () => {
    const data = teacherData(60, 20, 10);
    const at = (N: number) =>
      randomFeaturesFit({
        data,
        N,
        featureSeed: 0,
        featureMap: { kind: 'fourier-gaussian', lengthScale: 4 },
      });
    const [below, threshold, above] = [await at(10), await at(60), await at(600)];
    expect([below.precision, threshold.precision, above.precision]).toEqual([
      'float32-gram',
      'float64',
      'float32-gram',
    ]);
    expect(threshold.condition).toBeGreaterThan(1e5);
    expect(below.condition).toBeLessThan(1e5);
    expect([below.form, threshold.form, above.form]).toEqual(['primal', 'dual', 'dual']);
  });

  it('the float32 Gram path agrees with the float64 path away from the threshold', async () => {
    const data = teacherData(60, 40, 10);
    for (const N of [15, 400]) {
      const opts = {
        data,
        N,
        featureSeed: 1,
        featureMap: { kind: 'relu' as FeatureKind },
      };
      const fast = await randomFeaturesFit({ ...opts, precision: 'auto' });
      const exact = await randomFeaturesFit({ ...opts, precision: 'float64' });
      expect(fast.precision).toBe('float32-gram');
      expectClose(metrics(fast), metrics(exact), { rtol: F32_RTOL, label: `N = ${N}` });
    }
  });

  it('leaves no tensors behind, on either form and either precision', async () => {
    const data = teacherData(30, 10, 5);
    for (const N of [10, 30, 90]) {
      for (const precision of ['auto', 'float64', 'float32-gram'] as const) {
        await withLeakCheck(() =>
          randomFeaturesFit({
            data,
            N,
            featureSeed: 0,
            precision,
            featureMap: { kind: 'fourier-laplace', lengthScale: 2 },
            blockFloats: 200, // many small blocks
          }),
        );
      }
    }
  });

  it('gives the same numbers for small feature blocks as for one block (to float32 on webgpu)', async () => {
    const data = teacherData(30, 10, 5);
    for (const N of [10, 90]) {
      const opts = { data, N, featureSeed: 2, featureMap: { kind: 'relu' as FeatureKind } };
      const one = await randomFeaturesFit({ ...opts, precision: 'float64' });
      const many = await randomFeaturesFit({
        ...opts,
        precision: 'float64',
        blockFloats: 100,
        cacheFloats: 0,
      });
      // WebGPU's matmul tiles by shape, so other blocks round the float32 features differently.
      const rtol = TEST_BACKEND === 'webgpu' ? F32_RTOL : F64_RTOL;
      expectClose(metrics(many), metrics(one), { rtol, label: `N = ${N}` });
    }
  });

  it('rejects bad options with InvalidArgumentError naming the option', async () => {
    const data = teacherData(10, 5, 3);
    const base = { data, N: 5, featureSeed: 0, featureMap: { kind: 'relu' as FeatureKind } };
    await expect(randomFeaturesFit({ ...base, N: 0 })).rejects.toThrow(/N is 0/);
    await expect(randomFeaturesFit({ ...base, ridge: -1 })).rejects.toThrow(/ridge is -1/);
    await expect(randomFeaturesFit({ ...base, precision: 'float16' as 'auto' })).rejects.toThrow(
      /precision is 'float16'/,
    );
    await expect(
      randomFeaturesFit({ ...base, featureMap: { kind: 'rbf' as FeatureKind } }),
    ).rejects.toThrow(/kind is 'rbf'/);
    const bad = {
      ...data,
      test: { X: data.test.X, Y: { rows: 5, cols: 2, data: new Float64Array(10) } },
    };
    await expect(randomFeaturesFit({ ...base, data: bad })).rejects.toThrow(ShapeMismatchError);
    await expect(randomFeaturesFit({ ...base, data: bad })).rejects.toThrow(
      /randomFeaturesFit: data.test.Y (is 5×2; expected 5×1|has 2 columns?; expected 1)/,
    );
    await expect(randomFeaturesFit({ ...base, featureSeed: 1.5 })).rejects.toThrow(
      /featureSeed is 1.5/,
    );
  });

  it('rejects with the signal reason when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      randomFeaturesFit({
        data: teacherData(10, 5, 3),
        N: 5,
        featureSeed: 0,
        featureMap: { kind: 'relu' },
        signal: controller.signal,
      }),
    ).rejects.toThrow('stop');
  });
});
