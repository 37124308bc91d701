// The browser every integration script drives: Debian's chromium through playwright-core, with
// the flags that work on this machine (WebGPU on Linux is behind --enable-unsafe-webgpu; without
// a GPU Chromium runs it on SwiftShader), and the built site served by the test static server.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Chromium's command-line flags for the tests. */
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

/** The browser binary: CHROMIUM_PATH, or Debian's. Never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Serves the built site `build` (default site/build under `root`) and launches chromium, calls
 * `fn(server, browser)`, and closes both. Exits with a message when there is no build.
 */
export async function withBuiltSite(build, root, fn) {
  const folder = resolve(build ?? join(root, 'site', 'build'));
  if (!existsSync(join(folder, 'index.html'))) {
    console.error(`no built site at ${folder} (run \`cd site && pnpm build\`)`);
    process.exit(1);
  }
  const { chromium } = await import('playwright-core');
  const { startStaticServer } = await import('../e2e/static-server.mjs');
  const server = await startStaticServer(folder);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
  try {
    return await fn(server, browser);
  } finally {
    await browser.close();
    await server.close();
  }
}
