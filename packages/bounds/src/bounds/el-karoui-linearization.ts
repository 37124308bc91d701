import { fcKernel } from '@overparam/kernels';
import { createRng, type Matrix64 } from '@overparam/tensor';
import type { Assumption, Bound, EmpiricalResult, InputSpec } from '../bound.js';
import { type BoundFormula, type CheckProgress, defineBound } from '../define-bound.js';
import {
  type ElKarouiCoefficients,
  elKarouiCoefficients,
  elKarouiError,
  type NormDotKernel,
} from '../formulas/el-karoui.js';
import { validateInputs } from '../validate-inputs.js';

/** Inputs of {@link elKarouiLinearizationBound}. */
export type ElKarouiLinearizationInputs = {
  /** Samples n. */
  n: number;
  /** Dimension p. */
  p: number;
  /** Kernel: 0 exp(⟨x,x'⟩/p), 1 Gaussian RBF exp(−‖x − x'‖²/(2p)), 2 ReLU NTK depth 1, 3 ReLU NTK depth 2. */
  kernel: number;
  /** Data: 0 Gaussian x = Σ^{1/2}z, 1 the same rescaled to ‖x‖²/p = τ exactly. */
  data: number;
  /** Spread s of the covariance spectrum: Σ = diag(1 + s·u_j), u_j evenly spaced in [−1, 1]. */
  spread: number;
  /** Kernel ridge λ whose linear-ridge equivalent is reported. */
  ridge: number;
};

const ID = 'el-karoui-linearization';
const SEED = 101;
/** The series of the check: the reader's n and p times these. */
const SERIES = [0.25, 0.5, 1];
const KERNEL_LABELS = [
  'exp(⟨x, x′⟩/p)',
  'Gaussian RBF exp(−‖x − x′‖²/(2p))',
  'ReLU NTK, 1 hidden layer (σ_w = √2)',
  'ReLU NTK, 2 hidden layers (σ_w = √2)',
] as const;

const inputs: InputSpec[] = [
  {
    key: 'n',
    label: 'n',
    description: 'Samples (rows of X).',
    type: 'integer',
    min: 8,
    max: 800,
    step: 10,
    default: 400,
  },
  {
    key: 'p',
    label: 'p',
    description: 'Dimension (columns of X).',
    type: 'integer',
    min: 4,
    max: 800,
    step: 10,
    default: 200,
  },
  {
    key: 'kernel',
    label: 'kernel',
    description:
      '0 = exp(⟨x, x′⟩/p) (inner product), 1 = Gaussian RBF exp(−‖x − x′‖²/(2p)), 2 = ReLU NTK with 1 hidden layer, 3 = ReLU NTK with 2 hidden layers (@overparam/kernels fcKernel, σ_w = √2).',
    type: 'integer',
    min: 0,
    max: 3,
    default: 0,
  },
  {
    key: 'data',
    label: 'data',
    description: '0 = Gaussian x = Σ^{1/2}z; 1 = the same rows rescaled to ‖x‖²/p = τ exactly.',
    type: 'integer',
    min: 0,
    max: 1,
    default: 0,
  },
  {
    key: 'spread',
    label: 'spectrum spread s',
    description:
      'Σ = diag(1 + s·u_j) with u_j evenly spaced in [−1, 1] (τ = tr Σ/p = 1; s = 0 is Σ = I).',
    type: 'number',
    min: 0,
    max: 0.99,
    step: 0.05,
    default: 0.5,
  },
  {
    key: 'ridge',
    label: 'kernel ridge λ',
    description: 'Kernel ridge regression with this λ behaves like linear ridge with (λ + c₂)/c₁.',
    type: 'number',
    min: 0,
    max: 1000,
    step: 0.01,
    default: 0.1,
  },
];

/** The covariance spectrum σ_j² = 1 + s·u_j (mean 1). */
function spectrum(p: number, s: number): Float64Array {
  return Float64Array.from({ length: p }, (_, j) => 1 + s * (p === 1 ? 0 : (2 * j) / (p - 1) - 1));
}

function trSigma2OverP2(p: number, s: number): number {
  return spectrum(p, s).reduce((acc, v) => acc + v * v, 0) / (p * p);
}

