// Every demo of the site built on the demo kit, by id (the id is the demo's data-testid prefix,
// its export file names and its e2e driver id). Pure: scripts in Node use it too
// (scripts/time-demos.mts times their default runs).
import { backendsExperiment } from './backends-demo/experiment';
import type { Experiment } from './demo-kit/experiment';
import { doubleDescentExperiment } from './double-descent-demo/experiment';
import { interpolantExperiment } from './double-descent-demo/interpolant-experiment';
import { edgeOfStabilityExperiment } from './edge-of-stability-demo/experiment';
import { kernelRegressionExperiment } from './kernels-demos/kernel-regression-experiment';
import { ntkWidthExperiment } from './kernels-demos/ntk-width-experiment';
import { layersExperiment } from './layers-demo/experiment';
import { lazyRichExperiment } from './lazy-rich-demo/experiment';
import { linearAlgebraExperiment } from './linear-algebra-demo/experiment';
import { linearNetworksExperiment } from './linear-networks-demo/experiment';
import { ensembleExperiment } from './wide-predictions-demo/ensemble-experiment';
import { hyperExperiment } from './wide-predictions-demo/hyperparameters-experiment';

// biome-ignore lint/suspicious/noExplicitAny: a list of experiments of different input and row types.
type AnyExperiment = Experiment<any, any>;

/** The kit's experiments, in the order of the sidebar. */
export const EXPERIMENTS: readonly AnyExperiment[] = [
  doubleDescentExperiment,
  interpolantExperiment,
  ntkWidthExperiment,
  kernelRegressionExperiment,
  layersExperiment,
  ensembleExperiment,
  hyperExperiment,
  lazyRichExperiment,
  edgeOfStabilityExperiment,
  linearNetworksExperiment,
  backendsExperiment,
  linearAlgebraExperiment,
];
