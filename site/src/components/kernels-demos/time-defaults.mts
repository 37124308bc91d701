// Times the default runs of the two Kernels experiments on the wasm backend (what a reader's
// browser does on load), and writes their "Run it in Node" scripts for the defaults:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/kernels-demos/time-defaults.mts [out-dir]
//
// out-dir (default /tmp) receives ntk-width.mjs and kernel-regression.mjs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '@overparam/tensor';
import { defaultInputs, type Experiment } from '../demo-kit/experiment';
import { kernelRegressionExperiment } from './kernel-regression-experiment';
import { ntkWidthExperiment } from './ntk-width-experiment';

const outDir = process.argv[2] ?? '/tmp';
await initBackend('wasm');

async function time<I extends object, R extends object>(x: Experiment<I, R>) {
  const inputs = defaultInputs<I>(x.inputs);
  const rows: R[] = [];
  const started = performance.now();
  let first: number | null = null;
  await x.run(inputs, {
    signal: new AbortController().signal,
    onRow: (row) => {
      first ??= performance.now();
      rows.push(row);
    },
    report() {},
    env: {},
  });
  const seconds = (performance.now() - started) / 1000;
  const firstSeconds = ((first ?? performance.now()) - started) / 1000;
  console.log(
    `${x.id}: ${rows.length} rows in ${seconds.toFixed(2)} s (first row after ${firstSeconds.toFixed(2)} s)`,
  );
  const shown = rows.map((row) =>
    Object.fromEntries(
      x.columns.filter((c) => !c.exportOnly).map((c) => [c.key, row[c.key as keyof R]]),
    ),
  );
  console.table(shown);
  const file = path.join(outDir, `${x.id}.mjs`);
  writeFileSync(file, x.nodeScript(inputs));
  console.log(`script: ${file}`);
}

await time(ntkWidthExperiment);
await time(kernelRegressionExperiment);
