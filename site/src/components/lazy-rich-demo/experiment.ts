// The experiment behind the Lazy and rich training demo and its static figure: the same MLP
// (same initSeed) trained by full-batch GD on the lazily scaled output α·(f(θ) − f(θ₀)) with the
// loss divided by α² (Chizat, Oyallon, Bach 2019), once per α, measuring how far the weights
// and the empirical NTK move.
import { createMlp, createRng, type MlpActivation, train } from './lib';

/** Settings shared by the runs of one comparison (the demo's URL parameters). */
export interface LazyRichSettings {
  /** Training points n on the unit circle (the loss normalization is c = n). */
  n: number;
  /** Hidden width m. */
  width: number;
  /** Hidden layers L. */
  depth: number;
  activation: MlpActivation;
  /** Effective step η̃ = η/c. */
  effectiveStep: number;
  steps: number;
  /** Measure every k steps. */
  measureEvery: number;
  /** Frequency of the target y = sin(kθ). */
  frequency: number;
  initSeed: number;
}

/** One measured step of one run. */
export interface LazyRichPoint {
  alpha: number;
  width: number;
  step: number;
  /** (1/(2n))·Σ(h − y)², h = α(f − f₀): the squared loss of the trained output. */
  loss: number;
  /** ‖θ_t − θ₀‖/‖θ₀‖. */
  weightChange: number;
  /** α·‖θ_t − θ₀‖: constant in α in the lazy regime. */
  scaledDistance: number;
  /** ‖Θ̂_t − Θ̂₀‖_F/‖Θ̂₀‖_F on the training points. */
  ntkChange: number;
}

/** The columns of a {@link LazyRichPoint}, for CSV export. */
export const POINT_COLUMNS = [
  'alpha',
  'width',
  'step',
  'loss',
  'weightChange',
  'scaledDistance',
  'ntkChange',
] as const;

/** The summary of one finished run. */
export interface LazyRichRun {
  alpha: number;
  width: number;
  /** The last measured step (undefined if the run diverged before the first measurement). */
  final: LazyRichPoint | undefined;
  /** false when the loss became non-finite (the step was too large for this α). */
  finite: boolean;
  message: string;
}

/**
 * The data: n points x_i = (cos θ_i, sin θ_i) at evenly spaced angles θ_i = 2πi/n (a fixed
 * small jitter, seed 0), targets y_i = sin(kθ_i): a Fourier mode of the circle, which is an
 * eigenfunction of every rotation-invariant kernel, the NTK included.
 */
export function lazyRichData(n: number, frequency: number) {
  const rng = createRng(0);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const theta = ((i + 0.3 * (rng.uniform() - 0.5)) / n) * 2 * Math.PI;
    X.push([Math.cos(theta), Math.sin(theta)]);
    y.push(Math.sin(frequency * theta));
  }
  return { X, y };
}

/**
 * Trains one network (the same initial weights for every α) and streams its measurements.
 * The trained output is h = α·(f(θ) − f(θ₀)) with loss (1/(2c))·Σ(h − y)²/α², c = n, so the
 * function-space dynamics are the same for every α to first order and the weights move
 * O(1/α): https://overparam.dev/docs/theory/sharpness#lazy-training.
 */
export async function runLazyRich(
  settings: LazyRichSettings,
  alpha: number,
  options: { signal?: AbortSignal; onPoint?: (point: LazyRichPoint) => void } = {},
): Promise<LazyRichRun> {
  const { n, width, depth, activation, effectiveStep, steps, measureEvery, frequency, initSeed } =
    settings;
  const data = lazyRichData(n, frequency);
  const net = createMlp({ inputDim: 2, width, depth, activation, bStd: 0.2, initSeed });
  const points: LazyRichPoint[] = [];
  try {
    await train(net, data, {
      steps,
      learningRate: effectiveStep * n,
      lossNormalization: 'mean',
      lazyScale: alpha,
      measureEvery,
      measure: ['trainLoss', 'weightChange', 'weightDistance', 'ntkChange'],
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => {
        const point: LazyRichPoint = {
          alpha,
          width,
          step: p.step,
          loss: p.trainLoss as number,
          weightChange: p.weightChange as number,
          scaledDistance: alpha * (p.weightDistance as number),
          ntkChange: p.ntkChange as number,
        };
        points.push(point);
        options.onPoint?.(point);
      },
    });
    return { alpha, width, final: points.at(-1), finite: true, message: '' };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return {
      alpha,
      width,
      final: points.at(-1),
      finite: false,
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    net.dispose();
  }
}
