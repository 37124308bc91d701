import {
  fromArray,
  gram,
  InvalidArgumentError,
  type Matrix64,
  matmul,
  ShapeMismatchError,
  transpose,
} from '@overparam/tensor';
import {
  expectClose,
  F64_RTOL,
  nonEmpty,
  TEST_BACKEND,
  withLeakCheck,
} from '@overparam/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
  DivergenceError,
  initLinearNetwork,
  type LinearNetwork,
  type LinearNetworkInit,
  type LinearNetworkStep,
  linearNetworkError,
  linearNetworkGd,
  linearNetworkGdStep,
  linearNetworkImbalance,
  linearNetworkTarget,
} from '../src/index.js';
import { cpuOnly } from './cpu-only.js';
import fixture from './fixtures/linear-network.json' with { type: 'json' };

// Float64 JavaScript that never touches tfjs: registered only in the cpu project. The leak
// check runs on every backend.

interface FixtureStep {
  t: number;
  eta: number;
  loss: number;
  errorNorm: number;
  mu: number;
  Lambda: number;
  errorSpectralNorm: number;
  productSpectralNorm: number;
  lambdaN: number;
  lambdaMNeg: number;
  muLowerBound: number;
  certifiedStep: number;
  rho: number;
  ratio: number;
  imbalanceDrift: number;
  nextE: number[][];
}
interface FixtureCase {
  name: string;
  eta: number;
  schedule: 'constant' | 'certified';
  Y: number[][];
  U0: number[][];
  V0: number[][];
  steps: FixtureStep[];
  U: number[][];
  V: number[][];
  finalLoss: number;
}
const cases = nonEmpty(fixture.cases as FixtureCase[], 'linear-network.json cases');

const SCALARS = [
  'eta',
  'loss',
  'errorNorm',
  'mu',
  'Lambda',
  'errorSpectralNorm',
  'productSpectralNorm',
  'lambdaN',
  'lambdaMNeg',
  'muLowerBound',
  'certifiedStep',
  'rho',
  'ratio',
  'imbalanceDrift',
] as const;

/** A − B + s·C, elementwise. */
function combine(A: Matrix64, B: Matrix64, s = 0, C?: Matrix64): Matrix64 {
  return {
    rows: A.rows,
    cols: A.cols,
    data: A.data.map((v, i) => v - B.data[i]! + (C ? s * C.data[i]! : 0)),
  };
}

function scaled(A: Matrix64, s: number): Matrix64 {
  return { rows: A.rows, cols: A.cols, data: A.data.map((v) => s * v) };
}

function frob(A: Matrix64): number {
  return Math.hypot(...A.data);
}

describe(`[${TEST_BACKEND}] linearNetworkGd leaves the tfjs backend alone`, () => {
  it('a whole run creates no tensors (withLeakCheck)', async () => {
    const Y = linearNetworkTarget({ n: 2, m: 2, dataSeed: 1 });
    const init = initLinearNetwork({ n: 2, m: 2, h: 3, init: { kind: 'gaussian' }, initSeed: 1 });
    const run = await withLeakCheck(() =>
      linearNetworkGd({ target: Y, init, learningRate: 0.2, steps: 20 }),
    );
    expect(run.stepsTaken).toBe(20);
  });
});

cpuOnly('linearNetworkGd against the numpy fixture (generate_linear_network.py)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const target = fromArray(c.Y);
    const init = { U: fromArray(c.U0), V: fromArray(c.V0) };
    const run = await linearNetworkGd({
      target,
      init,
      learningRate: c.eta,
      steps: c.steps.length,
      schedule: c.schedule,
    });
    expect(run.history).toHaveLength(c.steps.length);
    for (const [t, expected] of nonEmpty(c.steps, `${c.name} steps`).entries()) {
      const got = run.history[t]!;
      for (const key of SCALARS) {
        // The fixture names the learning rate η 'eta', as numpy's script does.
        const value = key === 'eta' ? got.learningRate : got[key];
        expectClose(value, expected[key], { rtol: F64_RTOL, label: `step ${t} ${key}` });
      }
    }
    expectClose(run.network.U, c.U, { rtol: F64_RTOL, label: 'final U' });
    expectClose(run.network.V, c.V, { rtol: F64_RTOL, label: 'final V' });
    expectClose(run.finalLoss, c.finalLoss, { rtol: F64_RTOL, label: 'final loss' });
    // linearNetworkGdStep is the same step: E after one step matches numpy's.
    const one = linearNetworkGdStep(init, target, c.steps[0]!.eta);
    expectClose(linearNetworkError(one, target), c.steps[0]!.nextE, { rtol: F64_RTOL });
  });

  it('the large-η case has ρ > 1 and a step where the loss rises, yet ratio ≤ ρ', () => {
    const c = cases.find((k) => k.name.includes('large η'))!;
    expect(c.steps.some((s) => s.rho > 1 && s.ratio > 1)).toBe(true);
    for (const s of c.steps) expect(s.ratio).toBeLessThanOrEqual(s.rho);
  });
});

