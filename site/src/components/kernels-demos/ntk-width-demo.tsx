import * as Plot from '@observablehq/plot';
import { relativeError } from '@overparam/tensor/testing';
import { useMemo, useRef, useState } from 'react';
import {
  Chart,
  choiceParam,
  ExportButtons,
  NumberControl,
  numberParam,
  RunControls,
  SelectControl,
  UrlStateControls,
  useRunner,
  useUrlState,
} from '../demo-kit';
import kit from '../demo-kit/demo.module.css';
import { logLogSlope, spherePoints } from './data';
import styles from './kernels-demos.module.css';
import { empiricalNtkF64, fcKernel } from './kernels-lib';

const ACTIVATIONS = ['relu', 'erf'] as const;
const SWEEP = [16, 32, 64, 128, 256, 512, 1024, 2048];

const schema = {
  depth: numberParam({ default: 2, min: 1, max: 4, integer: true }),
  activation: choiceParam({ values: ACTIVATIONS, default: 'relu' }),
  width: numberParam({ default: 256, min: 16, max: 2048, integer: true }),
  samples: numberParam({ default: 4, min: 1, max: 16, integer: true }),
  initSeed: numberParam({ default: 1, min: 0, max: 9999, integer: true }),
};

interface SweepRow {
  width: number;
  kernel: 'NTK' | 'NNGP';
  error: number;
}

const N_POINTS = 12;
const D = 3;

/**
 * A random finite network's NTK and NNGP against the infinite-width limit: the error at one
 * width (slider), and the mean error against width on log–log axes (slope −1/2).
 */
