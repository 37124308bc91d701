// n = 1 is a valid input: K(x, x) of a single point. The GPU paths marked the diagonal of
// K(X, X) with tf.oneHot(rows, n), which throws "oneHot: depth must be >= 2" for n = 1.
import { expectClose, F32_RTOL, TEST_BACKEND, withLeakCheck } from '@overparam/tensor/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FC_KERNELS, KERNELS } from './subjects.js';

const ONE = [[0.3, -1.2]];
const THREE = [
  [1, 0],
  [0.5, 2],
  [-1, 1],
];

describe(`[${TEST_BACKEND}] one point (n = 1) on every backend`, () => {
  it.each(KERNELS)('%s.gpu(X) of one row (no Y) equals .f64, leak-free', async (_, make) => {
    const k = make();
    const K = await withLeakCheck(() => k.gpu(ONE), { keep: true });
    expect(K.shape).toEqual([1, 1]);
    expectClose(await K.data(), k.f64(ONE), { rtol: F32_RTOL, label: 'K(x, x)' });
    const diag = await withLeakCheck(() => k.diagGpu(ONE), { keep: true });
    expectClose(await diag.data(), k.diagF64(ONE), { rtol: F32_RTOL, label: 'diag' });
    // One point against several, and several against one, in one-row tiles.
    const xy = await withLeakCheck(() => k.gpu(ONE, THREE), { keep: true });
    expectClose(await xy.data(), k.f64(ONE, THREE), { rtol: F32_RTOL, label: 'K(x, Y)' });
    const yx = await withLeakCheck(() => k.gpu(THREE, ONE, { maxTileElements: 1 }), {
      keep: true,
    });
    expectClose(await yx.data(), k.f64(THREE, ONE), { rtol: F32_RTOL, label: 'K(Y, x)' });
    tf.dispose([K, diag, xy, yx]);
  });

  const fcCases = FC_KERNELS.flatMap(([name, make]) =>
    (['ops', 'fused'] as const).map((implementation) => [name, implementation, make] as const),
  );
  it.each(fcCases)(
    "%s.gpu(X) of one row with implementation '%s' equals .f64 (NNGP and NTK), leak-free",
    async (_, implementation, make) => {
      const k = make();
      const want = k.f64(ONE);
      const got = await withLeakCheck(() => k.gpu(ONE, undefined, { implementation }), {
        keep: true,
      });
      expect(got.ntk.shape).toEqual([1, 1]);
      expectClose(await got.nngp.data(), want.nngp, { rtol: F32_RTOL, label: 'NNGP' });
      expectClose(await got.ntk.data(), want.ntk, { rtol: F32_RTOL, label: 'NTK' });
      const cross = await withLeakCheck(
        () => k.gpu(THREE, ONE, { implementation, maxTileElements: 1 }),
        { keep: true },
      );
      expectClose(await cross.ntk.data(), k.f64(THREE, ONE).ntk, { rtol: F32_RTOL });
      tf.dispose([got.nngp, got.ntk, cross.nngp, cross.ntk]);
    },
  );
});
