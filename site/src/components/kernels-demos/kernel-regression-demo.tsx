import * as Plot from '@observablehq/plot';
import { type BackendInfo, initBackend } from '@overparam/tensor';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  BackendBadge,
  Chart,
  choiceParam,
  ExportButtons,
  NumberControl,
  numberParam,
  SelectControl,
  UrlStateControls,
  useBackendOptions,
  useUrlState,
} from '../demo-kit';
import { regressionData, target } from './data';
import styles from './kernels-demos.module.css';
import {
  fcKernel,
  type Kernel,
  kernelRidge,
  laplaceKernel,
  type MatrixInput,
  rbfKernel,
} from './kernels-lib';

const KERNELS = ['ntk', 'nngp', 'rbf', 'laplace'] as const;
type KernelName = (typeof KERNELS)[number];
const LABELS: Record<KernelName, string> = {
  ntk: 'NTK (ReLU network)',
  nngp: 'NNGP (ReLU network)',
  rbf: 'Gaussian (RBF), ℓ = 0.5',
  laplace: 'Laplace, ℓ = 1',
};

const schema = {
  kernel: choiceParam({ values: KERNELS, default: 'ntk' }),
  depth: numberParam({ default: 3, min: 1, max: 6, integer: true }),
  logRidge: numberParam({ default: -9, min: -9, max: 1 }),
  n: numberParam({ default: 20, min: 3, max: 200, integer: true }),
  noise: numberParam({ default: 0.1, min: 0, max: 1 }),
  seed: numberParam({ default: 3, min: 0, max: 9999, integer: true }),
};

const GRID = Array.from({ length: 241 }, (_, i) => -2.4 + (4.8 * i) / 240);

/** The input embedding: x ↦ (x, 1), so that the ReLU kernels see a bias direction. */
const embed = (xs: readonly number[]) => xs.map((x) => [x, 1]);

interface FitFunctions {
  train: (X: MatrixInput) => ReturnType<Kernel['f64']>;
  cross: (A: MatrixInput, B: MatrixInput) => ReturnType<Kernel['f64']>;
  gpu: (A: number[][], B: number[][]) => ReturnType<Kernel['gpu']>;
}

function kernelOf(name: KernelName, depth: number): FitFunctions {
  if (name === 'ntk' || name === 'nngp') {
    const k = fcKernel({ depth, activation: 'relu', wStd: Math.SQRT2, bStd: 0.2 });
    return {
      train: (X) => k.f64(X)[name],
      cross: (A, B) => k.f64(A, B)[name],
      gpu: async (A, B) => {
        const r = await k.gpu(A, B);
        const other = name === 'ntk' ? r.nngp : r.ntk;
        other.dispose();
        return r[name];
      },
    };
  }
  const k = name === 'rbf' ? rbfKernel({ lengthScale: 0.5 }) : laplaceKernel({ lengthScale: 1 });
  return { train: (X) => k.f64(X), cross: (A, B) => k.f64(A, B), gpu: (A, B) => k.gpu(A, B) };
}

interface CurveRow {
  x: number;
  y: number;
  series: string;
}

/**
 * Kernel ridge regression on a 1-D data set with the NTK, the NNGP or a classic kernel:
 * float64 fit, the prediction curve, and the same prediction recomputed on the page's
 * TensorFlow.js backend (float32) as a check of the GPU path.
 */