function kernelG(code: number): NormDotKernel {
  if (code === 0) return (_a, b) => Math.exp(b);
  if (code === 1) return (a, b, c) => Math.exp(-(a - 2 * b + c) / 2);
  // The NTK as a function of (a, b, c): two points of R² with ‖x‖²/2 = a, ⟨x, x′⟩/2 = b,
  // ‖x′‖²/2 = c, through fcKernel itself (which normalizes by the input dimension, here 2).
  const k = fcKernel({ depth: code === 2 ? 1 : 2, activation: 'relu', wStd: Math.SQRT2 });
  return (a, b, c) => {
    const x0 = Math.sqrt(2 * a);
    const x1 = (2 * b) / x0;
    const y1 = Math.sqrt(Math.max(2 * c - x1 * x1, 0));
    const { ntk } = k.f64([
      [x0, 0],
      [x1, y1],
    ]);
    return ntk.data[1] as number;
  };
}

function normDependent(code: number): boolean {
  return code !== 0;
}

function coefficients(i: ElKarouiLinearizationInputs): ElKarouiCoefficients {
  return elKarouiCoefficients(kernelG(i.kernel), {
    tau: 1,
    trSigma2OverP2: trSigma2OverP2(i.p, i.spread),
  });
}

function draw(n: number, p: number, i: ElKarouiLinearizationInputs): Matrix64 {
  const X: Matrix64 = {
    rows: n,
    cols: p,
    data: createRng(SEED, 1).fillNormal(new Float64Array(n * p)),
  };
  const sd = spectrum(p, i.spread).map(Math.sqrt);
  for (let r = 0; r < n; r++) {
    let norm2 = 0;
    for (let j = 0; j < p; j++) {
      const v = (X.data[r * p + j] as number) * (sd[j] as number);
      X.data[r * p + j] = v;
      norm2 += v * v;
    }
    if (i.data === 1) {
      const scale = Math.sqrt(p / norm2); // ‖x‖²/p = τ = 1
      for (let j = 0; j < p; j++) X.data[r * p + j]! *= scale;
    }
  }
  return X;
}

function kernelMatrix(X: Matrix64, code: number): Matrix64 {
  if (code >= 2)
    return fcKernel({ depth: code === 2 ? 1 : 2, activation: 'relu', wStd: Math.SQRT2 }).f64(X).ntk;
  const { rows: n, cols: p } = X;
  const norms = new Float64Array(n);
  const M: Matrix64 = { rows: n, cols: n, data: new Float64Array(n * n) };
  const dots = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let s = 0;
      for (let k = 0; k < p; k++)
        s += (X.data[a * p + k] as number) * (X.data[b * p + k] as number);
      dots[a * n + b] = s / p;
      dots[b * n + a] = s / p;
    }
    norms[a] = dots[a * n + a] as number;
  }
  const g = kernelG(code);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      M.data[a * n + b] = g(norms[a] as number, dots[a * n + b] as number, norms[b] as number);
    }
  }
  return M;
}

/** Finite-size allowance on ‖M − K‖/‖M‖: measured to decay like 1/p or faster (https://overparam.dev/docs/theory/kernel-linearization#el-karoui-check). */
function tolerance(p: number): number {
  return 2 / p;
}

const assumptions: Assumption<ElKarouiLinearizationInputs>[] = [
  {
    id: 'proportional-regime',
    statement:
      'n, p \\to \\infty,\\ p/n \\to \\gamma \\in (0, \\infty),\\ \\|\\Sigma\\|_{\\mathrm{op}} \\text{ bounded}',
    check: (i) => {
      const gamma = i.p / i.n;
      return {
        holds: gamma >= 0.05 && gamma <= 20 && i.p >= 50,
        value: `p/n = ${gamma.toPrecision(3)}, p = ${i.p}`,
        requirement: 'p/n in [0.05, 20] and p ≥ 50',
        explanation:
          'A high-dimensional limit: ⟨x_i, x_j⟩/p concentrates around 0 off the diagonal (fluctuations p^{-1/2}) and ‖x‖²/p around τ, which is what makes a Taylor expansion at (τ, 0, τ) exact in the limit. At p below ~50 the remainder is not small.',
      };
    },
  },
  {
    id: 'smooth-kernel',
    statement:
      'g\\ C^3 \\text{ near } (\\tau, 0, \\tau),\\ C^1 \\text{ near } (\\tau, \\tau, \\tau)',
    check: (i) => ({
      holds: true,
      value: KERNEL_LABELS[i.kernel] as string,
      requirement: 'g smooth near (τ, 0, τ) and (τ, τ, τ)',
      explanation:
        'All four kernels are smooth there (the ReLU NTK is smooth away from ⟨x, x′⟩ = ±‖x‖‖x′‖, i.e. away from parallel inputs).',
    }),
  },
  {
    id: 'norms-concentrate',
    statement:
      "g \\text{ depends on } \\langle x, x'\\rangle \\text{ only, or } \\|x_i\\|^2/p = \\tau \\text{ exactly}",
    check: (i) => ({
      holds: !normDependent(i.kernel) || i.data === 1,
      value: `${KERNEL_LABELS[i.kernel]}, ${i.data === 1 ? 'rows rescaled to ‖x‖²/p = τ' : 'Gaussian rows'}`,
      requirement: 'an inner-product kernel, or data with constant norms',
      explanation:
        'For a kernel that depends on the norms (RBF, NTK), ‖x_i‖²/p − τ = O(p^{-1/2}) enters through ∂₁g and ∂₃g as the rank-two term ψ1ᵀ + 1ψᵀ, whose operator norm is of order n/√p: the three-term K then misses O(p^{-1/2}) of ‖M‖ (El Karoui’s Theorem 2.2 keeps these terms). With constant norms they vanish.',
    }),
  },
];

