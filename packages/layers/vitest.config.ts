import { defineConfig } from 'vitest/config';
import { backendProjects } from '../../vitest.shared.js';

export default defineConfig({ test: { projects: backendProjects(import.meta.dirname) } });
