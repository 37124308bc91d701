import { createRng } from '@overparam/tensor';

/**
 * A seeded uniformly random permutation of 0..n−1 (Fisher–Yates with createRng's uniforms).
 *
 * @example
 * permutation(5, 1) // the same order of 0..4 on every machine
 */
export function permutation(n: number, seed: number): Int32Array {
  const rng = createRng(seed, 0x5eed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}
