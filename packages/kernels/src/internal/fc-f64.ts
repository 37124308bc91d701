// Float64 CPU evaluation of the fully connected NNGP/NTK recursion (https://overparam.dev/docs/theory/fully-connected-kernels#recursion).
import { gram, type Matrix64, matmul, transpose } from '@overparam/tensor';
import { type FcSpec, firstLayer } from './fc-spec.js';
import { moments, SNAP64 } from './moments.js';

/** Squared row norms ‖x_i‖², with a fixed summation order. */
export function rowSquaredNorms(X: Matrix64): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = i * cols; k < (i + 1) * cols; k++) s += (data[k] as number) ** 2;
    out[i] = s;
  }
  return out;
}

/**
 * The per-layer diagonal Σˡ(x,x) for l = 1..depth (layer l − 1 at offset (l − 1)·n), and the
 * output diagonal (NNGP Σ^{L+1}(x,x), NTK Θ^{L+1}(x,x)). `snap` is the angle threshold.
 */
export function fcDiagonal(
  spec: FcSpec,
  sq: ArrayLike<number>,
  d: number,
  snap = SNAP64,
): { layers: Float64Array; nngp: Float64Array; ntk: Float64Array } {
  const n = sq.length;
  const { sa, t0a, t0b } = firstLayer(spec, d);
  const layers = new Float64Array(spec.depth * n);
  const nngp = new Float64Array(n);
  const ntk = new Float64Array(n);
  const m = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const g = sq[i] as number;
    let s = sa * g + spec.b2;
    let t = t0a * g + t0b;
    for (let l = 0; l < spec.depth; l++) {
      layers[l * n + i] = s;
      moments(spec.act, s, s, s, snap, m);
      const e = m[0] as number;
      const sDot = spec.w2 * (m[1] as number);
      s = spec.w2 * e + spec.b2;
      t = (spec.ta[l] as number) * e + (spec.tb[l] as number) + t * sDot;
    }
    nngp[i] = s;
    ntk[i] = t;
  }
  return { layers, nngp, ntk };
}

/**
 * One entry of the recursion, from the dot product g = ⟨x_i, y_j⟩ and the layer diagonals.
 * Writes [NNGP, NTK] into out[0], out[1]; `m` is scratch of length 3.
 */
export function fcEntry(
  spec: FcSpec,
  sa: number,
  t0a: number,
  t0b: number,
  g: number,
  dx: Float64Array,
  i: number,
  nx: number,
  dy: Float64Array,
  j: number,
  ny: number,
  snap: number,
  m: Float64Array,
  out: Float64Array,
): void {
  let c = sa * g + spec.b2;
  let t = t0a * g + t0b;
  for (let l = 0; l < spec.depth; l++) {
    moments(spec.act, dx[l * nx + i] as number, dy[l * ny + j] as number, c, snap, m);
    const e = m[0] as number;
    const sDot = spec.w2 * (m[1] as number);
    c = spec.w2 * e + spec.b2;
    t = (spec.ta[l] as number) * e + (spec.tb[l] as number) + t * sDot;
  }
  out[0] = c;
  out[1] = t;
}

/** The diagonals of {@link fcDiagonal}. */
export type FcDiagonal = ReturnType<typeof fcDiagonal>;

/**
 * K(X, Y) in float64; Y = null means K(X, X), computed on one triangle and mirrored.
 * `check(diagonal, 'X' | 'Y')` sees each set of diagonals before the n·m loop.
 */
export function fcF64(
  spec: FcSpec,
  X: Matrix64,
  Y: Matrix64 | null,
  check: (diagonal: FcDiagonal, name: 'X' | 'Y') => void = () => {},
): { nngp: Matrix64; ntk: Matrix64 } {
  const d = X.cols;
  const nx = X.rows;
  const sqx = rowSquaredNorms(X);
  const dx = fcDiagonal(spec, sqx, d);
  check(dx, 'X');
  const { sa, t0a, t0b } = firstLayer(spec, d);
  const m = new Float64Array(3);
  const out = new Float64Array(2);
  if (Y === null) {
    const G = gram(X, { form: 'AAt' }).data;
    const S = new Float64Array(nx * nx);
    const T = new Float64Array(nx * nx);
    for (let i = 0; i < nx; i++) {
      // The diagonal is the pair (x, x): use the same ‖x‖² as the layer diagonals, so that
      // q₁q₂ − c² is exactly 0 there.
      S[i * nx + i] = dx.nngp[i] as number;
      T[i * nx + i] = dx.ntk[i] as number;
      for (let j = i + 1; j < nx; j++) {
        fcEntry(
          spec,
          sa,
          t0a,
          t0b,
          G[i * nx + j] as number,
          dx.layers,
          i,
          nx,
          dx.layers,
          j,
          nx,
          SNAP64,
          m,
          out,
        );
        S[i * nx + j] = S[j * nx + i] = out[0] as number;
        T[i * nx + j] = T[j * nx + i] = out[1] as number;
      }
    }
    return { nngp: { rows: nx, cols: nx, data: S }, ntk: { rows: nx, cols: nx, data: T } };
  }
  const ny = Y.rows;
  const dy = fcDiagonal(spec, rowSquaredNorms(Y), d);
  check(dy, 'Y');
  const G = matmul(X, transpose(Y)).data;
  const S = new Float64Array(nx * ny);
  const T = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const k = i * ny + j;
      fcEntry(
        spec,
        sa,
        t0a,
        t0b,
        G[k] as number,
        dx.layers,
        i,
        nx,
        dy.layers,
        j,
        ny,
        SNAP64,
        m,
        out,
      );
      S[k] = out[0] as number;
      T[k] = out[1] as number;
    }
  }
  return { nngp: { rows: nx, cols: ny, data: S }, ntk: { rows: nx, cols: ny, data: T } };
}
