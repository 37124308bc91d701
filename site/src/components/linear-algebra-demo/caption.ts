// "What to look at" under the figure: shared by the live demo and the page's static figure
// (index.tsx), which must not import the experiment (it would pull TensorFlow.js into the page).

/** Two sentences under the figure. */
export const WHAT_TO_LOOK_AT =
  'The condition number κ(G) of the Gram matrix jumps by three to four decades at N = n, where the smallest singular value of Φ collapses. ' +
  'The float32 error climbs with it along its dashed rule u₃₂·κ to order 1, no correct digit left, while float64 loses digits too but keeps about ten.';

/** The static figure's description, for screen readers. */
export const FIGURE_ALT =
  'Precomputed sweep with n = 100 ReLU features: the condition number of the Gram matrix peaks at N = n, and the float32 error rises to order 1 there while the float64 error stays near 1e-10.';
