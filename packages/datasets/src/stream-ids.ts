/**
 * The random stream of every generator of @overparam/datasets: each draws from
 * `createRng(seed, DATASET_STREAMS.<generator>)` of @overparam/tensor, so the same seed value
 * in two roles (a `teacherSeed` and a `dataSeed`, or a `dataSeed` and random features'
 * `featureSeed`) gives independent numbers, while the same generator with the same seed gives
 * the same numbers everywhere.
 *
 * The ids are distinct 32-bit constants away from the small stream numbers (0, 1, 2, …) that
 * other code passes to createRng, and from the column streams of @overparam/random-features
 * (`FEATURE_STREAM + j`, all ≥ 0x72660000). `permutation` keeps the stream it always had
 * (0x5eed), so MNIST splits did not change when the table was introduced.
 *
 * | id                     | seed          | draws                                              |
 * | ---------------------- | ------------- | -------------------------------------------------- |
 * | `inputs`               | `dataSeed`    | x of gaussianInputs, sphereInputs (and both teachers' samples) |
 * | `linearTeacherBeta`    | `teacherSeed` | β of linearTeacher                                 |
 * | `linearTeacherNoise`   | `dataSeed`    | ε of linearTeacher's samples                       |
 * | `nonlinearTeacherBeta` | `teacherSeed` | β (linear direction) of nonlinearTeacher           |
 * | `nonlinearTeacherTheta`| `teacherSeed` | θ (nonlinear direction) of nonlinearTeacher        |
 * | `nonlinearTeacherNoise`| `dataSeed`    | ε of nonlinearTeacher's samples                    |
 * | `toy1d`                | `dataSeed`    | x and ε of toy1d                                   |
 * | `toy2d`                | `dataSeed`    | points of toy2d                                    |
 * | `permutation`          | `seed`        | permutation (and so mnistSplit's `dataSeed`)       |
 *
 * @example
 * createRng(0, DATASET_STREAMS.linearTeacherBeta).normal() // the first normal behind linearTeacher({ teacherSeed: 0 }).beta
 */
export const DATASET_STREAMS = {
  inputs: 0x64610001,
  linearTeacherBeta: 0x64610002,
  linearTeacherNoise: 0x64610003,
  nonlinearTeacherBeta: 0x64610004,
  nonlinearTeacherTheta: 0x64610005,
  nonlinearTeacherNoise: 0x64610006,
  toy1d: 0x64610007,
  toy2d: 0x64610008,
  permutation: 0x5eed,
} as const;
