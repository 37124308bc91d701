import { assertInteger, assertNumber, assertWorkBudget } from '@overparam/tensor';
import { readLinearizedInputs } from './linearized-inputs.js';
import type { LinearizedModelOptions } from './linearized-model.js';

/** Options of {@link linearizedGd}: the model of {@link linearizedModel} and a run length. */
export interface LinearizedGdOptions extends LinearizedModelOptions {
  /** Number of GD steps K. */
  steps: number;
  /** Record predictions and loss every this many steps (step 0 and the last step always). Default 1. */
  recordEvery?: number;
  /**
   * Stop and report divergence once the loss exceeds this multiple of the initial loss (or is not
   * finite). Default 1e12.
   */
  divergenceFactor?: number;
}

/** Result of {@link linearizedGd}. */
export interface LinearizedGdResult {
  /** Step numbers that were recorded. */
  steps: number[];
  /** Training loss (1/(2c))·‖f_k(X) − y‖² at each recorded step. */
  loss: number[];
  /** f_k(X) at each recorded step. */
  train: Float64Array[];
  /** f_k(x) at each recorded step, or null without a test kernel. */
  test: Float64Array[] | null;
  /** Whether the run stopped because the loss blew up (see divergenceFactor). */
  diverged: boolean;
  /** The step at which it was declared divergent, or null. */
  divergedAtStep: number | null;
  /** Effective step η̃ = η/c. */
  effectiveStep: number;
}

/**
 * Explicit gradient descent on the linearized model, step by step in function space (float64,
 * CPU): with r_k = f_k(X) − y and η̃ = η/c,
 *
 *   f_{k+1}(X) = f_k(X) − η̃·Θ·r_k,   f_{k+1}(x) = f_k(x) − η̃·Θ(x,X)·r_k.
 *
 * This is exactly parameter-space GD θ_{k+1} = θ_k − η·∇L(θ_k) on f^lin_θ = f₀ + J(θ − θ₀)
 * (Θ = JJᵀ, Θ(x,X) = J(x)Jᵀ), pushed forward through the Jacobian, so it cross-checks the closed
 * form of {@link linearizedModel} (https://overparam.dev/docs/theory/linearized-gd#stability; Lee et al., NeurIPS 2019) and shows divergence
 * beyond η̃ = 2/λ_max(Θ) as it happens: the run stops (diverged: true) once the loss exceeds
 * divergenceFactor × its initial value. Cost O(n² + mn) per step.
 *
 * @throws as {@link linearizedModel} (except NotPositiveDefiniteError: GD on any symmetric Θ is
 *   simulated as it is); InvalidArgumentError for bad steps, recordEvery or divergenceFactor;
 *   WorkBudgetError (before anything is allocated) when 2·K·n·(n + m) flops or the
 *   8·(n + m)·(⌊K/recordEvery⌋ + 2) bytes of the records exceed the work budget (`budget`),
 *   e.g. steps: 1e9.
 * @example
 * const run = linearizedGd({ ntkTrain: [[2, 0], [0, 1]], f0Train: [0, 0], yTrain: [1, 1],
 *   learningRate: 0.5, lossNormalization: 'sum', steps: 2 });
 * run.train[2] // Float64Array [1, 0.75]
 * run.loss     // [1, 0.125, 0.03125]
 */
export function linearizedGd(options: LinearizedGdOptions): LinearizedGdResult {
  const op = 'linearizedGd';
  // f and fx are copies, updated in place below.
  const { K, n, f0: f, y, Kx, f0x: fx, c, effectiveStep: eta } = readLinearizedInputs(op, options);
  const { steps, recordEvery = 1, divergenceFactor = 1e12 } = options;
  assertInteger(op, 'steps', steps, { min: 0 }, 'the number of GD steps K');
  assertInteger(op, 'recordEvery', recordEvery, { min: 1 }, 'record every k steps');
  assertNumber(
    op,
    'divergenceFactor',
    divergenceFactor,
    { min: 1, exclusiveMin: true, allowInfinity: true },
    'the loss growth that counts as divergence, e.g. 1e12',
  );
  const m = Kx ? Kx.rows : 0;
  const records = Math.floor(steps / recordEvery) + 2;
  assertWorkBudget(
    op,
    { flops: 2 * steps * n * (n + m), bytes: 8 * (n + m) * (records + 2) + 16 * records },
    options.budget,
    'lower steps, or record less often with { recordEvery }',
  );
  const r = new Float64Array(n);
  const out: LinearizedGdResult = {
    steps: [],
    loss: [],
    train: [],
    test: Kx ? [] : null,
    diverged: false,
    divergedAtStep: null,
    effectiveStep: eta,
  };
  const residual = (): number => {
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const v = (f[i] as number) - (y[i] as number);
      r[i] = v;
      sq += v * v;
    }
    return sq / (2 * c);
  };
  const record = (k: number, loss: number) => {
    out.steps.push(k);
    out.loss.push(loss);
    out.train.push(Float64Array.from(f));
    if (out.test && fx) out.test.push(Float64Array.from(fx));
  };
  let loss = residual();
  const limit = divergenceFactor * Math.max(loss, Number.MIN_VALUE);
  record(0, loss);
  for (let k = 1; k <= steps; k++) {
    // f ← f − η̃Θr and f(x) ← f(x) − η̃Θ(x,X)r, with r from the previous step.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (K.data[i * n + j] as number) * (r[j] as number);
      f[i] = (f[i] as number) - eta * s;
    }
    if (Kx && fx) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (Kx.data[i * n + j] as number) * (r[j] as number);
        fx[i] = (fx[i] as number) - eta * s;
      }
    }
    loss = residual();
    const blewUp = !(loss <= limit);
    if (k % recordEvery === 0 || k === steps || blewUp) record(k, loss);
    if (blewUp) {
      out.diverged = true;
      out.divergedAtStep = k;
      break;
    }
  }
  return out;
}
