/**
 * The backend the running test project uses: `OVERPARAM_BACKEND`, which every vitest project of
 * the monorepo sets (one project per backend, see vitest.shared.ts); 'cpu' when it is unset, or
 * where there is no `process` (a browser). Test names carry it, so that one suite run on three
 * backends reports which one failed.
 *
 * @example
 * describe(`[${TEST_BACKEND}] solveSpd`, () => { … }); // "[wasm] solveSpd" in the wasm project
 */
export const TEST_BACKEND: string =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.OVERPARAM_BACKEND ?? 'cpu';
