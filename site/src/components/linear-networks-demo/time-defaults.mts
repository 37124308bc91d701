// Times the default run of the Linear networks experiment (float64 JavaScript: no backend) and
// writes its "Run it in Node" script for the defaults:
//
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/linear-networks-demo/time-defaults.mts [out-dir]
//
// out-dir (default /tmp) receives linear-networks.mjs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultInputs } from '../demo-kit/experiment';
import {
  certificateSummary,
  type LinearNetworksInputs,
  type LinearNetworksRow,
  tableSteps,
  linearNetworksExperiment as x,
} from './experiment';

const outDir = process.argv[2] ?? '/tmp';
const inputs = defaultInputs<LinearNetworksInputs>(x.inputs);
const rows: LinearNetworksRow[] = [];
const started = performance.now();
await x.run(inputs, {
  signal: new AbortController().signal,
  onRow: (row) => rows.push(row),
  report() {},
  env: {},
});
const seconds = (performance.now() - started) / 1000;
console.log(`${x.id}: ${rows.length} rows in ${seconds.toFixed(3)} s`);
console.table(
  tableSteps(rows).map((row) =>
    Object.fromEntries(x.columns.filter((c) => !c.exportOnly).map((c) => [c.key, row[c.key]])),
  ),
);
const s = certificateSummary(rows);
console.log(
  `${s?.violations} violations, max ρ ${s?.maxRho.toFixed(4)} at t = ${s?.maxRhoStep}, ρ < 1 at ${s?.certified} of ${s?.steps}`,
);
const file = path.join(outDir, `${x.id}.mjs`);
writeFileSync(file, x.nodeScript(inputs));
console.log(`script: ${file}`);
