import Link from '@docusaurus/Link';
import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./backends-demo');

/**
 * The Backends demo as embedded in docs/backends.mdx: a precomputed figure on the server,
 * the live benchmark (and TensorFlow.js) loaded only in the browser.
 */
export default function BackendsDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/backends-gemm.svg',
        alt: 'Precomputed GEMM throughput in GFLOP/s against matrix size n (128 to 1024) on the cpu and wasm backends in Node.',
        caption: (
          <>
            Precomputed in Node on the cpu and wasm backends (see{' '}
            <Link to="#where-the-static-figure-comes-from">where the static figure comes from</Link>
            ).
          </>
        ),
        width: 720,
        height: 360,
      }}
    />
  );
}
