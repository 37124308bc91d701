import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./lazy-rich-demo');

/**
 * The lazy/rich training demo as embedded in docs/lazy-and-rich-training.mdx: the precomputed
 * default comparison on the server, the live one (TensorFlow.js) loaded only in the browser.
 */
export default function LazyRichDemoFrame() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/lazy-rich-training.svg',
        alt: 'Precomputed comparison of lazy scalings α = 1/4, 1 and 16 for a tanh MLP of width 128 with two hidden layers trained by full-batch gradient descent on 24 points of the circle: top, the learned functions, which all fit the target sin 3θ; below, on log axes over 300 steps, the training loss, the relative weight change and the relative change of the empirical NTK, which fall roughly like 1/α.',
        caption:
          'Every α fits the target; the larger α, the less the weights and the tangent kernel move. Precomputed in Node with the demo’s defaults (make-figures.mts in the demo’s folder).',
        width: 720,
        height: 870,
      }}
    />
  );
}
