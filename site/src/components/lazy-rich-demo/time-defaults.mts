// Times the lazy/rich experiment's default run in Node on the wasm backend (the browser's wasm is
// about as fast), prints its last row per α, and writes the Node script of these settings to
// /tmp/lazy-rich-script.mjs; extra settings as JSON in argv[2]. Run from the repository root:
//   pnpm --filter @overparam/train exec tsx --conditions=@overparam/source ../../site/src/components/lazy-rich-demo/time-defaults.mts '{"alpha":64}'
import { writeFileSync } from 'node:fs';
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../demo-kit/experiment';
import {
  lazyRichExperiment as experiment,
  type LazyRichInputs,
  type LazyRichRow,
} from './experiment';

await initBackend('wasm');
const inputs = {
  ...defaultInputs<LazyRichInputs>(experiment.inputs),
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const check = experiment.check?.(inputs);
if (check) throw new Error(check);
let rows: LazyRichRow[] = [];
const times: number[] = [];
// The first run includes the backend's warm-up (as the page's first run does); repeats show the rest.
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
const ends = [...new Map(rows.map((r) => [r.alpha, r])).values()];
console.table(ends.map(({ f, ...r }) => r));
console.log(
  `${times.map((t) => t.toFixed(2)).join(' s, ')} s, ${rows.length} rows`,
  JSON.stringify(inputs),
);
writeFileSync('/tmp/lazy-rich-script.mjs', experiment.nodeScript(inputs));
