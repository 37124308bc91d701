// Shared by kernelTargetAlignment, centeredKernelAlignment, directionalAlignment and
// kernelSpectrum. Every ratio here is scale-invariant, so the data are first scaled by a power of
// two (exact in binary floating point: the result is bit for bit the unscaled one wherever that
// one neither overflows nor underflows) that brings the largest entry into [0.5, 1). Entries up
// to 1.8e308 then give the alignment instead of Infinity/Infinity = NaN.
import type { Matrix64 } from '@overparam/tensor';

/** 2^−e with max|x|·2^−e in [0.5, 1) (clamped to the normal range); 1 for all-zero data. */
export function pow2Scale(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i] as number);
    if (v > m) m = v;
  }
  if (m === 0) return 1;
  const e = Math.min(1023, Math.max(-1022, Math.floor(Math.log2(m)) + 1));
  return 2 ** -e;
}

/** HKH with H = I − 11ᵀ/n (subtract row and column means, add back the grand mean), of scale·K. */
export function centerGram(K: Matrix64, scale = 1): Float64Array {
  const n = K.rows;
  const row = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (K.data[i * n + j] as number) * scale;
    row[i] = s / n;
    total += s;
  }
  total /= n * n;
  const out = new Float64Array(n * n);
  // K symmetric: the column means equal the row means.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] =
        (K.data[i * n + j] as number) * scale - (row[i] as number) - (row[j] as number) + total;
    }
  }
  return out;
}

/** ⟨A, B⟩_F/(‖A‖_F‖B‖_F), computed on A and B scaled by powers of two; 0 when either is 0. */
export function cosine(a: Float64Array, b: Float64Array): number {
  const sa = pow2Scale(a);
  const sb = pow2Scale(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) * sa;
    const y = (b[i] as number) * sb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}
