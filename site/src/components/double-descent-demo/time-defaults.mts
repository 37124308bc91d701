// Times the double-descent experiment's default run in Node on the wasm backend (the browser's
// wasm is about as fast) and prints its rows; extra settings as JSON in argv[2]. Run from the
// repository root:
//   pnpm --filter @overparam/random-features exec tsx --conditions=@overparam/source ../../site/src/components/double-descent-demo/time-defaults.mts '{"n":200}'
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../demo-kit/experiment';
import { type DoubleDescentInputs, doubleDescentExperiment as experiment } from './experiment';

await initBackend('wasm');
const inputs = {
  ...defaultInputs<DoubleDescentInputs>(experiment.inputs),
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const t0 = performance.now();
await experiment.run(inputs, {
  signal: new AbortController().signal,
  onRow: (r) =>
    console.log(
      r.N,
      r.testMse.toPrecision(3),
      r.trainMse.toPrecision(3),
      r.testError01,
      r.norm.toPrecision(3),
    ),
  report: () => {},
  env: {},
});
console.log(`${((performance.now() - t0) / 1000).toFixed(2)} s`, JSON.stringify(inputs));
