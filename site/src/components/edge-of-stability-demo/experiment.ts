// The experiment behind the Edge of stability demo and its static figure: a tanh MLP trained by
// full-batch GD with effective step η̃ = η/c (c = n), its sharpness measured along the way, and
// the linearized model at initialization run just below and just above 2/λ_max(Θ₀).
import {
  createMlp,
  DivergenceError,
  edgeOfStabilityData,
  empiricalNtk,
  fromTensor,
  type LinearizedGdResult,
  linearizedGd,
  type StepSizeThresholds,
  sharpnessMeasurement,
  stepSizeThresholds,
  train,
} from './lib';

/** Settings of one run (the demo's URL parameters). */
export interface EosSettings {
  /** Training points n (the loss normalization is c = n). */
  n: number;
  /** Input dimension d (≥ 3). */
  d: number;
  width: number;
  /** Hidden layers L. */
  depth: number;
  /** Effective step η̃ = η/c. */
  effectiveStep: number;
  steps: number;
  /** Sharpness every k steps. */
  measureEvery: number;
  dataSeed: number;
  initSeed: number;
}

/** One measured step of the network. */
export interface EosPoint {
  step: number;
  /** c·λ_max(∇²L): the sharpness on the scale of η̃ (compare with 2/η̃). */
  sharpness: number;
  /** L(θ_t) = (1/(2n))·Σ(f − y)². */
  loss: number;
}

/** A GD run of the linearized model at one effective step. */
export interface LinearizedRun {
  label: string;
  /** η̃ as a multiple of 2/λ_max(Θ₀), or null for the network's η̃. */
  fraction: number | null;
  effectiveStep: number;
  run: LinearizedGdResult;
}

export interface EosResult {
  settings: EosSettings;
  thresholds: StepSizeThresholds;
  points: EosPoint[];
  /** L(θ_t) at every step t < T (empty when the network diverged). */
  losses: number[];
  linearized: LinearizedRun[];
  /** Set when the network's loss became non-finite. */
  diverged: { step: number; message: string } | null;
  seconds: number;
}

export interface EosCallbacks {
  signal?: AbortSignal;
  /** Called once the linearized runs are done (before the network trains). */
  onLinearized?: (thresholds: StepSizeThresholds, runs: LinearizedRun[]) => void;
  onPoint?: (point: EosPoint) => void;
}

/** Multiples of 2/λ_max(Θ₀) at which the linearized model is run. */
export const LINEARIZED_FRACTIONS = [0.98, 1.02] as const;

export async function runEdgeOfStability(
  s: EosSettings,
  callbacks: EosCallbacks = {},
): Promise<EosResult> {
  const started = performance.now();
  // Stream 0: the stream the demo has always drawn, so its figures did not move.
  const { X, Y } = edgeOfStabilityData({ n: s.n, d: s.d, dataSeed: s.dataSeed, stream: 0 });
  const y = Y.data;
  const net = createMlp({
    inputDim: s.d,
    width: s.width,
    depth: s.depth,
    activation: 'tanh',
    initSeed: s.initSeed,
  });
  try {
    // Θ₀ and f₀ at initialization: the linearized model's kernel and offset.
    const ntkTensor = empiricalNtk(net, X);
    const ntk = await fromTensor(ntkTensor);
    ntkTensor.dispose();
    for (let i = 0; i < s.n; i++) {
      for (let j = i + 1; j < s.n; j++) {
        const v = 0.5 * ((ntk.data[i * s.n + j] as number) + (ntk.data[j * s.n + i] as number));
        ntk.data[i * s.n + j] = v;
        ntk.data[j * s.n + i] = v;
      }
    }
    const f0Tensor = net.predict(X);
    const f0 = Array.from(await f0Tensor.data());
    f0Tensor.dispose();
    const thresholds = stepSizeThresholds(ntk, { lossNormalization: 'mean' });
    const linear = (
      label: string,
      fraction: number | null,
      effectiveStep: number,
    ): LinearizedRun => ({
      label,
      fraction,
      effectiveStep,
      run: linearizedGd({
        ntkTrain: ntk,
        f0Train: f0,
        yTrain: y,
        learningRate: effectiveStep * s.n,
        lossNormalization: 'mean',
        steps: s.steps,
      }),
    });
    const edge = thresholds.maxStableEffectiveStep;
    const linearized = [
      ...LINEARIZED_FRACTIONS.map((f) => linear(`${f} × 2/λ_max`, f, f * edge)),
      linear(`η̃ = ${s.effectiveStep}`, null, s.effectiveStep),
    ];
    callbacks.onLinearized?.(thresholds, linearized);

    const points: EosPoint[] = [];
    let losses: number[] = [];
    let diverged: EosResult['diverged'] = null;
    try {
      const run = await train(
        net,
        { X, y: Y },
        {
          steps: s.steps,
          learningRate: s.effectiveStep * s.n,
          lossNormalization: 'mean',
          measureEvery: s.measureEvery,
          measure: ['trainLoss'],
          // c·S under its own name: train's DivergenceError reads 'sharpness' on the loss scale.
          measurements: { effectiveSharpness: sharpnessMeasurement({ scale: 'effective' }) },
          ...(callbacks.signal ? { signal: callbacks.signal } : {}),
          onProgress: (p) => {
            const point = {
              step: p.step,
              sharpness: p.effectiveSharpness as number,
              loss: p.trainLoss as number,
            };
            points.push(point);
            callbacks.onPoint?.(point);
          },
        },
      );
      losses = Array.from(run.losses);
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      diverged = { step: error.step, message: error.message };
    }
    return {
      settings: s,
      thresholds,
      points,
      losses,
      linearized,
      diverged,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    net.dispose();
  }
}
