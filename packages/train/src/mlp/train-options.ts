import { type LossNormalization, resolveLossNormalization } from '@overparam/kernels';
import {
  assertFunction,
  assertInteger,
  assertNonNegative,
  assertPositive,
  assertSignal,
  InvalidArgumentError,
  SEED_RANGE,
  type WorkBudget,
} from '@overparam/tensor';
import { assertObject } from '../internal/assert-object.js';
import type { BuiltinMeasurement, Measurement, TrajectoryPoint } from './measurement.js';

/** Options of {@link train}. Defaults in {@link TRAIN_DEFAULTS}. */
export interface TrainOptions {
  /** T, the number of updates. Integer ≥ 0. */
  steps: number;
  /** η > 0. The update is θ ← θ − η_t·∇L(θ), so the effective step is η/c (https://overparam.dev/docs/theory/conventions#effective-step). */
  learningRate: number;
  /** c. Default 'mean' (c = n). */
  lossNormalization?: LossNormalization;
  /**
   * B: full-batch GD when B = n (default); SGD with B < n, batches drawn without replacement
   * from a fresh permutation each epoch (createRng(dataSeed)); the minibatch loss is
   * (n/|B|)·(1/(2c))·Σ_{i∈B}(h_i − y_i)², an unbiased estimate of L.
   */
  batchSize?: number;
  /** Seed of the SGD batch order; required when batchSize < n. */
  dataSeed?: number;
  /**
   * β ∈ [0, 1), heavy-ball momentum (Polyak 1964): θ_{t+1} = θ_t − η_t∇L(θ_t) + β(θ_t − θ_{t−1}),
   * i.e. v ← βv + ∇L, θ ← θ − η_t·v with constant η. Default 0 (plain GD).
   */
  momentum?: number;
  /** Step-size schedule: η_t = learningRate·schedule(t), e.g. (t) => 0.5 ** Math.floor(t / 100). */
  schedule?: (step: number) => number;
  /**
   * α > 0, the lazy scaling of Chizat, Oyallon, Bach (NeurIPS 2019; https://overparam.dev/docs/theory/sharpness#lazy-training): train the
   * output h = α·(f(θ) − f(θ₀)) with the loss divided by α². Large α: ‖θ − θ₀‖ = O(1/α) and
   * the dynamics approach those of the linearized model. Default: none (h = f).
   */
  lazyScale?: number;
  /** Measure every k steps (steps 0, k, 2k, … and the last). Default max(1, ⌊T/100⌋). */
  measureEvery?: number;
  /** Built-in measurements to record. Default ['trainLoss', 'weightChange'] (+ 'testLoss' with test data). */
  measure?: readonly BuiltinMeasurement[];
  /** Custom measurements by name (e.g. sharpness), evaluated after the built-ins. */
  measurements?: Readonly<Record<string, Measurement>>;
  /** The NTK measurements use the first n_ntk training points. Default min(n, 256). */
  ntkPoints?: number;
  /** Called after each measured step with its values. */
  onProgress?: (point: TrajectoryPoint, progress: { step: number; steps: number }) => void;
  /** Aborting rejects with the signal's reason at the next step (the model keeps θ_t). */
  signal?: AbortSignal;
  /** Yield to the event loop (a macrotask) when this many ms passed since the last yield. Default 25. */
  yieldEveryMs?: number;
  /**
   * Overrides the work budget (default DEFAULT_WORK_BUDGET of @overparam/tensor: 2·10¹¹ flops,
   * 2 GiB), checked before anything is allocated. The estimate, with P parameters, H hidden
   * units, B the batch size, T steps and M = ⌊(T − 1)/measureEvery⌋ + 2 measured steps:
   * 6·B·P·T flops for the updates, plus per measured step 2·(n + n_test)·P for the losses and,
   * with 'ntkChange' or 'alignment', the empirical NTK on the n_ntk points (see empiricalNtk);
   * memory 24·P + 16·B·(H + k) + 8·T bytes plus the NTK's. Custom measurements are not counted.
   */
  budget?: WorkBudget;
}