/** n, p ≤ 800 keep the check (two float64 eigenvalue problems of size n) within a few seconds. */
function validate(raw: unknown): ElKarouiLinearizationInputs {
  return validateInputs<ElKarouiLinearizationInputs>(ID, inputs, raw);
}

function formula(i: ElKarouiLinearizationInputs): BoundFormula {
  const c = coefficients(i);
  const effective = (i.ridge + c.c2) / c.c1;
  return {
    value: Number.isFinite(effective) ? effective : null,
    valueLabel: `equivalent linear ridge (λ + c₂)/c₁ of kernel ridge with λ = ${i.ridge}`,
    terms: [
      { id: 'tau', label: 'τ = tr Σ/p', latex: '\\tau', value: 1 },
      {
        id: 'tr-sigma2',
        label: 'tr Σ²/p²',
        latex: '\\operatorname{tr}\\Sigma^2/p^2',
        value: trSigma2OverP2(i.p, i.spread),
      },
      { id: 'c0', label: 'c₀ = g(τ, 0, τ)', latex: 'c_0', value: c.c0 },
      {
        id: 'c0-correction',
        label: '½∂₂²g(τ, 0, τ)·tr Σ²/p² (added to the 11ᵀ coefficient)',
        latex: '\\tfrac12\\partial_2^2 g\\,\\operatorname{tr}\\Sigma^2/p^2',
        value: c.c0Correction,
      },
      { id: 'c1', label: 'c₁ = ∂₂g(τ, 0, τ)', latex: 'c_1', value: c.c1 },
      { id: 'c2', label: 'c₂ = g(τ, τ, τ) − c₀ − τc₁', latex: 'c_2', value: c.c2 },
      {
        id: 'effective-ridge',
        label: 'linear ridge (λ + c₂)/c₁',
        latex: '(\\lambda + c_2)/c_1',
        value: effective,
      },
    ],
    caveats: [
      '‖M − K‖_op → 0 is a high-dimensional limit; the empirical check measures ‖M − K‖/‖M‖ at n, p and at smaller sizes (1e-4..1e-3 at n = 1000, p = 500, https://overparam.dev/docs/theory/kernel-linearization#el-karoui-check; the live check defaults to n = 400, p = 200 to stay within a second or two).',
      'The 11ᵀ coefficient includes the second-order term ½∂₂²g·tr Σ²/p², which El Karoui’s Theorem 2.1 keeps: it is O(1/p) per entry but O(n/p) in operator norm.',
      'So kernel ridge regression with ridge λ behaves, to leading order, like linear ridge regression on X with ridge (λ + c₂)/c₁ (plus a constant from c₀11ᵀ).',
    ],
  };
}

async function run(
  i: ElKarouiLinearizationInputs,
  { step }: CheckProgress,
): Promise<EmpiricalResult> {
  const points: { x: number; predicted: number; measured: number }[] = [];
  let last = { relative: Number.NaN, errorNorm: Number.NaN, kernelNorm: Number.NaN };
  const weights = SERIES.map((m) => m ** 3);
  const total = weights.reduce((a, b) => a + b, 0);
  let done = 0;
  for (const [k, m] of SERIES.entries()) {
    const n = Math.max(8, Math.round(i.n * m));
    const p = Math.max(4, Math.round(i.p * m));
    const X = draw(n, p, i);
    const c = elKarouiCoefficients(kernelG(i.kernel), {
      tau: 1,
      trSigma2OverP2: trSigma2OverP2(p, i.spread),
    });
    last = elKarouiError(kernelMatrix(X, i.kernel), X, c);
    points.push({ x: n, predicted: tolerance(p), measured: last.relative });
    done += weights[k] as number;
    await step(done / total);
  }
  const tol = tolerance(i.p);
  return {
    passes: last.relative <= tol,
    relation: `‖M − K‖_op/‖M‖_op ≤ 2/p = ${tol.toPrecision(3)} (the finite-size allowance; the limit is 0)`,
    predicted: 0,
    measured: last.relative,
    tolerance: tol,
    series: { x: 'n (p scaled with it); predicted = the allowance 2/p', points },
    details: `${KERNEL_LABELS[i.kernel]} on ${i.data === 1 ? 'Gaussian rows rescaled to ‖x‖²/p = 1' : 'Gaussian rows x = Σ^{1/2}z'}, Σ = diag(1 + ${i.spread}·u_j), seed ${SEED}, float64 (eigvalsh for both operator norms). At n = ${i.n}, p = ${i.p}: ‖M − K‖_op = ${last.errorNorm.toPrecision(3)}, ‖M‖_op = ${last.kernelNorm.toPrecision(4)}, relative ${last.relative.toExponential(2)} (allowance 2/p = ${tol.toExponential(2)}). Series at n × {${SERIES.join(', ')}}: ${points.map((pt) => pt.measured.toExponential(2)).join(', ')}. At n = 1000, p = 500 (a larger size than this live default) the relative error is 1e-4..1e-3 (https://overparam.dev/docs/theory/kernel-linearization#el-karoui-check).`,
  };
}

