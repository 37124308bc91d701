// A static file server for a Docusaurus build, with the routing of `docusaurus serve`:
// /docs/x → docs/x.html or docs/x/index.html, /docs/x/ → docs/x/index.html, no redirects,
// 404.html (status 404) for anything else. Only for tests: it binds to 127.0.0.1.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

/** The Content-Type for a file name; unknown extensions are served as bytes. */
export function mimeType(file) {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The file under `root` that serves `pathname` (already stripped of the base path and
 * decoded), or undefined. Never escapes `root`.
 */
export async function resolveFile(root, pathname) {
  const base = resolve(root);
  const target = resolve(base, `.${pathname}`);
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  const candidates = pathname.endsWith('/')
    ? [join(target, 'index.html')]
    : [target, `${target}.html`, join(target, 'index.html')];
  for (const candidate of candidates) {
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Serves `root` at `http://127.0.0.1:<free port><basePath>`. Resolves to `{ origin, url, close }`
 * where `url` is the site's root URL (origin + basePath). `onRequest(method, path, status)`
 * sees every request, for logging.
 */
export async function startStaticServer(root, { basePath = '/', extraFiles = {}, onRequest } = {}) {
  const prefix = basePath.endsWith('/') ? basePath : `${basePath}/`;
  const notFoundPage = join(root, '404.html');

  const server = createServer(async (request, response) => {
    const send = (status, file, headers = {}) => {
      onRequest?.(request.method, request.url, status);
      const type = file ? mimeType(file) : 'text/plain; charset=utf-8';
      // Assets may be cached (Docusaurus fingerprints them), as a real host lets them be:
      // the browser then also keeps their compiled code, which makes visiting 200 pages cheap.
      const cache = file && !file.endsWith('.html') ? 'max-age=600' : 'no-store';
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': cache, ...headers });
      if (request.method === 'HEAD' || !file) {
        response.end(file ? undefined : `${status}\n`);
        return;
      }
      createReadStream(file)
        .on('error', () => response.destroy())
        .pipe(response);
    };
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        send(405, undefined, { Allow: 'GET, HEAD' });
        return;
      }
      const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
      // Test-only files (e.g. axe-core) that the browser may cache: their code is then
      // compiled once, not on every page.
      if (Object.hasOwn(extraFiles, pathname)) {
        send(200, extraFiles[pathname], { 'Cache-Control': 'max-age=3600' });
        return;
      }
      const notFound = async () =>
        send(404, (await isFile(notFoundPage)) ? notFoundPage : undefined);
      if (`${pathname}/` === prefix) {
        const file = await resolveFile(root, '/');
        if (file) send(200, file);
        else await notFound();
        return;
      }
      if (!pathname.startsWith(prefix)) {
        await notFound();
        return;
      }
      let decoded;
      try {
        decoded = decodeURIComponent(pathname.slice(prefix.length - 1));
      } catch {
        send(400);
        return;
      }
      if (decoded.includes('\0')) {
        send(400);
        return;
      }
      const file = await resolveFile(root, decoded);
      if (file) send(200, file);
      else await notFound();
    } catch {
      if (!response.headersSent) send(500);
      else response.destroy();
    }
  });

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}${prefix}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
