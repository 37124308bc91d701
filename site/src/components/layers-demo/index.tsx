import { DemoFrame } from '../demo-kit/demo-frame';

const load = () => import('./layers-demo');

/** The "Any architecture" demo of docs/kernels.mdx: a precomputed figure first, the live demo in the browser. */
export function LayersDemo() {
  return (
    <DemoFrame
      load={load}
      figure={{
        src: '/figures/layers-kernels.svg',
        alt: 'Precomputed normalized NNGP and NTK of a network of three plain ReLU blocks on the unit circle, falling from 1 at θ = 0 to about 0.5 (NNGP) and 0.17 (NTK) at θ = π, with Monte-Carlo estimates from 100 finite networks of width 256 on the NNGP line within their error bars.',
        caption:
          'Precomputed in Node (analytic kernels in float64, finite networks in float32 on wasm) with the demo’s defaults: ReLU, 3 plain blocks, σ_w = 1.5, σ_b = 0.1, 100 networks of width 256.',
        width: 720,
        height: 360,
      }}
    />
  );
}
