// Float64 SVD of a tall matrix (m ≥ n) by Golub–Kahan–Reinsch (Golub & Van Loan, 4th ed.,
// Alg. 5.4.2 and §8.6; LINPACK dsvdc, via JAMA):
//  1. Householder bidiagonalization A = U_B·B·V_Bᵀ, row-major: the left reflector's rank-1
//     update and the right reflector's are applied in one pass per row;
//  2. U_B and V_B formed from the reflectors with the blocked WY kernel;
//  3. implicit-shift QR on the bidiagonal B, its rotations recorded and applied to the rows of U
//     and V in cache blocks (rotation-log.ts).
// Backward stable: the singular values carry an absolute error O(ε‖A‖₂).
import { OverparamError } from '../../errors/overparam-error.js';
import { applyReflectors } from './apply-reflectors.js';
import { house } from './householder.js';
import { RotationLog } from './rotation-log.js';
import { hypot2 } from './symmetric-eigen.js';

export interface TallSvd {
  /** Singular values, descending, ≥ 0. */
  s: Float64Array;
  /** m×n left singular vectors (columns), or null when not requested. */
  u: Float64Array | null;
  /** n×n right singular vectors (columns). */
  v: Float64Array;
}

/** Thrown when the QR iteration has not converged (never seen in practice). */
export class SvdNoConvergence extends OverparamError {
  override readonly name = 'SvdNoConvergence';
}

/** SVD of the m×n row-major `a` (m ≥ n ≥ 1), destroying `a`. */
export function svdTall(a: Float64Array, m: number, n: number, wantU: boolean): TallSvd {
  const d = new Float64Array(n);
  const f = new Float64Array(n);
  const VL = new Float64Array(n * m);
  const betaL = new Float64Array(n);
  const betaR = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Left reflector from column k, rows k..m−1 (copied to row k of VL).
    const vk = k * m;
    for (let i = k; i < m; i++) VL[vk + i] = a[i * n + k]!;
    const left = house(VL, vk + k, m - k);
    betaL[k] = left.beta;
    d[k] = left.mu;
    const bl = left.beta;
    if (bl !== 0 && k + 1 < n) {
      w.fill(0, k + 1, n);
      for (let i = k; i < m; i++) {
        const vi = VL[vk + i]!;
        const ri = i * n;
        for (let j = k + 1; j < n; j++) w[j]! += vi * a[ri + j]!;
      }
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[rk + j]! -= bl * w[j]!;
    }
    let br = 0;
    if (k < n - 2) {
      const right = house(a, k * n + k + 1, n - k - 1);
      betaR[k] = right.beta;
      f[k] = right.mu;
      br = right.beta;
    } else if (k === n - 2) {
      f[k] = a[k * n + n - 1]!;
    }
    if ((bl === 0 || k + 1 >= n) && br === 0) continue;
    // Rows below k: the left update, then (row now in cache) the right reflector.
    const vr = k * n;
    for (let i = k + 1; i < m; i++) {
      const ri = i * n;
      if (bl !== 0) {
        const g = bl * VL[vk + i]!;
        for (let j = k + 1; j < n; j++) a[ri + j]! -= g * w[j]!;
      }
      if (br !== 0) {
        let t = 0;
        for (let j = k + 1; j < n; j++) t += a[ri + j]! * a[vr + j]!;
        t *= br;
        for (let j = k + 1; j < n; j++) a[ri + j]! -= t * a[vr + j]!;
      }
    }
  }
  let u: Float64Array | null = null;
  if (wantU) {
    u = new Float64Array(m * n);
    for (let i = 0; i < n; i++) u[i * n + i] = 1;
    applyReflectors({ v: VL, ldv: m, beta: betaL, shift: 0, len: m }, 0, n, {
      data: u,
      off: 0,
      ld: n,
      cols: n,
    });
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  applyReflectors({ v: a, ldv: n, beta: betaR, shift: 1, len: n }, 0, Math.max(n - 2, 0), {
    data: v,
    off: 0,
    ld: n,
    cols: n,
  });
  bidiagonalQr(d, f, u ? new RotationLog(u, m, n) : null, new RotationLog(v, n, n));
  // Make the singular values non-negative and sort them descending with their vectors.
  for (let k = 0; k < n; k++) {
    if (d[k]! < 0 || Object.is(d[k], -0)) {
      d[k] = -d[k]!;
      for (let i = 0; i < n; i++) v[i * n + k] = -v[i * n + k]!;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]!);
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) s[k] = d[order[k]!]!;
  permuteColumns(v, n, n, order);
  if (u) permuteColumns(u, m, n, order);
  return { s, u, v };
}

