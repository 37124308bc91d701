// Work estimates of the random-features fits, for @overparam/tensor's assertWorkBudget (not
// exported from the package). Order of magnitude, along the float32 path the precision rule
// takes away from the threshold; a multiply–add is 2 flops.
import type { WorkEstimate } from '@overparam/tensor';

/** Sizes of a fit: n training rows, nTest test rows, d inputs, k outputs. */
export interface SweepSizes {
  n: number;
  nTest: number;
  d: number;
  k: number;
}

/** Drawing feature j (a createRng stream and d normals): ~100·(d + 5) flops. */
function drawFlops(d: number, N: number): number {
  return 100 * (d + 5) * N;
}

/**
 * The fits of one feature seed at the given N (ascending), as the sweep does them: primal fits
 * (N < n) each compute their features and the N×N Gram matrix, 4·(n + n_test)·d·N + 2nN² + N³
 * flops, 16N² bytes; the dual side (N ≥ n) accumulates the n_all×n cross products once up to the
 * largest N, 2·(n + n_test)·(d + n)·N_max flops and 8·(n + n_test)·n + 24n² bytes, then solves
 * each point in n³ + 2·(n + n_test)·n·k. Plus the draws of the features, ~100·(d + 5) flops each.
 */
export function sweepWork(
  s: SweepSizes,
  counts: readonly number[],
  blockFloats: number,
): { flops: number; bytes: number } {
  const all = s.n + s.nTest;
  let flops = 0;
  let bytes = 8 * blockFloats;
  let maxN = 0;
  for (const N of counts) {
    maxN = Math.max(maxN, N);
    if (N < s.n) {
      flops += 4 * all * s.d * N + 2 * s.n * N * N + N ** 3 + 2 * all * N * s.k + drawFlops(s.d, N);
      bytes = Math.max(bytes, 16 * N * N + 16 * N * s.k + 8 * blockFloats);
    } else {
      flops += s.n ** 3 + 2 * all * s.n * s.k;
    }
  }
  if (maxN >= s.n) {
    flops += 2 * all * (s.d + s.n) * maxN + drawFlops(s.d, maxN);
    bytes = Math.max(bytes, 8 * all * s.n + 24 * s.n * s.n + 8 * blockFloats);
  }
  return { flops, bytes };
}

/** `times` copies of an estimate (one per feature seed). */
export function scaleWork(w: WorkEstimate, times: number): { flops: number; bytes: number } {
  return { flops: (w.flops ?? 0) * times, bytes: w.bytes ?? 0 };
}