/**
 * El Karoui's linearization of kernel matrices in high dimension (Ann. Stat. 2010, Theorem 2.1;
 * Sahraee-Ardakan, Emami, Pandit, Rangan, Fletcher 2022 for NTK-type kernels; https://overparam.dev/docs/theory/kernel-linearization#norm-dot-kernels):
 * M_ij = g(‖x_i‖²/p, ⟨x_i, x_j⟩/p, ‖x_j‖²/p) ≈ c₀11ᵀ + c₁XXᵀ/p + c₂I in operator norm as
 * n, p → ∞, so kernel ridge with ridge λ behaves like linear ridge with (λ + c₂)/c₁. Evaluates
 * c₀, c₁, c₂ for four kernels (two through @overparam/kernels' fcKernel NTK); the empirical check
 * measures ‖M − K‖/‖M‖ on seeded data in float64.
 *
 * @example
 * elKarouiLinearizationBound.evaluate(elKarouiLinearizationBound.defaults).terms.find((t) => t.id === 'c2')!.value // e − 2 ≈ 0.718
 */
export const elKarouiLinearizationBound: Bound<ElKarouiLinearizationInputs> =
  defineBound<ElKarouiLinearizationInputs>({
    id: ID,
    title: 'Kernel matrices in high dimension are linear: El Karoui’s linearization',
    citation: {
      authors: 'N. El Karoui; M. Sahraee-Ardakan, M. Emami, P. Pandit, S. Rangan, A. K. Fletcher',
      title:
        'The spectrum of kernel random matrices (Ann. Stat. 38(1), 2010); Kernel methods and multi-layer perceptrons learn linear models in high dimensions (2022)',
      venue: 'Annals of Statistics; arXiv:2201.08082',
      year: 2010,
      theorem:
        'Theorem 2.1 (inner-product kernels) and Theorem 2.2 (distance kernels) of El Karoui 2010',
      url: 'https://arxiv.org/abs/1001.0492',
    },
    kind: 'asymptotic',
    statement:
      '\\Big\\|M - \\big[(c_0 + \\tfrac12\\partial_2^2 g\\,\\tfrac{\\operatorname{tr}\\Sigma^2}{p^2})\\mathbf 1\\mathbf 1^\\top + c_1\\tfrac{XX^\\top}{p} + c_2 I\\big]\\Big\\|_{\\mathrm{op}} \\to 0,\\quad c_0 = g(\\tau,0,\\tau),\\ c_1 = \\partial_2 g(\\tau,0,\\tau),\\ c_2 = g(\\tau,\\tau,\\tau) - c_0 - \\tau c_1',
    inputs,
    validate,
    assumptions,
    formula,
    empiricalCheck: {
      description:
        'Draws seeded data (float64), forms the kernel matrix M and its linearization K, and measures ‖M − K‖_op/‖M‖_op at n, p and at a quarter and half the size.',
      seed: SEED,
      run,
    },
    snippet: `import { getBound } from '@overparam/bounds';

const ek = getBound('el-karoui-linearization');
const inputs = ek.validate({ n: 400, p: 200, kernel: 0, ridge: 0.1 });
const result = ek.evaluate(inputs);
console.log(result.terms.map((t) => [t.id, t.value])); // c₀, c₁, c₂ and (λ + c₂)/c₁
const check = await ek.empiricalCheck.run(inputs);
console.log(check.measured); // ‖M − K‖/‖M‖ ≈ 1e-3 at n = 400, p = 200`,
  });
