// Times the edge-of-stability experiment's default run in Node on the wasm backend (the
// browser's wasm is about as fast), prints its measured rows, and writes the Node script of these
// settings to /tmp/edge-of-stability-script.mjs; extra settings as JSON in argv[2], REPEAT=k runs
// it k times (the first includes the backend's warm-up, as the page's first run does). Run from
// the repository root:
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/edge-of-stability-demo/time-defaults.mts '{"effectiveStep":0.2}'
import { writeFileSync } from 'node:fs';
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../demo-kit/experiment';
import { type EosInputs, type EosRow, edgeOfStabilityExperiment as experiment } from './experiment';

await initBackend('wasm');
const inputs = {
  ...defaultInputs<EosInputs>(experiment.inputs),
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const check = experiment.check?.(inputs);
if (check) throw new Error(check);
let rows: EosRow[] = [];
const times: number[] = [];
for (let k = 0; k < Number(process.env.REPEAT ?? 1); k++) {
  rows = [];
  const t0 = performance.now();
  await experiment.run(inputs, {
    signal: new AbortController().signal,
    onRow: (r) => rows.push(r),
    report: () => {},
    env: {},
  });
  times.push((performance.now() - t0) / 1000);
}
console.table(
  rows
    .filter((r) => r.sharpness !== null || r.diverged)
    .map(({ lambdaMin, lambdaMax, threshold, ...r }) => r),
);
const r0 = rows[0] as EosRow;
console.log(
  `λ_max(Θ₀) = ${r0.lambdaMax.toFixed(3)}, 2/λ_max = ${r0.threshold.toFixed(4)}; ${times.map((t) => t.toFixed(2)).join(' s, ')} s, ${rows.length} rows`,
  JSON.stringify(inputs),
);
writeFileSync('/tmp/edge-of-stability-script.mjs', experiment.nodeScript(inputs));
