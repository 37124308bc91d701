import { DemoFrame } from '../demo-kit/demo-frame';

const loadWidth = () => import('./ntk-width-demo');
const loadRegression = () => import('./kernel-regression-demo');

/** The width demo of docs/kernels.mdx: a precomputed figure first, the live demo in the browser. */
export function NtkWidthDemo() {
  return (
    <DemoFrame
      load={loadWidth}
      figure={{
        src: '/figures/kernels-ntk-width.svg',
        alt: 'Precomputed mean relative error of the empirical NTK and NNGP of random ReLU networks against width, on log–log axes, falling with slope about −1/2.',
        caption:
          'Precomputed in Node (float64): 2 hidden layers, ReLU, 12 points, 4 networks per width.',
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
        alt: 'Precomputed kernel ridge regression with the NTK of a 3-layer ReLU network on 20 noisy samples of sin(2.5x) + 0.3x, λ = 0.',
        caption: 'Precomputed in Node (float64): NTK, 3 hidden layers, λ = 0, 20 points.',
        width: 720,
        height: 360,
      }}
    />
  );
}
