// A Cholesky factor A + shift·I = LLᵀ kept where it was computed (WebAssembly memory on the
// SIMD path, a Float64Array on the JavaScript path) with the O(n²) operations solvePsd needs
// on it: solves with LLᵀ, and one Lanczos step on each end of the spectrum in two passes over L.
import {
  choleskyJs,
  copyLower,
  factorSimd,
  type PivotFailure,
  SIMD_MIN_N,
  type SimdFactor,
} from './cholesky-core.js';
import { triangularSolveInPlace } from './triangular-core.js';
import { releaseWorkspace } from './wasm-simd.js';

/** LLᵀ = A + shift·I, with the operations on it. */
export interface CholeskyFactor {
  readonly n: number;
  /** Whether L lives in WebAssembly memory (the SIMD path). */
  readonly simd: boolean;
  /** X (n×k, row-major) ← (LLᵀ)⁻¹X: forward then back substitution. */
  solve(X: Float64Array, k: number): void;
  /**
   * In place, a ← LLᵀ·a and b ← (LLᵀ)⁻¹·b (either may be null): pass 1 over the rows of L
   * computes Lᵀa and L⁻¹b, pass 2 (rows in reverse) L(Lᵀa) and L⁻ᵀ(L⁻¹b), so the two products
   * read L twice, not four times.
   */
  apply(a: Float64Array | null, b: Float64Array | null): void;
  /** L as an n×n row-major array (strict upper triangle zero). */
  lower(): Float64Array;
  /** Frees the WebAssembly workspace (a no-op in JavaScript); the factor is unusable after. */
  release(): void;
}

/**
 * Cholesky factor of A + shift·I for the lower triangle of `a` (n×n row-major; not changed),
 * or the failing pivot.
 */
export function choleskyFactor(
  a: Float64Array,
  n: number,
  shift: number,
): CholeskyFactor | PivotFailure {
  if (n >= SIMD_MIN_N) {
    const f = factorSimd(a, n, shift);
    if (f !== undefined) return 'ws' in f ? simdFactor(f) : f;
  }
  const L = Float64Array.from(a);
  const failure = choleskyJs(L, n, shift);
  return failure ?? jsFactor(L, n);
}

export function isPivotFailure(x: CholeskyFactor | PivotFailure): x is PivotFailure {
  return 'index' in x;
}

function simdFactor(f: SimdFactor): CholeskyFactor {
  const { ws, n, ld, l, vectors } = f;
  const [x, u, v, y] = vectors;
  const m = ws.f64;
  const L = l * 8;
  const LD = ld * 8;
  let released = false;
  return {
    n,
    simd: true,
    solve(X, k) {
      for (let c = 0; c < k; c++) {
        for (let i = 0; i < n; i++) m[x + i] = X[i * k + c]!;
        ws.forward(L, LD, n, x * 8, 0, 0);
        ws.backward(L, LD, n, x * 8, 0, 0);
        for (let i = 0; i < n; i++) X[i * k + c] = m[x + i]!;
      }
    },
    apply(a, b) {
      if (a !== null) {
        m.set(a, v);
        m.fill(0, u, u + n);
      }
      if (b !== null) m.set(b, x);
      const xb = b === null ? 0 : x * 8;
      ws.forward(L, LD, n, xb, a === null ? 0 : u * 8, v * 8);
      ws.backward(L, LD, n, xb, a === null ? 0 : y * 8, u * 8);
      if (a !== null) a.set(m.subarray(y, y + n));
      if (b !== null) b.set(m.subarray(x, x + n));
    },
    lower() {
      const out = new Float64Array(n * n);
      copyLower(f, out);
      return out;
    },
    release() {
      if (!released) releaseWorkspace(ws);
      released = true;
    },
  };
}

function jsFactor(L: Float64Array, n: number): CholeskyFactor {
  const u = new Float64Array(n);
  return {
    n,
    simd: false,
    solve(X, k) {
      triangularSolveInPlace(L, n, X, k, true, true, false);
      triangularSolveInPlace(L, n, X, k, false, true, false);
    },
    apply(a, b) {
      // Pass 1, rows ascending: u = Lᵀa (row i adds a_i·L_i,0..i) and b ← L⁻¹b.
      if (a !== null) u.fill(0);
      for (let i = 0; i < n; i++) {
        const r = i * n;
        if (b !== null) {
          let s = b[i]!;
          for (let p = 0; p < i; p++) s -= L[r + p]! * b[p]!;
          b[i] = s / L[r + i]!;
        }
        if (a !== null) {
          const ai = a[i]!;
          for (let p = 0; p <= i; p++) u[p]! += ai * L[r + p]!;
        }
      }
      // Pass 2, rows descending: a ← L·u and b ← L⁻ᵀb (column form).
      for (let i = n - 1; i >= 0; i--) {
        const r = i * n;
        if (b !== null) {
          const bi = b[i]! / L[r + i]!;
          b[i] = bi;
          for (let p = 0; p < i; p++) b[p]! -= bi * L[r + p]!;
        }
        if (a !== null) {
          let s = 0;
          for (let p = 0; p <= i; p++) s += L[r + p]! * u[p]!;
          a[i] = s;
        }
      }
    },
    lower: () => L,
    release() {},
  };
}
