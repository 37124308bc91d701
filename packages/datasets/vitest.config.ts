import { defineConfig } from 'vitest/config';
import { backendProjects } from '../../vitest.shared.js';

// Data sets are float64 arrays built on the CPU: no tensor code, so one backend suffices.
export default defineConfig({
  test: { projects: backendProjects(import.meta.dirname, { backends: ['cpu'] }) },
});
