import { assertInteger, assertOptions, type WorkBudget } from '@overparam/tensor';
import type { Dataset } from './dataset.js';
import { gaussianInputs } from './gaussian-inputs.js';
import { DATASET_STREAMS } from './stream-ids.js';

/** Options of {@link edgeOfStabilityData}. */
export interface EdgeOfStabilityDataOptions {
  /** Number of samples n. */
  n: number;
  /** Input dimension d ≥ 3 (the target reads x₁, x₂, x₃). */
  d: number;
  dataSeed: number;
  /**
   * The createRng stream of `dataSeed`, as in {@link gaussianInputs} (default
   * `DATASET_STREAMS.inputs`). The site's Edge of stability demo and train's sharpness test
   * draw stream 0 and the edge-of-stability bound's check stream 1, the streams they always
   * used, so their numbers did not move when the data set came here.
   */
  stream?: number;
  /** Overrides the work budget, as in {@link gaussianInputs} (8·n·d bytes of inputs). */
  budget?: WorkBudget;
}

/**
 * The data set of the edge-of-stability experiments (Cohen, Kaur, Li, Kolter & Talwalkar,
 * ICLR 2021, §3, in the small setting of the site's Edge of stability page): n points
 * x ~ N(0, I_d) (exactly {@link gaussianInputs} with the same seed and stream) and the smooth
 * targets y = sin(2x₁) + cos(x₂x₃). A tanh MLP trained on it by full-batch GD sharpens until
 * λ_max(∇²L) ≈ 2/η̃. Float64, X n×d, Y n×1.
 *
 * @throws InvalidArgumentError for n < 1, d < 3 or a bad seed or stream; WorkBudgetError for n·d
 *   over the work budget.
 * @example
 * const { X, Y } = edgeOfStabilityData({ n: 100, d: 10, dataSeed: 7 }); // X 100×10, Y 100×1
 * Y.data[0] === Math.sin(2 * X.data[0]) + Math.cos(X.data[1] * X.data[2]) // true
 */
export function edgeOfStabilityData(options: EdgeOfStabilityDataOptions): Dataset {
  const op = 'edgeOfStabilityData';
  assertOptions(op, 'options', options, false);
  const { n, d, dataSeed, stream = DATASET_STREAMS.inputs, budget } = options;
  assertInteger(op, 'd', d, { min: 3 }, 'the input dimension: the target reads x₁, x₂ and x₃');
  const X = gaussianInputs({ n, d, dataSeed, stream, ...(budget ? { budget } : {}) });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = X.data.subarray(i * d, i * d + 3);
    y[i] = Math.sin(2 * (x[0] as number)) + Math.cos((x[1] as number) * (x[2] as number));
  }
  return { X, Y: { rows: n, cols: 1, data: y } };
}
