import Link from '@docusaurus/Link';
import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./linear-algebra-demo');

/**
 * The precision demo of docs/linear-algebra.mdx: a precomputed figure on the server, the live
 * sweep (and TensorFlow.js) loaded only in the browser.
 */
export default function LinearAlgebraDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/linear-algebra-precision.svg',
        alt: 'Precomputed sweep with n = 100 ReLU features: the condition number of the Gram matrix peaks at N = n, and the float32 error rises to order 1 there while the float64 error stays near 1e-12.',
        caption: (
          <>
            Precomputed in Node on the wasm backend (see{' '}
            <Link to="#where-the-static-figure-comes-from">where the static figure comes from</Link>
            ).
          </>
        ),
        width: 720,
        height: 664,
      }}
    />
  );
}
