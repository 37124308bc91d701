import {
  createRng,
  gram,
  InvalidArgumentError,
  lstsqMinNorm,
  type Matrix64,
  matmul,
  type Rng,
  solveSpd,
  transpose,
} from '@overparam/tensor';
import { type Activation, resolveActivation } from './activation-constants.js';

/** Options of {@link randomFeaturesSphereRisk}. */
export interface RandomFeaturesSphereOptions {
  /** Input dimension d. */
  d: number;
  /** Number of random features N. */
  N: number;
  /** Training samples n. */
  n: number;
  /** Test samples used to estimate the risk. Default 1000. */
  nTest?: number;
  /** Ridge λ ≥ 0 of the penalty (Nλ/d)‖a‖² (0: minimum-norm least squares). */
  lambda: number;
  /** σ. Default 'relu'. */
  activation?: Activation;
  /** F₁². Default 1. */
  linearEnergy?: number;
  /** F*². Default 0. */
  nonlinearEnergy?: number;
  /** τ² (noise variance of the training labels). Default 0. */
  noiseVariance?: number;
  /** Seed of the data, features, teacher and noise (separate streams). */
  seed: number;
}

/** What {@link randomFeaturesSphereRisk} returns. */
export interface RandomFeaturesSphereResult {
  /** E_x (f(x) − f̂(x))² on the test points (against the noiseless target). */
  testError: number;
  /** (1/n)Σ(y_i − f̂(x_i))² on the noisy training labels. */
  trainError: number;
}

function sphere(rng: Rng, rows: number, d: number): Matrix64 {
  const data = rng.fillNormal(new Float64Array(rows * d));
  const r = Math.sqrt(d);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j] as number) ** 2;
    const scale = r / Math.sqrt(s);
    for (let j = 0; j < d; j++) data[i * d + j]! *= scale;
  }
  return { rows, cols: d, data };
}

function features(X: Matrix64, ThetaT: Matrix64, sigma: (u: number) => number): Matrix64 {
  const Z = matmul(X, ThetaT);
  const s = 1 / Math.sqrt(X.cols);
  for (let k = 0; k < Z.data.length; k++) Z.data[k] = sigma((Z.data[k] as number) * s);
  return Z;
}

/**
 * One seeded instance of the random-features regression of Mei & Montanari (CPAM 2022, §2;
 * https://overparam.dev/docs/theory/rf-asymptotics#setting), in float64 on the CPU: x_i and θ_j uniform on the sphere of radius √d,
 * Z_ij = σ(⟨θ_j, x_i⟩/√d), target y = F₁⟨β, x⟩ + F*(⟨θ*, x⟩² − 1)/√2 + τ·ε with β ⟂ θ* unit
 * vectors, and
 * â = argmin (1/n)‖y − Za‖² + (Nλ/d)‖a‖² = (ZᵀZ + (nNλ/d)·I)⁻¹Zᵀy (λ > 0, Cholesky in the
 * smaller of the N×N and n×n forms) or Z⁺y (λ = 0, SVD). Returns the test error against the
 * noiseless target on fresh points, the quantity Mei & Montanari's limit describes.
 *
 * @throws InvalidArgumentError for sizes < 1 or λ < 0.
 * @example
 * randomFeaturesSphereRisk({ d: 60, N: 120, n: 180, lambda: 0.1, nonlinearEnergy: 1,
 *   noiseVariance: 0.09, seed: 0 }).testError // 1.627 (one instance; the limit is 1.600)
 */
export function randomFeaturesSphereRisk(
  options: RandomFeaturesSphereOptions,
): RandomFeaturesSphereResult {
  const { d, N, n, lambda, seed } = options;
  const nTest = options.nTest ?? 1000;
  for (const [name, v] of [
    ['d', d],
    ['N', N],
    ['n', n],
    ['nTest', nTest],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new InvalidArgumentError(name, v, 'an integer ≥ 1');
    }
  }
  if (!(lambda >= 0 && Number.isFinite(lambda))) {
    throw new InvalidArgumentError('lambda', lambda, 'a finite number ≥ 0');
  }
  const sigma = resolveActivation(options.activation ?? 'relu').fn;
  const F1 = Math.sqrt(options.linearEnergy ?? 1);
  const Fs = Math.sqrt(options.nonlinearEnergy ?? 0);
  const tau = Math.sqrt(options.noiseVariance ?? 0);

  // Teacher directions: β, and θ* orthogonalized against β so the two parts are exactly
  // orthogonal in L²(sphere).
  const dirs = createRng(seed, 1).fillNormal(new Float64Array(2 * d));
  const beta = dirs.subarray(0, d);
  const thetaStar = dirs.subarray(d, 2 * d);
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const nb = norm(beta);
  for (let j = 0; j < d; j++) beta[j]! /= nb;
  const proj = thetaStar.reduce((s, x, j) => s + x * (beta[j] as number), 0);
  for (let j = 0; j < d; j++) thetaStar[j]! -= proj * (beta[j] as number);
  const nt = norm(thetaStar);
  for (let j = 0; j < d; j++) thetaStar[j]! /= nt;
  const target = (X: Matrix64, i: number): number => {
    let a = 0;
    let b = 0;
    for (let j = 0; j < d; j++) {
      const x = X.data[i * d + j] as number;
      a += (beta[j] as number) * x;
      b += (thetaStar[j] as number) * x;
    }
    return F1 * a + (Fs * (b * b - 1)) / Math.SQRT2;
  };

  const X = sphere(createRng(seed, 2), n, d);
  const Xt = sphere(createRng(seed, 3), nTest, d);
  const ThetaT = transpose(sphere(createRng(seed, 4), N, d));
  const noise = createRng(seed, 5).fillNormal(new Float64Array(n), 0, tau);
  const y: Matrix64 = { rows: n, cols: 1, data: new Float64Array(n) };
  for (let i = 0; i < n; i++) y.data[i] = target(X, i) + (noise[i] as number);

  const Z = features(X, ThetaT, sigma);
  let a: Matrix64;
  if (lambda === 0) {
    a = lstsqMinNorm(Z, y).x;
  } else {
    const rho = (n * N * lambda) / d;
    if (N <= n) {
      const G = gram(Z);
      for (let j = 0; j < N; j++) G.data[j * N + j]! += rho;
      a = solveSpd(G, matmul(transpose(Z), y)).x;
    } else {
      const G = gram(Z, { form: 'AAt' });
      for (let i = 0; i < n; i++) G.data[i * n + i]! += rho;
      a = matmul(transpose(Z), solveSpd(G, y).x);
    }
  }
  const fit = matmul(Z, a);
  let train = 0;
  for (let i = 0; i < n; i++) train += ((y.data[i] as number) - (fit.data[i] as number)) ** 2;
  const Zt = features(Xt, ThetaT, sigma);
  const pred = matmul(Zt, a);
  let test = 0;
  for (let i = 0; i < nTest; i++) test += (target(Xt, i) - (pred.data[i] as number)) ** 2;
  return { testError: test / nTest, trainError: train / n };
}
