/**
 * The n×n identity as nested arrays (a fresh copy per call, so a test may change it): the
 * smallest non-degenerate kernel or input matrix of the degenerate-input tests.
 *
 * @example
 * identityRows(2) // [[1, 0], [0, 1]]
 */
export function identityRows(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

/**
 * A rows×cols matrix with every entry `value`, as nested arrays (a fresh copy per call): equal
 * points, or a rank-one all-equal kernel, in the degenerate-input tests.
 *
 * @example
 * constantRows(1, 2) // [[1, 1], [1, 1]]
 */
export function constantRows(value: number, rows: number, cols = rows): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(value));
}

/**
 * A rows×cols matrix of zeros as nested arrays (a fresh copy per call): the zero kernel or
 * zero matrix of the degenerate-input tests.
 *
 * @example
 * zeroRows(2) // [[0, 0], [0, 0]]
 */
export function zeroRows(rows: number, cols = rows): number[][] {
  return constantRows(0, rows, cols);
}
