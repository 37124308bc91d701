// The worker: loads the seven packages from source on the cpu backend, then runs one case per
// message: decode the arguments, snapshot them, count tensors, call, check the output, compare
// the snapshots, dispose what the call returned, count tensors again. The main thread
// (pool.ts) enforces the time limit and replaces the worker when it hangs or dies.
import { parentPort } from 'node:worker_threads';
import * as bounds from '@overparam/bounds';
import * as datasets from '@overparam/datasets';
import * as kernels from '@overparam/kernels';
import * as layers from '@overparam/layers';
import * as rf from '@overparam/random-features';
import * as tensor from '@overparam/tensor';
import * as train from '@overparam/train';
import * as tf from '@tensorflow/tfjs-core';
import { ENTRIES } from '../specs/index.js';
import { CANARIES } from './canaries.js';
import { CallbackError, createDecoder } from './encode.js';
import { diffSnapshots, disposeDeep, findNonFinite, listMethods, snapshot } from './inspect.js';
import type { CallContext, CaseResult, Category, Entry, FailureKind, Lib } from './types.js';

const lib: Lib = { tf, tensor, layers, kernels, datasets, rf, train, bounds };
const byName = new Map<string, Entry>(
  [...ENTRIES, ...CANARIES.map(([e]) => e)].map((e) => [e.name, e]),
);

export interface CaseRequest {
  id: number;
  entry: string;
  category: Category;
  args: unknown[];
}

function errorText(e: unknown): { name: string; message: string } {
  if (e instanceof Error) return { name: e.name, message: e.message.slice(0, 400) };
  return { name: typeof e, message: String(e).slice(0, 400) };
}

async function runCase(req: CaseRequest): Promise<CaseResult> {
  const entry = byName.get(req.entry);
  if (!entry) throw new Error(`no entry '${req.entry}'`);
  const env = createDecoder(lib);
  const problems: { kind: FailureKind; detail: string }[] = [];
  const args = env.decode(req.args) as unknown[];
  const mutable = new Set(entry.mutates ?? []);
  const before = args.map((a, i) => (mutable.has(i) ? null : snapshot(tf, a, `args[${i}]`)));
  const owned: unknown[] = [];
  const watched: { label: string; value: unknown; snap: Map<string, string> }[] = [];
  const ctx: CallContext = {
    own(x) {
      owned.push(x);
      return x;
    },
    watch(label, x) {
      watched.push({ label, value: x, snap: snapshot(tf, x, label) });
      return x;
    },
  };
  const n0 = tf.memory().numTensors;
  const t0 = performance.now();
  let result: unknown;
  let thrown: unknown;
  let threw = false;
  try {
    result = await entry.call(lib, args, ctx);
  } catch (e) {
    threw = true;
    thrown = e;
  }
  const ms = performance.now() - t0;
  if (!threw && req.category !== 'bad') {
    const allow = entry.allowInfinity;
    const at =
      allow === undefined
        ? () => false
        : typeof allow === 'string'
          ? () => true
          : (p: string) => allow.at.test(p);
    const nonFinite = findNonFinite(tf, result, at);
    if (nonFinite) problems.push({ kind: 'nan', detail: nonFinite });
  }
  const methods = threw ? [] : listMethods(tf, result);
  for (const [i, snap] of before.entries()) {
    if (!snap) continue;
    const d = diffSnapshots(snap, snapshot(tf, args[i], `args[${i}]`));
    if (d) problems.push({ kind: 'mutation', detail: d });
  }
  for (const w of watched) {
    const d = diffSnapshots(w.snap, snapshot(tf, w.value, w.label));
    if (d) problems.push({ kind: 'mutation', detail: d });
  }
  if (!threw) {
    try {
      if (entry.disposeResult) entry.disposeResult(result);
      else disposeDeep(tf, result);
    } catch (e) {
      problems.push({
        kind: 'untyped-error',
        detail: `disposing the result threw ${errorText(e).name}`,
      });
    }
  }
  for (const o of owned) disposeDeep(tf, o);
  const n1 = tf.memory().numTensors;
  if (n1 > n0) {
    problems.push({
      kind: 'leak',
      detail: `${n1 - n0} tensor(s) left after the call${threw ? ' threw' : ' and the disposal of its result'}`,
    });
  }
  for (const x of env.inputs) disposeDeep(tf, x);
  if (tf.getBackend() !== 'cpu') await tensor.initBackend('cpu');
  if (!threw) return { outcome: 'returned', problems, methods, ms };
  const typed =
    thrown instanceof tensor.OverparamError ||
    env.abortReasons.includes(thrown) ||
    env.callbackErrors.includes(thrown) ||
    thrown instanceof CallbackError;
  const { name, message } = errorText(thrown);
  return { outcome: 'threw', typed, errorName: name, errorMessage: message, problems, ms };
}

await tensor.initBackend('cpu');
process.on('unhandledRejection', (reason) => {
  // A rejection nobody awaits is a defect of the call that started it: die, and the main
  // thread records a crash for the running case.
  throw reason instanceof Error ? reason : new Error(String(reason));
});
const port = parentPort;
if (!port) throw new Error('worker.ts runs inside a worker thread');
port.on('message', (req: CaseRequest) => {
  runCase(req).then(
    (result) => port.postMessage({ id: req.id, result }),
    (e: unknown) =>
      port.postMessage({ id: req.id, harnessError: String((e as Error)?.stack ?? e) }),
  );
});
port.postMessage({ ready: true });
