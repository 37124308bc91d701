// "What to look at" under the figure: shared by the live demo and the page's static figure
// (index.tsx), which must not import the experiment (it would pull TensorFlow.js into the page).

/** Two sentences under the figure. */
export const WHAT_TO_LOOK_AT =
  'Throughput rises with n while each multiply’s fixed cost (dispatch, read-back) still dominates, then levels off at what the backend can sustain. ' +
  'Set “Backends timed” to every backend to compare them: wasm beats the plain-JavaScript cpu backend by one to two decades, and a real GPU beats both at large n.';
