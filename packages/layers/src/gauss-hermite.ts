import { assertInteger, eigh } from '@overparam/tensor';

/** Nodes and weights of a Gauss–Hermite rule for the standard normal. */
export interface GaussHermiteRule {
  /** z_k, ascending. */
  nodes: Float64Array;
  /** w_k > 0, summing to 1: E[f(Z)] ≈ Σ w_k f(z_k), Z ~ N(0, 1). */
  weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();

/**
 * The `order`-point Gauss–Hermite rule for Z ~ N(0, 1) (probabilists' weight e^{−z²/2}/√(2π)),
 * exact for polynomials of degree ≤ 2·order − 1, by the Golub–Welsch algorithm (Golub & Welsch,
 * "Calculation of Gauss quadrature rules", Math. Comp. 1969): the nodes are the eigenvalues of
 * the symmetric tridiagonal Jacobi matrix of the Hermite recurrence (off-diagonal √k), polished by
 * Newton steps; the weights w = 1/(n·h_{n−1}(z)²) from the normalized recurrence, accurate to
 * relative rounding even in the tails (compared with numpy's hermegauss). Float64; cached.
 *
 * @throws InvalidArgumentError for an order that is not an integer in [1, 200].
 * @example
 * const { nodes, weights } = gaussHermite(3);
 * nodes   // [−1.732…, 0, 1.732…]  (±√3)
 * weights // [1/6, 2/3, 1/6]
 */
export function gaussHermite(order: number): GaussHermiteRule {
  const { nodes, weights } = sharedRule(order);
  // Copies: the cached rule is shared by every quadrature kernel, so a caller may not change it.
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights) };
}

/** The cached rule itself (read-only by convention; for this package's quadrature). */
export function sharedRule(order: number): GaussHermiteRule {
  assertInteger(
    'gaussHermite',
    'order',
    order,
    { min: 1, max: 200 },
    'the number of nodes, e.g. 32',
  );
  const hit = cache.get(order);
  if (hit) return hit;
  const n = order;
  const J = new Float64Array(n * n);
  for (let k = 1; k < n; k++) {
    const b = Math.sqrt(k);
    J[(k - 1) * n + k] = b;
    J[k * n + k - 1] = b;
  }
  const { values } = eigh({ rows: n, cols: n, data: J });
  // The nodes: eigenvalues of J, polished by Newton on the normalized Hermite polynomial
  // h_n = He_n/√(n!) (h_{k+1} = (x·h_k − √k·h_{k−1})/√(k + 1), h_n' = √n·h_{n−1}). The weights:
  // w = 1/(n·h_{n−1}(x)²), relative accuracy even in the far tails (the squared eigenvector
  // components have only absolute accuracy ~1e-16 there).
  const h = (x: number): [number, number] => {
    let prev = 0;
    let cur = 1;
    for (let k = 0; k < n; k++) {
      const next = (x * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
      prev = cur;
      cur = next;
    }
    return [cur, prev]; // h_n(x), h_{n−1}(x)
  };
  const nodes = Float64Array.from(values);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = nodes[i] as number;
    for (let it = 0; it < 3; it++) {
      const [hn, hn1] = h(x);
      const dx = hn / (Math.sqrt(n) * hn1);
      if (!Number.isFinite(dx)) break;
      x -= dx;
    }
    nodes[i] = x;
    const hn1 = h(x)[1];
    weights[i] = 1 / (n * hn1 * hn1);
  }
  // Symmetrize (the exact rule is symmetric about 0) and normalize the sum to 1 (it is 1 to rounding).
  for (let k = 0; k < Math.floor(n / 2); k++) {
    const z = ((nodes[n - 1 - k] as number) - (nodes[k] as number)) / 2;
    const w = ((weights[k] as number) + (weights[n - 1 - k] as number)) / 2;
    nodes[k] = -z;
    nodes[n - 1 - k] = z;
    weights[k] = w;
    weights[n - 1 - k] = w;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  let total = 0;
  for (const w of weights) total += w;
  for (let k = 0; k < n; k++) weights[k] = (weights[k] as number) / total;
  const rule = { nodes, weights };
  cache.set(order, rule);
  return rule;
}
