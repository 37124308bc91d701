import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, initBackend } from '../src/index.js';

const backend = process.env.OVERPARAM_BACKEND as 'cpu' | 'wasm' | 'webgpu';

describe(`initBackend on ${backend}`, () => {
  it('reports the backend it started, in Node, at float32', async () => {
    const info = await initBackend(backend, { webgpuCpuForward: false });
    expect(tf.getBackend()).toBe(backend);
    expect(info.backend).toBe(backend);
    expect(info.environment).toBe('node');
    expect(info.floatPrecision).toBe(32);
    expect(info.skipped).toEqual([]);
  });

  it('says which adapter backs it', async () => {
    const info = await initBackend(backend, { webgpuCpuForward: false });
    if (backend === 'webgpu') {
      expect(info.adapter).not.toBeNull();
      // With no GPU driver configured the suite runs on SwiftShader and must say so.
      if (process.env.VK_ICD_FILENAMES?.includes('swiftshader'))
        expect(info.isSoftwareAdapter).toBe(true);
      expect(tf.env().getBool('WEBGPU_CPU_FORWARD')).toBe(false);
    } else {
      expect(info.adapter).toBeNull();
      expect(info.isSoftwareAdapter).toBe(false);
    }
    if (backend === 'wasm') expect(info.wasm?.simd).toBe(true);
  });

  it('with no argument, follows OVERPARAM_BACKEND', async () => {
    const info = await initBackend();
    expect(info.backend).toBe(backend);
  });

  it("'auto' passes over a software GPU adapter unless allowed, and says why", async () => {
    const saved = process.env.OVERPARAM_BACKEND;
    delete process.env.OVERPARAM_BACKEND;
    try {
      const info = await initBackend('auto');
      if (info.backend === 'webgpu') {
        expect(info.isSoftwareAdapter).toBe(false);
      } else {
        expect(info.backend).toBe('wasm');
        const webgpu = info.skipped.find((s) => s.backend === 'webgpu');
        expect(webgpu?.reason).toMatch(/software adapter|no-adapter|package-missing/);
        // Passed over before its code was loaded: the webgpu backend never registered (unless
        // this suite runs on webgpu, whose setup loaded it).
        if (backend !== 'webgpu' && /software adapter/.test(webgpu?.reason ?? '')) {
          expect(tf.engine().registryFactory.webgpu).toBeUndefined();
        }
      }
      if (backend === 'webgpu') {
        // This project runs on SwiftShader: allowed, 'auto' takes it.
        const allowed = await initBackend('auto', { allowSoftwareAdapter: true });
        expect(allowed.backend).toBe('webgpu');
        expect(allowed.skipped).toEqual([]);
      }
    } finally {
      process.env.OVERPARAM_BACKEND = saved;
      await initBackend(backend, { webgpuCpuForward: false });
    }
  });

  it('concurrent calls do not race: two demos starting wasm at once both get it (regression)', async () => {
    // Before the calls were queued, the second of two concurrent initBackend('wasm') rejected
    // with init-failed (both went through tf.setBackend at once), as on a page with two demos.
    const results = await Promise.allSettled([initBackend('wasm'), initBackend('wasm')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // Leave the backend of this project active for the tests after this one.
    expect((await initBackend(backend)).backend).toBe(backend);
  });

  it('computes correctly: a 2×2 product', async () => {
    await initBackend(backend, { webgpuCpuForward: false });
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const c = tf.matMul(a, a);
    expect(Array.from(await c.data())).toEqual([7, 10, 15, 22]);
    tf.dispose([a, c]);
  });

  it('throws BackendUnavailableError for webgl in Node, saying what to use instead', async () => {
    const error = await initBackend('webgl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).reason).toBe('not-in-this-environment');
    expect(String(error)).toMatch(/In Node use 'webgpu'/);
    expect(tf.getBackend()).toBe(backend);
  });

  it('throws BackendUnavailableError for an unknown name in OVERPARAM_BACKEND', async () => {
    const saved = process.env.OVERPARAM_BACKEND;
    process.env.OVERPARAM_BACKEND = 'tpu';
    try {
      const error = await initBackend().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(String(error)).toMatch(
        /OVERPARAM_BACKEND is 'tpu'; use one of auto, webgpu, webgl, wasm, cpu/,
      );
    } finally {
      process.env.OVERPARAM_BACKEND = saved;
    }
  });
});
