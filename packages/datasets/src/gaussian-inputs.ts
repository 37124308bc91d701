import { createRng, InvalidArgumentError } from '@overparam/tensor';
import type { DataMatrix } from './data-matrix.js';
import { assertInteger } from './validate.js';

/** How inputs are drawn. */
export type InputDistribution = 'gaussian' | 'sphere';

/** Options of {@link gaussianInputs}. */
export interface GaussianInputsOptions {
  n: number;
  d: number;
  dataSeed: number;
  /**
   * Covariance eigenvalues λ₁..λ_d of a diagonal Σ (x = Σ^{1/2} z). Default: identity.
   * Use a decaying spectrum for benign-overfitting experiments (Bartlett et al. 2020).
   */
  covariance?: ArrayLike<number>;
  /** Stream of the seed (different streams give independent draws). Default 0. */
  stream?: number;
}

/**
 * n samples x = Σ^{1/2} z with z ~ N(0, I_d) and diagonal Σ (float64, row-major n×d).
 *
 * @example
 * gaussianInputs({ n: 2, d: 3, dataSeed: 0 }).data.length // 6
 */
export function gaussianInputs(options: GaussianInputsOptions): DataMatrix {
  const { n, d, dataSeed, covariance, stream = 0 } = options;
  assertInteger('n', n, 1);
  assertInteger('d', d, 1);
  let scale: Float64Array | undefined;
  if (covariance !== undefined) {
    if (covariance.length !== d) {
      throw new InvalidArgumentError(
        'covariance',
        `${covariance.length} eigenvalues`,
        `${d} (one per input dimension)`,
      );
    }
    scale = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const v = covariance[j] as number;
      if (!(v >= 0 && Number.isFinite(v)))
        throw new InvalidArgumentError(`covariance[${j}]`, v, 'a finite eigenvalue >= 0');
      scale[j] = Math.sqrt(v);
    }
  }
  const data = createRng(dataSeed, stream).fillNormal(new Float64Array(n * d));
  if (scale)
    for (let i = 0; i < n * d; i++) data[i] = (data[i] as number) * (scale[i % d] as number);
  return { rows: n, cols: d, data };
}

/** Options of {@link sphereInputs}. */
export interface SphereInputsOptions {
  n: number;
  d: number;
  dataSeed: number;
  /** Radius; default √d, the scaling of Mei & Montanari (2022). */
  radius?: number;
  stream?: number;
}

/**
 * n points uniform on the sphere of the given radius in R^d (normalized Gaussians).
 *
 * @example
 * const X = sphereInputs({ n: 10, d: 5, dataSeed: 1 }); // every row has norm √5
 */
export function sphereInputs(options: SphereInputsOptions): DataMatrix {
  const { n, d, dataSeed, radius = Math.sqrt(d), stream = 0 } = options;
  if (!(radius > 0 && Number.isFinite(radius)))
    throw new InvalidArgumentError('radius', radius, 'a finite number > 0');
  const X = gaussianInputs({ n, d, dataSeed, stream });
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (X.data[i * d + j] as number) ** 2;
    const f = radius / Math.sqrt(s);
    for (let j = 0; j < d; j++) X.data[i * d + j] = (X.data[i * d + j] as number) * f;
  }
  return X;
}

/** Draws inputs of either distribution. */
export function drawInputs(
  input: InputDistribution,
  options: { n: number; d: number; dataSeed: number; stream?: number },
): DataMatrix {
  return input === 'sphere' ? sphereInputs(options) : gaussianInputs(options);
}
