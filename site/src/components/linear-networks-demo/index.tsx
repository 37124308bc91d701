import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./linear-networks-demo');

/**
 * The linear-networks demo as embedded in docs/linear-networks.mdx: the precomputed default run
 * on the server, the live one (float64 JavaScript, no TensorFlow.js) in the browser.
 */
export default function LinearNetworksDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/linear-networks-certificate.svg',
        alt: 'Precomputed gradient descent on a two-layer linear network (n = 3, m = 4, h = 8, imbalance δ = 0.5, η = 0.2): top, the certificate ρₜ lies above the actual ratio ‖Eₜ₊₁‖/‖Eₜ‖ at every step and below 1; bottom, μₜ stays above its imbalance lower bound.',
        caption:
          'Precomputed in Node (float64) with the demo’s defaults: 108 steps, no certificate violation, ρₜ ≤ 0.917.',
        width: 720,
        height: 560,
      }}
    />
  );
}
