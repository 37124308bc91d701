// Runs the docusaurus CLI with this script's arguments minus a bare `--`: pnpm 10 passes
// `pnpm run serve -- --port 3123` through verbatim, and docusaurus would take `--port` for the
// site folder. (`pnpm run serve --port 3123` works either way.)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const cli = createRequire(import.meta.url).resolve('@docusaurus/core/bin/docusaurus.mjs');
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
