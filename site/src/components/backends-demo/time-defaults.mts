// Times the demo's default run on the wasm backend in Node (the page's budget: ≤ 3 s on wasm on
// a 2-core machine) and writes its "Run it in Node" script for the defaults. From the repository root:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/backends-demo/time-defaults.mts
import { writeFileSync } from 'node:fs';
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../demo-kit/experiment';
import { type GemmInputs, backendsExperiment as x } from './experiment';

await initBackend('wasm');
const inputs = defaultInputs<GemmInputs>(x.inputs);
const t0 = performance.now();
let rows = 0;
await x.run(inputs, {
  signal: new AbortController().signal,
  onRow: (row) => {
    rows += 1;
    console.log(row.backend, row.n, row.gflops?.toFixed(2), row.skipped ?? '');
  },
  report() {},
  env: {},
});
console.log(`${x.id}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s (wasm)`);
const file = `/tmp/${x.id}-script.mjs`;
writeFileSync(file, x.nodeScript(inputs));
console.log(`wrote ${file}`);
