import { DemoFrame } from '../demo-kit/demo-frame';

const loadEnsemble = () => import('./ensemble-demo');
const loadHyperparameters = () => import('./hyperparameters-demo');

/**
 * Figure 1 of docs/infinite-width-predictions.mdx: the precomputed default run on the server,
 * the live one (finite networks on the page's TensorFlow.js backend) only in the browser.
 */
export function WideEnsembleDemo() {
  return (
    <DemoFrame
      load={loadEnsemble}
      figure={{
        src: '/figures/wide-predictions-ensemble.svg',
        alt: 'Precomputed: 16 erf networks of width 256 with one hidden layer, trained by gradient descent on eight noisy samples of sin(πx), drawn as thin lines over the mean and ±2σ band that the infinite-width formula predicts; left at step 0, where the band is the NNGP prior (±2σ ≈ ±4.7 at x = 0, wider than the frame of ±3); right at step 100, where it has closed in on the data and the networks lie inside it.',
        caption:
          'Precomputed in Node on wasm with the demo’s defaults (make-figures.mts in the demo’s folder).',
        width: 720,
        height: 330,
      }}
    />
  );
}

/** Figure 2 of docs/infinite-width-predictions.mdx: the hyperparameter search, float64. */
export function WideHyperparametersDemo() {
  return (
    <DemoFrame
      load={loadHyperparameters}
      figure={{
        src: '/figures/wide-predictions-hyperparameters.svg',
        alt: 'Precomputed: the log marginal likelihood and the leave-one-out error of the NNGP prior of erf networks on the same eight points, against σ_w from 0.8 to 4, one line per depth 1 to 6, with the settings each criterion selects marked.',
        caption: 'Precomputed in Node (float64) with the demo’s defaults.',
        width: 720,
        height: 560,
      }}
    />
  );
}
