import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./edge-of-stability-demo');

/**
 * The edge-of-stability demo as embedded in docs/edge-of-stability.mdx: the precomputed default
 * run on the server, the live one (TensorFlow.js) loaded only in the browser.
 */
export default function EdgeOfStabilityDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/edge-of-stability.svg',
        alt: 'Precomputed full-batch gradient descent on a tanh MLP (width 32, two hidden layers, n = 100, η̃ = 0.1): top, the sharpness c·λ_max(∇²L) rises from about 13, overshoots to 35 and settles at the dashed line 2/η̃ = 20; middle, the loss falls non-monotonically, far below that of the linearized model at the same step; bottom, the linearized model at initialization converges 2% below its threshold 2/λ_max(Θ₀) and diverges 2% above it.',
        caption:
          'The network’s sharpness climbs to 2/η̃ and stays there while its loss keeps falling; its linearization has a sharp threshold instead. Precomputed in Node with the demo’s defaults (make-figures.mts in the demo’s folder).',
        width: 720,
        height: 760,
      }}
    />
  );
}
