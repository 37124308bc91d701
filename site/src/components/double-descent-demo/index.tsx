import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./double-descent-demo');
const loadInterpolant = () => import('./interpolant-demo');

/** What the reader should see in the figure (under it, with and without JavaScript). */
export const DOUBLE_DESCENT_CAPTION =
  'Test error against the number of random features N: it falls and rises (the classical U), peaks at the interpolation threshold N = n, and falls again beyond it.';

/**
 * The double-descent demo as embedded in docs/double-descent.mdx: the precomputed full-size
 * figure on the server (and in the figure's place until the live sweep draws), the live sweep
 * (and TensorFlow.js) loaded only in the browser.
 */
export default function DoubleDescentDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/double-descent-mnist.svg',
        alt: 'Precomputed double descent on MNIST with random Fourier features: test MSE, 0–1 error and the norm of the coefficients against the number of features N on a log axis, all peaking at the interpolation threshold N = n and falling again beyond it.',
        caption: (
          <>
            {DOUBLE_DESCENT_CAPTION} Precomputed in Node at n = 5,000 (see{' '}
            <a href="#the-full-size-run">the full-size run</a>); the live sweep draws over it.
          </>
        ),
        width: 760,
        height: 774,
      }}
    />
  );
}

/** The 1-D interpolant demo ("what the model learned"), float64 in JavaScript. */
export function InterpolantDemoFrame() {
  return (
    <DemoFrame
      load={loadInterpolant}
      figure={{
        src: '/figures/double-descent-interpolant.svg',
        alt: 'The learned function of random Fourier features through 16 noisy samples of sin x: smooth at N = n/4, wildly oscillating at N = n, calm again at N = 40n.',
        caption: 'The live fits appear here once JavaScript loads.',
        width: 720,
        height: 300,
      }}
    />
  );
}
