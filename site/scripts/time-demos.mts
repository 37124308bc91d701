// Times the default run of every demo-kit experiment (or of the ids given) in Node on the wasm
// backend, which is about as fast as the browser's wasm, against the site's target of ≤ 3 s per
// default run on a 2-core machine. Run from the repository root:
//
//   pnpm --filter @overparam/site time-demos [id …] [--set '{"n":300}'] [--rows] [--scripts DIR]
//
// --set overrides inputs (JSON) of every experiment timed; --rows prints each run's table;
// --scripts DIR also writes each experiment's "Run it in Node" script for these inputs to
// DIR/<id>.mjs. REPEAT=k runs each k times. In Node, MNIST comes from the `mnist` package.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '@overparam/tensor';
import { defaultInputs } from '../src/components/demo-kit/experiment';
import { EXPERIMENTS } from '../src/components/experiments';

const TARGET_S = 3;
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const set = JSON.parse(option('--set') ?? '{}') as Record<string, unknown>;
const scripts = option('--scripts');
const showRows = args.includes('--rows');
const ids = args.filter((a) => !a.startsWith('--'));
const unknown = ids.filter((id) => !EXPERIMENTS.some((x) => x.id === id));
if (unknown.length > 0) {
  throw new Error(
    `unknown demo id ${unknown.join(', ')}: one of ${EXPERIMENTS.map((x) => x.id).join(', ')}`,
  );
}
const repeat = Math.max(1, Number(process.env.REPEAT ?? 1));

await initBackend('wasm');
const table: Record<string, unknown>[] = [];
for (const x of EXPERIMENTS.filter((e) => ids.length === 0 || ids.includes(e.id))) {
  const inputs = { ...defaultInputs<Record<string, unknown>>(x.inputs), ...set };
  const refused = x.check?.(inputs);
  if (refused) {
    table.push({ id: x.id, refused });
    continue;
  }
  const times: number[] = [];
  let rows: object[] = [];
  let first = 0;
  for (let k = 0; k < repeat; k++) {
    rows = [];
    const t0 = performance.now();
    let firstAt: number | null = null;
    await x.run(inputs, {
      signal: new AbortController().signal,
      onRow: (row: object) => {
        firstAt ??= performance.now();
        rows.push(row);
      },
      report: () => {},
      env: {},
    });
    times.push((performance.now() - t0) / 1000);
    first = ((firstAt ?? performance.now()) - t0) / 1000;
  }
  const best = Math.min(...times);
  table.push({
    id: x.id,
    rows: rows.length,
    'seconds (best)': Number(best.toFixed(2)),
    'first row (s)': Number(first.toFixed(2)),
    [`≤ ${TARGET_S} s`]: best <= TARGET_S ? 'yes' : 'NO',
  });
  if (showRows) {
    console.log(`\n${x.id}: ${x.title}`);
    console.table(
      rows.map((row) =>
        Object.fromEntries(
          x.columns
            .filter((c) => !c.exportOnly)
            .map((c) => [c.key, (row as Record<string, unknown>)[c.key]]),
        ),
      ),
    );
  }
  if (scripts) {
    mkdirSync(scripts, { recursive: true });
    const file = path.join(scripts, `${x.id}.mjs`);
    writeFileSync(file, x.nodeScript(inputs));
    console.log(`${x.id}: script written to ${file}`);
  }
}
console.table(table);
