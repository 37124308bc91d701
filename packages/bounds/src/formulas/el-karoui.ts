import {
  asMatrix64,
  assertFinite,
  assertFunction,
  assertNonNegative,
  assertOptions,
  assertPositive,
  assertWorkBudget,
  eigvalsh,
  InvalidArgumentError,
  type Matrix64,
  type MatrixInput,
  ShapeMismatchError,
  type WorkBudget,
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

const OP_COEFFICIENTS = 'elKarouiCoefficients';

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

/** g(τ, b, τ), or a typed error naming where g is not finite. */
function finiteValue(g: NormDotKernel, tau: number, b: number, where: string): number {
  const v = g(tau, b, tau);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InvalidArgumentError(
      'g(τ, b, τ)',
      v,
      `a finite value ${where}: g must be smooth and finite near (τ, 0, τ) and at (τ, τ, τ)`,
      OP_COEFFICIENTS,
    );
  }
  return v;
}

/** Central difference in b with one Richardson step: error O(h⁴) (h = 1e-2 here). */
function derivatives(g: NormDotKernel, tau: number): { d1: number; d2: number } {
  const h = 1e-2 * Math.max(1, Math.abs(tau));
  const at = (b: number) => finiteValue(g, tau, b, `near b = 0 (failed at b = ${b})`);
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
 * @throws InvalidArgumentError for g not a function, τ not finite and > 0, tr Σ²/p² not finite
 *   and ≥ 0, or g not finite near (τ, 0, τ) or at (τ, τ, τ), or coefficients that overflow.
 * @example
 * elKarouiCoefficients((a, b, c) => Math.exp(b), { tau: 1, trSigma2OverP2: 0.01 })
 * // { c0: 1, c0Correction: 0.005, c1: 1, c2: e − 2 = 0.718…, d2: 1 }
 */
export function elKarouiCoefficients(
  g: NormDotKernel,
  options: ElKarouiCoefficientsOptions,
): ElKarouiCoefficients {
  const op = OP_COEFFICIENTS;
  assertFunction(op, 'g', g, 'a kernel (a, b, c) => number');
  assertOptions(op, 'options', options, false);
  const { tau, trSigma2OverP2 } = options;
  assertPositive(op, 'tau', tau, 'τ = tr Σ/p');
  assertNonNegative(op, 'trSigma2OverP2', trSigma2OverP2, 'tr Σ²/p²');
  const c0 = finiteValue(g, tau, 0, 'at b = 0');
  const { d1, d2 } = derivatives(g, tau);
  const c2 = finiteValue(g, tau, tau, 'at b = τ') - c0 - tau * d1;
  const out = { c0, c0Correction: 0.5 * d2 * trSigma2OverP2, c1: d1, c2, d2 };
  for (const [key, v] of Object.entries(out)) {
    if (!Number.isFinite(v)) {
      throw new InvalidArgumentError(
        key,
        v,
        'a finite coefficient: g varies too fast near (τ, 0, τ) for float64; rescale the kernel',
        op,
      );
    }
  }
  return out;
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
 * relative to ‖M‖_op. Float64: both norms by eigvalsh (M − K and M are symmetric). When
 * M = 0 the relative error is 0 if K = 0 too and +Infinity otherwise (x/0 for x > 0: any
 * nonzero K is infinitely far from 0 in relative terms), never 0/0.
 *
 * Work budget: n²p + 20n³ flops (the linearization and two eigvalsh) and 24n² bytes, checked
 * against `options.budget` before anything is allocated.
 *
 * @throws ShapeMismatchError when M is not n×n for X n×p; NonFiniteError for NaN or ±Infinity
 *   entries; InvalidArgumentError for non-finite coefficients; WorkBudgetError beyond the budget.
 * @example
 * elKarouiError(M, X, elKarouiCoefficients(g, { tau: 1, trSigma2OverP2: 1 / p })).relative // ~1e-3 for n = 400, p = 200
 */
export function elKarouiError(
  MInput: MatrixInput,
  XInput: MatrixInput,
  c: ElKarouiCoefficients,
  options: { budget?: WorkBudget } = {},
): ElKarouiError {
  const op = 'elKarouiError';
  const X = asMatrix64(op, 'X', XInput, { meaning: 'one row per point' });
  const M = asMatrix64(op, 'M', MInput, { meaning: 'the n×n kernel matrix of X' });
  const { rows: n, cols: p } = X;
  if (M.rows !== n || M.cols !== n) {
    throw new ShapeMismatchError(op, `M is ${M.rows}×${M.cols}`, `${n}×${n} for X ${n}×${p}`);
  }
  assertOptions(op, 'c', c, false);
  for (const key of ['c0', 'c0Correction', 'c1', 'c2'] as const) {
    assertFinite(op, `c.${key}`, c[key], 'a coefficient of elKarouiCoefficients');
  }
  assertOptions(op, 'options', options);
  assertWorkBudget(
    op,
    { flops: n * n * p + 20 * n ** 3, bytes: 24 * n * n },
    options.budget,
    'use fewer points',
  );
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
  const relative =
    kernelNorm > 0 ? errorNorm / kernelNorm : errorNorm === 0 ? 0 : Number.POSITIVE_INFINITY;
  return { errorNorm, kernelNorm, relative };
}
