import Link from '@docusaurus/Link';
import { DemoFrame } from '../demo-kit/demo-frame';
import { WHAT_TO_LOOK_AT } from './caption';

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
        alt: 'Precomputed GEMM throughput in GFLOP/s against matrix size n (64 to 1024) on the cpu and wasm backends in Node: wasm reaches about 30 GFLOP/s, cpu stays under 1.',
        caption: (
          <>
            {WHAT_TO_LOOK_AT} Precomputed in Node on the cpu and wasm backends (see{' '}
            <Link to="#where-the-figure-comes-from">where the figure comes from</Link>).
          </>
        ),
        width: 720,
        height: 360,
      }}
    />
  );
}