cpuOnly(
  'the identities of https://overparam.dev/docs/theory/linear-networks#error-update against direct updates',
  () => {
    const problems = [
      [2, 3, 3, 0.1],
      [3, 2, 6, 0.25],
      [4, 4, 4, 0.05],
      [1, 5, 7, 0.4],
    ] as const;

    it.each(problems)(
      'n=%i m=%i h=%i η=%f: E′ = E − η(E·VVᵀ + UUᵀ·E) + η²·E·V·Uᵀ·E',
      (n, m, h, eta) => {
        const Y = linearNetworkTarget({ n, m, dataSeed: n + m });
        const net = initLinearNetwork({
          n,
          m,
          h,
          init: { kind: 'gaussian', scale: 1.3 },
          initSeed: h,
        });
        const E = linearNetworkError(net, Y);
        const { U, V } = net;
        const next = linearNetworkGdStep(net, Y, eta);
        // Direct: E′ = U′V′ᵀ − Y from the updated weights. Formula: products of the old ones.
        const direct = linearNetworkError(next, Y);
        const linear = matmul(E, matmul(V, transpose(V)));
        const left = matmul(matmul(U, transpose(U)), E);
        const quadratic = matmul(matmul(matmul(E, V), transpose(U)), E);
        const formula = combine(
          combine(E, scaled(linear, eta)),
          scaled(left, eta),
          eta * eta,
          quadratic,
        );
        expectClose(direct, formula, { rtol: F64_RTOL, label: 'E after one step' });
      },
    );

    it.each(problems)('n=%i m=%i h=%i η=%f: D′ = D + η²(VᵀEᵀEV − UᵀEEᵀU)', (n, m, h, eta) => {
      const Y = linearNetworkTarget({ n, m, dataSeed: n * m });
      const net = initLinearNetwork({
        n,
        m,
        h,
        init: { kind: 'imbalanced', imbalance: 0.4, scale: 1.1 },
        initSeed: h + 1,
      });
      const E = linearNetworkError(net, Y);
      const D = linearNetworkImbalance(net);
      const next = linearNetworkGdStep(net, Y, eta);
      const direct = linearNetworkImbalance(next);
      const VtEtEV = gram(matmul(E, net.V));
      const UtEEtU = gram(matmul(transpose(E), net.U));
      const formula = combine(D, scaled(VtEtEV, -eta * eta), -eta * eta, UtEEtU);
      // D′ − D is O(η²): compare the drift itself, not only D′.
      expectClose(combine(direct, D), combine(formula, D), { rtol: 1e-9, label: 'D′ − D' });
      expectClose(direct, formula, { rtol: F64_RTOL, label: 'D′' });
    });

    it('every step of a run reports residuals of both identities at rounding level', async () => {
      const Y = linearNetworkTarget({ n: 3, m: 4, dataSeed: 0 });
      const init = initLinearNetwork({ n: 3, m: 4, h: 6, init: { kind: 'gaussian' }, initSeed: 0 });
      const run = await linearNetworkGd({ target: Y, init, learningRate: 0.2, steps: 40 });
      for (const s of run.history) {
        expect(s.errorUpdateResidual).toBeLessThan(1e-14);
        expect(s.driftResidual).toBeLessThan(1e-14);
      }
      // Gradient flow would keep D; the finite step moves it by O(η²) per step, and measurably.
      expect(run.history[0]!.imbalanceDrift).toBeGreaterThan(1e-3);
    });
  },
);

/** The seeded runs of issue test 5: widths, steps, initializations and scales varied. */
function seededRun(s: number) {
  const n = 1 + (s % 4);
  const m = 1 + ((s >> 2) % 4);
  const h = Math.max(n, m) + (s % 7);
  const scale = [0.3, 1, 1.7][s % 3]!;
  const kinds: LinearNetworkInit[] = [
    { kind: 'gaussian', scale },
    { kind: 'balanced', scale },
    { kind: 'imbalanced', imbalance: ((s % 5) - 2) * 0.4, scale },
    { kind: 'spectral', scale },
  ];
  const target = linearNetworkTarget({ n, m, dataSeed: s });
  const init = initLinearNetwork({ n, m, h, init: kinds[s % 4]!, initSeed: 1000 + s, target });
  return { n, m, h, target, init, eta: [0.05, 0.15, 0.3, 0.45][(s >> 3) % 4]! };
}

