import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  conjugateGradient,
  createRng,
  InvalidArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSquareError,
  NotSymmetricError,
  ShapeMismatchError,
} from '../../src/index.js';
import { relativeError, TEST_BACKEND, withLeakCheck } from '../../src/testing/index.js';

/**
 * Kac–Murdock–Szegő matrix A_ij = ρ^|i−j| (AR(1) covariance): SPD, dense, with spectrum in
 * [(1−ρ)/(1+ρ), (1+ρ)/(1−ρ)], so κ ≤ 9 at ρ = 1/2. Returns A in float32, x* and b = Ax* in
 * float64 (b rounded to float32 for the device).
 */
function kms(n: number, rho: number, seed: number) {
  const a = new Float32Array(n * n);
  const pow = Float64Array.from({ length: n }, (_, k) => rho ** k);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = pow[Math.abs(i - j)] as number;
  const x = createRng(seed).fillNormal(new Float64Array(n));
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (a[i * n + j] as number) * (x[j] as number);
    b[i] = s;
  }
  return { a, x, b, kappa: ((1 + rho) / (1 - rho)) ** 1 };
}

/** A = [[4, 1], [1, 3]] and b = [1, 2] on the backend (the caller disposes both). */
function smallSystem(): { A: tf.Tensor2D; b: tf.Tensor1D } {
  return {
    A: tf.tensor2d([
      [4, 1],
      [1, 3],
    ]),
    b: tf.tensor1d([1, 2]),
  };
}