/**
 * The defaults of {@link train}, in one place: c = n, full batches, no momentum, no schedule,
 * about 100 measured steps (measureEvery = max(1, ⌊T/measurePoints⌋)) of the training loss and
 * the weight change (plus the test loss when test data are given), the NTK measurements on at
 * most 256 training points, a yield to the event loop every 25 ms.
 *
 * @example
 * TRAIN_DEFAULTS.lossNormalization // 'mean'
 * TRAIN_DEFAULTS.measure           // ['trainLoss', 'weightChange']
 */
export const TRAIN_DEFAULTS = {
  lossNormalization: 'mean',
  momentum: 0,
  measurePoints: 100,
  measure: ['trainLoss', 'weightChange'],
  ntkPoints: 256,
  yieldEveryMs: 25,
} as const;

/** The built-in measurements, in the order they are documented. */
export const BUILTIN_MEASUREMENTS: readonly BuiltinMeasurement[] = [
  'trainLoss',
  'testLoss',
  'weightChange',
  'weightDistance',
  'ntkChange',
  'alignment',
];

/** The operation named in every message of {@link resolveTrainOptions}. */
const OP = 'train';

/** {@link TrainOptions} checked, with every default filled in (not exported from the package). */
export interface ResolvedTrainOptions {
  readonly steps: number;
  /** η, before the schedule. */
  readonly learningRate: number;
  /** c, resolved for the n training points. */
  readonly lossNormalization: number;
  readonly momentum: number;
  /** B (n for full-batch GD). */
  readonly batchSize: number;
  /** The seed of the SGD batch order (0, unused, for full batches). */
  readonly dataSeed: number;
  readonly lazyScale: number | undefined;
  readonly schedule: (step: number) => number;
  readonly measureEvery: number;
  readonly measure: readonly BuiltinMeasurement[];
  readonly measurements: readonly (readonly [string, Measurement])[];
  readonly ntkPoints: number;
  readonly yieldEveryMs: number;
  readonly onProgress: TrainOptions['onProgress'];
  readonly signal: AbortSignal | undefined;
  readonly budget: WorkBudget | undefined;
}

/**
 * Checks the options of {@link train} for n training points (with or without test data) and
 * fills in {@link TRAIN_DEFAULTS}.
 *
 * @throws InvalidArgumentError naming the first bad option, its value and what to pass.
 */
export function resolveTrainOptions(
  options: TrainOptions,
  n: number,
  hasTest: boolean,
): ResolvedTrainOptions {
  assertObject(OP, 'options', options, 'an object such as { steps: 100, learningRate: 0.5 }');
  const { steps, learningRate, momentum = TRAIN_DEFAULTS.momentum, batchSize = n } = options;
  assertInteger(OP, 'steps', steps, { min: 0 }, 'the number of updates T');
  assertPositive(OP, 'learningRate', learningRate, 'the step size η');
  assertNonNegative(OP, 'momentum', momentum, 'the heavy-ball β in [0, 1)');
  if (momentum >= 1) throw new InvalidArgumentError('momentum', momentum, 'β in [0, 1)', OP);
  assertInteger(OP, 'batchSize', batchSize, { min: 1, max: n }, `the minibatch size B ≤ n = ${n}`);
  const dataSeed = resolveDataSeed(options.dataSeed, batchSize, n);
  const { lazyScale } = options;
  if (lazyScale !== undefined) assertPositive(OP, 'lazyScale', lazyScale, 'the lazy scale α');
  // Defaults only for undefined (the option left out): an explicit null is a bad value.
  const {
    measureEvery = Math.max(1, Math.floor(steps / TRAIN_DEFAULTS.measurePoints)),
    ntkPoints = Math.min(n, TRAIN_DEFAULTS.ntkPoints),
    yieldEveryMs = TRAIN_DEFAULTS.yieldEveryMs,
  } = options;
  assertInteger(OP, 'measureEvery', measureEvery, { min: 1 }, 'measure every k steps');
  const measure = resolveMeasure(options.measure, hasTest);
  const measurements = resolveMeasurements(options.measurements);
  assertInteger(
    OP,
    'ntkPoints',
    ntkPoints,
    { min: 1, max: n },
    `the number of training points for the NTK, ≤ n = ${n}`,
  );
  assertNonNegative(
    OP,
    'yieldEveryMs',
    yieldEveryMs,
    'milliseconds between yields to the event loop',
  );
  if (options.schedule !== undefined) {
    assertFunction(OP, 'schedule', options.schedule, '(step) => multiplier of η');
  }
  if (options.onProgress !== undefined) {
    assertFunction(OP, 'onProgress', options.onProgress, '(point, { step, steps }) => void');
  }
  assertSignal(OP, 'signal', options.signal);
  const lossNormalization = resolveLossNormalization(
    OP,
    options.lossNormalization,
    n,
    TRAIN_DEFAULTS.lossNormalization,
  );
  return {
    steps,
    learningRate,
    lossNormalization,
    momentum,
    batchSize,
    dataSeed,
    lazyScale,
    schedule: options.schedule === undefined ? () => 1 : options.schedule,
    measureEvery,
    measure,
    measurements,
    ntkPoints,
    yieldEveryMs,
    onProgress: options.onProgress,
    signal: options.signal,
    budget: options.budget,
  };
}