cpuOnly('issue test 5: the certificate is never violated beyond rounding', () => {
  it('over 240 seeded runs (h, η, init kind and scale varied), ‖E_{t+1}‖ ≤ ρ_t‖E_t‖ + slack', async () => {
    const RUNS = 240;
    let steps = 0;
    let violations = 0;
    let maxExcess = Number.NEGATIVE_INFINITY;
    let certifiedSteps = 0;
    let lossDecreasedWhenCertified = 0;
    let boundBelowMu = 0;
    let completed = 0;
    for (let s = 0; s < RUNS; s++) {
      const { target, init, eta } = seededRun(s);
      // η·Λ₀ can exceed 2 in a few runs: those diverge, and the certificate (ρ > 1) says so.
      const run = await linearNetworkGd({
        target,
        init,
        learningRate: eta,
        steps: 50,
        tolerance: 1e-9,
      }).catch((e: unknown) => {
        if (e instanceof DivergenceError) return null;
        throw e;
      });
      if (!run) continue;
      completed++;
      steps += run.history.length;
      violations += run.violations;
      maxExcess = Math.max(maxExcess, run.maxExcess);
      for (const st of run.history) {
        if (st.mu >= st.muLowerBound - 1e-12 * st.Lambda) boundBelowMu++;
        if (st.rho < 1 && st.errorNorm > 1e-6) {
          certifiedSteps++;
          if (st.nextErrorNorm < st.errorNorm) lossDecreasedWhenCertified++;
        }
      }
    }
    expect(completed).toBeGreaterThanOrEqual(200); // 237 of 240 today; 3 diverge (η·Λ₀ > 2)
    expect(steps).toBeGreaterThan(5000);
    expect(violations).toBe(0);
    // The largest excess over ρ is well inside the rounding allowance (at most 1 is allowed).
    expect(maxExcess).toBeLessThan(0.1);
    // μ_t ≥ [λ_n(D_t)]₊ + [λ_m(−D_t)]₊ at every measured step.
    expect(boundBelowMu).toBe(steps);
    // ρ < 1 ⇒ the loss decreases (away from the rounding floor).
    expect(certifiedSteps).toBeGreaterThan(2000);
    expect(lossDecreasedWhenCertified).toBe(certifiedSteps);
  });

  it('the certificate is tight: for n = m = 1 with aligned signs ‖E_{t+1}‖ = ρ_t‖E_t‖', async () => {
    // Scalars: e′ = e(1 − ηΛ) + η²e²(u·v) and ρ|e| = |1 − ηΛ||e| + η²|e|²|u·v|: equal when
    // the signs agree, so the allowance for rounding is needed, not decorative.
    const run = await linearNetworkGd({
      target: fromArray([[-1]]), // e = u·v − y = 1.32 > 0 and 1 − ηΛ > 0: same sign
      init: { U: fromArray([[0.5, 0.1]]), V: fromArray([[0.6, 0.2]]) },
      learningRate: 0.1,
      steps: 3,
    });
    const s = run.history[0]!;
    expect(Math.abs(s.ratio - s.rho)).toBeLessThan(1e-14);
    expect(run.violations).toBe(0);
  });
});

cpuOnly('balanced initialization (D = 0) loses the guarantee', () => {
  it('balanced small init: bound 0, ρ₀ ≈ 1 (a plateau); imbalance δ gives bound δ and ρ₀ < 1 − ηδ/2', async () => {
    const n = 3;
    const m = 3;
    const h = 6;
    const eta = 0.2;
    const target = linearNetworkTarget({ n, m, dataSeed: 3, singularValues: [1, 1, 1] });
    const run = async (init: LinearNetworkInit) =>
      linearNetworkGd({
        target,
        init: initLinearNetwork({ n, m, h, init, initSeed: 3, target }),
        learningRate: eta,
        steps: 200,
      });
    const balanced = await run({ kind: 'balanced', scale: 0.05 });
    const imbalanced = await run({ kind: 'imbalanced', imbalance: 1, scale: 0.05 });
    const b0 = balanced.history[0]!;
    const i0 = imbalanced.history[0]!;
    expect(b0.muLowerBound).toBeLessThan(1e-15);
    expect(b0.rho).toBeGreaterThan(0.999); // μ₀ = 2·scale² = 0.005: almost no rate certified
    expect(i0.muLowerBound).toBeCloseTo(1, 12);
    expect(i0.rho).toBeLessThan(1 - (eta * 1) / 2);
    // Balanced: a plateau near the saddle (loss after 10 steps still ≥ 90% of the start);
    // imbalanced: linear convergence from the first step.
    const lossAt = (r: typeof balanced, t: number) => r.history[t]!.loss;
    expect(lossAt(balanced, 10)).toBeGreaterThan(0.9 * lossAt(balanced, 0));
    expect(lossAt(imbalanced, 10)).toBeLessThan(0.1 * lossAt(imbalanced, 0));
    expect(balanced.violations + imbalanced.violations).toBe(0);
  });
});