function permuteColumns(z: Float64Array, rows: number, cols: number, order: Int32Array): void {
  const row = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) row[j] = z[base + order[j]!]!;
    z.set(row, base);
  }
}

/**
 * Implicit-shift QR on the upper bidiagonal (s, e) (e[k] couples k and k+1), as in LINPACK
 * dsvdc / JAMA: deflation at negligible e[k] or s[k], a Wilkinson-type shift from the trailing
 * 2×2 block of BᵀB, rotations logged for U and V. Signs and ordering are left to the caller.
 */
function bidiagonalQr(
  s: Float64Array,
  e: Float64Array,
  U: RotationLog | null,
  V: RotationLog,
): void {
  const eps = 2 ** -52;
  const tiny = 2 ** -966;
  let p = s.length;
  let iter = 0;
  e[p - 1] = 0;
  while (p > 0) {
    if (iter > 75 * p + 100)
      throw new SvdNoConvergence(
        'bidiagonal QR did not converge; please report the matrix (it is finite, so this is a bug)',
      );
    let k: number;
    let kase: number;
    // Largest k < p−1 with e[k] negligible (−1 if none).
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]!) <= tiny + eps * (Math.abs(s[k]!) + Math.abs(s[k + 1]!))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]!) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]!) : 0);
        if (Math.abs(s[ks]!) <= tiny + eps * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    switch (kase) {
      case 1: {
        // s[p−1] negligible: chase e[p−2] away with rotations of V.
        let g = e[p - 2]!;
        e[p - 2] = 0;
        for (let j = p - 2; j >= k; j--) {
          const t = hypot2(s[j]!, g);
          const cs = s[j]! / t;
          const sn = g / t;
          s[j] = t;
          if (j !== k) {
            g = -sn * e[j - 1]!;
            e[j - 1] = cs * e[j - 1]!;
          }
          V.pair(j, p - 1, cs, sn);
        }
        break;
      }
      case 2: {
        // s[k−1] negligible: split, chasing e[k−1] with rotations of U.
        let g = e[k - 1]!;
        e[k - 1] = 0;
        for (let j = k; j < p; j++) {
          const t = hypot2(s[j]!, g);
          const cs = s[j]! / t;
          const sn = g / t;
          s[j] = t;
          g = -sn * e[j]!;
          e[j] = cs * e[j]!;
          U?.pair(j, k - 1, cs, sn);
        }
        break;
      }
      case 3: {
        // One QR step on rows k..p−1 with the shift from the trailing 2×2 block.
        const scale = Math.max(
          Math.abs(s[p - 1]!),
          Math.abs(s[p - 2]!),
          Math.abs(e[p - 2]!),
          Math.abs(s[k]!),
          Math.abs(e[k]!),
        );
        const sp = s[p - 1]! / scale;
        const spm1 = s[p - 2]! / scale;
        const epm1 = e[p - 2]! / scale;
        const sk = s[k]! / scale;
        const ek = e[k]! / scale;
        const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
        const c = sp * epm1 * (sp * epm1);
        let shift = 0;
        if (b !== 0 || c !== 0) {
          shift = Math.sqrt(b * b + c);
          if (b < 0) shift = -shift;
          shift = c / (b + shift);
        }
        let fv = (sk + sp) * (sk - sp) + shift;
        let g = sk * ek;
        const vOff = V.sweep(k, p - 1);
        const vcs = V.buffer;
        const uOff = U ? U.sweep(k, p - 1) : 0;
        const ucs = U ? U.buffer : null;
        for (let j = k; j < p - 1; j++) {
          let t = hypot2(fv, g);
          let cs = fv / t;
          let sn = g / t;
          if (j !== k) e[j - 1] = t;
          fv = cs * s[j]! + sn * e[j]!;
          e[j] = cs * e[j]! - sn * s[j]!;
          g = sn * s[j + 1]!;
          s[j + 1] = cs * s[j + 1]!;
          vcs[vOff + 2 * (j - k)] = cs;
          vcs[vOff + 2 * (j - k) + 1] = sn;
          t = hypot2(fv, g);
          cs = fv / t;
          sn = g / t;
          s[j] = t;
          fv = cs * e[j]! + sn * s[j + 1]!;
          s[j + 1] = -sn * e[j]! + cs * s[j + 1]!;
          g = sn * e[j + 1]!;
          e[j + 1] = cs * e[j + 1]!;
          if (ucs) {
            ucs[uOff + 2 * (j - k)] = cs;
            ucs[uOff + 2 * (j - k) + 1] = sn;
          }
        }
        e[p - 2] = fv;
        iter++;
        break;
      }
      default: {
        // Converged: s[p−1] is a singular value (sign fixed by the caller).
        iter = 0;
        p--;
      }
    }
  }
  U?.flush();
  V.flush();
}
