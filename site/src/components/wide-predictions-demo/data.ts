// The data both figures of docs/infinite-width-predictions.mdx use, fixed so that the ensemble
// (Figure 1) and the hyperparameter search (Figure 2) see the same eight points: x_i evenly
// spaced on [−1, 1], y_i = sin(πx_i) + 0.1·ε_i with ε_i ~ N(0, 1) from createRng(DATA_SEED),
// each x embedded as the 2-D input (x, 1) so that the kernels see a constant direction next to x
// (a kernel of x alone on the line would depend on |x| and the sign only, through one angle).
import { createRng } from './lib';

/** Training points n. */
export const N_TRAIN = 8;
/** Standard deviation of the label noise. */
export const NOISE = 0.1;
/** Its variance σ² (Figure 2's default diagReg). */
export const NOISE_VAR = 0.01;
/** Seed of the label noise. */
export const DATA_SEED = 1;
/** σ_b of every network and kernel on the page. */
export const B_STD = 0.2;

/** The target, before noise. */
export const target = (x: number) => Math.sin(Math.PI * x);

/** x ↦ (x, 1), one row per point. */
export const embed = (xs: readonly number[]) => xs.map((x) => [x, 1]);

/** The curves are drawn at GRID: 61 points of [−1.5, 1.5] (the data lie in [−1, 1]). */
export const GRID = Array.from({ length: 61 }, (_, i) => -1.5 + (3 * i) / 60);

/** The curve charts draw f within ±CURVE_Y_LIMIT at most (the prior's ±2σ band leaves the frame). */
export const CURVE_Y_LIMIT = 3;

/** The two test points of the results table: between training points, and outside the data. */
export const PROBES = [0, 1.4] as const;

/** The training data: positions, noisy targets and the embedded inputs (n×2). */
export function wideData(): { x: number[]; y: number[]; X: number[][] } {
  const rng = createRng(DATA_SEED);
  const x = Array.from({ length: N_TRAIN }, (_, i) => -1 + (2 * i) / (N_TRAIN - 1));
  const y = x.map((v) => target(v) + NOISE * rng.normal());
  return { x, y, X: embed(x) };
}

/** The lines of a generated Node script that rebuild {@link wideData} (defines n, x, y, X). */
export const DATA_SCRIPT = `// ${N_TRAIN} points evenly spaced on [-1, 1], y = sin(pi x) + ${NOISE}·noise (createRng(${DATA_SEED})),
// each x embedded as the input (x, 1).
const n = ${N_TRAIN};
const rng = createRng(${DATA_SEED});
const x = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
const y = x.map((v) => Math.sin(Math.PI * v) + ${NOISE} * rng.normal());
const embed = (xs) => xs.map((v) => [v, 1]);
const X = embed(x);`;