cpuOnly('step-size schedule, stopping, progress and cancellation', () => {
  const target = linearNetworkTarget({ n: 3, m: 4, dataSeed: 9 });
  /** The seeded imbalanced init (n = 3, m = 4, h = 8, imbalance 0.5) at this weight scale. */
  const imbalanced = (scale: number) =>
    initLinearNetwork({
      n: 3,
      m: 4,
      h: 8,
      init: { kind: 'imbalanced', imbalance: 0.5, scale },
      initSeed: 9,
    });
  const init = imbalanced(0.8);

  it("'certified' grows the step as the loss falls and needs fewer steps than constant η", async () => {
    // Large weights and a large error: the η² term of ρ binds at first, so η*_t starts small.
    const Y = linearNetworkTarget({ n: 3, m: 4, dataSeed: 9, singularValues: [1, 1, 1] });
    const big = imbalanced(1.5);
    const options = { target: Y, init: big, learningRate: 0.05, steps: 1000, tolerance: 1e-8 };
    const constant = await linearNetworkGd(options);
    const certified = await linearNetworkGd({ ...options, schedule: 'certified' });
    expect(certified.stopReason).toBe('tolerance');
    expect(certified.stepsTaken).toBeLessThan(constant.stepsTaken / 5);
    const etas = certified.history.map((s) => s.learningRate);
    expect(etas.at(-1)!).toBeGreaterThan(2 * etas[0]!);
    expect(Math.min(...etas)).toBeGreaterThanOrEqual(0.05);
    // Late in the run η_t reaches 2/(μ + Λ), the best step of the linearized problem.
    const last = certified.history.at(-1)!;
    expect(last.learningRate).toBeCloseTo(2 / (last.mu + last.Lambda), 12);
    expect(certified.violations).toBe(0);
    expect(certified.history.every((s) => s.rho < 1)).toBe(true);
  });

  it('measureEvery, tolerance and onStep progress', async () => {
    const seen: { t: number; done: number; total: number }[] = [];
    const run = await linearNetworkGd({
      target,
      init,
      learningRate: 0.2,
      steps: 30,
      measureEvery: 10,
      onStep: (s: LinearNetworkStep, p) => seen.push({ t: s.t, ...p }),
    });
    expect(seen).toEqual([
      { t: 0, done: 1, total: 30 },
      { t: 10, done: 11, total: 30 },
      { t: 20, done: 21, total: 30 },
    ]);
    expect(run.stepsTaken).toBe(30);
    const stopped = await linearNetworkGd({
      target,
      init,
      learningRate: 0.2,
      steps: 500,
      tolerance: 1e-3,
    });
    expect(stopped.stopReason).toBe('tolerance');
    expect(Math.sqrt(2 * stopped.finalLoss)).toBeLessThanOrEqual(1e-3 * frob(target));
  });

  it('an aborted signal rejects with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = linearNetworkGd({
      target,
      init,
      learningRate: 0.01,
      steps: 1_000_000,
      onStep: (s) => {
        if (s.t === 5) controller.abort(reason);
      },
      signal: controller.signal,
    });
    await expect(running).rejects.toBe(reason);
  });

  it('DivergenceError names the step and a bound on η when the loss blows up', async () => {
    const error = await linearNetworkGd({ target, init, learningRate: 3, steps: 500 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error.step).toBeGreaterThan(0);
    // The bound is 2/Λ with Λ the larger of Λ₀ and √(‖D₀‖₂² + 4‖Y‖₂²), below the η that failed.
    expect(error.maxStableLearningRate).toBeLessThan(3);
    expect(error.maxStableLearningRate).toBeGreaterThan(0.05);
    await expect(linearNetworkGd({ target, init, learningRate: 3, steps: 500 })).rejects.toThrow(
      /became (Infinity|NaN) at step \d+ \(η = 3.*take η below/,
    );
  });

  it('typed errors for bad options and shapes', async () => {
    const narrow: LinearNetwork = { U: fromArray([[1]]), V: fromArray([[1], [2]]) };
    await expect(
      linearNetworkGd({ target: fromArray([[1, 2]]), init: narrow, learningRate: 0.1, steps: 1 }),
    ).rejects.toThrow(ShapeMismatchError);
    for (const bad of [
      { learningRate: 0 },
      { learningRate: Number.NaN },
      { steps: -1 },
      { steps: 1.5 },
      { measureEvery: 0 },
      { tolerance: -1 },
      { schedule: 'adaptive' as 'constant' },
    ]) {
      await expect(
        linearNetworkGd({ target, init, learningRate: 0.1, steps: 3, ...bad }),
      ).rejects.toThrow(InvalidArgumentError);
    }
  });
});
