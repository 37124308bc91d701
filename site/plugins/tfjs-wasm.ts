// Serves the TensorFlow.js wasm binaries at `<baseUrl>tfjs-wasm/`, where @overparam/tensor's
// browser platform looks for them (never a CDN). They are copied from the installed
// @tensorflow/tfjs-backend-wasm (the version @overparam/tensor resolves) into the gitignored
// static/tfjs-wasm/ when the site loads, so `docusaurus start` and `docusaurus build` both
// serve them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

export const WASM_FOLDER = 'tfjs-wasm';

function wasmDistDir(siteDir: string): string {
  const fromSite = createRequire(path.join(siteDir, 'package.json'));
  const tensorPkg = fromSite.resolve('@overparam/tensor/package.json');
  const fromTensor = createRequire(tensorPkg);
  return path.join(
    path.dirname(fromTensor.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
}

function copyIfChanged(from: string, to: string): void {
  const source = fs.statSync(from);
  const target = fs.existsSync(to) ? fs.statSync(to) : undefined;
  if (target && target.size === source.size && target.mtimeMs >= source.mtimeMs) return;
  fs.copyFileSync(from, to);
}

export default function tfjsWasmPlugin(context: LoadContext): Plugin {
  const from = wasmDistDir(context.siteDir);
  const files = fs.readdirSync(from).filter((name) => name.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`tfjs-wasm: no .wasm files in ${from}`);
  const to = path.join(context.siteDir, 'static', WASM_FOLDER);
  fs.mkdirSync(to, { recursive: true });
  for (const name of files) copyIfChanged(path.join(from, name), path.join(to, name));
  return { name: 'tfjs-wasm' };
}
