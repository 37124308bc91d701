// Starts the backend named by OVERPARAM_BACKEND before a test file runs. webgpu runs with
// WEBGPU_CPU_FORWARD off so that small inputs reach the GPU shaders too.
import { initBackend, isBackendPreference } from '@overparam/tensor';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  const name = process.env.OVERPARAM_BACKEND ?? 'cpu';
  if (!isBackendPreference(name)) throw new Error(`OVERPARAM_BACKEND='${name}' is not a backend`);
  await initBackend(name, { webgpuCpuForward: false });
});