describe(`conjugateGradient on ${TEST_BACKEND}`, () => {
  it('reaches relative residual 1e-5 on a well-conditioned SPD system, n = 2000', async () => {
    const n = 2000;
    const { a, x: xTrue, b } = kms(n, 0.5, 1);
    const A = tf.tensor2d(a, [n, n]);
    const bt = tf.tensor1d(Float32Array.from(b));
    const result = await withLeakCheck(() => conjugateGradient(A, bt, { tol: 1e-5 }), {
      keep: true,
    });
    expect(result.converged).toBe(true);
    expect(result.relativeResidual).toBeLessThanOrEqual(1e-5);
    expect(result.iterations).toBeLessThan(100);
    // ‖x − x*‖/‖x*‖ ≤ κ·‖r‖/‖b‖ with κ ≤ 9, plus float32 rounding of A and b.
    const x = await result.x.data();
    expect(relativeError(x, xTrue)).toBeLessThan(9 * 1e-5 + 1e-5);
    result.x.dispose();
    A.dispose();
    bt.dispose();
  });

  it('solves [[4, 1], [1, 3]] x = [1, 2] in two iterations (checking every iteration)', async () => {
    const { A, b } = smallSystem();
    const r = await withLeakCheck(() => conjugateGradient(A, b, { tol: 1e-6, checkEvery: 1 }), {
      keep: true,
    });
    expect(r.iterations).toBe(2);
    expect(relativeError(await r.x.data(), [1 / 11, 7 / 11])).toBeLessThan(1e-5);
    r.x.dispose();
    A.dispose();
    b.dispose();
  });

  it('accepts a matvec function, a start vector and a Jacobi preconditioner that cuts iterations', async () => {
    // Badly scaled SPD matrix D·K·D (K = KMS, D spans 1..300): Jacobi undoes the scaling.
    const n = 60;
    const { a } = kms(n, 0.5, 2);
    const d = Float32Array.from({ length: n }, (_, i) => 300 ** (i / (n - 1)));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        a[i * n + j] = (a[i * n + j] as number) * (d[i] as number) * (d[j] as number);
    }
    const A = tf.tensor2d(a, [n, n]);
    const b = tf.tensor1d(createRng(3).fillNormal(new Float32Array(n)));
    const matvec = (v: tf.Tensor1D) => tf.dot(A, v) as tf.Tensor1D;
    const diagonal = tf.tensor1d(Float32Array.from(d, (v) => v * v));
    const plain = await withLeakCheck(
      () => conjugateGradient(matvec, b, { tol: 1e-4, maxIterations: 30 }),
      { keep: true },
    );
    const jacobi = await withLeakCheck(
      () => conjugateGradient(matvec, b, { tol: 1e-4, preconditioner: 'jacobi', diagonal }),
      { keep: true },
    );
    expect(plain.converged).toBe(false);
    expect(jacobi.converged).toBe(true);
    expect(jacobi.iterations).toBeLessThan(30);
    // A warm start at the answer converges at once.
    const warm = await withLeakCheck(
      () => conjugateGradient(A, b, { tol: 1e-3, preconditioner: 'jacobi', x0: jacobi.x }),
      { keep: true },
    );
    expect(warm.iterations).toBeLessThanOrEqual(5);
    for (const t of [plain.x, jacobi.x, warm.x, A, b, diagonal]) t.dispose();
  });

  it('returns x = 0 for b = 0 without iterating', async () => {
    const A = tf.eye(3) as tf.Tensor2D;
    const b = tf.zeros([3]) as tf.Tensor1D;
    const r = await withLeakCheck(() => conjugateGradient(A, b), { keep: true });
    expect(r.iterations).toBe(0);
    expect(Array.from(await r.x.data())).toEqual([0, 0, 0]);
    for (const t of [r.x, A, b]) t.dispose();
  });

  it('conjugateGradient throws NotPositiveDefiniteError on negative curvature', async () => {
    const A = tf.tensor2d([
      [-1, 0],
      [0, -2],
    ]);
    const b = tf.tensor1d([1, 1]);
    await expect(conjugateGradient(A, b, { checkEvery: 1 })).rejects.toThrow(
      NotPositiveDefiniteError,
    );
    await expect(conjugateGradient(A, b, { checkEvery: 1 })).rejects.toThrow(
      /curvature pᵀAp\/pᵀp at iteration 1 is -1/,
    );
    await expect(conjugateGradient(A, b, { preconditioner: 'jacobi' })).rejects.toThrow(
      /diagonal entry A\[0\]\[0\] is -1/,
    );
    A.dispose();
    b.dispose();
  });

  it('conjugateGradient throws NotSquareError, ShapeMismatchError and NotSymmetricError', async () => {
    const rect = tf.zeros([2, 3]) as tf.Tensor2D;
    const A = tf.tensor2d([
      [2, 1],
      [0, 2],
    ]);
    const b2 = tf.tensor1d([1, 1]);
    const b3 = tf.tensor1d([1, 1, 1]);
    await expect(conjugateGradient(rect, b2)).rejects.toThrow(NotSquareError);
    await expect(conjugateGradient(A, b3)).rejects.toThrow(ShapeMismatchError);
    await expect(conjugateGradient(A, b2)).rejects.toThrow(NotSymmetricError);
    await expect(conjugateGradient(A, b2)).rejects.toThrow(/\|A\[0\]\[1\] − A\[1\]\[0\]\| = 1/);
    for (const t of [rect, A, b2, b3]) t.dispose();
  });

  it('conjugateGradient throws NonFiniteError naming a NaN in A or b, leaking nothing', async () => {
    const A = tf.tensor2d([
      [2, 0],
      [0, Number.NaN],
    ]);
    const I = tf.eye(2) as tf.Tensor2D;
    const b = tf.tensor1d([1, Number.POSITIVE_INFINITY]);
    const ok = tf.tensor1d([1, 1]);
    const before = tf.memory().numTensors;
    await expect(conjugateGradient(A, ok)).rejects.toThrow(NonFiniteError);
    await expect(conjugateGradient(A, ok)).rejects.toThrow(/A\[1\]\[1\] is NaN/);
    await expect(conjugateGradient(I, b)).rejects.toThrow(/b\[1\]\[0\] is Infinity/);
    const nanOperator = (v: tf.Tensor1D) => tf.mul(v, Number.NaN) as tf.Tensor1D;
    await expect(conjugateGradient(nanOperator, ok, { checkEvery: 1 })).rejects.toThrow(
      /squared residual ‖r‖² at iteration 1 is NaN/,
    );
    expect(tf.memory().numTensors).toBe(before);
    for (const t of [A, I, b, ok]) t.dispose();
  });

  it("conjugateGradient rejects 'jacobi' without a diagonal and a non-positive tol", async () => {
    const b = tf.tensor1d([1, 1]);
    const op = (v: tf.Tensor1D) => v.clone();
    await expect(conjugateGradient(op, b, { preconditioner: 'jacobi' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(conjugateGradient(op, b, { tol: 0 })).rejects.toThrow(/tol is 0/);
    b.dispose();
  });

  it('conjugateGradient disposes a matvec result of the wrong length before throwing ShapeMismatchError', async () => {
    const b = tf.tensor1d([1, 1]);
    const wrong = (v: tf.Tensor1D) => tf.concat([v, v]) as tf.Tensor1D;
    await withLeakCheck(async () => {
      await expect(conjugateGradient(wrong, b)).rejects.toThrow(ShapeMismatchError);
      await expect(conjugateGradient(wrong, b)).rejects.toThrow(
        /A\(v\) returned a tensor of shape \[4\]; expected a new 1-D tensor of length 2/,
      );
      const x0 = tf.tensor1d([1, 0]);
      await expect(conjugateGradient(wrong, b, { x0 })).rejects.toThrow(ShapeMismatchError);
      x0.dispose();
    });
    b.dispose();
  });

  it('conjugateGradient disposes a preconditioner result of the wrong length before throwing', async () => {
    const { A, b } = smallSystem();
    await withLeakCheck(async () => {
      const bad = (r: tf.Tensor1D) => tf.concat([r, r]) as tf.Tensor1D;
      await expect(conjugateGradient(A, b, { preconditioner: bad })).rejects.toThrow(
        /preconditioner\(r\) returned a tensor of shape \[4\]/,
      );
      // A preconditioner that is wrong only on the second call: the loop's tensors are freed too.
      let calls = 0;
      const late = (r: tf.Tensor1D) => (++calls > 1 ? tf.concat([r, r]) : r.clone()) as tf.Tensor1D;
      await expect(
        conjugateGradient(A, b, { preconditioner: late, checkEvery: 10 }),
      ).rejects.toThrow(ShapeMismatchError);
      await expect(
        conjugateGradient(A, b, { preconditioner: () => 3 as unknown as tf.Tensor1D }),
      ).rejects.toThrow(/preconditioner\(r\) returned number/);
    });
    A.dispose();
    b.dispose();
  });

  it('conjugateGradient names b, x0, A and options with typed errors when they are not live tensors', async () => {
    const A = tf.eye(2) as tf.Tensor2D;
    const b = tf.tensor1d([1, 1]);
    for (const bad of [null, undefined, {}, 'b', Number.NaN]) {
      await expect(conjugateGradient(A, bad as unknown as tf.Tensor1D)).rejects.toThrow(
        InvalidArgumentError,
      );
    }
    await expect(conjugateGradient(A, b, null as never)).rejects.toThrow(
      /options is null; expected an options object/,
    );
    await expect(conjugateGradient(A, b, { x0: 'x' as unknown as tf.Tensor1D })).rejects.toThrow(
      /x0 is 'x'/,
    );
    const gone = tf.tensor1d([1, 1]);
    gone.dispose();
    await expect(conjugateGradient(A, gone)).rejects.toThrow(/b is 'a disposed tensor'/);
    await expect(conjugateGradient('A' as unknown as tf.Tensor2D, b)).rejects.toThrow(
      InvalidArgumentError,
    );
    A.dispose();
    b.dispose();
  });
});