export default function KernelRegressionDemo() {
  const state = useUrlState(schema);
  const { kernel, depth, logRidge, n, noise, seed } = state.values;
  const ridge = logRidge <= -9 ? 0 : 10 ** logRidge;
  const backendOptions = useBackendOptions();
  const [info, setInfo] = useState<BackendInfo | null>(null);
  const [backendError, setBackendError] = useState<string | null>(null);
  const [gpuGap, setGpuGap] = useState<number | null>(null);
  const figure = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    initBackend('auto', backendOptions).then(
      (i) => live && setInfo(i),
      (e: unknown) => live && setBackendError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [backendOptions]);

  const data = useMemo(() => regressionData(n, noise, seed), [n, noise, seed]);
  const fit = useMemo(() => {
    const k = kernelOf(kernel, depth);
    const X = embed(data.x);
    const model = kernelRidge(k.train(X), data.y, { ridge });
    const prediction = model.predict(k.cross(embed(GRID), X)).data;
    let testError = 0;
    GRID.forEach((x, i) => {
      testError += ((prediction[i] as number) - target(x)) ** 2 / GRID.length;
    });
    return { k, X, model, prediction, testError };
  }, [kernel, depth, ridge, data]);

  // The same prediction on the backend, float32.
  useEffect(() => {
    if (!info) return;
    let live = true;
    setGpuGap(null);
    (async () => {
      const cross = await fit.k.gpu(embed(GRID), fit.X);
      const p = fit.model.predictGpu(cross);
      const values = await p.data();
      cross.dispose();
      p.dispose();
      let gap = 0;
      let scale = 0;
      values.forEach((v, i) => {
        gap = Math.max(gap, Math.abs(v - (fit.prediction[i] as number)));
        scale = Math.max(scale, Math.abs(fit.prediction[i] as number));
      });
      if (live) setGpuGap(gap / scale);
    })().catch(() => live && setGpuGap(Number.NaN));
    return () => {
      live = false;
    };
  }, [fit, info]);

  const rows: CurveRow[] = [
    ...GRID.map((x, i) => ({ x, y: fit.prediction[i] as number, series: 'kernel ridge' })),
    ...GRID.map((x) => ({ x, y: target(x), series: 'target' })),
  ];
  const train = data.x.map((x, i) => ({ x, y: data.y[i] as number }));

  return (
    <div className={styles.demo} data-testid="kernel-regression-demo">
      <BackendBadge info={info} error={backendError} />
      <div className={styles.controls}>
        <SelectControl
          label="Kernel"
          value={kernel}
          options={KERNELS.map((k) => ({ value: k, label: LABELS[k] }))}
          onChange={(v) => state.set({ kernel: v })}
        />
        <NumberControl
          label="Hidden layers L"
          min={1}
          max={6}
          value={depth}
          disabled={kernel !== 'ntk' && kernel !== 'nngp'}
          onChange={(v) => state.set({ depth: v })}
        />
        <NumberControl
          label="log₁₀ ridge λ"
          min={-9}
          max={1}
          step={0.5}
          value={logRidge}
          hint={
            ridge === 0 ? 'λ = 0: the minimum-norm interpolant' : `λ = ${ridge.toExponential(1)}`
          }
          onChange={(v) => state.set({ logRidge: v })}
        />
        <NumberControl
          label="Training points n"
          min={3}
          max={200}
          value={n}
          onChange={(v) => state.set({ n: v })}
        />
        <NumberControl
          label="Label noise σ"
          min={0}
          max={1}
          step={0.05}
          value={noise}
          onChange={(v) => state.set({ noise: v })}
        />
        <NumberControl
          label="Data seed"
          min={0}
          max={9999}
          slider={false}
          value={seed}
          onChange={(v) => state.set({ seed: v })}
        />
        <UrlStateControls state={state} />
      </div>
      <p className={styles.stats} data-testid="ridge-stats">
        Training residual {fit.model.residual.toExponential(1)} · test MSE against the target{' '}
        {fit.testError.toFixed(4)} · cond(K + λI){' '}
        {fit.model.cond === Infinity ? '∞' : fit.model.cond.toExponential(1)} · ridge used{' '}
        {fit.model.ridge === 0 ? '0' : fit.model.ridge.toExponential(1)} ({fit.model.method}) ·
        float32 prediction on {info?.backend ?? '…'} differs by{' '}
        {gpuGap === null ? '…' : Number.isNaN(gpuGap) ? 'n/a' : gpuGap.toExponential(1)} (relative)
      </p>
      <div className={styles.row}>
        <span />
        <ExportButtons
          rows={rows}
          columns={['x', 'y', 'series']}
          basename="overparam-kernel-regression"
          figure={figure}
          meta={{
            settings: { kernel, depth, ridge, n, noise, seed },
            train,
            residual: fit.model.residual,
            cond: fit.model.cond,
          }}
        />
      </div>
      <div ref={figure}>
        <Chart
          data={rows}
          x="x"
          y="y"
          series="series"
          xLabel="x"
          yLabel="f(x)"
          title={`Kernel ridge regression with the ${LABELS[kernel]} kernel on ${n} noisy samples of sin(2.5x) + 0.3x`}
          marks={(d) => [
            Plot.line(
              (d as CurveRow[]).filter((r) => r.series !== 'target'),
              { x: 'x', y: 'y', stroke: '#4269d0', strokeWidth: 2 },
            ),
            Plot.line(
              (d as CurveRow[]).filter((r) => r.series === 'target'),
              {
                x: 'x',
                y: 'y',
                stroke: 'currentColor',
                strokeOpacity: 0.5,
                strokeDasharray: '4 4',
              },
            ),
            Plot.dot(train, { x: 'x', y: 'y', fill: 'currentColor', r: 3 }),
            Plot.text(
              d as CurveRow[],
              Plot.selectLast({
                x: 'x',
                y: 'y',
                z: 'series',
                text: 'series',
                dx: 8,
                textAnchor: 'start',
              }),
            ),
          ]}
        />
      </div>
    </div>
  );
}
