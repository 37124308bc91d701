#!/usr/bin/env node
// What each main page of the built site downloads: requests, bytes, JavaScript bytes, and what
// they would be gzip-compressed (our static server sends files as they are; a real host
// compresses text, so the gzip column is closer to what a reader pays).
//
//   node test/e2e/page-weight.mjs [build dir]      (default site/build)
//
// Each page is loaded in a fresh 1280×800 context with the cache disabled, then we wait for
// hydration, for its live demo's chunk (DemoFrame's "Loading the live demo…" placeholder to
// go) and for the network to stay quiet. A demo that runs on load fetches what its default run
// needs (TensorFlow.js backend, wasm binaries, data): that counts, since a reader pays it.
//
// pageWeights(baseUrl, paths, browser) is exported for the e2e runner.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium).

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { withBuiltSite } from '../lib/browser.mjs';

/** The main pages: landing page, introduction, every topic page, a bound, a theory page. */
export const MAIN_PAGES = [
  '/',
  '/docs/intro',
  '/docs/double-descent',
  '/docs/kernels',
  '/docs/lazy-and-rich-training',
  '/docs/edge-of-stability',
  '/docs/linear-networks',
  '/docs/bounds',
  '/docs/bounds/hmrt-ridgeless',
  '/docs/backends',
  '/docs/linear-algebra',
  '/docs/theory/fully-connected-kernels',
  '/docs/glossary',
];

const HYDRATION_TIMEOUT_MS = 15_000;
const DEMO_TIMEOUT_MS = 20_000;
/** The network counts as quiet after this long with no request in flight… */
const QUIET_MS = 1_500;
/** …and we stop waiting for it after this long. */
const SETTLE_TIMEOUT_MS = 30_000;

/** Which column a response counts in, from its URL and CDP resource type. */
function kindOf(url, type) {
  const path = new URL(url).pathname;
  if (/\.m?js$/.test(path) || type === 'Script') return 'js';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.css') || type === 'Stylesheet') return 'css';
  if (type === 'Document') return 'html';
  if (type === 'Image' || type === 'Font') return 'media';
  return 'data';
}

/**
 * Loads each of `paths` (site paths such as '/docs/intro') under `baseUrl` in `browser`
 * (a playwright-core Browser) and measures what it downloads. Resolves to one record per
 * page: { path, requests, bytes, gzipBytes, byKind: { js, wasm, css, html, media, data:
 * { requests, bytes, gzipBytes } }, largest: [{ url, kind, bytes, gzipBytes }], notes }.
 * `bytes` are response bodies as served (uncompressed here); `gzipBytes` is zlib.gzipSync of
 * each body at the default level, an estimate of what a compressing host sends.
 */
export async function pageWeights(baseUrl, paths, browser, { viewport } = {}) {
  const results = [];
  for (const path of paths) {
    const context = await browser.newContext({
      viewport: viewport ?? { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable', { maxTotalBufferSize: 200_000_000 });
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const requests = new Map();
    const pending = new Set();
    const done = [];
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      if (request.url.startsWith('data:') || request.url.startsWith('blob:')) return;
      requests.set(requestId, { url: request.url });
      pending.add(requestId);
    });
    cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
      const entry = requests.get(requestId);
      if (entry) Object.assign(entry, { type, status: response.status });
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const entry = requests.get(requestId);
      pending.delete(requestId);
      if (!entry) return;
      entry.encodedDataLength = encodedDataLength;
      // Read the body now, while Chromium still holds it.
      done.push(
        cdp
          .send('Network.getResponseBody', { requestId })
          .then(({ body, base64Encoded }) => {
            entry.body = Buffer.from(body, base64Encoded ? 'base64' : 'utf8');
          })
          .catch(() => {}),
      );
    });
    cdp.on('Network.loadingFailed', ({ requestId, errorText }) => {
      const entry = requests.get(requestId);
      pending.delete(requestId);
      if (entry) entry.failed = errorText;
    });

    const notes = [];
    const url = new URL(path.replace(/^\//, ''), baseUrl).href;
    try {
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) notes.push(`answered ${response?.status()}`);
      await page
        .waitForFunction(() => document.documentElement.dataset.hasHydrated === 'true', null, {
          timeout: HYDRATION_TIMEOUT_MS,
        })
        .catch(() => notes.push('did not hydrate'));
      await page
        .waitForFunction(() => !document.body.textContent.includes('Loading the live demo'), null, {
          timeout: DEMO_TIMEOUT_MS,
        })
        .catch(() => notes.push('demo chunk still loading'));
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (pending.size > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= QUIET_MS) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (pending.size > 0) notes.push(`${pending.size} requests still in flight`);
    } catch (error) {
      notes.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    await Promise.all(done);
    await context.close();

    const zero = () => ({ requests: 0, bytes: 0, gzipBytes: 0 });
    const byKind = {
      js: zero(),
      wasm: zero(),
      css: zero(),
      html: zero(),
      media: zero(),
      data: zero(),
    };
    const files = [];
    const total = zero();
    for (const entry of requests.values()) {
      if (entry.failed || entry.encodedDataLength === undefined) continue;
      const bytes = entry.body?.length ?? entry.encodedDataLength;
      const gzipBytes = entry.body ? gzipSync(entry.body).length : bytes;
      const kind = kindOf(entry.url, entry.type);
      for (const bucket of [byKind[kind], total]) {
        bucket.requests += 1;
        bucket.bytes += bytes;
        bucket.gzipBytes += gzipBytes;
      }
      files.push({ url: entry.url, kind, bytes, gzipBytes });
    }
    files.sort((a, b) => b.bytes - a.bytes);
    results.push({ path, ...total, byKind, largest: files.slice(0, 8), notes });
  }
  return results;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;

/** A markdown table of {@link pageWeights} records. */
export function weightTable(records) {
  const lines = [
    '| page | requests | bytes | gzip est. | JS | JS gzip | wasm | data | notes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of records) {
    const { js, wasm, data } = r.byKind;
    lines.push(
      `| ${r.path} | ${r.requests} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | ${kb(js.bytes)} | ${kb(js.gzipBytes)} | ${kb(wasm.bytes)} | ${kb(data.bytes)} | ${r.notes.join('; ')} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  await withBuiltSite(process.argv[2], root, async (server, browser) => {
    const records = await pageWeights(server.url, MAIN_PAGES, browser);
    console.log(weightTable(records));
    if (process.env.PAGE_WEIGHT_DETAILS) {
      for (const r of records) {
        console.log(`\n${r.path}`);
        for (const f of r.largest) {
          console.log(
            `  ${kb(f.bytes).padStart(8)} ${kb(f.gzipBytes).padStart(8)} ${f.kind.padEnd(5)} ${new URL(f.url).pathname}`,
          );
        }
      }
    }
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
