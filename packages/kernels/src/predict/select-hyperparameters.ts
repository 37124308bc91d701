import {
  asMatrix64,
  assertFunction,
  assertInteger,
  assertOneOf,
  assertOptions,
  assertWorkBudget,
  asTargets,
  createRng,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  SEED_RANGE,
  ShapeMismatchError,
  type TargetsInput,
  type WorkBudget,
} from '@overparam/tensor';
import type { FcKernelPair } from '../fc-kernel.js';
import { gpInference } from '../gp-inference.js';

/** A value a hyperparameter takes. */
export type HyperparameterValue = number | string | boolean;

/** One setting: a value per hyperparameter name (diagReg, if present, is the ridge σ²). */
export type HyperparameterSetting = Record<string, HyperparameterValue>;

/** A kernel for one setting: anything with `f64(X, Y?)` giving a matrix, or { nngp, ntk } of one. */
export interface SelectableKernel {
  f64(X: MatrixInput, Y?: MatrixInput): Matrix64 | FcKernelPair<Matrix64>;
}

/** A random-search range: uniform on [min, max], or log-uniform with `log: true`. */
export interface SearchRange {
  min: number;
  max: number;
  log?: boolean;
  /** Round to an integer (e.g. depth). */
  integer?: boolean;
}

/** Options of {@link selectHyperparameters}. */
export interface SelectHyperparametersOptions {
  /**
   * The kernel of a setting, e.g. `(s) => fcKernel({ depth: s.depth, wStd: s.wStd })`. Called
   * once per distinct setting of the non-diagReg hyperparameters; the kernel matrix is shared by
   * every diagReg.
   */
  kernel: (setting: HyperparameterSetting) => SelectableKernel;
  /** Which matrix of a network kernel ({ nngp, ntk }) to use. Default 'nngp' (the GP prior). */
  get?: 'nngp' | 'ntk';
  /** Training data; xValidation/yValidation for the 'validation' criterion (and its column). */
  data: {
    xTrain: MatrixInput;
    yTrain: TargetsInput;
    xValidation?: MatrixInput;
    yValidation?: TargetsInput;
  };
  /** Every combination of these values (a Cartesian grid). One of grid or search. */
  grid?: Record<string, readonly HyperparameterValue[]>;
  /** Random search: `samples` settings drawn from `space` with `seed` (tensor's createRng). */
  search?: {
    space: Record<string, SearchRange | readonly HyperparameterValue[]>;
    samples: number;
    seed?: number;
  };
  /**
   * What to optimize: 'marginal-likelihood' (log p(Y | X), maximized), 'loo' (closed-form
   * leave-one-out MSE), 'gcv' (generalized cross-validation; needs diagReg > 0) or 'validation'
   * (MSE of the posterior mean on the validation data), all minimized except the first.
   */
  criterion: 'marginal-likelihood' | 'loo' | 'gcv' | 'validation';
  /** The ridge σ² when the grid has no diagReg. Default 0. */
  diagReg?: number;
  /** Called after each setting with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Work budget of the whole search, checked before the first setting (~9n³ flops each). */
  budget?: WorkBudget;
}

/** One row of the table of {@link selectHyperparameters}. */
export interface HyperparameterScore {
  setting: HyperparameterSetting;
  /** The criterion's value (higher is better for 'marginal-likelihood', lower otherwise), or null. */
  score: number | null;
  logMarginalLikelihood: number | null;
  looMse: number | null;
  gcv: number | null;
  /** MSE of the posterior mean on the validation data, when given. */
  validationMse: number | null;
  /** Why a score is null (a singular K + σ²I), from gpInference's diagnosis; else null. */
  diagnosis: string | null;
}

/** The result of {@link selectHyperparameters}. */
export interface HyperparameterSelection {
  criterion: SelectHyperparametersOptions['criterion'];
  /** One row per setting, in the order tried. */
  table: HyperparameterScore[];
  /** The best row (null when no setting could be scored). */
  best: HyperparameterScore | null;
}

/**
 * Chooses kernel hyperparameters (ridge σ², wStd, bStd, depth, a length scale: anything the
 * `kernel` factory reads) by a model-selection criterion computed in closed form by
 * {@link gpInference}: the log marginal likelihood (Rasmussen & Williams 2006, §5.4.1), the
 * leave-one-out error (§5.4.2), generalized cross-validation (Golub, Heath & Wahba 1979) or the
 * error on held-out data (https://overparam.dev/docs/theory/linearized-gd#gp-inference). Over a grid (every combination) or a seeded random search. Each
 * setting costs one kernel evaluation (shared by its diagReg values) and one eigendecomposition;
 * a setting whose K + σ²I is singular gets null scores with the diagnosis in words, never NaN.
 *
 * @throws InvalidArgumentError for a missing or bad kernel factory, grid or search (empty value
 *   lists, bad ranges), criterion, or 'validation' without validation data; ShapeMismatchError for
 *   data of inconsistent sizes; WorkBudgetError when the search exceeds its budget; the errors of
 *   the kernel factory and of gpInference.
 * @example
 * const { best, table } = selectHyperparameters({
 *   kernel: (s) => fcKernel({ depth: s.depth as number, wStd: s.wStd as number, bStd: 0.1 }),
 *   data: { xTrain, yTrain },
 *   grid: { depth: [1, 2, 4], wStd: [1, 1.4, 2], diagReg: [1e-4, 1e-2] },
 *   criterion: 'marginal-likelihood',
 * });
 * best.setting // e.g. { depth: 2, wStd: 1.4, diagReg: 0.01 }
 */
