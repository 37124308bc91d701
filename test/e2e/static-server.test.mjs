import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStaticServer } from './static-server.mjs';

describe('startStaticServer', () => {
  let root;
  let server;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'overparam-static-'));
    await mkdir(join(root, 'docs', 'backends'), { recursive: true });
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), 'home');
    await writeFile(join(root, '404.html'), 'not found page');
    await writeFile(join(root, 'docs', 'backends', 'index.html'), 'backends');
    await writeFile(join(root, 'docs', 'intro.html'), 'intro');
    await writeFile(join(root, 'assets', 'a.wasm'), 'wasm');
    await writeFile(join(root, 'assets', 'a.js'), 'js');
    await writeFile(join(root, 'assets', 'a.mjs'), 'mjs');
    await writeFile(join(root, 'secret.txt'), 'secret');
    server = await startStaticServer(root, { basePath: '/site/' });
  });

  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  const get = async (path) => {
    const response = await fetch(`${server.origin}${path}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    };
  };

  it('serves index.html at the base path, with and without the slash', async () => {
    assert.equal((await get('/site/')).body, 'home');
    assert.equal((await get('/site')).body, 'home');
  });

  it('routes /docs/x to docs/x/index.html or docs/x.html, like docusaurus serve', async () => {
    assert.equal((await get('/site/docs/backends')).body, 'backends');
    assert.equal((await get('/site/docs/backends/')).body, 'backends');
    assert.equal((await get('/site/docs/backends?backend=wasm')).body, 'backends');
    assert.equal((await get('/site/docs/intro')).body, 'intro');
  });

  it('sends wasm and JavaScript with the MIME types browsers require', async () => {
    assert.equal((await get('/site/assets/a.wasm')).type, 'application/wasm');
    assert.match((await get('/site/assets/a.js')).type, /^text\/javascript/);
    assert.match((await get('/site/assets/a.mjs')).type, /^text\/javascript/);
    assert.match((await get('/site/')).type, /^text\/html/);
  });

  it('answers 404 with 404.html for missing files and paths outside the base', async () => {
    const missing = await get('/site/docs/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body, 'not found page');
    assert.equal((await get('/elsewhere/index.html')).status, 404);
    assert.equal((await get('/site/docs/intro/')).status, 404);
  });

  it('never serves a file outside the root', async () => {
    assert.equal((await get('/site/..%2f..%2fetc%2fpasswd')).status, 404);
    assert.equal((await get('/site/%2e%2e/%2e%2e/etc/passwd')).status, 404);
  });
});
