import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  extremeEigenvalues,
  InvalidArgumentError,
  NonFiniteError,
  powerIteration,
  ShapeMismatchError,
  WorkBudgetError,
} from '../../src/index.js';
import { TEST_BACKEND, withLeakCheck } from '../../src/testing/index.js';
import { symmetricWithEigenvalues } from './helpers.js';

/** A float32 tensor with eigenvalues λ (exact up to float32 rounding of the entries). */
function operator(lambda: number[], seed: number) {
  const n = lambda.length;
  const A = tf.tensor2d(Float32Array.from(symmetricWithEigenvalues(lambda, seed).data), [n, n]);
  return { A, matvec: (v: tf.Tensor1D) => tf.dot(A, v) as tf.Tensor1D };
}

/**
 * The argument checks both matvec solvers share: a matvec that is not a function and null
 * options throw InvalidArgumentError.
 */
async function expectArgumentErrors(
  solve: (matvec: (v: tf.Tensor1D) => tf.Tensor1D, n: number, options?: never) => Promise<unknown>,
): Promise<void> {
  for (const bad of [null, undefined, {}, 'f', Number.NaN]) {
    await expect(solve(bad as unknown as (v: tf.Tensor1D) => tf.Tensor1D, 3)).rejects.toThrow(
      InvalidArgumentError,
    );
  }
  await expect(solve((v) => v.clone(), 3, null as never)).rejects.toThrow(/options is null/);
}

describe(`extremeEigenvalues (Lanczos) on ${TEST_BACKEND}`, () => {
  it('finds λ_max and λ_min of diag(2, 5, 9) exactly in 3 steps', async () => {
    const A = tf.tensor2d([
      [2, 0, 0],
      [0, 5, 0],
      [0, 0, 9],
    ]);
    const r = await withLeakCheck(() => extremeEigenvalues((v) => tf.dot(A, v) as tf.Tensor1D, 3));
    expect(r.max).toBeCloseTo(9, 4);
    expect(r.min).toBeCloseTo(2, 4);
    expect(r.iterations).toBeLessThanOrEqual(3);
    A.dispose();
  });

  it('estimates both ends of a spread spectrum (n = 150, eigenvalues in [0.01, 50]) to 1e-4', async () => {
    const rng = createRng(5);
    const lambda = Array.from({ length: 150 }, () => 0.5 + 10 * rng.uniform());
    lambda[0] = 0.01;
    lambda[1] = 50;
    lambda[2] = 0.2;
    const { A, matvec } = operator(lambda, 3);
    const r = await withLeakCheck(() => extremeEigenvalues(matvec, 150, { maxIterations: 100 }));
    expect(r.converged).toBe(true);
    expect(Math.abs(r.max - 50) / 50).toBeLessThan(1e-4);
    expect(Math.abs(r.min - 0.01) / 50).toBeLessThan(1e-4);
    // Ritz values are interior: λ_min ≤ θ_min and θ_max ≤ λ_max (up to float32 rounding).
    expect(r.max).toBeLessThanOrEqual(50 * (1 + 1e-5));
    A.dispose();
  });

  it('is reproducible for a seed', async () => {
    const { A, matvec } = operator([1, 2, 3, 4, 5, 6, 7, 8], 1);
    const a = await extremeEigenvalues(matvec, 8, { seed: 7, maxIterations: 4 });
    const b = await extremeEigenvalues(matvec, 8, { seed: 7, maxIterations: 4 });
    expect(a).toEqual(b);
    A.dispose();
  });

  it('extremeEigenvalues throws NonFiniteError when the operator returns NaN', async () => {
    await expect(
      extremeEigenvalues((v) => tf.mul(v, Number.NaN) as tf.Tensor1D, 4),
    ).rejects.toThrow(NonFiniteError);
    await expect(extremeEigenvalues((v) => v.clone(), 0)).rejects.toThrow(InvalidArgumentError);
  });
});

describe(`powerIteration on ${TEST_BACKEND}`, () => {
  it('finds the dominant eigenpair of diag(2, 5)', async () => {
    const A = tf.tensor2d([
      [2, 0],
      [0, 5],
    ]);
    const r = await withLeakCheck(() => powerIteration((v) => tf.dot(A, v) as tf.Tensor1D, 2), {
      keep: true,
    });
    expect(r.value).toBeCloseTo(5, 3);
    expect(r.converged).toBe(true);
    const v = await r.vector.data();
    expect(Math.abs(v[1] as number)).toBeCloseTo(1, 3);
    r.vector.dispose();
    A.dispose();
  });

  it('converges to λ_max with a spectral gap (n = 200, λ₁ = 10, λ₂ = 5)', async () => {
    const lambda = Array.from({ length: 200 }, (_, i) => 1 + (4 * i) / 199);
    lambda[17] = 10;
    const { A, matvec } = operator(lambda, 4);
    const r = await withLeakCheck(() => powerIteration(matvec, 200, { tol: 1e-5 }), { keep: true });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.value - 10) / 10).toBeLessThan(1e-5);
    r.vector.dispose();
    A.dispose();
  });

  it('powerIteration throws NonFiniteError when the operator returns Infinity', async () => {
    await expect(
      powerIteration((v) => tf.mul(v, Number.POSITIVE_INFINITY) as tf.Tensor1D, 3),
    ).rejects.toThrow(/matvec\(v\) at iteration 1/);
  });

  it('powerIteration disposes a matvec result of the wrong length before throwing ShapeMismatchError', async () => {
    await withLeakCheck(async () => {
      await expect(powerIteration((v) => tf.concat([v, v]) as tf.Tensor1D, 3)).rejects.toThrow(
        /matvec\(v\) returned a tensor of shape \[6\]; expected a new 1-D tensor of length 3/,
      );
      await expect(powerIteration(() => null as unknown as tf.Tensor1D, 3)).rejects.toThrow(
        ShapeMismatchError,
      );
    });
  });

  it('powerIteration rejects a matvec that is not a function and null options with InvalidArgumentError', () =>
    expectArgumentErrors(powerIteration));

  it('powerIteration refuses n = 1e12 with WorkBudgetError before allocating', async () => {
    await expect(powerIteration((v) => v.clone(), 1e12)).rejects.toThrow(WorkBudgetError);
  });
});

describe(`extremeEigenvalues input checks on ${TEST_BACKEND}`, () => {
  it('extremeEigenvalues disposes a matvec result of the wrong length before throwing ShapeMismatchError', async () => {
    await withLeakCheck(async () => {
      await expect(
        extremeEigenvalues((v) => tf.slice(v, [0], [2]) as tf.Tensor1D, 3),
      ).rejects.toThrow(
        /matvec\(v\) returned a tensor of shape \[2\]; expected a new 1-D tensor of length 3/,
      );
    });
  });

  it('extremeEigenvalues rejects a matvec that is not a function with InvalidArgumentError', () =>
    expectArgumentErrors(extremeEigenvalues));

  it('extremeEigenvalues refuses n = 1e9 with WorkBudgetError before allocating', async () => {
    await expect(extremeEigenvalues((v) => v.clone(), 1e9)).rejects.toThrow(WorkBudgetError);
  });
});
