// Training steps per second of an MLP (width 512, depth 3, ReLU, n = 1000, d = 784) and the
// empirical NTK for n = 500, on every backend Node has: `pnpm bench` (or
// `npx tsx --conditions=@overparam/source bench/train.bench.ts`). Prints markdown tables.
// Peers measured in the same run: the bare matmuls of one forward + backward pass (what any
// implementation must do), tfjs's own optimizer (tf.train.sgd minimize on tf.variables of the
// same model), and empiricalNtkF64 (float64 JavaScript on the CPU) for the NTK.
// With no GPU, webgpu runs on SwiftShader (a software Vulkan driver on the CPU): labelled so.
// TRAIN_BACKENDS (default cpu,wasm,webgpu) and TRAIN_STEPS (timed steps, default 3) override.
import { cpus } from 'node:os';
import { type BackendName, createRng, randomUniform } from '@overparam/tensor';
import { prepareBenchEnvironment, startBenchBackend } from '@overparam/tensor/bench';
import * as tf from '@tensorflow/tfjs-core';
import { createMlp, empiricalNtk, empiricalNtkF64, type Mlp, train } from '../src/index.js';

prepareBenchEnvironment();

const n = 1000;
const nNtk = 500;
const d = 784;
const width = 512;
const depth = 3;
const steps = Number(process.env.TRAIN_STEPS ?? 3);
const backends = (process.env.TRAIN_BACKENDS ?? 'cpu,wasm,webgpu').split(',') as BackendName[];
const log = (s: string) => console.error(s);
const fmt = (s: number) => (s >= 10 ? s.toFixed(1) : s.toFixed(2));

async function seconds(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

const model = () =>
  createMlp({ inputDim: d, width, depth, activation: 'relu', init: 'he', initSeed: 1 });

/** The matmuls of one GD step, nothing else: forward h·W, backward Aᵀ·G and G·Wᵀ per layer. */
async function bareMatmuls(net: Mlp, X: tf.Tensor2D): Promise<void> {
  const out = tf.tidy(() => {
    const inputs: tf.Tensor2D[] = [X];
    let h = X;
    for (const layer of net.layers) {
      h = tf.matMul(h, net.params[layer.weightIndex] as tf.Tensor2D);
      inputs.push(h);
    }
    let g = tf.onesLike(h);
    const grads: tf.Tensor[] = [];
    for (let l = net.layers.length - 1; l >= 0; l--) {
      const layer = net.layers[l];
      if (!layer) continue;
      grads.push(tf.matMul(tf.transpose(inputs[l] as tf.Tensor2D), g));
      if (l > 0) g = tf.matMul(g, tf.transpose(net.params[layer.weightIndex] as tf.Tensor2D));
    }
    return tf.addN(grads.map((t) => tf.sum(t)));
  });
  await out.data();
  out.dispose();
}

/** tfjs's own optimizer on the same model: tf.train.sgd(η).minimize over tf.variables. */
async function tfjsOptimizer(net: Mlp, X: tf.Tensor2D, Y: tf.Tensor2D, k: number): Promise<void> {
  const vars = net.params.map((p) => tf.variable(p.clone()));
  const optimizer = tf.train.sgd(1e-3);
  for (let i = 0; i < k; i++) {
    const loss = optimizer.minimize(
      () => tf.div(tf.sum(tf.square(tf.sub(net.apply(vars, X), Y))), 2 * n) as tf.Scalar,
      true,
      vars,
    );
    await loss?.data();
    loss?.dispose();
  }
  optimizer.dispose();
  tf.dispose(vars);
}

const trainRows: string[] = [];
const ntkRows: string[] = [];
for (const name of backends) {
  const started = await startBenchBackend(name);
  if ('error' in started) {
    trainRows.push(`| ${name} | n/a | | | | ${started.error} |`);
    continue;
  }
  const { label } = started;
  const X = randomUniform<tf.Rank.R2>([n, d], { seed: 1 });
  const y = tf.tensor2d(createRng(2).fillNormal(new Float32Array(n)), [n, 1]);
  const net = model();
  const run = (k: number) => train(net, { X, y }, { steps: k, learningRate: 1e-3, measure: [] });
  // Warm-up: shader compilation, buffer pools, JIT. A backend that needs more than 5 s a step
  // (cpu, SwiftShader) is timed over one step, to keep the whole run near 5 minutes.
  const warm = await seconds(async () => void (await run(1)));
  await bareMatmuls(net, X);
  await tfjsOptimizer(net, X, y, 1);
  const reps = warm > 5 ? 1 : steps;
  const tTrain = (await seconds(async () => void (await run(reps)))) / reps;
  let tBare = 0;
  for (let i = 0; i < reps; i++) tBare += (await seconds(() => bareMatmuls(net, X))) / reps;
  const tTfjs = (await seconds(() => tfjsOptimizer(net, X, y, reps))) / reps;
  log(
    `${label}: train ${fmt(tTrain)} s/step, bare matmuls ${fmt(tBare)} s, tf.train.sgd ${fmt(tTfjs)} s/step`,
  );
  trainRows.push(
    `| ${label} | ${reps} | ${(1 / tTrain).toFixed(2)} | ${fmt(tTrain)} | ${fmt(tBare)} (**${(tTrain / tBare).toFixed(2)}×**) | ${fmt(tTfjs)} (${(tTrain / tTfjs).toFixed(2)}×) |`,
  );
  // Empirical NTK, n = 500, of the same network (read back).
  const Xn = tf.slice(X, [0, 0], [nNtk, d]);
  const ntkRun = async () => {
    const K = empiricalNtk(net, Xn);
    await K.data();
    K.dispose();
  };
  await ntkRun();
  const tNtk = await seconds(ntkRun);
  log(`${label}: empirical NTK n = ${nNtk} ${fmt(tNtk)} s`);
  ntkRows.push(`| empiricalNtk, ${label} | ${nNtk} | ${fmt(tNtk)} |`);
  tf.dispose([X, y, Xn]);
  net.dispose();
}

// The float64 route on the CPU for the same network (createMlp's options; its float64
// initialization is drawn inside the timed call), one run: the reference the tfjs kernel is
// checked against.
const X64 = { rows: nNtk, cols: d, data: createRng(1).fillUniform(new Float64Array(nNtk * d)) };
const tF64 = await seconds(async () => {
  empiricalNtkF64({ inputDim: d, width, depth, activation: 'relu', init: 'he', initSeed: 1 }, X64);
});
log(`empiricalNtkF64 (float64 JS): ${fmt(tF64)} s`);
ntkRows.push(`| empiricalNtkF64 (float64 JavaScript, CPU; peer) | ${nNtk} | ${fmt(tF64)} |`);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\nFull-batch GD step, MLP d = ${d}, width ${width}, depth ${depth} (ReLU, 'ntk'), n = ${n}, float32; mean of the timed steps after a warm-up step; ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpu}), Node ${process.version}\n`,
);
console.log(
  '| backend | timed steps | steps/s | train() s/step | bare matmuls of one step, s (train/bare) | tf.train.sgd s/step (train/tfjs) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of trainRows) console.log(row);
console.log(`\nEmpirical NTK Θ̂(X, X), same network, n = ${nNtk} (read back), seconds\n`);
console.log('| route | n | seconds |');
console.log('| --- | ---: | ---: |');
for (const row of ntkRows) console.log(row);