export default function NtkWidthDemo() {
  const state = useUrlState(schema);
  const { depth, activation, width, samples, initSeed } = state.values;
  const runner = useRunner();
  const [rows, setRows] = useState<SweepRow[]>([]);
  const figure = useRef<HTMLDivElement>(null);
  const X = useMemo(() => spherePoints(N_POINTS, D, 7), []);
  const options = useMemo(
    () => ({ depth, activation, wStd: activation === 'relu' ? Math.SQRT2 : 1.5, bStd: 0.1 }),
    [depth, activation],
  );
  const exact = useMemo(() => fcKernel(options).f64(X), [options, X]);

  // One network at the slider's width: cheap enough to redo on every change.
  const single = useMemo(() => {
    const emp = empiricalNtkF64({ inputDim: D, ...options, width, initSeed }, X);
    const points = Array.from(exact.ntk.data, (v, k) => ({
      analytic: v,
      empirical: emp.ntk.data[k] as number,
    }));
    return {
      ntkError: relativeError(emp.ntk, exact.ntk),
      nngpError: relativeError(emp.nngp, exact.nngp),
      points,
    };
  }, [X, options, width, initSeed, exact]);

  const run = () => {
    const plan = { options, samples, initSeed };
    setRows([]);
    return runner.run(async ({ signal, report }) => {
      let done = 0;
      for (const m of SWEEP) {
        let ntkSum = 0;
        let nngpSum = 0;
        for (let s = 0; s < plan.samples; s++) {
          signal.throwIfAborted();
          const emp = empiricalNtkF64(
            { inputDim: D, ...plan.options, width: m, initSeed: plan.initSeed * 1000 + s },
            X,
          );
          ntkSum += relativeError(emp.ntk, exact.ntk);
          nngpSum += relativeError(emp.nngp, exact.nngp);
          report({ done: ++done, message: `width ${m}, network ${s + 1} of ${plan.samples}` });
          // Let the page breathe (and Cancel work) between networks.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        setRows((list) => [
          ...list,
          // In percent: the log axis then reads 5, 10, 50 rather than SI-prefixed fractions.
          { width: m, kernel: 'NTK', error: (100 * ntkSum) / plan.samples },
          { width: m, kernel: 'NNGP', error: (100 * nngpSum) / plan.samples },
        ]);
      }
    }, SWEEP.length * plan.samples);
  };

  const ntkRows = rows.filter((r) => r.kernel === 'NTK');
  // Fitted where the 1/√m regime holds: the smallest widths have heavy-tailed errors.
  const fitted = ntkRows.filter((r) => r.width >= 64);
  const slope =
    fitted.length >= 3 ? logLogSlope(fitted.map((r) => ({ x: r.width, y: r.error }))) : null;
  // Reference line c/√m through the widest NTK point so far.
  const last = ntkRows.at(-1);
  const reference = last
    ? SWEEP.map((m) => ({ width: m, error: last.error * Math.sqrt(last.width / m) }))
    : [];

  return (
    <div className={kit.demo} data-testid="ntk-width-demo" data-status={runner.status}>
      <div className={kit.controls}>
        <NumberControl
          label="Hidden layers L"
          min={1}
          max={4}
          value={depth}
          onChange={(v) => state.set({ depth: v })}
        />
        <SelectControl
          label="Activation"
          value={activation}
          options={ACTIVATIONS.map((a) => ({ value: a }))}
          onChange={(v) => state.set({ activation: v })}
        />
        <NumberControl
          label="Width m"
          min={16}
          max={2048}
          step={16}
          value={width}
          onChange={(v) => state.set({ width: v })}
          hint="One random network of this width, against the limit."
        />
        <NumberControl
          label="Initialization seed"
          min={0}
          max={9999}
          slider={false}
          value={initSeed}
          onChange={(v) => state.set({ initSeed: v })}
        />
        <UrlStateControls state={state} />
      </div>

      <p
        className={styles.stats}
        data-testid="single-width-error"
        data-width={width}
        data-ntk-error={single.ntkError}
      >
        Width {width}: ‖Θ̂ − Θ‖<sub>F</sub>/‖Θ‖<sub>F</sub> ={' '}
        <strong>{single.ntkError.toFixed(4)}</strong> (NTK), {single.nngpError.toFixed(4)} (NNGP),
        on {N_POINTS} points of the unit sphere in R<sup>{D}</sup>, float64.
      </p>
      <Chart
        data={single.points}
        x="analytic"
        y="empirical"
        xLabel="analytic NTK entry Θ(x, x′)"
        yLabel={`empirical NTK, width ${width}`}
        title={`Entries of the empirical NTK of one network of width ${width} against the analytic NTK`}
        height={280}
        marks={(data) => [
          Plot.line(
            [
              [Math.min(...data.map((p) => p.analytic)), Math.min(...data.map((p) => p.analytic))],
              [Math.max(...data.map((p) => p.analytic)), Math.max(...data.map((p) => p.analytic))],
            ],
            { stroke: 'currentColor', strokeOpacity: 0.4, strokeDasharray: '4 4' },
          ),
          Plot.dot(data as { analytic: number; empirical: number }[], {
            x: 'analytic',
            y: 'empirical',
            stroke: '#4269d0',
          }),
        ]}
      />

      <div className={kit.controls}>
        <NumberControl
          label="Networks per width"
          min={1}
          max={16}
          value={samples}
          onChange={(v) => state.set({ samples: v })}
          hint="The sweep averages the error over this many random networks."
        />
      </div>
      <RunControls
        runner={runner}
        onRun={run}
        runLabel="Sweep widths 16 → 2048"
        cancelLabel="Cancel"
      />
      {slope !== null && (
        <p className={styles.stats} data-testid="fitted-slope" data-slope={slope}>
          Fitted log–log slope of the NTK error for m ≥ 64: <strong>{slope.toFixed(2)}</strong>{' '}
          (theory: −0.5).
        </p>
      )}
      <div className={kit.row}>
        <span />
        <ExportButtons
          rows={rows}
          columns={['width', 'kernel', 'error']}
          basename="overparam-ntk-width"
          figure={figure}
          meta={{
            settings: { depth, activation, samples, initSeed, points: N_POINTS, d: D },
            slope,
          }}
        />
      </div>
      <div ref={figure} data-testid="width-figure">
        <Chart
          data={rows}
          x="width"
          y="error"
          series="kernel"
          xScale="log2"
          yScale="log"
          xLabel="width m"
          yLabel="relative Frobenius error (%)"
          title="Mean relative error of the empirical NTK and NNGP against width, log–log, with a slope −1/2 reference"
          marks={(data) => [
            Plot.line(reference, {
              x: 'width',
              y: 'error',
              stroke: 'currentColor',
              strokeOpacity: 0.4,
              strokeDasharray: '4 4',
            }),
            Plot.line(data as SweepRow[], {
              x: 'width',
              y: 'error',
              stroke: 'kernel',
              marker: 'circle-stroke',
            }),
            Plot.text(
              data as SweepRow[],
              Plot.selectLast({
                x: 'width',
                y: 'error',
                z: 'kernel',
                text: 'kernel',
                dx: 8,
                textAnchor: 'start',
              }),
            ),
          ]}
          empty={
            <p className={kit.muted}>
              Press the sweep button: the error of each width appears as it is computed.
            </p>
          }
        />
      </div>
    </div>
  );
}