export function selectHyperparameters(
  options: SelectHyperparametersOptions,
): HyperparameterSelection {
  const op = 'selectHyperparameters';
  assertOptions(op, 'options', options, false);
  assertFunction(op, 'kernel', options.kernel, 'a function (setting) => kernel');
  const criterion = options.criterion;
  assertOneOf(op, 'criterion', criterion, [
    'marginal-likelihood',
    'loo',
    'gcv',
    'validation',
  ] as const);
  const get = options.get === undefined ? 'nngp' : options.get;
  assertOneOf(op, 'get', get, ['nngp', 'ntk'] as const);
  assertOptions(op, 'data', options.data, false);
  const X = asMatrix64(op, 'data.xTrain', options.data.xTrain, {
    meaning: 'training inputs, one per row (n×d)',
  });
  const n = X.rows;
  const Y = asTargets(op, 'data.yTrain', options.data.yTrain, { rows: n });
  const hasValidation = options.data.xValidation !== undefined;
  if (hasValidation !== (options.data.yValidation !== undefined)) {
    throw new InvalidArgumentError(
      hasValidation ? 'data.yValidation' : 'data.xValidation',
      undefined,
      'both xValidation and yValidation, or neither',
      op,
    );
  }
  if (criterion === 'validation' && !hasValidation) {
    throw new InvalidArgumentError(
      'data.xValidation',
      undefined,
      "validation inputs and targets for criterion 'validation' (or choose 'marginal-likelihood', 'loo' or 'gcv', which need none)",
      op,
    );
  }
  const Xv = hasValidation
    ? asMatrix64(op, 'data.xValidation', options.data.xValidation as MatrixInput)
    : null;
  if (Xv && Xv.cols !== X.cols) {
    throw new ShapeMismatchError(
      op,
      `data.xValidation has ${Xv.cols} columns`,
      `${X.cols}, as xTrain`,
    );
  }
  const Yv = Xv
    ? asTargets(op, 'data.yValidation', options.data.yValidation as TargetsInput, {
        rows: Xv.rows,
      })
    : null;
  if (Yv && Yv.cols !== Y.cols) {
    throw new ShapeMismatchError(
      op,
      `data.yValidation has ${Yv.cols} columns`,
      `${Y.cols}, as yTrain`,
    );
  }
  const fallbackReg = options.diagReg === undefined ? 0 : options.diagReg;
  if (options.onProgress !== undefined) {
    assertFunction(op, 'onProgress', options.onProgress, 'a function (done, total) => void');
  }

  const settings = enumerate(op, options);
  const total = settings.length;
  const m = Xv ? Xv.rows : 0;
  assertWorkBudget(
    op,
    { flops: total * (9 * n ** 3 + 2 * m * n * Y.cols), bytes: 8 * (4 * n * n + m * n) },
    options.budget,
    'try fewer settings, or subsample the training set',
  );

  // Settings that differ only in diagReg share one kernel matrix.
  const cache = new Map<string, { K: Matrix64; Kv: Matrix64 | null }>();
  const matrices = (setting: HyperparameterSetting) => {
    const { diagReg: _ignored, ...rest } = setting;
    const key = JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    const hit = cache.get(key);
    if (hit) return hit;
    const kernel = options.kernel(setting);
    if (kernel === null || typeof kernel !== 'object' || typeof kernel.f64 !== 'function') {
      throw new InvalidArgumentError(
        'kernel',
        kernel,
        'the factory to return a kernel with f64(X, Y?), e.g. rbfKernel({ lengthScale }) or fcKernel({ depth })',
        op,
      );
    }
    const pick = (v: Matrix64 | FcKernelPair<Matrix64>): Matrix64 =>
      v !== null && typeof v === 'object' && 'rows' in v
        ? v
        : ((v as FcKernelPair<Matrix64> | null)?.[get] as Matrix64);
    const value = { K: pick(kernel.f64(X)), Kv: Xv ? pick(kernel.f64(Xv, X)) : null };
    cache.set(key, value);
    return value;
  };

  const table: HyperparameterScore[] = [];
  settings.forEach((setting, index) => {
    const diagReg = setting.diagReg === undefined ? fallbackReg : setting.diagReg;
    if (typeof diagReg !== 'number') {
      throw new InvalidArgumentError('diagReg', diagReg, 'a number σ² ≥ 0', op);
    }
    const { K, Kv } = matrices(setting);
    const gp = gpInference(K, Y, {
      diagReg,
      ...(options.budget ? { budget: options.budget } : {}),
    });
    let validationMse: number | null = null;
    if (Kv && Yv) {
      const mean = gp.posterior(Kv).mean.data;
      let sq = 0;
      for (let i = 0; i < mean.length; i++)
        sq += ((mean[i] as number) - (Yv.data[i] as number)) ** 2;
      validationMse = mean.length > 0 ? sq / mean.length : 0;
    }
    const score =
      criterion === 'marginal-likelihood'
        ? gp.logMarginalLikelihood
        : criterion === 'loo'
          ? gp.looMse
          : criterion === 'gcv'
            ? gp.gcv
            : validationMse;
    const note =
      gp.diagnosis?.message ??
      (criterion === 'gcv' && diagReg === 0
        ? 'GCV is 0/0 for an interpolant (diagReg 0): put diagReg > 0 values in the grid'
        : null);
    table.push({
      setting,
      score,
      logMarginalLikelihood: gp.logMarginalLikelihood,
      looMse: gp.looMse,
      gcv: gp.gcv,
      validationMse,
      diagnosis: score === null ? note : null,
    });
    options.onProgress?.(index + 1, total);
  });

  const sign = criterion === 'marginal-likelihood' ? -1 : 1;
  let best: HyperparameterScore | null = null;
  for (const row of table) {
    if (row.score === null) continue;
    if (best === null || sign * row.score < sign * (best.score as number)) best = row;
  }
  return { criterion, table, best };
}

