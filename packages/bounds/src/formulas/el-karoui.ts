import {
  eigvalsh,
  InvalidArgumentError,
  type Matrix64,
  ShapeMismatchError,
} from '@overparam/tensor';

/** A kernel in El Karoui's form k(x, x') = g(‖x‖²/p, ⟨x, x'⟩/p, ‖x'‖²/p). */
export type NormDotKernel = (a: number, b: number, c: number) => number;

/** Options of {@link elKarouiCoefficients}. */
export interface ElKarouiCoefficientsOptions {
  /** τ = tr Σ/p (the limit of ‖x‖²/p). */
  tau: number;
  /** tr Σ²/p² (1/p for Σ = I): the weight of the second-order 11ᵀ correction. */
  trSigma2OverP2: number;
}

/** c₀, c₁, c₂ of the linearization (see {@link elKarouiCoefficients}). */
export interface ElKarouiCoefficients {
  /** g(τ, 0, τ). */
  c0: number;
  /** ½·∂₂²g(τ, 0, τ)·tr Σ²/p²: the second-order term of the 11ᵀ coefficient. */
  c0Correction: number;
  /** ∂₂g(τ, 0, τ). */
  c1: number;
  /** g(τ, τ, τ) − g(τ, 0, τ) − τ·c₁. */
  c2: number;
  /** ∂₂²g(τ, 0, τ). */
  d2: number;
}

/** Central difference in b with one Richardson step: error O(h⁴) (h = 1e-2 here). */
function derivatives(g: NormDotKernel, tau: number): { d1: number; d2: number } {
  const h = 1e-2 * Math.max(1, Math.abs(tau));
  const at = (b: number) => {
    const v = g(tau, b, tau);
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError(
        'g(τ, b, τ)',
        v,
        `a finite value near b = 0 (failed at b = ${b})`,
      );
    }
    return v;
  };
  const f0 = at(0);
  const D1 = (s: number) => (at(s) - at(-s)) / (2 * s);
  const D2 = (s: number) => (at(s) - 2 * f0 + at(-s)) / (s * s);
  return {
    d1: (4 * D1(h / 2) - D1(h)) / 3,
    d2: (4 * D2(h / 2) - D2(h)) / 3,
  };
}

/**
 * The coefficients of El Karoui's linearization of a kernel matrix in high dimension (El Karoui,
 * Ann. Stat. 2010, Theorem 2.1 for inner-product kernels; Sahraee-Ardakan et al. 2022 for the
 * form g(‖x‖²/p, ⟨x, x'⟩/p, ‖x'‖²/p), fully connected NTKs included; https://overparam.dev/docs/theory/kernel-linearization#norm-dot-kernels). For
 * x_i = Σ^{1/2}z_i with p/n fixed,
 *
 *   M_ij = g(‖x_i‖²/p, ⟨x_i, x_j⟩/p, ‖x_j‖²/p) ≈ K = (c₀ + ½∂₂²g·tr Σ²/p²)·11ᵀ + c₁·XXᵀ/p + c₂·I,
 *   c₀ = g(τ, 0, τ),  c₁ = ∂₂g(τ, 0, τ),  c₂ = g(τ, τ, τ) − c₀ − τc₁,
 *
 * which for g = f(b) is El Karoui's K = (f(0) + f''(0)tr Σ²/(2p²))11ᵀ + f'(0)XXᵀ/p +
 * (f(τ) − f(0) − τf'(0))I. Derivatives in b by central differences with one Richardson step
 * (relative error ~1e-9 for smooth g). Float64.
 *
 * @throws InvalidArgumentError for τ ≤ 0 or g not finite near (τ, 0, τ).
 * @example
 * elKarouiCoefficients((a, b, c) => Math.exp(b), { tau: 1, trSigma2OverP2: 0.01 })
 * // { c0: 1, c0Correction: 0.005, c1: 1, c2: e − 2 = 0.718…, d2: 1 }
 */
export function elKarouiCoefficients(
  g: NormDotKernel,
  options: ElKarouiCoefficientsOptions,
): ElKarouiCoefficients {
  const { tau, trSigma2OverP2 } = options;
  if (!(tau > 0 && Number.isFinite(tau)))
    throw new InvalidArgumentError('tau', tau, 'a finite number > 0');
  if (!(trSigma2OverP2 >= 0 && Number.isFinite(trSigma2OverP2))) {
    throw new InvalidArgumentError('trSigma2OverP2', trSigma2OverP2, 'a finite number ≥ 0');
  }
  const c0 = g(tau, 0, tau);
  const { d1, d2 } = derivatives(g, tau);
  const c2 = g(tau, tau, tau) - c0 - tau * d1;
  return { c0, c0Correction: 0.5 * d2 * trSigma2OverP2, c1: d1, c2, d2 };
}

/** What {@link elKarouiError} returns. */
export interface ElKarouiError {
  /** ‖M − K‖_op. */
  errorNorm: number;
  /** ‖M‖_op. */
  kernelNorm: number;
  /** ‖M − K‖_op/‖M‖_op. */
  relative: number;
}

/**
 * The operator-norm distance between a kernel matrix M and its linearization
 * K = (c₀ + c₀Correction)·11ᵀ + c₁·XXᵀ/p + c₂·I ({@link elKarouiCoefficients}), absolute and
 * relative to ‖M‖_op. Float64: both norms by eigvalsh (M − K and M are symmetric).
 *
 * @throws ShapeMismatchError when M is not n×n for X n×p.
 * @example
 * elKarouiError(M, X, elKarouiCoefficients(g, { tau: 1, trSigma2OverP2: 1 / p })).relative // ~1e-3 for n = 400, p = 200
 */
export function elKarouiError(M: Matrix64, X: Matrix64, c: ElKarouiCoefficients): ElKarouiError {
  const { rows: n, cols: p } = X;
  if (M.rows !== n || M.cols !== n) {
    throw new ShapeMismatchError(
      'elKarouiError',
      `M is ${M.rows}×${M.cols}`,
      `${n}×${n} for X ${n}×${p}`,
    );
  }
  const D: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  const ones = c.c0 + c.c0Correction;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < p; k++)
        dot += (X.data[i * p + k] as number) * (X.data[j * p + k] as number);
      const K = ones + (c.c1 * dot) / p + (i === j ? c.c2 : 0);
      const v = (M.data[i * n + j] as number) - K;
      D.data[i * n + j] = v;
      D.data[j * n + i] = v;
    }
  }
  const opNorm = (A: Matrix64) => {
    const e = eigvalsh(A, { symmetryTolerance: 1e-8 });
    return Math.max(Math.abs(e[0] as number), Math.abs(e[e.length - 1] as number));
  };
  const errorNorm = opNorm(D);
  const kernelNorm = opNorm(M);
  return { errorNorm, kernelNorm, relative: errorNorm / kernelNorm };
}
