import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./double-descent-demo');

/**
 * The double-descent demo as embedded in docs/double-descent.mdx: the precomputed full-size
 * figure on the server, the live sweep (and TensorFlow.js) loaded only in the browser.
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
            Precomputed in Node on the wasm backend (see{' '}
            <a href="#the-full-size-run">the full-size run</a>).
          </>
        ),
        width: 760,
        height: 774,
      }}
    />
  );
}
