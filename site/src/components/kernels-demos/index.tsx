import { DemoFrame } from '../demo-kit/demo-frame';

const loadWidth = () => import('./ntk-width-demo');
const loadRegression = () => import('./kernel-regression-demo');

/** The width sweep of docs/kernels.mdx: a precomputed figure first, the live demo in the browser. */
export function NtkWidthDemo() {
  return (
    <DemoFrame
      load={loadWidth}
      figure={{
        src: '/figures/kernels-ntk-width.svg',
        alt: 'Precomputed mean relative error of the empirical NTK and NNGP of random ReLU networks against width 16 to 1024, on log–log axes, falling along a slope −1/2 reference.',
        caption:
          'Precomputed in Node (float64) with the demo’s defaults: 2 hidden layers, ReLU, 12 points, 4 networks per width.',
        width: 720,
        height: 360,
      }}
    />
  );
}

/** The kernel regression demo of docs/kernels.mdx. */
export function KernelRegressionDemo() {
  return (
    <DemoFrame
      load={loadRegression}
      figure={{
        src: '/figures/kernels-regression.svg',
        alt: 'Precomputed kernel ridge regression with the NTK of a 3-layer ReLU network on 20 noisy samples of sin(2.5x) + 0.3x, λ = 0: the fit passes through every point and stays near the target between them.',
        caption:
          'Precomputed in Node (float64) with the demo’s defaults: NTK, 3 hidden layers, λ = 0, 20 points.',
        width: 720,
        height: 360,
      }}
    />
  );
}
