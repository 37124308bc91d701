// The per-layer variances of the fully connected recursion must stay where its arithmetic is
// exact (norm-range.ts): ReLU's angle multiplies Σˡ(x,x)Σˡ(x',x'), erf's moments multiply
// (1 + 2Σ)(1 + 2Σ'). They grow or shrink by about σ_w²/2 per ReLU layer, so a deep network with
// σ_w far from √2 can leave the range even for unit inputs.
import type { FcSpec } from './fc-spec.js';
import {
  assertNormRange,
  F32_PRODUCT,
  F32_SUM,
  F64_PRODUCT,
  F64_SUM,
  type NormRange,
} from './norm-range.js';

const FIX = 'rescale X (and Y), or bring wStd closer to √2 (ReLU) so the variances stay O(1)';

/** Checks Σˡ(x_i, x_i) (l = 1..depth) and the output diagonals of `name`'s n rows. */
export function assertFcDiagonal(
  op: string,
  spec: FcSpec,
  diag: { layers: Float64Array; nngp: Float64Array; ntk: Float64Array },
  name: string,
  precision: 'f64' | 'f32',
): void {
  const product = precision === 'f64' ? F64_PRODUCT : F32_PRODUCT;
  const sum = precision === 'f64' ? F64_SUM : F32_SUM;
  // erf multiplies (1 + 2q₁)(1 + 2q₂): no underflow below, the same overflow above.
  const layerRange: NormRange = spec.act.kind === 'erf' ? { ...product, lo: 0 } : product;
  const n = diag.nngp.length;
  for (let l = 0; l < spec.depth; l++) {
    assertNormRange(
      op,
      diag.layers.subarray(l * n, (l + 1) * n),
      layerRange,
      (i) => `Σ${l + 1}(${name}[${i}], ${name}[${i}])`,
      FIX,
    );
  }
  assertNormRange(op, diag.nngp, sum, (i) => `NNGP(${name}[${i}], ${name}[${i}])`, FIX);
  assertNormRange(op, diag.ntk, sum, (i) => `NTK(${name}[${i}], ${name}[${i}])`, FIX);
}