/**
 * η_t = η·schedule(t).
 *
 * @throws InvalidArgumentError when the schedule returns anything but a finite number ≥ 0.
 */
export function learningRateAt(o: ResolvedTrainOptions, t: number): number {
  const m = o.schedule(t);
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
    throw new InvalidArgumentError(`schedule(${t})`, m, 'a finite multiplier ≥ 0 of η', OP);
  }
  return o.learningRate * m;
}

/**
 * The seed of the batch order: required for SGD (B < n), unused (0) for full batches; a seed
 * given with full batches is still checked, so a typo fails whatever the batch size.
 */
function resolveDataSeed(dataSeed: number | undefined, batchSize: number, n: number): number {
  if (batchSize >= n && dataSeed === undefined) return 0;
  if (dataSeed === undefined) {
    throw new InvalidArgumentError(
      'dataSeed',
      undefined,
      `a seed for the SGD batch order (batchSize ${batchSize} < n = ${n}), e.g. { dataSeed: 1 }`,
      OP,
    );
  }
  assertInteger(OP, 'dataSeed', dataSeed, SEED_RANGE, 'the seed of the batch order');
  return batchSize >= n ? 0 : dataSeed;
}

function resolveMeasure(
  measure: readonly BuiltinMeasurement[] | undefined,
  hasTest: boolean,
): BuiltinMeasurement[] {
  if (measure !== undefined && !Array.isArray(measure)) {
    throw new InvalidArgumentError(
      'measure',
      measure,
      `an array of built-in measurements, e.g. ['trainLoss', 'ntkChange']`,
      OP,
    );
  }
  const names = [
    ...(measure === undefined
      ? [...TRAIN_DEFAULTS.measure, ...(hasTest ? (['testLoss'] as const) : [])]
      : measure),
  ];
  for (const name of names) {
    if (!BUILTIN_MEASUREMENTS.includes(name)) {
      throw new InvalidArgumentError(
        'measure',
        name,
        `built-in measurements among ${BUILTIN_MEASUREMENTS.map((b) => `'${b}'`).join(', ')}; pass custom ones in { measurements }`,
        OP,
      );
    }
  }
  if (names.includes('testLoss') && !hasTest) {
    throw new InvalidArgumentError(
      'measure',
      'testLoss',
      'test data: pass { Xtest, ytest } in the data to measure the test loss',
      OP,
    );
  }
  return names;
}

function resolveMeasurements(
  measurements: Readonly<Record<string, Measurement>> | undefined,
): [string, Measurement][] {
  if (measurements !== undefined && (typeof measurements !== 'object' || measurements === null)) {
    throw new InvalidArgumentError(
      'measurements',
      measurements,
      'an object { name: (ctx) => number }, e.g. { sharpness: sharpnessMeasurement() }',
      OP,
    );
  }
  const entries = Object.entries(measurements === undefined ? {} : measurements);
  for (const [name, fn] of entries) {
    assertFunction(OP, `measurements.${name}`, fn, '(ctx) => number');
    if (BUILTIN_MEASUREMENTS.includes(name as BuiltinMeasurement) || name === 'step') {
      throw new InvalidArgumentError(
        'measurements',
        name,
        'a name that is not step or a built-in measurement',
        OP,
      );
    }
  }
  return entries;
}
