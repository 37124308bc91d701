// Shared by kernelTargetAlignment and centeredKernelAlignment.
import type { Matrix64 } from '@overparam/tensor';

/** HKH with H = I − 11ᵀ/n (subtract row and column means, add back the grand mean). */
export function centerGram(K: Matrix64): Float64Array {
  const n = K.rows;
  const row = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += K.data[i * n + j] as number;
    row[i] = s / n;
    total += s;
  }
  total /= n * n;
  const out = new Float64Array(n * n);
  // K symmetric: the column means equal the row means.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] =
        (K.data[i * n + j] as number) - (row[i] as number) - (row[j] as number) + total;
    }
  }
  return out;
}

/** ⟨A, B⟩_F/(‖A‖_F‖B‖_F); 0 when either is 0. */
export function cosine(a: Float64Array, b: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}
