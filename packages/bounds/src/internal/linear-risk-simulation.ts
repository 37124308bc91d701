import { linearTeacher } from '@overparam/datasets';
import { leastSquaresFit } from '@overparam/random-features';
import { lstsqMinNorm, type Matrix64 } from '@overparam/tensor';

/** One seeded draw of the isotropic linear model of HMRT (2022). */
export interface LinearRiskDraw {
  n: number;
  p: number;
  /** ‖β‖² (β uniform on the sphere of radius r). */
  signal: number;
  /** Var ε. */
  noise: number;
  /** Energy s² of an unobserved signal s·w, w ~ N(0, 1) independent of x. */
  misspecification: number;
  /** Ridge λ of β̂ = (XᵀX/n + λI)⁻¹Xᵀy/n; 0 gives the minimum-norm least-squares β̂ = X⁺y. */
  lambda: number;
  seed: number;
}

/**
 * Draws the HMRT model through datasets' linearTeacher and fits β̂ in float64; returns the
 * excess risk E_x₀⟨x₀, β̂ − β⟩² = ‖β̂ − β‖² (exact for x₀ ~ N(0, I)).
 *
 * β is uniform on the sphere of radius r (linearTeacher's seeded draw, `teacherSeed` = seed).
 * The misspecified part is one more input coordinate the fit does not see, with coefficient s:
 * ⟨w, θ⟩ for w ~ N(0, I_q) independent of x is N(0, s²) whatever θ with ‖θ‖ = s, so one
 * coordinate is the general case. The samples (x, w, ε) come from linearTeacher's `sample`
 * (`dataSeed` = seed). β̂ comes from random-features' leastSquaresFit with ridge nλ (the smaller
 * Gram matrix, Cholesky or eigh), except for λ = 0 near p = n, where XᵀX is ill-conditioned and
 * the SVD route of tensor's lstsqMinNorm is taken.
 */
export function linearRiskDraw(d: LinearRiskDraw): number {
  const { n, p, seed } = d;
  const beta = linearTeacher({ d: p, signalNorm: Math.sqrt(d.signal), teacherSeed: seed }).beta;
  const hidden = d.misspecification > 0 ? 1 : 0;
  const full = new Float64Array(p + hidden);
  full.set(beta);
  if (hidden) full[p] = Math.sqrt(d.misspecification);
  const teacher = linearTeacher({ d: p + hidden, beta: full, noiseStd: Math.sqrt(d.noise) });
  const { X: Xfull, Y } = teacher.sample({ n, dataSeed: seed });
  // The fit sees the first p coordinates only.
  let X: Matrix64 = Xfull;
  if (hidden) {
    X = { rows: n, cols: p, data: new Float64Array(n * p) };
    for (let i = 0; i < n; i++)
      X.data.set(Xfull.data.subarray(i * (p + 1), i * (p + 1) + p), i * p);
  }
  const betaHat =
    d.lambda === 0 && Math.abs(p - n) < 0.1 * n
      ? lstsqMinNorm(X, Y).x.data
      : leastSquaresFit(X, Y, { ridge: n * d.lambda }).a.data;
  // The unobserved coefficient is not estimated: its error s² is the misspecification, which
  // HMRT's excess risk leaves out (it acts as noise, σ² → σ² + s²).
  const estimate = new Float64Array(p + hidden);
  estimate.set(betaHat);
  if (hidden) estimate[p] = full[p] as number;
  return teacher.excessRisk(estimate);
}
