/**
 * The random stream of {@link randomFeatures}: column j of W (and the phase b_j) of the map
 * drawn from `featureSeed` comes from `createRng(featureSeed, FEATURE_STREAM + j)` of
 * @overparam/tensor. The range [FEATURE_STREAM, 2^32) lies above every other stream id of
 * Overparam (the generators of @overparam/datasets use `DATASET_STREAMS`, below it; other code
 * passes small stream numbers), so a `featureSeed` equal to a `teacherSeed` or `dataSeed` gives
 * features independent of the teacher's directions and the inputs, while the same
 * `featureSeed` always gives the same features.
 *
 * @example
 * const z = randomFeatures({ kind: 'fourier-gaussian', d: 2, N: 5, lengthScale: 1, featureSeed: 0 });
 * z.W.data[3] === createRng(0, FEATURE_STREAM + 3).normal() // true: W₀₃, the first normal of stream FEATURE_STREAM + 3
 */
export const FEATURE_STREAM = 0x72660000;

/** The most features one seeded sequence holds (offset + N ≤ MAX_FEATURES): 2^32 − FEATURE_STREAM ≈ 2.4·10⁹. */
export const MAX_FEATURES = 2 ** 32 - FEATURE_STREAM;