/** The settings of a grid (every combination, first key slowest) or of a random search. */
function enumerate(op: string, options: SelectHyperparametersOptions): HyperparameterSetting[] {
  const { grid, search } = options;
  if ((grid === undefined) === (search === undefined)) {
    throw new InvalidArgumentError(
      'grid',
      grid,
      'either grid ({ name: [values] }, every combination) or search ({ space, samples, seed }), not both',
      op,
    );
  }
  if (grid !== undefined) {
    assertOptions(op, 'grid', grid, false);
    let out: HyperparameterSetting[] = [{}];
    for (const [name, values] of Object.entries(grid)) {
      if (!Array.isArray(values) || values.length === 0) {
        throw new InvalidArgumentError(`grid.${name}`, values, 'a non-empty array of values', op);
      }
      for (const [i, v] of values.entries()) checkValue(op, `grid.${name}[${i}]`, v);
      out = out.flatMap((s) => values.map((v) => ({ ...s, [name]: v })));
    }
    return out;
  }
  const s = search as NonNullable<typeof search>;
  assertOptions(op, 'search', s, false);
  assertOptions(op, 'search.space', s.space, false);
  assertInteger(op, 'search.samples', s.samples, { min: 1, max: 100_000 }, 'e.g. 20');
  const seed = s.seed === undefined ? 0 : s.seed;
  assertInteger(op, 'search.seed', seed, SEED_RANGE, 'a seed for createRng');
  const entries = Object.entries(s.space);
  for (const [name, range] of entries) {
    if (Array.isArray(range)) {
      if (range.length === 0) {
        throw new InvalidArgumentError(
          `search.space.${name}`,
          range,
          'a non-empty array of values',
          op,
        );
      }
      for (const [i, v] of range.entries()) checkValue(op, `search.space.${name}[${i}]`, v);
      continue;
    }
    const r = range as SearchRange;
    const ok =
      r !== null &&
      typeof r === 'object' &&
      Number.isFinite(r.min) &&
      Number.isFinite(r.max) &&
      r.min <= r.max &&
      [r.log, r.integer].every((f) => f === undefined || typeof f === 'boolean') &&
      (!r.log || r.min > 0);
    if (!ok) {
      throw new InvalidArgumentError(
        `search.space.${name}`,
        range,
        'a list of values or { min, max, log?, integer? } with finite min ≤ max (min > 0 for log)',
        op,
      );
    }
  }
  const rng = createRng(seed);
  return Array.from({ length: s.samples }, () => {
    const setting: HyperparameterSetting = {};
    for (const [name, range] of entries) {
      if (Array.isArray(range)) {
        setting[name] = range[Math.min(range.length - 1, Math.floor(rng.uniform() * range.length))];
        continue;
      }
      const r = range as SearchRange;
      const u = rng.uniform();
      let v = r.log
        ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)))
        : Math.min(r.max, Math.max(r.min, (1 - u) * r.min + u * r.max));
      if (r.integer) v = Math.min(Math.floor(r.max), Math.max(Math.ceil(r.min), Math.round(v)));
      setting[name] = v;
    }
    return setting;
  });
}

function checkValue(op: string, name: string, v: unknown): void {
  const ok =
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InvalidArgumentError(name, v, 'a finite number, a string or a boolean', op);
}
