import { createRng } from '@overparam/tensor';

/** n points on the unit sphere in R^d, from a seed (the width demo's inputs). */
export function spherePoints(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** The regression demo's target. */
export const target = (x: number) => Math.sin(2.5 * x) + 0.3 * x;

/** n noisy samples of {@link target} at uniform x in [−2, 2]. */
export function regressionData(
  n: number,
  noise: number,
  seed: number,
): { x: number[]; y: number[] } {
  const rng = createRng(seed);
  const x = Array.from({ length: n }, () => -2 + 4 * rng.uniform()).sort((a, b) => a - b);
  return { x, y: x.map((v) => target(v) + noise * rng.normal()) };
}

/** Least-squares slope of log y against log x. */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return num / den;
}
