import Link from '@docusaurus/Link';
import { DemoFrame } from '../demo-kit/demo-frame';
import { FIGURE_ALT, WHAT_TO_LOOK_AT } from './caption';

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
        alt: FIGURE_ALT,
        caption: (
          <>
            {WHAT_TO_LOOK_AT} Precomputed in Node on the wasm backend (see{' '}
            <Link to="#where-the-figure-comes-from">where the figure comes from</Link>).
          </>
        ),
        width: 720,
        height: 664,
      }}
    />
  );
}
